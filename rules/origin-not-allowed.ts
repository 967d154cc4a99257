import { originCovered, parseOriginPatterns, type OriginPattern } from '../src/config/origins.js';
import { defineRule } from '../src/engine/rule.js';
import { quote, restResponses } from '../src/model/query.js';
import type { CorsModel, Scalar, SettingVal } from '../src/model/types.js';

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
  docs: {
    why: [
      'Every origin a CORS configuration allows is a website whose scripts can call the API from a visitor\'s browser',
      'and read the answers. A team usually knows the short list of its own front ends; `allowedOrigins` in the',
      'configuration file writes that list down (per environment if needed), and this rule reports every origin a',
      'template allows beyond it: a staging or `localhost` origin left in a production template, a partner\'s domain',
      'added in a hurry, `*`, or a REST mapping that reflects the request\'s `Origin` header. It checks every surface:',
      'API preflight settings, REST response and gateway-response mappings, function URLs, S3 CORS rules and',
      'CloudFront response-headers policies. Without `allowedOrigins` in the configuration the rule does nothing.',
    ].join('\n'),
    invalid: [
      '# .cors-lint.yaml',
      '#   allowedOrigins: [https://app.example.com]',
      'MyApi:',
      '  Type: AWS::Serverless::HttpApi',
      '  Properties:',
      '    CorsConfiguration:',
      '      AllowOrigins:',
      '        - https://app.example.com',
      '        - https://staging.example.net',
    ].join('\n'),
    valid: [
      '# .cors-lint.yaml',
      '#   allowedOrigins: [https://app.example.com]',
      'MyApi:',
      '  Type: AWS::Serverless::HttpApi',
      '  Properties:',
      '    CorsConfiguration:',
      '      AllowOrigins:',
      '        - https://app.example.com',
    ].join('\n'),
    fix: [
      'Remove the origin from the template, or, if the team really means to allow it, add it to `allowedOrigins` in',
      '`.cors-lint.yaml` (for the right environment):',
      '',
      '```yaml',
      'allowedOrigins:',
      '  prod: [https://app.example.com]',
      '  dev: [https://app.example.com, "https://*.dev.example.com", "http://localhost:3000"]',
      '```',
      '',
      'Then lint each stage with `--env prod` or `--env dev`. Where a template serves several environments, choose',
      'the origin with a parameter or a condition and give its value per stage (`parameters` in the configuration).',
    ].join('\n'),
    links: [
      'https://developer.mozilla.org/docs/Web/HTTP/Guides/CORS',
      'https://fetch.spec.whatwg.org/#http-access-control-allow-origin',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html',
    ],
  },
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
      for (const { response, where } of restResponses(api)) {
        for (const val of response.headers['access-control-allow-origin'] ?? []) check(`${api.label} ${where}`, val);
      }
    }
  },
});
