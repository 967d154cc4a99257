/**
 * What rules use to describe a fix on a model value: a change that writes a new value where the value is
 * written, only when it is written there exactly as the rule read it. A value that flowed through a parameter,
 * a `!Sub`, a `!FindInMap` or an include is written elsewhere, or shared with other uses: no change is offered
 * for it (the engine would also refuse it, since the document holds something else at the value's place).
 */
import type { Located } from '../types.js';
import type { Change, FixValue } from './types.js';

/** Via steps that leave the value where it is written and used as written: Globals, and an `!If` branch. */
const TRANSPARENT = /^(inherited from Globals by |!If )/;

/** Whether a located value is written where it is located, as the template gives it (no parameter, no `!Sub`). */
export function writtenInPlace(val: Located): boolean {
  if (val.loc.range) return false;
  return (val.via ?? []).every((v) => TRANSPARENT.test(v.note));
}

/** A model value: located, with the value as read and (for settings) as the template writes it. */
type ModelValue = Located & { known?: boolean; value?: unknown; raw?: unknown };

/**
 * A change that replaces a scalar value where it is written by `value`: `undefined` when it is not written in
 * place (see {@link writtenInPlace}) or what the template writes there is not a known scalar. The engine checks
 * that the document holds what the template writes (`raw`: a REST mapping with its single quotes) at that place.
 */
export function replaceValue(val: ModelValue, value: FixValue): Change | undefined {
  if (!writtenInPlace(val)) return undefined;
  const written = val.raw !== undefined ? val.raw : val.known ? val.value : undefined;
  if (typeof written !== 'string' && typeof written !== 'number' && typeof written !== 'boolean') return undefined;
  return { kind: 'set', at: val.loc, value, expect: written };
}

/** A fix descriptor from changes that may be missing: `undefined` unless every one is there. */
export function fixOf(desc: string, ...changes: Array<Change | undefined>): { desc: string; changes: Change[] } | undefined {
  if (changes.length === 0 || changes.some((c) => c === undefined)) return undefined;
  return { desc, changes: changes as Change[] };
}
