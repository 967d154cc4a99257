/**
 * How resolved values combine: the conditions two values hold under (merged, or contradictory), the places they
 * flowed through (merged without repeats), every combination of alternatives (bounded by `MAX_ALTERNATIVES`),
 * and text joined from fixed parts and values (`!Sub`, `!Join`), located where a reader would look. Pure
 * functions; the resolver (`resolver.ts`) calls them.
 */
import { condKey, type Cond, type Loc, type Via } from '../types.js';
import type { KnownVal, Node, Scalar, UnknownVal, Val } from './types.js';

/** How many combinations of alternatives one `!Sub`, `!Join` or `!FindInMap` may produce before it is unknown. */
export const MAX_ALTERNATIVES = 64;

/** A part of a `!Sub` or `!Join`: fixed text, or a value with alternatives. */
export type Part = { text: string } | { label: string; vals: Val<Scalar>[] };

/** A text cut to `max` characters for a message, with an ellipsis. */
export function truncate(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Whether `loc` is written inside `base` (in the same file, at or below its path). */
export function isUnder(loc: Loc, base: Loc): boolean {
  if (loc.file !== base.file || loc.range || base.range || loc.path.length < base.path.length) return false;
  return base.path.every((key, i) => loc.path[i] === key);
}

/** A related location as a key, to tell repeats. */
export function viaKey(v: Via): string {
  return `${v.loc.file}\u0000${v.loc.path.join('\u0000')}\u0000${v.loc.key ? 1 : 0}\u0000${v.note}`;
}

/** `base` followed by the entries of each `extra` list that are not in it yet. */
export function mergeVia(base: readonly Via[], ...extra: ReadonlyArray<readonly Via[]>): Via[] {
  const out = [...base];
  const seen = new Set(out.map(viaKey));
  for (const list of extra) {
    for (const v of list) {
      const key = viaKey(v);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(v);
    }
  }
  return out;
}

/** The union of assumption lists, without repeats; `undefined` when they contradict each other. */
export function mergeWhen(...lists: ReadonlyArray<readonly Cond[]>): Cond[] | undefined {
  const out: Cond[] = [];
  const seen = new Map<string, boolean | string>();
  for (const list of lists) {
    for (const c of list) {
      const key = condKey(c);
      const prev = seen.get(key);
      if (prev === undefined) {
        seen.set(key, c.value);
        out.push(c);
      } else if (prev !== c.value) return undefined;
    }
  }
  return out;
}

/** True when a list of assumptions says both `X is true` and `X is false`, or gives a parameter two values. */
export function contradicts(when: readonly Cond[]): boolean {
  const seen = new Map<string, boolean | string>();
  for (const c of when) {
    const key = condKey(c);
    const prev = seen.get(key);
    if (prev !== undefined && prev !== c.value) return true;
    seen.set(key, c.value);
  }
  return false;
}

/** True when two sets of assumptions can hold together. */
export function compatible(a: readonly Cond[], b: readonly Cond[]): boolean {
  return !contradicts([...a, ...b]);
}

/** Drops values that repeat another one exactly (same value or reason, place and conditions). */
export function dedupe(vals: Val<Scalar>[]): Val<Scalar>[] {
  const seen = new Set<string>();
  return vals.filter((v) => {
    const key = JSON.stringify([v.known, v.known ? v.value : v.reason, v.loc.file, v.loc.path, v.when, v.via.map(viaKey)]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** An unknown value for `node`, with the reason. */
export function unknownAt(node: Node, reason: string): UnknownVal {
  return { known: false, reason, loc: node.loc, via: node.via, when: node.when };
}

/** Every combination of one choice per slot; `undefined` in place of the rest when there are too many. */
export function* product<T>(slots: T[][]): Generator<T[] | undefined> {
  const total = slots.reduce((n, s) => n * s.length, 1);
  if (total > MAX_ALTERNATIVES) {
    yield undefined;
    return;
  }
  if (slots.length === 0) {
    yield [];
    return;
  }
  const index = slots.map(() => 0);
  for (;;) {
    yield slots.map((s, i) => s[index[i]!]!);
    let k = slots.length - 1;
    while (k >= 0 && ++index[k]! >= slots[k]!.length) index[k--] = 0;
    if (k < 0) return;
  }
}

/**
 * Joins fixed text and values into string values, one per compatible combination of alternatives. The result
 * is located at the one part that comes from elsewhere when the rest is only quotes and blanks (so
 * `!Sub "'${Origin}'"` is located at the parameter default, with the `!Sub` as a related location); otherwise
 * at the call, with each part that comes from elsewhere as a related location.
 */
export function combine(node: Node, parts: Part[], note: string): Val<Scalar>[] {
  const variable = parts.filter((p): p is { label: string; vals: Val<Scalar>[] } => 'vals' in p);
  const out: Val<Scalar>[] = [];
  for (const combo of product(variable.map((p) => p.vals))) {
    if (combo === undefined) return [unknownAt(node, 'too many combinations to evaluate')];
    const when = mergeWhen(node.when, ...combo.map((v) => v.when));
    if (!when) continue;
    const unknown = combo.find((v): v is UnknownVal => !v.known);
    if (unknown) {
      out.push({ known: false, reason: unknown.reason, loc: node.loc, via: node.via, when });
      continue;
    }
    let value = '';
    let fixed = '';
    const outside: Array<{ label: string; val: KnownVal<Scalar> }> = [];
    let i = 0;
    for (const part of parts) {
      if ('text' in part) {
        value += part.text;
        fixed += part.text;
        continue;
      }
      const val = combo[i++] as KnownVal<Scalar>;
      const text = val.value === null ? '' : String(val.value);
      value += text;
      if (isUnder(val.loc, node.loc)) fixed += text;
      else outside.push({ label: part.label, val });
    }
    if (outside.length === 1 && fixed.replace(/['"\s]/g, '') === '') {
      const only = outside[0]!.val;
      const via = only.via.some((v) => isUnder(v.loc, node.loc)) ? only.via : [...only.via, { loc: node.loc, note }];
      out.push({ known: true, value, loc: only.loc, via: mergeVia(node.via, via), when });
      continue;
    }
    const inside = combo.filter((v) => isUnder(v.loc, node.loc)).flatMap((v) => v.via);
    const extra = outside.flatMap(({ label, val }) => [...val.via, { loc: val.loc, note: `${label} is '${truncate(String(val.value))}'` }]);
    out.push({ known: true, value, loc: node.loc, via: mergeVia(node.via, inside, extra), when });
  }
  return dedupe(out);
}
