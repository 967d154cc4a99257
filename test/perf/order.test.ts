/**
 * The rule registry sorts ids by code unit rather than with `localeCompare` (whose first call sets up collation,
 * a cost of every start). For kebab-case ids the two orders are the same: checked on the shipped rules and on
 * pairs where punctuation, digits and letters meet.
 */
import { RuleRegistry } from '../../src/engine/registry.js';
import { rules } from '../../src/index.js';

describe('rule order', () => {
  test('the registry lists the shipped rules in localeCompare order', () => {
    const ids = new RuleRegistry(rules).ids();
    expect(ids).toEqual([...ids].sort((a, b) => a.localeCompare(b)));
    expect(ids.length).toBe(rules.length);
  });

  test('code-unit order is localeCompare order for kebab-case ids', () => {
    const ids = ['a-b', 'ab', 'a', 'a-1', 'a1', 'a0-b', 'a-b-c', 'ab-c', 'a-bc', 'b', 'a9', 'a-9', 'a-z', 'az', 'x-1-a', 'x1-a', 'x-1a'];
    const registry = new RuleRegistry(ids.map((id) => ({ id, severity: 'warning', summary: id, docs: { why: '', fix: '' }, check: () => undefined }) as never));
    expect(registry.ids()).toEqual([...ids].sort((a, b) => a.localeCompare(b)));
  });
});
