import { defineRule } from '../src/engine/rule.js';
import { preflightOutcome } from '../src/simulate/outcome.js';
import { isDefaultRoute } from '../src/simulate/routes.js';
import { authReason, authTarget, listText, routeName } from '../src/model/query.js';
import type { RuleFacts } from '../src/model/facts.js';
import type { HandlerAnswers } from '../src/model/handlers.js';
import type { Api, CorsModel, Route } from '../src/model/types.js';
import { ruleDocs } from '../src/prose.js';
import type { Located } from '../src/types.js';

/** The page's origin does not change where a preflight goes or whether authorization rejects it. */
const SOME_ORIGIN = 'https://app.example.com';

/**
 * Whether API Gateway sends the preflight of a catch-all route's own request to that route, and its authorization
 * rejects it: asked of the request evaluator, which routes as API Gateway does (an exact route, then a greedy
 * `{proxy+}`, then `$default`; `ANY` takes the methods its path does not define, `OPTIONS` included).
 */
function swallows(api: Api, route: Route, handlers: HandlerAnswers): boolean {
  const { answer } = preflightOutcome(api, route, SOME_ORIGIN, { handlers });
  return answer?.route === route && answer.kind === 'rejected';
}

export default defineRule<CorsModel, Record<string, unknown>, RuleFacts>({
  id: 'default-route-swallows-preflight',
  severity: 'error',
  summary: "An HTTP API's `$default` or `ANY` route requires authorization and catches the OPTIONS preflight, so the API's CORS configuration never answers it.",
  tags: ['cors', 'correctness', 'auth'],
  securitySeverity: 0,
  docs: ruleDocs('default-route-swallows-preflight'),
  check(model, context) {
    for (const api of model.apis) {
      if (api.kind !== 'http' || !api.cors) continue;
      const groups = new Map<string, { api: Api; at: Located; routes: Route[] }>();
      for (const route of api.routes) {
        if (!isDefaultRoute(route.path) && route.method !== 'ANY') continue;
        if (!swallows(api, route, context.handlers)) continue;
        const at = authTarget(api, route, 'auth');
        const key = [at.loc.file, ...at.loc.path.map(String)].join('\u0000');
        const group = groups.get(key);
        if (group) group.routes.push(route);
        else groups.set(key, { api, at, routes: [route] });
      }
      for (const { at, routes } of groups.values()) {
        const names = routes.map((r) => (isDefaultRoute(r.path) ? '$default' : routeName(r)));
        const route = routes[0]!;
        const verb = routes.length === 1 ? 'requires' : 'require';
        context.report({
          at,
          message:
            `${api.label} ${routes.length === 1 ? 'route' : 'routes'} ${listText(names)} ${verb} ${authReason(route)} and also ` +
            `${routes.length === 1 ? 'catches' : 'catch'} OPTIONS, so the API's CORS configuration never answers the preflight and browsers get 401/403 ` +
            `before every cross-origin call; add an OPTIONS /{proxy+} route without authorization.`,
          related: [
            ...routes.filter((r) => r.loc !== at.loc).map((r) => ({ at: r.loc, message: `route ${isDefaultRoute(r.path) ? '$default' : routeName(r)}` })),
            { at: { ...api.cors!.loc, key: true }, message: 'CORS configured here' },
          ],
        });
      }
    }
  },
});
