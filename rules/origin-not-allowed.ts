import { originCovered, parseOriginPatterns, type OriginPattern } from '../src/config/origins.js';
import { defineRule } from '../src/engine/rule.js';
import { quote, restResponses } from '../src/model/query.js';
import type { CorsModel, Scalar, SettingVal } from '../src/model/types.js';
import { ruleDocs } from '../src/prose.js';

interface Options {
  /** The team's allowed origins (configuration `allowedOrigins`); `null` when none is configured. */
  allowedOrigins: string[] | null;
  /** The environment the list belongs to (`--env`), for messages. */
  policyName: string;
}

/** A REST mapping that copies the request's `Origin` header into the response: it allows every origin. */
function reflectsOrigin(val: SettingVal<Scalar>): boolean {
  return !val.known && val.mapping?.kind === 'source' && /^method\.request\.header\.origin$/i.test(val.mapping.source ?? '');
}

/** The origins one value allows: one, or several when a REST literal lists them (which browsers refuse anyway). */
function originsOf(val: SettingVal<Scalar>): string[] {
  if (!val.known || val.value === null) return [];
  const text = String(val.value).trim();
  return text === '' ? [] : text.split(/[\s,]+/).filter((s) => s !== '');
}

export default defineRule<CorsModel, Options>({
  id: 'origin-not-allowed',
  severity: 'error',
  summary: "A template allows an origin that the team's allowed-origins policy (configuration `allowedOrigins`) does not.",
  tags: ['security', 'cors', 'policy'],
  securitySeverity: 6.5,
  defaultOptions: { allowedOrigins: null, policyName: '' },
  docs: ruleDocs('origin-not-allowed'),
  check(model, context) {
    const list = context.options.allowedOrigins;
    if (!Array.isArray(list)) return;
    const patterns: OriginPattern[] = parseOriginPatterns(list.map(String));
    const policyText = context.options.policyName ? `the allowed origins for '${context.options.policyName}'` : 'the allowed origins';

    const check = (subject: string, val: SettingVal<Scalar>): void => {
      if (reflectsOrigin(val)) {
        context.report({
          at: val,
          message: `${subject} copies the request's Origin header into Access-Control-Allow-Origin, which allows every origin, beyond ${policyText}: any website can read its responses.`,
        });
        return;
      }
      for (const origin of originsOf(val)) {
        if (originCovered(origin, patterns) !== false) continue;
        const what =
          origin === '*'
            ? val.defaulted
              ? "sets no AllowOrigin, so SAM allows any origin ('*')"
              : "allows any origin ('*')"
            : origin.includes('*')
              ? `allows every origin matching ${quote(origin)}`
              : `allows the origin ${quote(origin)}`;
        context.report({
          at: val,
          message: `${subject} ${what}, which ${policyText} do not include: ${origin === '*' ? 'any website' : origin.includes('*') ? 'scripts on those origins' : 'scripts on that origin'} can read its responses.`,
        });
      }
    };

    for (const policy of model.policies) {
      for (const val of policy.origins) check(policy.label, val);
    }
    for (const api of model.apis) {
      for (const { response, where, gateway } of restResponses(api)) {
        for (const val of response.headers['access-control-allow-origin'] ?? []) {
          // A gateway response that reflects the origin is reflected-origin's finding, whatever the policy.
          if (gateway && reflectsOrigin(val)) continue;
          check(`${api.label} ${where}`, val);
        }
      }
    }
  },
});
