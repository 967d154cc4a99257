/**
 * The simulator under one combination of template conditions. A setting written under `Fn::If` is a value per
 * branch, each tagged with the conditions it holds under; left alone, the simulator keeps every branch open and a
 * setting whose branches differ is unknown. Asked under a combination (the branch a rule judges, e.g. `IsProd`
 * false), it sees the API as it is deployed then: values, routes and responses that hold only under a
 * contradicting condition are gone, and the conditions the combination settles no longer make a value
 * conditional. Conditions it does not name stay open.
 */
import type { Api, CorsPolicy, GatewayResponse, ResponseHeaders, Route, Scalar, SettingVal } from '../model/types.js';
import { condKey, type Cond } from '../types.js';

/** The API as deployed under a combination of conditions, with the way from its original parts to their projections. */
export interface Assumed {
  api: Api;
  /** The projection of a policy of the original API; `undefined` when it does not exist under the conditions. */
  policy(policy: CorsPolicy): CorsPolicy | undefined;
  /** The projection of a route of the original API; `undefined` when it does not exist under the conditions. */
  route(route: Route): Route | undefined;
}

const cache = new WeakMap<Api, Map<string, Assumed>>();

/** The API under a combination of conditions (empty: the API itself). Built once per API and combination. */
export function assume(api: Api, conditions: readonly Cond[] = []): Assumed {
  if (conditions.length === 0) return { api, policy: (p) => p, route: (r) => r };
  const key = conditions.map((c) => `${condKey(c)}=${c.value}`).sort().join('&');
  let byKey = cache.get(api);
  if (!byKey) cache.set(api, (byKey = new Map()));
  let assumed = byKey.get(key);
  if (!assumed) byKey.set(key, (assumed = project(api, conditions)));
  return assumed;
}

/** Whether a value written under `when` cannot hold under the conditions. */
export function excluded(when: readonly Cond[] | undefined, conditions: readonly Cond[]): boolean {
  return (when ?? []).some((c) => conditions.some((d) => condKey(d) === condKey(c) && d.value !== c.value));
}

/** The conditions of `when` that the combination leaves open. */
function open(when: readonly Cond[] | undefined, conditions: readonly Cond[]): Cond[] {
  return (when ?? []).filter((c) => !conditions.some((d) => condKey(d) === condKey(c)));
}

function values(vals: readonly SettingVal<Scalar>[], conditions: readonly Cond[]): SettingVal<Scalar>[] {
  return vals.filter((v) => !excluded(v.when, conditions)).map((v) => ({ ...v, when: open(v.when, conditions) }));
}

function responses<T extends ResponseHeaders>(list: readonly T[], conditions: readonly Cond[]): T[] {
  return list
    .filter((r) => !excluded(r.when, conditions))
    .map((r) => ({
      ...r,
      when: open(r.when, conditions),
      headers: Object.fromEntries(Object.entries(r.headers).map(([name, vals]) => [name, values(vals, conditions)])),
    }));
}

function project(api: Api, conditions: readonly Cond[]): Assumed {
  const policies = new Map<CorsPolicy, CorsPolicy | undefined>();
  const policy = (p: CorsPolicy): CorsPolicy | undefined => {
    if (!policies.has(p)) {
      policies.set(
        p,
        excluded(p.when, conditions)
          ? undefined
          : {
              ...p,
              when: open(p.when, conditions),
              origins: values(p.origins, conditions),
              methods: values(p.methods, conditions),
              headers: values(p.headers, conditions),
              exposeHeaders: values(p.exposeHeaders, conditions),
              credentials: values(p.credentials, conditions),
              maxAge: values(p.maxAge, conditions),
            },
      );
    }
    return policies.get(p);
  };
  const routes = new Map<Route, Route>();
  for (const r of api.routes) {
    if (excluded(r.when, conditions)) continue;
    const preflight = r.preflight && policy(r.preflight);
    routes.set(r, {
      ...r,
      when: open(r.when, conditions),
      integration: { ...r.integration, responses: responses(r.integration.responses, conditions) },
      preflight,
    });
  }
  const projected: Api = {
    ...api,
    cors: api.cors && policy(api.cors),
    routes: [...routes.values()],
    gatewayResponses: responses<GatewayResponse>(api.gatewayResponses, conditions),
  };
  return { api: projected, policy, route: (r) => routes.get(r) };
}
