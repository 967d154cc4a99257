/**
 * The full reader's scanner: text → tokens, by the YAML 1.1 rules of the reader that SAM and
 * `aws cloudformation package` use (PyYAML, MIT licence, whose scanner this follows step by step: the same simple
 * keys, indentation stack, flow levels, plain and quoted scalar rules, and the same errors at the same places). It
 * keeps every comment it skips (for the ranges of block collections) and never recurses.
 */
import { isPlainStartIndicator } from '../chars.js';
import { ScalarScanner } from './scalars.js';
import {
  ALIAS,
  AMP,
  ANCHOR,
  AT,
  BACKTICK,
  BANG,
  BLOCK_END,
  BLOCK_ENTRY,
  BLOCK_MAPPING_START,
  BLOCK_SEQUENCE_START,
  BOM,
  COLON,
  COMMA,
  CR,
  DASH,
  DIRECTIVE,
  DOCUMENT_END,
  DOCUMENT_START,
  DOT,
  DQUOTE,
  FLOW_ENTRY,
  FLOW_MAPPING_END,
  FLOW_MAPPING_START,
  FLOW_SEQUENCE_END,
  FLOW_SEQUENCE_START,
  FOLDED,
  GT,
  HASH,
  KEY,
  LBRACE,
  LBRACKET,
  LF,
  LITERAL,
  LS,
  LT,
  NEL,
  NUL,
  PERCENT,
  PIPE,
  PS,
  QMARK,
  RBRACE,
  RBRACKET,
  SPACE,
  SQUOTE,
  STAR,
  STREAM_END,
  STREAM_START,
  TAB,
  TAG,
  URI_CHARS,
  VALUE,
  charName,
  isBlankZ,
  isBreakZ,
  isHex,
  isWordChar,
  type Token,
} from './tokens.js';

interface SimpleKey {
  tokenNumber: number;
  required: boolean;
  index: number;
  line: number;
  col: number;
}

export class Scanner extends ScalarScanner {
  private done = false;
  private readonly tokens: Token[] = [];
  private tokensTaken = 0;
  private readonly indents: number[] = [];
  private readonly possibleSimpleKeys = new Map<number, SimpleKey>();

  constructor(text: string) {
    super(text);
    this.tokens.push({ t: STREAM_START, s: 0, e: 0 });
  }

  // ---- the token queue, as the parser sees it

  /** The next token (scanning ahead as far as a possible simple key requires). */
  peek(): Token {
    while (this.needMoreTokens()) this.fetchMoreTokens();
    return this.tokens[0]!;
  }

  /** The next token, taken. */
  take(): Token {
    while (this.needMoreTokens()) this.fetchMoreTokens();
    this.tokensTaken++;
    return this.tokens.shift()!;
  }

  /** The type of the next token. */
  next(): number {
    return this.peek().t;
  }

  private needMoreTokens(): boolean {
    if (this.done) return false;
    if (this.tokens.length === 0) return true;
    this.staleSimpleKeys();
    return this.nextPossibleSimpleKey() === this.tokensTaken;
  }

  // ---- fetching tokens

  private fetchMoreTokens(): void {
    this.scanToNextToken();
    this.staleSimpleKeys();
    this.unwindIndent(this.col);
    const c = this.ch();
    switch (c) {
      case NUL:
        return this.fetchStreamEnd();
      case PERCENT:
        if (this.col === 0) return this.fetchDirective();
        break;
      case DASH:
        if (this.atDocumentIndicator(DASH)) return this.fetchDocumentIndicator(DOCUMENT_START);
        break;
      case DOT:
        if (this.atDocumentIndicator(DOT)) return this.fetchDocumentIndicator(DOCUMENT_END);
        break;
      case LBRACKET:
        return this.fetchFlowCollectionStart(FLOW_SEQUENCE_START);
      case LBRACE:
        return this.fetchFlowCollectionStart(FLOW_MAPPING_START);
      case RBRACKET:
        return this.fetchFlowCollectionEnd(FLOW_SEQUENCE_END);
      case RBRACE:
        return this.fetchFlowCollectionEnd(FLOW_MAPPING_END);
      case COMMA:
        return this.fetchFlowEntry();
      default:
    }
    if (c === DASH && isBlankZ(this.ch(1))) return this.fetchBlockEntry();
    if (c === QMARK && (this.flowLevel > 0 || isBlankZ(this.ch(1)))) return this.fetchKey();
    if (c === COLON && (this.flowLevel > 0 || isBlankZ(this.ch(1)))) return this.fetchValue();
    if (c === STAR) return this.fetchAnchor(ALIAS);
    if (c === AMP) return this.fetchAnchor(ANCHOR);
    if (c === BANG) return this.fetchTag();
    if ((c === PIPE || c === GT) && this.flowLevel === 0) return this.fetchBlockScalar(c === PIPE ? LITERAL : FOLDED);
    if (c === SQUOTE || c === DQUOTE) return this.fetchFlowScalar(c === DQUOTE);
    if (this.checkPlain(c)) return this.fetchPlain();
    this.fail(c === TAB ? 'a tab cannot start a token: YAML indents and separates with spaces here' : `found ${charName(c)}, which cannot start any token`);
  }

  private atDocumentIndicator(c: number): boolean {
    return this.col === 0 && this.ch(1) === c && this.ch(2) === c && isBlankZ(this.ch(3));
  }

  private checkPlain(c: number): boolean {
    if (isPlainStartIndicator(c)) return false;
    switch (c) {
      case NUL:
      case SPACE:
      case TAB:
      case CR:
      case LF:
      case NEL:
      case LS:
      case PS:
        return false;
      case DASH:
        return !isBlankZ(this.ch(1));
      case QMARK:
      case COLON:
        return !isBlankZ(this.ch(1)) && this.flowLevel === 0;
      default:
        return true;
    }
  }

  // ---- simple keys

  private nextPossibleSimpleKey(): number | undefined {
    let min: number | undefined;
    for (const key of this.possibleSimpleKeys.values()) if (min === undefined || key.tokenNumber < min) min = key.tokenNumber;
    return min;
  }

  /** A possible simple key goes stale at the end of its line or after 1024 characters (an error if it was required). */
  private staleSimpleKeys(): void {
    if (this.possibleSimpleKeys.size === 0) return;
    for (const [level, key] of this.possibleSimpleKeys) {
      if (key.line !== this.line || this.i - key.index > 1024) {
        if (key.required) this.fail("could not find the ':' of a mapping key", this.i, 'the key', key.index);
        this.possibleSimpleKeys.delete(level);
      }
    }
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.col;
    if (!this.allowSimpleKey) return;
    this.removeSimpleKey();
    this.possibleSimpleKeys.set(this.flowLevel, {
      tokenNumber: this.tokensTaken + this.tokens.length,
      required,
      index: this.i,
      line: this.line,
      col: this.col,
    });
  }

  private removeSimpleKey(): void {
    const key = this.possibleSimpleKeys.get(this.flowLevel);
    if (!key) return;
    if (key.required) this.fail("could not find the ':' of a mapping key", this.i, 'the key', key.index);
    this.possibleSimpleKeys.delete(this.flowLevel);
  }

  // ---- indentation

  private unwindIndent(col: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > col) {
      this.indent = this.indents.pop()!;
      this.tokens.push({ t: BLOCK_END, s: this.i, e: this.i });
    }
  }

  private addIndent(col: number): boolean {
    if (this.indent >= col) return false;
    this.indents.push(this.indent);
    this.indent = col;
    return true;
  }

  // ---- one fetcher per token

  private simple(t: number): void {
    const s = this.i;
    this.forward();
    this.tokens.push({ t, s, e: this.i });
  }

  private fetchStreamEnd(): void {
    this.unwindIndent(-1);
    this.removeSimpleKey();
    this.allowSimpleKey = false;
    this.possibleSimpleKeys.clear();
    this.tokens.push({ t: STREAM_END, s: this.i, e: this.i });
    this.done = true;
  }

  private fetchDirective(): void {
    this.unwindIndent(-1);
    this.removeSimpleKey();
    this.allowSimpleKey = false;
    this.tokens.push(this.scanDirective());
  }

  private fetchDocumentIndicator(t: number): void {
    this.unwindIndent(-1);
    this.removeSimpleKey();
    this.allowSimpleKey = false;
    const s = this.i;
    this.forward(3);
    this.tokens.push({ t, s, e: this.i });
  }

  private fetchFlowCollectionStart(t: number): void {
    this.saveSimpleKey();
    this.flowLevel++;
    this.allowSimpleKey = true;
    this.simple(t);
  }

  private fetchFlowCollectionEnd(t: number): void {
    this.removeSimpleKey();
    this.flowLevel--;
    this.allowSimpleKey = false;
    this.simple(t);
  }

  private fetchFlowEntry(): void {
    this.allowSimpleKey = true;
    this.removeSimpleKey();
    this.simple(FLOW_ENTRY);
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.allowSimpleKey) this.fail('a sequence entry is not allowed here');
      if (this.addIndent(this.col)) this.tokens.push({ t: BLOCK_SEQUENCE_START, s: this.i, e: this.i });
    }
    this.allowSimpleKey = true;
    this.removeSimpleKey();
    this.simple(BLOCK_ENTRY);
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.allowSimpleKey) this.fail('a mapping key is not allowed here');
      if (this.addIndent(this.col)) this.tokens.push({ t: BLOCK_MAPPING_START, s: this.i, e: this.i });
    }
    this.allowSimpleKey = this.flowLevel === 0;
    this.removeSimpleKey();
    this.simple(KEY);
  }

  private fetchValue(): void {
    const key = this.possibleSimpleKeys.get(this.flowLevel);
    if (key) {
      this.possibleSimpleKeys.delete(this.flowLevel);
      const at = key.tokenNumber - this.tokensTaken;
      this.tokens.splice(at, 0, { t: KEY, s: key.index, e: key.index });
      if (this.flowLevel === 0 && this.addIndent(key.col)) {
        this.tokens.splice(at, 0, { t: BLOCK_MAPPING_START, s: key.index, e: key.index });
      }
      this.allowSimpleKey = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.allowSimpleKey) this.fail('a mapping value is not allowed here');
        if (this.addIndent(this.col)) this.tokens.push({ t: BLOCK_MAPPING_START, s: this.i, e: this.i });
      }
      this.allowSimpleKey = this.flowLevel === 0;
      this.removeSimpleKey();
    }
    this.simple(VALUE);
  }

  private fetchAnchor(t: number): void {
    this.saveSimpleKey();
    this.allowSimpleKey = false;
    this.tokens.push(this.scanAnchor(t));
  }

  private fetchTag(): void {
    this.saveSimpleKey();
    this.allowSimpleKey = false;
    this.tokens.push(this.scanTag());
  }

  private fetchBlockScalar(style: number): void {
    this.allowSimpleKey = true;
    this.removeSimpleKey();
    this.tokens.push(this.scanBlockScalar(style));
  }

  private fetchFlowScalar(double: boolean): void {
    this.saveSimpleKey();
    this.allowSimpleKey = false;
    this.tokens.push(this.scanFlowScalar(double));
  }

  private fetchPlain(): void {
    this.saveSimpleKey();
    this.allowSimpleKey = false;
    this.tokens.push(this.scanPlain());
  }

  // ---- between tokens

  /** Skips blanks, comments (kept) and line breaks; a byte-order mark is skipped only at the start of the text. */
  private scanToNextToken(): void {
    if (this.i === 0 && this.ch() === BOM) this.forward();
    for (;;) {
      while (this.ch() === SPACE) this.forward();
      if (this.ch() === HASH) this.skipComment();
      if (!this.scanLineBreak()) return;
      if (this.flowLevel === 0) this.allowSimpleKey = true;
    }
  }



  // ---- directives

  private scanDirective(): Token {
    const s = this.i;
    this.forward();
    const name = this.scanDirectiveName(s);
    const token: Token = { t: DIRECTIVE, s, e: s, value: name };
    if (name === 'YAML') {
      this.skipSpaces();
      token.major = this.scanDirectiveNumber(s);
      if (this.ch() !== DOT) this.fail(`expected a digit or '.', found ${charName(this.ch())}`, this.i, 'the directive', s);
      this.forward();
      token.minor = this.scanDirectiveNumber(s);
      if (!isBreakZ(this.ch()) && this.ch() !== SPACE) this.fail(`expected a digit or ' ', found ${charName(this.ch())}`, this.i, 'the directive', s);
    } else if (name === 'TAG') {
      this.skipSpaces();
      token.tagHandle = this.scanTagHandle('directive', s);
      if (this.ch() !== SPACE) this.fail(`expected ' ', found ${charName(this.ch())}`, this.i, 'the directive', s);
      this.skipSpaces();
      token.tagPrefix = this.scanTagUri('directive', s);
      if (!isBreakZ(this.ch()) && this.ch() !== SPACE) this.fail(`expected ' ', found ${charName(this.ch())}`, this.i, 'the directive', s);
    } else {
      while (!isBreakZ(this.ch())) this.forward();
    }
    token.e = this.i;
    this.scanIgnoredLine('the directive', s);
    return token;
  }

  private scanDirectiveName(s: number): string {
    let k = 0;
    while (isWordChar(this.ch(k))) k++;
    if (k === 0) this.fail(`expected a letter or digit, found ${charName(this.ch())}`, this.i, 'the directive', s);
    const name = this.text.slice(this.i, this.i + k);
    this.forward(k);
    const c = this.ch();
    if (!isBreakZ(c) && c !== SPACE) this.fail(`expected a letter or digit, found ${charName(c)}`, this.i, 'the directive', s);
    return name;
  }

  private scanDirectiveNumber(s: number): number {
    const c = this.ch();
    if (!(c >= 0x30 && c <= 0x39)) this.fail(`expected a digit, found ${charName(c)}`, this.i, 'the directive', s);
    let k = 0;
    while (this.ch(k) >= 0x30 && this.ch(k) <= 0x39) k++;
    const value = Number(this.text.slice(this.i, this.i + k));
    this.forward(k);
    return value;
  }


  // ---- anchors, aliases and tags

  private scanAnchor(t: number): Token {
    const s = this.i;
    const what = t === ALIAS ? 'an alias' : 'an anchor';
    this.forward();
    let k = 0;
    while (isWordChar(this.ch(k))) k++;
    if (k === 0) this.fail(`expected a letter or digit, found ${charName(this.ch())}`, this.i, `the ${what.slice(what.indexOf(' ') + 1)}`, s);
    const value = this.text.slice(this.i, this.i + k);
    this.forward(k);
    const c = this.ch();
    if (!(isBlankZ(c) || c === QMARK || c === COLON || c === COMMA || c === RBRACKET || c === RBRACE || c === PERCENT || c === AT || c === BACKTICK)) {
      this.fail(`expected a letter or digit, found ${charName(c)}`, this.i, `the ${what.slice(what.indexOf(' ') + 1)}`, s);
    }
    return { t, s, e: this.i, value };
  }

  private scanTag(): Token {
    const s = this.i;
    let c = this.ch(1);
    let handle: string | null;
    let suffix: string;
    if (c === LT) {
      handle = null;
      this.forward(2);
      suffix = this.scanTagUri('tag', s);
      if (this.ch() !== GT) this.fail(`expected '>', found ${charName(this.ch())}`, this.i, 'the tag', s);
      this.forward();
    } else if (isBlankZ(c)) {
      handle = null;
      suffix = '!';
      this.forward();
    } else {
      let k = 1;
      let useHandle = false;
      while (!isBreakZ(c) && c !== SPACE) {
        if (c === BANG) {
          useHandle = true;
          break;
        }
        k++;
        c = this.ch(k);
      }
      if (useHandle) handle = this.scanTagHandle('tag', s);
      else {
        handle = '!';
        this.forward();
      }
      suffix = this.scanTagUri('tag', s);
    }
    c = this.ch();
    if (!isBreakZ(c) && c !== SPACE) this.fail(`expected ' ' after a tag, found ${charName(c)}`, this.i, 'the tag', s);
    return { t: TAG, s, e: this.i, handle, suffix };
  }

  private scanTagHandle(name: string, s: number): string {
    let c = this.ch();
    if (c !== BANG) this.fail(`expected '!', found ${charName(c)}`, this.i, `the ${name}`, s);
    let k = 1;
    c = this.ch(k);
    if (c !== SPACE) {
      while (isWordChar(c)) {
        k++;
        c = this.ch(k);
      }
      if (c !== BANG) {
        this.forward(k);
        this.fail(`expected '!', found ${charName(c)}`, this.i, `the ${name}`, s);
      }
      k++;
    }
    const value = this.text.slice(this.i, this.i + k);
    this.forward(k);
    return value;
  }

  private scanTagUri(name: string, s: number): string {
    let out = '';
    let k = 0;
    let c = this.ch(k);
    while (isWordChar(c) || URI_CHARS.has(c)) {
      if (c === PERCENT) {
        out += this.text.slice(this.i, this.i + k);
        this.forward(k);
        k = 0;
        out += this.scanUriEscapes(name, s);
      } else k++;
      c = this.ch(k);
    }
    if (k > 0) {
      out += this.text.slice(this.i, this.i + k);
      this.forward(k);
    }
    if (out === '') this.fail(`expected a URI, found ${charName(c)}`, this.i, `the ${name}`, s);
    return out;
  }

  private scanUriEscapes(name: string, s: number): string {
    const bytes: number[] = [];
    const at = this.i;
    while (this.ch() === PERCENT) {
      this.forward();
      for (let k = 0; k < 2; k++) {
        if (!isHex(this.ch(k))) this.fail(`expected a URI escape of 2 hexadecimal digits, found ${charName(this.ch(k))}`, this.i, `the ${name}`, s);
      }
      bytes.push(parseInt(this.text.slice(this.i, this.i + 2), 16));
      this.forward(2);
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
    } catch {
      return this.fail('the URI escape is not valid UTF-8', at, `the ${name}`, s);
    }
  }

}
