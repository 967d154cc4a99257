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
  const n = text.length;
  // block levels: indentation column and whether it is a sequence
  const cols: number[] = [];
  const seqs: boolean[] = [];
  let flow = 0;
  let maxSeen = 0;
  let excess: DepthExcess | null = null;
  const pads: DepthResult['pads'] = [];

  // YAML's "indentation a continuation line needs": a child of the current block node starts at least here
  let indentNext = 0;
  let mode = NORMAL as Mode;
  let quote = 0;
  let bsIndent = -1; // block scalar content indentation, -1 until the first content line fixes it
  let plainOpen = false; // a plain scalar in block context may continue on the next line
  let inPlain = false;
  let atStart = true; // at a place where a node may start (quotes, brackets, tags, block scalars mean something)
  let jsonLike = false; // last token was a quoted scalar or a closed flow collection (':' may follow directly)
  let pending = -1; // column of a mapping that this line opens once its ':' is seen
  let lineIv = 0; // indentation after the line's leading block indicators

  let line = 0;
  let pos = 0;

  const depthNow = (): number => cols.length + flow;
  const check = (at: number): boolean => {
    const d = depthNow();
    if (d > maxSeen) maxSeen = d;
    if (d > limit) {
      excess = { line, column: at - pos + 1, depth: d };
      return true;
    }
    return false;
  };
  const pushSeq = (col: number, at: number): boolean => {
    while (cols.length > 0 && (cols[cols.length - 1] as number) > col) {
      cols.pop();
      seqs.pop();
    }
    if (cols.length > 0 && cols[cols.length - 1] === col && seqs[seqs.length - 1] === true) return false; // sibling entry
    cols.push(col);
    seqs.push(true);
    return check(at);
  };
  const pushMap = (col: number, at: number): boolean => {
    while (cols.length > 0 && (cols[cols.length - 1] as number) > col) {
      cols.pop();
      seqs.pop();
    }
    if (cols.length > 0 && cols[cols.length - 1] === col && seqs[seqs.length - 1] === true) {
      cols.pop();
      seqs.pop();
    }
    if (cols.length > 0 && cols[cols.length - 1] === col) return false; // sibling key
    cols.push(col);
    seqs.push(false);
    return check(at);
  };
  const isDocMarker = (at: number, eol: number): boolean => {
    if (at + 3 > eol) return false;
    const c = text.charCodeAt(at);
    if (c !== DASH && c !== DOT) return false;
    if (text.charCodeAt(at + 1) !== c || text.charCodeAt(at + 2) !== c) return false;
    if (at + 3 === eol) return true;
    const d = text.charCodeAt(at + 3);
    return d === SPACE || d === TAB || d === CR || d === LF;
  };
  const wsOrEnd = (at: number, end: number): boolean => {
    if (at >= end) return true;
    const c = text.charCodeAt(at);
    return c === SPACE || c === TAB || c === CR;
  };
  /** Index after the closing quote, or -1 when the quoted scalar goes on past `end`. */
  const closeQuote = (from: number, end: number, q: number): number => {
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
  };
  /** Skips a tag, anchor or alias: up to whitespace or a flow indicator (a verbatim tag `!<...>` up to `>`). */
  const skipProperty = (from: number, end: number): number => {
    let i = from + 1;
    if (text.charCodeAt(from) === BANG && text.charCodeAt(i) === LT) {
      while (i < end && text.charCodeAt(i) !== GT && !wsOrEnd(i, end)) i++;
      return i < end && text.charCodeAt(i) === GT ? i + 1 : i;
    }
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === SPACE || c === TAB || c === CR || isFlowIndicator(c)) break;
      i++;
    }
    return i;
  };

  /** Scans the rest of a line from `from`; returns false when the limit is crossed. */
  const scanLine = (from: number, end: number): boolean => {
    let i = from;
    let prevWs = true;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === SPACE || c === TAB || c === CR) {
        prevWs = true;
        i++;
        continue;
      }
      if (c === HASH && prevWs) {
        inPlain = false;
        return true; // comment to end of line
      }
      prevWs = false;
      if (flow > 0) {
        if (c === RBRACKET || c === RBRACE) {
          flow--;
          i++;
          atStart = true;
          jsonLike = true;
          inPlain = false;
          continue;
        }
        if (c === COMMA) {
          i++;
          atStart = true;
          jsonLike = false;
          inPlain = false;
          continue;
        }
        if (c === LBRACKET || c === LBRACE) {
          flow++;
          if (check(i)) return false;
          i++;
          atStart = true;
          jsonLike = false;
          inPlain = false;
          continue;
        }
        if (c === COLON) {
          const next = i + 1 < end ? text.charCodeAt(i + 1) : SPACE;
          if (jsonLike || next === SPACE || next === TAB || next === CR || isFlowIndicator(next)) {
            i++;
            atStart = true;
            jsonLike = false;
            inPlain = false;
            continue;
          }
        }
        if (c === QMARK && atStart && wsOrEnd(i + 1, end)) {
          i++;
          continue;
        }
      } else {
        if (c === COLON && wsOrEnd(i + 1, end)) {
          // a mapping value indicator: the line holds a key, so the mapping is a level
          if (pending >= 0) {
            const col = pending;
            pending = -1;
            if (pushMap(col, pos + col)) return false;
          }
          indentNext = lineIv + 1;
          i++;
          atStart = true;
          jsonLike = false;
          inPlain = false;
          continue;
        }
        if (atStart && (c === LBRACKET || c === LBRACE)) {
          flow++;
          if (check(i)) return false;
          i++;
          atStart = true;
          jsonLike = false;
          inPlain = false;
          continue;
        }
      }
      if (atStart) {
        if (c === DQUOTE || c === SQUOTE) {
          const close = closeQuote(i + 1, end, c);
          inPlain = false;
          if (close < 0) {
            mode = QUOTE;
            quote = c;
            return true;
          }
          i = close;
          atStart = true;
          jsonLike = true;
          continue;
        }
        if (c === BANG || c === AMP) {
          i = skipProperty(i, end);
          continue;
        }
        if (c === STAR) {
          i = skipProperty(i, end);
          atStart = true;
          jsonLike = false;
          inPlain = false;
          continue;
        }
        if (flow === 0 && (c === PIPE || c === GT)) {
          // block scalar header: indicators, then nothing but a comment
          let k = i + 1;
          let digit = 0;
          while (k < end) {
            const h = text.charCodeAt(k);
            if (h > DIGIT_0 && h <= DIGIT_9) digit = h - DIGIT_0;
            else if (h !== DASH && h !== PLUS) break;
            k++;
          }
          mode = BLOCK_SCALAR;
          bsIndent = digit > 0 ? digit - 1 + (indentNext === 0 ? 1 : indentNext) : -1;
          inPlain = false;
          return true;
        }
        if (flow === 0 && (c === DASH || c === QMARK) && wsOrEnd(i + 1, end)) {
          indentNext = lineIv + 1;
          i++;
          continue;
        }
        atStart = false;
        jsonLike = false;
        inPlain = true;
        i++;
        continue;
      }
      if (!inPlain) {
        inPlain = true;
        jsonLike = false;
      }
      i++;
    }
    return true;
  };

  while (pos < n && excess === null) {
    line++;
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = n;
    let end = eol;
    if (end > pos && text.charCodeAt(end - 1) === CR) end--;
    let k = pos;
    while (k < end && text.charCodeAt(k) === SPACE) k++;
    const indent = k - pos;
    let first = k;
    while (first < end && (text.charCodeAt(first) === SPACE || text.charCodeAt(first) === TAB)) first++;
    const blank = k >= end; // only spaces: part of any scalar that spans it
    const onlyWhite = first >= end;
    let from = -1; // where to scan this line from; -1 = skip the line

    if (mode === BLOCK_SCALAR) {
      if (blank) {
        pos = eol + 1;
        continue;
      }
      let inside: boolean;
      if (bsIndent < 0) {
        inside = indent >= indentNext && !(indentNext === 0 && isDocMarker(pos, end));
        if (inside) bsIndent = indent;
      } else {
        inside = bsIndent > 0 ? indent >= bsIndent : !isDocMarker(pos, end);
      }
      if (inside) {
        pos = eol + 1;
        continue;
      }
      if (bsIndent >= 0) indentNext = bsIndent;
      mode = NORMAL;
      atStart = true;
    }

    if (mode === QUOTE) {
      let continues = blank || (indentNext > 0 ? indent >= indentNext : !isDocMarker(pos, end));
      if (!continues && flow > 0 && !(indent === 0 && isDocMarker(pos, end))) {
        // a quoted scalar inside a flow collection goes on whatever the indentation
        pads.push({ offset: pos, count: indentNext - indent });
        continues = true;
      }
      if (continues) {
        const close = closeQuote(pos, end, quote);
        if (close < 0) {
          pos = eol + 1;
          continue;
        }
        mode = NORMAL;
        atStart = true;
        jsonLike = true;
        inPlain = false;
        if (!scanLine(close, end)) break;
        plainOpen = flow === 0 && inPlain;
        pos = eol + 1;
        continue;
      }
      // YAML ends the quoted scalar at a less indented line (an error), and reads the line as structure
      mode = NORMAL;
      atStart = true;
    }

    if (flow > 0) {
      if (onlyWhite) {
        pos = eol + 1;
        continue;
      }
      const c = text.charCodeAt(first);
      if (indent === 0 && isDocMarker(pos, end)) {
        // a document marker ends every flow collection (an error YAML reports); the line is read as structure
        flow = 0;
        atStart = true;
        inPlain = false;
        plainOpen = false;
      } else {
        // the `yaml` package ends a flow collection at a line less indented than its block parent's children
        // (except a closing bracket of the outermost collection one column to the left): indent it
        const closing = indent === indentNext - 1 && flow === 1 && (c === RBRACKET || c === RBRACE);
        if (c !== HASH && indent < indentNext && !closing) pads.push({ offset: pos, count: indentNext - indent });
        if (!scanLine(pos, end)) break;
        pos = eol + 1;
        continue;
      }
    }

    // block context, start of a line
    if (onlyWhite) {
      pos = eol + 1;
      continue;
    }
    const c0 = text.charCodeAt(first);
    if (c0 === HASH) {
      plainOpen = false;
      pos = eol + 1;
      continue;
    }
    if (indent === 0 && isDocMarker(pos, end)) {
      cols.length = 0;
      seqs.length = 0;
      indentNext = 0;
      plainOpen = false;
      inPlain = false;
      pending = -1;
      lineIv = 0;
      atStart = true;
      from = pos + 3;
    } else if (indent === 0 && c0 === PERCENT) {
      pos = eol + 1;
      continue;
    } else if (plainOpen && (indentNext > 0 ? indent >= indentNext : true)) {
      // continuation of a multi-line plain scalar: quotes and brackets here are text
      atStart = false;
      inPlain = true;
      from = first;
    } else {
      plainOpen = false;
      inPlain = false;
      pending = -1;
      atStart = true;
      jsonLike = false;
      if (indentNext > indent) indentNext = indent;
      while (cols.length > 0 && (cols[cols.length - 1] as number) > indent) {
        cols.pop();
        seqs.pop();
      }
      // leading block indicators: `- `, `? `, `: `, possibly several (`- - a`, `- ? a`)
      let p = first;
      let iv = indent;
      let stopped = false;
      while (p < end) {
        const ch = text.charCodeAt(p);
        if (!((ch === DASH || ch === QMARK || ch === COLON) && wsOrEnd(p + 1, end))) break;
        const col = p - pos;
        if (ch === DASH) {
          if (pushSeq(col, p)) {
            stopped = true;
            break;
          }
        } else if (ch === QMARK && pushMap(col, p)) {
          stopped = true;
          break;
        }
        indentNext = iv + 1;
        p++;
        while (p < end && (text.charCodeAt(p) === SPACE || text.charCodeAt(p) === TAB)) p++;
        iv = p - pos;
      }
      if (stopped) break;
      lineIv = iv;
      pending = iv;
      from = p;
    }
    if (from >= 0 && !scanLine(from, end)) break;
    plainOpen = flow === 0 && mode === NORMAL && inPlain;
    pos = eol + 1;
  }
  return { maxDepth: maxSeen, excess, pads };
}
