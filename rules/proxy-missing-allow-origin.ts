import { defineRule } from '../src/engine/rule.js';
import { describeRoutes, proxyRoutes, type ProxyRoute } from '../src/model/proxy-routes.js';
import type { RuleFacts } from '../src/model/facts.js';
import { reachesRoute } from '../src/model/request-guard.js';
import { placeKey, relatedRoutes } from '../src/model/query.js';
import type { HandlerResponse } from '../src/model/handlers.js';
import type { CorsModel } from '../src/model/types.js';
import { ruleDocs } from '../src/prose.js';
import type { Via } from '../src/types.js';

export default defineRule<CorsModel, Record<string, unknown>, RuleFacts>({
  id: 'proxy-missing-allow-origin',
  severity: 'error',
  summary: 'A Lambda proxy handler behind a CORS-enabled REST API returns a response without `Access-Control-Allow-Origin`.',
  tags: ['cors', 'correctness', 'lambda'],
  securitySeverity: 0,
  docs: ruleDocs('proxy-missing-allow-origin'),
  check(model, context) {
    // One finding per response object that lacks the header (a helper's literal reached from several returns
    // counts once), naming every route it answers and every way it is reached.
    interface Group {
      response: HandlerResponse;
      handler: string;
      fns: string[];
      routes: ProxyRoute[];
      statuses: Set<string>;
      via: Via[];
    }
    const groups = new Map<string, Group>();
    for (const pr of proxyRoutes(model)) {
      const analysis = pr.fn && context.handlers.forFunction(pr.fn.id);
      if (!pr.fn || analysis?.status !== 'analysed') continue;
      for (const response of analysis.responses) {
        if (response.allowOrigin !== 'missing') continue;
        // a return path this route's requests never take (the fallback of a dispatch on the method) is not its answer
        if (!reachesRoute(response.guard, pr.route)) continue;
        const key = placeKey(response);
        let group = groups.get(key);
        if (!group) {
          group = { response, handler: analysis.handler ?? pr.fn.id, fns: [], routes: [], statuses: new Set(), via: [] };
          groups.set(key, group);
        }
        if (!group.fns.includes(pr.fn.id)) group.fns.push(pr.fn.id);
        if (!group.routes.includes(pr)) group.routes.push(pr);
        group.statuses.add(response.statusCode ?? '?');
        for (const v of response.via) if (!group.via.some((w) => placeKey(w) === placeKey(v))) group.via.push(v);
      }
    }
    for (const { response, handler, fns, routes, statuses, via } of groups.values()) {
      const codes = [...statuses];
      const what =
        codes.length === 1 && codes[0] !== '?'
          ? `a ${codes[0]} response`
          : codes.every((c) => c !== '?')
            ? `${codes.slice(0, -1).join(', ')} and ${codes.at(-1)} responses`
            : 'a response';
      const api = routes[0]!.api.label;
      const functions = fns.length === 1 ? `function '${fns[0]}'` : `functions ${fns.map((f) => `'${f}'`).join(', ')}`;
      const consequence = routes.every((pr) => pr.route.method === 'OPTIONS')
        ? 'so the browser fails the preflight'
        : 'so the browser blocks the answer whatever the preflight allows';
      context.report({
        at: { loc: response.loc, via },
        message: `${describeRoutes(routes)} of ${api}: handler '${handler}' (${functions}) returns ${what} without Access-Control-Allow-Origin${response.note ? ` (${response.note})` : ''}, ${consequence}.`,
        related: relatedRoutes(routes.map((pr) => pr.route)),
      });
    }
  },
});
