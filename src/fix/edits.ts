/**
 * Text edits: applying them, merging the edits of one fix into ESLint's single `{ range, text }`, and applying
 * the fixes of many messages to one text without overlap, as ESLint's source-code fixer does.
 */
import type { LintMessage } from '../types.js';
import type { MessageFix, TextEdit } from './types.js';

/** Edits sorted by where they start; `undefined` when two overlap (or one is out of the text). */
export function sortedEdits(edits: readonly TextEdit[], length: number): TextEdit[] | undefined {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let end = 0;
  for (const edit of sorted) {
    const [s, e] = edit.range;
    if (s < end || e < s || e > length) return undefined;
    end = e;
  }
  return sorted;
}

/** The text with the edits applied (they must not overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = sortedEdits(edits, text.length);
  if (!sorted) throw new Error('overlapping edits');
  let out = '';
  let at = 0;
  for (const { range, text: insert } of sorted) {
    out += text.slice(at, range[0]) + insert;
    at = range[1];
  }
  return out + text.slice(at);
}

/** The edits of one fix as one edit (ESLint's merge): from the first start to the last end, the text between kept. */
export function mergeEdits(text: string, edits: readonly TextEdit[]): TextEdit {
  const sorted = sortedEdits(edits, text.length);
  if (!sorted || sorted.length === 0) throw new Error(sorted ? 'no edits' : 'overlapping edits');
  const start = sorted[0]!.range[0];
  const end = sorted[sorted.length - 1]!.range[1];
  let out = '';
  let at = start;
  for (const { range, text: insert } of sorted) {
    out += text.slice(at, range[0]) + insert;
    at = range[1];
  }
  return { range: [start, end], text: out };
}

/** A message's fix for the text, from its edits (or the merged edit, for fixes made elsewhere). */
export function editsOf(fix: { range: [number, number]; text: string; edits?: readonly TextEdit[] }): readonly TextEdit[] {
  return fix.edits && fix.edits.length > 0 ? fix.edits : [{ range: fix.range, text: fix.text }];
}

/** What applying the fixes of some messages to a text gives. */
export interface AppliedFixes {
  /** The fixed text. */
  output: string;
  /** The messages whose fix was applied. */
  fixed: LintMessage[];
  /** The messages whose fix was left for another pass, because it overlaps one applied before it. */
  deferred: LintMessage[];
}

/**
 * Applies the fixes of `messages` to `text`, in the order of where they start (ESLint's order): a fix that
 * starts at or before the end of one already applied waits for the next pass. `accept` chooses which fixes apply.
 */
export function applyFixes(text: string, messages: readonly LintMessage[], accept: (m: LintMessage) => boolean = () => true): AppliedFixes {
  const withFix = messages.filter((m): m is LintMessage & { fix: MessageFix } => m.fix !== undefined && accept(m));
  withFix.sort((a, b) => a.fix.range[0] - b.fix.range[0] || a.fix.range[1] - b.fix.range[1]);
  const fixed: LintMessage[] = [];
  const deferred: LintMessage[] = [];
  const edits: TextEdit[] = [];
  let last = -Infinity;
  for (const message of withFix) {
    const [start, end] = message.fix.range;
    if (start <= last || end > text.length) {
      deferred.push(message);
      continue;
    }
    edits.push(...editsOf(message.fix));
    fixed.push(message);
    last = end;
  }
  return { output: edits.length > 0 ? applyEdits(text, edits) : text, fixed, deferred };
}
