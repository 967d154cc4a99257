/**
 * What a run is told (`LintOptions`), what configuration decides for one file (`FileSettings`, `optionsFor`), and
 * the per-stage timings the benchmark reads.
 */
import { performance } from 'node:perf_hooks';
import type { RuleSettings } from '../engine/run.js';
import type { Rule } from '../engine/rule.js';
import type { HandlerAnalyzer, HandlerGrammars } from '../handlers/index.js';
import type { LoadOptions } from '../load/index.js';
import type { RuleFacts } from '../model/facts.js';
import type { CorsModel } from '../model/types.js';
import type { SeverityLevel, SeverityName } from '../types.js';

/** What configuration decides for one file (see `src/config`): the run applies it under its own settings. */
export interface FileSettings {
  /** Why the file is not linted (an ignore pattern), when it is not. */
  ignored?: string;
  severities?: Readonly<Record<string, SeverityName>>;
  options?: Readonly<Record<string, Record<string, unknown>>>;
  parameters?: Readonly<Record<string, string>>;
}

export interface LintOptions extends LoadOptions {
  cwd: string;
  /**
   * The folder that the paths in fingerprints are relative to: the repository root, so that a finding keeps its
   * fingerprint whichever folder the run starts from. Default: `cwd`. The command line and the API give the
   * enclosing git work tree (`repositoryRoot`), or `--base-dir`.
   */
  baseDir?: string;
  /**
   * The folder every file a template names (handler code and its modules, layers, included and OpenAPI files, its
   * samconfig) must be inside, after symbolic links, to be read; relative to `cwd`. Default: per template, the git
   * work tree around the template's own folder (real path), else `cwd` when the template is inside it, else the
   * template's own folder (`readRoot`). A file outside is not read and is noted (`outside-repository`).
   */
  root?: string;
  rules: ReadonlyArray<Rule<CorsModel, Record<string, unknown>, RuleFacts>>;
  settings?: RuleSettings;
  /** Parameter values that override the templates' defaults. */
  parameters?: Readonly<Record<string, string>>;
  /** Where each of `parameters` was given (`--parameter-overrides`, `--parameters FILE`), for messages. */
  parameterSources?: Readonly<Record<string, string>>;
  /**
   * The samconfig environment whose `parameter_overrides` apply to a template with a `samconfig.toml` /
   * `samconfig.yaml` beside it (default `default`; given parameters win over samconfig ones). `false` reads none.
   */
  configEnv?: string | false;
  /** Build the models only (for `--print-model`): no rules run, and positions are kept for printing. */
  modelOnly?: boolean;
  /**
   * With `modelOnly`: read the Lambda handlers too, so that `LintRun.handlers` says what each proxy route's
   * handler answers (for `explain`). The grammars still load only when a template needs them.
   */
  readHandlers?: boolean;
  /**
   * Keep each template's model in `LintRun.models` (default true). The command line keeps them only for
   * `--print-model`: a large run then holds no model beyond the template it is linting.
   */
  keepModels?: boolean;
  /**
   * Give each result its file's text (`LintResult.source`, for code frames; default true). The command line leaves
   * it out for the reports that never print code (`formatReadsSource`): a large run then keeps no template's text.
   */
  sources?: boolean;
  /**
   * Per-file settings (configuration files), asked once per template before it is read. `settings` and
   * `parameters` given here (the command line) win over what it returns.
   */
  configure?: (file: string) => FileSettings | undefined;
  /** Report suppression directives that suppress nothing, as errors (`true`) or at the severity given. */
  reportUnusedDisableDirectives?: boolean | SeverityLevel;
  /**
   * Work out the fixes and suggestions rules offer, as text edits on messages (`fix`, `suggestions`; default
   * true). Each is checked by reading the edited text again, so a run that never shows them may turn this off.
   */
  fixes?: boolean;
  /** Called after each file of `lintPaths` (done, total), for progress displays. */
  onProgress?: (done: number, total: number) => void;
  /** Reads Lambda handler sources; one per run by default. Pass one to share parsed files between runs. */
  handlers?: HandlerAnalyzer;
  /**
   * For the synchronous `lintSource` (the API's `lintText`): the handler grammars `loadHandlerGrammars()` loaded.
   * The synchronous path reads a handler only in a language given here, whatever else this process has loaded, so
   * that its findings never depend on an earlier call; the handlers it cannot read are noted
   * (`grammar-not-loaded`). The asynchronous paths load what a template needs and ignore this.
   */
  grammars?: HandlerGrammars;
  /**
   * How many threads may lint: with more than one and enough files, worker threads share the files with the main
   * thread (`src/parallel.ts`); results and reports are the same as with one. Default 1. Runs that build models
   * only (`modelOnly`), that pass their own `handlers` or rules other than the shipped ones, or that ask for
   * `timings`, use one thread. `LintRun.models` holds only the templates linted in the main thread. When worker
   * threads cannot start, the run says so in `LintRun.threads`.
   */
  threads?: number;
  /**
   * Milliseconds spent per stage of the run (`discover`, `configure`, `read`, `parse`, `model`, `handlers`,
   * `rules`, `locate`, `suppressions`, `results`), added to this object when given (the benchmark reads it).
   */
  timings?: Timings;
}

/** Milliseconds per stage of a run; see {@link LintOptions.timings}. */
export type Timings = Record<string, number>;

/** Runs `fn`, adding the time it takes to `stage` when timings are asked for. */
export function timed<T>(timings: Timings | undefined, stage: string, fn: () => T): T {
  if (!timings) return fn();
  const started = performance.now();
  try {
    return fn();
  } finally {
    timings[stage] = (timings[stage] ?? 0) + (performance.now() - started);
  }
}

/** The per-file settings {@link optionsFor} gives, or why the file is not linted. */
export type FileOptions = LintOptions | { ignored: string };

/** The options for one file: its configuration under the run's own settings; or why it is ignored. */
export function optionsFor(options: LintOptions, file: string): FileOptions {
  const local = options.configure?.(file);
  if (!local) return options;
  if (local.ignored) return { ignored: local.ignored };
  const ruleOptions: Record<string, Record<string, unknown>> = { ...local.options };
  for (const [id, value] of Object.entries(options.settings?.options ?? {})) ruleOptions[id] = { ...ruleOptions[id], ...value };
  return {
    ...options,
    settings: { severities: { ...local.severities, ...options.settings?.severities }, options: ruleOptions },
    parameters: { ...local.parameters, ...options.parameters },
  };
}
