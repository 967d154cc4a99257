import { defineRule } from '../src/engine/rule.js';
import { apiById, BODY_METHODS, byPlace, keyOf, listText, preflightRoutes, routeName, subjects } from '../src/model/query.js';
import type { CorsModel, CorsPolicy } from '../src/model/types.js';
import { ruleDocs } from '../src/prose.js';
import { credentialHeaders } from '../src/simulate/auth.js';
import type { Located } from '../src/types.js';


/** Where the missing header belongs: the `Cors` key, or the response parameters of the OPTIONS method. */
function anchor(policy: CorsPolicy): Located {
  if (policy.source === 'rest-options') {
    const mapped = [...policy.origins, ...policy.methods, ...policy.maxAge, ...policy.credentials, ...policy.exposeHeaders][0];
    if (mapped && mapped.loc.path.length > 0) {
      return { loc: { file: mapped.loc.file, path: mapped.loc.path.slice(0, -1), key: true }, via: mapped.via, when: mapped.when };
    }
  }
  return keyOf(policy);
}

export default defineRule<CorsModel>({
  id: 'missing-allow-headers',
  severity: 'warning',
  summary: 'A preflight sends no `Access-Control-Allow-Headers` (a REST API, or an HTTP API without `AllowHeaders`) while its routes need non-safelisted request headers (authorization, API keys, JSON bodies).',
  tags: ['cors', 'correctness'],
  securitySeverity: 0,
  docs: ruleDocs('missing-allow-headers'),
  check(model, context) {
    const found = model.policies.flatMap((policy) => {
      if (policy.headers.length > 0) return [];
      if (policy.surface === 'http') {
        // An HTTP API without AllowHeaders: JSON bodies fail their preflight (the headers its authorization needs
        // are auth-header-not-allowed's finding, at the same key).
        const scope = preflightRoutes(model, policy);
        if (!scope || scope.routes.some((r) => credentialHeaders(scope.api, r).length > 0)) return [];
        const bodies = scope.routes.filter((r) => BODY_METHODS.has(r.method));
        return bodies.length > 0 ? [{ policy, auth: [], bodies }] : [];
      }
      if (policy.surface !== 'rest') return [];
      if (policy.source === 'sam-cors' && policy.form === 'boolean') return [];
      // An OPTIONS method that maps no CORS header at all is not a CORS preflight this rule can judge.
      if (policy.source === 'rest-options' && policy.origins.length === 0 && policy.methods.length === 0) return [];
      const scope = preflightRoutes(model, policy);
      const api = apiById(model, policy.apiId);
      if (!scope || !api || scope.routes.length === 0) return [];
      const auth = scope.routes.flatMap((r) => credentialHeaders(api, r));
      const bodies = scope.routes.filter((r) => BODY_METHODS.has(r.method));
      return auth.length > 0 || bodies.length > 0 ? [{ policy, auth, bodies }] : [];
    });
    // A Cors that several APIs take from Globals is reported once, with what all of them need.
    for (const group of byPlace(found, (f) => anchor(f.policy), (f) => f.policy.label)) {
      const { policy } = group.item;
      const auth = group.items.flatMap((f) => f.auth);
      const bodies = group.items.flatMap((f) => f.bodies);
      const reasons: string[] = [];
      const byWhy = new Map<string, { names: string[]; routes: string[] }>();
      for (const need of auth) {
        const entry = byWhy.get(need.why) ?? { names: [], routes: [] };
        if (!entry.names.includes(need.name)) entry.names.push(need.name);
        entry.routes.push(routeName(need.route));
        byWhy.set(need.why, entry);
      }
      for (const [why, { names, routes }] of byWhy) {
        reasons.push(`${why} needs ${listText(names.map((n) => `'${n}'`))} (${listText(routes)})`);
      }
      const bodyRoutes = [...new Set(bodies.map(routeName))];
      if (bodyRoutes.length > 0) reasons.push(`${listText(bodyRoutes)} likely ${bodyRoutes.length === 1 ? 'takes' : 'take'} a JSON body ('Content-Type')`);
      const suggested = [...new Set([...(bodies.length > 0 ? ['Content-Type'] : []), ...auth.map((n) => n.name)])].join(',');
      const who = subjects(group.subjects);
      const what =
        policy.source === 'sam-cors'
          ? `${who} sets no AllowHeaders in Cors, so SAM sends no Access-Control-Allow-Headers`
          : policy.surface === 'http'
            ? `${who} allows no request headers (${policy.form === 'boolean' ? 'CorsConfiguration: true gives only the origin' : 'its CORS configuration has no AllowHeaders'})`
            : `${who} maps no Access-Control-Allow-Headers`;
      const fix =
        policy.source === 'sam-cors'
          ? `add AllowHeaders: "'${suggested}'"`
          : policy.surface === 'http'
            ? `add AllowHeaders: [${suggested.split(',').join(', ')}]`
            : `map method.response.header.Access-Control-Allow-Headers: "'${suggested}'"`;
      context.report({
        at: anchor(policy),
        severity: auth.length > 0 ? 'error' : 'warning',
        message: `${what} and every preflight that announces a request header fails, yet ${listText(reasons)}; ${fix}.`,
      });
    }
  },
});
