/**
 * One loaded template into its results: resolve → model → handlers → rules → locate → suppress, and the findings
 * grouped by the file each points at (the template, or a handler file). Each stage returns its own result: the model
 * is finished once built (deep-frozen under test), the handler stage's answers go to the rules beside it.
 */
import { dirname, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compareFindings, runRules, RuleError, type Finding } from '../engine/run.js';
import { applySuppressions } from '../engine/suppress.js';
import { outsideRoot } from '../discover/root.js';
import { DocumentEditor } from '../fix/document.js';
import type { EditorLookup } from '../fix/message.js';
import { handlerSupportLoaded, loadHandlerSupport, type UnreadableLanguage } from '../handlers/index.js';
import type { SourceLanguage } from '../handlers/types.js';
import { ALIAS_NOTE, isSamTemplate, loadDocumentText, LoadError, readTextFile, type LoadedDocument } from '../load/index.js';
import { buildModel } from '../model/build.js';
import { routeCoverage } from '../model/proxy-routes.js';
import type { ExternalDocument } from '../model/context.js';
import type { RuleFacts } from '../model/facts.js';
import { deepFreeze } from '../model/freeze.js';
import type { CorsModel, DuplicateKey } from '../model/types.js';
import { mergeParameters, samconfigParameters, type SamconfigParameters } from '../resolve/parameters.js';
import type { LintMessage, LintResult, Loc, Path, Range, RelatedLocation } from '../types.js';
import { relativeTo, rootOf, type IncludeFailure, type Lane } from './lane.js';
import { timed, type LintOptions } from './options.js';
import { emptyResult, fatalResult, tally, type FileOutcome } from './outcome.js';

/** Under test, models and handler results are frozen once built, so that a stage or rule that writes into them fails. */
const FREEZE_MODELS = process.env.NODE_ENV === 'test';

/** A document's duplicate keys, as the model records them. */
function duplicateKeys(doc: LoadedDocument): DuplicateKey[] {
  return doc.duplicateKeys.map((k) => ({
    key: k.key,
    loc: { file: doc.file, path: k.path, range: k.keyRange },
    first: { file: doc.file, path: k.path, range: k.firstRange },
  }));
}

/** A parsed document as the model stage reads it. */
export function external(doc: LoadedDocument): ExternalDocument {
  return { file: doc.file, value: doc.value, duplicateKeys: duplicateKeys(doc) };
}

/** Why the synchronous path reads no handler in a language it was not given. */
function notGiven(language: SourceLanguage): string {
  return `the ${language} grammar was not given to the synchronous API (pass grammars: await loadHandlerGrammars(), or use lintTextAsync)`;
}

/**
 * Lints a loaded template into `out`. With `load`, the handler grammars the template needs are loaded first (the
 * result is then a promise); if they cannot be, its handlers stay unread, each with a note, and the template is
 * linted anyway. Without `load`, handlers are read only in the languages `options.grammars` holds.
 */
export function lintTemplate(doc: LoadedDocument, options: LintOptions, lane: Lane, out: FileOutcome, load: boolean): void | Promise<void> {
  if (doc.firstAlias && !isSamTemplate(doc.value)) out.notes.push({ kind: 'yaml-aliases', file: doc.file, line: doc.firstAlias.line, column: doc.firstAlias.column, message: ALIAS_NOTE });
  const documents = new Map<string, LoadedDocument>([[doc.file, doc]]);
  // every file the template names is read only inside this folder (after symbolic links)
  const root = rootOf(lane, options, doc.file);
  const model = buildTemplateModel(doc, documents, options, lane, out, root);
  if (!model) return;
  const { handlers } = lane;
  const languages = options.modelOnly && !options.readHandlers ? [] : [...timed(options.timings, 'handlers', () => handlers.prepare(model, dirname(doc.file), root))];
  const missing = languages.filter((l) => !handlerSupportLoaded(l));
  if (!load || missing.length === 0) {
    const given = options.grammars?.languages;
    const unreadable: UnreadableLanguage = load ? () => undefined : (l) => (given?.has(l) && handlerSupportLoaded(l) ? undefined : notGiven(l));
    return finishTemplate(doc, model, documents, options, lane, out, unreadable);
  }
  const started = performance.now();
  const loaded = (failure?: unknown) => {
    if (options.timings) options.timings.handlers = (options.timings.handlers ?? 0) + (performance.now() - started);
    const why = failure instanceof Error ? failure.message : String(failure);
    const unreadable: UnreadableLanguage = (l) => (handlerSupportLoaded(l) ? undefined : `the ${l} grammar could not be loaded: ${why}`);
    finishTemplate(doc, model, documents, options, lane, out, unreadable);
  };
  return loadHandlerSupport(missing).then(() => loaded(), loaded);
}

/** Resolves and models the template (reading what it includes through the lane); undefined when it stopped. */
function buildTemplateModel(doc: LoadedDocument, documents: Map<string, LoadedDocument>, options: LintOptions, lane: Lane, out: FileOutcome, root: string): CorsModel | undefined {
  const failures: Array<{ cause: LoadError; at: Loc }> = [];
  const loadDocument = (file: string, at?: Loc): ExternalDocument | IncludeFailure => {
    const own = documents.get(file);
    if (own) return external(own);
    // outside the template's root: not read, whatever another template of the run (another root) read
    const outside = outsideRoot(file, root);
    if (outside) return { error: outside, kind: 'outside-repository' };
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
      loaded = external(parsed);
    } catch (error) {
      if (!(error instanceof LoadError)) throw error;
      // a missing file is not checked (said, counted); one that is there but cannot be read stops the template
      if (error.code === 'not-found') loaded = { error: 'no such file' };
      else loaded = { error: error.code === 'is-directory' ? 'it is a directory' : `${error.message} (line ${error.line}, column ${error.column})`, cause: error };
    }
    lane.documents.set(file, loaded);
    return loaded;
  };
  const samconfig = options.configEnv === false ? undefined : samconfigFor(out, lane, doc.file, options.configEnv, root);
  if (samconfig?.file && samconfig.problem?.fatal) {
    // SAM refuses a samconfig it cannot read or parse: the template's parameters as deployed are not known
    const { message, line, column } = samconfig.problem;
    const template: RelatedLocation = { filePath: doc.file, line: 1, column: 1, endLine: 1, endColumn: 1, message: 'not linted: it takes its parameters from this samconfig' };
    out.results.push(fatalResult(samconfig.file, { message: `${message}; the templates beside it take their parameters from it, so they are not linted`, line, column }, [template]));
    return undefined;
  }
  const given = mergeParameters(samconfig, { values: { ...options.parameters }, sources: { ...options.parameterSources } });
  for (const key of Object.keys(given.values)) given.sources[key] ??= 'the given parameters';
  let model: CorsModel;
  try {
    model = timed(options.timings, 'model', () =>
      buildModel(doc.file, doc.value, { parameters: given.values, parameterSources: given.sources, loadDocument, duplicateKeys: duplicateKeys(doc) }),
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    out.results.push(fatalResult(doc.file, { message: `internal error while reading the template: ${message}`, line: 1, column: 1 }));
    return undefined;
  }
  if (failures.length > 0) {
    out.results.push(...includeFailures(documents, failures));
    return undefined;
  }
  // the model is finished: no stage after this one writes into it (under test, writing throws)
  if (FREEZE_MODELS) deepFreeze(model);
  return model;
}

/** One fatal result per included file that exists but cannot be read, with every place that includes it. */
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

/**
 * The samconfig parameters for a template, read once per folder in a lane; a problem with the file is noted the
 * first time (and kept once per run by the merge, whichever lanes met it).
 */
function samconfigFor(out: FileOutcome, lane: Lane, templateFile: string, env: string | undefined, root: string): SamconfigParameters {
  const dir = dirname(templateFile);
  let found = lane.samconfigs.get(dir);
  if (!found) {
    found = samconfigParameters(templateFile, env ?? 'default', env !== undefined, (file) => outsideRoot(file, root));
    lane.samconfigs.set(dir, found);
    if (found.file && found.problem?.outside) {
      const { message, line, column } = found.problem;
      out.notes.push({ kind: 'outside-repository', file: found.file, line, column, message: `${message}; its parameter_overrides are not used` });
    } else if (found.file && found.problem && !found.problem.fatal) {
      const { message, line, column } = found.problem;
      out.notes.push({ kind: 'unreadable-samconfig', file: found.file, line, column, message: `${message}; its parameter_overrides are not used` });
    }
  }
  return found;
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
function finishTemplate(
  doc: LoadedDocument,
  model: CorsModel,
  documents: Map<string, LoadedDocument>,
  options: LintOptions,
  lane: Lane,
  out: FileOutcome,
  unreadable: UnreadableLanguage,
): void {
  const { timings } = options;
  const { handlers } = lane;
  const analysed = timed(timings, 'handlers', () => handlers.analyse(model, (file) => documents.get(file), unreadable));
  if (FREEZE_MODELS) deepFreeze(analysed);
  if (options.keepModels !== false || options.modelOnly) out.kept = { file: doc.file, model, handlers: analysed };
  const routes = routeCoverage(model, analysed);
  out.routes = { routes: (out.routes?.routes ?? 0) + routes.routes, unchecked: (out.routes?.unchecked ?? 0) + routes.unchecked };
  for (const note of [...model.notes, ...analysed.notes]) {
    const d = documents.get(note.loc.file);
    const range = note.loc.range ?? d?.locate(note.loc.path, note.loc.key ? 'key' : 'value') ?? { line: 1, column: 1 };
    out.notes.push({ kind: note.kind, file: note.loc.file, line: range.line, column: range.column, message: note.message, ...(note.reason ? { reason: note.reason } : {}), ...(note.detail ? { detail: note.detail } : {}) });
  }
  if (options.modelOnly) {
    if (out.kept) out.kept.locator = (loc: Loc) => loc.range ?? documents.get(loc.file)?.locate(loc.path, loc.key ? 'key' : 'value');
    out.results.push(emptyResult(doc.file));
    return;
  }
  const findings = runTemplateRules(doc, model, documents, options, lane, analysed);
  if (!Array.isArray(findings)) {
    out.results.push(findings);
    return;
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
  for (const [file, { messages, suppressed }] of byFile) {
    const result: LintResult = emptyResult(file, options.sources === false ? undefined : (documents.get(file)?.text ?? handlers.source(file)));
    result.messages = messages.sort(compareFindings);
    result.suppressedMessages = suppressed.sort(compareFindings);
    out.results.push(tally(result));
  }
  if (timings) timings.results = (timings.results ?? 0) + (performance.now() - started);
}

/** The rules' findings, positioned (locate); or the fatal result of a rule that failed. */
function runTemplateRules(
  doc: LoadedDocument,
  model: CorsModel,
  documents: Map<string, LoadedDocument>,
  options: LintOptions,
  lane: Lane,
  analysed: RuleFacts['handlers'],
): Finding[] | LintResult {
  const { timings } = options;
  const { handlers } = lane;
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
    const facts: RuleFacts = { handlers: analysed };
    return timed(timings, 'rules', () => runRules(options.rules, model, lookup, options.settings, identity, facts, options.fixes === false ? undefined : editorsFor(documents, options)));
  } catch (error) {
    if (!(error instanceof RuleError)) throw error;
    return fatalResult(doc.file, { message: `internal error: ${error.message}`, line: 1, column: 1 });
  } finally {
    if (timings) {
      timings.rules = (timings.rules ?? 0) - locating;
      timings.locate = (timings.locate ?? 0) + locating;
    }
  }
}
