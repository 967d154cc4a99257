import { defineRule } from '../src/engine/rule.js';
import { byPlace, quote, restResponses, settingName, subjects } from '../src/model/query.js';
import type { CorsModel, Scalar, SettingVal } from '../src/model/types.js';
import { fixOf, replaceValue } from '../src/fix/changes.js';
import { ruleDocs } from '../src/prose.js';
import { unquotedMapping } from '../src/simulate/refusal.js';

interface Unquoted {
  val: SettingVal<Scalar>;
  subject: string;
  setting: string;
}

export default defineRule<CorsModel>({
  id: 'missing-inner-quotes',
  severity: 'error',
  summary: 'A REST header value (SAM `Cors`, a method or gateway response mapping) is a literal without the inner single quotes: the deployment fails.',
  tags: ['correctness', 'deployment', 'cors'],
  securitySeverity: 0,
  docs: ruleDocs('missing-inner-quotes'),
  check(model, context) {
    const found: Unquoted[] = [];
    for (const policy of model.policies) {
      if (policy.source !== 'sam-cors') continue;
      for (const field of ['origins', 'methods', 'headers', 'maxAge'] as const) {
        for (const val of policy[field]) {
          if (unquotedMapping(val)) found.push({ val, subject: policy.label, setting: settingName(policy, field) });
        }
      }
    }
    for (const api of model.apis) {
      for (const { response, where, gateway } of restResponses(api, { includeOptions: true, includeProxies: true })) {
        const prefix = gateway ? 'gatewayresponse.header.' : 'method.response.header.';
        for (const { name, loc } of response.headerKeys) {
          // SAM GatewayResponses write bare header names under ResponseParameters.Headers.
          const setting = loc.path[loc.path.length - 2] === 'Headers' ? `the ${name} header` : `${prefix}${name}`;
          for (const val of response.headers[name.toLowerCase()] ?? []) {
            if (unquotedMapping(val)) found.push({ val, subject: `${api.label} ${where}`, setting });
          }
        }
      }
    }
    for (const group of byPlace(found, (f) => f.val, (f) => f.subject)) {
      const { val, setting } = group.item;
      const who = subjects(group.subjects);
      const raw = val.mapping?.raw ?? String(val.known ? val.value : '');
      const quoted = `'${raw}'`;
      const fix = fixOf(`Write the value in single quotes: "${quoted}"`, replaceValue(val, quoted));
      if (typeof val.raw === 'number') {
        context.report({
          at: val,
          ...(fix ? { fix } : {}),
          severity: 'warning',
          message: `${who} sets ${setting} to the number ${raw}, which reaches API Gateway unquoted where a static value must be a quoted string ("'${raw}'"), so the deployment is likely to fail.`,
        });
        continue;
      }
      context.report({
        at: val,
        ...(fix ? { fix } : {}),
        message: `${who} sets ${setting} to ${quote(raw)} without the inner single quotes: API Gateway reads it as a mapping expression and refuses the deployment ("Invalid mapping expression specified"); write "'${raw}'".`,
      });
    }
  },
});
