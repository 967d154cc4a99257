/**
 * The lint pipeline for one run: discover → load → model → rules → results. Rules are handed in (the public
 * API in `index.ts` wires the shipped ones), so this file knows no rule.
 */
import { dirname, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { discover, type DiscoveredFile } from './discover/index.js';
import { compareFindings, runRules, RuleError, type Finding, type RuleSettings } from './engine/run.js';
import { applySuppressions } from './engine/suppress.js';
import type { Rule } from './engine/rule.js';
import {
  ALIAS_NOTE,
  decodeSource,
  fileLooksLikeTemplate,
  isSamTemplate,
  loadDocumentText,
  LoadError,
  loadTemplateText,
  readTextFile,
  templateOutcome,
  type LoadedDocument,
  type LoadOptions,
  type TemplateOutcome,
} from './load/index.js';
import { DocumentEditor } from './fix/document.js';
import type { EditorLookup } from './fix/message.js';
import { HandlerAnalyzer, handlerSupportLoaded, loadHandlerSupport } from './handlers/index.js';
import { buildModel } from './model/build.js';
import { mergeParameters, samconfigParameters, type SamconfigParameters } from './resolve/parameters.js';
import type { ExternalDocument } from './model/context.js';
import type { CorsModel } from './model/types.js';
import type { LintMessage, LintResult, Loc, NoteKind, Path, Range, RelatedLocation, SeverityLevel, SeverityName } from './types.js';

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
  rules: ReadonlyArray<Rule<CorsModel>>;
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
   * With `modelOnly`: read the Lambda handlers too, so that proxy routes carry what their handler answers
   * (`Route.handler`, for `explain`). The grammars still load only when a template needs them.
   */
  readHandlers?: boolean;
  /**
   * Keep each template's model in `LintRun.models` (default true). The command line keeps them only for
   * `--print-model`: a large run then holds no model beyond the template it is linting.
   */
  keepModels?: boolean;
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
  /** Called after each file of {@link lintPaths} (done, total), for progress displays. */
  onProgress?: (done: number, total: number) => void;
  /** Reads Lambda handler sources; one per run by default. Pass one to share parsed files between runs. */
  handlers?: HandlerAnalyzer;
  /**
   * How many threads may lint: with more than one and enough files, worker threads share the files with the main
   * thread (`src/parallel.ts`); results and reports are the same as with one. Default 1. Runs that build models
   * only (`modelOnly`), that pass their own `handlers` or rules other than the shipped ones, or that ask for
   * `timings`, use one thread. `LintRun.models` holds only the templates linted in the main thread.
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
function timed<T>(timings: Timings | undefined, stage: string, fn: () => T): T {
  if (!timings) return fn();
  const started = performance.now();
  try {
    return fn();
  } finally {
    timings[stage] = (timings[stage] ?? 0) + (performance.now() - started);
  }
}

/** The options for one file: its configuration under the run's own settings; or why it is ignored. */
export function optionsFor(options: LintOptions, file: string): LintOptions | { ignored: string } {
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

/** A file the run looked at and did not lint, with why (shown with `--verbose`). */
export interface Skipped {
  file: string;
  reason: string;
}

/** Something the run could not check (a remote OpenAPI file, an unknown API, a handler), shown with `--verbose`. */
export interface Note {
  /** What the note is about, for machines: a stable id (the message is for people). */
  kind: NoteKind;
  file: string;
  line: number;
  column: number;
  message: string;
  /** A stable, machine-readable kind of the reason, where the step that wrote the note gives one. */
  reason?: string;
  /** A detail of that kind (e.g. the runtime that is not read). */
  detail?: string;
}

export interface LintRun {
  results: LintResult[];
  skipped: Skipped[];
  notes: Note[];
  /** Command-line paths that named nothing. */
  missing: Array<{ input: string; reason: string }>;
  /** Number of templates linted. */
  templates: number;
  /** The model of each template linted, by file (for `--print-model`). */
  models: Map<string, CorsModel>;
  /** With `modelOnly`: turns a location in a model into a position, by template file. */
  locators?: Map<string, (loc: Loc) => Range | undefined>;
}

export function emptyResult(filePath: string, source?: string): LintResult {
  const result: LintResult = {
    filePath,
    messages: [],
    suppressedMessages: [],
    errorCount: 0,
    warningCount: 0,
    fatalErrorCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
  };
  if (source !== undefined) result.source = source;
  return result;
}

function fatalResult(filePath: string, error: { message: string; line: number; column: number }, related?: RelatedLocation[]): LintResult {
  const result = emptyResult(filePath);
  const message: LintMessage = { ruleId: null, severity: 2, fatal: true, message: error.message, line: error.line, column: error.column };
  if (related && related.length > 0) message.relatedLocations = related;
  result.messages.push(message);
  result.errorCount = 1;
  result.fatalErrorCount = 1;
  return result;
}

/** Recounts a result's errors and warnings from its messages. */
export function tally(result: LintResult): LintResult {
  result.errorCount = result.messages.filter((m) => m.severity === 2).length;
  result.warningCount = result.messages.filter((m) => m.severity === 1).length;
  result.fatalErrorCount = result.messages.filter((m) => m.fatal).length;
  result.fixableErrorCount = result.messages.filter((m) => m.severity === 2 && m.fix).length;
  result.fixableWarningCount = result.messages.filter((m) => m.severity === 1 && m.fix).length;
  return result;
}

/** Lints the files, directories and globs given, in order. */
export async function lintPaths(inputs: readonly string[], options: LintOptions): Promise<LintRun> {
  const { timings } = options;
  const { files, missing } = timed(timings, 'discover', () => discover(inputs, { cwd: options.cwd }));
  if ((options.threads ?? 1) > 1 && !options.modelOnly && !options.handlers && !timings) {
    const parallel = await import('./parallel.js');
    const lanes = parallel.lanesFor(files.length, options);
    if (lanes > 1) return parallel.lintInParallel(files, missing, options, lanes);
  }
  const run = newRun(missing);
  const lane = newLane(options.handlers);
  let done = 0;
  for (const file of files) {
    await lintFile(run, file, timed(timings, 'configure', () => optionsFor(options, file.path)), lane);
    options.onProgress?.(++done, files.length);
  }
  if (!options.handlers) lane.handlers.dispose();
  return run;
}

export function newRun(missing: LintRun['missing'] = []): LintRun {
  return { results: [], skipped: [], notes: [], missing, templates: 0, models: new Map() };
}

/**
 * What one thread keeps from file to file in a run, so that nothing is read or parsed twice: the Lambda handlers it
 * has read, the samconfig of each folder, and the local documents templates include (OpenAPI files).
 */
export interface Lane {
  handlers: HandlerAnalyzer;
  /** samconfig parameters by template folder. */
  samconfigs: Map<string, SamconfigParameters>;
  /** Files relative to the run's directory (for fingerprints), worked out once each. */
  relative: Map<string, string>;
  /** Documents by path: included by a template, or found by the walk and kept because one may include them. */
  documents: Map<string, ExternalDocument | IncludeFailure>;
  /** The parsed documents of {@link documents}, for positions and duplicate keys. */
  parsed: Map<string, LoadedDocument>;
}

/** An included document that could not be used: `error` for the model's note, `cause` when the file exists but cannot be read or parsed. */
interface IncludeFailure {
  error: string;
  cause?: LoadError;
}

export function newLane(handlers?: HandlerAnalyzer): Lane {
  return { handlers: handlers ?? new HandlerAnalyzer(), samconfigs: new Map(), documents: new Map(), parsed: new Map(), relative: new Map() };
}

function relativeTo(lane: Lane, cwd: string, file: string): string {
  let known = lane.relative.get(file);
  if (known === undefined) lane.relative.set(file, (known = relative(cwd, file)));
  return known;
}

/** The per-file settings {@link optionsFor} gives, or why the file is not linted. */
export type FileOptions = LintOptions | { ignored: string };

/** Lints one file found by {@link discover} into `run`, with what the lane already holds. */
export async function lintFile(run: LintRun, file: DiscoveredFile, fileOptions: FileOptions, lane: Lane): Promise<void> {
  if ('ignored' in fileOptions) {
    run.skipped.push({ file: file.path, reason: fileOptions.ignored });
    return;
  }
  const { timings } = fileOptions;
  let doc: LoadedDocument;
  try {
    const known = lane.parsed.get(file.path);
    if (known) doc = known;
    else {
      const text = timed(timings, 'read', () => readTextFile(file.path, fileOptions));
      doc = timed(timings, 'parse', () => loadDocumentText(text, file.path, fileOptions));
    }
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    handleLoadError(run, file, error);
    return;
  }
  const outcome = templateOutcome(doc);
  // a document that is not a template may be an OpenAPI document a template includes: keep it for that template
  if (outcome.kind === 'not-template' && mayBeIncluded(doc.value)) keepDocument(lane, doc);
  await lintOutcome(run, file.path, outcome, fileOptions, lane, true);
}

/** Whether a document looks like an OpenAPI document (what templates include from local files). */
function mayBeIncluded(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return 'openapi' in value || 'swagger' in value || 'paths' in value;
}

function keepDocument(lane: Lane, doc: LoadedDocument): void {
  lane.parsed.set(doc.file, doc);
  lane.documents.set(doc.file, { file: doc.file, value: doc.value });
}

/**
 * Lints one template given as text or bytes (standard input). Synchronous, so Lambda handlers are read only when
 * their grammars are already loaded in this process; {@link lintSourceAsync} always reads them.
 */
export function lintSource(source: string | Uint8Array, filePath: string, options: LintOptions): LintRun {
  return startSource(source, filePath, options, false).run;
}

/** Lints one template given as text or bytes, reading the Lambda handlers it names. */
export async function lintSourceAsync(source: string | Uint8Array, filePath: string, options: LintOptions): Promise<LintRun> {
  const { run, finished } = startSource(source, filePath, options, true);
  await finished;
  return run;
}

/**
 * One template from text or bytes: its configuration, loading, and linting; with `async`, the handler grammars are
 * loaded first when the template needs them. `finished` settles once the run is complete (at once when not `async`).
 */
function startSource(source: string | Uint8Array, filePath: string, options: LintOptions, async: boolean): { run: LintRun; finished: Promise<void> } {
  const run = newRun();
  const fileOptions = optionsFor(options, filePath);
  if ('ignored' in fileOptions) {
    run.skipped.push({ file: filePath, reason: fileOptions.ignored });
    return { run, finished: Promise.resolve() };
  }
  const outcome = loadSource(run, source, filePath, fileOptions);
  const lane = newLane(options.handlers);
  const done = () => {
    if (!options.handlers) lane.handlers.dispose();
  };
  const linted = outcome ? lintOutcome(run, filePath, outcome, fileOptions, lane, async) : undefined;
  if (linted instanceof Promise) return { run, finished: linted.then(done) };
  done();
  return { run, finished: Promise.resolve() };
}

function loadSource(run: LintRun, source: string | Uint8Array, filePath: string, options: LintOptions): TemplateOutcome | undefined {
  try {
    const bytes = typeof source === 'string' ? Buffer.from(source, 'utf8') : source;
    return loadTemplateText(decodeSource(bytes, filePath, options), filePath, options);
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    run.results.push(fatalResult(filePath, error));
    return undefined;
  }
}

/**
 * The samconfig parameters for a template, read once per folder in a run (per thread: `src/parallel.ts` keeps only
 * the first note of each file); a problem with the file is noted the first time.
 */
function samconfigFor(run: LintRun, lane: Lane, templateFile: string, env: string | undefined): SamconfigParameters {
  const dir = dirname(templateFile);
  let found = lane.samconfigs.get(dir);
  if (!found) {
    found = samconfigParameters(templateFile, env ?? 'default', env !== undefined);
    lane.samconfigs.set(dir, found);
    if (found.file && found.problem && !found.problem.fatal) {
      const { message, line, column } = found.problem;
      run.notes.push({ kind: 'unreadable-samconfig', file: found.file, line, column, message: `${message}; its parameter_overrides are not used` });
    }
  }
  return found;
}

function handleLoadError(run: LintRun, file: DiscoveredFile, error: LoadError): void {
  if (file.explicit || fileLooksLikeTemplate(file.path, error)) {
    run.results.push(fatalResult(file.path, error));
  } else {
    run.skipped.push({ file: file.path, reason: `${error.message}; it does not look like a template` });
  }
}

function lintOutcome(run: LintRun, filePath: string, outcome: TemplateOutcome, options: LintOptions, lane: Lane, async: boolean): void | Promise<void> {
  if (outcome.kind === 'not-template') {
    run.skipped.push({ file: filePath, reason: `not a CloudFormation template (${outcome.reason})` });
    return;
  }
  run.templates++;
  const results = lintDocument(outcome.doc, options, run, lane, async);
  if (Array.isArray(results)) addResults(run, results);
  else return results.then((r) => addResults(run, r));
}

const openResults = new WeakMap<LintRun, Map<string, LintResult>>();

/**
 * Adds a template's results; findings in a handler file that an earlier template also reached join its result
 * (the first result of that file without a fatal message, found through an index).
 */
export function addResults(run: LintRun, results: LintResult[]): void {
  let open = openResults.get(run);
  if (!open) {
    open = new Map();
    for (const r of run.results) if (!r.fatalErrorCount && !open.has(r.filePath)) open.set(r.filePath, r);
    openResults.set(run, open);
  }
  for (const result of results) {
    if (result.fatalErrorCount > 0 && joinFatal(run, result)) continue;
    const earlier = result.messages.length > 0 ? open.get(result.filePath) : undefined;
    if (!earlier) {
      run.results.push(result);
      if (!result.fatalErrorCount && !open.has(result.filePath)) open.set(result.filePath, result);
      continue;
    }
    earlier.messages = mergeMessages(earlier.messages, result.messages).sort(compareFindings);
    tally(earlier);
    if (earlier.fatalErrorCount) open.delete(result.filePath);
  }
}

const fatalMessages = new WeakMap<LintRun, Map<string, LintMessage>>();

/**
 * A file that stops several templates (a samconfig or an OpenAPI file they share that cannot be read) is reported
 * once: the fatal message of a later template joins the earlier one, with its template as one more related
 * location. Returns whether the result was joined.
 */
function joinFatal(run: LintRun, result: LintResult): boolean {
  const [message, ...others] = result.messages;
  if (!message?.fatal || others.length > 0 || !message.relatedLocations) return false;
  let known = fatalMessages.get(run);
  if (!known) fatalMessages.set(run, (known = new Map()));
  const key = [result.filePath, message.line, message.column, message.message].join('\u0001');
  const earlier = known.get(key);
  if (!earlier) {
    known.set(key, message);
    run.results.push(result);
    return true;
  }
  const place = (r: RelatedLocation) => `${r.filePath}:${r.line}:${r.column}:${r.message}`;
  const seen = new Set((earlier.relatedLocations ?? []).map(place));
  for (const r of message.relatedLocations) if (!seen.has(place(r))) (earlier.relatedLocations ??= []).push(r);
  return true;
}

/**
 * Messages of two templates for one file (a handler both reach): a finding both make at the same place with the
 * same words is one finding, with the related locations of both (each template's event, say).
 */
function mergeMessages(earlier: readonly LintMessage[], later: readonly LintMessage[]): LintMessage[] {
  const key = (m: LintMessage) => [m.ruleId, m.severity, m.line, m.column, m.endLine, m.endColumn, m.message].join('\u0001');
  const merged = [...earlier];
  const byKey = new Map(merged.map((m, i) => [key(m), i]));
  for (const message of later) {
    const at = byKey.get(key(message));
    if (at === undefined) {
      byKey.set(key(message), merged.length);
      merged.push(message);
      continue;
    }
    const first = merged[at]!;
    const place = (r: { filePath: string; line: number; column: number }) => `${r.filePath}:${r.line}:${r.column}`;
    const known = new Set((first.relatedLocations ?? []).map(place));
    const extra = (message.relatedLocations ?? []).filter((r) => !known.has(place(r)));
    if (extra.length > 0) merged[at] = { ...first, relatedLocations: [...(first.relatedLocations ?? []), ...extra] };
  }
  return merged;
}

/**
 * Lints a loaded template: model, handler analysis, rules, and results grouped by the file each finding points
 * at. The handler grammars are loaded first when the template needs them (and `async` allows it).
 */
function lintDocument(doc: LoadedDocument, options: LintOptions, run: LintRun, lane: Lane, async: boolean): LintResult[] | Promise<LintResult[]> {
  const { handlers } = lane;
  if (doc.firstAlias && !isSamTemplate(doc.value)) run.notes.push({ kind: 'yaml-aliases', file: doc.file, line: doc.firstAlias.line, column: doc.firstAlias.column, message: ALIAS_NOTE });
  const documents = new Map<string, LoadedDocument>([[doc.file, doc]]);
  const failures: Array<{ cause: LoadError; at: Loc }> = [];
  const loadDocument = (file: string, at?: Loc): ExternalDocument | IncludeFailure => {
    const own = documents.get(file);
    if (own) return { file, value: own.value };
    // read once per run (per thread), whichever templates include it
    const known = lane.documents.get(file) ?? readIncluded(file);
    const parsed = lane.parsed.get(file);
    if (parsed) documents.set(file, parsed);
    if ('cause' in known && known.cause && at) failures.push({ cause: known.cause, at });
    return known;
  };
  const readIncluded = (file: string): ExternalDocument | IncludeFailure => {
    let loaded: ExternalDocument | IncludeFailure;
    try {
      const parsed = loadDocumentText(readTextFile(file, options), file, options);
      documents.set(file, parsed);
      lane.parsed.set(file, parsed);
      loaded = { file, value: parsed.value };
    } catch (error) {
      if (!(error instanceof LoadError)) throw error;
      // a missing file is not checked (said, counted); one that is there but cannot be read stops the template
      if (error.code === 'not-found') loaded = { error: 'no such file' };
      else loaded = { error: error.code === 'is-directory' ? 'it is a directory' : `${error.message} (line ${error.line}, column ${error.column})`, cause: error };
    }
    lane.documents.set(file, loaded);
    return loaded;
  };
  const samconfig = options.configEnv === false ? undefined : samconfigFor(run, lane, doc.file, options.configEnv);
  if (samconfig?.file && samconfig.problem?.fatal) {
    // SAM refuses a samconfig it cannot read or parse: the template's parameters as deployed are not known
    const { message, line, column } = samconfig.problem;
    const template: RelatedLocation = { filePath: doc.file, line: 1, column: 1, endLine: 1, endColumn: 1, message: 'not linted: it takes its parameters from this samconfig' };
    return [fatalResult(samconfig.file, { message: `${message}; the templates beside it take their parameters from it, so they are not linted`, line, column }, [template])];
  }
  const given = mergeParameters(samconfig, { values: { ...options.parameters }, sources: { ...options.parameterSources } });
  for (const key of Object.keys(given.values)) given.sources[key] ??= 'the given parameters';
  let model: CorsModel;
  try {
    model = timed(options.timings, 'model', () => buildModel(doc.file, doc.value, { parameters: given.values, parameterSources: given.sources, loadDocument }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [fatalResult(doc.file, { message: `internal error while reading the template: ${message}`, line: 1, column: 1 })];
  }
  if (failures.length > 0) return includeFailures(documents, failures);
  for (const d of documents.values()) {
    model.documents.push({
      file: d.file,
      duplicateKeys: d.duplicateKeys.map((k) => ({
        key: k.key,
        loc: { file: d.file, path: k.path, range: k.keyRange },
        first: { file: d.file, path: k.path, range: k.firstRange },
      })),
    });
  }
  if (options.keepModels !== false || options.modelOnly) run.models.set(doc.file, model);
  if (options.modelOnly) {
    const locators = (run.locators ??= new Map());
    locators.set(doc.file, (loc: Loc) => loc.range ?? documents.get(loc.file)?.locate(loc.path, loc.key ? 'key' : 'value'));
  }
  const languages = options.modelOnly && !options.readHandlers ? [] : [...timed(options.timings, 'handlers', () => handlers.prepare(model, dirname(doc.file)))].filter((l) => !handlerSupportLoaded(l));
  const finish = () => finishDocument(doc, model, documents, options, run, lane);
  // If the grammars cannot be loaded, the handlers stay unread (with a note) and the template is linted anyway.
  if (languages.length > 0 && async) {
    const started = performance.now();
    const loaded = () => {
      if (options.timings) options.timings.handlers = (options.timings.handlers ?? 0) + (performance.now() - started);
      return finish();
    };
    return loadHandlerSupport(languages).then(loaded, loaded);
  }
  return finish();
}

/**
 * A file the template includes (an OpenAPI `DefinitionUri`, an `AWS::Include` location) that is there but cannot
 * be read or parsed: `aws cloudformation package` and SAM refuse it, so the template is not linted. One fatal
 * result per such file, at the file's own position, with the including place as related location (several
 * templates including one broken file are joined into one result by {@link addResults}).
 */
function includeFailures(documents: Map<string, LoadedDocument>, failures: Array<{ cause: LoadError; at: Loc }>): LintResult[] {
  const byFile = new Map<string, { cause: LoadError; related: RelatedLocation[] }>();
  for (const { cause, at } of failures) {
    const range = at.range ?? documents.get(at.file)?.locate(at.path, 'value') ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const place: RelatedLocation = { filePath: at.file, ...range, message: `not linted: this template includes ${relative(dirname(at.file), cause.file) || cause.file} here` };
    const entry = byFile.get(cause.file);
    if (!entry) byFile.set(cause.file, { cause, related: [place] });
    else if (!entry.related.some((r) => r.filePath === place.filePath && r.line === place.line && r.column === place.column)) entry.related.push(place);
  }
  return [...byFile.values()].map(({ cause, related }) =>
    fatalResult(cause.file, { message: `${cause.message}; a template includes this file, so it is not linted (see the related locations)`, line: cause.line, column: cause.column }, related),
  );
}

/** The text of `source` in `range` (1-based lines and columns), or undefined without a source. */
function textAt(source: string | undefined, range: Range): string | undefined {
  if (source === undefined) return undefined;
  const lines = source.split('\n', range.endLine);
  if (range.line === range.endLine) return lines[range.line - 1]?.slice(range.column - 1, range.endColumn - 1);
  return [lines[range.line - 1]?.slice(range.column - 1) ?? '', ...lines.slice(range.line, range.endLine - 1), lines[range.endLine - 1]?.slice(0, range.endColumn - 1) ?? ''].join('\n');
}

/** Editors for the documents of one template's run, made when a rule offers a fix in them. */
function editorsFor(documents: Map<string, LoadedDocument>, options: LintOptions): EditorLookup {
  const editors = new Map<string, DocumentEditor>();
  return (file) => {
    let editor = editors.get(file);
    if (!editor) {
      const doc = documents.get(file);
      if (!doc) return undefined;
      editor = new DocumentEditor(doc, (text) => loadDocumentText(text, file, options).value);
      editors.set(file, editor);
    }
    return editor;
  };
}

/** Reads the handlers, runs the rules, and groups the findings by file. */
function finishDocument(
  doc: LoadedDocument,
  model: CorsModel,
  documents: Map<string, LoadedDocument>,
  options: LintOptions,
  run: LintRun,
  lane: Lane,
): LintResult[] {
  const { timings } = options;
  const { handlers } = lane;
  timed(timings, 'handlers', () => handlers.analyse(model, (file) => documents.get(file)));
  for (const note of model.notes) {
    const d = documents.get(note.loc.file);
    const range = note.loc.range ?? d?.locate(note.loc.path, note.loc.key ? 'key' : 'value') ?? { line: 1, column: 1 };
    run.notes.push({ kind: note.kind, file: note.loc.file, line: range.line, column: range.column, message: note.message, ...(note.reason ? { reason: note.reason } : {}), ...(note.detail ? { detail: note.detail } : {}) });
  }

  if (options.modelOnly) return [emptyResult(doc.file)];
  let findings: Finding[];
  // with timings, the time spent turning paths into positions is counted apart from the rules' own
  let locating = 0;
  const lookup = timings
    ? (file: string) => {
        const d = documents.get(file);
        return d && {
          locate: (path: Path, which?: 'value' | 'key') => {
            const started = performance.now();
            try {
              return d.locate(path, which);
            } finally {
              locating += performance.now() - started;
            }
          },
          aliasesOn: d.aliasesOn,
        };
      }
    : (file: string) => documents.get(file);
  try {
    const snippet = (file: string, range: Range) => textAt(documents.get(file)?.text ?? handlers.source(file), range);
    const identity = { relativePath: (f: string) => relativeTo(lane, options.baseDir ?? options.cwd, f), snippet, template: doc.file };
    findings = timed(timings, 'rules', () => runRules(options.rules, model, lookup, options.settings, identity, options.fixes === false ? undefined : editorsFor(documents, options)));
  } catch (error) {
    if (!(error instanceof RuleError)) throw error;
    return [fatalResult(doc.file, { message: `internal error: ${error.message}`, line: 1, column: 1 })];
  } finally {
    if (timings) {
      timings.rules = (timings.rules ?? 0) - locating;
      timings.locate = (timings.locate ?? 0) + locating;
    }
  }
  const outcome = timed(timings, 'suppressions', () =>
    applySuppressions(findings, doc, [...documents.values()], {
      ruleIds: options.rules.map((r) => r.id),
      reportUnused: options.reportUnusedDisableDirectives,
      relativePath: (f) => relativeTo(lane, options.baseDir ?? options.cwd, f),
    }),
  );
  const started = timings ? performance.now() : 0;
  const byFile = new Map<string, { messages: LintMessage[]; suppressed: LintMessage[] }>([[doc.file, { messages: [], suppressed: [] }]]);
  const group = (filePath: string): { messages: LintMessage[]; suppressed: LintMessage[] } => {
    let entry = byFile.get(filePath);
    if (!entry) {
      entry = { messages: [], suppressed: [] };
      byFile.set(filePath, entry);
    }
    return entry;
  };
  for (const { filePath, ...message } of [...outcome.kept, ...outcome.problems]) group(filePath).messages.push(message);
  for (const { filePath, ...message } of outcome.suppressed) group(filePath).suppressed.push(message);
  const results: LintResult[] = [];
  for (const [file, { messages, suppressed }] of byFile) {
    const result = emptyResult(file, documents.get(file)?.text ?? handlers.source(file));
    result.messages = messages.sort(compareFindings);
    result.suppressedMessages = suppressed.sort(compareFindings);
    results.push(tally(result));
  }
  if (timings) timings.results = (timings.results ?? 0) + (performance.now() - started);
  return results;
}
