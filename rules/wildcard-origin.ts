import { defineRule } from '../src/engine/rule.js';
import { apiProtection, configName, originEntries, originGroups, protection, subjects, together } from '../src/model/query.js';
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
      'API key, a function URL with `AuthType: AWS_IAM`) is then callable from any page a user happens to visit, with',
      'whatever token that page holds. The finding is a warning on open APIs and an error on protected ones.',
      '',
      'Where the same configuration also allows credentials, the `*` is an error here too, and',
      '`credentials-with-wildcard` reports the combination at the credentials setting: this rule names the exposure',
      '(any website reads the uncredentialed responses), that one the breakage (browsers refuse the credentialed ones,',
      'HTTP APIs refuse the deployment, SAM the template). A `*` inside an origin (`https://*.example.com`) is',
      '`unsupported-origin-pattern`.',
      'A `*` that several APIs share through `Globals` is reported once, where it is written.',
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
      'List the exact origin of your front end (scheme, host and port, no path):',
      '',
      '```yaml',
      '# SAM REST API (a mapping expression: keep the inner quotes)',
      'Cors:',
      '  AllowOrigin: "\'https://app.example.com\'"',
      '',
      '# HTTP API, function URL',
      'CorsConfiguration:',
      '  AllowOrigins:',
      '    - https://app.example.com',
      '    - https://admin.example.com',
      '```',
      '',
      'A REST API answers with one origin per response, so to serve several origins pick one per request (a Lambda',
      'that compares `Origin` with an allow-list) or use an HTTP API. Keep `*` only for public data that needs no',
      'authorization, and never together with credentials.',
    ].join('\n'),
    links: [
      'https://fetch.spec.whatwg.org/#http-access-control-allow-origin',
      'https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Origin',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html',
    ],
  },
  check(model, context) {
    const stars = originEntries(model).flatMap((entry) => {
      if (entry.text.trim() !== '*') return [];
      // Credentials on the same configuration make it an error here, and credentials-with-wildcard's finding too.
      const credentials = entry.credentials.find((c) => together(c, entry.val));
      const guard = entry.policy ? protection(model, entry.policy, entry.val) : entry.api ? apiProtection(entry.api) : undefined;
      return [{ ...entry, guard, withCredentials: credentials }];
    });
    for (const group of originGroups(stars)) {
      const { val, policy } = group.item;
      const guard = group.items.find((e) => e.guard)?.guard;
      const withCredentials = group.items.find((e) => e.withCredentials)?.withCredentials;
      const who = subjects(group.subjects);
      const subject = !val.defaulted
        ? `${who} allows any origin ('*')`
        : policy?.source === 'sam-cors'
          ? `${who} sets no AllowOrigin, so SAM allows any origin ('*')`
          : `${who} sets ${policy ? configName(policy) : 'its CORS configuration'} to true, so SAM allows any origin ('*')`;
      if (withCredentials) {
        context.report({
          at: val,
          severity: 'error',
          message: `${subject} although it allows credentials: browsers refuse the credentialed responses, and any website can read the others.`,
          related: [{ at: withCredentials, message: 'credentials allowed here' }],
        });
        continue;
      }
      context.report({
        at: val,
        severity: guard ? 'error' : 'warning',
        message: guard
          ? `${subject} although ${guard.reason}: any website can call it from a user's browser and read the responses.`
          : `${subject}: any website can read its responses.`,
        related: guard ? [{ at: guard.loc, message: 'protected here' }] : [],
      });
    }
  },
});
