/**
 * The full reader's composer: events → a graph of nodes, as the reader SAM uses composes them (PyYAML, MIT
 * licence): tags resolved (a plain scalar's type from its text), anchors registered where their node starts, an
 * alias a node of its own that points at its anchor's node (so that a position can say "used here"), one document
 * only. Collections are built with an explicit stack, their depth checked as they open.
 *
 * Each node also gets the range the quick reader gives it (`quick/`), comments included as it includes them: a
 * block collection ends where its last item ends, with the comment lines that item keeps; a scalar, an alias or a
 * flow collection keeps the comment after it on its line and the more indented comment lines below it.
 */
import { MAP_TAG, MERGE_TAG, SEQ_TAG, STR_TAG, VALUE_TAG, implicitTag } from '../scalars.js';
import { YamlSyntaxError } from './errors.js';
import {
  EV_ALIAS,
  EV_DOCUMENT_END,
  EV_DOCUMENT_START,
  EV_MAPPING_END,
  EV_MAPPING_START,
  EV_SCALAR,
  EV_SEQUENCE_END,
  EV_SEQUENCE_START,
  EV_STREAM_END,
  Parser,
  type YamlEvent,
} from './parser.js';
import { LITERAL, type Comment } from './tokens.js';

export const N_SCALAR = 0;
export const N_SEQ = 1;
export const N_MAP = 2;
export const N_ALIAS = 3;

export interface YNode {
  kind: number;
  /** The resolved tag (`tag:yaml.org,2002:str`, `!Ref`); '' for an alias. */
  tag: string;
  /** Where the content starts (after an anchor and tag; a block collection's first key or `-`). */
  s: number;
  /** Where the value ends, and where it ends with the comments that join it. */
  e: number;
  e2: number;
  /** The tag as written, where it starts and ends. */
  tagAt?: number;
  tagEnd?: number;
  anchor?: string;
  anchorAt?: number;
  /** A scalar's value and style; whether its type comes from its text; whether it has no content at all. */
  value?: string;
  style?: number;
  empty?: boolean;
  /** A mapping's keys and values, or a sequence's items (`values`). */
  keys?: YNode[];
  values?: YNode[];
  /** A block collection, at this column. */
  block?: boolean;
  col?: number;
  /** An alias's name and its anchor's node. */
  name?: string;
  target?: YNode;
  /** Composed completely (an alias to a node that is not is an alias inside its own anchor). */
  done?: boolean;
  /** Comment lines a closed block collection hands to the one around it. */
  handed?: Comment[];
}

export interface Composed {
  root: YNode | null;
  /** How many aliases the document holds; where the first alias and the first merge key are (offsets). */
  aliases: number;
  firstAlias?: number;
  firstMerge?: number;
}

interface Frame {
  node: YNode;
  /** Where the collection's own block entry starts, if it is one. */
  entry?: number;
  /** A mapping's key waiting for its value. */
  key?: YNode;
  /** The last item (a mapping's value) whose comments are not yet settled. */
  last?: YNode;
}

/** Composes the text's one document; `maxDepth` bounds how many collections may enclose a node. */
export function compose(text: string, maxDepth: number): Composed {
  const parser = new Parser(text);
  const comments = parser.comments;
  const anchors = new Map<string, YNode>();
  const out: Composed = { root: null, aliases: 0 };
  parser.next(); // the stream's start
  let event = parser.next();
  if (event.t === EV_STREAM_END) return out;
  const documentStart = event.s;
  const stack: Frame[] = [];
  let root: YNode | undefined;

  const column = (at: number): number => at - (text.lastIndexOf('\n', at - 1) + 1);

  /** Settles the comments after a block collection's last item, up to `until` (the next item or the end). */
  const settle = (frame: Frame, until: number): Comment[] => {
    const value = frame.last;
    frame.last = undefined;
    if (!value) return [];
    if (value.block) {
      const handed = value.handed ?? [];
      value.handed = undefined;
      return handed;
    }
    const rest: Comment[] = [];
    let k = firstCommentAt(comments, value.e);
    const first = comments[k];
    if (first && first.s < until && !first.own && !/[\n\r]/.test(text.slice(value.e, first.s))) {
      value.e2 = first.e; // the comment after it on its line
      k++;
    }
    const col = frame.node.col!;
    // (a block scalar keeps none: its content ends it)
    const keeps = value.kind !== N_SCALAR || value.style === undefined || value.style < LITERAL;
    for (; k < comments.length && comments[k]!.s < until; k++) {
      const c = comments[k]!;
      if (!c.own) continue;
      if (value.empty || (rest.length === 0 && c.col > col && keeps)) value.e2 = c.e;
      else rest.push(c);
    }
    return rest;
  };

  /** Closes a block collection: it ends where its last item does; comment lines left over go on or stay. */
  const close = (node: YNode, rest: Comment[]): void => {
    const items = node.values!;
    const last = items[items.length - 1]!;
    node.e = node.e2 = last.e2;
    if (rest.length === 0) return;
    if (node.col === 0 || rest.every((c) => c.col < node.col!)) node.handed = rest;
    else node.e2 = rest[rest.length - 1]!.e;
  };

  /** Adds a node to the collection being composed; `entry` is where its block entry (`-`, key) starts. */
  const add = (node: YNode, entry: number | undefined): void => {
    const frame = stack[stack.length - 1];
    if (!frame) {
      root = node;
      return;
    }
    const parent = frame.node;
    if (parent.kind === N_SEQ) {
      if (parent.block) settle(frame, entry ?? startOf(node));
      parent.values!.push(node);
      frame.last = node;
    } else if (frame.key === undefined) {
      if (parent.block) settle(frame, entry ?? startOf(node));
      frame.key = node;
      // `=` as a key is the text '=' (the node itself changes, as PyYAML changes it, aliases of it included)
      const named = node.kind === N_ALIAS ? node.target! : node;
      if (named.tag === VALUE_TAG) named.tag = STR_TAG;
    } else {
      parent.keys!.push(frame.key);
      parent.values!.push(node);
      frame.key = undefined;
      frame.last = node;
    }
  };

  for (;;) {
    if (event.t === EV_DOCUMENT_START) {
      event = parser.next();
      continue;
    }
    if (event.t === EV_DOCUMENT_END) break;
    if (event.t === EV_ALIAS) {
      const target = anchors.get(event.alias!);
      if (!target) throw new YamlSyntaxError(`the alias '*${event.alias}' names no anchor written before it`, event.s, undefined, undefined, 'alias');
      out.aliases++;
      out.firstAlias ??= event.s;
      add({ kind: N_ALIAS, tag: '', s: event.s, e: event.e, e2: event.e, name: event.alias, target, done: true }, event.entry);
    } else if (event.t === EV_SCALAR) {
      const node = scalarNode(event);
      if (node.tag === MERGE_TAG) out.firstMerge ??= node.s;
      register(anchors, node, event);
      add(node, event.entry);
    } else if (event.t === EV_SEQUENCE_START || event.t === EV_MAPPING_START) {
      if (stack.length >= maxDepth) throw new YamlSyntaxError(`nesting deeper than ${maxDepth} levels`, event.cs, undefined, undefined, 'too-deep');
      const map = event.t === EV_MAPPING_START;
      const tag = event.tag === undefined || event.tag === '!' ? (map ? MAP_TAG : SEQ_TAG) : event.tag;
      const node: YNode = { kind: map ? N_MAP : N_SEQ, tag, s: event.cs, e: event.e, e2: event.e, values: [] };
      if (map) node.keys = [];
      props(node, event);
      if (!event.flow) {
        node.block = true;
        node.col = column(event.cs);
      }
      register(anchors, node, event);
      stack.push({ node, entry: event.entry });
    } else if (event.t === EV_SEQUENCE_END || event.t === EV_MAPPING_END) {
      const frame = stack.pop()!;
      const node = frame.node;
      if (node.block) close(node, settle(frame, event.s));
      else node.e = node.e2 = event.e;
      node.done = true;
      add(node, frame.entry);
    }
    event = parser.next();
  }
  out.root = root ?? null;
  // one document only: what follows its end must be the end of the stream
  const after = parser.next();
  if (after.t !== EV_STREAM_END) {
    throw new YamlSyntaxError(
      'the file holds more than one YAML document; a template is one document',
      after.s,
      'the first document',
      documentStart,
      'multiple-documents',
    );
  }
  return out;
}

/** Where a node starts, with its anchor and tag. */
function startOf(node: YNode): number {
  return Math.min(node.s, node.tagAt ?? node.s, node.anchorAt ?? node.s);
}

function props(node: YNode, event: YamlEvent): void {
  if (event.tag !== undefined && event.tag !== '!') {
    node.tagAt = event.tagAt;
    node.tagEnd = event.tagEnd;
  }
  if (event.anchor !== undefined) {
    node.anchor = event.anchor;
    node.anchorAt = event.anchorAt;
  }
}

function scalarNode(event: YamlEvent): YNode {
  // (a quoted or block scalar without a tag is text)
  const tag = event.implicit ? implicitTag(event.value!) : (event.tag ?? STR_TAG);
  const node: YNode = { kind: N_SCALAR, tag, s: event.cs, e: event.e, e2: event.e, value: event.value, style: event.style, done: true };
  if (event.empty) {
    node.empty = true;
    node.s = node.e = node.e2 = event.e;
  }
  props(node, event);
  return node;
}

function register(anchors: Map<string, YNode>, node: YNode, event: YamlEvent): void {
  if (event.anchor === undefined) return;
  if (anchors.has(event.anchor)) {
    throw new YamlSyntaxError(`the anchor '&${event.anchor}' is written twice in the document`, event.anchorAt!, 'its first occurrence', anchors.get(event.anchor)!.anchorAt, 'alias');
  }
  anchors.set(event.anchor, node);
}

/** The index of the first comment that starts at or after `at`. */
function firstCommentAt(comments: readonly Comment[], at: number): number {
  let lo = 0;
  let hi = comments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comments[mid]!.s < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
