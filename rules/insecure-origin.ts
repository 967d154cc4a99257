import { defineRule } from '../src/engine/rule.js';
import { credentialed, originEntries, originGroups, quote, subjects } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';
import { isLoopbackHost, originHost, originParts, patternSupport } from '../src/model/values.js';

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
      '',
      'A pattern its service does not take as written (`http://*` on an HTTP API, which lets every plain-HTTP site in,',
      "or a REST value with a `*`, which matches nothing) is `unsupported-origin-pattern`'s finding, not this rule's;",
      'a supported one (`http://*.example.com` on S3) is reported here.',
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
      // A pattern its surface does not take as written (`http://*` on an HTTP API, any REST value with a `*`) is
      // unsupported-origin-pattern's finding: what it lets through is not a plain-HTTP site.
      const support = patternSupport(entry.text, entry.surface);
      if (support !== undefined && support !== 'supported') return [];
      const origin = originHost(entry.text);
      if (!origin || origin.scheme !== 'http' || isLoopbackHost(origin.host)) return [];
      return [{ ...entry, anyHost: origin.host === '*' }];
    });
    for (const group of originGroups(insecure)) {
      const { val, text, anyHost } = group.item;
      const withCredentials = group.items.some(credentialed);
      const what = anyHost ? `every plain-HTTP origin (${quote(text)})` : `the plain-HTTP origin ${quote(text)}`;
      const reads = withCredentials ? "its responses, with the user's credentials" : 'its responses';
      context.report({
        at: val,
        severity: withCredentials ? 'error' : 'warning',
        message: `${subjects(group.subjects)} allows ${what}: anyone who can tamper with ${anyHost ? "such a site's" : "that site's"} traffic can inject a script into it and read ${reads}.`,
      });
    }
  },
});
