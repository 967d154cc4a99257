/**
 * Fixes as data. A rule describes a change by where it goes in the template (a model value's location, a
 * mapping's path) and what the value becomes; the engine writes the text (`src/fix/document.ts`), keeping
 * comments, quoting style, indentation and key order, and checks that the edited file reads as intended. What
 * reaches the reports is text edits on the file's own text, in ESLint's shape.
 */
import type { Loc, Range } from '../types.js';

/** A value a change writes: a scalar, a list or a mapping; intrinsics in their long form (`{ Ref: 'Api' }`). */
export type FixValue = string | number | boolean | null | FixValue[] | { [key: string]: FixValue };

/** One change to a template (or, for `text`, to a source file that is not a template), described by place. */
export type Change =
  /**
   * Replace the value written at `at` by `value`. `expect`: what the document must hold there now (a scalar, as
   * the template writes it, quotes of a REST mapping included), so that a value the template does not write
   * at that place (a parameter given on the command line, located at its `!Ref`) is never overwritten.
   */
  | { kind: 'set'; at: Loc; value: FixValue; expect?: string | number | boolean | null }
  /** Add `key: value` to the mapping at `at` (creating the mappings on the way that are missing), or replace it. */
  | { kind: 'put'; at: Loc; key: string; value: FixValue }
  /** Remove the mapping entry or the list item at `at`. */
  | { kind: 'remove'; at: Loc }
  /** Add `value` at the end of the list at `at`. */
  | { kind: 'append'; at: Loc; value: FixValue }
  /** Replace the text at `at.range` (a source file that is not a template: handler code) by `text`. */
  | { kind: 'text'; at: Loc & { range: Range }; text: string };

/** What a rule attaches to a finding: one sentence saying what the fix does, and the changes that make it. */
export interface FixDescriptor {
  /** Imperative, one sentence: "Write the origin without the trailing slash". */
  desc: string;
  changes: readonly Change[];
}

export type { MessageFix, MessageSuggestion, TextEdit } from '../types.js';
