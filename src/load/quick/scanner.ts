/**
 * The quick reader's cursor over the text: lines, blanks, comments and document markers. It knows nothing of
 * nodes; the scalar reader (`scalars.ts`) and the collection reader (`collections.ts`) build on it.
 *
 * Every part of the reader gives up the same way: `decline()` throws {@link DECLINE}, which `quickYaml` catches
 * and turns into "leave this text to the full reader".
 */
import { CR, DASH, DOT, HASH, LF, PERCENT, SPACE, TAB } from '../chars.js';

/** Thrown inside the reader to give up; never escapes it. */
export const DECLINE: unique symbol = Symbol('decline');

export function decline(): never {
  throw DECLINE;
}

/**
 * The text and where reading is. `nextContent()` moves to the next line with content and describes it (`ind`,
 * `at`, `lineStart`, `eof`) along with the comment lines it skipped on the way (`commentInd`, `commentEnd`).
 */
export class Scanner {
  readonly n: number;
  /** Where reading goes on (the start of a line, for `nextContent`). */
  pos = 0;
  /** Whether the text has no more content lines. */
  eof = false;
  /** Start of the current line. */
  lineStart = 0;
  /** Indentation of the current line (-1 at the end of the text). */
  ind = 0;
  /** The current line's first character. */
  at = 0;
  /** The comment lines skipped before the current line: their indentation, and where each ends. */
  readonly commentInd: number[] = [];
  readonly commentEnd: number[] = [];
  /** Where the token read last ends (a scalar, a tag, a key's `:`); the readers set it beside what they return. */
  tokenEnd = 0;
  /** Whether the document's `---` may come next (only before its first node). */
  private startMarker = true;

  constructor(readonly text: string) {
    this.n = text.length;
  }

  /** End of the line that holds `p`: the offset of its `\n` (or of a `\r` before it), or the end of the text. */
  lineEnd(p: number): number {
    const text = this.text;
    let e = text.indexOf('\n', p);
    if (e < 0) e = this.n;
    if (e > p && text.charCodeAt(e - 1) === CR) e--;
    return e;
  }

  /** The start of the line after the one that holds `p`. */
  nextLine(p: number): number {
    const e = this.text.indexOf('\n', p);
    return e < 0 ? this.n : e + 1;
  }

  /** Whether `p` ends a token: a blank, a line break or the end of the text (a tab or a lone `\r` declines). */
  blankAt(p: number): boolean {
    if (p >= this.n) return true;
    const c = this.text.charCodeAt(p);
    if (c === SPACE || c === LF) return true;
    if (c === CR) {
      if (this.text.charCodeAt(p + 1) !== LF) decline();
      return true;
    }
    if (c === TAB) decline();
    return false;
  }

  /** The first offset from `p` that is not a space. */
  skipSpaces(p: number): number {
    const text = this.text;
    const n = this.n;
    let i = p;
    while (i < n && text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** Whether `p` (at the start of a line) holds a document marker, `---` or `...`, followed by a blank. */
  markerAt(p: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(p);
    return (c === DASH || c === DOT) && text.charCodeAt(p + 1) === c && text.charCodeAt(p + 2) === c && this.blankAt(p + 3);
  }

  /** Moves to the next line with content, skipping blank and comment lines (and noting the comments). */
  nextContent(): void {
    const text = this.text;
    const n = this.n;
    this.commentInd.length = 0;
    this.commentEnd.length = 0;
    while (this.pos < n) {
      const pos = this.pos;
      const p = this.skipSpaces(pos);
      const c = p < n ? text.charCodeAt(p) : LF;
      if (c === LF) {
        this.pos = p + 1;
        continue;
      }
      if (c === CR) {
        if (text.charCodeAt(p + 1) !== LF) decline();
        this.pos = p + 2;
        continue;
      }
      if (c === TAB) decline();
      if (c === HASH) {
        this.commentInd.push(p - pos);
        this.commentEnd.push(this.lineEnd(p));
        this.pos = this.nextLine(p);
        continue;
      }
      if (p === pos) {
        // a directive or a document marker: another document, or YAML this reader leaves alone
        if (c === PERCENT) decline();
        if (this.markerAt(p)) {
          if (!this.startMarker || c === DOT) decline();
          // the document's start: nothing but a comment may follow it on its line
          this.startMarker = false;
          this.restOfLine(p + 3);
          continue;
        }
      }
      this.startMarker = false;
      this.eof = false;
      this.lineStart = pos;
      this.ind = p - pos;
      this.at = p;
      return;
    }
    this.eof = true;
    this.lineStart = n;
    this.ind = -1;
    this.at = n;
  }

  /** After a node that ends on this line at `p`: only blanks and a comment may follow. Returns the end of both. */
  restOfLine(p: number): number {
    const text = this.text;
    const n = this.n;
    const q = this.skipSpaces(p);
    const c = q < n ? text.charCodeAt(q) : LF;
    if (c === HASH && q > p) {
      const e = this.lineEnd(q);
      this.pos = this.nextLine(q);
      return e;
    }
    if (c === LF || (c === CR && text.charCodeAt(q + 1) === LF)) {
      this.pos = this.nextLine(q);
      return p;
    }
    if (q >= n) {
      this.pos = n;
      return p;
    }
    return decline();
  }
}
