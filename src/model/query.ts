/** Questions rules ask of the model, answered once here so every rule answers them the same way. */
import type { Loc } from '../types.js';
import type { Api, CorsModel, CorsPolicy, Route, Scalar, SettingVal } from './types.js';
import { enabledCredentials } from './values.js';

export function apiById(model: CorsModel, id: string | undefined): Api | undefined {
  return id === undefined ? undefined : model.apis.find((a) => a.id === id);
}

/** Why a surface counts as protected (it requires authorization or allows credentials), or `undefined`. */
export interface Protection {
  reason: string;
  loc: Loc;
}

/** The first route of an API that requires authorization or an API key. */
export function protectedRoute(api: Api): Route | undefined {
  return api.routes.find((r) => r.method !== 'OPTIONS' && (r.auth.kind === 'authorizer' || r.auth.kind === 'iam' || r.auth.apiKeyRequired));
}

export function describeAuth(route: Route): string {
  if (route.auth.kind === 'authorizer' || route.auth.kind === 'iam') return route.auth.reason;
  return 'an API key';
}

/**
 * Whether the surface a policy belongs to is protected: the API requires authorization or an API key on some
 * route, the function URL uses `AuthType: AWS_IAM`, or the policy itself allows credentials.
 */
export function protection(model: CorsModel, policy: CorsPolicy): Protection | undefined {
  const credentials = enabledCredentials(policy)[0];
  if (credentials) return { reason: 'it allows credentials', loc: credentials.loc };
  if (policy.surface === 'function-url') {
    const iam = (policy.authType ?? []).find((v) => v.known && v.value === 'AWS_IAM');
    return iam ? { reason: 'the function URL uses AuthType AWS_IAM', loc: iam.loc } : undefined;
  }
  const api = apiById(model, policy.apiId);
  if (!api) return undefined;
  return apiProtection(api);
}

export function apiProtection(api: Api): Protection | undefined {
  const route = protectedRoute(api);
  if (!route) return undefined;
  const loc = route.auth.kind === 'authorizer' || route.auth.kind === 'iam' ? route.auth.loc : (route.auth.apiKeyLoc ?? route.auth.loc);
  return { reason: `${route.method} ${route.path} requires ${describeAuth(route)}`, loc };
}

/** The known text values of a setting, e.g. the origins a policy allows. */
export function knownText(values: readonly SettingVal<Scalar>[]): Array<{ text: string; val: SettingVal<Scalar> }> {
  const out: Array<{ text: string; val: SettingVal<Scalar> }> = [];
  for (const val of values) if (val.known && val.value !== null) out.push({ text: String(val.value), val });
  return out;
}

/** Every `Access-Control-Allow-Origin` a REST API maps on actual (non-OPTIONS) responses and gateway responses. */
export function responseOrigins(api: Api): Array<{ val: SettingVal<Scalar>; where: string }> {
  const out: Array<{ val: SettingVal<Scalar>; where: string }> = [];
  for (const route of api.routes) {
    if (route.method === 'OPTIONS') continue;
    for (const response of route.integration.responses) {
      for (const val of response.headers['access-control-allow-origin'] ?? []) {
        out.push({ val, where: `the ${response.statusCode ?? 'default'} response of ${route.method} ${route.path}` });
      }
    }
  }
  for (const response of api.gatewayResponses) {
    for (const val of response.headers['access-control-allow-origin'] ?? []) out.push({ val, where: `gateway response ${response.type}` });
  }
  return out;
}
