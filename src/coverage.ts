/**
 * What a run could not check fully, for people and for machines (issue 12, "never pass silently"). The stages say
 * what they could not read as notes with a stable kind (`NoteKind`); this module picks the kinds that leave part of
 * a template's CORS unchecked, counts them by kind, attaches them to the results (`LintResult.notChecked`, which
 * the JSON and SARIF reports carry) and words the one summary line the command line prints by default. Notes are
 * told apart by kind only, never by their wording. See docs/not-checked.md.
 */
import type { Note } from './lint.js';
import type { RouteCoverage } from './model/proxy-routes.js';
import type { LintResult, NotChecked, NoteKind } from './types.js';

/**
 * The kinds that leave CORS unchecked, each with how the summary line counts it (one, many). The stages note them
 * only where CORS is concerned: handlers of proxy routes on APIs with CORS intent, API bodies and methods whose
 * CORS cannot be known. Kinds left out: `inert-cors` (the configuration was read; it deploys nothing),
 * `unreadable-samconfig` (the template is checked with the values it has), `yaml-aliases` (read as packaged),
 * `unenforced-auth` and `dead-mapping` (facts about what was read).
 */
export const NOT_CHECKED_KINDS: Readonly<Partial<Record<NoteKind, readonly [string, string]>>> = {
  'remote-openapi': ['OpenAPI document outside the repository (S3 or a URL)', 'OpenAPI documents outside the repository (S3 or a URL)'],
  'unreadable-openapi': ['included OpenAPI file missing', 'included OpenAPI files missing'],
  'opaque-openapi-body': ['API body not read (built by an intrinsic)', 'API bodies not read (built by intrinsics)'],
  'unknown-api': ['method or event on an API outside the template', 'methods or events on APIs outside the template'],
  'unreadable-handler': ['handler not read', 'handlers not read'],
  'no-readable-response': ['handler without a response that can be read', 'handlers without a response that can be read'],
  'unreadable-response': ['handler response not read', 'handler responses not read'],
  'unknown-function': ['route to a function outside the template', 'routes to functions outside the template'],
  'outside-repository': ['file outside the repository (not read)', 'files outside the repository (not read)'],
};

/** Whether a note's kind leaves part of a template's CORS unchecked. */
export function isNotChecked(kind: NoteKind): boolean {
  return NOT_CHECKED_KINDS[kind] !== undefined;
}

/** The notes that say something was not checked, each once (a handler several templates reach is noted by each). */
export function notCheckedNotes(notes: readonly Note[]): Note[] {
  const seen = new Set<string>();
  const out: Note[] = [];
  for (const note of notes) {
    if (!isNotChecked(note.kind)) continue;
    const key = [note.kind, note.file, note.line, note.column, note.message].join('\u0001');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(note);
  }
  return out;
}

/** How the summary names a handler reason kind (`reason` on a note; the handler stage's `HandlerReasonKind`). */
const REASON_WORDS: Readonly<Record<string, string>> = {
  'code-in-s3': 'code in S3',
  'code-archive': 'code in an archive',
  'container-image': 'container image',
  'code-missing': 'code not found',
  'function-elsewhere': 'function in another stack',
  'runtime-not-read': 'runtime not read',
  'template-value': 'not known from the template',
  'layer-elsewhere': 'module from a layer elsewhere',
  package: 'third-party package',
  framework: 'web framework',
  construct: 'construct not followed',
  'too-complex': 'too complex',
  'syntax-error': 'syntax error',
  'not-loaded': 'grammar not loaded',
  'internal-error': 'internal error',
};

/** A note's reason in the summary's words: the runtime itself for a runtime that is not read. */
function reasonWords(note: Note): string | undefined {
  // a reason that only repeats the kind (`outside-repository`) adds nothing to the count
  if (note.reason === undefined || note.reason === note.kind) return undefined;
  if (note.reason === 'runtime-not-read' && note.detail) return `runtime ${note.detail}`;
  return REASON_WORDS[note.reason] ?? note.reason;
}

/**
 * How many items were not checked, by kind, in the order of {@link NOT_CHECKED_KINDS}; with, where the notes give
 * one, how many of them for each reason (most first).
 */
export function countNotChecked(notes: readonly Note[]): Array<{ kind: NoteKind; count: number; reasons: Array<{ reason: string; count: number }> }> {
  const counts = new Map<NoteKind, { count: number; reasons: Map<string, number> }>();
  for (const note of notCheckedNotes(notes)) {
    let entry = counts.get(note.kind);
    if (!entry) counts.set(note.kind, (entry = { count: 0, reasons: new Map() }));
    entry.count += 1;
    const words = reasonWords(note);
    if (words !== undefined) entry.reasons.set(words, (entry.reasons.get(words) ?? 0) + 1);
  }
  return (Object.keys(NOT_CHECKED_KINDS) as NoteKind[])
    .filter((k) => counts.has(k))
    .map((kind) => {
      const { count, reasons } = counts.get(kind)!;
      const list = [...reasons].map(([reason, n]) => ({ reason, count: n })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
      return { kind, count, reasons: list };
    });
}

/** `(26 code in S3, 15 runtime provided.al2, …)`: at most three reasons, the most frequent first. */
function reasonsText(count: number, reasons: ReadonlyArray<{ reason: string; count: number }>): string {
  if (reasons.length === 0) return '';
  if (reasons.length === 1 && reasons[0]!.count === count) return ` (${reasons[0]!.reason})`;
  const shown = reasons.slice(0, 3).map((r) => `${r.count} ${r.reason}`);
  return ` (${shown.join(', ')}${reasons.length > 3 ? ', …' : ''})`;
}

/**
 * The summary line, or undefined when everything was checked: with `routes` (the run's `LintRun.routes`), how many
 * of the routes with CORS were not checked fully first, then the items by kind:
 * `not checked: 3 of 14 routes with CORS; 3 handlers not read (2 code in S3, 1 runtime java21), 1 OpenAPI document outside the repository (S3 or a URL) (--verbose lists them)`.
 */
export function notCheckedSummary(notes: readonly Note[], pointToVerbose = true, routes?: RouteCoverage): string | undefined {
  const counts = countNotChecked(notes);
  const unchecked = routes && routes.unchecked > 0 ? routes : undefined;
  if (counts.length === 0 && !unchecked) return undefined;
  const parts = counts.map(({ kind, count, reasons }) => {
    const [one, many] = NOT_CHECKED_KINDS[kind]!;
    return `${count} ${count === 1 ? one : many}${reasonsText(count, reasons)}`;
  });
  const share = unchecked ? `${unchecked.unchecked} of ${unchecked.routes} ${unchecked.routes === 1 ? 'route' : 'routes'} with CORS${parts.length > 0 ? '; ' : ''}` : '';
  return `not checked: ${share}${parts.join(', ')}${pointToVerbose ? ' (--verbose lists them)' : ''}`;
}

/**
 * The results with each file's not-checked items as `notChecked` (ESLint formatters ignore the key). A file with
 * such items and no result (a handler file, an included OpenAPI file) gets an empty result that carries them.
 * The results given are not changed.
 */
export function withNotChecked(results: readonly LintResult[], notes: readonly Note[], empty: (file: string) => LintResult): LintResult[] {
  const byFile = new Map<string, NotChecked[]>();
  for (const note of notCheckedNotes(notes)) {
    let list = byFile.get(note.file);
    if (!list) byFile.set(note.file, (list = []));
    list.push({ kind: note.kind, line: note.line, column: note.column, message: note.message, ...(note.reason ? { reason: note.reason } : {}), ...(note.detail ? { detail: note.detail } : {}) });
  }
  if (byFile.size === 0) return [...results];
  const out = results.map((r) => {
    const items = byFile.get(r.filePath);
    if (!items) return r;
    byFile.delete(r.filePath);
    return { ...r, notChecked: items };
  });
  for (const [file, items] of byFile) out.push({ ...empty(file), notChecked: items });
  return out;
}
