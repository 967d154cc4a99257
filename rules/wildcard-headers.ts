import { defineRule } from '../src/engine/rule.js';
import { byPlace, settingName, subjects, together } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';
import { enabledCredentials, listItems } from '../src/model/values.js';

export default defineRule<CorsModel>({
  id: 'wildcard-headers',
  severity: 'warning',
  summary: 'The allowed request headers contain `*`: it never covers Authorization, and with credentials it is a literal name that allows nothing.',
  tags: ['security', 'cors'],
  securitySeverity: 2.0,
  docs: {
    why: [
      '`Access-Control-Allow-Headers: *` is a wildcard only for requests without credentials, and even then the Fetch',
      'standard says it never covers `Authorization`, which must be listed by name. Chromium still lets `*` cover',
      '`Authorization` but reports it as deprecated, so an API that relies on it works today and breaks when browsers',
      'enforce the standard. With credentials, `*` is the literal header name `*`: every preflight that announces a',
      'non-safelisted header (`Content-Type: application/json`, `Authorization`, `X-Api-Key`) fails. It also allows',
      'more than the client needs. The finding is a warning, and an error when the configuration allows credentials.',
      '',
      'S3 rules are not reported: S3 answers a preflight with the headers the browser asked for, not with `*`.',
      'Credentials with `*` headers are also reported by `credentials-with-wildcard`, at the credentials setting.',
    ].join('\n'),
    invalid: [
      'MyApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      '      AllowOrigin: "\'https://app.example.com\'"',
      '      AllowHeaders: "\'*\'"',
      '      AllowCredentials: true',
    ].join('\n'),
    valid: [
      'MyApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      '      AllowOrigin: "\'https://app.example.com\'"',
      '      AllowHeaders: "\'Content-Type,Authorization\'"',
      '      AllowCredentials: true',
    ].join('\n'),
    fix: [
      'List the request headers the client sends, `Authorization` by name:',
      '',
      '```yaml',
      'Cors:',
      '  AllowHeaders: "\'Content-Type,Authorization,X-Api-Key\'"',
      '```',
      '',
      'For an HTTP API: `AllowHeaders: [Content-Type, Authorization]`.',
    ].join('\n'),
    links: [
      'https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name',
      'https://fetch.spec.whatwg.org/#cors-protocol-and-credentials',
      'https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Headers',
    ],
  },
  check(model, context) {
    const stars = model.policies.flatMap((policy) => {
      if (policy.surface === 's3') return [];
      const credentials = enabledCredentials(policy);
      return listItems(policy.headers)
        .filter((i) => i.item === '*')
        .map(({ val }) => ({
          policy,
          val,
          credentialed: credentials.some((c) => together(c, val)),
          listsAuthorization: listItems(policy.headers).some((i) => i.item.toLowerCase() === 'authorization' && together(i.val, val)),
        }));
    });
    for (const group of byPlace(stars, (s) => s.val, (s) => s.policy.label)) {
      const { val, policy } = group.item;
      const credentialed = group.items.some((s) => s.credentialed);
      const who = subjects(group.subjects);
      const setting = settingName(policy, 'headers');
      context.report({
        at: val,
        severity: credentialed ? 'error' : 'warning',
        message: credentialed
          ? `${who} allows the request headers '*' (${setting}) together with credentials: '*' is then the literal header name '*', so every preflight that sends a non-safelisted header fails.`
          : group.item.listsAuthorization
            ? `${who} allows any request header ('*' in ${setting}): it allows more than the client needs and stops working once credentials are used; list the headers the client sends.`
            : `${who} allows any request header ('*' in ${setting}): the Fetch standard never lets '*' cover Authorization, and it stops working once credentials are used; list the headers the client sends.`,
      });
    }
  },
});
