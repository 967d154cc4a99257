import { defineRule } from '../src/engine/rule.js';
import { credentialed, originEntries, originGroups, quote, subjects, type OriginEntry } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';
import { originParts, patternSupport } from '../src/model/values.js';

type Verdict = { severity: 'error' | 'warning'; message: string } | undefined;

/** What happens with a pattern the surface does not support as intended. */
function judge(entry: OriginEntry, who: string, credentialed: boolean): Verdict {
  const { text, setting } = entry;
  switch (patternSupport(text, entry.surface)) {
    case 'literal':
      return {
        severity: 'error',
        message: `${who} sets ${setting} to ${quote(text)}: API Gateway sends a REST header value as written and no browser sends an Origin with '*', so it matches nothing.`,
      };
    case 'too-many':
      return {
        severity: 'error',
        message: `${who} allows the origin ${quote(text)} with ${text.split('*').length - 1} wildcards: S3 accepts at most one '*' in an origin, so it refuses the CORS configuration.`,
      };
    case 'misplaced':
      return {
        severity: 'error',
        message: `${who} allows the origin ${quote(text)}: CloudFront accepts '*' only alone or as the leftmost label ('https://*.example.com'), so it refuses the policy.`,
      };
    case 'scheme-wide': {
      const name = text.trim().slice(0, text.trim().indexOf(':')).toUpperCase();
      return {
        severity: credentialed ? 'error' : 'warning',
        message: credentialed
          ? `${who} allows every ${name} origin (${quote(text)}) together with credentials: any ${name} website can read its responses with the user's credentials, and API Gateway's check against '*' does not stop it.`
          : `${who} allows every ${name} origin (${quote(text)}): any ${name} website can read its responses, as with '*'.`,
      };
    }
    case 'undocumented':
      return {
        severity: 'warning',
        message:
          entry.surface === 'http'
            ? `${who} allows the origin pattern ${quote(text)}, which HTTP APIs do not document (only '*', 'https://*', 'http://*' and exact origins): it may be refused at deployment or never match.`
            : `${who} allows the origin pattern ${quote(text)}, which function URLs do not document (only '*' and exact origins): it may be refused at deployment or never match.`,
      };
    default:
      return undefined;
  }
}

export default defineRule<CorsModel>({
  id: 'unsupported-origin-pattern',
  severity: 'error',
  summary: 'An origin uses `*` in a way its service does not support (REST literals, S3 with two `*`, CloudFront not leftmost), or allows a whole scheme on an HTTP API.',
  tags: ['correctness', 'security', 'cors'],
  securitySeverity: 4.3,
  docs: {
    why: [
      'Each AWS service reads a `*` inside an origin differently:',
      '',
      '- **REST APIs** (SAM `Cors`, method and gateway response mappings) send the static value as written:',
      "  `'https://*.example.com'` reaches the browser literally, and no browser origin contains `*`, so nothing",
      '  matches. (error)',
      '- **S3** allows one `*` per origin (`https://*.example.com`); more are refused. (error)',
      '- **CloudFront** allows `*` alone or as the leftmost label (`*.example.org`), not elsewhere. (error)',
      '- **HTTP APIs** document only `*`, `https://*`, `http://*` and exact origins; other patterns such as',
      '  `https://*.example.com` are not documented and have been reported to fail. (warning) `https://*` and',
      '  `http://*` are documented, but they let every site on that scheme read the responses, just like `*`; with',
      "  credentials they are an error, because the service's own check only refuses a literal `*`.",
      '- **Function URLs** document only `*` and exact origins. (warning)',
      '',
      'What such a pattern lets through is judged here, so `insecure-origin` leaves `http://*` and REST patterns alone.',
    ].join('\n'),
    invalid: [
      'MyApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      '      AllowOrigin: "\'https://*.example.com\'"',
    ].join('\n'),
    valid: [
      '# HTTP APIs take a list of exact origins.',
      'MyApi:',
      '  Type: AWS::Serverless::HttpApi',
      '  Properties:',
      '    CorsConfiguration:',
      '      AllowOrigins:',
      '        - https://app.example.com',
      '        - https://admin.example.com',
    ].join('\n'),
    fix: [
      'List the exact origins instead of a pattern. An HTTP API takes a list:',
      '',
      '```yaml',
      'CorsConfiguration:',
      '  AllowOrigins:',
      '    - https://app.example.com',
      '    - https://admin.example.com',
      '```',
      '',
      "A REST API that must accept every subdomain has to choose the origin per request: a Lambda (or a mapping",
      "template) that checks the request's `Origin` against the pattern with an exact, anchored comparison, echoes it,",
      'and adds `Vary: Origin`. On S3 keep one `*` per origin; on CloudFront put it in the leftmost label.',
    ].join('\n'),
    links: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html',
      'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/understanding-response-headers-policies.html',
      'https://docs.aws.amazon.com/lambda/latest/dg/API_Cors.html',
    ],
  },
  check(model, context) {
    const patterns = originEntries(model).filter((entry) => {
      const text = entry.text.trim();
      // A stray quote ("'*''") is malformed-origin's finding, not a pattern.
      return text.includes('*') && text !== '*' && !text.includes("'") && originParts(text).length === 1;
    });
    for (const group of originGroups(patterns)) {
      const verdict = judge(group.item, subjects(group.subjects), group.items.some(credentialed));
      if (verdict) context.report({ at: group.item.val, severity: verdict.severity, message: verdict.message });
    }
  },
});
