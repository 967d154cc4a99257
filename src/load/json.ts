/**
 * JSON templates: a small scanner over the text first checks nesting depth and finds duplicate keys (which
 * `JSON.parse` silently drops); the value then comes from `JSON.parse` (the fastest parser there is); only when a
 * position is asked for does a second scan build a tree of where each value and key is written.
 */
import type { Path, Range } from '../types.js';
import type { DuplicateKey, LoadedDocument } from './document.js';
import { LoadError } from './errors.js';
import { LineIndex } from './lines.js';
import { BACKSLASH, COLON, COMMA, CR, DQUOTE, LBRACE, LBRACKET, LF, RBRACE, RBRACKET, SPACE, TAB } from './chars.js';

interface Frame {
  object: boolean;
  /** The pending key of an object (undefined while none), with its offsets. */
  key?: string;
  index: number;
  keys?: Map<string, [number, number]>;
}

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

/** End offset (exclusive) of the string token that starts at `i` (a quote): the next quote not escaped. */
function stringEnd(text: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return text.length;
    let k = q - 1;
    while (k > i && text.charCodeAt(k) === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q + 1; // an even run of backslashes escapes none of the quote
    from = q + 1;
  }
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

/** A key's text: its characters as written when they need no decoding, else what `JSON.parse` makes of them. */
const PLAIN_KEY = /^[^\\\x00-\x1f]*$/;
function keyText(token: string): string {
  const inner = token.slice(1, -1);
  return token.length >= 2 && PLAIN_KEY.test(inner) ? inner : (JSON.parse(token) as string);
}

interface Duplicate {
  key: string;
  path: Array<string | number>;
  key2: [number, number];
  key1: [number, number];
}

/**
 * Walks JSON text before it is parsed: refuses nesting deeper than `maxDepth`, and finds keys written twice in
 * an object (which `JSON.parse` silently drops). On text that is not JSON it may throw a `SyntaxError` (the caller
 * then reads the text as YAML); it always ends, as every step moves forward.
 */
function scan(text: string, file: string, maxDepth: number, lines: () => LineIndex): Duplicate[] {
  const stack: Frame[] = [];
  const duplicates: Duplicate[] = [];
  const n = text.length;
  let i = 0;
  const pathOf = (): Array<string | number> => stack.map((f) => (f.object ? (f.key ?? '') : f.index));
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || c === COMMA || c === COLON) {
      i++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (top?.object && top.key === undefined && c === DQUOTE) {
      // a key
      const end = stringEnd(text, i);
      const key = keyText(text.slice(i, end));
      const first = top.keys!.get(key);
      if (first) {
        top.key = key;
        duplicates.push({ key, path: pathOf(), key2: [i, end], key1: first });
      }
      top.keys!.set(key, [i, end]);
      top.key = key;
      i = end;
      continue;
    }
    if (c === LBRACE || c === LBRACKET) {
      if (stack.length >= maxDepth) {
        const { line, column } = lines().position(i);
        throw new LoadError('too-deep', file, `nesting deeper than ${maxDepth} levels`, line, column);
      }
      stack.push(c === LBRACE ? { object: true, index: 0, keys: new Map() } : { object: false, index: 0 });
      i++;
      continue;
    }
    if (c === RBRACE || c === RBRACKET) {
      stack.pop();
      advance(stack[stack.length - 1]);
      i++;
      continue;
    }
    // a scalar value
    const end = c === DQUOTE ? stringEnd(text, i) : atomEnd(text, i);
    advance(top);
    i = end > i ? end : i + 1;
  }
  return duplicates;

  function advance(frame: Frame | undefined): void {
    if (!frame) return;
    if (frame.object) frame.key = undefined;
    else frame.index++;
  }
}

/** Where a value of valid JSON is written, and its key's place in an object (an array item's is its own). */
interface JsonNode {
  s: number;
  e: number;
  ks: number;
  ke: number;
  /** An object's keys, in order (duplicates included), beside `items`. */
  keys?: string[];
  /** An object's values or an array's items. */
  items?: JsonNode[];
  /** For an object with many keys: where each key is in `keys` (every occurrence, in order). */
  index?: Map<string, number[]>;
}

/** The offsets of every value of valid JSON text, as a tree (built once, the first time a position is asked). */
function nodes(text: string): JsonNode {
  const n = text.length;
  let i = 0;
  while (isSpace(text.charCodeAt(i))) i++;
  const first = text.charCodeAt(i);
  if (first !== LBRACE && first !== LBRACKET) {
    const end = first === DQUOTE ? stringEnd(text, i) : atomEnd(text, i);
    return { s: i, e: end, ks: i, ke: end };
  }
  const root: JsonNode = { s: i, e: n, ks: i, ke: n, items: [] };
  if (first === LBRACE) root.keys = [];
  const stack: JsonNode[] = [root];
  let key: string | undefined;
  let ks = 0;
  let ke = 0;
  i++;
  while (i < n && stack.length > 0) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || c === COMMA || c === COLON) {
      i++;
      continue;
    }
    const top = stack[stack.length - 1]!;
    if (top.keys && key === undefined && c === DQUOTE) {
      const end = stringEnd(text, i);
      key = keyText(text.slice(i, end));
      ks = i;
      ke = end;
      i = end;
      continue;
    }
    if (c === RBRACE || c === RBRACKET) {
      top.e = i + 1;
      if (top.ks === top.s) top.ke = top.e; // the root, or an array's item: its own range
      stack.pop();
      i++;
      continue;
    }
    const end = c === LBRACE || c === LBRACKET ? n : c === DQUOTE ? stringEnd(text, i) : atomEnd(text, i);
    const node: JsonNode = top.keys ? { s: i, e: end, ks, ke } : { s: i, e: end, ks: i, ke: end };
    if (top.keys) top.keys.push(key!);
    top.items!.push(node);
    key = undefined;
    if (c === LBRACE || c === LBRACKET) {
      node.items = [];
      if (c === LBRACE) node.keys = [];
      stack.push(node);
      i++;
    } else i = end;
  }
  return root;
}

/** Objects with this many keys or more are searched through an index of their keys (built on first use). */
const INDEX_FROM = 16;

/** Pushes the values of an object's key `key` (every occurrence, in order) onto `out`. */
function pushValuesOf(node: JsonNode, key: string, out: JsonNode[]): void {
  const keys = node.keys!;
  if (keys.length < INDEX_FROM) {
    for (let k = 0; k < keys.length; k++) if (keys[k] === key) out.push(node.items![k]!);
    return;
  }
  if (!node.index) {
    const index = new Map<string, number[]>();
    for (let k = 0; k < keys.length; k++) {
      const at = index.get(keys[k]!);
      if (at) at.push(k);
      else index.set(keys[k]!, [k]);
    }
    node.index = index;
  }
  for (const k of node.index.get(key) ?? []) out.push(node.items![k]!);
}

/**
 * The range of the value at `path` (or of its key), or of the deepest node on the path that exists. Under a key
 * written twice, every occurrence is followed, and the one written last wins.
 */
function locateIn(root: JsonNode, path: Path, which: 'value' | 'key'): { s: number; e: number } {
  let level: JsonNode[] = [root];
  let found = root;
  let depth = 0;
  for (const seg of path) {
    const next: JsonNode[] = [];
    for (const node of level) {
      if (typeof seg === 'number') {
        if (!node.keys && node.items && Number.isInteger(seg) && seg >= 0 && seg < node.items.length) next.push(node.items[seg]!);
      } else if (node.keys) {
        pushValuesOf(node, seg, next);
      }
    }
    if (next.length === 0) break;
    level = next;
    found = next.reduce((a, b) => (b.s > a.s ? b : a));
    depth++;
  }
  return which === 'key' && depth === path.length ? { s: found.ks, e: found.ke } : { s: found.s, e: found.e };
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
  let duplicates: Duplicate[];
  let value: unknown;
  try {
    duplicates = scan(text, file, maxDepth, lines);
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
  let root: JsonNode | undefined;
  const locate = (path: Path, which: 'value' | 'key' = 'value'): Range => {
    root ??= nodes(text);
    const { s, e } = locateIn(root, path, which);
    return lines().range(s, e);
  };
  return { file, text, format: 'json', value, duplicateKeys, locate };
}
