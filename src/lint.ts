/**
 * The lint pipeline for one run: discover → load → model → rules → results. Rules are handed in (the public
 * API in `index.ts` wires the shipped ones), so this file knows no rule.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { discover, type DiscoveredFile } from './discover/index.js';
import { compareFindings, runRules, RuleError, type Finding, type RuleSettings } from './engine/run.js';
import type { Rule } from './engine/rule.js';
import {
  decodeSource,
  loadDocumentText,
  LoadError,
  loadTemplateFile,
  loadTemplateText,
  looksLikeTemplate,
  type LoadedDocument,
  type LoadOptions,
  type TemplateOutcome,
} from './load/index.js';
import { HandlerAnalyzer, handlerSupportLoaded, loadHandlerSupport } from './handlers/index.js';
import { buildModel } from './model/build.js';
import type { ExternalDocument } from './model/context.js';
import type { CorsModel } from './model/types.js';
import type { LintMessage, LintResult } from './types.js';

export interface LintOptions extends LoadOptions {
  cwd: string;
  rules: ReadonlyArray<Rule<CorsModel>>;
  settings?: RuleSettings;
  /** Parameter values that override the templates' defaults. */
  parameters?: Readonly<Record<string, string>>;
  /** Reads Lambda handler sources; one per run by default. Pass one to share parsed files between runs. */
  handlers?: HandlerAnalyzer;
}

/** A file the run looked at and did not lint, with why (shown with `--verbose`). */
export interface Skipped {
  file: string;
  reason: string;
}

/** Something the model could not read (a remote OpenAPI file, an unknown API), shown with `--verbose`. */
export interface Note {
  file: string;
  line: number;
  column: number;
  message: string;
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

function fatalResult(filePath: string, error: { message: string; line: number; column: number }): LintResult {
  const result = emptyResult(filePath);
  result.messages.push({ ruleId: null, severity: 2, fatal: true, message: error.message, line: error.line, column: error.column });
  result.errorCount = 1;
  result.fatalErrorCount = 1;
  return result;
}

/** Recounts a result's errors and warnings from its messages. */
export function tally(result: LintResult): LintResult {
  result.errorCount = result.messages.filter((m) => m.severity === 2).length;
  result.warningCount = result.messages.filter((m) => m.severity === 1).length;
  result.fatalErrorCount = result.messages.filter((m) => m.fatal).length;
  return result;
}

/** Lints the files, directories and globs given, in order. */
export async function lintPaths(inputs: readonly string[], options: LintOptions): Promise<LintRun> {
  const { files, missing } = discover(inputs, { cwd: options.cwd });
  const run: LintRun = { results: [], skipped: [], notes: [], missing, templates: 0, models: new Map() };
  const handlers = options.handlers ?? new HandlerAnalyzer();
  for (const file of files) {
    let outcome: TemplateOutcome;
    try {
      outcome = await loadTemplateFile(file.path, options);
    } catch (error) {
      if (!(error instanceof LoadError)) throw error;
      handleLoadError(run, file, error);
      continue;
    }
    await lintOutcome(run, file.path, outcome, options, handlers, true);
  }
  if (!options.handlers) handlers.dispose();
  return run;
}

/**
 * Lints one template given as text or bytes (standard input). Synchronous, so Lambda handlers are read only when
 * their grammars are already loaded in this process; {@link lintSourceAsync} always reads them.
 */
export function lintSource(source: string | Uint8Array, filePath: string, options: LintOptions): LintRun {
  const run: LintRun = { results: [], skipped: [], notes: [], missing: [], templates: 0, models: new Map() };
  const outcome = loadSource(run, source, filePath, options);
  const handlers = options.handlers ?? new HandlerAnalyzer();
  if (outcome) void lintOutcome(run, filePath, outcome, options, handlers, false);
  if (!options.handlers) handlers.dispose();
  return run;
}

/** Lints one template given as text or bytes, reading the Lambda handlers it names. */
export async function lintSourceAsync(source: string | Uint8Array, filePath: string, options: LintOptions): Promise<LintRun> {
  const run: LintRun = { results: [], skipped: [], notes: [], missing: [], templates: 0, models: new Map() };
  const outcome = loadSource(run, source, filePath, options);
  const handlers = options.handlers ?? new HandlerAnalyzer();
  if (outcome) await lintOutcome(run, filePath, outcome, options, handlers, true);
  if (!options.handlers) handlers.dispose();
  return run;
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

function handleLoadError(run: LintRun, file: DiscoveredFile, error: LoadError): void {
  if (file.explicit || looksLikeTemplateOnDisk(file.path, error)) {
    run.results.push(fatalResult(file.path, error));
  } else {
    run.skipped.push({ file: file.path, reason: `${error.message}; it does not look like a template` });
  }
}

/** Whether a file that failed to load still looks like a template (then its failure is reported). */
function looksLikeTemplateOnDisk(path: string, error: LoadError): boolean {
  if (!['syntax', 'alias', 'multiple-documents', 'too-deep'].includes(error.code)) return false;
  try {
    return looksLikeTemplate(readFileSync(path, 'utf8'));
  } catch {
    return false;
  }
}

function lintOutcome(
  run: LintRun,
  filePath: string,
  outcome: TemplateOutcome,
  options: LintOptions,
  handlers: HandlerAnalyzer,
  async: boolean,
): void | Promise<void> {
  if (outcome.kind === 'not-template') {
    run.skipped.push({ file: filePath, reason: `not a CloudFormation template (${outcome.reason})` });
    return;
  }
  run.templates++;
  const results = lintDocument(outcome.doc, options, run, handlers, async);
  if (Array.isArray(results)) addResults(run, results);
  else return results.then((r) => addResults(run, r));
}

/** Adds a template's results; findings in a handler file that an earlier template also reached join its result. */
function addResults(run: LintRun, results: LintResult[]): void {
  for (const result of results) {
    const earlier = result.messages.length > 0 ? run.results.find((r) => r.filePath === result.filePath && !r.fatalErrorCount) : undefined;
    if (!earlier) {
      run.results.push(result);
      continue;
    }
    earlier.messages = [...earlier.messages, ...result.messages].sort(compareFindings);
    tally(earlier);
  }
}

/**
 * Lints a loaded template: model, handler analysis, rules, and results grouped by the file each finding points
 * at. The handler grammars are loaded first when the template needs them (and `async` allows it).
 */
function lintDocument(doc: LoadedDocument, options: LintOptions, run: LintRun, handlers: HandlerAnalyzer, async: boolean): LintResult[] | Promise<LintResult[]> {
  const documents = new Map<string, LoadedDocument>([[doc.file, doc]]);
  const loadDocument = (file: string): ExternalDocument | { error: string } => {
    const known = documents.get(file);
    if (known) return { file, value: known.value };
    try {
      const text = decodeSource(readFileSync(file), file, options);
      const loaded = loadDocumentText(text, file, options);
      documents.set(file, loaded);
      return { file, value: loaded.value };
    } catch (error) {
      if (error instanceof LoadError) return { error: `${error.message} (line ${error.line}, column ${error.column})` };
      const code = (error as NodeJS.ErrnoException).code;
      return { error: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : 'it cannot be read' };
    }
  };
  let model: CorsModel;
  try {
    model = buildModel(doc.file, doc.value, { parameters: options.parameters, loadDocument });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [fatalResult(doc.file, { message: `internal error while reading the template: ${message}`, line: 1, column: 1 })];
  }
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
  run.models.set(doc.file, model);
  const languages = [...handlers.prepare(model, dirname(doc.file))].filter((l) => !handlerSupportLoaded(l));
  const finish = () => finishDocument(doc, model, documents, options, run, handlers);
  // If the grammars cannot be loaded, the handlers stay unread (with a note) and the template is linted anyway.
  if (languages.length > 0 && async) return loadHandlerSupport(languages).then(finish, finish);
  return finish();
}

/** Reads the handlers, runs the rules, and groups the findings by file. */
function finishDocument(
  doc: LoadedDocument,
  model: CorsModel,
  documents: Map<string, LoadedDocument>,
  options: LintOptions,
  run: LintRun,
  handlers: HandlerAnalyzer,
): LintResult[] {
  handlers.analyse(model, (file) => documents.get(file));
  for (const note of model.notes) {
    const d = documents.get(note.loc.file);
    const range = note.loc.range ?? d?.locate(note.loc.path) ?? { line: 1, column: 1 };
    run.notes.push({ file: note.loc.file, line: range.line, column: range.column, message: note.message });
  }

  let findings: Finding[];
  try {
    findings = runRules(options.rules, model, (file) => documents.get(file), options.settings, (f) => relative(options.cwd, f));
  } catch (error) {
    if (!(error instanceof RuleError)) throw error;
    return [fatalResult(doc.file, { message: `internal error: ${error.message}`, line: 1, column: 1 })];
  }
  const byFile = new Map<string, LintMessage[]>([[doc.file, []]]);
  for (const { filePath, ...message } of findings) {
    const list = byFile.get(filePath) ?? [];
    list.push(message);
    byFile.set(filePath, list);
  }
  const results: LintResult[] = [];
  for (const [file, messages] of byFile) {
    const result = emptyResult(file, documents.get(file)?.text ?? handlers.source(file));
    result.messages = messages.sort(compareFindings);
    results.push(tally(result));
  }
  return results;
}
