/**
 * What rules use to describe a fix on a model value: a change that writes a new value where the value is
 * written, only when it is written there exactly as the rule read it. A value that flowed through a parameter,
 * a `!Sub`, a `!FindInMap` or an include is written elsewhere, or shared with other uses: no change is offered
 * for it (the engine would also refuse it, since the document holds something else at the value's place).
 */
import type { Located } from '../types.js';
import type { Change, FixDescriptor, FixValue } from './types.js';

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

/** A setting's value as the list helpers read it: where it is written, and (REST) its mapping kind. */
type SettingValue = ModelValue & { mapping?: { kind: string } };

/** The items of a comma-separated REST literal's text. */
function literalItems(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** How a REST literal separates its items: `', '` when it writes a blank after its commas, else `','`. */
function separatorOf(text: string): string {
  return /,[ \t]+\S/.test(text) ? ', ' : ',';
}

/**
 * A fix that adds names to an allow-list where it is written: at the end of a REST literal (`rest`: one value,
 * `'Content-Type'` becomes `'Content-Type,Authorization'`), or appended to a list written item by item — one list,
 * not one merged from `Globals` and the resource. `undefined` when the values are not written so.
 */
export function addItems(rest: boolean, values: readonly SettingValue[], names: readonly string[], desc: string): FixDescriptor | undefined {
  const last = values[values.length - 1];
  if (!last || names.length === 0) return undefined;
  if (rest) {
    if (values.length !== 1 || last.known !== true || last.mapping?.kind !== 'literal') return undefined;
    const text = String(last.value);
    return fixOf(desc, replaceValue(last, `'${[...literalItems(text), ...names].join(separatorOf(text))}'`));
  }
  const path = last.loc.path;
  if (typeof path[path.length - 1] !== 'number' || path[path.length - 2] === 'Fn::If') return undefined;
  const list = path.slice(0, -1);
  const sameList = (v: SettingValue): boolean => v.loc.file === last.loc.file && !v.loc.range && v.loc.path.length === path.length && list.every((k, i) => v.loc.path[i] === k);
  if (!values.every((v) => sameList(v) && writtenInPlace(v))) return undefined;
  return fixOf(desc, ...names.map((value): Change => ({ kind: 'append', at: { file: last.loc.file, path: list }, value })));
}

/**
 * A fix that takes names out of one value of an allow-list: a REST literal is written again without them (its
 * items joined by commas), a list item that is one of them is removed. `undefined` when nothing would be left.
 */
export function removeItems(rest: boolean, val: SettingValue, names: ReadonlySet<string>, desc: string): FixDescriptor | undefined {
  if (val.known !== true) return undefined;
  if (rest) {
    if (val.mapping?.kind !== 'literal') return undefined;
    const text = String(val.value);
    const kept = literalItems(text).filter((i) => !names.has(i));
    return kept.length === 0 ? undefined : fixOf(desc, replaceValue(val, `'${kept.join(separatorOf(text))}'`));
  }
  const path = val.loc.path;
  if (!names.has(String(val.value).trim()) || typeof path[path.length - 1] !== 'number' || path[path.length - 2] === 'Fn::If' || !writtenInPlace(val)) return undefined;
  return { desc, changes: [{ kind: 'remove', at: val.loc }] };
}
