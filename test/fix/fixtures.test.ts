/**
 * `--fix` end to end on a copy of every invalid fixture (in a temporary folder): the fixed template still reads,
 * no rule finds anything it did not find before (and none finds more), every comment is kept, every finding of
 * the fixture's own rule that offered a fix is gone, and a fixed SAM template that SAM translated before still
 * translates (`../shared/tools/sam-translate`; skipped with a notice where absent). Each rule with a fix must fix
 * something on its own fixtures.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { cli } from '../cli/helpers.js';
import { fixtureCases, FIXTURES, type FixtureCase } from '../helpers/fixtures.js';
import { translateAll } from '../helpers/translator.js';
import type { LintMessage, LintResult } from '../../src/types.js';
import { FIXING_RULES } from './fixing-rules.js';

/**
 * Fixes that `--fix` rightly refuses on a fixture, because linting the fixed text finds something new: how many,
 * and why. The test fails when one is applied after all (then take it out).
 */
const REFUSED: Record<string, { count: number; reason: string }> = {
  'allow-credentials-not-boolean/string-credentials.yaml': {
    count: 1,
    reason: "the Globals AllowCredentials written as true is then merged into an API whose own Cors replaces Globals: a new 'globals-cors-merge' finding",
  },
};

const shared = join(__dirname, '..', '..', '..', 'shared');
const tool = join(shared, 'tools', 'sam-translate');
const translator = !existsSync(tool)
  ? `${tool} is absent`
  : spawnSync('python3', ['-c', 'import samtranslator'], { encoding: 'utf8' }).status !== 0
    ? 'python3 cannot import samtranslator'
    : '';
if (translator) console.warn(`skipping the translation of fixed SAM fixtures: ${translator}`);

const cases = fixtureCases().filter((c) => c.kind === 'invalid');
const work = mkdtempSync(join(tmpdir(), 'cors-lint-fix-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The comments of a YAML text, in order (a `#` at a line's start or after a blank). */
function comments(text: string): string[] {
  return text.split(/\r?\n/).flatMap((line) => {
    const m = /(?:^|\s)(#.*)$/.exec(line);
    return m ? [m[1]!.trim()] : [];
  });
}

/** The items of `a` that `b` does not hold (as many times as `a` has them more). */
function without(a: readonly string[], b: readonly string[]): string[] {
  const left = [...b];
  return a.filter((x) => {
    const i = left.indexOf(x);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

function counts(results: LintResult[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of results) for (const m of r.messages) out.set(m.ruleId ?? '(fatal)', (out.get(m.ruleId ?? '(fatal)') ?? 0) + 1);
  return out;
}

/** Copies a fixture into its own folder; returns the copy of its template. */
function copy(c: FixtureCase, i: number): string {
  const folder = join(work, String(i));
  const own = dirname(c.template) !== join(FIXTURES, c.rule, c.kind);
  if (own) {
    cpSync(dirname(c.template), folder, { recursive: true });
    return join(folder, relative(dirname(c.template), c.template));
  }
  cpSync(c.template, join(folder, basename(c.template)));
  return join(folder, basename(c.template));
}

interface Done {
  c: FixtureCase;
  original: string;
  fixed: string;
}

const fixedByRule = new Map<string, number>();
const changed: Done[] = [];

describe('--fix on a copy of every invalid fixture', () => {
  test.each(cases.map((c, i) => [`${c.rule}/${c.name}`, c, i] as const))('%s', async (_title, c, i) => {
    const template = copy(c, i);
    const cwd = dirname(template);
    const original = readFileSync(template, 'utf8');
    const before = JSON.parse((await cli(['--format', 'json', template], { cwd })).stdout) as LintResult[];
    const outcome = await cli(['--fix', '--format', 'json', template], { cwd });
    const after = JSON.parse(outcome.stdout) as LintResult[];
    const fixed = readFileSync(template, 'utf8');

    expect(after.flatMap((r) => r.messages.filter((m) => m.fatal)).map((m) => m.message)).toEqual([]);
    const was = counts(before);
    for (const [rule, n] of counts(after)) expect([rule, n]).toEqual([rule, Math.min(n, was.get(rule) ?? 0)]);
    // comments stay, except one on a line the fix removes (a list item), which goes with it
    const lost = without(comments(original), comments(fixed));
    expect(without(comments(fixed), comments(original))).toEqual([]);
    expect(lost.length).toBeLessThanOrEqual(Math.max(0, original.split('\n').length - fixed.split('\n').length));

    const own = (results: LintResult[]): LintMessage[] => results.filter((r) => r.filePath === template).flatMap((r) => r.messages.filter((m) => m.ruleId === c.rule));
    const offered = own(before).filter((m) => m.fix);
    // only the rules known to fix offer fixes (their pages say so)
    expect(before.flatMap((r) => r.messages).filter((m) => m.fix && !FIXING_RULES[m.ruleId ?? '']).map((m) => m.ruleId)).toEqual([]);
    // every fix of the fixture's own rule was applied: what remains of that rule is what had no fix
    const refused = REFUSED[`${c.rule}/${c.name}`]?.count ?? 0;
    expect(own(after).length).toBe(own(before).length - offered.length + refused);
    if (offered.length > 0) {
      expect(fixed).not.toBe(original);
      fixedByRule.set(c.rule, (fixedByRule.get(c.rule) ?? 0) + offered.length - refused);
    }
    if (fixed !== original) {
      cpSync(c.template, `${template}.orig`);
      changed.push({ c, original: `${template}.orig`, fixed: template });
    }
    // a fixed file is reported without fixes left to apply, and the exit code follows what remains
    expect(after.flatMap((r) => r.messages).filter((m) => m.fix)).toEqual([]);
    expect(outcome.code).toBe(after.some((r) => r.errorCount > 0) ? 1 : 0);
  });

  test('every rule that offers a fix fixes a finding of its own fixtures', () => {
    for (const rule of Object.keys(FIXING_RULES)) expect([rule, (fixedByRule.get(rule) ?? 0) > 0]).toEqual([rule, true]);
  });
});

const isSam = (text: string): boolean => /Transform["']?\s*:\s*["']?AWS::Serverless/.test(text);

(translator ? describe.skip : describe)('fixed SAM fixtures still translate', () => {
  test('every fixed SAM template that SAM translated before translates after', async () => {
    const sam = changed.filter((d) => isSam(readFileSync(d.fixed, 'utf8')));
    expect(sam.length).toBeGreaterThan(0);
    const lines = await translateAll(tool, sam.flatMap((d) => [[d.original, `${d.original}.json`], [d.fixed, `${d.fixed}.json`]] as const));
    const broken = sam.flatMap((d, i) => (lines[2 * i]!.code === 0 && lines[2 * i + 1]!.code !== 0 ? [`${d.c.rule}/${d.c.name}: ${lines[2 * i + 1]!.message}`] : []));
    expect(broken).toEqual([]);
  }, 300_000);
});
