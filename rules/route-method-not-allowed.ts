import { defineRule } from '../src/engine/rule.js';
import { knownBranches, listAnchor, listText, NON_SIMPLE_METHODS, preflightRoutes, quote, relatedRoutes, routeName } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';
import { ruleDocs } from '../src/prose.js';

export default defineRule<CorsModel>({
  id: 'route-method-not-allowed',
  severity: 'error',
  summary: 'The allowed methods leave out PUT, PATCH or DELETE although a route of the API implements it: its preflight fails.',
  tags: ['cors', 'correctness'],
  securitySeverity: 0,
  docs: ruleDocs('route-method-not-allowed'),
  check(model, context) {
    for (const policy of model.policies) {
      if (policy.methodsComputed || policy.methods.length === 0) continue;
      const scope = preflightRoutes(model, policy);
      if (!scope || scope.routes.length === 0) continue;
      // A REST API sends the header as written and browsers compare methods exactly; what an HTTP API does with
      // lower-case names is not documented, so there they count whatever their case.
      const exact = policy.surface === 'rest';
      for (const branch of knownBranches(policy.methods)) {
        const items = branch.items.map((i) => i.item);
        if (items.includes('*')) continue;
        const allowed = new Set(exact ? items : items.map((i) => i.toUpperCase()));
        const missing = scope.routes.filter((r) => NON_SIMPLE_METHODS.has(r.method) && !allowed.has(r.method));
        if (missing.length === 0) continue;
        const at = listAnchor(policy, branch.values, branch.when);
        if (!at) continue;
        const methods = [...new Set(missing.map((r) => r.method))];
        const lower = items.filter((i) => i !== i.toUpperCase() && methods.includes(i.toUpperCase()));
        const hint = lower.length > 0 ? ` (methods compare case-sensitively: ${listText(lower.map((l) => `'${l}'`))} is not ${listText(lower.map((l) => `'${l.toUpperCase()}'`))})` : '';
        context.report({
          at,
          message:
            `${policy.label} allows methods ${quote(items.join(','))} but not ${listText(methods.map((m) => `'${m}'`))}${hint}, which ` +
            `${listText(missing.map(routeName))} ${missing.length === 1 ? 'implements' : 'implement'}: the browser's preflight fails and the request is never sent.`,
          related: relatedRoutes(missing),
        });
      }
    }
  },
});
