/**
 * What linting one file gives (`FileOutcome`), what a run gives (`LintRun`), and the one merge that turns the
 * outcomes of a run's files into its run, in input order, whichever thread linted each file (`RunMerge`).
 */
import { compareFindings } from '../engine/run.js';
import type { TemplateHandlers } from '../model/handlers.js';
import type { RouteCoverage } from '../model/proxy-routes.js';
import type { CorsModel } from '../model/types.js';
import type { LintMessage, LintResult, Loc, NoteKind, Range, RelatedLocation } from '../types.js';

/** A file the run looked at and did not lint, with why (shown with `--verbose`). */
export interface Skipped {
  file: string;
  reason: string;
}

/** Something the run could not check (a remote OpenAPI file, an unknown API, a handler), shown with `--verbose`. */
export interface Note {
  /** What the note is about, for machines: a stable id (the message is for people, and may be reworded). */
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
  /**
   * The routes of APIs with CORS in the templates linted, and how many of them could not be checked fully (a
   * Lambda proxy whose handler was not read, or not all of it): the denominator of the not-checked line.
   */
  routes: RouteCoverage;
  /** The model of each template linted, by file (for `--print-model`). */
  models: Map<string, CorsModel>;
  /**
   * What the handler stage found for each template whose model is kept (`models`), by file: `explain` hands it
   * to the simulator.
   */
  handlers?: Map<string, TemplateHandlers>;
  /** With `modelOnly`: turns a location in a model into a position, by template file. */
  locators?: Map<string, (loc: Loc) => Range | undefined>;
  /**
   * Set when the run was asked for more than one thread: how many linted, and, when worker threads could not
   * start, why (the run then lints on the main thread, and the command line says so).
   */
  threads?: { used: number; failure?: string };
}

/** What one template linted in this thread leaves for the run beyond its results (see {@link LintRun.models}). */
export interface KeptTemplate {
  file: string;
  model: CorsModel;
  handlers: TemplateHandlers;
  locator?: (loc: Loc) => Range | undefined;
}

/** What linting one file gives; the run is made of these, merged in input order by {@link RunMerge}. */
export interface FileOutcome {
  results: LintResult[];
  /** The results are a file that could not be read (added as they are, not merged with earlier ones). */
  unread: boolean;
  skipped: Skipped[];
  notes: Note[];
  templates: number;
  /** The template's routes with CORS, and how many were not checked fully (`routeCoverage`). */
  routes?: RouteCoverage;
  /** The template's model and handler answers, when kept (never sent from a worker thread). */
  kept?: KeptTemplate;
}

export function newOutcome(): FileOutcome {
  return { results: [], unread: false, skipped: [], notes: [], templates: 0 };
}

export function newRun(missing: LintRun['missing'] = []): LintRun {
  return { results: [], skipped: [], notes: [], missing, templates: 0, routes: { routes: 0, unchecked: 0 }, models: new Map() };
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

export function fatalResult(filePath: string, error: { message: string; line: number; column: number }, related?: RelatedLocation[]): LintResult {
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

/** Note kinds said once per run, for the first file that meets them (each thread meets them once). */
const ONCE_PER_RUN: ReadonlySet<NoteKind> = new Set<NoteKind>(['unreadable-samconfig']);

/** The key that keeps a note once per run, or undefined for a note kept as often as it comes. */
function onceKey(note: Note): string | undefined {
  if (ONCE_PER_RUN.has(note.kind)) return `${note.kind}\u0000${note.file}`;
  // a samconfig outside the repository is met by each thread (and each folder's first template) once: one note
  if (note.kind === 'outside-repository') return [note.kind, note.file, note.line, note.column, note.message].join('\u0000');
  return undefined;
}

/**
 * The one merge of a run, for one thread and for several: each file's outcome is added at its place in the input
 * order (outcomes that arrive early wait for those before them). Findings in a handler file that an earlier
 * template also reached join that file's result (the first one without a fatal message); a note about a file
 * that each template meets (a samconfig) is kept once.
 */
export class RunMerge {
  readonly run: LintRun;
  private readonly waiting = new Map<number, FileOutcome>();
  private next = 0;
  /** Each file's first result without a fatal message, which later findings in that file join. */
  private readonly open = new Map<string, LintResult>();
  private readonly noted = new Set<string>();
  /** The fatal message of each file that stops templates (a samconfig, an included file), which later ones join. */
  private readonly fatalMessages = new Map<string, LintMessage>();

  constructor(missing: LintRun['missing'] = []) {
    this.run = newRun(missing);
  }

  /** Adds the outcome of the file at `index` of the input (each index once). */
  add(index: number, outcome: FileOutcome): void {
    this.waiting.set(index, outcome);
    for (let ready = this.waiting.get(this.next); ready; ready = this.waiting.get(this.next)) {
      this.waiting.delete(this.next++);
      this.merge(ready);
    }
  }

  private merge(outcome: FileOutcome): void {
    const { run } = this;
    for (const result of outcome.results) this.share(result);
    if (outcome.unread) run.results.push(...outcome.results);
    else this.addResults(outcome.results);
    run.skipped.push(...outcome.skipped);
    for (const note of outcome.notes) {
      const key = onceKey(note);
      if (key !== undefined) {
        if (this.noted.has(key)) continue;
        this.noted.add(key);
      }
      run.notes.push(note);
    }
    run.templates += outcome.templates;
    if (outcome.routes) {
      run.routes.routes += outcome.routes.routes;
      run.routes.unchecked += outcome.routes.unchecked;
    }
    const { kept } = outcome;
    if (kept) {
      run.models.set(kept.file, kept.model);
      (run.handlers ??= new Map()).set(kept.file, kept.handlers);
      if (kept.locator) (run.locators ??= new Map()).set(kept.file, kept.locator);
    }
  }

  /**
   * One string for each text results repeat (messages, related locations' files and messages): a run keeps every
   * result until its report, and templates written alike get the same words, each made anew for each template (or
   * copied from a worker thread).
   */
  private readonly texts = new Map<string, string>();

  private text(s: string): string {
    const known = this.texts.get(s);
    if (known !== undefined) return known;
    this.texts.set(s, s);
    return s;
  }

  private share(result: LintResult): void {
    for (const list of [result.messages, result.suppressedMessages]) {
      for (const m of list) {
        m.message = this.text(m.message);
        for (const r of m.relatedLocations ?? []) {
          r.filePath = this.text(r.filePath);
          if (r.message !== undefined) r.message = this.text(r.message);
        }
      }
    }
  }

  private addResults(results: readonly LintResult[]): void {
    const { run, open } = this;
    for (const result of results) {
      if (result.fatalErrorCount > 0 && this.joinFatal(result)) continue;
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

  /**
   * A file that stops several templates (a samconfig or an OpenAPI file they share that cannot be read) is reported
   * once: the fatal message of a later template joins the earlier one, with its template as one more related
   * location. Returns whether the result was taken.
   */
  private joinFatal(result: LintResult): boolean {
    const [message, ...others] = result.messages;
    if (!message?.fatal || others.length > 0 || !message.relatedLocations) return false;
    const key = [result.filePath, message.line, message.column, message.message].join('\u0001');
    const earlier = this.fatalMessages.get(key);
    if (!earlier) {
      this.fatalMessages.set(key, message);
      this.run.results.push(result);
      return true;
    }
    const place = (r: RelatedLocation) => `${r.filePath}:${r.line}:${r.column}:${r.message}`;
    const seen = new Set((earlier.relatedLocations ?? []).map(place));
    for (const r of message.relatedLocations) if (!seen.has(place(r))) (earlier.relatedLocations ??= []).push(r);
    return true;
  }
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
