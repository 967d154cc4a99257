import { defineRule } from '../src/engine/rule.js';
import type { ReportDescriptor } from '../src/engine/rule.js';
import { keyOf, knownBranches, listAnchor, listText, preflightRoutes, quote, relatedRoutes, routeName, samePath } from '../src/model/query.js';
import type { RuleFacts } from '../src/model/facts.js';
import type { Api, CorsModel, CorsPolicy, Route } from '../src/model/types.js';
import { addItems } from '../src/fix/changes.js';
import { ruleDocs } from '../src/prose.js';
import { answeredValues } from '../src/simulate/gateway.js';
import { policyAdmits } from '../src/simulate/outcome.js';

/**
 * Methods the template does not write: SAM computes them for each path it adds an OPTIONS to, from that path item
 * alone (of `/x` and `/x/`, SAM adds one, on the path it walks first, so the other's methods are missing); an HTTP
 * API without `AllowMethods` (`CorsConfiguration: true`) sends none, and only GET, HEAD and POST need none. The
 * simulator answers what the preflight allows.
 */
function unwritten(policy: CorsPolicy, scope: { api: Api; routes: Route[] }, handlers: RuleFacts['handlers']): ReportDescriptor | undefined {
  if (policy.source !== 'sam-cors' && policy.surface !== 'http') return undefined;
  const missing = scope.routes.filter(
    (r) => r.method !== 'ANY' && r.method !== '?' && policyAdmits(scope.api, policy, r.path, { method: r.method, credentialed: false, handlers })?.method.result === 'blocked',
  );
  if (missing.length === 0) return undefined;
  const methods = listText([...new Set(missing.map((r) => `'${r.method}'`))]);
  const implement = `${listText(missing.map(routeName))} ${missing.length === 1 ? 'implements' : 'implement'} ${methods}`;
  if (policy.source === 'sam-cors') {
    const generated = scope.api.routes.filter((r) => r.origin === 'sam-cors' && r.preflight === policy && missing.some((m) => samePath(m.path, r.path) && m.path !== r.path));
    const where = generated.map((r) => `${r.path} ('${r.computedMethods?.known ? String(r.computedMethods.value) : '?'}')`);
    return {
      at: keyOf(policy),
      message:
        `${policy.label} writes no AllowMethods in Cors, so SAM computes them from the one path item it adds an OPTIONS to, and of a path with and without a trailing slash it takes the one it walks first: ` +
        `${listText(where)}; ${implement}, so the browser's preflight fails and the request is never sent; write AllowMethods.`,
      related: relatedRoutes(missing),
    };
  }
  const why = policy.form === 'boolean' ? 'CorsConfiguration: true gives only the origin, no methods' : 'its CORS configuration has no AllowMethods';
  return {
    at: keyOf(policy),
    message: `${policy.label} allows no methods (${why}), and only GET, HEAD and POST need none: ${implement}, whose preflight fails, so the browser never sends the request.`,
    related: relatedRoutes(missing),
  };
}

export default defineRule<CorsModel, Record<string, unknown>, RuleFacts>({
  id: 'route-method-not-allowed',
  severity: 'error',
  summary: 'The allowed methods leave out PUT, PATCH or DELETE although a route of the API implements it: its preflight fails.',
  tags: ['cors', 'correctness'],
  securitySeverity: 0,
  docs: ruleDocs('route-method-not-allowed'),
  check(model, context) {
    for (const policy of model.policies) {
      const scope = preflightRoutes(model, policy);
      if (!scope || scope.routes.length === 0) continue;
      if (policy.methodsComputed || policy.methods.length === 0) {
        const found = unwritten(policy, scope, context.handlers);
        if (found) context.report(found);
        continue;
      }
      for (const branch of knownBranches(answeredValues(scope.api, policy, 'methods'))) {
        const items = branch.items.map((i) => i.item);
        if (items.includes('*')) continue;
        // Asked of the simulator, one branch at a time: what API Gateway answers the route's preflight with under
        // the branch's conditions, and whether the browser then sends the route's method.
        const missing = scope.routes.filter(
          (r) => r.method !== 'ANY' && r.method !== '?' && policyAdmits(scope.api, policy, r.path, { method: r.method, credentialed: false, conditions: branch.when, handlers: context.handlers })?.method.result === 'blocked',
        );
        if (missing.length === 0) continue;
        const at = listAnchor(policy, branch.values, branch.when);
        if (!at) continue;
        const methods = [...new Set(missing.map((r) => r.method))];
        const lower = items.filter((i) => i !== i.toUpperCase() && methods.includes(i.toUpperCase()));
        const hint = lower.length > 0 ? ` (methods compare case-sensitively: ${listText(lower.map((l) => `'${l}'`))} is not ${listText(lower.map((l) => `'${l.toUpperCase()}'`))})` : '';
        // a method the list already names is blocked for another reason (the preflight fails): adding it again fixes nothing
        const toAdd = methods.filter((m) => !items.includes(m));
        const fix = toAdd.length === methods.length ? addItems(policy.surface === 'rest', branch.values, toAdd, `Allow the method${toAdd.length === 1 ? '' : 's'} ${listText(toAdd.map((m) => `'${m}'`))}`) : undefined;
        context.report({
          at,
          ...(fix ? { fix } : {}),
          message:
            `${policy.label} allows methods ${quote(items.join(','))} but not ${listText(methods.map((m) => `'${m}'`))}${hint}, which ` +
            `${listText(missing.map(routeName))} ${missing.length === 1 ? 'implements' : 'implement'}: the browser's preflight fails and the request is never sent.`,
          related: relatedRoutes(missing),
        });
      }
    }
  },
});
