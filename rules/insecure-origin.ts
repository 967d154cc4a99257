import { defineRule } from '../src/engine/rule.js';
import { credentialed, originEntries, originGroups, quote, subjects } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';
import { isLoopbackHost, originHost, originParts, patternSupport } from '../src/model/values.js';
import { ruleDocs } from '../src/prose.js';

export default defineRule<CorsModel>({
  id: 'insecure-origin',
  severity: 'warning',
  summary: 'A plain-HTTP origin other than localhost is allowed: whoever can tamper with that site\'s traffic can read the responses.',
  tags: ['security', 'cors'],
  securitySeverity: 4.8,
  // with credentials: whoever tampers with that site's traffic reads the user's own data
  raisedSecuritySeverity: 6.5,
  docs: ruleDocs('insecure-origin'),
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
