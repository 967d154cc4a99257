import { defineRule } from '../src/engine/rule.js';
import { apiProtection, configName, knownText, protection, responseOrigins } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';

export default defineRule<CorsModel>({
  id: 'wildcard-origin',
  severity: 'warning',
  summary: 'An allowed-origin list contains `*`: any website can read the responses.',
  tags: ['security', 'cors'],
  securitySeverity: 5.3,
  docs: {
    why: [
      '`Access-Control-Allow-Origin: *` lets scripts on every website read the responses of this API. That is right',
      'for truly public, unauthenticated data, and wrong for anything else: a protected API (an authorizer, IAM, an',
      'API key, a function URL with `AuthType: AWS_IAM`) or one that allows credentials is then reachable from any',
      'page a user happens to visit. The finding is a warning on open APIs and an error on protected ones.',
      '',
      'Where the same configuration also allows credentials, `credentials-with-wildcard` reports the combination at',
      'the credentials setting as well: both findings are expected, one says who can read the responses, the other',
      'that credentialed requests break (or, on a function URL, that any site can read them with the user\'s',
      'credentials). A `*` inside an origin (`https://*.example.com`) is `unsupported-origin-pattern`, not this rule.',
    ].join('\n'),
    invalid: [
      'MyApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      '      AllowOrigin: "\'*\'"',
    ].join('\n'),
    valid: [
      'MyApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      '      AllowOrigin: "\'https://app.example.com\'"',
      '      AllowMethods: "\'GET,POST,OPTIONS\'"',
      '      AllowHeaders: "\'Content-Type,Authorization\'"',
    ].join('\n'),
    fix: [
      'List the exact origins of your front end (scheme, host and port, no path). A REST API answers with one origin',
      'per response, so to serve several origins pick one per request (a Lambda that compares `Origin` with an',
      'allow-list, or an HTTP API whose `AllowOrigins` list several). Keep `*` only for public data that needs no',
      'authorization, and never together with credentials.',
    ].join('\n'),
    links: [
      'https://fetch.spec.whatwg.org/#http-access-control-allow-origin',
      'https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Origin',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html',
    ],
  },
  check(model, context) {
    for (const policy of model.policies) {
      for (const { text, val } of knownText(policy.origins)) {
        if (text.trim() !== '*') continue;
        const guard = protection(model, policy, val);
        const subject = !val.defaulted
          ? `${policy.label} allows any origin ('*')`
          : policy.source === 'sam-cors'
            ? `${policy.label} sets no AllowOrigin, so SAM allows any origin ('*')`
            : `${policy.label} sets ${configName(policy)} to true, so SAM allows any origin ('*')`;
        context.report({
          at: val,
          severity: guard ? 'error' : 'warning',
          message: guard
            ? `${subject} although ${guard.reason}: any website can call it from a user's browser and read the responses.`
            : `${subject}: any website can read its responses.`,
          related: guard ? [{ at: guard.loc, message: 'protected here' }] : [],
        });
      }
    }
    for (const api of model.apis) {
      const guard = apiProtection(api);
      for (const { val, where } of responseOrigins(api)) {
        if (!val.known || String(val.value).trim() !== '*') continue;
        context.report({
          at: val,
          severity: guard ? 'error' : 'warning',
          message: guard
            ? `${api.label} maps Access-Control-Allow-Origin '*' on ${where} although ${guard.reason}: any website can read the responses.`
            : `${api.label} maps Access-Control-Allow-Origin '*' on ${where}: any website can read its responses.`,
          related: guard ? [{ at: guard.loc, message: 'protected here' }] : [],
        });
      }
    }
  },
});
