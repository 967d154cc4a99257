import { defineRule } from '../src/engine/rule.js';
import { implementedMethods, knownBranches, listText, NON_SIMPLE_METHODS, preflightRoutes, quote } from '../src/model/query.js';
import type { CorsModel, Scalar, SettingVal } from '../src/model/types.js';
import { enabledCredentials, splitList } from '../src/model/values.js';
import { removeItems } from '../src/fix/changes.js';
import { ruleDocs } from '../src/prose.js';

export default defineRule<CorsModel>({
  id: 'methods-broader-than-routes',
  severity: 'warning',
  summary: 'The allowed methods include PUT, PATCH, DELETE or `*` although no route of the API implements them (least privilege).',
  tags: ['security', 'cors', 'least-privilege'],
  securitySeverity: 2.0,
  docs: ruleDocs('methods-broader-than-routes'),
  check(model, context) {
    for (const policy of model.policies) {
      if (policy.methodsComputed || policy.methods.length === 0) continue;
      const scope = preflightRoutes(model, policy);
      if (!scope || scope.api.bodyUnknown || scope.routes.length === 0) continue;
      const implemented = implementedMethods(scope.routes);
      if (implemented.any || implemented.unknown) continue;
      const credentialed = enabledCredentials(policy).length > 0;
      const exact = policy.surface === 'rest';
      const served = implemented.methods.size > 0 ? listText([...implemented.methods].sort()) : 'no method';
      const reported = new Set<SettingVal<Scalar>>();
      for (const branch of knownBranches(policy.methods)) {
        for (const val of branch.values) {
          if (reported.has(val) || !val.known || val.value === null) continue;
          const extras = splitList(String(val.value)).filter((item) => {
            if (item === '*') return !credentialed; // with credentials '*' is a literal name
            const method = exact ? item : item.toUpperCase();
            return NON_SIMPLE_METHODS.has(method) && !implemented.methods.has(method);
          });
          if (extras.length === 0) continue;
          reported.add(val);
          const what = extras.includes('*') ? "any method ('*')" : `${extras.length === 1 ? 'method' : 'methods'} ${listText(extras.map(quote))}`;
          // a '*' has no one replacement (which methods to list is a choice): only named methods are removed
          const fix = extras.includes('*') ? undefined : removeItems(exact, val, new Set(extras), `Stop allowing ${what}`);
          context.report({
            at: val,
            ...(fix ? { fix } : {}),
            message: `${policy.label} allows ${what} but its routes implement only ${served}: browsers are told other origins may use methods the API does not serve.`,
          });
        }
      }
    }
  },
});
