/**
 * Linting many files on several threads. Worker threads (`lint-worker.ts`) and the main thread take files from a
 * shared counter, each with its own {@link Lane} (what it has read stays with it); every file's outcome is put back
 * at its place in the input order and merged exactly as a run on one thread merges it, so the results, and every
 * report made from them, are the same as with one thread.
 *
 * Configuration is read in the main thread: the workers get each file's settings as data. Only the shipped rules
 * can run in a worker (a worker loads them itself), so a run with other rules stays on one thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { rules as shippedRules } from '../rules/index.js';
import type { DiscoveredFile } from './discover/index.js';
import type { RuleSettings } from './engine/run.js';
import { addResults, lintFile, newLane, newRun, optionsFor, type FileOptions, type Lane, type LintOptions, type LintRun, type Note, type Skipped } from './lint.js';
import type { LintResult } from './types.js';

/** Fewer files than this per thread do not pay for starting a worker (which loads the linter again). */
export const FILES_PER_THREAD = 16;

/** What a file's lint gives, merged into the run in input order. */
export interface FileOutcome {
  results: LintResult[];
  /** The results are a file that could not be read (added as they are, not merged with earlier ones). */
  unread: boolean;
  skipped: Skipped[];
  notes: Note[];
  templates: number;
}

/** What a worker is told about one file: its settings, or why it is not linted. */
export type FilePlan = { ignored: string } | { settings?: RuleSettings; parameters?: Readonly<Record<string, string>> };

/** The settings every file shares, as data a worker can receive. */
export interface SharedSettings {
  cwd: string;
  baseDir?: string;
  ruleIds: string[];
  maxBytes?: number;
  maxDepth?: number;
  parameterSources?: Readonly<Record<string, string>>;
  configEnv?: string | false;
  reportUnusedDisableDirectives?: boolean | 1 | 2;
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

/** How many threads to lint `files` files with: 1 unless the run allows more and has files enough for them. */
export function lanesFor(files: number, options: LintOptions): number {
  const threads = Math.floor(options.threads ?? 1);
  if (threads <= 1 || !options.rules.every((rule) => shippedById.get(rule.id) === rule)) return 1;
  // the worker is the built module: running from the TypeScript sources (the tests do), there is none
  if (!existsSync(fileURLToPath(WORKER))) return 1;
  return Math.max(1, Math.min(threads, Math.floor(files / FILES_PER_THREAD)));
}

/** Lints one file on its own, with what the lane holds. */
export async function lintOne(file: DiscoveredFile, fileOptions: FileOptions, lane: Lane): Promise<FileOutcome> {
  const run = newRun();
  await lintFile(run, file, fileOptions, lane);
  const unread = run.templates === 0 && run.results.some((r) => r.fatalErrorCount > 0);
  return { results: run.results, unread, skipped: run.skipped, notes: run.notes, templates: run.templates };
}

/** A file's options in a worker, from the shared settings and the file's plan. */
export function workerOptions(shared: SharedSettings, plan: FilePlan): FileOptions {
  if ('ignored' in plan) return { ignored: plan.ignored };
  const { ruleIds, ...rest } = shared;
  return { ...rest, rules: ruleIds.map((id) => shippedById.get(id)!), settings: plan.settings, parameters: plan.parameters };
}

const SAMCONFIG_NOTE = /(^|[\\/])samconfig\.(toml|ya?ml)$/;

/** Lints `files` on `lanes` threads (the main thread and `lanes - 1` workers). */
export async function lintInParallel(files: DiscoveredFile[], missing: LintRun['missing'], options: LintOptions, lanes: number): Promise<LintRun> {
  const fileOptions = files.map((file) => optionsFor(options, file.path));
  const plans: FilePlan[] = fileOptions.map((o) => ('ignored' in o ? { ignored: o.ignored } : { settings: o.settings, parameters: o.parameters }));
  const shared: SharedSettings = {
    cwd: options.cwd,
    baseDir: options.baseDir,
    ruleIds: options.rules.map((rule) => rule.id),
    maxBytes: options.maxBytes,
    maxDepth: options.maxDepth,
    parameterSources: options.parameterSources,
    configEnv: options.configEnv,
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
  };
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  const outcomes: Array<FileOutcome | undefined> = new Array(files.length);
  let received = 0;
  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const allIn = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const receive = (index: number, outcome: FileOutcome): void => {
    outcomes[index] = outcome;
    received++;
    options.onProgress?.(received, files.length);
    if (received === files.length) settle!.resolve();
  };

  const workers: Worker[] = [];
  try {
    for (let i = 1; i < lanes; i++) {
      const data: WorkerData = { files, plans, shared, counter };
      const worker = new Worker(WORKER, { workerData: data });
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
  } catch {
    // no worker could start (or the settings cannot be sent to one): the main thread lints every file
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

  const run = newRun(missing);
  const noted = new Set<string>();
  for (const outcome of outcomes as FileOutcome[]) {
    if (outcome.unread) run.results.push(...outcome.results);
    else addResults(run, outcome.results);
    run.skipped.push(...outcome.skipped);
    for (const note of outcome.notes) {
      // a samconfig problem is noted once per run, with the first template that reads it
      if (SAMCONFIG_NOTE.test(note.file) && note.message.endsWith('its parameter_overrides are not used')) {
        if (noted.has(note.file)) continue;
        noted.add(note.file);
      }
      run.notes.push(note);
    }
    run.templates += outcome.templates;
  }
  return run;
}
