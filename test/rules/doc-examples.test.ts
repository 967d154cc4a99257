/**
 * Each rule's doc page shows an invalid and a valid example: the invalid one must make the rule fire and the
 * valid one must not, so the pages cannot drift from what the rules do. Snippets that show resources alone are
 * wrapped in a `Resources` section.
 */
import { lintText, rules } from '../../src/index.js';

function ownFindings(id: string, snippet: string): number {
  const body = /^(Globals|Resources):/m.test(snippet) ? snippet : `Resources:\n${snippet.replace(/^/gm, '  ')}`;
  const run = lintText(`Transform: AWS::Serverless-2016-10-31\n${body}\n`, 'example.yaml', { cwd: '/' });
  const messages = run.results.flatMap((r) => r.messages);
  expect(messages.filter((m) => m.fatal).map((m) => m.message)).toEqual([]);
  return messages.filter((m) => m.ruleId === id).length;
}

/**
 * Every rule but these: origin-not-allowed needs a configuration to do anything, and the handler rules'
 * examples are checked with their handler code in test/handlers/docs.test.ts.
 */
const NOT_CHECKED = new Set(['origin-not-allowed', 'proxy-missing-allow-origin', 'proxy-origin-mismatch']);

test.each(rules.filter((r) => !NOT_CHECKED.has(r.id)).map((r) => [r.id, r] as const))('the doc examples of %s are honest', (id, rule) => {
  expect(ownFindings(id, rule.docs.invalid)).toBeGreaterThan(0);
  expect(ownFindings(id, rule.docs.valid)).toBe(0);
});
