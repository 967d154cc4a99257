/**
 * The quick reader's collections: block mappings and sequences (by indentation, with the comments between their
 * items assigned as both readers assign them), flow mappings and sequences (over several lines, indented as
 * CloudFormation allows), and the values of their entries. Each reader returns the value and leaves the node it
 * read (where it is written) in `node`; a mapping's entries go through `startEntry`/`endEntry`, which record
 * duplicate keys and the path of what is being read.
 */
import type { DuplicateKey } from '../document.js';
import { LineIndex } from '../lines.js';
import { checkPlainKey, plainValue } from '../scalars.js';
import { longForm, longFormKey } from '../tags.js';
import {
  BANG,
  COLON,
  COMMA,
  CR,
  DASH,
  DQUOTE,
  GT,
  HASH,
  isFlowIndicator,
  LBRACE,
  LBRACKET,
  LF,
  PIPE,
  QMARK,
  RBRACE,
  RBRACKET,
  SPACE,
  SQUOTE,
  TAB,
} from '../chars.js';
import { EMPTY, MAP, SCALAR, SEQ, type QNode } from './node.js';
import { ScalarReader } from './scalars.js';
import { decline } from './scanner.js';

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** A short tag's long form (`!Sub x` is `{ "Fn::Sub": x }`), its node marked with the tag. */
function tagged(node: QNode, tag: string, value: unknown): unknown {
  node.tag = tag;
  return longForm(longFormKey(tag)!, value);
}

/** Reads a whole document as the quick reader reads it: `document()`, then `duplicateKeys`. */
export class CollectionReader extends ScalarReader {
  readonly duplicateKeys: DuplicateKey[] = [];
  /** The node read last (a value, an item, a collection). */
  node: QNode = { kind: EMPTY, s: 0, e: 0, e2: 0 };
  /** The path of what is being read, for duplicate keys. */
  private readonly path: Array<string | number> = [];
  private depth = 0;
  /** Comments a closed block collection hands to the one around it (indentation and end, in pairs). */
  private handed: number[] = [];
  private lines: LineIndex | undefined;

  /** `depthLimit`: the nesting the reader reads; deeper, it declines so that the loader's own check decides. */
  constructor(
    text: string,
    private readonly depthLimit: number,
  ) {
    super(text);
  }

  /** Lines and columns, made the first time a range is needed. */
  lineIndex(): LineIndex {
    return (this.lines ??= new LineIndex(this.text));
  }

  /**
   * The document: a block mapping at indentation 0, with nothing after it. Returns its value and leaves its node
   * in `node`, or returns `undefined` (with `node` unset) for a document of another shape.
   */
  document(): { value: unknown } | undefined {
    this.nextContent();
    if (this.eof || this.ind !== 0) return undefined;
    const c = this.text.charCodeAt(this.at);
    if ((c === DASH || c === QMARK) && this.blankAt(this.at + 1)) return undefined;
    if (this.keyAt(this.at) === undefined) return undefined;
    const value = this.blockMap(this.at, 0);
    return this.eof ? { value } : undefined;
  }

  // ---- mappings' entries (block and flow)

  /** Before the value of `key` (written from `ks` to `ke`) is read into mapping `node` whose value so far is `out`. */
  private startEntry(node: QNode, out: Record<string, unknown>, key: string, ks: number, ke: number): void {
    if (Object.prototype.hasOwnProperty.call(out, key)) this.duplicate(node, key, ks, ke);
    this.path.push(key);
  }

  /** After the value of `key` is read (its node in `this.node`): the entry joins the mapping. */
  private endEntry(node: QNode, out: Record<string, unknown>, key: string, ks: number, ke: number, value: unknown): void {
    this.path.pop();
    node.keys!.push(key);
    node.kr!.push(ks, ke);
    node.items!.push(this.node);
    setKey(out, key, value);
  }

  /** Records a key written twice in a mapping: where its first occurrence is written, and where this one is. */
  private duplicate(node: QNode, key: string, ks: number, ke: number): void {
    // each occurrence is paired with the one before it
    const first = node.keys!.lastIndexOf(key);
    const fs = node.kr![2 * first]!;
    const fe = node.kr![2 * first + 1]!;
    const lines = this.lineIndex();
    this.duplicateKeys.push({ key, path: [...this.path, key], keyRange: lines.range(ks, ke), firstRange: lines.range(fs, fe) });
  }

  // ---- flow collections

  /** Skips blanks, line breaks and comments inside a flow collection. */
  private flowSpace(p: number): number {
    const text = this.text;
    let i = p;
    for (;;) {
      if (i >= this.n) return decline();
      const c = text.charCodeAt(i);
      if (c === SPACE) i++;
      else if (c === LF || c === CR) {
        if (c === CR && text.charCodeAt(i + 1) !== LF) decline();
        i += c === CR ? 2 : 1;
        // a document marker ends every flow collection
        if (this.markerAt(i)) decline();
      } else if (c === HASH) {
        const prev = text.charCodeAt(i - 1);
        if (prev !== SPACE && prev !== LF) decline();
        i = this.lineEnd(i);
      } else if (c === TAB) return decline();
      else return i;
    }
  }

  /** A node inside a flow collection at `p`; sets `node` (which ends at `node.e`), returns its value. */
  private flowItem(p: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === LBRACKET || c === LBRACE) return this.flowCollection(p);
    if (c !== BANG) return this.flowScalar(p, false);
    const tag = this.readTag(p);
    const end = this.tokenEnd;
    const i = this.skipSpaces(end);
    const d = text.charCodeAt(i);
    if (d === COMMA || d === RBRACKET || d === RBRACE) {
      // a tag on nothing (`!GetAZs` alone): the empty text, tagged
      this.node = { kind: EMPTY, s: end, e: end, e2: end };
      return tagged(this.node, tag, '');
    }
    if (d === BANG || d === LF || d === CR || d === HASH) decline();
    const value = d === LBRACKET || d === LBRACE ? this.flowCollection(i) : this.flowScalar(i, true);
    return tagged(this.node, tag, value);
  }

  /** A scalar inside a flow collection at `p` (the text as written when `tagged`, else its plain value). */
  private flowScalar(p: number, tagged: boolean): unknown {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      const value = this.quoted(p, 0);
      this.node = { kind: SCALAR, s: p, e: this.tokenEnd, e2: this.tokenEnd };
      return value;
    }
    if (!this.plainStart(p, true)) decline();
    let i = p;
    for (;;) {
      if (i >= this.n) decline();
      const d = text.charCodeAt(i);
      if (isFlowIndicator(d) || d === LF || d === CR) break;
      if (d === COLON && (this.blankAt(i + 1) || isFlowIndicator(text.charCodeAt(i + 1)))) break;
      if (d === HASH && text.charCodeAt(i - 1) === SPACE) break;
      if (d === TAB || d === QMARK) decline(); // (a `?` ends a plain scalar inside brackets)
      i++;
    }
    let k = i;
    while (text.charCodeAt(k - 1) === SPACE) k--;
    // a plain scalar that goes on on the next line is folded: left to the full reader
    const after = this.flowSpace(i);
    const a = text.charCodeAt(after);
    if (after > i && text.slice(i, after).includes('\n') && a !== COMMA && a !== RBRACKET && a !== RBRACE) decline();
    const raw = text.slice(p, k);
    this.node = { kind: SCALAR, s: p, e: k, e2: k };
    return tagged ? raw : plainValue(raw);
  }

  /**
   * A key inside a flow mapping at `p`: returns its text, sets `keyEnd` (it starts at `p`) and `tokenEnd` (at its
   * `:`). A key without a `:` declines.
   */
  private flowKey(p: number): string {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      const key = this.quoted(p);
      this.keyEnd = this.tokenEnd;
      const i = this.skipSpaces(this.tokenEnd);
      if (text.charCodeAt(i) !== COLON) decline();
      this.tokenEnd = i;
      return key;
    }
    if (!this.plainStart(p, true)) decline();
    let j = p;
    for (;;) {
      const d = text.charCodeAt(j);
      if (j >= this.n || d === LF || d === CR || d === TAB || d === QMARK || isFlowIndicator(d)) decline();
      if (d === HASH && text.charCodeAt(j - 1) === SPACE) decline();
      if (d === COLON && (this.blankAt(j + 1) || isFlowIndicator(text.charCodeAt(j + 1)))) break;
      j++;
    }
    let ke = j;
    while (text.charCodeAt(ke - 1) === SPACE) ke--;
    const key = text.slice(p, ke);
    if (key === '<<') decline(); // a merge key
    checkPlainKey(key);
    this.keyEnd = ke;
    this.tokenEnd = j;
    return key;
  }

  /** A flow mapping or sequence whose bracket is at `p`; sets `node`. */
  private flowCollection(p: number): unknown {
    if (++this.depth > this.depthLimit) decline();
    const text = this.text;
    const isMap = text.charCodeAt(p) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    const node: QNode = isMap ? { kind: MAP, s: p, e: p, e2: p, items: [], keys: [], kr: [] } : { kind: SEQ, s: p, e: p, e2: p, items: [] };
    const out: Record<string, unknown> | unknown[] = isMap ? {} : [];
    let i = this.flowSpace(p + 1);
    if (text.charCodeAt(i) !== close) {
      for (;;) {
        if (isMap) {
          const map = out as Record<string, unknown>;
          const key = this.flowKey(i);
          const ks = i;
          const ke = this.keyEnd;
          // at the `:`
          const v = this.flowSpace(this.tokenEnd + 1);
          const vc = text.charCodeAt(v);
          if (vc === COMMA || vc === RBRACE) decline(); // a key without a value
          this.startEntry(node, map, key, ks, ke);
          const value = this.flowItem(v);
          this.endEntry(node, map, key, ks, ke, value);
          i = this.flowSpace(this.node.e);
        } else {
          const list = out as unknown[];
          this.path.push(list.length);
          const value = this.flowItem(i);
          this.path.pop();
          node.items!.push(this.node);
          list.push(value);
          i = this.flowSpace(this.node.e);
          if (text.charCodeAt(i) === COLON) decline(); // a pair inside a sequence
        }
        const d = text.charCodeAt(i);
        if (d === close) break;
        if (d !== COMMA) decline();
        i = this.flowSpace(i + 1);
        if (text.charCodeAt(i) === close) break; // a trailing comma
      }
    }
    this.depth--;
    node.e = node.e2 = i + 1;
    this.node = node;
    return out;
  }

  // ---- block collections

  /**
   * The comment lines between an item of a block collection (at indentation `col`) and the current line, as the
   * readers assign them: after an empty value, to the value; after a scalar or a flow collection, those
   * more indented than the collection (before any that is not) to the value; the rest stay at the collection's end,
   * as comments of an item that never comes. Returns those.
   */
  private itemComments(col: number): number[] {
    const value = this.node;
    if (value.blk) {
      // a block collection closed at this line and handed on what it did not keep
      const h = this.handed;
      this.handed = [];
      return h;
    }
    const rest: number[] = [];
    const commentInd = this.commentInd;
    const commentEnd = this.commentEnd;
    for (let j = 0; j < commentInd.length; j++) {
      const c = commentInd[j]!;
      const e = commentEnd[j]!;
      if (value.kind === EMPTY || (rest.length === 0 && c > col && value.end)) value.e2 = e;
      else rest.push(c, e);
    }
    return rest;
  }

  /**
   * Closes a block collection at the current line: its value ends where its last item's node ends. Comments left
   * at its end stay with it (its node then ends after them) unless every one is less indented than it (or it is at
   * indentation 0): those go on to the collection around it.
   */
  private close(node: QNode, rest: number[]): void {
    const last = node.items![node.items!.length - 1]!;
    node.e = last.e2;
    node.e2 = node.e;
    this.handed = [];
    if (rest.length === 0) return;
    let allLess = true;
    for (let j = 0; j < rest.length; j += 2) if (rest[j]! >= node.ind!) allLess = false;
    if (node.ind === 0 || allLess) this.handed = rest;
    else node.e2 = rest[rest.length - 1]!;
  }

  /** A block mapping whose first key is at `p`, in column `col`. Leaves the current line after it. */
  private blockMap(p: number, col: number): Record<string, unknown> {
    if (++this.depth > this.depthLimit) decline();
    const node: QNode = { kind: MAP, s: p, e: p, e2: p, keys: [], kr: [], items: [], ind: col, blk: true };
    const out: Record<string, unknown> = {};
    let k = p;
    for (;;) {
      const key = this.keyAt(k);
      if (key === undefined) decline();
      const ks = this.keyStart;
      const ke = this.keyEnd;
      this.startEntry(node, out, key, ks, ke);
      const value = this.blockValue(this.tokenEnd, col, true);
      this.endEntry(node, out, key, ks, ke, value);
      const rest = this.itemComments(col);
      if (this.eof || this.ind < col) {
        this.close(node, rest);
        break;
      }
      if (this.ind > col) decline(); // more indented than its siblings: a continuation this reader does not read
      const c = this.text.charCodeAt(this.at);
      if ((c === DASH || c === QMARK) && this.blankAt(this.at + 1)) decline();
      k = this.at;
    }
    this.depth--;
    this.node = node;
    return out;
  }

  /** A block sequence whose first `-` is at `p`, in column `col`. Leaves the current line after it. */
  private blockSeq(p: number, col: number): unknown[] {
    if (++this.depth > this.depthLimit) decline();
    const node: QNode = { kind: SEQ, s: p, e: p, e2: p, items: [], ind: col, blk: true };
    const out: unknown[] = [];
    let k = p;
    for (;;) {
      this.path.push(out.length);
      const value = this.blockValue(k + 1, col, false);
      this.path.pop();
      node.items!.push(this.node);
      out.push(value);
      const rest = this.itemComments(col);
      if (this.eof || this.ind < col || (this.ind === col && !this.entryAt(this.at))) {
        // (a line at this indentation without a `-` is the next key of a mapping around an indentless sequence)
        this.close(node, rest);
        break;
      }
      if (this.ind > col) decline();
      k = this.at;
    }
    this.depth--;
    this.node = node;
    return out;
  }

  /** Whether `p` holds a block sequence entry's `-`. */
  private entryAt(p: number): boolean {
    return this.text.charCodeAt(p) === DASH && this.blankAt(p + 1);
  }

  /**
   * The value after a key's `:` or a sequence's `-` (at `p`, on the same line), in a collection at indentation
   * `col`. Sets `node` and leaves the current line after the value.
   */
  private blockValue(p: number, col: number, inMap: boolean): unknown {
    const text = this.text;
    let i = this.skipSpaces(p);
    let c = i < this.n ? text.charCodeAt(i) : LF;
    let tag: string | undefined;
    let tagEnd = p;
    if (c === BANG) {
      tag = this.readTag(i);
      tagEnd = this.tokenEnd;
      i = this.skipSpaces(tagEnd);
      c = i < this.n ? text.charCodeAt(i) : LF;
    }
    if (c === LF || c === CR || (c === HASH && i > p)) {
      // the value starts on a following line, or there is none
      this.pos = this.nextLine(i);
      // an empty value (after its tag, if any) takes the comment after it along
      return this.nodeBelow(tagEnd, c === HASH ? this.lineEnd(i) : tagEnd, col, inMap, tag);
    }
    if (c === TAB) decline();
    let value: unknown;
    if (c === LBRACKET || c === LBRACE) {
      value = this.flowCollection(i);
      const node = this.node;
      node.e2 = this.restOfLine(node.e);
      node.end = true;
      this.nextContent();
    } else if (c === DQUOTE || c === SQUOTE) {
      if (!inMap && tag === undefined && this.keyAt(i) !== undefined) return this.compactMap(i);
      value = this.quoted(i, col + 1);
      const s = this.tokenEnd;
      this.node = { kind: SCALAR, s: i, e: s, e2: this.restOfLine(s), end: true };
      this.nextContent();
    } else if (c === PIPE || c === GT) {
      value = this.blockScalar(i, col);
      this.node = { kind: SCALAR, s: i, e: this.tokenEnd, e2: this.tokenEnd };
    } else if (c === DASH && !inMap && tag === undefined && this.blankAt(i + 1)) {
      // `- - a`: a sequence that starts inside a sequence entry
      return this.blockSeq(i, i - this.lineStart);
    } else if (!this.plainStart(i, false)) {
      return decline();
    } else {
      if (!inMap && tag === undefined && this.keyAt(i) !== undefined) return this.compactMap(i);
      const raw = this.plainLine(i);
      const e = this.tokenEnd;
      if (raw === '<<') decline();
      this.node = { kind: SCALAR, s: i, e, e2: this.commentAt >= 0 ? this.lineEnd(this.commentAt) : e, end: true };
      this.pos = this.nextLine(i);
      this.nextContent();
      value = tag === undefined ? plainValue(raw) : raw;
    }
    return tag === undefined ? value : tagged(this.node, tag, value);
  }

  /** `- key: value`: a mapping that starts inside a sequence entry. */
  private compactMap(p: number): Record<string, unknown> {
    return this.blockMap(p, p - this.lineStart);
  }

  /**
   * A value written on the lines below its key or `-` (or none: an empty value). `after` is where the empty value
   * sits, `to` where its node ends (after a comment on its line); `col` the indentation of the collection the
   * value belongs to.
   */
  private nodeBelow(after: number, to: number, col: number, inMap: boolean, tag: string | undefined): unknown {
    this.nextContent();
    const at = this.at;
    const c = this.text.charCodeAt(at);
    let value: unknown;
    if (!this.eof && this.ind > col) {
      if (c === DASH && this.blankAt(at + 1)) value = this.blockSeq(at, this.ind);
      else if (this.keyAt(at) !== undefined) value = this.blockMap(at, this.ind);
      else {
        // a scalar or flow collection on a line of its own; a plain scalar going on over more lines is declined
        // by the collection around it (a line more indented than its keys)
        if (c === BANG && tag !== undefined) decline();
        value = this.blockValue(at, col, true);
      }
    } else if (!this.eof && this.ind === col && inMap && c === DASH && this.blankAt(at + 1)) {
      value = this.blockSeq(at, this.ind);
    } else {
      this.node = { kind: EMPTY, s: after, e: after, e2: to };
      // a tag on nothing (`!GetAZs` alone): the empty text, tagged
      return tag === undefined ? null : tagged(this.node, tag, '');
    }
    return tag === undefined ? value : tagged(this.node, tag, value);
  }
}
