import { defineRule } from '../src/engine/rule.js';
import { originEntries, originGroups, quote, subjects } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';
import { originParts } from '../src/model/values.js';

export default defineRule<CorsModel>({
  id: 'multiple-origins',
  severity: 'error',
  summary: 'One Access-Control-Allow-Origin value (or one allow-list entry) holds several origins: the header allows exactly one, so it never matches.',
  tags: ['correctness', 'cors'],
  securitySeverity: 0,
  docs: {
    why: [
      '`Access-Control-Allow-Origin` carries exactly one value: `*`, one origin, or `null`. A REST API sends the static',
      "value of its mapping as written, so `'https://a.example.com,https://b.example.com'` reaches the browser as one",
      'header with two origins, and every browser rejects it ("The \'Access-Control-Allow-Origin\' header contains',
      'multiple values … but only one is allowed"). SAM passes such a value through without a word, and its own',
      'documentation has described `AllowOrigin` as possibly "a comma-separated list", which it cannot be.',
      '',
      'On surfaces that take a list (HTTP APIs, function URLs, S3, CloudFront), several origins in one list entry form',
      'one string that no browser origin equals.',
    ].join('\n'),
    invalid: [
      'MyApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      '      AllowOrigin: "\'https://app.example.com,https://admin.example.com\'"',
    ].join('\n'),
    valid: [
      '# A REST API answers with one origin: pick it per request, or use an HTTP API, which takes a list.',
      'MyApi:',
      '  Type: AWS::Serverless::HttpApi',
      '  Properties:',
      '    CorsConfiguration:',
      '      AllowOrigins:',
      '        - https://app.example.com',
      '        - https://admin.example.com',
      '      AllowMethods: [GET, POST]',
      '      AllowHeaders: [Content-Type]',
    ].join('\n'),
    fix: [
      'A REST API can serve several origins only by choosing one per request: answer the preflight (and the actual',
      "responses) from a Lambda that compares the request's `Origin` with an allow-list and echoes the match with",
      '`Vary: Origin`, or override the header in the mock integration with a mapping template that compares `Origin`',
      'for exact equality. An HTTP API does this for you:',
      '',
      '```yaml',
      'CorsConfiguration:',
      '  AllowOrigins:',
      '    - https://app.example.com',
      '    - https://admin.example.com',
      '```',
      '',
      'In a list, write each origin as its own entry.',
    ].join('\n'),
    links: [
      'https://fetch.spec.whatwg.org/#http-new-header-syntax',
      'https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Origin',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html',
      'https://github.com/aws/serverless-application-model/issues/3769',
    ],
  },
  check(model, context) {
    const several = originEntries(model).flatMap((entry) => {
      const parts = originParts(entry.text);
      return parts.length > 1 ? [{ ...entry, parts }] : [];
    });
    for (const group of originGroups(several)) {
      const { val, text, parts, setting, surface } = group.item;
      const who = subjects(group.subjects);
      context.report({
        at: val,
        message:
          surface === 'rest'
            ? `${who} sets ${setting} to ${quote(text)}, which holds ${parts.length} origins: the header carries exactly one, so browsers reject every response; to serve several, echo the request's Origin from an allow-list (with Vary: Origin) or use an HTTP API.`
            : `${who} has the ${setting} entry ${quote(text)}, which holds ${parts.length} origins in one string: it never matches the Origin a browser sends; write each origin as its own entry.`,
      });
    }
  },
});
