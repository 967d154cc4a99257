/**
 * The full reader's scalar scanners: block (`|`, `>`), quoted and plain scalars, read and folded by YAML 1.1's
 * rules as the scanner of the reader SAM uses reads them (PyYAML, MIT licence).
 */
import { Cursor } from './cursor.js';
import {
  BACKSLASH,
  COLON,
  COMMA,
  DASH,
  DOUBLE,
  DQUOTE,
  FOLDED,
  HASH,
  LBRACE,
  LBRACKET,
  NUL,
  PLAIN,
  PLUS,
  QMARK,
  RBRACE,
  RBRACKET,
  SCALAR,
  SINGLE,
  SPACE,
  SQUOTE,
  TAB,
  charName,
  isBlankZ,
  isBreak,
  isBreakZ,
  isHex,
  type Token,
} from './tokens.js';

const ESCAPES: Record<number, string> = {
  0x30: '\0',
  0x61: '\x07',
  0x62: '\x08',
  0x74: '\x09',
  0x09: '\x09',
  0x6e: '\x0a',
  0x76: '\x0b',
  0x66: '\x0c',
  0x72: '\x0d',
  0x65: '\x1b',
  0x20: ' ',
  0x22: '"',
  0x5c: '\\',
  0x2f: '/',
  0x4e: '\x85',
  0x5f: '\xa0',
  0x4c: '\u2028',
  0x50: '\u2029',
};
const ESCAPE_CODES: Record<number, number> = { 0x78: 2, 0x75: 4, 0x55: 8 };

export class ScalarScanner extends Cursor {
  /** The indentation of the current block collection (-1 at the top). */
  protected indent = -1;
  /** How deep in flow collections the scanner is. */
  protected flowLevel = 0;

  // ---- block scalars

  protected scanBlockScalar(style: number): Token {
    const folded = style === FOLDED;
    const s = this.i;
    const chunks: string[] = [];
    this.forward();
    const { chomping, increment } = this.scanBlockScalarIndicators(s);
    this.scanIgnoredLine('the block scalar', s);
    const minIndent = Math.max(this.indent + 1, 1);
    let breaks: string[];
    let end: number;
    let indent: number;
    if (increment === undefined) {
      const r = this.scanBlockScalarIndentation();
      breaks = r.breaks;
      end = r.end;
      indent = Math.max(minIndent, r.maxIndent);
    } else {
      indent = minIndent + increment - 1;
      [breaks, end] = this.scanBlockScalarBreaks(indent);
    }
    let lineBreak = '';
    while (this.col === indent && this.ch() !== NUL) {
      for (const b of breaks) chunks.push(b);
      const leadingNonSpace = this.ch() !== SPACE && this.ch() !== TAB;
      let k = 0;
      while (!isBreakZ(this.ch(k))) k++;
      chunks.push(this.text.slice(this.i, this.i + k));
      this.forward(k);
      lineBreak = this.scanLineBreak();
      [breaks, end] = this.scanBlockScalarBreaks(indent);
      if (this.col === indent && this.ch() !== NUL) {
        if (folded && lineBreak === '\n' && leadingNonSpace && this.ch() !== SPACE && this.ch() !== TAB) {
          if (breaks.length === 0) chunks.push(' ');
        } else chunks.push(lineBreak);
      } else break;
    }
    if (chomping !== false) chunks.push(lineBreak);
    if (chomping === true) for (const b of breaks) chunks.push(b);
    return { t: SCALAR, s, e: end, value: chunks.join(''), style };
  }

  protected scanBlockScalarIndicators(s: number): { chomping: boolean | undefined; increment: number | undefined } {
    let chomping: boolean | undefined;
    let increment: number | undefined;
    let c = this.ch();
    const digit = (): void => {
      increment = c - 0x30;
      if (increment === 0) this.fail('expected an indentation indicator from 1 to 9, found 0', this.i, 'the block scalar', s);
      this.forward();
    };
    if (c === PLUS || c === DASH) {
      chomping = c === PLUS;
      this.forward();
      c = this.ch();
      if (c >= 0x30 && c <= 0x39) digit();
    } else if (c >= 0x30 && c <= 0x39) {
      digit();
      c = this.ch();
      if (c === PLUS || c === DASH) {
        chomping = c === PLUS;
        this.forward();
      }
    }
    c = this.ch();
    if (!isBreakZ(c) && c !== SPACE) this.fail(`expected a chomping or indentation indicator, found ${charName(c)}`, this.i, 'the block scalar', s);
    return { chomping, increment };
  }

  protected scanBlockScalarIndentation(): { breaks: string[]; maxIndent: number; end: number } {
    const breaks: string[] = [];
    let maxIndent = 0;
    let end = this.i;
    for (let c = this.ch(); c === SPACE || isBreak(c); c = this.ch()) {
      if (c !== SPACE) {
        breaks.push(this.scanLineBreak());
        end = this.i;
      } else {
        this.forward();
        if (this.col > maxIndent) maxIndent = this.col;
      }
    }
    return { breaks, maxIndent, end };
  }

  protected scanBlockScalarBreaks(indent: number): [string[], number] {
    const breaks: string[] = [];
    let end = this.i;
    while (this.col < indent && this.ch() === SPACE) this.forward();
    while (isBreak(this.ch())) {
      breaks.push(this.scanLineBreak());
      end = this.i;
      while (this.col < indent && this.ch() === SPACE) this.forward();
    }
    return [breaks, end];
  }

  // ---- quoted scalars

  protected scanFlowScalar(double: boolean): Token {
    const s = this.i;
    const quote = this.ch();
    const chunks: string[] = [];
    this.forward();
    this.scanFlowScalarNonSpaces(double, s, chunks);
    while (this.ch() !== quote) {
      this.scanFlowScalarSpaces(s, chunks);
      this.scanFlowScalarNonSpaces(double, s, chunks);
    }
    this.forward();
    return { t: SCALAR, s, e: this.i, value: chunks.join(''), style: double ? DOUBLE : SINGLE };
  }

  protected scanFlowScalarNonSpaces(double: boolean, s: number, chunks: string[]): void {
    for (;;) {
      let k = 0;
      for (let c = this.ch(k); !(c === SQUOTE || c === DQUOTE || c === BACKSLASH || isBlankZ(c)); c = this.ch(k)) k++;
      if (k > 0) {
        chunks.push(this.text.slice(this.i, this.i + k));
        this.forward(k);
      }
      const c = this.ch();
      if (!double && c === SQUOTE && this.ch(1) === SQUOTE) {
        chunks.push("'");
        this.forward(2);
      } else if ((double && c === SQUOTE) || (!double && (c === DQUOTE || c === BACKSLASH))) {
        chunks.push(String.fromCharCode(c));
        this.forward();
      } else if (double && c === BACKSLASH) {
        this.forward();
        this.scanEscape(s, chunks);
      } else return;
    }
  }

  protected scanEscape(s: number, chunks: string[]): void {
    const c = this.ch();
    const simple = ESCAPES[c];
    if (simple !== undefined) {
      chunks.push(simple);
      this.forward();
      return;
    }
    const length = ESCAPE_CODES[c];
    if (length !== undefined) {
      this.forward();
      for (let k = 0; k < length; k++) {
        if (!isHex(this.ch(k))) {
          this.fail(`expected an escape of ${length} hexadecimal digits, found ${charName(this.ch(k))}`, this.i, 'the double-quoted scalar', s);
        }
      }
      const code = parseInt(this.text.slice(this.i, this.i + length), 16);
      if (code > 0x10ffff) this.fail(`the escape \\${String.fromCharCode(c)}${this.text.slice(this.i, this.i + length)} is past the last Unicode character`, this.i, 'the double-quoted scalar', s);
      chunks.push(String.fromCodePoint(code));
      this.forward(length);
      return;
    }
    if (isBreak(c)) {
      this.scanLineBreak();
      this.scanFlowScalarBreaks(s, chunks);
      return;
    }
    this.fail(`found an unknown escape character ${charName(c)}`, this.i, 'the double-quoted scalar', s);
  }

  protected scanFlowScalarSpaces(s: number, chunks: string[]): void {
    let k = 0;
    while (this.ch(k) === SPACE || this.ch(k) === TAB) k++;
    const blanks = this.text.slice(this.i, this.i + k);
    this.forward(k);
    const c = this.ch();
    if (c === NUL) this.fail('found the end of the file inside a quoted scalar', this.i, 'the quoted scalar', s);
    if (isBreak(c)) {
      const lineBreak = this.scanLineBreak();
      const breaks: string[] = [];
      this.scanFlowScalarBreaks(s, breaks);
      if (lineBreak !== '\n') chunks.push(lineBreak);
      else if (breaks.length === 0) chunks.push(' ');
      for (const b of breaks) chunks.push(b);
    } else chunks.push(blanks);
  }

  protected scanFlowScalarBreaks(s: number, chunks: string[]): void {
    for (;;) {
      if (this.atDocumentSeparator()) this.fail('found a document separator inside a quoted scalar', this.i, 'the quoted scalar', s);
      while (this.ch() === SPACE || this.ch() === TAB) this.forward();
      if (!isBreak(this.ch())) return;
      chunks.push(this.scanLineBreak());
    }
  }

  // ---- plain scalars

  protected scanPlain(): Token {
    const chunks: string[] = [];
    const s = this.i;
    let end = s;
    const indent = this.indent + 1;
    let spaces: string[] | undefined = [];
    const flow = this.flowLevel > 0;
    for (;;) {
      if (this.ch() === HASH) break;
      let k = 0;
      for (;;) {
        const c = this.ch(k);
        if (isBlankZ(c)) break;
        if (c === COLON) {
          const d = this.ch(k + 1);
          if (isBlankZ(d) || (flow && (d === COMMA || d === LBRACKET || d === RBRACKET || d === LBRACE || d === RBRACE))) break;
        }
        if (flow && (c === COMMA || c === QMARK || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE)) break;
        k++;
      }
      if (k === 0) break;
      this.allowSimpleKey = false;
      for (const sp of spaces) chunks.push(sp);
      chunks.push(this.text.slice(this.i, this.i + k));
      this.forward(k);
      end = this.i;
      spaces = this.scanPlainSpaces();
      if (!spaces || spaces.length === 0 || this.ch() === HASH || (!flow && this.col < indent)) break;
    }
    return { t: SCALAR, s, e: end, value: chunks.join(''), style: PLAIN };
  }

  /** The blanks and line breaks after a piece of a plain scalar, folded; undefined at a document separator. */
  protected scanPlainSpaces(): string[] | undefined {
    const chunks: string[] = [];
    let k = 0;
    while (this.ch(k) === SPACE) k++;
    const blanks = this.text.slice(this.i, this.i + k);
    this.forward(k);
    if (isBreak(this.ch())) {
      const lineBreak = this.scanLineBreak();
      this.allowSimpleKey = true;
      if (this.atDocumentSeparator()) return undefined;
      const breaks: string[] = [];
      for (let c = this.ch(); c === SPACE || isBreak(c); c = this.ch()) {
        if (c === SPACE) this.forward();
        else {
          breaks.push(this.scanLineBreak());
          if (this.atDocumentSeparator()) return undefined;
        }
      }
      if (lineBreak !== '\n') chunks.push(lineBreak);
      else if (breaks.length === 0) chunks.push(' ');
      for (const b of breaks) chunks.push(b);
    } else if (blanks) chunks.push(blanks);
    return chunks;
  }
}
