/** The full reader's tokens, the characters its scanner compares with, and how messages name them. */

export const STREAM_START = 0;
export const STREAM_END = 1;
export const DIRECTIVE = 2;
export const DOCUMENT_START = 3;
export const DOCUMENT_END = 4;
export const BLOCK_SEQUENCE_START = 5;
export const BLOCK_MAPPING_START = 6;
export const BLOCK_END = 7;
export const FLOW_SEQUENCE_START = 8;
export const FLOW_MAPPING_START = 9;
export const FLOW_SEQUENCE_END = 10;
export const FLOW_MAPPING_END = 11;
export const KEY = 12;
export const VALUE = 13;
export const BLOCK_ENTRY = 14;
export const FLOW_ENTRY = 15;
export const ALIAS = 16;
export const ANCHOR = 17;
export const TAG = 18;
export const SCALAR = 19;

/** How each token is named in messages. */
export const TOKEN_NAMES = [
  'the start of the stream',
  'the end of the file',
  'a directive',
  "'---'",
  "'...'",
  'a block sequence',
  'a block mapping',
  'the end of a block',
  "'['",
  "'{'",
  "']'",
  "'}'",
  "'?'",
  "':'",
  "'-'",
  "','",
  'an alias',
  'an anchor',
  'a tag',
  'a scalar',
];

/** Scalar styles. */
export const PLAIN = 0;
export const SINGLE = 1;
export const DOUBLE = 2;
export const LITERAL = 3;
export const FOLDED = 4;

export interface Token {
  t: number;
  /** Offsets of the token in the text (`e` exclusive). */
  s: number;
  e: number;
  /** A scalar's value, an alias's or anchor's name, a directive's name. */
  value?: string;
  style?: number;
  /** A tag's handle (`!`, `!!`, `!e!`, or null for a verbatim or non-specific tag) and suffix. */
  handle?: string | null;
  suffix?: string;
  /** `%YAML` directive. */
  major?: number;
  minor?: number;
  /** `%TAG` directive. */
  tagHandle?: string;
  tagPrefix?: string;
}

/** A comment: where its `#` is, where it ends (before the line break), and whether only blanks precede it on its line. */
export interface Comment {
  s: number;
  e: number;
  /** Spaces before it on its line (its column when it stands alone on the line). */
  col: number;
  own: boolean;
}

export const NUL = 0;
export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const BANG = 0x21;
export const DQUOTE = 0x22;
export const HASH = 0x23;
export const PERCENT = 0x25;
export const AMP = 0x26;
export const SQUOTE = 0x27;
export const STAR = 0x2a;
export const PLUS = 0x2b;
export const COMMA = 0x2c;
export const DASH = 0x2d;
export const DOT = 0x2e;
export const COLON = 0x3a;
export const LT = 0x3c;
export const GT = 0x3e;
export const QMARK = 0x3f;
export const AT = 0x40;
export const LBRACKET = 0x5b;
export const BACKSLASH = 0x5c;
export const RBRACKET = 0x5d;
export const BACKTICK = 0x60;
export const LBRACE = 0x7b;
export const PIPE = 0x7c;
export const RBRACE = 0x7d;
export const NEL = 0x85;
export const LS = 0x2028;
export const PS = 0x2029;
export const BOM = 0xfeff;

/** A line break, or the end of the text. */
export function isBreakZ(c: number): boolean {
  return c === LF || c === CR || c === NUL || c === NEL || c === LS || c === PS;
}

export function isBreak(c: number): boolean {
  return c === LF || c === CR || c === NEL || c === LS || c === PS;
}

/** A blank, a line break, or the end of the text. */
export function isBlankZ(c: number): boolean {
  return c === SPACE || c === TAB || isBreakZ(c);
}

export function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === DASH || c === 0x5f;
}

export function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** Characters a tag's URI may hold besides letters and digits (`%` starts an escape). */
export const URI_CHARS = new Set([..."-;/?:@&=+$,_.!~*'()[]%"].map((c) => c.charCodeAt(0)));

/** A character named in a message: `'x'`, `'\t'`, or the end of the file. */
export function charName(c: number): string {
  if (c === NUL) return 'the end of the file';
  if (c === TAB) return "a tab ('\\t')";
  if (c === LF || c === CR) return 'a line break';
  return `'${String.fromCharCode(c)}'`;
}
