import { defineRule } from '../src/engine/rule.js';
import { byPlace, originEntries, subjects, together } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';
import { isLoopbackHost, originHost, originParts } from '../src/model/values.js';

export default defineRule<CorsModel>({
  id: 'insecure-origin',
  severity: 'warning',
  summary: 'A plain-HTTP origin other than localhost is allowed: whoever can tamper with that site\'s traffic can read the responses.',
  tags: ['security', 'cors'],
  securitySeverity: 4.8,
  docs: {
    why: [
      'A page served over plain HTTP can be changed by anyone on its network path (public Wi-Fi, a compromised router,',
      'a proxy): they can inject a script into `http://app.example.com` and, because the API trusts that origin, read',
      'its responses. Allowing an `http://` origin therefore extends trust to every network between the user and that',
      'site. Loopback origins (`http://localhost`, `http://127.0.0.1`, `http://[::1]`) stay on the user\'s machine and',
      'are not reported. The finding is a warning, and an error when the same configuration allows credentials.',
      '`http://*` on an HTTP API is reported here and by `unsupported-origin-pattern`.',
    ].join('\n'),
    invalid: [
      'MyApi:',
      '  Type: AWS::Serverless::HttpApi',
      '  Properties:',
      '    CorsConfiguration:',
      '      AllowOrigins:',
      '        - http://app.example.com',
      '      AllowCredentials: true',
    ].join('\n'),
    valid: [
      'MyApi:',
      '  Type: AWS::Serverless::HttpApi',
      '  Properties:',
      '    CorsConfiguration:',
      '      AllowOrigins:',
      '        - https://app.example.com',
      '        - http://localhost:3000',
      '      AllowCredentials: true',
    ].join('\n'),
    fix: [
      'Serve the front end over HTTPS and allow its `https://` origin:',
      '',
      '```yaml',
      'AllowOrigins:',
      '  - https://app.example.com',
      '```',
      '',
      'Keep plain-HTTP origins for local development (`http://localhost:3000`), ideally in a development stage only.',
    ].join('\n'),
    links: [
      'https://portswigger.net/web-security/cors',
      'https://developer.mozilla.org/docs/Web/HTTP/CORS',
      'https://fetch.spec.whatwg.org/#cors-protocol-and-credentials',
    ],
  },
  check(model, context) {
    const insecure = originEntries(model).flatMap((entry) => {
      if (originParts(entry.text).length !== 1) return [];
      const origin = originHost(entry.text);
      if (!origin || origin.scheme !== 'http' || isLoopbackHost(origin.host)) return [];
      return [{ ...entry, anyHost: origin.host === '*', credentialed: entry.credentials.some((c) => together(c, entry.val)) }];
    });
    for (const group of byPlace(insecure, (e) => e.val, (e) => e.subject)) {
      const { val, text, anyHost } = group.item;
      const credentialed = group.items.some((e) => e.credentialed);
      const what = anyHost ? `every plain-HTTP origin ('${text}')` : `the plain-HTTP origin '${text}'`;
      const reads = credentialed ? "the responses, with the user's credentials" : 'the responses';
      context.report({
        at: val,
        severity: credentialed ? 'error' : 'warning',
        message: `${subjects(group.subjects)} allows ${what}: anyone who can tamper with ${anyHost ? "such a site's" : "that site's"} traffic can inject a script into it and read ${reads}.`,
      });
    }
  },
});
