/** Questions rules ask of the model, answered once here so every rule answers them the same way. */
import type { Cond, Loc, Located } from '../types.js';
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

/** How messages name a route: `PUT /orders/{id}`, `ANY $default`. */
export function routeName(route: Route): string {
  return `${route.method} ${route.path}`;
}

/** Paths that name the same resource (SAM and API Gateway treat `/a` and `/a/` as one). */
export function samePath(a: string, b: string): boolean {
  const trim = (p: string): string => (p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p);
  return trim(a) === trim(b);
}

/**
 * The routes (other than OPTIONS) whose preflights a policy answers, and their API: for SAM REST `Cors`, the
 * routes on the paths SAM generates an OPTIONS for; for a REST OPTIONS method, the routes on its path; for an
 * HTTP API's CORS configuration, every route. `undefined` for surfaces without routes (function URLs, S3,
 * CloudFront).
 */
export function preflightRoutes(model: CorsModel, policy: CorsPolicy): { api: Api; routes: Route[] } | undefined {
  const api = apiById(model, policy.apiId);
  if (!api) return undefined;
  const actual = api.routes.filter((r) => r.method !== 'OPTIONS');
  if (policy.source === 'sam-cors') {
    const paths = api.routes.filter((r) => r.method === 'OPTIONS' && r.preflight === policy).map((r) => r.path);
    return { api, routes: actual.filter((r) => paths.some((p) => samePath(p, r.path))) };
  }
  if (policy.source === 'rest-options') {
    const path = policy.path;
    return path === undefined ? undefined : { api, routes: actual.filter((r) => samePath(path, r.path)) };
  }
  if (policy.surface === 'http') return { api, routes: actual };
  return undefined;
}

/** A request header the browser must send for a route's authorization, and why. */
export interface NeededHeader {
  name: string;
  /** `authorizer 'Cognito'`, `IAM authorization (SigV4)`, `the API key`. */
  why: string;
  route: Route;
}

const SIGV4 = ['Authorization', 'X-Amz-Date', 'X-Amz-Security-Token'];

/**
 * The request headers a route's authorization makes the browser send: the identity headers of its authorizer,
 * SigV4's headers for IAM, `X-Api-Key` for an API key. Unknown authorization needs nothing (it is skipped).
 */
export function authHeaders(api: Api, route: Route): NeededHeader[] {
  const out: NeededHeader[] = [];
  if (route.auth.kind === 'authorizer' && route.auth.authorizer) {
    const authorizer = api.authorizers.find((a) => a.name === route.auth.authorizer);
    if (authorizer?.type === 'IAM') for (const name of SIGV4) out.push({ name, why: 'IAM authorization (SigV4)', route });
    else for (const name of authorizer?.identityHeaders ?? []) out.push({ name, why: `authorizer '${authorizer!.name}'`, route });
  }
  if (route.auth.kind === 'iam') for (const name of SIGV4) out.push({ name, why: 'IAM authorization (SigV4)', route });
  if (route.auth.apiKeyRequired && api.kind === 'rest') out.push({ name: 'X-Api-Key', why: 'the API key', route });
  return out;
}

/**
 * The alternatives a setting's values make when some of them hold only under a condition (an `Fn::If`): one
 * branch per combination of conditions written, each with the unconditional values. One branch without
 * conditions when nothing is conditional.
 */
export function branches(values: readonly SettingVal<Scalar>[]): Array<{ when: Cond[]; values: SettingVal<Scalar>[] }> {
  const signatures = new Map<string, Cond[]>();
  for (const v of values) {
    const when = v.when ?? [];
    if (when.length > 0) signatures.set(when.map((c) => `${c.name}=${c.value}`).sort().join('&'), [...when]);
  }
  if (signatures.size === 0) return [{ when: [], values: [...values] }];
  const compatible = (a: readonly Cond[], b: readonly Cond[]): boolean => a.every((c) => !b.some((d) => d.name === c.name && d.value !== c.value));
  return [...signatures.values()].map((when) => ({ when, values: values.filter((v) => compatible(v.when ?? [], when)) }));
}

/**
 * Where to report something about a whole setting of a policy: for a list written item by item (HTTP APIs,
 * function URLs, S3, CloudFront), the key of the list its last value sits in; for a REST header string, that
 * value itself.
 */
export function listAnchor(policy: CorsPolicy, values: readonly SettingVal<Scalar>[], when: readonly Cond[] = []): Located | undefined {
  const last = values[values.length - 1];
  if (!last) return undefined;
  const path = last.loc.path;
  const isItem = policy.surface !== 'rest' && typeof path[path.length - 1] === 'number' && path[path.length - 2] !== 'Fn::If';
  const loc = isItem ? { file: last.loc.file, path: path.slice(0, -1), key: true } : last.loc;
  return { loc, via: last.via, when: when.length > 0 ? when : last.when };
}

/**
 * What decided a route's authorization (`which: 'auth'`) or its API key (`'apiKey'`): SAM's
 * `Auth.DefaultAuthorizer` / `Auth.ApiKeyRequired` (`sam-default`), a SAM event's own `Auth` (`sam-event`), a
 * CloudFormation method or route (`cfn`), an OpenAPI operation's `security` (`openapi`) or the document's root
 * `security` it inherits (`openapi-root`). Read from where the decision is written.
 */
export type AuthSource = 'sam-default' | 'sam-event' | 'cfn' | 'openapi' | 'openapi-root' | 'other';

export function authSource(api: Api, route: Route, which: 'auth' | 'apiKey'): AuthSource {
  const loc = which === 'auth' ? route.auth.loc : (route.auth.apiKeyLoc ?? route.auth.loc);
  const defaults = which === 'auth' ? api.sam?.defaultAuthorizer : api.sam?.apiKeyRequired;
  if (defaults?.some((v) => sameLoc(v.loc, loc))) return 'sam-default';
  if (route.origin === 'cfn-method' || route.origin === 'cfn-route') return 'cfn';
  const path = loc.path.map(String);
  if (path.includes('security')) return path.includes('paths') ? 'openapi' : 'openapi-root';
  if (route.event) return 'sam-event';
  return 'other';
}

/**
 * The place that decided a route's authorization (`which: 'auth'`) or its API key (`'apiKey'`), with the
 * `Globals` or condition it came through when it is a SAM `Auth` setting.
 */
export function authTarget(api: Api, route: Route, which: 'auth' | 'apiKey'): Located {
  const loc = which === 'auth' ? route.auth.loc : (route.auth.apiKeyLoc ?? route.auth.loc);
  const values = which === 'auth' ? api.sam?.defaultAuthorizer : api.sam?.apiKeyRequired;
  const val = values?.find((v) => sameLoc(v.loc, loc));
  return val ?? { loc, when: route.when };
}

function sameLoc(a: Loc, b: Loc): boolean {
  return a.file === b.file && a.path.length === b.path.length && a.path.every((k, i) => k === b.path[i]);
}

/** Items for a message: `a`, `a and b`, `a, b and c`, or the first three and how many more. */
export function listText(items: readonly string[]): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique[0] ?? '';
  if (unique.length <= 3) return `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
  return `${unique.slice(0, 3).join(', ')} and ${unique.length - 3} more`;
}

/** What a route's authorization is, for messages: `DefaultAuthorizer 'Jwt'`, `AuthorizationType 'JWT'`. */
export function authReason(route: Route): string {
  return route.auth.reason.replace(/^AuthorizationType (\S+)$/, "AuthorizationType '$1'");
}

/** Methods a browser preflights that API Gateway routes can implement (GET, HEAD and POST are CORS-safelisted). */
export const NON_SIMPLE_METHODS: ReadonlySet<string> = new Set(['PUT', 'PATCH', 'DELETE']);

/**
 * The methods a set of routes implements: `any` when one of them is an `ANY` route (it implements every
 * method), `unknown` when a method could not be read.
 */
export function implementedMethods(routes: readonly Route[]): { methods: Set<string>; any: boolean; unknown: boolean } {
  const methods = new Set<string>();
  let any = false;
  let unknown = false;
  for (const route of routes) {
    if (route.method === 'ANY') any = true;
    else if (!/^[A-Z]+$/.test(route.method)) unknown = true;
    else methods.add(route.method);
  }
  return { methods, any, unknown };
}
