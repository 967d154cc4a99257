/**
 * How CloudFormation reads a plain (unquoted, untagged) YAML scalar: the YAML 1.1 type repository, with the
 * exceptions the loader documents. Shared by both YAML readers (`yaml.ts` through the `yaml` package, `quick.ts`
 * on its own), so that they agree value for value.
 */

/**
 * The plain scalars YAML 1.1 reads as booleans and numbers, as its type repository defines them
 * (<https://yaml.org/type/bool.html>, `int.html`, `float.html`), with one exception: `y`, `Y`, `n` and `N` stay
 * text. The repository lists them as booleans, but CloudFormation reads them as text (DynamoDB's unquoted
 * `AttributeType: N` deploys; six templates of the shared corpus rely on it). A float has at least one digit: the
 * repository's pattern also matches `.` alone, which would make SAM's everyday `CodeUri: .` a NaN. The `yaml` package's YAML 1.1 schema
 * is wider still (`1e3` and `08` are numbers there); a plain scalar it reads as a boolean or a number in a form not
 * listed here stays the text that was written.
 */
export const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
export const INT = /^[-+]?(?:0b[01_]+|0[0-7_]+|0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
export const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

// The `yaml` package's YAML 1.1 schema, in the order it tries its types (the first that matches wins).
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const FALSE = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const INT_BIN = /^[-+]?0b[0-1_]+$/;
const INT_OCT = /^[-+]?0[0-7_]+$/;
const INT_DEC = /^[-+]?[0-9][0-9_]*$/;
const INT_HEX = /^[-+]?0x[0-9a-fA-F_]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/;
const FLOAT_DOT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/;
const INT_TIME = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/;
const FLOAT_TIME = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/;

function intValue(text: string, offset: number, radix: number): number {
  const sign = text[0];
  const start = sign === '-' || sign === '+' ? offset + 1 : offset;
  const n = parseInt(text.substring(start).replace(/_/g, ''), radix);
  return sign === '-' ? -1 * n : n;
}

/** Base 60 (`1:20` is 80), as YAML 1.1 reads it. */
function sexagesimal(text: string): number {
  const sign = text[0];
  const parts = sign === '-' || sign === '+' ? text.substring(1) : text;
  const n = parts
    .replace(/_/g, '')
    .split(':')
    .reduce((sum, part) => sum * 60 + Number(part), 0);
  return sign === '-' ? -1 * n : n;
}

/**
 * The value of a plain scalar written without a tag, `text` being the scalar as written (trimmed): null, a
 * boolean or a number where the rules above say so, the text otherwise (dates and timestamps included).
 */
export function plainValue(text: string): unknown {
  const c = text.charCodeAt(0);
  // only these first characters can start a null, a boolean or a number
  if (c === 0x7e /* ~ */ || c === 0x6e /* n */ || c === 0x4e /* N */) {
    if (NULL.test(text)) return null;
  }
  if (TRUE.test(text)) return BOOL.test(text) ? true : text;
  if (FALSE.test(text)) return BOOL.test(text) ? false : text;
  if (!((c >= 0x30 && c <= 0x39) || c === 0x2d /* - */ || c === 0x2b /* + */ || c === 0x2e /* . */)) return text;
  let n: number;
  if (INT_BIN.test(text)) n = intValue(text, 2, 2);
  else if (INT_OCT.test(text)) n = intValue(text, 1, 8);
  else if (INT_DEC.test(text)) n = intValue(text, 0, 10);
  else if (INT_HEX.test(text)) n = intValue(text, 2, 16);
  else if (FLOAT_SPECIAL.test(text)) {
    n = text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  } else if (FLOAT_EXP.test(text) || FLOAT_DOT.test(text)) n = parseFloat(text.replace(/_/g, ''));
  else if (INT_TIME.test(text) || FLOAT_TIME.test(text)) n = sexagesimal(text);
  else return text;
  // a number in a form CloudFormation does not read as one stays the text
  return INT.test(text) || FLOAT.test(text) ? n : text;
}
