import { defineRule } from '../src/engine/rule.js';
import { byPlace, settingName, subjects } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';
import { maxAgeSeconds } from '../src/model/values.js';
import { fixOf, replaceValue } from '../src/fix/changes.js';
import type { Scalar, SettingVal } from '../src/model/types.js';
import { ruleDocs } from '../src/prose.js';

/** The cap written as the value is written: a number, a REST literal in single quotes, or a string. */
function capFix(val: SettingVal<Scalar>) {
  const written = val.raw ?? (val.known ? val.value : undefined);
  const value = typeof written === 'number' ? BROWSER_CAP : val.mapping?.kind === 'literal' ? `'${BROWSER_CAP}'` : val.mapping ? undefined : String(BROWSER_CAP);
  return value === undefined ? undefined : fixOf(`Set the max age to ${BROWSER_CAP} seconds, the longest Chromium honours`, replaceValue(val, value));
}

/** Chromium caches a preflight for at most this many seconds (Firefox: 86400). */
const BROWSER_CAP = 7200;
/** HTTP APIs (−1…86400) and function URLs (0…86400) refuse larger values. */
const SERVICE_CAP = 86400;

export default defineRule<CorsModel>({
  id: 'max-age-over-cap',
  severity: 'warning',
  summary: 'The preflight max age is longer than browsers honour (Chromium 7200 s) or than the service accepts (HTTP APIs and function URLs: 86400 s).',
  tags: ['correctness', 'cors'],
  securitySeverity: 0,
  docs: ruleDocs('max-age-over-cap'),
  check(model, context) {
    const long = model.policies.flatMap((policy) =>
      policy.maxAge.flatMap((val) => {
        const seconds = maxAgeSeconds(val);
        return seconds !== undefined && seconds > BROWSER_CAP ? [{ policy, val, seconds }] : [];
      }),
    );
    for (const group of byPlace(long, (e) => e.val, (e) => e.policy.label)) {
      const { policy, val, seconds } = group.item;
      const who = subjects(group.subjects);
      const setting = settingName(policy, 'maxAge');
      const service = policy.surface === 'http' ? 'API Gateway accepts at most 86400 seconds for HTTP APIs' : 'Lambda accepts at most 86400 seconds for function URLs';
      const fix = capFix(val);
      const withFix = fix ? { fix } : {};
      if ((policy.surface === 'http' || policy.surface === 'function-url') && seconds > SERVICE_CAP) {
        context.report({ at: val, ...withFix, severity: 'error', message: `${who} sets ${setting} to '${seconds}' seconds: ${service}, so the deployment fails.` });
      } else {
        const caps = seconds > SERVICE_CAP ? 'Chromium caches a preflight for at most 7200 seconds and Firefox for 86400' : 'Chromium caches a preflight for at most 7200 seconds';
        context.report({ at: val, ...withFix, severity: 'warning', message: `${who} sets ${setting} to '${seconds}' seconds: ${caps}, so the rest has no effect.` });
      }
    }
  },
});
