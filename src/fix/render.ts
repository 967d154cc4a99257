/**
 * Values written as text the way the document around them is written: YAML scalars plain where YAML 1.1 reads
 * them back as the same text, otherwise in the document's quotes (or the other quote when the text holds that
 * one); intrinsics as short tags (`!Ref Api`); collections in block form under a key, in flow form inside
 * brackets; JSON with the document's indentation. What is written is always read back and compared
 * (`src/fix/document.ts`), so a rendering YAML would read otherwise never reaches a file.
 */
import { implicitTag, STR_TAG } from '../load/scalars.js';
import type { FixValue } from './types.js';

/** How the document is written, as far as new text has to match it. */
export interface Style {
  format: 'yaml' | 'json';
  /** One level of indentation (spaces). */
  unit: number;
  /** YAML: the quote the document writes strings with when it quotes them. */
  quote: '"' | "'";
  /** YAML: list items under a key are indented (`key:\n  - a`) rather than at the key's column (`key:\n- a`). */
  indentedLists: boolean;
  /** The line break the document uses. */
  eol: '\n' | '\r\n';
}

/** The style of a document's text. */
export function styleOf(text: string, format: 'yaml' | 'json'): Style {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const steps = new Map<number, number>();
  let indentedLists = 0;
  let flatLists = 0;
  let previous: { indent: number; text: string } | undefined;
  for (const line of lines) {
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = line.length - trimmed.length;
    if (previous && indent > previous.indent && /[:{[]\s*(#.*)?$/.test(previous.text)) {
      const step = indent - previous.indent;
      if (!(trimmed.startsWith('- ') && !previous.text.trimStart().startsWith('- '))) steps.set(step, (steps.get(step) ?? 0) + 1);
    }
    if (previous && trimmed.startsWith('- ') && /:\s*(#.*)?$/.test(previous.text) && !previous.text.trimStart().startsWith('- ')) {
      if (indent > previous.indent) indentedLists++;
      else if (indent === previous.indent) flatLists++;
    }
    previous = { indent, text: line };
  }
  let unit = 2;
  let best = 0;
  for (const [step, count] of steps) if (step <= 8 && (count > best || (count === best && step < unit))) [unit, best] = [step, count];
  const doubles = (text.match(/:[ \t]+"/g) ?? []).length;
  const singles = (text.match(/:[ \t]+'/g) ?? []).length;
  return { format, unit, quote: singles > doubles ? "'" : '"', indentedLists: indentedLists >= flatLists, eol };
}

const INDICATORS = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** Whether a string can be written plain (in block context, or in flow context with `flow`) and read back as the same text. */
export function plainSafe(text: string, flow = false): boolean {
  if (text === '' || text !== text.trim() || /[\u0000-\u001f\u007f\u0085\u2028\u2029]/.test(text)) return false;
  if (INDICATORS.test(text) && !/^[-?:][^\s,[\]{}]/.test(text)) return false;
  if (text.startsWith('-') || text.startsWith('?') || text.startsWith(':')) {
    if (!/^[-?:][^\s,[\]{}#]/.test(text)) return false;
  }
  if (text.includes(': ') || text.includes(' #') || text.endsWith(':')) return false;
  if (flow && /[,[\]{}]/.test(text)) return false;
  return implicitTag(text) === STR_TAG;
}

/** A YAML double-quoted scalar (JSON's escapes are YAML's). */
function doubleQuoted(text: string): string {
  return JSON.stringify(text);
}

function singleQuoted(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A string as YAML: plain when `plain` allows and it reads back the same, else in `quote` (the other one when the text holds it). */
export function yamlString(text: string, quote: '"' | "'", plain = true, flow = false): string {
  if (plain && plainSafe(text, flow)) return text;
  if (/[\u0000-\u001f\u007f]/.test(text)) return doubleQuoted(text);
  if (quote === "'") return text.includes("'") && !text.includes('"') && !text.includes('\\') ? doubleQuoted(text) : singleQuoted(text);
  return text.includes('"') && !text.includes("'") ? singleQuoted(text) : doubleQuoted(text);
}

export function yamlScalar(value: string | number | boolean | null, quote: '"' | "'", plain = true, flow = false): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : yamlString(String(value), quote, false);
  return yamlString(value, quote, plain, flow);
}

const SHORT_TAGS = new Set(['Ref', 'Condition']);

/** The short tag of a long-form intrinsic (`{ Ref: x }` → `Ref`, `{ 'Fn::Sub': … }` → `Sub`). */
function intrinsic(value: FixValue): { tag: string; arg: FixValue } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  if (SHORT_TAGS.has(key)) return { tag: key, arg: value[key]! };
  if (key.startsWith('Fn::')) return { tag: key.slice(4), arg: value[key]! };
  return undefined;
}

function isCollection(value: FixValue): value is FixValue[] | { [key: string]: FixValue } {
  return typeof value === 'object' && value !== null;
}

/** A value in YAML flow form (on one line). */
export function yamlFlow(value: FixValue, style: Style): string {
  const call = intrinsic(value);
  if (call) {
    if (call.tag === 'GetAtt' && Array.isArray(call.arg) && call.arg.every((a) => typeof a === 'string')) return `!GetAtt ${call.arg.join('.')}`;
    return `!${call.tag} ${yamlFlow(call.arg, style)}`;
  }
  if (Array.isArray(value)) return `[${value.map((v) => yamlFlow(v, style)).join(', ')}]`;
  if (isCollection(value)) return `{${Object.entries(value).map(([k, v]) => `${yamlString(k, style.quote, true, true)}: ${yamlFlow(v, style)}`).join(', ')}}`;
  return yamlScalar(value, style.quote, true, true);
}

/**
 * A value in YAML block form, as lines, for the value of a key (or a list item) whose content starts at column
 * `indent` (0-based). `first`: the text that goes on the key's own line (after `key:`), with its leading space,
 * or '' when the value starts on the next line; `lines`: the lines after it, indented.
 */
export function yamlBlock(value: FixValue, indent: number, style: Style): { first: string; lines: string[] } {
  const pad = ' '.repeat(indent);
  const call = intrinsic(value);
  if (!isCollection(value) || call || (Array.isArray(value) && value.length === 0) || (!Array.isArray(value) && Object.keys(value).length === 0)) {
    return { first: ` ${yamlFlow(value, style)}`, lines: [] };
  }
  const lines: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isCollection(item) && !intrinsic(item) && !Array.isArray(item) && Object.keys(item).length > 0) {
        // a mapping as a list item: its first key on the dash's line, the others under it
        const entries = yamlEntries(item, indent + 2, style);
        lines.push(`${pad}- ${entries[0]!.trimStart()}`, ...entries.slice(1));
      } else {
        const inner = yamlBlock(item, indent + 2, style);
        lines.push(`${pad}-${inner.first}`, ...inner.lines);
      }
    }
    return { first: '', lines };
  }
  return { first: '', lines: yamlEntries(value, indent, style) };
}

/** A mapping's entries as block lines at column `indent`. */
export function yamlEntries(value: { [key: string]: FixValue }, indent: number, style: Style): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const childIndent = Array.isArray(item) && !intrinsic(item) && !style.indentedLists ? indent : indent + style.unit;
    const inner = yamlBlock(item, childIndent, style);
    lines.push(`${pad}${yamlString(key, style.quote)}:${inner.first}`, ...inner.lines);
  }
  return lines;
}

/** A value as JSON on one line, with a space after each comma and colon. */
export function jsonInline(value: FixValue): string {
  if (Array.isArray(value)) return `[${value.map(jsonInline).join(', ')}]`;
  if (isCollection(value)) return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${jsonInline(v)}`).join(', ')}}`;
  return JSON.stringify(value);
}

/** A value as JSON over several lines, the lines after the first indented by `indent` spaces plus one unit per level. */
export function jsonValue(value: FixValue, indent: number, style: Style): string {
  return JSON.stringify(value, null, style.unit).split('\n').join(`${style.eol}${' '.repeat(indent)}`);
}
