/**
 * The full reader's cursor over the text: the current offset, line and column as the scanner counts them, the
 * comments it has skipped, and the few steps every part of the scanner shares.
 *
 * Offsets are UTF-16 code units; columns too, except that a byte-order mark takes none. Columns decide structure
 * only at the start of a line or after block indicators, where only ASCII can stand, so counting UTF-16 units
 * instead of code points changes nothing there.
 */
import { YamlSyntaxError } from './errors.js';
import { BOM, CR, DASH, DOT, HASH, LF, LS, NEL, NUL, PS, SPACE, charName, isBlankZ, isBreak, isBreakZ, type Comment } from './tokens.js';

export class Cursor {
  readonly comments: Comment[] = [];
  protected readonly n: number;
  i = 0;
  line = 0;
  col = 0;
  /** Whether a simple key may start here (the scalar scanners change it too). */
  allowSimpleKey = true;

  constructor(readonly text: string) {
    this.n = text.length;
  }

  /** The character `k` ahead, or 0 at the end of the text. */
  ch(k = 0): number {
    const at = this.i + k;
    return at < this.n ? this.text.charCodeAt(at) : NUL;
  }

  forward(k = 1): void {
    const t = this.text;
    for (; k > 0; k--) {
      const c = t.charCodeAt(this.i++);
      if (c === LF || c === NEL || c === LS || c === PS || (c === CR && t.charCodeAt(this.i) !== LF)) {
        this.line++;
        this.col = 0;
      } else if (c !== BOM) this.col++;
    }
  }

  /** The text of the next `k` characters. */
  prefix(k: number): string {
    return this.text.slice(this.i, this.i + k);
  }

  fail(problem: string, at = this.i, context?: string, contextAt?: number): never {
    throw new YamlSyntaxError(problem, at, context, contextAt);
  }

  skipSpaces(): void {
    while (this.ch() === SPACE) this.forward();
  }

  /** A comment from the `#` here to the end of its line, kept. */
  skipComment(): void {
    const s = this.i;
    while (!isBreakZ(this.ch())) this.forward();
    let k = s - 1;
    while (k >= 0 && this.text.charCodeAt(k) === SPACE) k--;
    const own = k < 0 || isBreak(this.text.charCodeAt(k)) || (k === 0 && this.text.charCodeAt(0) === BOM);
    this.comments.push({ s, e: this.i, col: s - k - 1, own });
  }

  /** A line break (`\r\n` counts as one): `\n` for CR, LF, CRLF and NEL; LS and PS stay themselves; '' when none. */
  scanLineBreak(): string {
    const c = this.ch();
    if (c === CR || c === LF || c === NEL) {
      if (c === CR && this.ch(1) === LF) this.forward(2);
      else this.forward();
      return '\n';
    }
    if (c === LS || c === PS) {
      this.forward();
      return String.fromCharCode(c);
    }
    return '';
  }

  /** `---` or `...` followed by a blank, here (callers check it at the start of a line). */
  atDocumentSeparator(): boolean {
    const c = this.ch();
    return (c === DASH || c === DOT) && this.ch(1) === c && this.ch(2) === c && isBlankZ(this.ch(3));
  }

  /** The rest of a directive's or block scalar header's line: blanks and a comment. */
  scanIgnoredLine(context: string, s: number): void {
    this.skipSpaces();
    if (this.ch() === HASH) this.skipComment();
    if (!isBreakZ(this.ch())) this.fail(`expected a comment or a line break, found ${charName(this.ch())}`, this.i, context, s);
    this.scanLineBreak();
  }
}
