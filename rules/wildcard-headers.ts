import { defineRule } from '../src/engine/rule.js';
import { byPlace, credentialed, settingName, subjects } from '../src/model/query.js';
import type { CorsModel, CorsPolicy, Scalar, SettingVal } from '../src/model/types.js';
import { enabledCredentials, listItems } from '../src/model/values.js';
import { ruleDocs } from '../src/prose.js';
import { authHeaderVerdicts, describeNeeds, neededHeaders, type Need } from './shared/auth-headers.js';

interface Star {
  policy: CorsPolicy;
  val: SettingVal<Scalar>;
  /** The route's need for `Authorization` that only the `*` covers. */
  authorization: Need;
}

/**
 * The `*` values of a policy's allowed headers that a route's authorization relies on: it needs `Authorization`
 * and gets it only from the `*`. One fact, one finding: a `*` that credentials can meet is a literal name that
 * allows nothing, which `credentials-with-wildcard` reports at the credentials; a `*` whose list
 * `auth-header-not-allowed` already reports (a needed header the browser will not send, or Authorization covered by a
 * `*` that API Gateway sends as written) is that rule's.
 */
function stars(model: CorsModel, policy: CorsPolicy): Star[] {
  const values = listItems(policy.headers).filter((i) => i.item === '*');
  if (values.length === 0) return [];
  const credentials = enabledCredentials(policy);
  const needs = neededHeaders(model, policy);
  const verdicts = authHeaderVerdicts(model, policy, needs);
  const out: Star[] = [];
  for (const { val } of values) {
    if (credentialed({ val, credentials })) continue;
    const verdict = verdicts.find((v) => v.values.includes(val));
    if (verdict && (verdict.missing.length > 0 || (verdict.starAsWritten && verdict.starOnly.length > 0))) continue;
    const authorization = verdict?.starOnly.find((n) => n.name.toLowerCase() === 'authorization');
    if (authorization) out.push({ policy, val, authorization });
  }
  return out;
}

export default defineRule<CorsModel>({
  id: 'wildcard-headers',
  severity: 'warning',
  summary:
    'An API relies on `*` in the allowed request headers to cover `Authorization`, which Chromium accepts only with a deprecation warning and the Fetch standard never allows.',
  tags: ['security', 'cors'],
  securitySeverity: 2.0,
  docs: ruleDocs('wildcard-headers'),
  check(model, context) {
    const found = model.policies.flatMap((policy) => (policy.surface === 's3' ? [] : stars(model, policy)));
    for (const group of byPlace(found, (s) => s.val, (s) => s.policy.label)) {
      const { val, policy, authorization } = group.item;
      const setting = settingName(policy, 'headers');
      const who = subjects(group.subjects);
      context.report({
        at: val,
        message:
          `${who} relies on '*' in ${setting} to cover ${describeNeeds([authorization])}: where the '*' is sent as written (what an HTTP API or a function URL answers for it is not documented), ` +
          `Chromium 156 still lets it cover Authorization but warns that this is deprecated (AuthorizationCoveredByWildcard), and the Fetch standard never lets it, so it will break; list Authorization by name.`,
      });
    }
  },
});
