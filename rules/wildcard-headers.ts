import { defineRule } from '../src/engine/rule.js';
import { byPlace, credentialed, settingName, subjects, together } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';
import { enabledCredentials, listItems } from '../src/model/values.js';
import { ruleDocs } from '../src/prose.js';

export default defineRule<CorsModel>({
  id: 'wildcard-headers',
  severity: 'warning',
  summary: 'The allowed request headers contain `*`: it never covers Authorization, and it becomes a literal name that allows nothing once credentials are used.',
  tags: ['security', 'cors'],
  securitySeverity: 2.0,
  // raised to an error with credentials because the '*' then breaks every preflight, not because more is exposed
  raisedSecuritySeverity: 2.0,
  docs: ruleDocs('wildcard-headers'),
  check(model, context) {
    const stars = model.policies.flatMap((policy) => {
      if (policy.surface === 's3') return [];
      const credentials = enabledCredentials(policy);
      return listItems(policy.headers)
        .filter((i) => i.item === '*')
        .map(({ val }) => ({
          policy,
          val,
          withCredentials: credentialed({ val, credentials }),
          listsAuthorization: listItems(policy.headers).some((i) => i.item.toLowerCase() === 'authorization' && together(i.val, val)),
        }));
    });
    for (const group of byPlace(stars, (s) => s.val, (s) => s.policy.label)) {
      const { val, policy, listsAuthorization } = group.item;
      const setting = settingName(policy, 'headers');
      if (group.items.some((s) => s.withCredentials)) {
        context.report({
          at: val,
          severity: 'error',
          message: `${subjects(group.subjects)} allows any request header ('*' in ${setting}) together with credentials: '*' is then the literal header name '*', so every preflight that announces a header fails; list the headers the client sends.`,
        });
        continue;
      }
      const why = listsAuthorization ? 'it allows more than the client needs' : "the Fetch standard never lets '*' cover Authorization";
      context.report({
        at: val,
        message: `${subjects(group.subjects)} allows any request header ('*' in ${setting}): ${why}, and it stops working once credentials are used; list the headers the client sends.`,
      });
    }
  },
});
