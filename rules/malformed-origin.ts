import { defineRule } from '../src/engine/rule.js';
import { originEntries, originGroups, phrase, quote, subjects } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';
import { originFlaw } from '../src/model/values.js';

export default defineRule<CorsModel>({
  id: 'malformed-origin',
  severity: 'error',
  summary: 'An allowed origin is not written the way browsers send it (a path, a trailing slash, upper case, a default port, no scheme): it never matches.',
  tags: ['correctness', 'cors'],
  securitySeverity: 0,
  docs: {
    why: [
      'A browser puts its origin in the `Origin` header in one exact form, the serialisation of the WHATWG URL',
      'standard: `scheme://host[:port]`, scheme and host in lower case, an international host in its punycode form, the',
      "default port (443 for https, 80 for http) left out, and no path, query or trailing slash. The CORS check compares",
      '`Access-Control-Allow-Origin` with that text byte for byte, and API Gateway, function URLs, S3 and CloudFront',
      'compare their allow-lists with it the same way, so `https://app.example.com/` or `https://App.example.com` never',
      "matches `https://app.example.com`. The Fetch standard's own table lists an origin with a trailing slash as not",
      'shared. The page then fails with a CORS error although the configuration looks right.',
      '',
      'Values with `*` are checked for their form too (`https://*.example.com/` has a trailing slash); whether a surface',
      'supports the `*` is `unsupported-origin-pattern`, and a value that holds several origins is `multiple-origins`.',
      'Origins with other schemes (`capacitor://localhost`, `chrome-extension://…`) are left alone.',
    ].join('\n'),
    invalid: [
      'MyApi:',
      '  Type: AWS::Serverless::HttpApi',
      '  Properties:',
      '    CorsConfiguration:',
      '      AllowOrigins:',
      '        - https://app.example.com/        # trailing slash',
      '        - HTTPS://Admin.Example.com:443   # upper case and the default port',
      '        - www.example.com                 # no scheme',
    ].join('\n'),
    valid: [
      'MyApi:',
      '  Type: AWS::Serverless::HttpApi',
      '  Properties:',
      '    CorsConfiguration:',
      '      AllowOrigins:',
      '        - https://app.example.com',
      '        - https://admin.example.com',
      '        - https://www.example.com',
    ].join('\n'),
    fix: [
      'Write each origin exactly as the message suggests: scheme, host and (only when it is not the default) port,',
      'in lower case, with nothing after the host. In a REST API keep the inner single quotes:',
      '',
      '```yaml',
      'Cors:',
      '  AllowOrigin: "\'https://app.example.com\'"',
      '```',
      '',
      'To check a value, `new URL(value).origin` in a browser console or Node prints the form browsers send.',
    ].join('\n'),
    links: [
      'https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin',
      'https://fetch.spec.whatwg.org/#cors-protocol-and-credentials',
      'https://fetch.spec.whatwg.org/#concept-cors-check',
      'https://url.spec.whatwg.org/#default-port',
      'https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Origin',
    ],
  },
  check(model, context) {
    const flawed = originEntries(model).flatMap((entry) => {
      if (entry.val.defaulted) return [];
      const options = { schemeOptional: entry.surface === 'cloudfront' };
      // A single quote inside a REST literal ("'*''") is sent as part of the value.
      if (entry.val.mapping?.kind === 'literal' && entry.text.includes("'")) {
        const bare = entry.text.split("'").join('');
        const rest = originFlaw(bare, options);
        const flaw = { problems: ['has a stray single quote', ...(rest?.problems ?? [])], canonical: rest ? rest.canonical : bare };
        return [{ ...entry, flaw }];
      }
      const flaw = originFlaw(entry.text, options);
      return flaw ? [{ ...entry, flaw }] : [];
    });
    for (const group of originGroups(flawed)) {
      const { val, text, flaw, setting } = group.item;
      const fix = flaw.canonical !== undefined ? `write ${quote(flaw.canonical)}` : 'write it as scheme://host[:port]';
      context.report({
        at: val,
        message: `${subjects(group.subjects)} allows the origin ${quote(text)} (${setting}), which ${phrase(flaw.problems)}: it never matches the Origin a browser sends; ${fix}.`,
      });
    }
  },
});
