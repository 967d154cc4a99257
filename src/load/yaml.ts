/**
 * YAML templates through the `yaml` package: YAML 1.1 scalars as CloudFormation reads them (`yes`/`no` are
 * booleans), short tags in their long form, aliases and anchors refused, duplicate keys recorded, and every node's
 * range kept so that a path can be located later without another parse.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node as YamlNode, type Pair, type YAMLError } from 'yaml';
import type { Path, Range } from '../types.js';
import type { DuplicateKey, LoadedDocument } from './document.js';
import { LoadError } from './errors.js';
import { LineIndex } from './lines.js';
import { longForm, longFormKey } from './tags.js';

type AnyNode = YamlNode | null | undefined;

function offsetOf(node: AnyNode): [number, number] {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? [range[0], range[1]] : [0, 0];
}

/** A mapping key as text: strings as they are; other plain scalars as written (`200`, `on`, `2024-01-01`). */
function keyText(key: unknown): string {
  if (isScalar(key)) {
    if (typeof key.value === 'string') return key.value;
    if (typeof key.source === 'string') return key.source;
    return String(key.value);
  }
  if (key === null || key === undefined) return '';
  return String((key as { toString(): string }).toString());
}

/** A scalar's value: YAML 1.1 timestamps and binary stay the text that was written (CloudFormation reads them so). */
function scalarValue(node: { value: unknown; source?: string }): unknown {
  const v = node.value;
  if (v instanceof Date || v instanceof Uint8Array || typeof v === 'bigint') return node.source ?? String(v);
  if (typeof v === 'number' && !Number.isFinite(v) && node.source !== undefined) {
    return /^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/.test(node.source) ? v : node.source;
  }
  return v;
}

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function errorPosition(error: YAMLError, lines: LineIndex): { line: number; column: number } {
  const pos = error.linePos?.[0];
  if (pos) return { line: pos.line, column: pos.col };
  return lines.position(error.pos?.[0] ?? 0);
}

/** The library's message without its own "at line X, column Y" and code frame (the position is given apart). */
function cleanMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?\s*$/, '').replace(/:\s*$/, '');
}

export function parseYaml(text: string, file: string): LoadedDocument {
  const lines = new LineIndex(text);
  let docs;
  try {
    docs = parseAllDocuments(text, { version: '1.1', uniqueKeys: false, strict: false, prettyErrors: true, keepSourceTokens: false });
  } catch (error) {
    throw new LoadError('syntax', file, `cannot parse YAML: ${(error as Error).message}`);
  }
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      const { line, column } = errorPosition(error, lines);
      throw new LoadError('syntax', file, `YAML syntax error: ${cleanMessage(error.message)}`, line, column);
    }
  }
  if (list.length > 1) {
    const { line, column } = lines.position(offsetOf(list[1]!.contents as AnyNode)[0]);
    throw new LoadError('multiple-documents', file, 'the file holds more than one YAML document; a template is one document', line, column);
  }
  const root = (list[0]?.contents ?? null) as AnyNode;
  const duplicateKeys: DuplicateKey[] = [];

  const refuse = (node: AnyNode, what: string): never => {
    const { line, column } = lines.position(offsetOf(node)[0]);
    throw new LoadError('alias', file, `${what}: CloudFormation templates cannot use YAML anchors and aliases`, line, column);
  };

  const toValue = (node: AnyNode, path: Array<string | number>): unknown => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) refuse(node, `alias '*${node.source}'`);
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) refuse(node, `anchor '&${anchor}'`);
    let value: unknown;
    if (isScalar(node)) value = scalarValue(node as { value: unknown; source?: string });
    else if (isSeq(node)) value = node.items.map((item, i) => toValue(item as AnyNode, [...path, i]));
    else if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const seen = new Map<string, Pair>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        if (isAlias(pair.key)) refuse(pair.key as AnyNode, `alias '*${(pair.key as { source: string }).source}'`);
        const key = keyText(pair.key);
        const first = seen.get(key);
        if (first) {
          const [ks, ke] = offsetOf(pair.key as AnyNode);
          const [fs, fe] = offsetOf(first.key as AnyNode);
          duplicateKeys.push({ key, path: [...path, key], keyRange: lines.range(ks, ke), firstRange: lines.range(fs, fe) });
        }
        seen.set(key, pair);
        setKey(out, key, toValue(pair.value as AnyNode, [...path, key]));
      }
      value = out;
    } else value = null;
    const fn = longFormKey((node as { tag?: string }).tag);
    return fn ? longForm(fn, value) : value;
  };

  const value = toValue(root, []);

  /** Where a tagged node starts: at its tag, when the tag is written just before it. */
  const startWithTag = (node: YamlNode, start: number): number => {
    const tag = (node as { tag?: string }).tag;
    if (!tag || !longFormKey(tag)) return start;
    const at = text.lastIndexOf(tag, start);
    return at >= 0 && /^[ \t]*$/.test(text.slice(at + tag.length, start)) ? at : start;
  };

  const locate = (path: Path, which: 'value' | 'key' = 'value'): Range => {
    let node: AnyNode = root;
    let keyNode: AnyNode = null;
    let insideTag = false;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      if (!node) break;
      const fn = longFormKey((node as { tag?: string }).tag);
      if (fn && !insideTag && seg === fn) {
        insideTag = true;
        keyNode = null;
        continue;
      }
      let next: AnyNode = undefined;
      let nextKey: AnyNode = null;
      if (isMap(node)) {
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
      if (next === null) {
        // `Key:` with nothing after it: point at the key
        node = null;
        break;
      }
      node = next;
    }
    if (which === 'key' && keyNode) {
      const [s, e] = offsetOf(keyNode);
      return lines.range(s, e);
    }
    if (!node) {
      const [s, e] = offsetOf(keyNode);
      return lines.range(s, e);
    }
    const [s, e] = offsetOf(node);
    return lines.range(insideTag ? s : startWithTag(node, s), e);
  };

  return { file, text, format: 'yaml', value, duplicateKeys, locate };
}
