/**
 * How a scalar is read: the YAML 1.1 type repository as the reader SAM, `aws cloudformation package` and the
 * peer linter use resolves it (PyYAML's implicit resolvers, in their order), with the exceptions the loader
 * documents. Shared by both YAML readers (`quick/`, `full/`), so that they agree value for value.
 *
 * - A plain scalar is null (`~`, `null`, empty), a boolean (`yes`/`no`/`on`/`off`/`true`/`false` in three cases;
 *   `y` and `n` are text there too, and CloudFormation deploys DynamoDB's unquoted `AttributeType: N`), an integer
 *   (`0b`, octal `0…`, decimal, `0x`, base 60 `1:20`) or a float (a digit before the point when signed: `-.5` is
 *   text; a signed exponent: `1e3` and `1.5e3` are text; `.inf`, `.nan`; base 60), else text. `.` alone is text,
 *   so SAM's everyday `CodeUri: .` is a folder.
 * - Exceptions, by design: dates and timestamps stay the text that was written (CloudFormation has no date type,
 *   and its own YAML reader does not support the timestamp tag), integers beyond 2^53 lose precision (JavaScript
 *   numbers), and `1.0` is the number 1.
 */

const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const MERGE = /^(?:<<)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const TIMESTAMP = /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;
const VALUE = /^(?:=)$/;
const YAML = /^(?:!|&|\*)$/;

export const STR_TAG = 'tag:yaml.org,2002:str';
export const SEQ_TAG = 'tag:yaml.org,2002:seq';
export const MAP_TAG = 'tag:yaml.org,2002:map';
export const NULL_TAG = 'tag:yaml.org,2002:null';
export const BOOL_TAG = 'tag:yaml.org,2002:bool';
export const INT_TAG = 'tag:yaml.org,2002:int';
export const FLOAT_TAG = 'tag:yaml.org,2002:float';
export const MERGE_TAG = 'tag:yaml.org,2002:merge';
export const TIMESTAMP_TAG = 'tag:yaml.org,2002:timestamp';
export const VALUE_TAG = 'tag:yaml.org,2002:value';
export const YAML_TAG = 'tag:yaml.org,2002:yaml';

/** The tag of a scalar whose type comes from its text (plain and untagged, or tagged `!`). */
export function implicitTag(text: string): string {
  const c = text.length === 0 ? '' : text[0]!;
  switch (c) {
    case 'y':
    case 'Y':
    case 't':
    case 'T':
    case 'f':
    case 'F':
    case 'o':
    case 'O':
      return BOOL.test(text) ? BOOL_TAG : STR_TAG;
    case 'n':
    case 'N':
      if (BOOL.test(text)) return BOOL_TAG;
      return NULL.test(text) ? NULL_TAG : STR_TAG;
    case '-':
    case '+':
    case '.':
      if (FLOAT.test(text)) return FLOAT_TAG;
      return c !== '.' && INT.test(text) ? INT_TAG : STR_TAG;
    case '<':
      return MERGE.test(text) ? MERGE_TAG : STR_TAG;
    case '~':
    case '':
      return NULL.test(text) ? NULL_TAG : STR_TAG;
    case '=':
      return VALUE.test(text) ? VALUE_TAG : STR_TAG;
    case '!':
    case '&':
    case '*':
      return YAML.test(text) ? YAML_TAG : STR_TAG;
    default:
      if (c >= '0' && c <= '9') {
        if (FLOAT.test(text)) return FLOAT_TAG;
        if (INT.test(text)) return INT_TAG;
        return TIMESTAMP.test(text) ? TIMESTAMP_TAG : STR_TAG;
      }
      return STR_TAG;
  }
}

/** Why a scalar cannot be read as its tag says (`!!int abc`), thrown by the readers' value functions. */
export class ScalarError extends Error {}

/** An integer as YAML 1.1 writes it (`!!int` or an implicit one): base 2, 8, 10, 16 or 60, with `_` anywhere. */
export function intValue(text: string): number {
  let v = text.replace(/_/g, '');
  let sign = 1;
  if (v[0] === '-') sign = -1;
  if (v[0] === '-' || v[0] === '+') v = v.slice(1);
  let n: number;
  if (v === '0') return 0;
  if (v.startsWith('0b')) n = digits(v.slice(2), 2, /^[01]+$/);
  else if (v.startsWith('0x')) n = digits(v.slice(2), 16, /^[0-9a-fA-F]+$/);
  else if (v[0] === '0') n = digits(v, 8, /^[0-7]+$/);
  else if (v.includes(':')) n = v.split(':').reduce((sum, part) => sum * 60 + digits(part, 10, /^[0-9]+$/), 0);
  else n = digits(v, 10, /^[0-9]+$/);
  return sign * n;
}

function digits(text: string, radix: number, pattern: RegExp): number {
  if (!pattern.test(text)) throw new ScalarError('not an integer');
  return radix === 10 ? Number(text) : parseInt(text, radix);
}

/** A float as YAML 1.1 writes it: `.inf`, `.nan`, base 60, or what a decimal float reads as. */
export function floatValue(text: string): number {
  let v = text.replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (v[0] === '-') sign = -1;
  if (v[0] === '-' || v[0] === '+') v = v.slice(1);
  if (v === '.inf') return sign * Number.POSITIVE_INFINITY;
  if (v === '.nan') return Number.NaN;
  if (v.includes(':')) {
    // summed from the last part, as the readers SAM uses sum it (the float rounds the same way)
    const parts = v.split(':').map((p) => decimal(p)).reverse();
    let sum = 0;
    let base = 1;
    for (const part of parts) {
      sum += part * base;
      base *= 60;
    }
    return sign * sum;
  }
  return sign * decimal(v);
}

/** A decimal number as a float's text holds it (`1.`, `.5`, `1e+3`, `inf`, `nan`), or a ScalarError. */
function decimal(text: string): number {
  if (/^(?:inf|infinity)$/.test(text)) return Number.POSITIVE_INFINITY;
  if (text === 'nan') return Number.NaN;
  if (!/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[-+]?[0-9]+)?$/.test(text)) throw new ScalarError('not a number');
  return Number(text);
}

const BOOL_VALUES: Record<string, boolean> = { yes: true, no: false, true: true, false: false, on: true, off: false };

/** A boolean as YAML 1.1 writes it (`!!bool` or an implicit one). */
export function boolValue(text: string): boolean {
  const v = BOOL_VALUES[text.toLowerCase()];
  if (v === undefined) throw new ScalarError('not a boolean');
  return v;
}

const DATE = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+]([0-9]{1,2})(?::([0-9]{2}))?))?)?$/;

/**
 * Why a date or timestamp (`2024-01-01`, `2001-12-14t21:59:43.10-05:00`) names no moment, or undefined when it
 * names one: the readers SAM uses build a date from it, and refuse it when there is none (`2024-02-30`).
 */
export function timestampError(text: string): string | undefined {
  const m = DATE.exec(text);
  if (!m) return 'not a date';
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1) return 'there is no year 0';
  if (month < 1 || month > 12) return `there is no month ${month}`;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  if (day < 1 || day > days) return `there is no day ${day} in month ${month}`;
  if (m[4] === undefined) return undefined;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return 'there is no such time of day';
  if (m[7] !== undefined && Number(m[7]) * 60 + Number(m[8] ?? 0) >= 24 * 60) return 'a time zone is less than a day away';
  return undefined;
}

/** Refuses a plain key the readers SAM uses refuse: a date that names no day (`2024-13-45:`). */
export function checkPlainKey(text: string): void {
  if (implicitTag(text) === TIMESTAMP_TAG) {
    const error = timestampError(text);
    if (error) throw new ScalarError(`'${text}' is a date in YAML 1.1, and ${error}: quote it to keep it text`);
  }
}

/**
 * The value of a plain scalar written without a tag, `text` being the scalar as read: null, a boolean or a number
 * where YAML 1.1 says so, the text otherwise (dates and timestamps included). A date that names no day, and the
 * merge and value indicators `<<` and `=`, which are no values, are refused (a {@link ScalarError}).
 */
export function plainValue(text: string): unknown {
  switch (implicitTag(text)) {
    case NULL_TAG:
      return null;
    case BOOL_TAG:
      return boolValue(text);
    case INT_TAG:
      return intValue(text);
    case FLOAT_TAG:
      return floatValue(text);
    case TIMESTAMP_TAG:
      checkPlainKey(text);
      return text;
    case MERGE_TAG:
      throw new ScalarError("'<<' is a merge key: it has no value of its own");
    case VALUE_TAG:
      throw new ScalarError("'=' is the value key of YAML 1.1: it cannot stand as a value");
    case YAML_TAG:
      throw new ScalarError(`'${text}' cannot stand as a value`);
    default:
      return text;
  }
}
