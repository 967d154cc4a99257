/**
 * YAML templates through the `yaml` package: scalars resolved as CloudFormation resolves them (YAML 1.1, see
 * `BOOL`, `INT` and `FLOAT`), short tags in their long form, aliases and anchors refused, duplicate
 * keys recorded, and every node's range kept so that a path can be located later without another parse.
 */
import { createRequire } from 'node:module';
import type { Document, Node as YamlNode, Pair, YAMLError } from 'yaml';
import type { Path, Range } from '../types.js';
import type { DuplicateKey, LoadedDocument } from './document.js';
import { LoadError } from './errors.js';
import { LineIndex } from './lines.js';
import { BOOL, FLOAT, INT } from './scalars.js';
import { longForm, longFormKey } from './tags.js';

type AnyNode = YamlNode | null | undefined;

type YamlPackage = typeof import('yaml');
let yamlModule: YamlPackage | undefined;

/**
 * The `yaml` package, loaded the first time a text needs it: most templates are read by the quick reader
 * (`quick.ts`), and a run that reads only those never loads the package.
 */
export function yamlPackage(): YamlPackage {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as YamlPackage);
}

/** Spaces to insert at the start of a line (an offset in the original text) before parsing. */
export interface Pad {
  offset: number;
  count: number;
}

function rangeOf(node: AnyNode): [number, number] {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? [range[0], range[1]] : [0, 0];
}

function tagOf(node: AnyNode): string | undefined {
  return (node as { tag?: string } | null)?.tag;
}

/** A mapping key as text: strings as they are; other plain scalars as written (`200`, `on`, `2024-01-01`). */
function keyText(key: unknown): string {
  if (yamlPackage().isScalar(key)) {
    if (typeof key.value === 'string') return key.value;
    if (typeof key.source === 'string') return key.source;
    return String(key.value);
  }
  if (key === null || key === undefined) return '';
  return String((key as { toString(): string }).toString());
}

/**
 * A scalar's value. Timestamps and binary stay the text that was written (CloudFormation has no such types); an
 * untagged plain scalar is a boolean or a number only in the YAML 1.1 forms above.
 */
function scalarValue(node: { value: unknown; source?: string; type?: string; tag?: string }): unknown {
  const v = node.value;
  const source = node.source ?? String(v);
  if (v instanceof Date || v instanceof Uint8Array || typeof v === 'bigint') return source;
  if (node.type === 'PLAIN' && node.tag === undefined) {
    if (typeof v === 'boolean' && !BOOL.test(source)) return source;
    if (typeof v === 'number' && !INT.test(source) && !FLOAT.test(source)) return source;
  }
  return v;
}

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** The library's message without its own "at line X, column Y" and code frame (the position is given apart). */
function cleanMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?\s*$/, '').replace(/:\s*$/, '');
}

function parseAll(text: string, file: string): Document.Parsed[] {
  try {
    const docs = yamlPackage().parseAllDocuments(text, { version: '1.1', uniqueKeys: false, strict: false, prettyErrors: false });
    return Array.isArray(docs) ? docs : [];
  } catch (error) {
    throw new LoadError('syntax', file, `cannot parse YAML: ${(error as Error).message}`);
  }
}

function firstError(docs: readonly Document.Parsed[]): YAMLError | undefined {
  for (const doc of docs) if (doc.errors.length > 0) return doc.errors[0];
  return undefined;
}

/**
 * The text with `pads` applied, and the way back from an offset in it to an offset in the original. Spaces are
 * only ever added at the start of a line, so a node keeps its original position once mapped back.
 */
function applyPads(text: string, pads: readonly Pad[]): { parsed: string; original: (offset: number) => number } {
  if (pads.length === 0) return { parsed: text, original: (offset) => offset };
  const parts: string[] = [];
  const starts: number[] = []; // where each run of inserted spaces starts in the padded text
  let from = 0;
  let added = 0;
  for (const pad of pads) {
    parts.push(text.slice(from, pad.offset), ' '.repeat(pad.count));
    starts.push(pad.offset + added);
    added += pad.count;
    from = pad.offset;
  }
  parts.push(text.slice(from));
  const original = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((starts[mid] as number) <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return offset;
    const pad = pads[found] as Pad;
    const inside = offset - (starts[found] as number);
    if (inside < pad.count) return pad.offset; // one of the inserted spaces: the start of its line
    return offset - ((starts[found] as number) - pad.offset) - pad.count;
  };
  return { parsed: parts.join(''), original };
}

/**
 * Parses YAML text. `pads` (found by the depth scanner) indent the lines of flow collections that are written
 * less indented than YAML allows: CloudFormation accepts templates whose brackets close at their key's
 * indentation (two templates of the shared corpus do), as YAML 1.1 parsers that ignore indentation inside `[]` and
 * `{}` do, and so must we; positions are still those of the text as written.
 */
export function parseYaml(text: string, file: string, pads: readonly Pad[] = []): LoadedDocument {
  const { isAlias, isMap, isPair, isScalar, isSeq } = yamlPackage();
  const lines = new LineIndex(text);
  const { parsed, original } = applyPads(text, pads);
  const position = (offset: number): { line: number; column: number } => lines.position(original(offset));
  const range = (start: number, end: number): Range => lines.range(original(start), original(end));

  const list = parseAll(parsed, file);
  const error = firstError(list);
  if (error) {
    // where padding did not help, the error of the text as written points at the real break (an unclosed bracket
    // there ends at a less indented line, not at the end of the file)
    const strict = pads.length > 0 ? firstError(parseAll(text, file)) : undefined;
    const { line, column } = strict ? lines.position(strict.pos[0]) : position(error.pos[0]);
    throw new LoadError('syntax', file, `YAML syntax error: ${cleanMessage((strict ?? error).message)}`, line, column);
  }
  if (list.length > 1) {
    const { line, column } = position(list[1]!.range[0]);
    throw new LoadError('multiple-documents', file, 'the file holds more than one YAML document; a template is one document', line, column);
  }
  const root = (list[0]?.contents ?? null) as AnyNode;
  const duplicateKeys: DuplicateKey[] = [];

  const refuse = (node: AnyNode, what: string): never => {
    const { line, column } = position(rangeOf(node)[0]);
    throw new LoadError('alias', file, `${what}: CloudFormation templates cannot use YAML anchors and aliases`, line, column);
  };

  const toMap = (pairs: readonly unknown[], path: Array<string | number>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const seen = new Map<string, Pair>();
    for (const pair of pairs) {
      if (!isPair(pair)) continue;
      if (isAlias(pair.key)) refuse(pair.key as AnyNode, `alias '*${(pair.key as { source: string }).source}'`);
      const key = keyText(pair.key);
      const first = seen.get(key);
      if (first) {
        const [ks, ke] = rangeOf(pair.key as AnyNode);
        const [fs, fe] = rangeOf(first.key as AnyNode);
        duplicateKeys.push({ key, path: [...path, key], keyRange: range(ks, ke), firstRange: range(fs, fe) });
      }
      seen.set(key, pair);
      setKey(out, key, toValue(pair.value as AnyNode, [...path, key]));
    }
    return out;
  };

  const toValue = (node: AnyNode, path: Array<string | number>): unknown => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) refuse(node, `alias '*${node.source}'`);
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) {
      // point at the anchor itself, written before the node (on the line above for a block collection)
      const at = parsed.lastIndexOf(`&${anchor}`, rangeOf(node)[0]);
      const { line, column } = position(at >= 0 ? at : rangeOf(node)[0]);
      throw new LoadError('alias', file, `anchor '&${anchor}': CloudFormation templates cannot use YAML anchors and aliases`, line, column);
    }
    let value: unknown = null;
    if (isScalar(node)) value = scalarValue(node as { value: unknown; source?: string });
    else if (isMap(node)) value = toMap(node.items, path);
    else if (isSeq(node)) {
      // a pair in a sequence (`!!omap [a: 1]`, `!!pairs`) is a one-key mapping, as `[a: 1]` is
      value = node.items.map((item, i) => (isPair(item) ? toMap([item], [...path, i]) : toValue(item as AnyNode, [...path, i])));
    }
    const fn = longFormKey(tagOf(node));
    return fn ? longForm(fn, value) : value;
  };

  const value = toValue(root, []);

  /** Where a tagged node starts: at its tag, when only blanks or line breaks come between the tag and the node. */
  const startWithTag = (node: YamlNode, start: number): number => {
    const tag = tagOf(node);
    if (!tag || !longFormKey(tag)) return start;
    const at = parsed.lastIndexOf(tag, start);
    return at >= 0 && /^\s*$/.test(parsed.slice(at + tag.length, start)) ? at : start;
  };

  const locate = (path: Path, which: 'value' | 'key' = 'value'): Range => {
    let node: AnyNode = root;
    let keyNode: AnyNode = null;
    let insideTag = false;
    for (const seg of path) {
      if (!node) break;
      const fn = longFormKey(tagOf(node));
      if (fn && !insideTag && seg === fn) {
        // the long-form key of a short tag: the tagged node itself
        insideTag = true;
        keyNode = null;
        continue;
      }
      let next: AnyNode = undefined;
      let nextKey: AnyNode = null;
      if (isMap(node)) {
        // the last occurrence of a key is the one whose value counts
        for (let k = node.items.length - 1; k >= 0; k--) {
          const pair = node.items[k];
          if (isPair(pair) && keyText(pair.key) === String(seg)) {
            next = (pair.value as AnyNode) ?? null;
            nextKey = pair.key as AnyNode;
            break;
          }
        }
      } else if (isSeq(node) && typeof seg === 'number') {
        next = node.items[seg] as AnyNode;
      }
      if (next === undefined) break;
      keyNode = nextKey;
      insideTag = false;
      node = next;
      if (node === null || (isScalar(node) && rangeOf(node)[0] === rangeOf(node)[1])) {
        node = null; // `Key:` with nothing after it: point at the key
        break;
      }
    }
    if ((which === 'key' && keyNode) || !node) {
      const [s, e] = rangeOf(keyNode);
      return range(s, e);
    }
    const [s, e] = rangeOf(node);
    return range(insideTag ? s : startWithTag(node, s), e);
  };

  return { file, text, format: 'yaml', value, duplicateKeys, locate };
}
