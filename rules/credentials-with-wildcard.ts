import { defineRule } from '../src/engine/rule.js';
import { byPlace, combined, knownText, samCheckedPolicies, phrase, placeKey, restResponses, responseCredentials, settingName, subjects, together } from '../src/model/query.js';
import type { CorsModel, CorsPolicy, Scalar, SettingVal } from '../src/model/types.js';
import { enabledCredentials, listItems } from '../src/model/values.js';
import { ruleDocs } from '../src/prose.js';
import { credentialedWildcardRefusal } from '../src/simulate/refusal.js';

interface Star {
  val: SettingVal<Scalar>;
  field: 'origins' | 'methods' | 'headers' | 'exposeHeaders';
  /** How the message names it: `'*' in AllowOrigin`. */
  text: string;
}

/** What fails when `*` is a literal name under credentials. */
const LITERAL_EFFECT: Record<'headers' | 'methods', string> = {
  headers: 'preflights with non-safelisted headers',
  methods: 'preflights for PUT, PATCH or DELETE',
};

/** What a credentialed `*` origin does on each surface (whether the service refuses it: `credentialedWildcardRefusal`). */
function originEffect(policy: CorsPolicy | undefined, star: Star): string {
  const refusedBy = policy ? credentialedWildcardRefusal(policy, star.val) : undefined;
  switch (policy?.source) {
    case 'sam-cors':
      if (policy.inert) return 'SAM refuses to transform the template';
      return refusedBy === 'sam' ? 'SAM refuses to transform the template (and browsers would reject every credentialed response)' : 'browsers reject every credentialed response';
    case 'sam-function-url':
    case 'cfn-function-url':
      return "the function URL then answers any origin with credentials allowed, so any website can read the user's responses";
    default:
      return refusedBy === 'api-gateway' ? "API Gateway refuses credentials with the origin '*', so the deployment fails" : 'browsers reject every credentialed response';
  }
}

function consequence(policy: CorsPolicy | undefined, stars: Star[]): string {
  const origin = stars.find((s) => s.field === 'origins');
  const fields = new Set(stars.map((s) => s.field));
  const failing = (['headers', 'methods'] as const).filter((f) => fields.has(f)).map((f) => LITERAL_EFFECT[f]);
  const effects = [...(failing.length > 0 ? [`${phrase(failing)} fail`] : []), ...(fields.has('exposeHeaders') ? ['no response header is exposed'] : [])];
  const literal = effects.length > 0 ? `'*' is a literal name there under credentials, so ${phrase(effects)}` : '';
  if (!origin) return literal;
  return literal ? `${originEffect(policy, origin)}, and ${literal}` : originEffect(policy, origin);
}

export default defineRule<CorsModel>({
  id: 'credentials-with-wildcard',
  severity: 'error',
  summary: 'Credentials are allowed together with `*` as the origin, or with `*` in the allowed headers, methods or exposed headers.',
  tags: ['security', 'cors'],
  securitySeverity: 8.1,
  docs: ruleDocs('credentials-with-wildcard'),
  check(model, context) {
    const found: Array<{ credentials: SettingVal<Scalar>; stars: Star[]; subject: string; policy?: CorsPolicy }> = [];
    for (const policy of samCheckedPolicies(model)) {
      for (const credentials of enabledCredentials(policy)) {
        const stars: Star[] = [];
        for (const { text, val } of knownText(policy.origins)) {
          if (text.trim() !== '*' || !together(credentials, val)) continue;
          // A SAM Cors that deploys nothing matters only where SAM itself refuses it.
          if (policy.inert && credentialedWildcardRefusal(policy, val) !== 'sam') continue;
          const name = settingName(policy, 'origins');
          stars.push({ val, field: 'origins', text: val.defaulted ? `the origin '*' that SAM uses when ${name} is missing` : `'*' in ${name}` });
        }
        for (const field of ['headers', 'methods', 'exposeHeaders'] as const) {
          if (policy.inert) continue;
          const star = listItems(policy[field]).find((i) => i.item === '*' && together(credentials, i.val));
          if (star) stars.push({ val: star.val, field, text: `'*' in ${settingName(policy, field)}` });
        }
        if (stars.length > 0) found.push({ credentials, stars, subject: policy.label, policy });
      }
    }
    for (const api of model.apis) {
      for (const { response, where } of restResponses(api)) {
        for (const credentials of responseCredentials(response)) {
          const stars: Star[] = [];
          const origin = knownText(response.headers['access-control-allow-origin'] ?? []).find((t) => t.text.trim() === '*' && together(credentials, t.val));
          if (origin) stars.push({ val: origin.val, field: 'origins', text: "'*' in Access-Control-Allow-Origin" });
          const expose = listItems(response.headers['access-control-expose-headers'] ?? []).find((i) => i.item === '*' && together(credentials, i.val));
          if (expose) stars.push({ val: expose.val, field: 'exposeHeaders', text: "'*' in Access-Control-Expose-Headers" });
          if (stars.length > 0) found.push({ credentials, stars, subject: `${api.label} ${where}` });
        }
      }
    }
    // Credentials and stars that several resources share through Globals are reported once.
    const starsKey = (f: (typeof found)[number]): string => f.stars.map((s) => placeKey(s.val)).join('\u0003');
    for (const group of byPlace(found, (f) => f.credentials, (f) => f.subject, starsKey)) {
      const { credentials, stars, policy } = group.item;
      context.report({
        at: combined(credentials, ...stars.map((s) => s.val)),
        message: `${subjects(group.subjects)} allows credentials together with ${phrase(stars.map((s) => s.text))}: ${consequence(policy, stars)}.`,
        related: stars.map((s) => ({ at: s.val.loc, message: "'*' here" })),
      });
    }
  },
});
