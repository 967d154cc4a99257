/**
 * JSON templates: a small scanner over the text first checks nesting depth and finds duplicate keys (which
 * `JSON.parse` silently drops); the value then comes from `JSON.parse` (the fastest parser there is); only when a
 * position is asked for does the scanner run again to index where each value and key is written.
 */
import type { Path, Range } from '../types.js';
import type { DuplicateKey, LoadedDocument } from './document.js';
import { LoadError } from './errors.js';
import { LineIndex } from './lines.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

/** Offsets of one node: its value, and its key when it is a mapping entry. */
type Span = [valueStart: number, valueEnd: number, keyStart: number, keyEnd: number];

interface Frame {
  object: boolean;
  /** This container's path key, and where it starts. */
  pathKey: string;
  start: number;
  /** The pending key of an object, and its offsets. */
  key?: string;
  keyStart: number;
  keyEnd: number;
  index: number;
  keys?: Map<string, [number, number]>;
  path: Array<string | number>;
}

const SEP = '\u0001';
const INDEX = '\u0002';

export function pathKey(path: Path): string {
  let out = '';
  for (const seg of path) out += SEP + (typeof seg === 'number' ? INDEX + seg : seg);
  return out;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** End offset (exclusive) of the string token that starts at `i` (a quote). */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  const n = text.length;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) j += 2;
    else if (c === QUOTE) return j + 1;
    else j++;
  }
  return n;
}

/** End offset of a number or literal (`true`, `null`, `-1.5e3`) that starts at `i`. */
function atomEnd(text: string, i: number): number {
  let j = i;
  const n = text.length;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (isSpace(c) || c === COMMA || c === RBRACE || c === RBRACKET || c === COLON) break;
    j++;
  }
  return j;
}

interface ScanResult {
  duplicates: Array<{ key: string; path: Array<string | number>; key2: [number, number]; key1: [number, number] }>;
  spans?: Map<string, Span>;
}

/**
 * Walks JSON text. Refuses nesting deeper than `maxDepth`; collects duplicate keys; with `record`, keeps the span
 * of every node by path. On text that is not JSON it may throw a `SyntaxError` (the caller then reads the text as
 * YAML); it always ends, as every step moves forward.
 */
function scan(text: string, file: string, maxDepth: number, record: boolean, lines: () => LineIndex): ScanResult {
  const stack: Frame[] = [];
  const spans = record ? new Map<string, Span>() : undefined;
  const duplicates: ScanResult['duplicates'] = [];
  const n = text.length;
  let i = 0;

  const childPathKey = (parent: Frame | undefined): string => {
    if (!parent) return '';
    return parent.pathKey + SEP + (parent.object ? (parent.key ?? '') : INDEX + parent.index);
  };
  const childPath = (parent: Frame): Array<string | number> => [...parent.path, parent.object ? (parent.key ?? '') : parent.index];
  const finish = (parent: Frame | undefined, start: number, end: number): void => {
    if (!spans) return;
    const key = childPathKey(parent);
    if (parent?.object) spans.set(key, [start, end, parent.keyStart, parent.keyEnd]);
    else spans.set(key, [start, end, start, end]);
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || c === COMMA) {
      i++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === COLON) {
      i++;
      continue;
    }
    if (top?.object && top.key === undefined && c === QUOTE) {
      // a key
      const end = stringEnd(text, i);
      const key = JSON.parse(text.slice(i, end)) as string;
      const first = top.keys!.get(key);
      if (first) duplicates.push({ key, path: [...top.path, key], key2: [i, end], key1: first });
      top.keys!.set(key, [i, end]);
      top.key = key;
      top.keyStart = i;
      top.keyEnd = end;
      i = end;
      continue;
    }
    if (c === LBRACE || c === LBRACKET) {
      if (stack.length >= maxDepth) {
        const { line, column } = lines().position(i);
        throw new LoadError('too-deep', file, `nesting deeper than ${maxDepth} levels`, line, column);
      }
      const parentKey = childPathKey(top);
      const frame: Frame = {
        object: c === LBRACE,
        pathKey: parentKey,
        start: i,
        keyStart: i,
        keyEnd: i,
        index: 0,
        path: top ? childPath(top) : [],
      };
      if (frame.object) frame.keys = new Map();
      stack.push(frame);
      i++;
      continue;
    }
    if (c === RBRACE || c === RBRACKET) {
      const frame = stack.pop();
      const parent = stack[stack.length - 1];
      if (frame) finish(parent, frame.start, i + 1);
      advance(parent);
      i++;
      continue;
    }
    // a scalar value
    const end = c === QUOTE ? stringEnd(text, i) : atomEnd(text, i);
    finish(top, i, end);
    advance(top);
    i = end > i ? end : i + 1;
  }
  return spans ? { duplicates, spans } : { duplicates };

  function advance(frame: Frame | undefined): void {
    if (!frame) return;
    if (frame.object) frame.key = undefined;
    else frame.index++;
  }
}

/** True when the text is JSON rather than YAML: its first character is `{` or `[`. */
export function looksLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    return c === LBRACE || c === LBRACKET;
  }
  return false;
}

/** Parses JSON text; `undefined` when it is not strict JSON (the caller then reads it as YAML, which says where). */
export function parseJson(text: string, file: string, maxDepth: number): LoadedDocument | undefined {
  let index: LineIndex | undefined;
  const lines = (): LineIndex => (index ??= new LineIndex(text));
  // nesting depth first, before any parser builds the value
  let duplicates: ScanResult['duplicates'];
  let value: unknown;
  try {
    duplicates = scan(text, file, maxDepth, false, lines).duplicates;
    value = JSON.parse(text);
  } catch (error) {
    if (error instanceof LoadError) throw error;
    return undefined;
  }
  const duplicateKeys: DuplicateKey[] = duplicates.map((d) => ({
    key: d.key,
    path: d.path,
    keyRange: lines().range(d.key2[0], d.key2[1]),
    firstRange: lines().range(d.key1[0], d.key1[1]),
  }));
  let spans: Map<string, Span> | undefined;
  const locate = (path: Path, which: 'value' | 'key' = 'value'): Range => {
    spans ??= scan(text, file, Number.MAX_SAFE_INTEGER, true, lines).spans!;
    for (let len = path.length; len >= 0; len--) {
      const span = spans.get(pathKey(path.slice(0, len)));
      if (!span) continue;
      const [s, e] = which === 'key' && len === path.length ? [span[2], span[3]] : [span[0], span[1]];
      return lines().range(s, e);
    }
    return lines().range(0, 0);
  };
  return { file, text, format: 'json', value, duplicateKeys, locate };
}
