/**
 * Linting many files on several threads. Worker threads (`lint-worker.ts`) and the main thread take files from a
 * shared counter, each with its own {@link Lane} (what it has read stays with it); every file's outcome goes to the
 * run's one merge (`RunMerge`), which puts it at its place in the input order exactly as a run on one thread does,
 * so the results, and every report made from them, are the same as with one thread.
 *
 * Configuration is read in the main thread: the workers get each file's settings as data. Only the shipped rules
 * can run in a worker (a worker loads them itself), so a run with other rules stays on one thread. When no worker
 * can start, the main thread lints every file and the run says why (`LintRun.threads.failure`).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { rules as shippedRules } from '../rules/index.js';
import type { DiscoveredFile } from './discover/index.js';
import type { RuleSettings } from './engine/run.js';
import { lintFile } from './pipeline/file.js';
import { newLane, type Lane } from './pipeline/lane.js';
import { optionsFor, type FileOptions, type LintOptions } from './pipeline/options.js';
import type { FileOutcome, LintRun, RunMerge } from './pipeline/outcome.js';

/** Fewer files than this per thread do not pay for starting a worker (which loads the linter again). */
export const FILES_PER_THREAD = 16;

/** What a worker is told about one file: its settings, or why it is not linted. */
export type FilePlan = { ignored: string } | { settings?: RuleSettings; parameters?: Readonly<Record<string, string>> };

/** The settings every file shares, as data a worker can receive. */
export interface SharedSettings {
  cwd: string;
  baseDir?: string;
  root?: string;
  ruleIds: string[];
  maxBytes?: number;
  maxDepth?: number;
  parameterSources?: Readonly<Record<string, string>>;
  configEnv?: string | false;
  reportUnusedDisableDirectives?: boolean | 1 | 2;
  sources?: boolean;
}

export interface WorkerData {
  files: DiscoveredFile[];
  plans: FilePlan[];
  shared: SharedSettings;
  /** An `Int32Array` over it holds the index of the next file to take. */
  counter: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'file'; index: number; outcome: FileOutcome }
  | { type: 'done' }
  | { type: 'error'; message: string; stack?: string };

const shippedById = new Map(shippedRules.map((rule) => [rule.id, rule]));
const WORKER = new URL('./lint-worker.js', import.meta.url);

/**
 * How many threads to lint `files` files with: 1 unless the run allows more, its rules are the shipped ones, and
 * it has files enough for them; with a `failure` when more were planned and the worker module is not there.
 */
export function planThreads(files: number, options: LintOptions): { threads: number; failure?: string } {
  const asked = Math.floor(options.threads ?? 1);
  if (asked <= 1 || !options.rules.every((rule) => shippedById.get(rule.id) === rule)) return { threads: 1 };
  const threads = Math.max(1, Math.min(asked, Math.floor(files / FILES_PER_THREAD)));
  if (threads === 1) return { threads };
  // the worker is the built module: run from the TypeScript sources (as the tests do), there is none
  if (!existsSync(fileURLToPath(WORKER))) return { threads: 1, failure: `the worker module ${fileURLToPath(WORKER)} is not there (a build runs from dist/)` };
  return { threads };
}

/** Lints one file in a lane, waiting for the grammars it needs (what a thread posts to the merge). */
export async function lintOne(file: DiscoveredFile, fileOptions: FileOptions, lane: Lane): Promise<FileOutcome> {
  return lintFile(file, fileOptions, lane, true);
}

/** A file's options in a worker, from the shared settings and the file's plan (a worker keeps no model). */
export function workerOptions(shared: SharedSettings, plan: FilePlan): FileOptions {
  if ('ignored' in plan) return { ignored: plan.ignored };
  const { ruleIds, ...rest } = shared;
  return { ...rest, rules: ruleIds.map((id) => shippedById.get(id)!), settings: plan.settings, parameters: plan.parameters, keepModels: false };
}

/**
 * Lints `files` on `threads` threads (the main thread and `threads - 1` workers) into `merge`; returns how many
 * threads linted, and why fewer than planned when workers could not start.
 */
export async function lintOnThreads(files: DiscoveredFile[], options: LintOptions, threads: number, merge: RunMerge): Promise<NonNullable<LintRun['threads']>> {
  const fileOptions = files.map((file) => optionsFor(options, file.path));
  const plans: FilePlan[] = fileOptions.map((o) => ('ignored' in o ? { ignored: o.ignored } : { settings: o.settings, parameters: o.parameters }));
  const shared: SharedSettings = {
    cwd: options.cwd,
    baseDir: options.baseDir,
    ...(options.root !== undefined ? { root: options.root } : {}),
    ruleIds: options.rules.map((rule) => rule.id),
    maxBytes: options.maxBytes,
    maxDepth: options.maxDepth,
    parameterSources: options.parameterSources,
    configEnv: options.configEnv,
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
    ...(options.sources === false ? { sources: false } : {}),
  };
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  let received = 0;
  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const allIn = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const receive = (index: number, outcome: FileOutcome): void => {
    merge.add(index, outcome);
    received++;
    options.onProgress?.(received, files.length);
    if (received === files.length) settle!.resolve();
  };

  const workers: Worker[] = [];
  let failure: string | undefined;
  for (let i = 1; i < threads; i++) {
    const data: WorkerData = { files, plans, shared, counter };
    let worker: Worker;
    try {
      worker = new Worker(WORKER, { workerData: data });
    } catch (error) {
      // the main thread lints what no worker takes; the run says why it had fewer threads
      failure = `a worker thread cannot start: ${error instanceof Error ? error.message : String(error)}`;
      break;
    }
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'file') receive(message.index, message.outcome);
      else if (message.type === 'error') settle!.reject(Object.assign(new Error(message.message), { stack: message.stack }));
    });
    worker.on('error', (error) => settle!.reject(error));
    worker.on('exit', (code) => {
      if (code !== 0 && received < files.length) settle!.reject(new Error(`a lint worker stopped with exit code ${code}`));
    });
    workers.push(worker);
  }

  const lane = newLane();
  try {
    for (let i = Atomics.add(next, 0, 1); i < files.length; i = Atomics.add(next, 0, 1)) {
      receive(i, await lintOne(files[i]!, fileOptions[i]!, lane));
    }
    if (files.length === 0) settle!.resolve();
    await allIn;
  } finally {
    lane.handlers.dispose();
    for (const worker of workers) void worker.terminate();
  }
  return failure ? { used: workers.length + 1, failure } : { used: workers.length + 1 };
}
