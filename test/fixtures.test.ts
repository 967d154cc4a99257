import { relative } from 'node:path';
import { lint } from '../src/index.js';
import { expectationsIn, fixtureCases, FIXTURES } from './helpers/fixtures.js';

const cases = fixtureCases();

const show = (pairs: Array<{ file: string; line: number; ruleId: string }>): string[] =>
  pairs.map((p) => `${relative(FIXTURES, p.file)}:${p.line} ${p.ruleId}`).sort();

describe.each(cases.map((c) => [`${c.rule} ${c.kind} ${c.name}`, c] as const))('%s', (_title, fixture) => {
  test('finds exactly the expected findings', async () => {
    const expected = fixture.files.flatMap(expectationsIn);
    // Only the fixture's own rule and the rules it names are compared: other rules may have their say elsewhere.
    const compared = new Set([fixture.rule, ...expected.map((e) => e.ruleId)]);
    const run = await lint([fixture.template], { cwd: FIXTURES });
    const fatal = run.results.flatMap((r) => r.messages.filter((m) => m.fatal).map((m) => `${r.filePath}: ${m.message}`));
    expect(fatal).toEqual([]);
    expect(run.templates).toBe(1);
    const found = run.results.flatMap((r) =>
      r.messages.filter((m) => m.ruleId && compared.has(m.ruleId)).map((m) => ({ file: r.filePath, line: m.line, ruleId: m.ruleId! })),
    );
    expect([...new Set(show(found))]).toEqual([...new Set(show(expected))]);
    if (fixture.kind === 'invalid') expect(expected.some((e) => e.ruleId === fixture.rule)).toBe(true);
    else expect(expected.filter((e) => e.ruleId === fixture.rule)).toEqual([]);
  });
});
