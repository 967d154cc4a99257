/**
 * What a run could not check fully, for people and for machines (issue 12, "never pass silently"). The stages say
 * what they could not read as notes with a stable kind (`NoteKind`); this module picks the kinds that leave part of
 * a template's CORS unchecked, counts them by kind, attaches them to the results (`LintResult.notChecked`, which
 * the JSON and SARIF reports carry) and words the one summary line the command line prints by default. Notes are
 * told apart by kind only, never by their wording. See docs/not-checked.md.
 */
import type { Note } from './lint.js';
import type { LintResult, NotChecked, NoteKind } from './types.js';

/**
 * The kinds that leave CORS unchecked, each with how the summary line counts it (one, many). The stages note them
 * only where CORS is concerned: handlers of proxy routes on APIs with CORS intent, API bodies and methods whose
 * CORS cannot be known. Kinds left out: `inert-cors` (the configuration was read; it deploys nothing),
 * `unreadable-samconfig` (the template is checked with the values it has) and `yaml-aliases` (read as packaged).
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

/** How many items were not checked, by kind, in the order of {@link NOT_CHECKED_KINDS}. */
export function countNotChecked(notes: readonly Note[]): Array<{ kind: NoteKind; count: number }> {
  const counts = new Map<NoteKind, number>();
  for (const note of notCheckedNotes(notes)) counts.set(note.kind, (counts.get(note.kind) ?? 0) + 1);
  return (Object.keys(NOT_CHECKED_KINDS) as NoteKind[]).filter((k) => counts.has(k)).map((kind) => ({ kind, count: counts.get(kind)! }));
}

/**
 * The summary line, or undefined when everything was checked:
 * `not checked: 3 handlers not read, 1 OpenAPI document outside the repository (S3 or a URL) (--verbose lists them)`.
 */
export function notCheckedSummary(notes: readonly Note[], pointToVerbose = true): string | undefined {
  const counts = countNotChecked(notes);
  if (counts.length === 0) return undefined;
  const parts = counts.map(({ kind, count }) => {
    const [one, many] = NOT_CHECKED_KINDS[kind]!;
    return `${count} ${count === 1 ? one : many}`;
  });
  return `not checked: ${parts.join(', ')}${pointToVerbose ? ' (--verbose lists them)' : ''}`;
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
    list.push({ kind: note.kind, line: note.line, column: note.column, message: note.message });
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
