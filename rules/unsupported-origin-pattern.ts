import { defineRule } from '../src/engine/rule.js';
import { credentialed, originEntries, originGroups, quote, subjects, type OriginEntry } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';
import { originParts, patternSupport } from '../src/model/values.js';
import { ruleDocs } from '../src/prose.js';

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
  docs: ruleDocs('unsupported-origin-pattern'),
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
