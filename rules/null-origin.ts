import { defineRule } from '../src/engine/rule.js';
import { originEntries, originGroups, subjects } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';

export default defineRule<CorsModel>({
  id: 'null-origin',
  severity: 'error',
  summary: 'The origin `null` is allowed: any website can make a request with `Origin: null` and read the responses.',
  tags: ['security', 'cors'],
  securitySeverity: 6.5,
  docs: {
    why: [
      'Browsers send `Origin: null` from documents with an opaque origin: sandboxed iframes, `data:` and `file:` pages,',
      'and requests that followed a redirect to another origin. Any website can create such a document (an',
      '`<iframe sandbox srcdoc>` is enough), so allowing `null` lets every website read the responses, and it passes',
      "the credentials check that `*` does not. MDN's advice is never to allow `null`.",
    ].join('\n'),
    invalid: [
      'MyApi:',
      '  Type: AWS::Serverless::HttpApi',
      '  Properties:',
      '    CorsConfiguration:',
      '      AllowOrigins:',
      '        - https://app.example.com',
      "        - 'null'",
    ].join('\n'),
    valid: [
      'MyApi:',
      '  Type: AWS::Serverless::HttpApi',
      '  Properties:',
      '    CorsConfiguration:',
      '      AllowOrigins:',
      '        - https://app.example.com',
    ].join('\n'),
    fix: [
      'Remove `null` and list the real origins of your front end. A page opened from disk during development should',
      'be served from a local web server instead, and its origin (for example `http://localhost:3000`) allowed in a',
      'development stage only:',
      '',
      '```yaml',
      'AllowOrigins:',
      '  - https://app.example.com',
      '```',
    ].join('\n'),
    links: [
      'https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Origin',
      'https://fetch.spec.whatwg.org/#serializing-a-request-origin',
      'https://portswigger.net/web-security/cors',
    ],
  },
  check(model, context) {
    const found = originEntries(model).filter((e) => e.text.trim() === 'null');
    for (const group of originGroups(found)) {
      context.report({
        at: group.item.val,
        message: `${subjects(group.subjects)} allows the origin 'null' (${group.item.setting}): sandboxed iframes and data: or file: pages, which any website can create, send Origin: null, so any website can read its responses.`,
      });
    }
  },
});
