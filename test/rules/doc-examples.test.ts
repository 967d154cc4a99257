/**
 * Each rule's doc page shows an invalid and a valid example: the invalid one must make the rule fire and the
 * valid one must not, so the pages cannot drift from what the rules do. Snippets that show resources alone are
 * wrapped in a `Resources` section. Checked for the origin and value rules (and wildcard-origin) and the
 * preflight, route and response rules; other rules may join the list once their examples stand alone.
 */
import { lintText, rules } from '../../src/index.js';

function ownFindings(id: string, snippet: string): number {
  const body = /^(Globals|Resources):/m.test(snippet) ? snippet : `Resources:\n${snippet.replace(/^/gm, '  ')}`;
  const run = lintText(`Transform: AWS::Serverless-2016-10-31\n${body}\n`, 'example.yaml', { cwd: '/' });
  const messages = run.results.flatMap((r) => r.messages);
  expect(messages.filter((m) => m.fatal).map((m) => m.message)).toEqual([]);
  return messages.filter((m) => m.ruleId === id).length;
}

const CHECKED = new Set([
  'wildcard-origin',
  'credentials-with-wildcard',
  'malformed-origin',
  'multiple-origins',
  'null-origin',
  'insecure-origin',
  'unsupported-origin-pattern',
  'missing-inner-quotes',
  'allow-credentials-not-boolean',
  'unknown-cors-key',
  'wildcard-headers',
  'max-age-over-cap',
  'globals-cors-merge',
  'preflight-authorizer',
  'default-route-swallows-preflight',
  'auth-header-not-allowed',
  'missing-allow-headers',
  'route-method-not-allowed',
  'methods-broader-than-routes',
  'gateway-responses-missing-cors',
  'response-header-not-declared',
]);

test.each(rules.filter((r) => CHECKED.has(r.id)).map((r) => [r.id, r] as const))('the doc examples of %s are honest', (id, rule) => {
  expect(ownFindings(id, rule.docs.invalid)).toBeGreaterThan(0);
  expect(ownFindings(id, rule.docs.valid)).toBe(0);
});
