/**
 * What the service refuses before anything is deployed: SAM when it transforms the template, API Gateway when it
 * imports the configuration. A template it refuses answers no request, so `explain` says the deployment fails
 * instead of simulating, and the rules that report these refusals read the same facts here.
 */
import type { Api, CorsPolicy, Scalar, SettingVal } from '../model/types.js';
import type { Loc } from '../types.js';

export interface Refusal {
  /** Who refuses: SAM (the transform) or API Gateway (the deployment). */
  by: 'sam' | 'api-gateway';
  /** One clause: what is refused and why. */
  reason: string;
  at: Loc;
}

/** Whether a `*` origin value with credentials enabled is refused, and by whom (cors-reference §2.5, §3.1, §3.4). */
export function credentialedWildcardRefusal(policy: CorsPolicy, origin: SettingVal<Scalar>): Refusal['by'] | undefined {
  switch (policy.source) {
    case 'sam-cors':
      // SAM's own check compares the text with "'*'" (or finds AllowOrigin missing); an unquoted '*' gets through.
      return origin.defaulted === true || origin.raw === "'*'" ? 'sam' : undefined;
    case 'sam-http-cors':
    case 'cfn-http-cors':
    case 'openapi-http-cors':
      return 'api-gateway';
    default:
      return undefined;
  }
}

/** Whether a REST mapping value is a literal written without its inner quotes, which API Gateway refuses. */
export function unquotedMapping(val: SettingVal<Scalar>): boolean {
  return val.known && !val.defaulted && val.mapping?.kind === 'unquoted';
}

const enabled = (policy: CorsPolicy, v: SettingVal<Scalar>): boolean =>
  v.known && (policy.source === 'sam-cors' ? v.value === true : v.value === true || v.value === 'true') && (v.when ?? []).length === 0;

/**
 * The first reason the service refuses an API's CORS configuration, where the template settles it (values under
 * a condition are left to the rules, which name the condition): credentials with the origin `*`, SAM `Cors` next
 * to `DefinitionUri`, a REST mapping value without its inner quotes.
 */
export function deploymentRefusal(api: Api): Refusal | undefined {
  const inert = api.inertCors;
  if (inert?.inert === 'definition-uri') {
    return { by: 'sam', reason: `SAM takes ${api.kind === 'rest' ? 'Cors' : 'CorsConfiguration'} only with an inline DefinitionBody, and ${api.id} names its definition with DefinitionUri`, at: { ...inert.loc, key: true } };
  }
  const policies = [api.cors, inert?.inert === 'no-path' || inert?.inert === 'unknown' ? inert : undefined, ...api.routes.map((r) => r.preflight)].filter(
    (p): p is CorsPolicy => p !== undefined,
  );
  for (const policy of policies) {
    if (!policy.credentials.some((v) => enabled(policy, v))) continue;
    for (const origin of policy.origins) {
      if (!origin.known || String(origin.value).trim() !== '*' || (origin.when ?? []).length > 0) continue;
      const by = credentialedWildcardRefusal(policy, origin);
      if (by === 'sam') return { by, reason: `SAM refuses Cors with AllowCredentials: true and the origin '*'`, at: origin.loc };
      if (by === 'api-gateway') return { by, reason: `API Gateway refuses a CORS configuration that allows credentials with the origin '*'`, at: origin.loc };
    }
  }
  if (api.kind !== 'rest') return undefined;
  const values = [
    ...policies.filter((p) => !p.inert).flatMap((p) => [...p.origins, ...p.methods, ...p.headers, ...p.maxAge]),
    ...api.routes.flatMap((r) => r.integration.responses.flatMap((x) => Object.values(x.headers).flat())),
    ...api.gatewayResponses.flatMap((g) => Object.values(g.headers).flat()),
  ];
  const bad = values.find((v) => unquotedMapping(v) && (v.when ?? []).length === 0);
  if (bad) {
    const raw = String(bad.raw ?? (bad.known ? bad.value : ''));
    return { by: 'api-gateway', reason: `API Gateway refuses the mapping value '${raw}', a literal without its inner single quotes ("Invalid mapping expression specified")`, at: bad.loc };
  }
  return undefined;
}
