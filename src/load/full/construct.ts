/**
 * The full reader's constructor: a graph of nodes → the document as plain data, as SAM and
 * `aws cloudformation package` construct it (PyYAML's safe constructor with their `!` tag constructor), with the
 * loader's documented exceptions (dates stay text; keys are the text that was written).
 *
 * - Every `!Name` tag becomes its long form (`!Ref x` → `{ Ref: 'x' }`); `!!str`, `!!int`, `!!float`, `!!bool`,
 *   `!!null`, `!!seq`, `!!map` are read as their names say; `!!timestamp` and `!!binary` stay the text written;
 *   `!!omap` and `!!pairs` are lists of one-key mappings, `!!set` a mapping to nulls. Other tags are refused.
 * - Aliases are expanded as copies of their anchor's value; merge keys (`<<: *base`, `<<: [*a, *b]`) merge as
 *   there: the mapping's own keys win over merged ones, and an earlier mapping in a list wins over a later one.
 *   Expansion is bounded: more than {@link MAX_EXPANDED} values through aliases and merges, an alias inside its
 *   own anchor, or nesting past the depth limit, is an error at the alias.
 * - A key written twice in one mapping is recorded (the last one counts).
 *
 * Recursion follows the document's nesting, which the composer has bounded by the depth limit, and the nesting of
 * copied values, which is checked against the same limit.
 */
import type { DuplicateKey } from '../document.js';
import type { LineIndex } from '../lines.js';
import {
  BOOL_TAG,
  FLOAT_TAG,
  INT_TAG,
  MAP_TAG,
  MERGE_TAG,
  NULL_TAG,
  ScalarError,
  SEQ_TAG,
  STR_TAG,
  TIMESTAMP_TAG,
  VALUE_TAG,
  boolValue,
  floatValue,
  intValue,
  timestampError,
} from '../scalars.js';
import { intrinsicKey, longForm } from '../tags.js';
import { N_ALIAS, N_MAP, N_SCALAR, N_SEQ, type YNode } from './compose.js';
import { YamlSyntaxError } from './errors.js';

/** The most values aliases and merge keys may add to a document (a template SAM deploys is at most 1 MB). */
export const MAX_EXPANDED = 250_000;

const BINARY_TAG = 'tag:yaml.org,2002:binary';
const OMAP_TAG = 'tag:yaml.org,2002:omap';
const PAIRS_TAG = 'tag:yaml.org,2002:pairs';
const SET_TAG = 'tag:yaml.org,2002:set';
const COLLECTION_TAGS = new Set([MAP_TAG, SEQ_TAG, SET_TAG, OMAP_TAG, PAIRS_TAG]);
const SCALAR_TAGS = new Set([STR_TAG, NULL_TAG, BOOL_TAG, INT_TAG, FLOAT_TAG, TIMESTAMP_TAG, BINARY_TAG]);

const BASE64 = /[A-Za-z0-9+/]/;

/**
 * Why `!!binary` text is not base64 as the readers SAM uses decode it (characters outside the alphabet are skipped;
 * the data must fill whole groups of four, or end in padding), or undefined.
 */
function base64Error(text: string): string | undefined {
  let quad = 0;
  let pads = 0;
  let data = 0;
  for (const c of text) {
    if (c === '=') {
      if (quad >= 2 && quad + ++pads >= 4) return undefined; // padding ends the data
      continue;
    }
    if (!BASE64.test(c)) continue;
    data++;
    pads = 0;
    quad = (quad + 1) & 3;
  }
  if (quad === 1) return `${data} base64 characters cannot be 1 more than a multiple of 4`;
  return quad === 0 ? undefined : 'the base64 data is not padded';
}

/** The aliases a merged key was reached through, innermost last. */
export interface Via {
  alias: YNode;
  next: Via | null;
}

/** A key of a mapping with merge keys, as it counts: where its key and value are written, and the aliases between. */
export interface Entry {
  key: YNode;
  value: YNode;
  via: Via | null;
}

export interface Constructed {
  value: unknown;
  duplicateKeys: DuplicateKey[];
  /** For each mapping with merge keys (and each mapping merged into another), every key it ends up with. */
  index: Map<YNode, Map<string, Entry>>;
}

type Path = Array<string | number>;

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

const KIND_NAMES = ['a scalar', 'a sequence', 'a mapping', 'an alias'];
const TYPE_NAMES: Record<string, string> = { [TIMESTAMP_TAG]: 'a date', [INT_TAG]: 'an integer', [FLOAT_TAG]: 'a number', [BOOL_TAG]: 'a boolean' };

/** A tag as written in messages: `!!int` for the YAML types, the tag itself otherwise. */
function tagName(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice(18)}` : tag;
}

/** Builds a document's value from its node graph (see the module's comment); one per document. */
class Constructor {
  readonly duplicateKeys: DuplicateKey[] = [];
  /** For each mapping with merge keys (and each mapping merged into another), every key it ends up with. */
  readonly index = new Map<YNode, Map<string, Entry>>();
  /** The value of every anchored node, and the plain mapping of every anchored or merged mapping node. */
  private readonly values = new Map<YNode, unknown>();
  private readonly mappings = new Map<YNode, Record<string, unknown>>();
  /** Anchored nodes being built (an alias to one of them is inside its anchor's node). */
  private readonly building = new Set<YNode>();
  /** Values aliases and merge keys have added so far. */
  private expanded = 0;

  constructor(
    private readonly maxDepth: number,
    private readonly lines: LineIndex,
  ) {}

  private fail(message: string, node: YNode, code: 'syntax' | 'alias' | 'too-deep' = 'syntax'): never {
    throw new YamlSyntaxError(message, node.tagAt ?? node.s, undefined, undefined, code);
  }

  /** A deep copy of a value reached through `at` (an alias or a merge key), counted against the budget. */
  private copy(value: unknown, at: YNode, depth: number): unknown {
    if (++this.expanded > MAX_EXPANDED) {
      this.fail(`aliases and merge keys expand the document past ${MAX_EXPANDED.toLocaleString('en-US')} values (a template SAM deploys is at most 1 MB)`, at, 'alias');
    }
    if (value === null || typeof value !== 'object') return value;
    if (depth > this.maxDepth) this.fail(`this alias nests the document deeper than ${this.maxDepth} levels`, at, 'too-deep');
    if (Array.isArray(value)) return value.map((item) => this.copy(item, at, depth + 1));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) setKey(out, key, this.copy((value as Record<string, unknown>)[key], at, depth + 1));
    return out;
  }

  /** The node an alias names, which must be complete (an alias inside its own anchor has no finite value). */
  private target(alias: YNode): YNode {
    const node = alias.target!;
    if (!node.done || this.building.has(node)) this.fail(`the alias '*${alias.name}' is inside the node its anchor names: the value would never end`, alias, 'alias');
    return node;
  }

  private resolved(node: YNode): YNode {
    return (node.kind === N_ALIAS ? this.target(node) : node);
  }

  /** A scalar node's value under a YAML type tag. */
  private scalar(node: YNode, tag: string): unknown {
    if (node.kind !== N_SCALAR) this.fail(`${tagName(tag)} needs a scalar, not ${KIND_NAMES[node.kind]}`, node);
    const text = node.value!;
    try {
      switch (tag) {
        case STR_TAG:
          return text;
        case BINARY_TAG: {
          const error = base64Error(text);
          if (error) throw new ScalarError(error);
          return text;
        }
        case NULL_TAG:
          return null;
        case BOOL_TAG:
          return boolValue(text);
        case INT_TAG:
          return intValue(text);
        case FLOAT_TAG:
          return floatValue(text);
        case TIMESTAMP_TAG: {
          const error = timestampError(text);
          if (error) throw new ScalarError(error);
          return text;
        }
        default:
      }
    } catch (error) {
      if (!(error instanceof ScalarError)) throw error;
      // an untagged scalar takes its type from its text: say so, and how to keep it text
      if (node.tagAt === undefined) this.fail(`'${text}' is ${TYPE_NAMES[tag] ?? 'typed'} in YAML 1.1, and ${error.message}: quote it to keep it text`, node);
      this.fail(`${tagName(tag)} '${text}': ${error.message}`, node);
    }
    if (tag === MERGE_TAG) return this.fail("'<<' is a merge key: it has no value of its own", node);
    if (tag === VALUE_TAG) return this.fail("'=' is the value key of YAML 1.1: it cannot stand as a value", node);
    return this.fail(`the tag '${tagName(tag)}' is not one a template can use`, node);
  }

  /** The text of a mapping key: a scalar's text as written (a key that is a collection or a function is refused). */
  private keyText(keyNode: YNode): string {
    const node = this.resolved(keyNode);
    if (node.kind !== N_SCALAR) this.fail(`a mapping key must be a scalar, not ${KIND_NAMES[node.kind]}`, keyNode);
    if (intrinsicKey(node.tag)) this.fail(`a mapping key cannot be the function ${node.tag}`, keyNode);
    this.scalar(node, node.tag === VALUE_TAG ? STR_TAG : node.tag);
    return node.value!;
  }

  /** The this.mappings a merge key's value names, in the order they are applied (the one applied last wins). */
  private mergeSources(value: YNode, out: Array<{ source: YNode; alias?: YNode }>): void {
    const node = this.resolved(value);
    if (node.kind === N_MAP) {
      out.push({ source: node, alias: value.kind === N_ALIAS ? value : undefined });
      return;
    }
    if (node.kind !== N_SEQ) this.fail(`a merge key '<<' takes a mapping or a list of mappings, not ${KIND_NAMES[node.kind]}`, value);
    const items = node.values!;
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i]!;
      const map = this.resolved(item);
      if (map.kind !== N_MAP) this.fail(`a merge key '<<' takes a list of mappings; this item is ${KIND_NAMES[map.kind]}`, item);
      out.push({ source: map, alias: item.kind === N_ALIAS ? item : undefined });
    }
  }

  /** The keys a mapping node ends up with, for positions: its own this.index, or its last written keys. */
  private entriesOf(node: YNode): Map<string, Entry> {
    const known = this.index.get(node);
    if (known) return known;
    const out = new Map<string, Entry>();
    const keys = node.keys!;
    for (let i = 0; i < keys.length; i++) out.set(this.keyText(keys[i]!), { key: keys[i]!, value: node.values![i]!, via: null });
    this.index.set(node, out);
    return out;
  }

  /** A mapping node's plain mapping: merged this.mappings first, then its own keys, later ones winning. */
  private mapping(node: YNode, path: Path, depth: number): Record<string, unknown> {
    const keys = node.keys!;
    const items = node.values!;
    const sources: Array<{ source: YNode; alias?: YNode }> = [];
    const own: Array<{ key: string; keyNode: YNode; valueNode: YNode; value: unknown }> = [];
    const seen = new Map<string, YNode>();
    for (let i = 0; i < keys.length; i++) {
      const keyNode = keys[i]!;
      const valueNode = items[i]!;
      const k = this.resolved(keyNode);
      if (k.kind === N_SCALAR && k.tag === MERGE_TAG) {
        const from = sources.length;
        this.mergeSources(valueNode, sources);
        // a mapping written in place is read here, once; a named one was read where its anchor is
        for (let j = from; j < sources.length; j++) {
          const { source, alias } = sources[j]!;
          if (!alias && !this.mappings.has(source)) this.build(source, path, depth + 1, true);
        }
        continue;
      }
      const key = this.keyText(keyNode);
      const first = seen.get(key);
      if (first) {
        this.duplicateKeys.push({ key, path: [...path, key], keyRange: this.lines.range(keyNode.s, keyNode.e), firstRange: this.lines.range(first.s, first.e) });
      }
      seen.set(key, keyNode);
      path.push(key);
      const value = this.build(valueNode, path, depth + 1);
      path.pop();
      own.push({ key, keyNode, valueNode, value });
    }
    const out: Record<string, unknown> = {};
    if (sources.length === 0) {
      for (const { key, value } of own) setKey(out, key, value);
      return out;
    }
    const entries = new Map<string, Entry>();
    for (const { source, alias } of sources) {
      const from = this.mappings.get(source)!;
      for (const key of Object.keys(from)) setKey(out, key, this.copy(from[key], alias ?? source, depth + 1));
      for (const [key, entry] of this.entriesOf(source)) entries.set(key, alias ? { ...entry, via: { alias, next: entry.via } } : entry);
    }
    for (const { key, keyNode, valueNode, value } of own) {
      setKey(out, key, value);
      entries.set(key, { key: keyNode, value: valueNode, via: null });
    }
    this.index.set(node, entries);
    return out;
  }

  /** A node's value; `merging`: a mapping written in place as a merge key's value, whose mapping is kept. */
  build(node: YNode, path: Path, depth: number, merging = false): unknown {
    if (node.kind === N_ALIAS) {
      const named = this.target(node);
      return this.copy(this.values.get(named), node, depth);
    }
    const anchored = node.anchor !== undefined;
    if (anchored) this.building.add(node);
    let value: unknown;
    const fn = intrinsicKey(node.tag);
    if (node.kind === N_MAP) {
      const map = this.mapping(node, path, depth);
      if (anchored || merging) this.mappings.set(node, map);
      value = fn ? longForm(fn, map) : this.tagged(node, map, path, depth);
    } else if (node.kind === N_SEQ) {
      value = fn ? longForm(fn, this.sequence(node, path, depth)) : this.tagged(node, undefined, path, depth);
    } else {
      value = fn ? longForm(fn, node.value!) : this.scalar(node, node.tag);
    }
    if (anchored) {
      this.building.delete(node);
      this.values.set(node, value);
    }
    return value;
  }

  private sequence(node: YNode, path: Path, depth: number): unknown[] {
    const items = node.values!;
    const out: unknown[] = [];
    for (let i = 0; i < items.length; i++) {
      path.push(i);
      out.push(this.build(items[i]!, path, depth + 1));
      path.pop();
    }
    return out;
  }

  /** A collection under a YAML type tag: `!!map`, `!!seq`, `!!set`, `!!omap`, `!!pairs`. */
  private tagged(node: YNode, map: Record<string, unknown> | undefined, path: Path, depth: number): unknown {
    const tag = node.tag;
    if (!COLLECTION_TAGS.has(tag) && !SCALAR_TAGS.has(tag)) this.fail(`the tag '${tagName(tag)}' is not one a template can use`, node);
    if (map) {
      if (tag === MAP_TAG) return map;
      if (tag === SET_TAG) {
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(map)) setKey(out, key, null);
        return out;
      }
      return this.scalar(node, tag);
    }
    if (tag === SEQ_TAG) return this.sequence(node, path, depth);
    if (tag === OMAP_TAG || tag === PAIRS_TAG) {
      for (const item of node.values!) {
        const pair = this.resolved(item);
        if (pair.kind !== N_MAP || pair.keys!.length !== 1) this.fail(`${tagName(tag)} takes a list of one-key mappings`, item);
      }
      return this.sequence(node, path, depth);
    }
    return this.scalar(node, tag);
  }
}

export function construct(root: YNode | null, maxDepth: number, lines: LineIndex): Constructed {
  const c = new Constructor(maxDepth, lines);
  const value = root ? c.build(root, [], 0) : null;
  return { value, duplicateKeys: c.duplicateKeys, index: c.index };
}
