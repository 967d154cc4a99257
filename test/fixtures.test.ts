/**
 * Every rule's fixtures, each rule in its own describe: a fixture finds exactly the findings its `expect:` comments
 * declare (rule, line, column, severity, and how many), for its own rule and every rule it names. The syntax and
 * its errors are checked first (see `helpers/fixtures.ts`).
 */
import { relative } from 'node:path';
import { lint, rules } from '../src/index.js';
import { expectationsIn, expectationsInSidecar, expectationsInText, fixtureCases, FIXTURES, type Expectation } from './helpers/fixtures.js';

const cases = fixtureCases();

const show = (e: Expectation): string => `${relative(FIXTURES, e.file)}:${e.line}:${e.column} ${e.ruleId} ${e.severity}`;

describe('the expectation syntax', () => {
  test('reads entries, repeated ones and a note', () => {
    const text = [
      'a: 1',
      "b: '*'   # expect: wildcard-origin col=4 error, credentials-with-wildcard col=4 error (a note, with a comma)",
      'c: [x, y]  // expect: methods-broader-than-routes col=5 warning,methods-broader-than-routes  col=8  warning',
    ].join('\n');
    expect(expectationsInText('t.yaml', text).map(show)).toEqual([
      '../t.yaml:2:4 wildcard-origin error',
      '../t.yaml:2:4 credentials-with-wildcard error',
      '../t.yaml:3:5 methods-broader-than-routes warning',
      '../t.yaml:3:8 methods-broader-than-routes warning',
    ]);
    expect(expectationsInSidecar('t.json', 't.expect', '# a comment\n\n12 wildcard-origin col=24 error\n12 null-origin col=30 warning\n').map(show)).toEqual([
      '../t.json:12:24 wildcard-origin error',
      '../t.json:12:30 null-origin warning',
    ]);
  });

  test.each([
    ['no column or severity', '# expect: wildcard-origin', /t\.yaml:1: cannot read the expectation 'wildcard-origin'/],
    ['no severity', '# expect: wildcard-origin col=3', /cannot read the expectation 'wildcard-origin col=3'/],
    ['no column', '# expect: wildcard-origin error', /cannot read the expectation 'wildcard-origin error'/],
    ['a severity that is none', '# expect: wildcard-origin col=3 warn', /cannot read the expectation/],
    ['column 0', '# expect: wildcard-origin col=0 error', /cannot read the expectation/],
    ['one good entry, one without its column', '# expect: wildcard-origin col=3 error, null-origin', /cannot read the expectation 'null-origin'/],
    ['nothing', '# expect:', /t\.yaml:1: an 'expect:' comment names no finding/],
  ])('refuses %s', (_name, text, message) => {
    expect(() => expectationsInText('t.yaml', text)).toThrow(message);
  });

  test('refuses a JSON expectation without its column or severity', () => {
    expect(() => expectationsInSidecar('t.json', 't.expect', '12 wildcard-origin\n')).toThrow(/t\.expect:1: cannot read the expectation 'wildcard-origin'/);
    expect(() => expectationsInSidecar('t.json', 't.expect', 'wildcard-origin col=2 error\n')).toThrow(/t\.expect:1: cannot read 'wildcard-origin col=2 error'/);
  });
});

test('every fixture folder is a rule, and every rule has fixtures', () => {
  expect([...new Set(cases.map((c) => c.rule))].sort()).toEqual(rules.map((r) => r.id).sort());
});

describe.each(rules.map((r) => r.id))('%s fixtures', (rule) => {
  const own = cases.filter((c) => c.rule === rule);

  test.each(own.map((c) => [`${c.kind} ${c.name}`, c] as const))('%s finds exactly the expected findings', async (_title, fixture) => {
    const expected = fixture.files.flatMap(expectationsIn);
    // Only the fixture's own rule and the rules it names are compared: other rules may have their say elsewhere.
    const compared = new Set([fixture.rule, ...expected.map((e) => e.ruleId)]);
    const run = await lint([fixture.template], { cwd: FIXTURES });
    const fatal = run.results.flatMap((r) => r.messages.filter((m) => m.fatal).map((m) => `${r.filePath}: ${m.message}`));
    expect(fatal).toEqual([]);
    expect(run.templates).toBe(1);
    const found = run.results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId && compared.has(m.ruleId))
        .map((m): Expectation => ({ file: r.filePath, line: m.line, column: m.column, ruleId: m.ruleId!, severity: m.severity === 2 ? 'error' : 'warning' })),
    );
    expect(found.map(show).sort()).toEqual(expected.map(show).sort());
    if (fixture.kind === 'invalid') expect(expected.some((e) => e.ruleId === fixture.rule)).toBe(true);
    else expect(expected.filter((e) => e.ruleId === fixture.rule)).toEqual([]);
  });
});
