/** docs/fix.md: every example's first template, fixed as `--fix` fixes it, is the template the page shows after it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixText } from '../../src/index.js';
import { FIXING_RULES } from './fixing-rules.js';

const page = readFileSync(join(__dirname, '..', '..', 'docs', 'fix.md'), 'utf8');
const examples = page.slice(page.indexOf('## Examples'), page.indexOf('## Fixes in the reports'));
const blocks = [...examples.matchAll(/```(yaml|json)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, text: m[2]! }));

test('the page has examples in pairs', () => {
  expect(blocks.length).toBeGreaterThanOrEqual(4);
  expect(blocks.length % 2).toBe(0);
});

describe.each(Array.from({ length: blocks.length / 2 }, (_, i) => [i + 1, blocks[2 * i]!, blocks[2 * i + 1]!] as const))('example %i', (_n, before, after) => {
  test('--fix gives the template shown after it, which nothing more is found in', async () => {
    const fixed = await fixText(before.text, `example.${before.lang === 'json' ? 'json' : 'yaml'}`, { configLookup: false });
    expect(fixed.output).toBe(after.text);
    expect(fixed.run.results.flatMap((r) => r.messages).map((m) => m.ruleId)).toEqual([]);
  });
});

test("the page's table of fixes names exactly the rules that fix", () => {
  const table = page.slice(page.indexOf('## What is fixed'), page.indexOf('## Examples'));
  const named = [...table.matchAll(/^\| \[`([a-z-]+)`\]/gm)].map((m) => m[1]);
  expect(named).toEqual(Object.keys(FIXING_RULES).sort());
});
