import { defineRule } from '../src/engine/rule.js';
import { describeRoutes, proxyRoutes, type ProxyRoute } from '../src/model/proxy-routes.js';
import type { RuleFacts } from '../src/model/facts.js';
import { reachesRoute } from '../src/model/request-guard.js';
import { knownText, relatedRoutes } from '../src/model/query.js';
import type { HandlerOrigin } from '../src/model/handlers.js';
import type { CorsModel, CorsPolicy } from '../src/model/types.js';
import { ruleDocs } from '../src/prose.js';

/** The origins a preflight allows, when every one of them is known. */
function preflightOrigins(policy: CorsPolicy | undefined): Array<{ text: string; loc: CorsPolicy['loc'] }> | undefined {
  if (!policy || policy.origins.length === 0) return undefined;
  if (policy.origins.some((v) => !v.known)) return undefined;
  return knownText(policy.origins).map(({ text, val }) => ({ text: text.trim(), loc: val.loc }));
}

const quoteList = (items: string[]): string => items.map((s) => `'${s}'`).join(', ');

export default defineRule<CorsModel, Record<string, unknown>, RuleFacts>({
  id: 'proxy-origin-mismatch',
  severity: 'warning',
  summary: "A Lambda proxy handler returns an `Access-Control-Allow-Origin` that the API's preflight does not allow, or reflects any origin.",
  tags: ['cors', 'security', 'lambda'],
  securitySeverity: 4.3,
  docs: ruleDocs('proxy-origin-mismatch'),
  check(model, context) {
    type Group = {
      origin: HandlerOrigin;
      handler: string;
      fn: string;
      routes: ProxyRoute[];
      allowed?: Array<{ text: string; loc: CorsPolicy['loc'] }>;
      credentials?: boolean;
    };
    const groups = new Map<string, Group>();
    const add = (key: string, make: () => Group, pr: ProxyRoute) => {
      const group = groups.get(key) ?? make();
      group.routes.push(pr);
      groups.set(key, group);
    };
    for (const pr of proxyRoutes(model)) {
      const analysis = pr.fn && context.handlers.forFunction(pr.fn.id);
      if (!pr.fn || analysis?.status !== 'analysed') continue;
      const handler = analysis.handler ?? pr.fn.id;
      const allowed = preflightOrigins(pr.preflight);
      for (const response of analysis.responses) {
        if (response.allowOrigin !== 'present' || !response.origins) continue;
        // a return path this route's requests never take (the fallback of a dispatch on the method) is not its answer
        if (!reachesRoute(response.guard, pr.route)) continue;
        const r0 = (o: HandlerOrigin) => `${o.loc.file}:${o.loc.range?.line}:${o.loc.range?.column}`;
        const reflected = response.origins.find((o) => o.kind === 'reflected');
        if (reflected) {
          add(`reflected ${r0(reflected)} ${pr.preflight ? JSON.stringify(pr.preflight.loc) : ''}`, () => ({ origin: reflected, handler, fn: pr.fn!.id, routes: [], allowed, credentials: response.credentials }), pr);
          continue;
        }
        if (response.origins.length !== 1) continue;
        const origin = response.origins[0]!;
        if (origin.kind !== 'literal' || !allowed || allowed.some((a) => a.text === '*')) continue;
        if (allowed.some((a) => a.text === origin.value.trim())) continue;
        add(`literal ${r0(origin)} ${JSON.stringify(pr.preflight!.loc)}`, () => ({ origin, handler, fn: pr.fn!.id, routes: [], allowed }), pr);
      }
    }
    for (const { origin, handler, fn, routes, allowed, credentials } of groups.values()) {
      const subject = `${describeRoutes(routes)} of ${routes[0]!.api.label}: handler '${handler}' (function '${fn}')`;
      const specific = allowed && !allowed.some((a) => a.text === '*') ? allowed.map((a) => a.text) : undefined;
      const related = [
        ...(specific ? allowed!.map((a) => ({ at: a.loc, message: `the preflight allows '${a.text}'` })) : []),
        ...relatedRoutes(routes.map((pr) => pr.route)),
      ];
      let message: string;
      if (origin.kind === 'reflected') {
        const reach = credentials ? "any website can read the responses with the user's credentials" : 'any website can read the responses';
        message = `${subject} sends the request's Origin back as Access-Control-Allow-Origin ('${origin.how}') without checking it against an allow-list, so ${reach}${
          specific ? `, although the preflight allows only ${quoteList(specific)}` : ''
        }.`;
      } else if (origin.kind === 'literal') {
        const consequence =
          origin.value.trim() === '*'
            ? 'the preflight and the actual response disagree, and simple requests from any website can read the responses'
            : 'the preflight and the actual response disagree, so the browser blocks the response for the page the preflight lets through';
        message = `${subject} returns Access-Control-Allow-Origin '${origin.value}' while the preflight allows only ${quoteList(specific ?? [])}: ${consequence}.`;
      } else continue;
      context.report({ at: { loc: origin.loc, via: origin.via }, message, related });
    }
  },
});
