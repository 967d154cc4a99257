/**
 * A quick reader for the YAML that templates are written in: block mappings and sequences, plain and quoted
 * scalars on one line, literal and folded block scalars, flow collections (over several lines, indented as
 * CloudFormation allows), comments and CloudFormation's short tags. It reads a template several times faster
 * than the `yaml` package builds its document, and gives the same value, the same duplicate keys and the same
 * positions (`test/load/quick.test.ts` checks that against `yaml.ts` on every template it can find).
 *
 * It declines (returns `undefined`) as soon as it meets anything else: anchors and aliases, complex keys,
 * multi-line plain or quoted scalars, explicit indentation indicators, tabs where they would separate tokens,
 * directives and several documents, nesting near the depth limit, and anything that is not valid YAML. The loader
 * then reads the text with the `yaml` package, which handles all of YAML and says what is wrong, and where.
 */
import type { Path, Range } from '../types.js';
import type { DuplicateKey, LoadedDocument } from './document.js';
import { LineIndex } from './lines.js';
import { plainValue } from './scalars.js';
import { longForm, longFormKey } from './tags.js';

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const BANG = 0x21;
const DQUOTE = 0x22;
const HASH = 0x23;
const PERCENT = 0x25;
const AMP = 0x26;
const SQUOTE = 0x27;
const STAR = 0x2a;
const COMMA = 0x2c;
const DASH = 0x2d;
const DOT = 0x2e;
const COLON = 0x3a;
const GT = 0x3e;
const QMARK = 0x3f;
const AT = 0x40;
const LBRACKET = 0x5b;
const BACKSLASH = 0x5c;
const RBRACKET = 0x5d;
const BACKTICK = 0x60;
const LBRACE = 0x7b;
const PIPE = 0x7c;
const RBRACE = 0x7d;

const SCALAR = 0;
const MAP = 1;
const SEQ = 2;
const EMPTY = 3;

/** Where a node is written, as the `yaml` package would give its range. */
interface QNode {
  kind: number;
  /** Start of the node (after its tag). */
  s: number;
  /** End of its value. */
  e: number;
  /** End of the node with the comments that belong to it (what a parent collection's end reaches to). */
  e2: number;
  /** The short tag as written (`!Sub`), if any. */
  tag?: string;
  /** A mapping's keys, in order (duplicates included). */
  keys?: string[];
  /** A mapping's key ranges, two offsets per key. */
  kr?: number[];
  /** A mapping's values (one per key) or a sequence's items. */
  items?: QNode[];
  /** A block collection's indentation. */
  ind?: number;
  /** A block collection. */
  blk?: boolean;
  /** A large mapping's keys by name (the last occurrence of each), made the first time a path is located in it. */
  index?: Map<string, number>;
  /** A node the comments after it may join (a scalar on one line, a flow collection): `yaml`'s token `end`. */
  end?: boolean;
}

/** Thrown inside the reader to give up; never escapes it. */
const DECLINE: unique symbol = Symbol('decline');

/**
 * What the reader leaves to the `yaml` package: control characters, YAML 1.1's other line breaks, a byte-order
 * mark inside the text, a carriage return that is not part of a CRLF.
 */
const UNUSUAL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]|\r(?!\n)/;

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  '\t': '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

/** Marks an empty line of a block scalar (a string no line can be, as lines hold no line break). */
const BLANK_LINE = '\n';

/** A more-indented line of a folded block scalar: it starts with a blank. */
function spaced(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === SPACE || c === TAB;
}

/** Folds the lines of a flow scalar as YAML does: trimmed, joined by a space, an empty line making a line break. */
function foldLines(source: string): string {
  const lines = source.split(/\r?\n/);
  if (lines.length === 1) return source;
  let out = lines[0]!.replace(/[ \t]+$/, '');
  let sep = ' ';
  for (let j = 1; j < lines.length - 1; j++) {
    const line = lines[j]!.replace(/^[ \t]+|[ \t]+$/g, '');
    if (line === '') {
      if (sep === '\n') out += sep;
      else sep = '\n';
    } else {
      out += sep + line;
      sep = ' ';
    }
  }
  return out + sep + lines[lines.length - 1]!.replace(/^[ \t]+/, '');
}

/**
 * The value of a double-quoted scalar over several lines (`body` is what the quotes enclose): escapes, an escaped
 * line break that joins two lines, blanks before a line break dropped, line breaks folded as {@link foldLines} does.
 */
function foldDouble(body: string): string {
  let out = '';
  const m = body.length;
  for (let i = 0; i < m; i++) {
    const ch = body[i]!;
    if (ch === '\r' && body[i + 1] === '\n') continue;
    if (ch === '\n') {
      let fold = '';
      let j = i;
      for (let c = body[j + 1]; c === ' ' || c === '\t' || c === '\n' || c === '\r'; c = body[j + 1]) {
        if (c === '\r' && body[j + 2] !== '\n') break;
        if (c === '\n') fold += '\n';
        j++;
      }
      out += fold || ' ';
      i = j;
    } else if (ch === '\\') {
      const next = body[++i];
      const simple = next === undefined ? undefined : ESCAPES[next];
      if (simple !== undefined) out += simple;
      else if (next === '\n' || (next === '\r' && body[i + 1] === '\n')) {
        if (next === '\r') i++;
        while (body[i + 1] === ' ' || body[i + 1] === '\t') i++;
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = body.substr(i + 1, length);
        if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) decline();
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) decline();
        out += String.fromCodePoint(code);
        i += length;
      } else decline();
    } else if (ch === ' ' || ch === '\t') {
      const start = i;
      while (body[i + 1] === ' ' || body[i + 1] === '\t') i++;
      const next = body[i + 1];
      if (next !== '\n' && !(next === '\r' && body[i + 2] === '\n')) out += body.slice(start, i + 1);
    } else out += ch;
  }
  return out;
}

function decline(): never {
  throw DECLINE;
}

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * Reads YAML text as {@link parseYaml} in `yaml.ts` does, or returns `undefined` when the text uses YAML this
 * reader leaves to it. `maxDepth` is the loader's nesting limit: near it, the reader declines too, so that the
 * loader's own depth check decides.
 */
export function quickYaml(text: string, file: string, maxDepth: number): LoadedDocument | undefined {
  if (UNUSUAL.test(text)) return undefined;
  const n = text.length;
  const depthLimit = maxDepth - 2;
  const duplicateKeys: DuplicateKey[] = [];
  const path: Array<string | number> = [];
  let lines: LineIndex | undefined;
  const lineIndex = (): LineIndex => (lines ??= new LineIndex(text));

  // ---- the current line: the next line with content, found by nextContent()
  let pos = 0; // where reading goes on (the start of a line, for nextContent)
  let eof = false;
  let lineStart = 0;
  let ind = 0; // indentation of the current line
  let at = 0; // its first character
  // the comment lines skipped before the current line: their indentation, and where each ends
  const commentInd: number[] = [];
  const commentEnd: number[] = [];
  // comments a closed collection hands to the one around it (indentation and end, in pairs)
  let handed: number[] = [];
  let depth = 0;

  /** End of the line that holds `p`: the offset of its `\n` (or of a `\r` before it), or the end of the text. */
  const lineEnd = (p: number): number => {
    let e = text.indexOf('\n', p);
    if (e < 0) e = n;
    if (e > p && text.charCodeAt(e - 1) === CR) e--;
    return e;
  };
  /** The start of the line after the one that holds `p`. */
  const nextLine = (p: number): number => {
    const e = text.indexOf('\n', p);
    return e < 0 ? n : e + 1;
  };
  /** Whether `p` ends a token: a blank, a line break or the end of the text. */
  const blankAt = (p: number): boolean => {
    if (p >= n) return true;
    const c = text.charCodeAt(p);
    if (c === SPACE || c === LF) return true;
    if (c === CR) {
      if (text.charCodeAt(p + 1) !== LF) decline();
      return true;
    }
    if (c === TAB) decline();
    return false;
  };

  /** Whether the document's `---` may come next (only before its first node). */
  let startMarker = true;

  /** Moves to the next line with content, skipping blank and comment lines (and noting the comments). */
  const nextContent = (): void => {
    commentInd.length = 0;
    commentEnd.length = 0;
    while (pos < n) {
      let p = pos;
      while (p < n && text.charCodeAt(p) === SPACE) p++;
      const c = p < n ? text.charCodeAt(p) : LF;
      if (c === LF) {
        pos = p + 1;
        continue;
      }
      if (c === CR) {
        if (text.charCodeAt(p + 1) !== LF) decline();
        pos = p + 2;
        continue;
      }
      if (c === TAB) decline();
      if (c === HASH) {
        commentInd.push(p - pos);
        commentEnd.push(lineEnd(p));
        pos = nextLine(p);
        continue;
      }
      if (p === pos) {
        // a directive or a document marker: another document, or YAML this reader leaves alone
        if (c === PERCENT) decline();
        if ((c === DASH || c === DOT) && text.charCodeAt(p + 1) === c && text.charCodeAt(p + 2) === c && blankAt(p + 3)) {
          if (!startMarker || c === DOT) decline();
          // the document's start: nothing but a comment may follow it on its line
          startMarker = false;
          restOfLine(p + 3);
          continue;
        }
      }
      startMarker = false;
      eof = false;
      lineStart = pos;
      ind = p - pos;
      at = p;
      return;
    }
    eof = true;
    lineStart = n;
    ind = -1;
    at = n;
  };

  /** After a node that ends on this line at `p`: only blanks and a comment may follow. Returns the end of both. */
  const restOfLine = (p: number): number => {
    let q = p;
    while (q < n && text.charCodeAt(q) === SPACE) q++;
    const c = q < n ? text.charCodeAt(q) : LF;
    if (c === HASH && q > p) {
      const e = lineEnd(q);
      pos = nextLine(q);
      return e;
    }
    if (c === LF || (c === CR && text.charCodeAt(q + 1) === LF)) {
      pos = nextLine(q);
      return p;
    }
    if (q >= n) {
      pos = n;
      return p;
    }
    return decline();
  };

  // ---- scalars

  /**
   * A quoted scalar starting at `p`; sets `scalarEnd` and returns its value. With `minIndent` 0 or more it may go on
   * over lines indented at least that much (a key, with -1, may not).
   */
  let scalarEnd = 0;
  const quoted = (p: number, minIndent = -1): string => {
    const q = text.charCodeAt(p);
    if (q === SQUOTE) {
      let i = p + 1;
      let value = '';
      let from = i;
      for (;;) {
        const j = text.indexOf("'", i);
        const eol = text.indexOf('\n', i);
        if (j < 0) return decline(); // not closed
        if (eol >= 0 && eol < j) return minIndent < 0 ? decline() : quotedLines(p, minIndent);
        if (text.charCodeAt(j + 1) === SQUOTE) {
          value += text.slice(from, j + 1);
          i = j + 2;
          from = i;
          continue;
        }
        value += text.slice(from, j);
        scalarEnd = j + 1;
        return value;
      }
    }
    // double-quoted
    let i = p + 1;
    let value = '';
    let from = i;
    for (;;) {
      if (i >= n) return decline();
      const c = text.charCodeAt(i);
      if (c === DQUOTE) {
        value += text.slice(from, i);
        scalarEnd = i + 1;
        return value;
      }
      if (c === LF || c === CR) return minIndent < 0 ? decline() : quotedLines(p, minIndent);
      if (c === BACKSLASH) {
        value += text.slice(from, i);
        const next = text[i + 1];
        if (next === undefined) return decline();
        // an escaped line break: the scalar goes on over lines
        if (next === '\n' || next === '\r') return minIndent < 0 ? decline() : quotedLines(p, minIndent);
        const simple = ESCAPES[next];
        if (simple !== undefined) {
          value += simple;
          i += 2;
        } else if (next === 'x' || next === 'u' || next === 'U') {
          const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
          const hex = text.substr(i + 2, length);
          if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) return decline();
          const code = parseInt(hex, 16);
          if (code > 0x10ffff) return decline();
          value += String.fromCodePoint(code);
          i += 2 + length;
        } else return decline();
        from = i;
        continue;
      }
      i++;
    }
  };

  /** A quoted scalar over several lines from `p`, its lines below indented at least `minIndent`; sets `scalarEnd`. */
  const quotedLines = (p: number, minIndent: number): string => {
    const double = text.charCodeAt(p) === DQUOTE;
    const close = double ? DQUOTE : SQUOTE;
    let i = p + 1;
    for (;; i++) {
      if (i >= n) return decline();
      const c = text.charCodeAt(i);
      if (double && c === BACKSLASH) {
        const d = text.charCodeAt(i + 1);
        if (d !== LF && d !== CR) i++; // an escaped character (an escaped line break is read as a line break here)
        continue;
      }
      if (c === close) {
        if (!double && text.charCodeAt(i + 1) === SQUOTE) {
          i++;
          continue;
        }
        break;
      }
      if (c === LF) {
        // a line inside the scalar: indented enough, no tab before its text, not a document marker
        let k = i + 1;
        while (k < n && text.charCodeAt(k) === SPACE) k++;
        const d = text.charCodeAt(k);
        if (d === TAB) decline();
        if (k < n && d !== LF && d !== CR) {
          if (k - (i + 1) < minIndent) decline();
          if (k === i + 1 && (d === DASH || d === DOT) && text.charCodeAt(k + 1) === d && text.charCodeAt(k + 2) === d && blankAt(k + 3)) decline();
        }
      }
    }
    scalarEnd = i + 1;
    const body = text.slice(p + 1, i);
    return double ? foldDouble(body) : foldLines(body).replace(/''/g, "'");
  };

  /** Whether the quoted scalar at `p` ends on its line. */
  const closedOnLine = (p: number): boolean => {
    const q = text.charCodeAt(p);
    const e = lineEnd(p);
    for (let i = p + 1; i < e; i++) {
      const c = text.charCodeAt(i);
      if (q === DQUOTE && c === BACKSLASH) i++;
      else if (c === q) {
        if (q === SQUOTE && text.charCodeAt(i + 1) === SQUOTE) i++;
        else return true;
      }
    }
    return false;
  };

  /** A short tag at `p` (`!Ref`); sets `scalarEnd` to its end. */
  const readTag = (p: number): string => {
    let i = p + 1;
    const c = text.charCodeAt(i);
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) return decline();
    i++;
    for (;;) {
      const d = text.charCodeAt(i);
      if ((d >= 0x41 && d <= 0x5a) || (d >= 0x61 && d <= 0x7a) || (d >= 0x30 && d <= 0x39)) i++;
      else break;
    }
    if (!blankAt(i)) decline();
    scalarEnd = i;
    return text.slice(p, i);
  };

  /** Whether a plain scalar may start at `p` in block context (flow: `flow`). */
  const plainStart = (p: number, flow: boolean): boolean => {
    const c = text.charCodeAt(p);
    switch (c) {
      case COMMA:
      case LBRACKET:
      case RBRACKET:
      case LBRACE:
      case RBRACE:
      case HASH:
      case AMP:
      case STAR:
      case BANG:
      case PIPE:
      case GT:
      case SQUOTE:
      case DQUOTE:
      case PERCENT:
      case AT:
      case BACKTICK:
      case TAB:
        return false;
      case DASH:
      case QMARK:
      case COLON: {
        if (blankAt(p + 1)) return false;
        if (flow) {
          const d = text.charCodeAt(p + 1);
          if (d === COMMA || d === LBRACKET || d === RBRACKET || d === LBRACE || d === RBRACE) return false;
        }
        return true;
      }
      default:
        return true;
    }
  };

  /**
   * A key at `p`: returns its text, sets `keyStart`/`keyEnd` (its range) and `scalarEnd` (just after the `:`),
   * or returns undefined when `p` holds no implicit key on this line.
   */
  let keyStart = 0;
  let keyEnd = 0;
  // the last answer, as a line is often asked twice (is it a key? then read the key)
  let askedAt = -1;
  let answer: string | undefined;
  let answerKeyEnd = 0;
  let answerEnd = 0;
  const keyAt = (p: number): string | undefined => {
    if (p !== askedAt) {
      answer = findKey(p);
      askedAt = p;
      answerKeyEnd = keyEnd;
      answerEnd = scalarEnd;
    }
    if (answer !== undefined) {
      keyStart = p;
      keyEnd = answerKeyEnd;
      scalarEnd = answerEnd;
    }
    return answer;
  };
  const findKey = (p: number): string | undefined => {
    const c = text.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      if (!closedOnLine(p)) return undefined; // a scalar over lines, not a key
      const key = quoted(p);
      let i = scalarEnd;
      keyStart = p;
      keyEnd = i;
      while (i < n && text.charCodeAt(i) === SPACE) i++;
      if (text.charCodeAt(i) !== COLON || !blankAt(i + 1)) return undefined;
      scalarEnd = i + 1;
      return key;
    }
    if (!plainStart(p, false)) return undefined;
    const e = lineEnd(p);
    // the first `:` followed by a blank ends the key; a tab before it is declined, a comment means no key
    let i = p;
    for (; i < e; i++) {
      const d = text.charCodeAt(i);
      if (d === COLON && blankAt(i + 1)) break;
      if (d === HASH && text.charCodeAt(i - 1) === SPACE) return undefined;
      if (d === TAB) decline();
    }
    if (i >= e) return undefined;
    let k = i;
    while (text.charCodeAt(k - 1) === SPACE) k--;
    if (k - p > 1000) decline(); // the `yaml` package refuses implicit keys over 1024 characters
    keyStart = p;
    keyEnd = k;
    scalarEnd = i + 1;
    const key = text.slice(p, k);
    if (key === '<<') decline(); // a merge key
    return key;
  };

  /** A plain scalar on one line in block context from `p`; sets `scalarEnd` (trimmed) and `commentAt` (or -1). */
  let commentAt = -1;
  const plainLine = (p: number): string => {
    const e = lineEnd(p);
    commentAt = -1;
    let i = p;
    for (; i < e; i++) {
      const d = text.charCodeAt(i);
      if (d === COLON && blankAt(i + 1)) return decline(); // a mapping where a scalar was expected
      if (d === HASH && text.charCodeAt(i - 1) === SPACE) {
        commentAt = i;
        break;
      }
      if (d === TAB) decline();
    }
    let k = i;
    while (k > p && text.charCodeAt(k - 1) === SPACE) k--;
    scalarEnd = k;
    return text.slice(p, k);
  };

  // ---- flow collections

  /** Skips blanks, line breaks and comments inside a flow collection. */
  const flowSpace = (p: number): number => {
    let i = p;
    for (;;) {
      if (i >= n) return decline();
      const c = text.charCodeAt(i);
      if (c === SPACE) i++;
      else if (c === LF || c === CR) {
        if (c === CR && text.charCodeAt(i + 1) !== LF) decline();
        i += c === CR ? 2 : 1;
        // a document marker ends every flow collection
        const d = text.charCodeAt(i);
        if ((d === DASH || d === DOT) && text.charCodeAt(i + 1) === d && text.charCodeAt(i + 2) === d && blankAt(i + 3)) decline();
      } else if (c === HASH) {
        const prev = text.charCodeAt(i - 1);
        if (prev !== SPACE && prev !== LF) decline();
        i = lineEnd(i);
      } else if (c === TAB) return decline();
      else return i;
    }
  };

  /** A node inside a flow collection at `p`; sets `flowEnd` and `flowNode`, returns its value. */
  let flowEnd = 0;
  let flowNode: QNode = { kind: EMPTY, s: 0, e: 0, e2: 0 };
  const flowItem = (p: number): unknown => {
    const c = text.charCodeAt(p);
    if (c === LBRACKET || c === LBRACE) return flowCollection(p);
    if (c === BANG) {
      const tag = readTag(p);
      let i = scalarEnd;
      while (i < n && text.charCodeAt(i) === SPACE) i++;
      const d = text.charCodeAt(i);
      if (d === COMMA || d === RBRACKET || d === RBRACE) {
        // a tag on nothing (`!GetAZs` alone): the empty text, tagged
        flowEnd = scalarEnd;
        flowNode = { kind: EMPTY, s: scalarEnd, e: scalarEnd, e2: scalarEnd, tag };
        return longForm(longFormKey(tag)!, '');
      }
      if (d === BANG || d === LF || d === CR || d === HASH) decline();
      const value = d === LBRACKET || d === LBRACE ? flowCollection(i) : flowScalar(i, true);
      flowNode.tag = tag;
      return longForm(longFormKey(tag)!, value);
    }
    return flowScalar(p, false);
  };

  const flowScalar = (p: number, tagged: boolean): unknown => {
    const c = text.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      const value = quoted(p, 0);
      flowEnd = scalarEnd;
      flowNode = { kind: SCALAR, s: p, e: scalarEnd, e2: scalarEnd };
      return value;
    }
    if (!plainStart(p, true)) decline();
    let i = p;
    for (;;) {
      if (i >= n) decline();
      const d = text.charCodeAt(i);
      if (d === COMMA || d === RBRACKET || d === RBRACE || d === LBRACKET || d === LBRACE || d === LF || d === CR) break;
      if (d === COLON) {
        const next = text.charCodeAt(i + 1);
        if (blankAt(i + 1) || next === COMMA || next === RBRACKET || next === RBRACE || next === LBRACKET || next === LBRACE) break;
      }
      if (d === HASH && text.charCodeAt(i - 1) === SPACE) break;
      if (d === TAB) decline();
      i++;
    }
    let k = i;
    while (text.charCodeAt(k - 1) === SPACE) k--;
    // a plain scalar that goes on on the next line is folded: left to the `yaml` package
    const after = flowSpace(i);
    const a = text.charCodeAt(after);
    if (after > i && text.slice(i, after).includes('\n') && a !== COMMA && a !== RBRACKET && a !== RBRACE) decline();
    const raw = text.slice(p, k);
    flowEnd = k;
    flowNode = { kind: SCALAR, s: p, e: k, e2: k };
    return tagged ? raw : plainValue(raw);
  };

  const flowCollection = (p: number): unknown => {
    if (++depth > depthLimit) decline();
    const isMap = text.charCodeAt(p) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    const node: QNode = { kind: isMap ? MAP : SEQ, s: p, e: p, e2: p, items: [] };
    const items = node.items!;
    const out: Record<string, unknown> | unknown[] = isMap ? {} : [];
    if (isMap) {
      node.keys = [];
      node.kr = [];
    }
    let i = flowSpace(p + 1);
    if (text.charCodeAt(i) !== close) {
      for (;;) {
        if (isMap) {
          const c = text.charCodeAt(i);
          let key: string;
          let ks = i;
          let ke: number;
          if (c === DQUOTE || c === SQUOTE) {
            key = quoted(i);
            ke = scalarEnd;
            i = scalarEnd;
            while (text.charCodeAt(i) === SPACE) i++;
            if (text.charCodeAt(i) !== COLON) decline();
          } else {
            if (!plainStart(i, true)) decline();
            let j = i;
            for (;;) {
              const d = text.charCodeAt(j);
              if (j >= n || d === LF || d === CR || d === COMMA || d === RBRACE || d === RBRACKET || d === LBRACE || d === LBRACKET || d === TAB) decline();
              if (d === HASH && text.charCodeAt(j - 1) === SPACE) decline();
              if (d === COLON) {
                const next = text.charCodeAt(j + 1);
                if (blankAt(j + 1) || next === COMMA || next === RBRACKET || next === RBRACE || next === LBRACKET || next === LBRACE) break;
              }
              j++;
            }
            ke = j;
            while (text.charCodeAt(ke - 1) === SPACE) ke--;
            key = text.slice(ks, ke);
            if (key === '<<') decline();
            i = j;
          }
          // at the `:`
          const v = flowSpace(i + 1);
          const vc = text.charCodeAt(v);
          if (vc === COMMA || vc === RBRACE) decline(); // a key without a value
          const m = out as Record<string, unknown>;
          if (Object.prototype.hasOwnProperty.call(m, key)) duplicate(node, key, ks, ke);
          path.push(key);
          const value = flowItem(v);
          path.pop();
          node.keys!.push(key);
          node.kr!.push(ks, ke);
          items.push(flowNode);
          setKey(m, key, value);
          i = flowSpace(flowEnd);
        } else {
          path.push(items.length);
          const value = flowItem(i);
          path.pop();
          items.push(flowNode);
          (out as unknown[]).push(value);
          i = flowSpace(flowEnd);
          if (text.charCodeAt(i) === COLON) decline(); // a pair inside a sequence
        }
        const d = text.charCodeAt(i);
        if (d === close) break;
        if (d !== COMMA) decline();
        i = flowSpace(i + 1);
        if (text.charCodeAt(i) === close) break; // a trailing comma
      }
    }
    depth--;
    node.e = node.e2 = i + 1;
    flowEnd = i + 1;
    flowNode = node;
    return out;
  };

  // ---- block nodes

  /** Records a key written twice in a mapping: where its first occurrence is written, and where this one is. */
  const duplicate = (node: QNode, key: string, ks: number, ke: number): void => {
    // the `yaml`-based reader pairs each occurrence with the one before it
    const first = node.keys!.lastIndexOf(key);
    const fs = node.kr![2 * first]!;
    const fe = node.kr![2 * first + 1]!;
    duplicateKeys.push({ key, path: [...path, key], keyRange: lineIndex().range(ks, ke), firstRange: lineIndex().range(fs, fe) });
  };

  let valueNode: QNode = { kind: EMPTY, s: 0, e: 0, e2: 0 };

  /**
   * The comment lines between an item of a block collection (at indentation `col`) and the current line, as the
   * `yaml` package assigns them: after an empty value, to the value; after a scalar or a flow collection, those
   * more indented than the collection (before any that is not) to the value; the rest stay at the collection's end,
   * as comments of an item that never comes. Returns those.
   */
  const itemComments = (col: number): number[] => {
    const value = valueNode;
    if (value.blk) {
      // a block collection closed at this line and handed on what it did not keep
      const h = handed;
      handed = [];
      return h;
    }
    const rest: number[] = [];
    for (let j = 0; j < commentInd.length; j++) {
      const c = commentInd[j]!;
      const e = commentEnd[j]!;
      if (value.kind === EMPTY || (rest.length === 0 && c > col && value.end)) value.e2 = e;
      else rest.push(c, e);
    }
    return rest;
  };

  /**
   * Closes a block collection at the current line: its value ends where its last item's node ends. Comments left
   * at its end stay with it (its node then ends after them) unless every one is less indented than it (or it is at
   * indentation 0): those go on to the collection around it.
   */
  const close = (node: QNode, rest: number[]): void => {
    const last = node.items![node.items!.length - 1]!;
    node.e = last.e2;
    node.e2 = node.e;
    handed = [];
    if (rest.length === 0) return;
    let allLess = true;
    for (let j = 0; j < rest.length; j += 2) if (rest[j]! >= node.ind!) allLess = false;
    if (node.ind === 0 || allLess) handed = rest;
    else node.e2 = rest[rest.length - 1]!;
  };

  /** A block mapping whose first key is at `p`, in column `col`. Leaves the current line after it. */
  const blockMap = (p: number, col: number): Record<string, unknown> => {
    if (++depth > depthLimit) decline();
    const node: QNode = { kind: MAP, s: p, e: p, e2: p, keys: [], kr: [], items: [], ind: col, blk: true };
    const out: Record<string, unknown> = {};
    let k = p;
    for (;;) {
      const key = keyAt(k);
      if (key === undefined) decline();
      const ks = keyStart;
      const ke = keyEnd;
      if (Object.prototype.hasOwnProperty.call(out, key)) duplicate(node, key, ks, ke);
      path.push(key);
      const value = blockValue(scalarEnd, col, true);
      path.pop();
      node.keys!.push(key);
      node.kr!.push(ks, ke);
      node.items!.push(valueNode);
      setKey(out, key, value);
      const rest = itemComments(col);
      if (eof || ind < col) {
        close(node, rest);
        break;
      }
      if (ind > col) decline(); // more indented than its siblings: a continuation this reader does not read
      const c = text.charCodeAt(at);
      if ((c === DASH || c === QMARK) && blankAt(at + 1)) decline();
      k = at;
    }
    depth--;
    valueNode = node;
    return out;
  };

  /** A block sequence whose first `-` is at `p`, in column `col`. Leaves the current line after it. */
  const blockSeq = (p: number, col: number): unknown[] => {
    if (++depth > depthLimit) decline();
    const node: QNode = { kind: SEQ, s: p, e: p, e2: p, items: [], ind: col, blk: true };
    const out: unknown[] = [];
    let k = p;
    for (;;) {
      path.push(out.length);
      const value = blockValue(k + 1, col, false);
      path.pop();
      node.items!.push(valueNode);
      out.push(value);
      const rest = itemComments(col);
      if (eof || ind < col || (ind === col && !(text.charCodeAt(at) === DASH && blankAt(at + 1)))) {
        // (a line at this indentation without a `-` is the next key of a mapping around an indentless sequence)
        close(node, rest);
        break;
      }
      if (ind > col) decline();
      k = at;
    }
    depth--;
    valueNode = node;
    return out;
  };

  /**
   * The value after a key's `:` or a sequence's `-` (at `p`, on the same line), in a collection at indentation
   * `col`. Sets `valueNode` and leaves the current line after the value.
   */
  const blockValue = (p: number, col: number, inMap: boolean): unknown => {
    let i = p;
    while (i < n && text.charCodeAt(i) === SPACE) i++;
    let c = i < n ? text.charCodeAt(i) : LF;
    let tag: string | undefined;
    let tagEnd = p;
    if (c === BANG) {
      tag = readTag(i);
      i = tagEnd = scalarEnd;
      while (i < n && text.charCodeAt(i) === SPACE) i++;
      c = i < n ? text.charCodeAt(i) : LF;
    }
    if (c === LF || c === CR || (c === HASH && i > p)) {
      // the value starts on a following line, or there is none
      pos = nextLine(i);
      // an empty value (after its tag, if any) takes the comment after it along
      return nodeBelow(tagEnd, c === HASH ? lineEnd(i) : tagEnd, col, inMap, tag);
    }
    if (c === TAB) decline();
    let value: unknown;
    if (c === LBRACKET || c === LBRACE) {
      value = flowCollection(i);
      const node = flowNode;
      node.e2 = restOfLine(flowEnd);
      node.end = true;
      valueNode = node;
      nextContent();
    } else if (c === DQUOTE || c === SQUOTE) {
      if (!inMap && tag === undefined && keyAt(i) !== undefined) return compactMap(i);
      value = quoted(i, col + 1);
      const s = scalarEnd;
      valueNode = { kind: SCALAR, s: i, e: s, e2: restOfLine(s), end: true };
      nextContent();
    } else if (c === PIPE || c === GT) {
      value = blockScalar(i, col);
    } else if (c === DASH && !inMap && tag === undefined && blankAt(i + 1)) {
      // `- - a`: a sequence that starts inside a sequence entry
      return blockSeq(i, i - lineStart);
    } else if (!plainStart(i, false)) {
      return decline();
    } else {
      if (!inMap && tag === undefined && keyAt(i) !== undefined) return compactMap(i);
      const raw = plainLine(i);
      const e = scalarEnd;
      if (raw === '<<') decline();
      valueNode = { kind: SCALAR, s: i, e, e2: commentAt >= 0 ? lineEnd(commentAt) : e, end: true };
      pos = nextLine(i);
      nextContent();
      value = tag === undefined ? plainValue(raw) : raw;
    }
    if (tag === undefined) return value;
    valueNode.tag = tag;
    return longForm(longFormKey(tag)!, value);
  };

  /** `- key: value`: a mapping that starts inside a sequence entry. */
  const compactMap = (p: number): Record<string, unknown> => blockMap(p, p - lineStart);

  /**
   * A value written on the lines below its key or `-` (or none: an empty value). `after` is where the empty value
   * sits, `to` where its node ends (after a comment on its line); `col` the indentation of the collection the
   * value belongs to.
   */
  const nodeBelow = (after: number, to: number, col: number, inMap: boolean, tag: string | undefined): unknown => {
    nextContent();
    const c = text.charCodeAt(at);
    let value: unknown;
    if (!eof && ind > col) {
      if (c === DASH && blankAt(at + 1)) value = blockSeq(at, ind);
      else if (keyAt(at) !== undefined) value = blockMap(at, ind);
      else {
        // a scalar or flow collection on a line of its own; a plain scalar going on over more lines is declined
        // by the collection around it (a line more indented than its keys)
        if (c === BANG && tag !== undefined) decline();
        value = blockValue(at, col, true);
      }
    } else if (!eof && ind === col && inMap && c === DASH && blankAt(at + 1)) {
      value = blockSeq(at, ind);
    } else {
      valueNode = { kind: EMPTY, s: after, e: after, e2: to };
      if (tag === undefined) return null;
      // a tag on nothing (`!GetAZs` alone): the empty text, tagged
      valueNode.tag = tag;
      return longForm(longFormKey(tag)!, '');
    }
    if (tag === undefined) return value;
    valueNode.tag = tag;
    return longForm(longFormKey(tag)!, value);
  };

  /** A literal (`|`) or folded (`>`) block scalar whose header is at `p`, in a collection at indentation `col`. */
  const blockScalar = (p: number, col: number): string => {
    const folded = text.charCodeAt(p) === GT;
    let i = p + 1;
    let chomp = 0; // 0 clip, 1 keep, -1 strip
    const h = text.charCodeAt(i);
    if (h === DASH || h === 0x2b) {
      chomp = h === DASH ? -1 : 1;
      i++;
    }
    restOfLine(i); // a digit (explicit indentation) or anything else on the header line is declined here
    // content lines
    let k = -1; // content indentation
    let leadingBlank = 0;
    const parts: string[] = []; // content lines without their indentation; blank lines as undefined
    let lastContent = -1; // index in parts of the last content line
    let end = pos; // end of the last content line, its line break included
    let q = pos;
    while (q < n) {
      let sp = q;
      while (sp < n && text.charCodeAt(sp) === SPACE) sp++;
      const e = lineEnd(sp);
      const spaces = sp - q;
      if (sp >= e && (k < 0 || spaces <= k)) {
        // an empty line
        if (sp >= n) break; // blanks at the end of the text, without a line break: no line
        if (k < 0) leadingBlank = Math.max(leadingBlank, spaces);
        parts.push(BLANK_LINE);
        q = nextLine(sp);
        continue;
      }
      if (k < 0) {
        if (text.charCodeAt(sp) === TAB) decline();
        if (spaces <= col) decline(); // an empty block scalar
        k = spaces;
        if (leadingBlank > k) decline();
      }
      if (spaces < k) break; // the scalar ends
      parts.push(text.slice(q + k, e));
      lastContent = parts.length - 1;
      if (e >= n) {
        end = n;
        q = n;
        break;
      }
      end = nextLine(e);
      q = end;
    }
    if (k < 0) decline();
    const trailing = parts.length - 1 - lastContent;
    let body = '';
    if (folded) {
      // lines are joined by a space, or by as many line breaks as there are empty lines between them; around a
      // more-indented line every line break stays
      let blanks = 0;
      let previous: string | undefined;
      for (let j = 0; j <= lastContent; j++) {
        const line = parts[j]!;
        if (line === BLANK_LINE) {
          blanks++;
          continue;
        }
        if (previous === undefined) body += '\n'.repeat(blanks);
        else if (spaced(previous) || spaced(line)) body += '\n'.repeat(blanks + 1);
        else body += blanks === 0 ? ' ' : '\n'.repeat(blanks);
        body += line;
        previous = line;
        blanks = 0;
      }
    } else {
      for (let j = 0; j <= lastContent; j++) body += (j > 0 ? '\n' : '') + (parts[j] === BLANK_LINE ? '' : parts[j]);
    }
    // (the `yaml` package ends a clipped or kept scalar with a line break even at the end of a text without one)
    const value = chomp < 0 ? body : chomp === 0 ? `${body}\n` : `${body}\n${'\n'.repeat(trailing)}`;
    valueNode = { kind: SCALAR, s: p, e: end, e2: end };
    pos = q;
    nextContent();
    return value;
  };

  // ---- the document

  let root: QNode;
  let value: unknown;
  try {
    nextContent();
    if (eof || ind !== 0) return undefined;
    const c = text.charCodeAt(at);
    if ((c === DASH || c === QMARK) && blankAt(at + 1)) return undefined;
    if (keyAt(at) === undefined) return undefined;
    value = blockMap(at, 0);
    root = valueNode;
    if (!eof) return undefined;
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  }

  /** Where a tagged node starts: at its tag, when only blanks or line breaks come between the tag and the node. */
  const startWithTag = (node: QNode): number => {
    const tag = node.tag;
    if (!tag) return node.s;
    const found = text.lastIndexOf(tag, node.s);
    return found >= 0 && /^\s*$/.test(text.slice(found + tag.length, node.s)) ? found : node.s;
  };

  const locate = (target: Path, which: 'value' | 'key' = 'value'): Range => {
    let node: QNode | null = root;
    let ks = -1;
    let ke = -1;
    let insideTag = false;
    for (const seg of target) {
      if (!node) break;
      const fn = node.tag ? longFormKey(node.tag) : undefined;
      if (fn && !insideTag && seg === fn) {
        // the long-form key of a short tag: the tagged node itself
        insideTag = true;
        ks = -1;
        continue;
      }
      let next: QNode | undefined;
      let nks = -1;
      let nke = -1;
      if (node.kind === MAP) {
        // the last occurrence of a key is the one whose value counts (found through an index in a large mapping)
        const name = String(seg);
        const keys = node.keys!;
        let j = -1;
        if (keys.length > 16) {
          if (!node.index) {
            node.index = new Map();
            for (let k = 0; k < keys.length; k++) node.index.set(keys[k]!, k);
          }
          j = node.index.get(name) ?? -1;
        } else j = keys.lastIndexOf(name);
        if (j >= 0) {
          next = node.items![j];
          nks = node.kr![2 * j]!;
          nke = node.kr![2 * j + 1]!;
        }
      } else if (node.kind === SEQ && typeof seg === 'number') {
        next = node.items![seg];
      }
      if (next === undefined) break;
      ks = nks;
      ke = nke;
      insideTag = false;
      node = next;
      if (node.kind === EMPTY) {
        node = null; // `Key:` with nothing after it: point at the key
        break;
      }
    }
    if ((which === 'key' && ks >= 0) || !node) return ks >= 0 ? lineIndex().range(ks, ke) : lineIndex().range(0, 0);
    return lineIndex().range(insideTag ? node.s : startWithTag(node), node.e);
  };

  return { file, text, format: 'yaml', value, duplicateKeys, locate };
}
