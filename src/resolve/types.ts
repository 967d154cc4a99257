import type { Cond, Loc, Located, Via } from '../types.js';

export type Scalar = string | number | boolean | null;

/** A value known from the template: a literal, a parameter's value, a `!Sub` with every part known, … */
export interface KnownVal<T> extends Located {
  known: true;
  value: T;
  loc: Loc;
  via: Via[];
  when: Cond[];
}

/** A value the template does not let us know (`!GetAtt`, `!ImportValue`, a parameter without default, …). */
export interface UnknownVal extends Located {
  known: false;
  /** Why: "!GetAtt Bucket.Arn is only known after deployment". */
  reason: string;
  loc: Loc;
  via: Via[];
  when: Cond[];
}

export type Val<T = Scalar> = KnownVal<T> | UnknownVal;

/**
 * A cursor into a template's raw (long-form) tree: the raw value at some place, where it is written, what it
 * flowed through, and the conditions under which this alternative holds.
 */
export interface Node extends Located {
  raw: unknown;
  loc: Loc;
  via: Via[];
  when: Cond[];
}

export function isMapping(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

export function isScalar(raw: unknown): raw is Scalar {
  return raw === null || ['string', 'number', 'boolean'].includes(typeof raw);
}

const INTRINSIC_KEYS = new Set(['Ref', 'Condition']);

/** The intrinsic function a raw value calls (`Ref`, `Fn::Sub`, …), when it is a one-key `{ Fn::X: … }` mapping. */
export function intrinsicName(raw: unknown): string | undefined {
  if (!isMapping(raw)) return undefined;
  const keys = Object.keys(raw);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  return key.startsWith('Fn::') || INTRINSIC_KEYS.has(key) ? key : undefined;
}
