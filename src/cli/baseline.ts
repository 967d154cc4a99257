/** `--baseline FILE` and `--write-baseline FILE`: reading, writing and applying a baseline (see `src/baseline.ts`). */
import { relative, resolve } from 'node:path';
import { applyBaseline, BaselineError, createBaseline, formatBaseline, parseBaseline } from '../baseline.js';
import { LoadError, readRegularFile } from '../load/index.js';
import type { LintResult } from '../types.js';
import { UsageError, type CliIO } from './io.js';
import { plural, writeReport } from './output.js';

/** A baseline file larger than this is refused unread (one entry is a few hundred bytes). */
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

export interface BaselineOptions {
  baseline?: string;
  writeBaseline?: string;
}

/** What the run reports after the baseline, and the line that says what the baseline did (for standard error). */
export interface Baselined {
  results: LintResult[];
  note?: string;
}

/** Refuses `--baseline` with `--write-baseline` before anything is linted. */
export function checkBaselineOptions(options: BaselineOptions): void {
  if (options.baseline !== undefined && options.writeBaseline !== undefined) {
    throw new UsageError('--write-baseline records a new baseline: give it alone, not with --baseline (see docs/ci.md, "A baseline")');
  }
}

/**
 * With `--write-baseline`: records the findings (every one that stands) and then applies the new baseline, so the
 * run passes unless a file cannot be read. With `--baseline`: applies it. Otherwise the results as they are.
 */
export function baselineStep(options: BaselineOptions, results: LintResult[], baseDir: string, inputs: ReadonlySet<string>, io: CliIO): Baselined {
  const shown = (file: string) => relative(io.cwd, file) || file;
  if (options.writeBaseline !== undefined) {
    const file = resolve(io.cwd, options.writeBaseline);
    const baseline = createBaseline(results, baseDir);
    writeReport(file, formatBaseline(baseline), inputs, '--write-baseline');
    const applied = applyBaseline(results, baseline, shown(file));
    return { results: applied.results, note: `cors-lint: ${plural(baseline.findings.length, 'finding')} recorded in the baseline ${shown(file)}` };
  }
  if (options.baseline === undefined) return { results };
  const file = resolve(io.cwd, options.baseline);
  let text: string;
  try {
    text = readRegularFile(file, MAX_BASELINE_BYTES, 'baseline file').toString('utf8');
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    throw new UsageError(`--baseline ${options.baseline}: ${error.code === 'not-found' ? 'no such file (write one with --write-baseline)' : error.code === 'is-directory' ? 'is a folder' : error.message}`);
  }
  let applied;
  try {
    applied = applyBaseline(results, parseBaseline(text, shown(file)), shown(file));
  } catch (error) {
    if (error instanceof BaselineError) throw new UsageError(`--baseline ${error.message}`);
    throw error;
  }
  const parts: string[] = [];
  if (applied.known > 0) parts.push(`${plural(applied.known, 'finding')} in the baseline ${shown(file)} ${applied.known === 1 ? 'is' : 'are'} not reported (--verbose lists them)`);
  if (applied.stale > 0) {
    parts.push(`${plural(applied.stale, 'entry', 'entries')} of the baseline ${shown(file)} ${applied.stale === 1 ? 'matches' : 'match'} no finding any more: run --write-baseline ${shown(file)} to drop ${applied.stale === 1 ? 'it' : 'them'}`);
  }
  return { results: applied.results, note: parts.length > 0 ? `cors-lint: ${parts.join('; ')}` : undefined };
}
