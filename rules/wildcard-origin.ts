import { defineRule } from '../src/engine/rule.js';
import { apiProtection, configName, originEntries, originGroups, protection, subjects, together } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';
import { ruleDocs } from '../src/prose.js';

export default defineRule<CorsModel>({
  id: 'wildcard-origin',
  severity: 'warning',
  summary: 'An allowed-origin list contains `*`: any website can read the responses.',
  tags: ['security', 'cors'],
  securitySeverity: 5.3,
  // a '*' on a protected API: any website calls it with the user's token and reads the answers
  raisedSecuritySeverity: 7.5,
  docs: ruleDocs('wildcard-origin'),
  check(model, context) {
    const stars = originEntries(model).flatMap((entry) => {
      if (entry.text.trim() !== '*') return [];
      // Credentials on the same configuration make it an error here, and credentials-with-wildcard's finding too.
      const credentials = entry.credentials.find((c) => together(c, entry.val));
      const guard = entry.policy ? protection(model, entry.policy, entry.val) : entry.api ? apiProtection(entry.api) : undefined;
      return [{ ...entry, guard, withCredentials: credentials }];
    });
    for (const group of originGroups(stars)) {
      const { val, policy } = group.item;
      const guard = group.items.find((e) => e.guard)?.guard;
      const withCredentials = group.items.find((e) => e.withCredentials)?.withCredentials;
      const who = subjects(group.subjects);
      const subject = !val.defaulted
        ? `${who} allows any origin ('*')`
        : policy?.source === 'sam-cors'
          ? `${who} sets no AllowOrigin, so SAM allows any origin ('*')`
          : `${who} sets ${policy ? configName(policy) : 'its CORS configuration'} to true, so SAM allows any origin ('*')`;
      if (withCredentials) {
        context.report({
          at: val,
          severity: 'error',
          message: `${subject} although it allows credentials: browsers refuse the credentialed responses, and any website can read the others.`,
          related: [{ at: withCredentials, message: 'credentials allowed here' }],
        });
        continue;
      }
      context.report({
        at: val,
        severity: guard ? 'error' : 'warning',
        message: guard
          ? `${subject} although ${guard.reason}: any website can call it from a user's browser and read the responses.`
          : `${subject}: any website can read its responses.`,
        related: guard ? [{ at: guard.loc, message: 'protected here' }] : [],
      });
    }
  },
});
