/**
 * A run: discover the files, schedule them on one thread or on several, and merge their outcomes with the one
 * merge both use (`RunMerge`, `pipeline/outcome.ts`). Turning one file into one outcome is `pipeline/file.ts`;
 * several threads are `parallel.ts`, loaded only when a run may use them. Rules are handed in (the public API in
 * `index.ts` wires the shipped ones), so this file knows no rule.
 */
import { discover } from './discover/index.js';
import { lintFile, lintSourceFile, type Pending } from './pipeline/file.js';
import { newLane, type Lane } from './pipeline/lane.js';
import { optionsFor, timed, type LintOptions } from './pipeline/options.js';
import { RunMerge, type LintRun } from './pipeline/outcome.js';

export { optionsFor, type FileOptions, type FileSettings, type LintOptions, type Timings } from './pipeline/options.js';
export { emptyResult, newRun, tally, type FileOutcome, type LintRun, type Note, type Skipped } from './pipeline/outcome.js';
export { newLane, type Lane } from './pipeline/lane.js';

/** Lints the files, directories and globs given, in order. */
export async function lintPaths(inputs: readonly string[], options: LintOptions): Promise<LintRun> {
  const { timings } = options;
  const { files, missing } = timed(timings, 'discover', () => discover(inputs, { cwd: options.cwd }));
  const merge = new RunMerge(missing);
  if ((options.threads ?? 1) > 1 && !options.modelOnly && !options.handlers && !timings) {
    const parallel = await import('./parallel.js');
    const plan = parallel.planThreads(files.length, options);
    if (plan.threads > 1) {
      merge.run.threads = await parallel.lintOnThreads(files, options, plan.threads, merge);
      return merge.run;
    }
    merge.run.threads = { used: 1, ...(plan.failure ? { failure: plan.failure } : {}) };
  }
  const lane = newLane(options.handlers);
  try {
    for (const [i, file] of files.entries()) {
      merge.add(i, await lintFile(file, timed(timings, 'configure', () => optionsFor(options, file.path)), lane, true));
      options.onProgress?.(i + 1, files.length);
    }
  } finally {
    if (!options.handlers) lane.handlers.dispose();
  }
  return merge.run;
}

/**
 * Lints one template given as text or bytes, synchronously: Lambda handlers are read only in the languages whose
 * grammars `options.grammars` holds (`loadHandlerGrammars()`), whatever else this process has loaded, so that the
 * result never depends on an earlier call; the others are noted (`grammar-not-loaded`). {@link lintSourceAsync}
 * loads what the template needs.
 */
export function lintSource(source: string | Uint8Array, filePath: string, options: LintOptions): LintRun {
  return sourceRun(source, filePath, options, false) as LintRun;
}

/** Lints one template given as text or bytes, loading the handler grammars it needs. */
export async function lintSourceAsync(source: string | Uint8Array, filePath: string, options: LintOptions): Promise<LintRun> {
  return sourceRun(source, filePath, options, true);
}

/** One template from text or bytes on this thread, by the same path with and without loading grammars. */
function sourceRun(source: string | Uint8Array, filePath: string, options: LintOptions, load: boolean): LintRun | Promise<LintRun> {
  const lane = newLane(options.handlers);
  const merge = new RunMerge();
  const done = (outcome: Awaited<Pending>): LintRun => {
    disposeUnlessGiven(lane, options);
    merge.add(0, outcome);
    return merge.run;
  };
  let pending: Pending;
  try {
    pending = lintSourceFile(source, filePath, optionsFor(options, filePath), lane, load);
  } catch (error) {
    disposeUnlessGiven(lane, options);
    throw error;
  }
  return pending instanceof Promise ? pending.then(done, (error: unknown) => {
    disposeUnlessGiven(lane, options);
    throw error;
  }) : done(pending);
}

function disposeUnlessGiven(lane: Lane, options: LintOptions): void {
  if (!options.handlers) lane.handlers.dispose();
}
