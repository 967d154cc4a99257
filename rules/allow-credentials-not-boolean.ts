import { defineRule } from '../src/engine/rule.js';
import { byPlace, quote, subjects } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';
import { fixOf, replaceValue } from '../src/fix/changes.js';
import { ruleDocs } from '../src/prose.js';

const FALSY = /^'?(false|no|off|0)'?$/i;

const TRUTHY = /^'?(true|yes|on|1)'?$/i;

export default defineRule<CorsModel>({
  id: 'allow-credentials-not-boolean',
  severity: 'error',
  summary: 'SAM `AllowCredentials` is a string such as `"true"` or `"\'*\'"`: SAM silently leaves the credentials header out (or, for function URLs, refuses the template).',
  tags: ['correctness', 'sam', 'cors'],
  securitySeverity: 0,
  docs: ruleDocs('allow-credentials-not-boolean'),
  check(model, context) {
    const found = model.policies.flatMap((policy) => {
      if (policy.source !== 'sam-cors' && policy.source !== 'sam-http-cors' && policy.source !== 'sam-function-url') return [];
      return policy.credentials.flatMap((val) => {
        if (!val.known || typeof val.value === 'boolean' || val.value === null) return [];
        const text = String(val.value);
        const rejected = policy.source === 'sam-function-url';
        // a string that means neither true nor false (`"'*'"`) is ignored as well: no credentials, whatever was meant
        const unclear = !TRUTHY.test(text.trim()) && !FALSY.test(text.trim());
        return rejected || TRUTHY.test(text.trim()) || unclear ? [{ policy, val, text, rejected }] : [];
      });
    });
    for (const group of byPlace(found, (f) => f.val, (f) => f.policy.label)) {
      const { val, text, rejected } = group.item;
      const kind = typeof val.value === 'number' ? 'the number' : 'the string';
      const meant = TRUTHY.test(text.trim()) ? true : FALSY.test(text.trim()) ? false : undefined;
      const fix = meant === undefined ? undefined : fixOf(`Write the boolean ${meant}`, replaceValue(val, meant));
      const who = `${subjects(group.subjects)} sets AllowCredentials to ${kind} ${quote(text)}`;
      if (!rejected && meant === undefined) {
        context.report({
          at: val,
          severity: 'warning',
          message: `${who}, which means neither true nor false: SAM honours only the boolean true and silently ignores it, so credentials are not allowed; write true if the pages send cookies or other credentials, else remove it.`,
        });
        continue;
      }
      context.report({
        at: val,
        ...(fix ? { fix } : {}),
        message: rejected
          ? `${who}: SAM refuses the template, because AllowCredentials must be a boolean.`
          : `${who}: SAM only honours the boolean true and silently leaves out Access-Control-Allow-Credentials, so credentialed requests fail.`,
      });
    }
  },
});
