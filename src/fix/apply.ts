/**
 * `--fix` for one template: passes of fixes (ESLint's: every fix that does not overlap one before it, then lint
 * again, up to {@link MAX_PASSES}), each kept only when the fixed text is proved better by linting it again —
 * it still reads, every fixed finding is gone, no rule finds more than before less what was fixed, and nothing
 * new is left unchecked (the run's notes) — and the result written atomically, never over a file that changed
 * since it was read.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { LintRun } from '../lint.js';
import type { LintMessage } from '../types.js';
import { applyFixes } from './edits.js';

/** ESLint's bound on fix passes. */
export const MAX_PASSES = 10;

/** Lints a text as the template file it will replace (same path, configuration, parameters and handlers). */
export type Relint = (text: string) => Promise<LintRun>;

/** A fix that was not applied, and why. */
export interface RefusedFix {
  ruleId: string;
  line: number;
  column: number;
  desc: string;
  reason: string;
}

/** What fixing one template gave. */
export interface FixedFile {
  file: string;
  /** The text as read (no byte-order mark). */
  original: string;
  /** The text with the fixes kept (equal to `original` when none was). */
  output: string;
  /** The findings fixed, by rule id. */
  fixed: Record<string, number>;
  refused: RefusedFix[];
  /** The run on `output`: what remains. */
  run: LintRun;
  passes: number;
}

/** Counts of the findings (reported and suppressed) of a run, by rule, in every file it reports on. */
function countsOf(run: LintRun): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of run.results) for (const m of [...r.messages, ...r.suppressedMessages]) counts.set(m.ruleId ?? '(fatal)', (counts.get(m.ruleId ?? '(fatal)') ?? 0) + 1);
  return counts;
}

function fatal(run: LintRun): LintMessage | undefined {
  for (const r of run.results) for (const m of r.messages) if (m.fatal) return m;
  return undefined;
}

/** Why the run on a fixed text is not better than `before` after fixing `fixed` (or `undefined` when it is). */
export function worse(before: LintRun, after: LintRun, fixed: readonly LintMessage[], file: string): string | undefined {
  const broken = fatal(after);
  if (broken) return `the fixed template does not read: ${broken.message}`;
  if (after.templates === 0) return 'the fixed file is no longer a template';
  const remaining = new Set(after.results.filter((r) => r.filePath === file).flatMap((r) => [...r.messages, ...r.suppressedMessages]).map((m) => m.fingerprint));
  const stays = fixed.find((m) => remaining.has(m.fingerprint));
  if (stays) return `the finding is still there after the fix`;
  const was = countsOf(before);
  const now = countsOf(after);
  const less = new Map<string, number>();
  for (const m of fixed) less.set(m.ruleId ?? '', (less.get(m.ruleId ?? '') ?? 0) + 1);
  for (const [rule, n] of now) {
    if (n > (was.get(rule) ?? 0) - (less.get(rule) ?? 0)) return `the fix makes a new '${rule}' finding`;
  }
  const notes = new Map<string, number>();
  for (const n of before.notes) notes.set(n.message, (notes.get(n.message) ?? 0) + 1);
  for (const n of after.notes) {
    const left = notes.get(n.message) ?? 0;
    if (left === 0) return `the fixed template leaves something unchecked: ${n.message}`;
    notes.set(n.message, left - 1);
  }
  return undefined;
}

/** The messages of a run on `file` that carry a fix. */
function fixable(run: LintRun, file: string): LintMessage[] {
  return run.results.filter((r) => r.filePath === file).flatMap((r) => r.messages.filter((m) => m.fix !== undefined));
}

const refusal = (m: LintMessage, reason: string): RefusedFix => ({ ruleId: m.ruleId ?? '', line: m.line, column: m.column, desc: m.fix?.desc ?? '', reason });

/**
 * Fixes one template's text: `first` is the run on `text` (the run that found the fixes). Each pass applies the
 * fixes that do not overlap; when the pass as a whole is not better, its fixes are tried one at a time and the
 * first that is better is kept (the others wait for the next pass, which lints again).
 */
export async function fixText(file: string, text: string, first: LintRun, relint: Relint): Promise<FixedFile> {
  const fixed: Record<string, number> = {};
  const refused = new Map<string, RefusedFix>();
  let current = text;
  let run = first;
  let passes = 0;
  while (passes < MAX_PASSES) {
    const candidates = fixable(run, file).filter((m) => !refused.has(m.fingerprint ?? ''));
    if (candidates.length === 0) break;
    passes++;
    const whole = applyFixes(current, candidates);
    let kept: { output: string; run: LintRun; fixed: LintMessage[] } | undefined;
    const wholeRun = await relint(whole.output);
    const why = worse(run, wholeRun, whole.fixed, file);
    if (why === undefined) kept = { output: whole.output, run: wholeRun, fixed: whole.fixed };
    else if (whole.fixed.length === 1) refused.set(whole.fixed[0]!.fingerprint ?? '', refusal(whole.fixed[0]!, why));
    else {
      for (const m of whole.fixed) {
        const one = applyFixes(current, [m]);
        const oneRun = await relint(one.output);
        const reason = worse(run, oneRun, one.fixed, file);
        if (reason === undefined) {
          kept = { output: one.output, run: oneRun, fixed: one.fixed };
          break;
        }
        refused.set(m.fingerprint ?? '', refusal(m, reason));
      }
    }
    if (!kept) continue;
    for (const m of kept.fixed) fixed[m.ruleId ?? ''] = (fixed[m.ruleId ?? ''] ?? 0) + 1;
    current = kept.output;
    run = kept.run;
  }
  demote(run, file, refused);
  return { file, original: text, output: current, fixed, refused: [...refused.values()], run, passes };
}

/**
 * A fix that linting the fixed text proved unsafe is no fix: on the messages of what remains it becomes a
 * suggestion (a person may still choose it), its description saying why it was not applied.
 */
function demote(run: LintRun, file: string, refused: ReadonlyMap<string, RefusedFix>): void {
  for (const result of run.results) {
    if (result.filePath !== file) continue;
    for (const m of result.messages) {
      const why = m.fix && refused.get(m.fingerprint ?? '');
      if (!why || !m.fix) continue;
      const desc = `${m.fix.desc} (not applied by --fix: ${why.reason})`;
      m.suggestions = [{ desc, fix: { ...m.fix, desc } }, ...(m.suggestions ?? [])];
      delete m.fix;
    }
    result.fixableErrorCount = result.messages.filter((m) => m.severity === 2 && m.fix).length;
    result.fixableWarningCount = result.messages.filter((m) => m.severity === 1 && m.fix).length;
  }
}

/** The file changed on disk since it was read (its bytes are not the ones the fix started from). */
export class ChangedOnDisk extends Error {}

/**
 * Writes `text` over `file` atomically: a temporary file in the same folder (with the file's mode), flushed,
 * then renamed over it, but only when the file still holds `expected` (the bytes it was read as). A UTF-8
 * byte-order mark the file had is kept.
 */
export function writeAtomically(file: string, text: string, expected: Buffer): void {
  const now = readFileSync(file);
  if (!now.equals(expected)) throw new ChangedOnDisk(`${file} changed since it was read; it was not fixed`);
  const bom = expected.length >= 3 && expected[0] === 0xef && expected[1] === 0xbb && expected[2] === 0xbf;
  const bytes = Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
  const { mode } = statSync(file);
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.cors-lint-fix`);
  const fd = openSync(temp, 'wx', mode & 0o777);
  try {
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(temp, mode & 0o7777);
    // the last look before the rename: a change made while the fix was written wins
    if (!readFileSync(file).equals(expected)) throw new ChangedOnDisk(`${file} changed since it was read; it was not fixed`);
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // already renamed or never made
    }
    throw error;
  }
}
