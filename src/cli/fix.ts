/**
 * `--fix` and `--fix-dry-run` for the lint command: each template with a fixable finding is fixed
 * (`src/fix/apply.ts`: passes, each proved by linting again), then written atomically (`--fix`) or shown as a
 * unified diff and, in the JSON report, as ESLint's `output` (`--fix-dry-run`). The report then shows what
 * remains, and the exit code follows it.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { unifiedDiff } from '../fix/diff.js';
import { ChangedOnDisk, fixText, writeAtomically, type FixedFile } from '../fix/apply.js';
import { HandlerAnalyzer } from '../handlers/index.js';
import { lintSourceAsync, type LintOptions } from '../lint.js';
import type { LintResult } from '../types.js';
import type { CliIO } from './io.js';
import { plural } from './output.js';

export interface FixStepOptions {
  /** Write the fixes (`--fix`), or only show them (`--fix-dry-run`). */
  write: boolean;
  /** Print the diff of each fixed file on standard output (`--fix-dry-run` with a report meant for people). */
  diff: boolean;
  verbose: boolean;
  /** Texts read from standard input, by the name they were linted under (`--fix-dry-run` only). */
  stdin?: Map<string, string>;
}

/** Fixes the templates of `results` that have fixable findings; returns the results of what remains. */
export async function fixStep(io: CliIO, results: LintResult[], lintOptions: LintOptions, step: FixStepOptions): Promise<LintResult[]> {
  const files = [...new Set(results.filter((r) => r.fatalErrorCount === 0 && r.messages.some((m) => m.fix)).map((r) => r.filePath))];
  if (files.length === 0) return results;
  const handlers = new HandlerAnalyzer();
  const options: LintOptions = { ...lintOptions, threads: 1, onProgress: undefined, handlers, keepModels: false };
  const byFile = new Map<string, { fixed: FixedFile; result?: LintResult }>();
  let fixedCount = 0;
  let fixedFiles = 0;
  try {
    for (const file of files) {
      const fromStdin = step.stdin?.get(file);
      const bytes = fromStdin === undefined ? readFileSync(file) : Buffer.from(fromStdin, 'utf8');
      const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
      const relint = (t: string) => lintSourceAsync(t, file, options);
      const first = await relint(text);
      if (first.templates === 0) continue; // a document a template includes: fixed through its template only
      const fixed = await fixText(file, text, first, relint);
      const count = Object.values(fixed.fixed).reduce((a, b) => a + b, 0);
      if (step.verbose) {
        for (const r of fixed.refused) io.stderr.write(`cors-lint: fix not applied: ${relative(io.cwd, file)}:${r.line}:${r.column}: ${r.ruleId}: ${r.desc} (${r.reason})\n`);
      }
      if (fixed.output === text) continue;
      if (step.write) {
        try {
          writeAtomically(file, fixed.output, bytes);
        } catch (error) {
          if (!(error instanceof ChangedOnDisk)) throw error;
          io.stderr.write(`cors-lint: ${relative(io.cwd, file)} changed while it was being fixed; it was left as it is\n`);
          continue;
        }
      } else if (step.diff) {
        const name = relative(io.cwd, file) || file;
        io.stdout.write(unifiedDiff(text, fixed.output, `a/${name}`, `b/${name}`));
      }
      fixedCount += count;
      fixedFiles++;
      byFile.set(file, { fixed, result: fixed.run.results.find((r) => r.filePath === file) });
    }
  } finally {
    handlers.dispose();
  }
  if (fixedFiles > 0) {
    io.stderr.write(`cors-lint: ${step.write ? 'fixed' : 'would fix'} ${plural(fixedCount, 'problem')} in ${plural(fixedFiles, 'file')}\n`);
  }
  return results.map((r) => {
    const done = byFile.get(r.filePath);
    if (!done?.result) return r;
    const out: LintResult = { ...done.result, source: done.fixed.output };
    if (!step.write) out.output = done.fixed.output;
    return out;
  });
}
