import { defineRule } from '../src/engine/rule.js';
import { byPlace, credentialed, settingName, subjects, together } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';
import { enabledCredentials, listItems } from '../src/model/values.js';

export default defineRule<CorsModel>({
  id: 'wildcard-headers',
  severity: 'warning',
  summary: 'The allowed request headers contain `*`: it never covers Authorization, and it becomes a literal name that allows nothing once credentials are used.',
  tags: ['security', 'cors'],
  securitySeverity: 2.0,
  docs: {
    why: [
      '`Access-Control-Allow-Headers: *` is a wildcard only for requests without credentials, and even then the Fetch',
      'standard says it never covers `Authorization`, which must be listed by name. Chromium still lets `*` cover',
      '`Authorization` but reports it as deprecated, so an API that relies on it works today and breaks when browsers',
      'enforce the standard. It also allows more than the client needs, and it stops working the day the front end',
      'sends credentials: `*` is then the literal header name `*`, and every preflight that announces a non-safelisted',
      'header (`Content-Type: application/json`, `Authorization`, `X-Api-Key`) fails.',
      '',
      'Where the same configuration already allows credentials, that failure is certain: the finding is then an error',
      '(and `credentials-with-wildcard` reports the combination at the credentials setting). S3 rules are not reported:',
      'S3 answers a preflight with the headers the browser asked for, not with `*`.',
    ].join('\n'),
    invalid: [
      'MyApi:',
      '  Type: AWS::Serverless::HttpApi',
      '  Properties:',
      '    CorsConfiguration:',
      '      AllowOrigins: [https://app.example.com]',
      "      AllowHeaders: ['*']",
    ].join('\n'),
    valid: [
      'MyApi:',
      '  Type: AWS::Serverless::HttpApi',
      '  Properties:',
      '    CorsConfiguration:',
      '      AllowOrigins: [https://app.example.com]',
      '      AllowHeaders: [Content-Type, Authorization]',
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
          withCredentials: credentialed({ val, credentials }),
          listsAuthorization: listItems(policy.headers).some((i) => i.item.toLowerCase() === 'authorization' && together(i.val, val)),
        }));
    });
    for (const group of byPlace(stars, (s) => s.val, (s) => s.policy.label)) {
      const { val, policy, listsAuthorization } = group.item;
      const setting = settingName(policy, 'headers');
      if (group.items.some((s) => s.withCredentials)) {
        context.report({
          at: val,
          severity: 'error',
          message: `${subjects(group.subjects)} allows any request header ('*' in ${setting}) together with credentials: '*' is then the literal header name '*', so every preflight that announces a header fails; list the headers the client sends.`,
        });
        continue;
      }
      const why = listsAuthorization ? 'it allows more than the client needs' : "the Fetch standard never lets '*' cover Authorization";
      context.report({
        at: val,
        message: `${subjects(group.subjects)} allows any request header ('*' in ${setting}): ${why}, and it stops working once credentials are used; list the headers the client sends.`,
      });
    }
  },
});
