/**
 * Every shipped rule's page says what `--fix` does for it (the rules that offer a fix) or why no fix is safe (all
 * the others), in its `## Automatic fix` section.
 */
import { rules } from '../../src/index.js';
import { FIXING_RULES } from './fixing-rules.js';

describe.each(rules.map((r) => [r.id, r] as const))('%s', (id, rule) => {
  test(FIXING_RULES[id] ? 'its page says what --fix does' : 'its page says why no fix is safe', () => {
    const text = rule.docs.autofix?.trim() ?? '';
    if (FIXING_RULES[id]) expect(text).toMatch(/^`cors-lint --fix` \S/);
    else expect(text).toMatch(/^No automatic fix: \S.*\.$/s);
  });
});

test('every rule named as fixing is a shipped rule', () => {
  expect(Object.keys(FIXING_RULES).filter((id) => !rules.some((r) => r.id === id))).toEqual([]);
});
