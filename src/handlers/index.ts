/**
 * The handler stage, run between the model and the rules: for each function behind a Lambda proxy route of a
 * CORS-enabled REST API, find its source, read it, and return what it returns, per function and per route
 * ({@link HandlerResults}), with notes on what could not be read. It never writes into the model. The rules get the
 * result in their context (`context.handlers`); `src/engine` never knows.
 *
 * Two phases, so that a run pays for web-tree-sitter only when it needs it: `prepare` (synchronous) finds the
 * sources and says which grammars they need; the caller loads them (`loadHandlerSupport`, asynchronous); `analyse`
 * (synchronous) reads the code in the languages the caller allows (the synchronous API: those it was given). One analyzer serves a whole run, so a file shared by many routes and templates
 * is read and parsed once while in use, and its answer is kept for later templates (both bounded: see `Workspace`).
 */
import { basename } from 'node:path';
import type { CorsModel, LambdaFunction } from '../model/types.js';
import type { Loc, LocatedNote, NoteKind, Path, Range } from '../types.js';
import { HandlerResults } from './answer.js';
import type { ReadResult } from './common.js';
import { grammarLoaded, loadGrammars } from './grammars.js';
import type { JsReader } from './javascript.js';
import { locateHandler, type HandlerSource } from './locate.js';
import type { PyReader } from './python.js';
import { reachOf, type Reach } from './reach.js';
import { handlerReason, type HandlerReason } from './reasons.js';
import { proxyRoutes, routeName } from '../model/proxy-routes.js';
import { inlineBlock } from './source.js';
import type { HandlerAnalysis, SourceLanguage } from './types.js';
import { DEFAULT_WORKSPACE_LIMITS, Workspace } from './workspace.js';

/** How many handlers' answers an analyzer keeps for other templates that use the same file (least recently used go first). */
export const MAX_KEPT_ANSWERS = 1024;


interface ReaderModules {
  JsReader: typeof JsReader;
  PyReader: typeof PyReader;
}

let readerModules: ReaderModules | undefined;

/**
 * Loads what reading handlers in these languages takes: the readers and the grammars (and web-tree-sitter, the
 * first time). Nothing of it is loaded before a template needs it.
 */
export async function loadHandlerSupport(languages: Iterable<SourceLanguage>): Promise<void> {
  if (!readerModules) {
    const [js, py] = await Promise.all([import('./javascript.js'), import('./python.js')]);
    readerModules = { JsReader: js.JsReader, PyReader: py.PyReader };
  }
  await loadGrammars(languages);
}

/** Whether handlers in a language can be read now, synchronously. */
export function handlerSupportLoaded(language: SourceLanguage): boolean {
  return readerModules !== undefined && grammarLoaded(language);
}

/**
 * The handler readers and grammars `loadHandlerGrammars` loaded: what the synchronous API (`lintText`) may use.
 * Without it, the synchronous path reads no handler, whatever this process has loaded.
 */
export interface HandlerGrammars {
  readonly languages: ReadonlySet<SourceLanguage>;
}

const ALL_LANGUAGES: readonly SourceLanguage[] = ['javascript', 'typescript', 'python'];

/** Loads the handler readers and the grammars of `languages` (default: all three), for the synchronous API. */
export async function loadHandlerGrammars(languages: Iterable<SourceLanguage> = ALL_LANGUAGES): Promise<HandlerGrammars> {
  const wanted = new Set(languages);
  await loadHandlerSupport(wanted);
  return Object.freeze({ languages: wanted });
}

/** Why handlers in a language cannot be read in this call (undefined: they can). */
export type UnreadableLanguage = (language: SourceLanguage) => string | undefined;

const notLoaded: UnreadableLanguage = (language) => (handlerSupportLoaded(language) ? undefined : `the ${language} grammar is not loaded`);
export { HandlerResults } from './answer.js';
export type { HandlerAnalysis, HandlerOrigin, HandlerResponse } from './types.js';

/** What the analysis needs of the template it runs for: its text and the way from a path to a range. */
export interface TemplateText {
  text: string;
  locate(path: Path): Range;
}

export type TemplateLookup = (file: string) => TemplateText | undefined;

interface Plan {
  fn: LambdaFunction;
  source: HandlerSource;
}

interface Plans {
  plans: Plan[];
  /** The template's read root: no file outside it (after symbolic links) is read. */
  root?: string;
}

export class HandlerAnalyzer {
  private readonly workspace: Workspace;

  /**
   * `overlay` gives the text of files open in an editor (the language server), read instead of the disk. (Its type
   * is written out here so that the public declarations do not reach the parser's.) `limits` bound what it keeps
   * from template to template: parsed files (`files`, `bytes`: see `Workspace`) and handlers' answers
   * (`answers`); the defaults suit any run, tests give small ones.
   */
  constructor(options: { overlay?: (file: string) => string | undefined; limits?: { files?: number; bytes?: number; answers?: number } } = {}) {
    const { files = DEFAULT_WORKSPACE_LIMITS.files, bytes = DEFAULT_WORKSPACE_LIMITS.bytes, answers = MAX_KEPT_ANSWERS } = options.limits ?? {};
    this.workspace = new Workspace(options.overlay, { files, bytes });
    this.maxAnswers = answers;
  }

  private readonly maxAnswers: number;

  /** What this analyzer holds now: syntax trees, and handlers' answers kept for other templates (both bounded). */
  held(): { trees: number; answers: number } {
    return { trees: this.workspace.trees, answers: this.results.size };
  }

  /** Every handler file (and local module) this analyzer was asked to read: what a template's findings depend on. */
  filesAsked(): string[] {
    return this.workspace.filesAsked();
  }

  /** How many handler files were parsed in this run (a file shared by many routes counts once). */
  get parses(): number {
    return this.workspace.parses;
  }
  private js?: JsReader;
  private py?: PyReader;
  private readonly plans = new WeakMap<CorsModel, Plans>();
  private readonly results = new Map<string, HandlerAnalysis>();

  /**
   * Finds the handler sources of a model's proxy functions; returns the grammars they need. With `root`, no file
   * whose real path is outside it is read (the handler is noted `outside-repository`).
   */
  prepare(model: CorsModel, templateDir: string, root?: string): Set<SourceLanguage> {
    const plans: Plan[] = [];
    const seen = new Set<string>();
    for (const { fn } of proxyRoutes(model)) {
      if (!fn || seen.has(fn.id)) continue;
      seen.add(fn.id);
      let source: HandlerSource;
      try {
        source = locateHandler(fn, templateDir, root);
      } catch (error) {
        source = { kind: 'unknown', reason: `internal error while looking for the handler: ${(error as Error).message}`, loc: fn.loc };
      }
      plans.push({ fn, source });
    }
    this.plans.set(model, { plans, ...(root !== undefined ? { root } : {}) });
    const languages = new Set<SourceLanguage>();
    for (const { source } of plans) if (source.kind !== 'unknown') languages.add(source.language);
    return languages;
  }

  /**
   * Reads the handlers found by {@link prepare}: the stage's result for the template, with notes on what could not
   * be read. The model is not changed.
   */
  analyse(model: CorsModel, templates: TemplateLookup, unreadable: UnreadableLanguage = notLoaded): HandlerResults {
    // templates are analysed one after another: nothing of the previous one's trees is in use any more
    this.workspace.release();
    const { plans, root } = this.plans.get(model) ?? { plans: [] };
    const analyses = new Map<string, HandlerAnalysis>();
    const notes: LocatedNote[] = [];
    for (const { fn, source } of plans) {
      // a language this call may not read: the handler is left unread, whatever an earlier call read
      const why = source.kind === 'unknown' ? undefined : unreadable(source.language);
      if (why && source.kind !== 'unknown') {
        analyses.set(fn.id, { status: 'unknown', reason: why, handler: source.handler, file: source.file, language: source.language, responses: [] });
        notes.push({ kind: 'grammar-not-loaded', loc: source.loc, message: `the handler of function '${fn.id}' is not read: ${why}`, reason: 'not-loaded' });
        continue;
      }
      let analysis: HandlerAnalysis;
      try {
        analysis = this.workspace.within(root, () => this.analyseOne(source, templates, reachOf(fn, root)));
      } catch (error) {
        // A defect in a reader must not cost the template its other findings.
        analysis = { status: 'unknown', reason: `internal error while reading the handler: ${(error as Error).message}`, responses: [] };
      }
      analyses.set(fn.id, analysis);
      if (analysis.status === 'unknown') {
        const reason = handlerReason(analysis.reason ?? '');
        notes.push({ kind: kindOf(reason, 'unreadable-handler'), loc: source.loc, message: `the handler of function '${fn.id}' is not read: ${analysis.reason}`, ...reason });
        continue;
      }
      for (const r of analysis.responses) {
        if (r.allowOrigin === 'unknown') {
          const reason = handlerReason(r.note ?? '');
          notes.push({ kind: kindOf(reason, 'unreadable-response'), loc: r.loc, message: `a response of handler '${analysis.handler}' (function '${fn.id}') cannot be read: ${r.note ?? 'unknown'}`, ...reason });
        }
      }
      if (analysis.responses.length === 0) {
        notes.push({ kind: 'no-readable-response', loc: analysis.loc ?? source.loc, message: `handler '${analysis.handler}' (function '${fn.id}') returns no response object that can be read`, reason: 'construct', detail: 'no response object' });
      }
    }
    const noted = new Set<string>();
    for (const { route, fn } of proxyRoutes(model)) {
      if (fn) continue;
      const key = `${route.apiId} ${routeName(route)}`;
      if (noted.has(key)) continue;
      noted.add(key);
      const output = route.integration.stackOutput;
      const target = route.integration.functionId
        ? `function '${route.integration.functionId}', which is not in this template`
        : output
          ? `a function of '${output.stack}' (its output ${output.output}), a nested application or stack whose template is linted on its own`
          : 'a function the template does not name';
      notes.push({ kind: 'unknown-function', loc: route.integration.loc, message: `${routeName(route)}: the handler is not read: the integration calls ${target}`, reason: 'function-elsewhere', ...(output ? { detail: 'nested stack' } : {}) });
    }
    return new HandlerResults(model, analyses, notes);
  }

  /** Frees the parsed files once the run is over. */
  dispose(): void {
    this.workspace.dispose();
  }

  /** The text of a handler file read during the run (for code frames). */
  source(file: string): string | undefined {
    return this.workspace.text(file);
  }

  private analyseOne(source: HandlerSource, templates: TemplateLookup, reach: Reach): HandlerAnalysis {
    if (source.kind === 'unknown') return { status: 'unknown', reason: source.reason, handler: source.handler, responses: [] };
    // the same file read for functions with other layers or environment variables may answer otherwise
    const key = source.kind === 'file' ? `${source.file}\u0000${source.exportName}\u0000${reach.key}` : undefined;
    const cached = key ? this.results.get(key) : undefined;
    if (cached) {
      this.results.delete(key!);
      this.results.set(key!, cached);
      return cached;
    }
    const base = { handler: source.handler, file: source.file, language: source.language };
    if (!handlerSupportLoaded(source.language) || !readerModules) return { ...base, status: 'unknown', reason: `the ${source.language} grammar is not loaded`, responses: [] };
    this.js ??= new readerModules.JsReader(this.workspace);
    this.py ??= new readerModules.PyReader(this.workspace);
    let result: ReadResult;
    if (source.kind === 'file') {
      const opened = this.workspace.open(source.file, source.language, source.codeRoot);
      if ('error' in opened) return { ...base, status: 'unknown', reason: `cannot read ${basename(source.file)}: ${opened.error}`, responses: [] };
      result = source.language === 'python' ? this.py.read(opened, source.exportName, reach) : this.js.read(opened, source.exportName, reach);
    } else {
      const template = templates(source.file);
      const range = template?.locate(source.codeLoc.path);
      const block = template && range ? inlineBlock(template.text, range) : undefined;
      let code = source.code;
      let map = block?.map;
      const substitutions = block?.substitutions ?? false;
      if (code === undefined) {
        if (!block || !block.substitutions) return { ...base, status: 'unknown', reason: 'the inline code is built by an intrinsic function that is not read', responses: [] };
        code = block.code;
      } else if (!block || block.code.trimEnd() !== code.trimEnd()) {
        map = template && range ? singleLine(template.text, range, code) : undefined;
      }
      const fallback = range ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
      const opened = this.workspace.openInline(`${source.file}\u0000${source.codeLoc.path.join('\u0000')}`, source.file, code, source.language, { map, fallback, substitutions });
      if ('error' in opened) return { ...base, status: 'unknown', reason: `the inline code cannot be read: ${opened.error}`, responses: [] };
      result = source.language === 'python' ? this.py.read(opened, source.exportName, reach) : this.js.read(opened, source.exportName, reach);
    }
    const analysis: HandlerAnalysis =
      'unknown' in result ? { ...base, status: 'unknown', reason: result.unknown, responses: [] } : { ...base, status: 'analysed', loc: result.loc as Loc | undefined, responses: result.responses };
    if (key) {
      this.results.set(key, analysis);
      if (this.results.size > this.maxAnswers) this.results.delete(this.results.keys().next().value!);
    }
    return analysis;
  }
}

/** A note's kind: `outside-repository` for a file outside the template's root, whichever step met it. */
function kindOf(reason: HandlerReason, otherwise: NoteKind): NoteKind {
  return reason.reason === 'outside-repository' ? 'outside-repository' : otherwise;
}

/** Inline code written as one quoted string on one line (JSON templates, short YAML values): map it column by column. */
function singleLine(text: string, range: Range, code: string): { lines: number[]; indent: number } | undefined {
  if (code.includes('\n') && code.trimEnd().includes('\n')) return undefined;
  const line = text.split('\n')[range.line - 1]?.replace(/\r$/, '');
  if (line === undefined) return undefined;
  const quote = line[range.column - 1];
  if (quote !== '"' && quote !== "'") return undefined;
  const body = code.trimEnd();
  return line.slice(range.column, range.column + body.length) === body ? { lines: [range.line], indent: range.column } : undefined;
}
