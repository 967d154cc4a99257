/**
 * The quick reader's scalars and the tokens written before a node: quoted scalars (on one line or over several),
 * plain scalars on one line, literal and folded block scalars, implicit keys and short tags. Each reader takes
 * the offset where the token starts, returns what it read and sets `tokenEnd` (and, for keys, `keyStart` and
 * `keyEnd`). What this reader does not read declines.
 *
 * Plain scalars get their type from `../scalars.ts`, which the full reader shares.
 */
import {
  BACKSLASH,
  COLON,
  CR,
  DASH,
  DQUOTE,
  GT,
  HASH,
  isAlphanumeric,
  isFlowIndicator,
  isLetter,
  isPlainStartIndicator,
  LF,
  PLUS,
  QMARK,
  SPACE,
  SQUOTE,
  TAB,
} from '../chars.js';
import { checkPlainKey } from '../scalars.js';
import { decline, Scanner } from './scanner.js';

/** YAML's one-character escapes in double-quoted scalars. */
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

/** The number of hex digits after `\x`, `\u` and `\U`, or 0 for any other escape letter. */
function hexDigits(letter: string | undefined): number {
  return letter === 'x' ? 2 : letter === 'u' ? 4 : letter === 'U' ? 8 : 0;
}

/** The character of a hex escape whose `length` digits start at `from` in `source`; declines a bad one. */
function hexEscape(source: string, from: number, length: number): string {
  const hex = source.substr(from, length);
  if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) decline();
  const code = parseInt(hex, 16);
  if (code > 0x10ffff) decline();
  return String.fromCodePoint(code);
}

/** Marks an empty line of a block scalar (a string no line can be, as lines hold no line break). */
const BLANK_LINE = '\n';

/** A more-indented line of a folded block scalar: it starts with a blank. */
function spaced(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === SPACE || c === TAB;
}

/** Folds the lines of a flow scalar as YAML does: trimmed, joined by a space, an empty line making a line break. */
export function foldLines(source: string): string {
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
export function foldDouble(body: string): string {
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
      const hex = hexDigits(next);
      if (simple !== undefined) out += simple;
      else if (next === '\n' || (next === '\r' && body[i + 1] === '\n')) {
        if (next === '\r') i++;
        while (body[i + 1] === ' ' || body[i + 1] === '\t') i++;
      } else if (hex > 0) {
        out += hexEscape(body, i + 1, hex);
        i += hex;
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

/** The scalars and tokens of the quick reader, on its {@link Scanner}. */
export class ScalarReader extends Scanner {
  /** The range of the key read last (`keyAt`). */
  keyStart = 0;
  keyEnd = 0;
  /** Where the comment after the plain scalar read last starts (`plainLine`), or -1. */
  commentAt = -1;
  // the last answer of keyAt, as a line is often asked twice (is it a key? then read the key)
  private askedAt = -1;
  private answer: string | undefined;
  private answerKeyEnd = 0;
  private answerEnd = 0;

  /**
   * A quoted scalar starting at `p`; sets `tokenEnd` and returns its value. With `minIndent` 0 or more it may go
   * on over lines indented at least that much (a key, with -1, may not).
   */
  quoted(p: number, minIndent = -1): string {
    const text = this.text;
    if (text.charCodeAt(p) === SQUOTE) {
      let i = p + 1;
      let value = '';
      let from = i;
      for (;;) {
        const j = text.indexOf("'", i);
        const eol = text.indexOf('\n', i);
        if (j < 0) return decline(); // not closed
        if (eol >= 0 && eol < j) return minIndent < 0 ? decline() : this.quotedLines(p, minIndent);
        if (text.charCodeAt(j + 1) === SQUOTE) {
          value += text.slice(from, j + 1);
          i = j + 2;
          from = i;
          continue;
        }
        value += text.slice(from, j);
        this.tokenEnd = j + 1;
        return value;
      }
    }
    // double-quoted
    const n = this.n;
    let i = p + 1;
    let value = '';
    let from = i;
    for (;;) {
      if (i >= n) return decline();
      const c = text.charCodeAt(i);
      if (c === DQUOTE) {
        value += text.slice(from, i);
        this.tokenEnd = i + 1;
        return value;
      }
      if (c === LF || c === CR) return minIndent < 0 ? decline() : this.quotedLines(p, minIndent);
      if (c === BACKSLASH) {
        value += text.slice(from, i);
        const next = text[i + 1];
        if (next === undefined) return decline();
        // an escaped line break: the scalar goes on over lines
        if (next === '\n' || next === '\r') return minIndent < 0 ? decline() : this.quotedLines(p, minIndent);
        const simple = ESCAPES[next];
        const hex = hexDigits(next);
        if (simple !== undefined) {
          value += simple;
          i += 2;
        } else if (hex > 0) {
          value += hexEscape(text, i + 2, hex);
          i += 2 + hex;
        } else return decline();
        from = i;
        continue;
      }
      i++;
    }
  }

  /** A quoted scalar over several lines from `p`, its lines below indented at least `minIndent`; sets `tokenEnd`. */
  private quotedLines(p: number, minIndent: number): string {
    const text = this.text;
    const n = this.n;
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
        const k = this.skipSpaces(i + 1);
        const d = text.charCodeAt(k);
        if (d === TAB) decline();
        if (k < n && d !== LF && d !== CR) {
          if (k - (i + 1) < minIndent) decline();
          if (k === i + 1 && this.markerAt(k)) decline();
        }
      }
    }
    this.tokenEnd = i + 1;
    const body = text.slice(p + 1, i);
    return double ? foldDouble(body) : foldLines(body).replace(/''/g, "'");
  }

  /** Whether the quoted scalar at `p` ends on its line. */
  private closedOnLine(p: number): boolean {
    const text = this.text;
    const q = text.charCodeAt(p);
    const e = this.lineEnd(p);
    for (let i = p + 1; i < e; i++) {
      const c = text.charCodeAt(i);
      if (q === DQUOTE && c === BACKSLASH) i++;
      else if (c === q) {
        if (q === SQUOTE && text.charCodeAt(i + 1) === SQUOTE) i++;
        else return true;
      }
    }
    return false;
  }

  /** A short tag at `p` (`!Ref`); sets `tokenEnd` to its end. */
  readTag(p: number): string {
    const text = this.text;
    let i = p + 1;
    if (!isLetter(text.charCodeAt(i))) return decline();
    i++;
    while (isAlphanumeric(text.charCodeAt(i))) i++;
    if (!this.blankAt(i)) decline();
    this.tokenEnd = i;
    return text.slice(p, i);
  }

  /** Whether a plain scalar may start at `p` in block context (flow: `flow`). */
  plainStart(p: number, flow: boolean): boolean {
    const c = this.text.charCodeAt(p);
    if (isPlainStartIndicator(c)) return false;
    switch (c) {
      case TAB:
        return false;
      case DASH:
        if (this.blankAt(p + 1)) return false;
        return !(flow && isFlowIndicator(this.text.charCodeAt(p + 1)));
      case QMARK:
      case COLON:
        // inside brackets, `?` and `:` are always indicators
        return !flow && !this.blankAt(p + 1);
      default:
        return true;
    }
  }

  /**
   * A key at `p`: returns its text, sets `keyStart`/`keyEnd` (its range) and `tokenEnd` (just after the `:`),
   * or returns undefined when `p` holds no implicit key on this line.
   */
  keyAt(p: number): string | undefined {
    if (p !== this.askedAt) {
      this.answer = this.findKey(p);
      this.askedAt = p;
      this.answerKeyEnd = this.keyEnd;
      this.answerEnd = this.tokenEnd;
    }
    if (this.answer !== undefined) {
      this.keyStart = p;
      this.keyEnd = this.answerKeyEnd;
      this.tokenEnd = this.answerEnd;
    }
    return this.answer;
  }

  private findKey(p: number): string | undefined {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      if (!this.closedOnLine(p)) return undefined; // a scalar over lines, not a key
      const key = this.quoted(p);
      this.keyStart = p;
      this.keyEnd = this.tokenEnd;
      const i = this.skipSpaces(this.tokenEnd);
      if (text.charCodeAt(i) !== COLON || !this.blankAt(i + 1)) return undefined;
      this.tokenEnd = i + 1;
      return key;
    }
    if (!this.plainStart(p, false)) return undefined;
    const e = this.lineEnd(p);
    // the first `:` followed by a blank ends the key; a tab before it is declined, a comment means no key
    let i = p;
    for (; i < e; i++) {
      const d = text.charCodeAt(i);
      if (d === COLON && this.blankAt(i + 1)) break;
      if (d === HASH && text.charCodeAt(i - 1) === SPACE) return undefined;
      if (d === TAB) decline();
    }
    if (i >= e) return undefined;
    let k = i;
    while (text.charCodeAt(k - 1) === SPACE) k--;
    if (k - p > 1000) decline(); // (a simple key ends 1024 characters after it starts: the full reader decides)
    this.keyStart = p;
    this.keyEnd = k;
    this.tokenEnd = i + 1;
    const key = text.slice(p, k);
    if (key === '<<') decline(); // a merge key
    checkPlainKey(key);
    return key;
  }

  /** A plain scalar on one line in block context from `p`; sets `tokenEnd` (trimmed) and `commentAt` (or -1). */
  plainLine(p: number): string {
    const text = this.text;
    const e = this.lineEnd(p);
    this.commentAt = -1;
    let i = p;
    for (; i < e; i++) {
      const d = text.charCodeAt(i);
      if (d === COLON && this.blankAt(i + 1)) return decline(); // a mapping where a scalar was expected
      if (d === HASH && text.charCodeAt(i - 1) === SPACE) {
        this.commentAt = i;
        break;
      }
      if (d === TAB) decline();
    }
    let k = i;
    while (k > p && text.charCodeAt(k - 1) === SPACE) k--;
    this.tokenEnd = k;
    return text.slice(p, k);
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar whose header is at `p`, in a collection at indentation `col`.
   * Sets `tokenEnd` to the end of its last content line (its line break included) and leaves the current line
   * after it.
   */
  blockScalar(p: number, col: number): string {
    const text = this.text;
    const n = this.n;
    const folded = text.charCodeAt(p) === GT;
    let i = p + 1;
    let chomp = 0; // 0 clip, 1 keep, -1 strip
    const h = text.charCodeAt(i);
    if (h === DASH || h === PLUS) {
      chomp = h === DASH ? -1 : 1;
      i++;
    }
    this.restOfLine(i); // a digit (explicit indentation) or anything else on the header line is declined here
    // content lines
    let k = -1; // content indentation
    let leadingBlank = 0;
    const parts: string[] = []; // content lines without their indentation; blank lines as BLANK_LINE
    let lastContent = -1; // index in parts of the last content line
    let broken = true; // whether a line break ends the last content line (not the end of the text)
    let end = this.pos; // end of the last content line, its line break included
    let q = this.pos;
    while (q < n) {
      const sp = this.skipSpaces(q);
      const e = this.lineEnd(sp);
      const spaces = sp - q;
      if (sp >= e && (k < 0 || spaces <= k)) {
        // an empty line
        if (sp >= n) break; // blanks at the end of the text, without a line break: no line
        if (k < 0) leadingBlank = Math.max(leadingBlank, spaces);
        parts.push(BLANK_LINE);
        q = this.nextLine(sp);
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
        broken = false;
        break;
      }
      end = this.nextLine(e);
      q = end;
    }
    if (k < 0) decline();
    const trailing = parts.length - 1 - lastContent;
    const body = folded ? foldBlock(parts, lastContent) : literalBlock(parts, lastContent);
    this.tokenEnd = end;
    this.pos = q;
    this.nextContent();
    // a clipped or kept scalar ends with the line break after its last line (none at the end of the text)
    if (!broken) return body;
    return chomp < 0 ? body : chomp === 0 ? `${body}\n` : `${body}\n${'\n'.repeat(trailing)}`;
  }
}

/** A literal block scalar's lines up to its last content line, joined by line breaks. */
function literalBlock(parts: string[], lastContent: number): string {
  let body = '';
  for (let j = 0; j <= lastContent; j++) body += (j > 0 ? '\n' : '') + (parts[j] === BLANK_LINE ? '' : parts[j]);
  return body;
}

/**
 * A folded block scalar's lines up to its last content line: joined by a space, or by as many line breaks as
 * there are empty lines between them; around a more-indented line every line break stays.
 */
function foldBlock(parts: string[], lastContent: number): string {
  let body = '';
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
  return body;
}
