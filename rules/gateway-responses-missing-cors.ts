import { defineRule } from '../src/engine/rule.js';
import { apiProtection, keyOf, listText, restResponses } from '../src/model/query.js';
import type { Api, CorsModel } from '../src/model/types.js';
import { ruleDocs } from '../src/prose.js';
import type { Located } from '../src/types.js';

const NEEDED = ['DEFAULT_4XX', 'DEFAULT_5XX'] as const;

/**
 * Whether a REST API shows that browsers call it cross-origin: a CORS configuration, a preflight (a MOCK that maps
 * origins, or an OPTIONS route to a Lambda that answers it), or an ACAO mapping.
 */
function hasCors(api: Api): boolean {
  if (api.cors) return true;
  if (api.routes.some((r) => (r.preflight && r.preflight.origins.length > 0) || (r.method === 'OPTIONS' && r.integration.type === 'lambda-proxy'))) return true;
  return restResponses(api, { includeProxies: true }).some((r) => (r.response.headers['access-control-allow-origin'] ?? []).length > 0);
}

const allowsOrigin = (headers: Record<string, unknown>): boolean => 'access-control-allow-origin' in headers;

export default defineRule<CorsModel>({
  id: 'gateway-responses-missing-cors',
  severity: 'warning',
  summary: 'A REST API with CORS and an authorizer, API key, IAM or request validation has no DEFAULT_4XX / DEFAULT_5XX gateway response carrying Access-Control-Allow-Origin.',
  tags: ['cors', 'correctness'],
  securitySeverity: 0,
  docs: ruleDocs('gateway-responses-missing-cors'),
  check(model, context) {
    for (const api of model.apis) {
      if (api.kind !== 'rest' || api.bodyUnknown || !hasCors(api)) continue;
      const authorized = apiProtection(api);
      const guard = authorized ?? (api.hasRequestValidation ? { reason: 'it validates requests', loc: api.loc } : undefined);
      if (!guard) continue;
      const missing = NEEDED.filter((type) => !api.gatewayResponses.some((g) => g.type === type && allowsOrigin(g.headers)));
      if (missing.length === 0) continue;

      const covered = [...new Set(api.gatewayResponses.filter((g) => !g.type.startsWith('DEFAULT_') && allowsOrigin(g.headers)).map((g) => g.type))];
      // An API without authorization still gets API Gateway's 400 from request validation, 403 and 429.
      const errors = missing.map((type) =>
        type === 'DEFAULT_4XX'
          ? `4xx errors${covered.length > 0 ? ` other than ${listText(covered)}` : authorized ? ' (401, 403, 429)' : ' (400, 403, 429)'}`
          : `5xx errors (${authorized ? 'authorizer failures, timeouts' : 'integration timeouts'})`,
      );
      const near = api.gatewayResponses.find((g) => (missing as readonly string[]).includes(g.type.toUpperCase()));
      let note = '';
      if (near && near.type !== near.type.toUpperCase()) note = ` ('${near.type}' is not a gateway response type: the types are upper case)`;
      else if (near) note = ` (its ${near.type} maps no Access-Control-Allow-Origin)`;

      // At the API that lacks them (SAM's implicit API has no resource of its own: its CORS configuration).
      let at: Located;
      if (near) at = { loc: near.typeLoc, via: near.via, when: near.when };
      else if (api.implicit && api.cors) at = keyOf(api.cors);
      else at = { loc: api.loc, when: api.when };

      context.report({
        at,
        message:
          `${api.label} has CORS and ${guard.reason}, but no ${missing.join(' or ')} gateway response with Access-Control-Allow-Origin${note}: ` +
          `API Gateway's own ${listText(errors)} reach the browser as CORS errors instead of readable statuses.`,
        related: [{ at: guard.loc, message: 'protected here' }],
      });
    }
  },
});
