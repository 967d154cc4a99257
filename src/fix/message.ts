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

/**
 * The message fix for a descriptor whose changes all go to `file` (a fix never reaches into another file than
 * the one its message is in, so that applying one file's fixes is enough), or `undefined`.
 */
export function messageFix(descriptor: FixDescriptor, file: string, editors: EditorLookup): MessageFix | undefined {
  const { changes } = descriptor;
  if (changes.length === 0 || changes.some((c) => c.at.file !== file || c.kind === 'text')) return undefined;
  const editor = editors(file);
  if (!editor) return undefined;
  const edits = editor.edits(changes);
  if (!edits || edits.length === 0) return undefined;
  const merged = mergeEdits(editor.doc.text, edits);
  return { range: merged.range, text: merged.text, desc: descriptor.desc, edits };
}

/** The suggestions of a finding that can be written, each with its edits. */
export function messageSuggestions(descriptors: readonly FixDescriptor[], file: string, editors: EditorLookup): MessageSuggestion[] {
  const out: MessageSuggestion[] = [];
  for (const d of descriptors) {
    const fix = messageFix(d, file, editors);
    if (fix) out.push({ desc: d.desc, fix });
  }
  return out;
}
