/**
 * The character codes the loader's scanners compare with (`text.charCodeAt(i) === COLON`), named once for all of
 * them: the quick YAML reader (`quick/`) and the JSON scanner (`json.ts`).
 */

export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const BANG = 0x21; // !
export const DQUOTE = 0x22; // "
export const HASH = 0x23; // #
export const PERCENT = 0x25; // %
export const AMP = 0x26; // &
export const SQUOTE = 0x27; // '
export const STAR = 0x2a; // *
export const PLUS = 0x2b; // +
export const COMMA = 0x2c; // ,
export const DASH = 0x2d; // -
export const DOT = 0x2e; // .
export const DIGIT_0 = 0x30;
export const DIGIT_9 = 0x39;
export const COLON = 0x3a; // :
export const LT = 0x3c; // <
export const GT = 0x3e; // >
export const QMARK = 0x3f; // ?
export const AT = 0x40; // @
export const UPPER_A = 0x41;
export const UPPER_Z = 0x5a;
export const LBRACKET = 0x5b; // [
export const BACKSLASH = 0x5c; // \
export const RBRACKET = 0x5d; // ]
export const BACKTICK = 0x60; // `
export const LOWER_A = 0x61;
export const LOWER_Z = 0x7a;
export const LBRACE = 0x7b; // {
export const PIPE = 0x7c; // |
export const RBRACE = 0x7d; // }

/** An ASCII letter. */
export function isLetter(c: number): boolean {
  return (c >= UPPER_A && c <= UPPER_Z) || (c >= LOWER_A && c <= LOWER_Z);
}

/** An ASCII letter or digit. */
export function isAlphanumeric(c: number): boolean {
  return isLetter(c) || (c >= DIGIT_0 && c <= DIGIT_9);
}

/** One of YAML's flow indicators: `,` `[` `]` `{` `}`. */
export function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

/**
 * The indicators that never start a plain scalar, in either reader (PyYAML's `check_plain`): the flow indicators,
 * `#&*!|>'"%@` and the backtick. `-`, `?` and `:` start one where a non-blank follows (each reader says when).
 */
export function isPlainStartIndicator(c: number): boolean {
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
      return true;
    default:
      return false;
  }
}
