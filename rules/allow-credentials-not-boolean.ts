import { defineRule } from '../src/engine/rule.js';
import { byPlace, quote, subjects } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';

const TRUTHY = /^'?(true|yes|on|1)'?$/i;

export default defineRule<CorsModel>({
  id: 'allow-credentials-not-boolean',
  severity: 'error',
  summary: 'SAM `AllowCredentials` is a string such as `"true"`: SAM silently leaves the credentials header out (or, for function URLs, refuses the template).',
  tags: ['correctness', 'sam', 'cors'],
  securitySeverity: 0,
  docs: {
    why: [
      'SAM emits `Access-Control-Allow-Credentials: true` only when `AllowCredentials` is the boolean `true`. Written',
      'as a string (`"true"`, `\'true\'`, or the REST style `"\'true\'"`), it is silently ignored in `Cors` (REST APIs)',
      'and `CorsConfiguration` (HTTP APIs): the template deploys, but the header is missing, and every credentialed',
      'request fails in the browser ("the value of the \'Access-Control-Allow-Credentials\' header in the response is',
      "'' which must be 'true'\"). For a function URL SAM refuses the template (\"AllowCredentials must be of type",
      'bool"). A string that means false is not reported for REST and HTTP APIs: ignoring it changes nothing.',
    ].join('\n'),
    invalid: [
      'MyApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      '      AllowOrigin: "\'https://app.example.com\'"',
      '      AllowCredentials: "true"',
    ].join('\n'),
    valid: [
      'MyApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      '      AllowOrigin: "\'https://app.example.com\'"',
      '      AllowCredentials: true',
    ].join('\n'),
    fix: [
      'Write the boolean, without quotes:',
      '',
      '```yaml',
      'AllowCredentials: true',
      '```',
    ].join('\n'),
    links: [
      'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-corsconfiguration.html',
      'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-httpapi-httpapicorsconfiguration.html',
      'https://github.com/aws/serverless-application-model/issues/1166',
      'https://fetch.spec.whatwg.org/#cors-protocol-and-credentials',
    ],
  },
  check(model, context) {
    const found = model.policies.flatMap((policy) => {
      if (policy.source !== 'sam-cors' && policy.source !== 'sam-http-cors' && policy.source !== 'sam-function-url') return [];
      return policy.credentials.flatMap((val) => {
        if (!val.known || typeof val.value === 'boolean' || val.value === null) return [];
        const text = String(val.value);
        const rejected = policy.source === 'sam-function-url';
        return rejected || TRUTHY.test(text.trim()) ? [{ policy, val, text, rejected }] : [];
      });
    });
    for (const group of byPlace(found, (f) => f.val, (f) => f.policy.label)) {
      const { val, text, rejected } = group.item;
      const kind = typeof val.value === 'number' ? 'the number' : 'the string';
      context.report({
        at: val,
        message: rejected
          ? `${subjects(group.subjects)} sets AllowCredentials to ${kind} ${quote(text)}: SAM refuses the template, because AllowCredentials must be a boolean.`
          : `${subjects(group.subjects)} sets AllowCredentials to ${kind} ${quote(text)}: SAM only honours the boolean true and silently leaves out Access-Control-Allow-Credentials, so credentialed requests fail.`,
      });
    }
  },
});
