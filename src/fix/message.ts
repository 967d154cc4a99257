/**
 * A rule's fix descriptor turned into what a message carries: text edits on the file's own text (ESLint's
 * `fix`, with every edit merged into one range, and the edits one by one for editors), or nothing when the
 * changes cannot be written exactly.
 */
import type { MessageFix, MessageSuggestion } from '../types.js';
import type { DocumentEditor } from './document.js';
import { mergeEdits } from './edits.js';
import type { FixDescriptor } from './types.js';

/** The editor of a parsed document by file; `undefined` for a file the run has not parsed. */
export type EditorLookup = (file: string) => DocumentEditor | undefined;

/** A finding's fix and suggestions, to be checked with those of the other findings of its template. */
export interface PendingFix {
  /** The finding that gets `fix` and `suggestions`. */
  target: { fix?: MessageFix; suggestions?: MessageSuggestion[] };
  file: string;
  fix?: FixDescriptor;
  suggest?: readonly FixDescriptor[];
}

/**
 * Sets the fix and suggestions of each pending finding that can be written, as {@link messageFix} and
 * {@link messageSuggestions} would one by one, but checking each file's candidates together
 * (`DocumentEditor.editsEach`): the edited document is read once for all of them rather than once for each.
 */
export function resolveFixes(pending: readonly PendingFix[], editors: EditorLookup): void {
  const byFile = new Map<string, Array<{ p: PendingFix; d: FixDescriptor; suggestion: boolean }>>();
  const add = (p: PendingFix, d: FixDescriptor, suggestion: boolean): void => {
    if (d.changes.length === 0 || d.changes.some((c) => c.at.file !== p.file || c.kind === 'text')) return;
    const list = byFile.get(p.file) ?? [];
    list.push({ p, d, suggestion });
    byFile.set(p.file, list);
  };
  for (const p of pending) {
    if (p.fix) add(p, p.fix, false);
    for (const d of p.suggest ?? []) add(p, d, true);
  }
  for (const [file, candidates] of byFile) {
    const editor = editors(file);
    if (!editor) continue;
    const checked = editor.editsEach(candidates.map((c) => c.d.changes));
    candidates.forEach(({ p, d, suggestion }, i) => {
      const edits = checked[i];
      if (!edits || edits.length === 0) return;
      const merged = mergeEdits(editor.doc.text, edits);
      const fix: MessageFix = { range: merged.range, text: merged.text, desc: d.desc, edits };
      if (suggestion) (p.target.suggestions ??= []).push({ desc: d.desc, fix });
      else p.target.fix = fix;
    });
  }
}
