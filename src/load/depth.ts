/**
 * Nesting depth measured on the raw text, before any YAML parser sees it.
 *
 * The `yaml` package composes nested collections recursively; on a document nested thousands of levels deep it can
 * exhaust memory in a way no `try` can catch. So the depth is measured here first, with a small line scanner that
 * follows the YAML rules that decide what is structure and what is text:
 *
 * - flow collections (`[`, `{`) count one level each, outside quoted scalars, comments and block scalars;
 * - block collections count one level per indentation level that holds a mapping key or a `- ` entry, including the
 *   compact forms (`- - a`, `- key: value`) and a sequence written at its parent key's indentation;
 * - quoted scalars may span lines, but end where YAML ends them (a less indented line or a document marker);
 * - inside flow collections indentation does not matter (CloudFormation accepts such templates):
 *   a line there that is less indented than the `yaml` package allows is recorded as a {@link Pad}, and the
 *   collection goes on;
 * - plain scalars may continue on more indented lines, where quotes and brackets are plain text;
 * - block scalars (`|`, `>`) skip their content lines, found by indentation as YAML does.
 *
 * The count is the number of collections that enclose a point, so `[[1]]` is 2 deep and `a: {b: [1]}` is 3.
 */

import {
  AMP,
  BACKSLASH,
  BANG,
  COLON,
  COMMA,
  CR,
  DASH,
  DIGIT_0,
  DIGIT_9,
  DOT,
  DQUOTE,
  GT,
  HASH,
  isFlowIndicator,
  LBRACE,
  LBRACKET,
  LF,
  LT,
  PERCENT,
  PIPE,
  PLUS,
  QMARK,
  RBRACE,
  RBRACKET,
  SPACE,
  SQUOTE,
  STAR,
  TAB,
} from './chars.js';

export interface DepthExcess {
  /** 1-based line where the limit is first crossed. */
  line: number;
  /** 1-based column (UTF-16 code units) of the bracket, key or `-` that crosses it. */
  column: number;
  /** The depth reached there (limit + 1). */
  depth: number;
}

export interface DepthResult {
  /** Deepest nesting seen (stops counting once the limit is crossed). */
  maxDepth: number;
  /** Where the limit was first crossed, or null. */
  excess: DepthExcess | null;
  /** Lines inside flow collections that need more indentation for the `yaml` package, in text order. */
  pads: Array<{ offset: number; count: number }>;
}

/** Scanner modes: structure, inside a quoted scalar that spans lines, inside a block scalar's content. */
type Mode = 0 | 1 | 2;
const NORMAL: Mode = 0;
const QUOTE: Mode = 1;
const BLOCK_SCALAR: Mode = 2;

/** Measures nesting depth; stops at the first point deeper than `limit`. */
export function measureDepth(text: string, limit: number): DepthResult {
  return new DepthScanner(text, limit).run();
}

/** One line of the text as the scanner sees it. */
interface Line {
  /** Offset of its first character. */
  start: number;
  /** Offset of its `\n` (or the end of the text). */
  eol: number;
  /** End of its content (before a `\r\n`). */
  end: number;
  /** Its indentation in spaces. */
  indent: number;
  /** Its first character that is not a space or a tab. */
  first: number;
  /** Only spaces: part of any scalar that spans it. */
  blank: boolean;
  /** Only spaces and tabs. */
  onlyWhite: boolean;
}

/** What a stage of reading a line decided: go on to the next line, stop scanning, or let the next stage read it. */
type Step = 0 | 1 | 2;
const NEXT_LINE: Step = 0;
const STOP: Step = 1;
const GO_ON: Step = 2;

/**
 * The scanner's state as it goes through the text line by line. Each line goes through the stages in turn: the
 * content of a block scalar, the lines of a quoted scalar, a line inside a flow collection, a line of block
 * structure; `scanLine` then reads its tokens.
 */
class DepthScanner {
  private readonly n: number;
  // block levels: indentation column and whether it is a sequence
  private readonly cols: number[] = [];
  private readonly seqs: boolean[] = [];
  private flow = 0;
  private maxSeen = 0;
  private excess: DepthExcess | null = null;
  private readonly pads: DepthResult['pads'] = [];

  // YAML's "indentation a continuation line needs": a child of the current block node starts at least here
  private indentNext = 0;
  private mode = NORMAL as Mode;
  private quote = 0;
  private bsIndent = -1; // block scalar content indentation, -1 until the first content line fixes it
  private plainOpen = false; // a plain scalar in block context may continue on the next line
  private inPlain = false;
  private atStart = true; // at a place where a node may start (quotes, brackets, tags, block scalars mean something)
  private jsonLike = false; // last token was a quoted scalar or a closed flow collection (':' may follow directly)
  private pending = -1; // column of a mapping that this line opens once its ':' is seen
  private lineIv = 0; // indentation after the line's leading block indicators

  private line = 0;
  private pos = 0;
  private readonly current: Line = { start: 0, eol: 0, end: 0, indent: 0, first: 0, blank: false, onlyWhite: false };

  constructor(
    private readonly text: string,
    private readonly limit: number,
  ) {
    this.n = text.length;
  }

  run(): DepthResult {
    while (this.pos < this.n && this.excess === null) {
      this.line++;
      const l = this.lineAt(this.pos);
      const step = this.readLine(l);
      if (step === STOP) break;
      this.pos = l.eol + 1;
    }
    return { maxDepth: this.maxSeen, excess: this.excess, pads: this.pads };
  }

  /** The line that starts at `pos` (one object, reused for every line). */
  private lineAt(pos: number): Line {
    const text = this.text;
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = this.n;
    let end = eol;
    if (end > pos && text.charCodeAt(end - 1) === CR) end--;
    let k = pos;
    while (k < end && text.charCodeAt(k) === SPACE) k++;
    let first = k;
    while (first < end && (text.charCodeAt(first) === SPACE || text.charCodeAt(first) === TAB)) first++;
    const l = this.current;
    l.start = pos;
    l.eol = eol;
    l.end = end;
    l.indent = k - pos;
    l.first = first;
    l.blank = k >= end;
    l.onlyWhite = first >= end;
    return l;
  }

  /** Reads one line through the stages; NEXT_LINE or STOP. */
  private readLine(l: Line): Step {
    if (this.mode === BLOCK_SCALAR && this.blockScalarLine(l) === NEXT_LINE) return NEXT_LINE;
    if (this.mode === QUOTE) {
      const step = this.quotedLine(l);
      if (step !== GO_ON) return step;
    }
    if (this.flow > 0) {
      const step = this.flowLine(l);
      if (step !== GO_ON) return step;
    }
    return this.blockLine(l);
  }

  /** A line while a block scalar is open: its content is skipped; a line outside it ends it. */
  private blockScalarLine(l: Line): Step {
    if (l.blank) return NEXT_LINE;
    let inside: boolean;
    if (this.bsIndent < 0) {
      inside = l.indent >= this.indentNext && !(this.indentNext === 0 && this.isDocMarker(l.start, l.end));
      if (inside) this.bsIndent = l.indent;
    } else {
      inside = this.bsIndent > 0 ? l.indent >= this.bsIndent : !this.isDocMarker(l.start, l.end);
    }
    if (inside) return NEXT_LINE;
    if (this.bsIndent >= 0) this.indentNext = this.bsIndent;
    this.mode = NORMAL;
    this.atStart = true;
    return GO_ON;
  }

  /** A line while a quoted scalar is open: up to its closing quote it is text. */
  private quotedLine(l: Line): Step {
    const { start, end, indent } = l;
    let continues = l.blank || (this.indentNext > 0 ? indent >= this.indentNext : !this.isDocMarker(start, end));
    if (!continues && this.flow > 0 && !(indent === 0 && this.isDocMarker(start, end))) {
      // a quoted scalar inside a flow collection goes on whatever the indentation
      this.pads.push({ offset: start, count: this.indentNext - indent });
      continues = true;
    }
    if (!continues) {
      // YAML ends the quoted scalar at a less indented line (an error), and reads the line as structure
      this.mode = NORMAL;
      this.atStart = true;
      return GO_ON;
    }
    const close = this.closeQuote(start, end, this.quote);
    if (close < 0) return NEXT_LINE;
    this.mode = NORMAL;
    this.atStart = true;
    this.jsonLike = true;
    this.inPlain = false;
    if (!this.scanLine(close, end)) return STOP;
    this.plainOpen = this.flow === 0 && this.inPlain;
    return NEXT_LINE;
  }

  /** A line inside a flow collection: indentation does not matter (a line the `yaml` package would refuse gets a pad). */
  private flowLine(l: Line): Step {
    const { start, end, indent } = l;
    if (l.onlyWhite) return NEXT_LINE;
    const c = this.text.charCodeAt(l.first);
    if (indent === 0 && this.isDocMarker(start, end)) {
      // a document marker ends every flow collection (an error YAML reports); the line is read as structure
      this.flow = 0;
      this.atStart = true;
      this.inPlain = false;
      this.plainOpen = false;
      return GO_ON;
    }
    // the `yaml` package ends a flow collection at a line less indented than its block parent's children
    // (except a closing bracket of the outermost collection one column to the left): indent it
    const closing = indent === this.indentNext - 1 && this.flow === 1 && (c === RBRACKET || c === RBRACE);
    if (c !== HASH && indent < this.indentNext && !closing) this.pads.push({ offset: start, count: this.indentNext - indent });
    return this.scanLine(start, end) ? NEXT_LINE : STOP;
  }

  /** A line of block structure: its indentation closes levels, its leading `- `, `? `, `: ` open them. */
  private blockLine(l: Line): Step {
    const text = this.text;
    const { start, end, indent, first } = l;
    if (l.onlyWhite) return NEXT_LINE;
    const c0 = text.charCodeAt(first);
    if (c0 === HASH) {
      this.plainOpen = false;
      return NEXT_LINE;
    }
    let from: number;
    if (indent === 0 && this.isDocMarker(start, end)) {
      this.cols.length = 0;
      this.seqs.length = 0;
      this.indentNext = 0;
      this.plainOpen = false;
      this.inPlain = false;
      this.pending = -1;
      this.lineIv = 0;
      this.atStart = true;
      from = start + 3;
    } else if (indent === 0 && c0 === PERCENT) {
      return NEXT_LINE;
    } else if (this.plainOpen && (this.indentNext > 0 ? indent >= this.indentNext : true)) {
      // continuation of a multi-line plain scalar: quotes and brackets here are text
      this.atStart = false;
      this.inPlain = true;
      from = first;
    } else {
      const p = this.blockIndicators(l);
      if (p < 0) return STOP;
      from = p;
    }
    if (!this.scanLine(from, end)) return STOP;
    this.plainOpen = this.flow === 0 && this.mode === NORMAL && this.inPlain;
    return NEXT_LINE;
  }

  /**
   * The start of a line of structure: closes the levels deeper than its indentation and opens one for each
   * leading block indicator (`- `, `? `, `: `, possibly several: `- - a`, `- ? a`). Returns where the rest of the
   * line starts, or -1 when the limit is crossed.
   */
  private blockIndicators(l: Line): number {
    const text = this.text;
    const { start, end, indent } = l;
    this.plainOpen = false;
    this.inPlain = false;
    this.pending = -1;
    this.atStart = true;
    this.jsonLike = false;
    if (this.indentNext > indent) this.indentNext = indent;
    this.popDeeper(indent);
    let p = l.first;
    let iv = indent;
    while (p < end) {
      const ch = text.charCodeAt(p);
      if (!((ch === DASH || ch === QMARK || ch === COLON) && this.wsOrEnd(p + 1, end))) break;
      const col = p - start;
      if (ch === DASH) {
        if (this.pushSeq(col, p)) return -1;
      } else if (ch === QMARK && this.pushMap(col, p)) return -1;
      this.indentNext = iv + 1;
      p++;
      while (p < end && (text.charCodeAt(p) === SPACE || text.charCodeAt(p) === TAB)) p++;
      iv = p - start;
    }
    this.lineIv = iv;
    this.pending = iv;
    return p;
  }

  // ---- levels

  private depthNow(): number {
    return this.cols.length + this.flow;
  }

  /** Notes the depth at `at`; true when it crosses the limit (and records where). */
  private check(at: number): boolean {
    const d = this.depthNow();
    if (d > this.maxSeen) this.maxSeen = d;
    if (d > this.limit) {
      this.excess = { line: this.line, column: at - this.pos + 1, depth: d };
      return true;
    }
    return false;
  }

  /** Closes the block levels indented more than `col`. */
  private popDeeper(col: number): void {
    const cols = this.cols;
    while (cols.length > 0 && (cols[cols.length - 1] as number) > col) {
      cols.pop();
      this.seqs.pop();
    }
  }

  private pushSeq(col: number, at: number): boolean {
    const { cols, seqs } = this;
    this.popDeeper(col);
    if (cols.length > 0 && cols[cols.length - 1] === col && seqs[seqs.length - 1] === true) return false; // sibling entry
    cols.push(col);
    seqs.push(true);
    return this.check(at);
  }

  private pushMap(col: number, at: number): boolean {
    const { cols, seqs } = this;
    this.popDeeper(col);
    if (cols.length > 0 && cols[cols.length - 1] === col && seqs[seqs.length - 1] === true) {
      cols.pop();
      seqs.pop();
    }
    if (cols.length > 0 && cols[cols.length - 1] === col) return false; // sibling key
    cols.push(col);
    seqs.push(false);
    return this.check(at);
  }

  // ---- tokens

  private isDocMarker(at: number, eol: number): boolean {
    const text = this.text;
    if (at + 3 > eol) return false;
    const c = text.charCodeAt(at);
    if (c !== DASH && c !== DOT) return false;
    if (text.charCodeAt(at + 1) !== c || text.charCodeAt(at + 2) !== c) return false;
    if (at + 3 === eol) return true;
    const d = text.charCodeAt(at + 3);
    return d === SPACE || d === TAB || d === CR || d === LF;
  }

  private wsOrEnd(at: number, end: number): boolean {
    if (at >= end) return true;
    const c = this.text.charCodeAt(at);
    return c === SPACE || c === TAB || c === CR;
  }

  /** Index after the closing quote, or -1 when the quoted scalar goes on past `end`. */
  private closeQuote(from: number, end: number, q: number): number {
    const text = this.text;
    let i = from;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (q === DQUOTE && c === BACKSLASH) {
        i += 2;
        continue;
      }
      if (c === q) {
        if (q === SQUOTE && i + 1 < end && text.charCodeAt(i + 1) === SQUOTE) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return -1;
  }

  /** Skips a tag, anchor or alias: up to whitespace or a flow indicator (a verbatim tag `!<...>` up to `>`). */
  private skipProperty(from: number, end: number): number {
    const text = this.text;
    let i = from + 1;
    if (text.charCodeAt(from) === BANG && text.charCodeAt(i) === LT) {
      while (i < end && text.charCodeAt(i) !== GT && !this.wsOrEnd(i, end)) i++;
      return i < end && text.charCodeAt(i) === GT ? i + 1 : i;
    }
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === SPACE || c === TAB || c === CR || isFlowIndicator(c)) break;
      i++;
    }
    return i;
  }

  /** Scans the rest of a line from `from`; returns false when the limit is crossed. */
  private scanLine(from: number, end: number): boolean {
    let i = from;
    let prevWs = true;
    while (i < end) {
      const c = this.text.charCodeAt(i);
      if (c === SPACE || c === TAB || c === CR) {
        prevWs = true;
        i++;
        continue;
      }
      if (c === HASH && prevWs) {
        this.inPlain = false;
        return true; // comment to end of line
      }
      prevWs = false;
      if (this.flow > 0) {
        if (c === RBRACKET || c === RBRACE) {
          this.flow--;
          i++;
          this.atStart = true;
          this.jsonLike = true;
          this.inPlain = false;
          continue;
        }
        if (c === COMMA) {
          i++;
          this.atStart = true;
          this.jsonLike = false;
          this.inPlain = false;
          continue;
        }
        if (c === LBRACKET || c === LBRACE) {
          this.flow++;
          if (this.check(i)) return false;
          i++;
          this.atStart = true;
          this.jsonLike = false;
          this.inPlain = false;
          continue;
        }
        if (c === COLON) {
          const next = i + 1 < end ? this.text.charCodeAt(i + 1) : SPACE;
          if (this.jsonLike || next === SPACE || next === TAB || next === CR || isFlowIndicator(next)) {
            i++;
            this.atStart = true;
            this.jsonLike = false;
            this.inPlain = false;
            continue;
          }
        }
        if (c === QMARK && this.atStart && this.wsOrEnd(i + 1, end)) {
          i++;
          continue;
        }
      } else {
        if (c === COLON && this.wsOrEnd(i + 1, end)) {
          // a mapping value indicator: the line holds a key, so the mapping is a level
          if (this.pending >= 0) {
            const col = this.pending;
            this.pending = -1;
            if (this.pushMap(col, this.pos + col)) return false;
          }
          this.indentNext = this.lineIv + 1;
          i++;
          this.atStart = true;
          this.jsonLike = false;
          this.inPlain = false;
          continue;
        }
        if (this.atStart && (c === LBRACKET || c === LBRACE)) {
          this.flow++;
          if (this.check(i)) return false;
          i++;
          this.atStart = true;
          this.jsonLike = false;
          this.inPlain = false;
          continue;
        }
      }
      if (this.atStart) {
        if (c === DQUOTE || c === SQUOTE) {
          const close = this.closeQuote(i + 1, end, c);
          this.inPlain = false;
          if (close < 0) {
            this.mode = QUOTE;
            this.quote = c;
            return true;
          }
          i = close;
          this.atStart = true;
          this.jsonLike = true;
          continue;
        }
        if (c === BANG || c === AMP) {
          i = this.skipProperty(i, end);
          continue;
        }
        if (c === STAR) {
          i = this.skipProperty(i, end);
          this.atStart = true;
          this.jsonLike = false;
          this.inPlain = false;
          continue;
        }
        if (this.flow === 0 && (c === PIPE || c === GT)) {
          // block scalar header: indicators, then nothing but a comment
          let k = i + 1;
          let digit = 0;
          while (k < end) {
            const h = this.text.charCodeAt(k);
            if (h > DIGIT_0 && h <= DIGIT_9) digit = h - DIGIT_0;
            else if (h !== DASH && h !== PLUS) break;
            k++;
          }
          this.mode = BLOCK_SCALAR;
          this.bsIndent = digit > 0 ? digit - 1 + (this.indentNext === 0 ? 1 : this.indentNext) : -1;
          this.inPlain = false;
          return true;
        }
        if (this.flow === 0 && (c === DASH || c === QMARK) && this.wsOrEnd(i + 1, end)) {
          this.indentNext = this.lineIv + 1;
          i++;
          continue;
        }
        this.atStart = false;
        this.jsonLike = false;
        this.inPlain = true;
        i++;
        continue;
      }
      if (!this.inPlain) {
        this.inPlain = true;
        this.jsonLike = false;
      }
      i++;
    }
    return true;
  }
}
