import { defineRule } from '../src/engine/rule.js';
import { keyOf, phrase, routeName } from '../src/model/query.js';
import type { Api, CorsModel, Route } from '../src/model/types.js';
import { ruleDocs } from '../src/prose.js';
import { matchHttp, matchRest, preflightOutcome, samplePath } from '../src/simulate/index.js';

/** Any page will do: the implicit API has no CORS configuration, so no origin passes its preflight. */
const PAGE = 'https://app.example.com';

/** Whether an API answers a route's method and path with a route of its own (its document, a greedy path, ANY). */
function serves(api: Api, route: Route): boolean {
  const method = route.method === 'ANY' ? 'GET' : route.method;
  const path = samplePath(route.path);
  const match = api.kind === 'http' ? matchHttp(api, method, path) : matchRest(api, method, path).route;
  return match !== undefined;
}

export default defineRule<CorsModel>({
  id: 'events-on-implicit-api',
  severity: 'warning',
  summary:
    "A function event names no RestApiId/ApiId while the template's own API of that kind has CORS: SAM puts the route on the implicit API, which has none, so the browser's preflight for it fails.",
  tags: ['correctness', 'sam', 'cors'],
  securitySeverity: 0,
  docs: ruleDocs('events-on-implicit-api'),
  check(model, context) {
    for (const implicit of model.apis) {
      // With Globals.Api.Cors or Globals.HttpApi.CorsConfiguration the implicit API has CORS too.
      if (!implicit.implicit || implicit.source !== 'sam' || implicit.cors) continue;
      const explicit = model.apis.filter((a) => a.source === 'sam' && !a.implicit && a.kind === implicit.kind && a.cors);
      // An API whose document could not be read may serve the event's path itself.
      if (explicit.length === 0 || explicit.some((a) => a.bodyUnknown)) continue;
      const rest = implicit.kind === 'rest';
      const setting = rest ? 'RestApiId' : 'ApiId';
      const names = explicit.map((a) => `${a.label} has ${rest ? 'Cors' : 'CorsConfiguration'}`);
      for (const route of implicit.routes) {
        if (!route.event || route.method === 'OPTIONS') continue;
        // The route is also one of the API with CORS (its document defines it): the page can call that one.
        if (explicit.some((a) => serves(a, route))) continue;
        // Only where API Gateway itself answers the preflight with an error: no route takes OPTIONS there
        // (a Lambda behind OPTIONS, ANY or $default may answer it), and the route's own request is preflighted.
        const { outcome, answer } = preflightOutcome(implicit, route, PAGE);
        if (outcome !== 'blocked' || answer?.kind !== 'no-route') continue;
        const status = rest ? "API Gateway's 403 (the implicit API has no OPTIONS method there)" : "API Gateway's 404 (no route takes OPTIONS and no CORS configuration answers it)";
        const fix = explicit.length === 1 ? `add ${setting}: !Ref ${explicit[0]!.id}` : `name one of them in ${setting}`;
        context.report({
          at: route,
          message:
            `Event '${route.event.name}' of '${route.event.functionId}' (${routeName(route)}) names no ${setting}, so SAM puts it on the implicit API '${implicit.id}', which has no CORS, ` +
            `while ${phrase(names)}: the browser's preflight for ${routeName(route)} gets ${status} and the request fails; ${fix}.`,
          related: explicit.map((a) => ({ at: keyOf(a.cors!), message: `CORS of ${a.label}` })),
        });
      }
    }
  },
});
