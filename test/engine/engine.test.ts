import { defineRule } from '../../src/engine/rule.js';
import { closest, parseRuleOverrides, parseSeverity, RegistryError, RuleRegistry } from '../../src/engine/registry.js';
import { compareFindings, RuleError, runRules, type DocumentLookup } from '../../src/engine/run.js';
import type { Loc, Path, Range } from '../../src/types.js';

interface FakeModel {
  values: Array<{ loc: Loc; value: string; via?: Array<{ loc: Loc; note: string }>; when?: Array<{ name: string; value: boolean }> }>;
}

const docs = (ranges: Record<string, Range>): DocumentLookup => {
  return (file) =>
    file === 't.yaml'
      ? { locate: (path: Path, which?: 'value' | 'key') => ranges[`${path.join('.')}${which === 'key' ? ':key' : ''}`] ?? { line: 1, column: 1, endLine: 1, endColumn: 2 } }
      : undefined;
};

const star = defineRule<FakeModel>({
  id: 'no-star',
  severity: 'warning',
  summary: 'no stars',
  tags: ['test'],
  securitySeverity: 1,
  docs: { why: 'w', invalid: 'i', valid: 'v', fix: 'f', links: [] },
  check(model, context) {
    for (const v of model.values) {
      if (v.value === '*') context.report({ at: v, message: `value '${v.value}' is a star.`, severity: v.value === '*' && v.loc.path.includes('Prot') ? 'error' : undefined });
    }
  },
});

const at = (...path: string[]): Loc => ({ file: 't.yaml', path });

describe('runRules', () => {
  const ranges = {
    'A.B': { line: 3, column: 5, endLine: 3, endColumn: 8 },
    'P.Default': { line: 10, column: 14, endLine: 10, endColumn: 17 },
    'A.Prot': { line: 7, column: 2, endLine: 7, endColumn: 3 },
  };

  test('positions come from the document, not from the rule', () => {
    const findings = runRules([star], { values: [{ loc: at('A', 'B'), value: '*' }, { loc: at('A', 'C'), value: 'x' }] }, docs(ranges));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'no-star', severity: 1, line: 3, column: 5, endLine: 3, endColumn: 8, filePath: 't.yaml' });
  });

  test('via becomes related locations and when becomes a condition note', () => {
    const model: FakeModel = {
      values: [{ loc: at('P', 'Default'), value: '*', via: [{ loc: at('A', 'B'), note: '!Sub here' }], when: [{ name: 'IsProd', value: false }] }],
    };
    const [finding] = runRules([star], model, docs(ranges));
    expect(finding!.message).toBe("value '*' is a star (when IsProd is false).");
    expect(finding!.line).toBe(10);
    expect(finding!.relatedLocations).toEqual([{ filePath: 't.yaml', line: 3, column: 5, endLine: 3, endColumn: 8, message: '!Sub here' }]);
  });

  test('a rule may raise one finding above its default; a user severity applies to all', () => {
    const model: FakeModel = { values: [{ loc: at('A', 'Prot'), value: '*' }, { loc: at('A', 'B'), value: '*' }] };
    expect(runRules([star], model, docs(ranges)).map((f) => f.severity)).toEqual([2, 1]);
    expect(runRules([star], model, docs(ranges), { severities: { 'no-star': 'warning' } }).map((f) => f.severity)).toEqual([1, 1]);
    expect(runRules([star], model, docs(ranges), { severities: { 'no-star': 'off' } })).toEqual([]);
  });

  test('fingerprints ignore line numbers but tell findings apart', () => {
    const model: FakeModel = { values: [{ loc: at('A', 'B'), value: '*' }, { loc: at('A', 'B'), value: '*' }] };
    const moved = runRules([star], model, docs({ 'A.B': { line: 30, column: 5, endLine: 30, endColumn: 8 } }));
    const here = runRules([star], model, docs(ranges));
    expect(here.map((f) => f.fingerprint)).toEqual(moved.map((f) => f.fingerprint));
    expect(new Set(here.map((f) => f.fingerprint)).size).toBe(2);
  });

  test('a failing rule becomes a RuleError naming it', () => {
    const broken = defineRule<FakeModel>({ ...star, id: 'broken', check: () => { throw new Error('boom'); } });
    expect(() => runRules([broken], { values: [] }, docs({}))).toThrow(RuleError);
    expect(() => runRules([broken], { values: [] }, docs({}))).toThrow("rule 'broken' failed: boom");
  });

  test('findings sort by line, column, then rule', () => {
    const a = { ruleId: 'b', severity: 1 as const, message: '', line: 2, column: 1 };
    const b = { ruleId: 'a', severity: 1 as const, message: '', line: 2, column: 1 };
    const c = { ruleId: 'a', severity: 1 as const, message: '', line: 1, column: 9 };
    expect([a, b, c].sort(compareFindings)).toEqual([c, b, a]);
  });
});

describe('registry', () => {
  test('ids are kebab-case and unique', () => {
    expect(() => new RuleRegistry([{ ...star, id: 'Bad_Id' }])).toThrow(RegistryError);
    expect(() => new RuleRegistry([star, star])).toThrow('registered twice');
    expect(new RuleRegistry([star]).ids()).toEqual(['no-star']);
  });

  test('--rule overrides', () => {
    expect(parseRuleOverrides(['no-star:off'], ['no-star'])).toEqual({ 'no-star': 'off' });
    expect(parseRuleOverrides(['no-star:warn,other:2'], ['no-star', 'other'])).toEqual({ 'no-star': 'warning', other: 'error' });
    expect(() => parseRuleOverrides(['no-stars:off'], ['no-star'])).toThrow("unknown rule 'no-stars' (did you mean 'no-star'?)");
    expect(() => parseRuleOverrides(['no-star:loud'], ['no-star'])).toThrow('severity must be off, warn or error');
    expect(() => parseRuleOverrides(['no-star'], ['no-star'])).toThrow('expected id:off|warn|error');
  });

  test('severity words', () => {
    expect(parseSeverity('WARN')).toBe('warning');
    expect(parseSeverity('0')).toBe('off');
    expect(parseSeverity('fatal')).toBeUndefined();
    expect(closest('wildcard-orgin', ['wildcard-origin', 'null-origin'])).toBe('wildcard-origin');
    expect(closest('zzz', ['wildcard-origin'])).toBeUndefined();
  });
});

describe('a value reached through YAML aliases', () => {
  test('is reported where its anchor writes it, each alias on the way a related location "used here"', () => {
    const lookup: DocumentLookup = (file) =>
      file === 't.yaml'
        ? {
            locate: () => ({ line: 4, column: 18, endLine: 4, endColumn: 23 }),
            aliasesOn: (path: Path) =>
              path[0] === 'Through'
                ? [
                    { name: 'api', range: { line: 9, column: 11, endLine: 9, endColumn: 15 } },
                    { name: 'cors', range: { line: 6, column: 11, endLine: 6, endColumn: 16 } },
                  ]
                : [],
          }
        : undefined;
    const model: FakeModel = {
      values: [
        { loc: { file: 't.yaml', path: ['Through', 'AllowOrigin'] }, value: '*', via: [{ loc: { file: 't.yaml', path: ['Globals'] }, note: 'inherited' }] },
        { loc: { file: 't.yaml', path: ['Written', 'AllowOrigin'] }, value: '*' },
      ],
    };
    const [through, written] = runRules([star], model, lookup);
    expect([through!.line, through!.column]).toEqual([4, 18]);
    expect(through!.relatedLocations!.map((r) => `${r.line}:${r.column} ${r.message}`)).toEqual([
      "9:11 used here, through the alias '*api'",
      "6:11 used here, through the alias '*cors'",
      '4:18 inherited',
    ]);
    expect(written!.relatedLocations).toBeUndefined();
  });
});
