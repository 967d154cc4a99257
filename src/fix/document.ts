/**
 * Changes described by place (`Change`) turned into text edits on a parsed template or OpenAPI document, without
 * re-serialising anything: a value is replaced where it is written (a quoted scalar keeps its quotes), a key is
 * added after the mapping's last entry at the column of its keys, an entry or item is removed with its lines.
 * Every fix is checked before it is offered: the edited text is parsed again and must hold exactly the intended
 * value (the document's value with the changes made, nothing else changed), or the fix is dropped.
 */
import type { Path, Range } from '../types.js';
import { applyEdits } from './edits.js';
import { jsonInline, jsonValue, styleOf, yamlBlock, yamlEntries, yamlFlow, yamlScalar, type Style } from './render.js';
import type { Change, FixValue, TextEdit } from './types.js';

/** What the editor needs of a parsed document (a `LoadedDocument` has it). */
export interface EditableDocument {
  file: string;
  text: string;
  format: 'yaml' | 'json';
  value: unknown;
  locate(path: Path, which?: 'value' | 'key'): Range;
  /** Present (set) when the document holds YAML aliases or merge keys: such documents are not edited. */
  firstAlias?: Range;
}

/** Parses an edited text as the document was parsed; throws when it cannot be read. */
export type Reparse = (text: string) => unknown;

type Span = [number, number];

/** Whether two sets of edited spans are apart: no span of one touches a span of the other (an insertion at the
 * same place as another edit touches it: their order would decide the text). */
function apart(a: readonly Span[], b: readonly Span[]): boolean {
  return a.every(([s1, e1]) => b.every(([s2, e2]) => e1 < s2 || e2 < s1));
}

/** Why a change cannot be written (for tests and `--verbose`); `undefined` from {@link DocumentEditor.edits} too. */
export class Unwritable extends Error {}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function intrinsicName(v: unknown): string | undefined {
  if (!isMap(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const k = keys[0]!;
  return k === 'Ref' || k === 'Condition' || k.startsWith('Fn::') ? k : undefined;
}

function walk(root: unknown, path: Path): { found: boolean; value: unknown } {
  let node = root;
  for (const seg of path) {
    if (Array.isArray(node) && typeof seg === 'number' && seg >= 0 && seg < node.length) node = node[seg];
    else if (isMap(node) && Object.prototype.hasOwnProperty.call(node, String(seg))) node = node[String(seg)];
    else return { found: false, value: undefined };
  }
  return { found: true, value: node };
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** The document value with the changes made, as the edited text must read. */
export function changedValue(root: unknown, changes: readonly Change[]): unknown {
  const out = clone(root);
  for (const change of changes) {
    if (change.kind === 'text') continue;
    const path = change.kind === 'put' ? [...change.at.path, change.key] : change.at.path;
    const parentPath = path.slice(0, -1);
    const last = path[path.length - 1]!;
    if (change.kind === 'set' || change.kind === 'put') {
      let node: unknown = out;
      for (const seg of parentPath) {
        const next = walk(node, [seg]);
        if (!next.found || next.value === null) (node as Record<string, unknown>)[String(seg)] = {};
        node = walk(node, [seg]).value;
      }
      if (Array.isArray(node)) node[Number(last)] = clone(change.value);
      else (node as Record<string, unknown>)[String(last)] = clone(change.value);
    } else if (change.kind === 'remove') {
      const parent = walk(out, parentPath).value;
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else if (isMap(parent)) delete parent[String(last)];
    } else {
      const list = walk(out, change.at.path).value;
      if (Array.isArray(list)) list.push(clone(change.value));
    }
  }
  return out;
}

/** Turns changes into text edits on one document. */
export class DocumentEditor {
  private starts: number[] | undefined;
  private styleCache: Style | undefined;

  constructor(
    readonly doc: EditableDocument,
    private readonly reparse: Reparse,
  ) {}

  private get style(): Style {
    return (this.styleCache ??= styleOf(this.doc.text, this.doc.format));
  }

  private get eol(): string {
    return this.style.eol;
  }

  /** The offset of a 1-based line and column. */
  offset(line: number, column: number): number {
    if (!this.starts) {
      const starts = [0];
      const text = this.doc.text;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    return (this.starts[line - 1] ?? this.doc.text.length) + column - 1;
  }

  rangeSpan(range: Range): Span {
    return [this.offset(range.line, range.column), this.offset(range.endLine, range.endColumn)];
  }

  private span(path: Path, which: 'value' | 'key' = 'value'): Span {
    return this.rangeSpan(this.doc.locate(path, which));
  }

  /** Where the line holding `offset` begins. */
  private lineStart(offset: number): number {
    return this.doc.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** Where the line holding `offset` ends (at its line break, which stays). */
  private lineEnd(offset: number): number {
    const text = this.doc.text;
    let end = text.indexOf('\n', offset);
    if (end < 0) end = text.length;
    return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
  }

  /** Just after the line break that ends the line holding `offset` (or the end of the text). */
  private nextLine(offset: number): number {
    const end = this.doc.text.indexOf('\n', offset);
    return end < 0 ? this.doc.text.length : end + 1;
  }

  /** 0-based column of an offset. */
  private column(offset: number): number {
    return offset - this.lineStart(offset);
  }

  /** Whether the text between two offsets is blanks, with at most a comment at its end (YAML). */
  private blankOrComment(from: number, to: number): boolean {
    return /^[ \t]*(#.*)?$/.test(this.doc.text.slice(from, to));
  }

  private flow(path: Path): boolean {
    if (this.doc.format === 'json') return true;
    const [s] = this.span(path);
    const c = this.doc.text[s];
    return c === '[' || c === '{';
  }

  /**
   * The edits that make the changes, checked: `undefined` when a change cannot be written safely (the place holds
   * something else now, the document has aliases, edits overlap) or the edited text would not read as intended.
   */
  edits(changes: readonly Change[]): TextEdit[] | undefined {
    try {
      return this.editsOrThrow(changes);
    } catch (error) {
      if (error instanceof Unwritable) return undefined;
      throw error;
    }
  }

  /** As {@link edits}, throwing {@link Unwritable} with the reason. */
  editsOrThrow(changes: readonly Change[]): TextEdit[] {
    const edits = this.planned(changes);
    const why = this.misread(changes, edits);
    if (why) throw new Unwritable(why);
    return edits;
  }

  /**
   * The checked edits of several change sets (the fixes and suggestions of one template's findings), each as
   * {@link edits} gives it alone, at a fraction of the cost on a large document: sets whose edits lie apart are
   * made together and the edited text is read once; only where a group does not read as intended is each of its
   * sets checked alone. (Checking each set alone reads the whole document once per fix: a 2.7 MB template with
   * 500 findings took 40 s.)
   */
  editsEach(sets: ReadonlyArray<readonly Change[]>): Array<TextEdit[] | undefined> {
    const out: Array<TextEdit[] | undefined> = sets.map(() => undefined);
    const groups: Array<Array<{ index: number; edits: TextEdit[]; spans: Span[] }>> = [];
    sets.forEach((changes, index) => {
      let edits: TextEdit[];
      try {
        edits = this.planned(changes);
      } catch (error) {
        if (error instanceof Unwritable) return;
        throw error;
      }
      const spans = edits.map((e) => e.range);
      const group = groups.find((g) => g.every((other) => apart(spans, other.spans)));
      if (group) group.push({ index, edits, spans });
      else groups.push([{ index, edits, spans }]);
    });
    for (const group of groups) {
      if (group.length > 1 && !this.misread(group.flatMap((m) => sets[m.index]!), group.flatMap((m) => m.edits))) {
        for (const m of group) out[m.index] = m.edits;
        continue;
      }
      for (const m of group) if (!this.misread(sets[m.index]!, m.edits)) out[m.index] = m.edits;
    }
    return out;
  }

  /** The edits that make the changes, not yet checked; throws {@link Unwritable} when one cannot be written. */
  private planned(changes: readonly Change[]): TextEdit[] {
    if (changes.length === 0) throw new Unwritable('no changes');
    if (this.doc.firstAlias) throw new Unwritable('the document uses YAML aliases or merge keys');
    const edits: TextEdit[] = [];
    for (const change of changes) edits.push(...this.editsFor(change));
    return edits;
  }

  /** Why the edited text does not read as the document with the changes made, or `undefined` when it does. */
  private misread(changes: readonly Change[], edits: readonly TextEdit[]): string | undefined {
    let text: string;
    try {
      text = applyEdits(this.doc.text, edits);
    } catch {
      return 'the changes overlap';
    }
    let value: unknown;
    try {
      value = this.reparse(text);
    } catch (error) {
      return `the edited text cannot be read (${error instanceof Error ? error.message : String(error)})`;
    }
    return deepEqual(value, changedValue(this.doc.value, changes)) ? undefined : 'the edited text does not read as intended';
  }

  private editsFor(change: Change): TextEdit[] {
    switch (change.kind) {
      case 'set':
        return this.set(change.at.path, change.value, change.expect, change.expect !== undefined);
      case 'put':
        return this.put(change.at.path, change.key, change.value);
      case 'remove':
        return this.remove(change.at.path);
      case 'append':
        return this.append(change.at.path, change.value);
      case 'text':
        throw new Unwritable('a text change belongs to a source file, not a template');
    }
  }

  private set(path: Path, value: FixValue, expect: unknown, check: boolean): TextEdit[] {
    const current = walk(this.doc.value, path);
    if (!current.found) throw new Unwritable(`nothing is written at ${path.join('.')}`);
    if (check && current.value !== expect) throw new Unwritable(`${path.join('.')} no longer holds ${JSON.stringify(expect)}`);
    if (this.doc.format === 'json') {
      const [s, e] = this.span(path);
      return [{ range: [s, e], text: typeof value === 'object' && value !== null ? jsonValue(value, this.column(s), this.style) : JSON.stringify(value) }];
    }
    const last = path[path.length - 1];
    if (current.value === null && typeof last === 'string') {
      const key = this.span(path, 'key');
      const [vs] = this.span(path);
      if (vs === key[0]) return this.afterKey(key, value);
    }
    const [s, e] = this.span(path);
    const old = this.doc.text.slice(s, e);
    const inFlow = path.length > 0 && this.flow(path.slice(0, -1));
    if (typeof value !== 'object' || value === null) {
      const quote = old.startsWith('"') ? '"' : old.startsWith("'") ? "'" : this.style.quote;
      const plain = !(old.startsWith('"') || old.startsWith("'"));
      return [{ range: [s, e], text: yamlScalar(value, quote, plain, inFlow) }];
    }
    const block = !inFlow && (old.startsWith('-') || (isMap(current.value) && !intrinsicName(current.value) && !old.startsWith('{')));
    if (!block || intrinsicName(value)) return [{ range: [s, e], text: yamlFlow(value, this.style) }];
    const col = this.column(s);
    const lines = yamlBlock(value, col, this.style).lines;
    if (lines.length === 0) return [{ range: [s, e], text: yamlFlow(value, this.style) }];
    return [{ range: [s, e], text: [lines[0]!.slice(col), ...lines.slice(1)].join(this.eol) }];
  }

  /** A value for a key written with nothing after it (`Key:`): after the key's colon, on its line or below it. */
  private afterKey(key: Span, value: FixValue): TextEdit[] {
    const end = this.lineEnd(key[1]);
    const colon = this.doc.text.indexOf(':', key[1]);
    if (colon < 0 || colon >= end) throw new Unwritable('no colon after the key');
    const { first, lines } = yamlBlock(value, this.column(key[0]) + this.style.unit, this.style);
    if (lines.length === 0) return [{ range: [colon + 1, colon + 1], text: first }];
    return [{ range: [end, end], text: this.eol + lines.join(this.eol) }];
  }

  private put(mapPath: Path, key: string, value: FixValue): TextEdit[] {
    if (walk(this.doc.value, [...mapPath, key]).found) return this.set([...mapPath, key], value, undefined, false);
    let depth = mapPath.length;
    while (depth > 0 && !walk(this.doc.value, mapPath.slice(0, depth)).found) depth--;
    const existing = mapPath.slice(0, depth);
    const missing = [...mapPath.slice(depth).map(String), key];
    let nested: FixValue = value;
    for (let i = missing.length - 1; i >= 1; i--) nested = { [missing[i]!]: nested };
    const at = walk(this.doc.value, existing).value;
    if (at === null && existing.length > 0) return this.set(existing, { [missing[0]!]: nested }, null, true);
    if (!isMap(at) || intrinsicName(at)) throw new Unwritable(`${existing.join('.')} is not a mapping`);
    return this.doc.format === 'json' ? this.jsonEntry(existing, at, missing[0]!, nested) : this.yamlEntry(existing, at, missing[0]!, nested);
  }

  /** The entries of a mapping: key and value spans, in the order they are written. */
  private entries(path: Path, map: Record<string, unknown>): Array<{ key: Span; end: number }> {
    return Object.keys(map)
      .map((k) => {
        const key = this.span([...path, k], 'key');
        const [, ve] = this.span([...path, k]);
        return { key, end: Math.max(key[1], ve) };
      })
      .sort((a, b) => a.key[0] - b.key[0]);
  }

  private yamlEntry(path: Path, map: Record<string, unknown>, key: string, value: FixValue): TextEdit[] {
    const [s, e] = this.span(path);
    const entries = this.entries(path, map);
    if (this.doc.text[s] === '{') {
      const entry = `${yamlFlow(key, this.style)}: ${yamlFlow(value, this.style)}`;
      if (entries.length === 0) return [{ range: [s + 1, s + 1], text: entry }];
      const end = Math.max(...entries.map((x) => x.end));
      return [{ range: [end, end], text: `, ${entry}` }];
    }
    if (entries.length === 0) throw new Unwritable(`${path.join('.')} has no entries to align with`);
    if (e <= s) throw new Unwritable(`${path.join('.')} has no place`);
    const col = this.column(entries[0]!.key[0]);
    const last = Math.max(...entries.map((x) => x.end));
    const at = this.lineEnd(last);
    const lines = yamlEntries({ [key]: value }, col, this.style);
    return [{ range: [at, at], text: this.eol + lines.join(this.eol) }];
  }

  private jsonEntry(path: Path, map: Record<string, unknown>, key: string, value: FixValue): TextEdit[] {
    const [s, e] = this.span(path);
    const entries = this.entries(path, map);
    if (entries.length === 0) {
      const pad = /^[ \t]*/.exec(this.doc.text.slice(this.lineStart(s), s))![0].length;
      const inner = ' '.repeat(pad + this.style.unit);
      return [{ range: [s, e], text: `{${this.eol}${inner}${JSON.stringify(key)}: ${jsonValue(value, pad + this.style.unit, this.style)}${this.eol}${' '.repeat(pad)}}` }];
    }
    const lastEntry = entries.reduce((a, b) => (b.end > a.end ? b : a));
    const multiLine = this.lineStart(lastEntry.key[0]) !== this.lineStart(s);
    if (!multiLine) return [{ range: [lastEntry.end, lastEntry.end], text: `, ${JSON.stringify(key)}: ${jsonInline(value)}` }];
    const col = this.column(lastEntry.key[0]);
    return [{ range: [lastEntry.end, lastEntry.end], text: `,${this.eol}${' '.repeat(col)}${JSON.stringify(key)}: ${jsonValue(value, col, this.style)}` }];
  }

  private remove(path: Path): TextEdit[] {
    if (path.length === 0) throw new Unwritable('the document itself cannot be removed');
    const parentPath = path.slice(0, -1);
    const parent = walk(this.doc.value, parentPath).value;
    const size = Array.isArray(parent) ? parent.length : isMap(parent) ? Object.keys(parent).length : 0;
    if (!walk(this.doc.value, path).found) throw new Unwritable(`nothing is written at ${path.join('.')}`);
    if (size <= 1) throw new Unwritable(`${parentPath.join('.')} would be left empty`);
    const items: Span[] = Array.isArray(parent)
      ? parent.map((_, i) => this.span([...parentPath, i]))
      : this.entries(parentPath, parent as Record<string, unknown>).map((x) => [x.key[0], x.end] as Span);
    const own: Span = Array.isArray(parent) ? this.span(path) : (() => {
      const key = this.span(path, 'key');
      return [key[0], Math.max(key[1], this.span(path)[1])] as Span;
    })();
    if (intrinsicName(parent)) throw new Unwritable(`${parentPath.join('.')} is an intrinsic function`);
    if (!this.flow(parentPath)) {
      const start = this.lineStart(own[0]);
      const lead = this.doc.text.slice(start, own[0]);
      const ok = Array.isArray(parent) ? /^[ \t]*-[ \t]+$/.test(lead) : /^[ \t]*$/.test(lead);
      if (!ok || !this.blankOrComment(own[1], this.lineEnd(own[1]))) throw new Unwritable(`${path.join('.')} shares its lines with other entries`);
      return [{ range: [start, this.nextLine(own[1])], text: '' }];
    }
    const sorted = [...items].sort((a, b) => a[0] - b[0]);
    const i = sorted.findIndex((x) => x[0] === own[0]);
    if (i < 0) throw new Unwritable(`${path.join('.')} is not found among its siblings`);
    if (i < sorted.length - 1) return [{ range: [own[0], sorted[i + 1]![0]], text: '' }];
    return [{ range: [sorted[i - 1]![1], own[1]], text: '' }];
  }

  private append(path: Path, value: FixValue): TextEdit[] {
    const list = walk(this.doc.value, path).value;
    if (!Array.isArray(list)) throw new Unwritable(`${path.join('.')} is not a list`);
    const [s, e] = this.span(path);
    const flow = this.flow(path);
    if (list.length === 0) {
      if (!flow || this.doc.text[s] !== '[') throw new Unwritable(`${path.join('.')} is an empty list not written as []`);
      return [{ range: [s + 1, e - 1], text: this.doc.format === 'json' ? jsonInline(value) : yamlFlow(value, this.style) }];
    }
    const lastItem = this.span([...path, list.length - 1]);
    if (this.doc.format === 'json') {
      const multiLine = this.lineStart(lastItem[0]) !== this.lineStart(s);
      if (!multiLine) return [{ range: [lastItem[1], lastItem[1]], text: `, ${jsonInline(value)}` }];
      const col = this.column(lastItem[0]);
      return [{ range: [lastItem[1], lastItem[1]], text: `,${this.eol}${' '.repeat(col)}${jsonValue(value, col, this.style)}` }];
    }
    if (flow) return [{ range: [lastItem[1], lastItem[1]], text: `, ${yamlFlow(value, this.style)}` }];
    const first = this.span([...path, 0]);
    const lead = this.doc.text.slice(this.lineStart(first[0]), first[0]);
    const dash = lead.lastIndexOf('-');
    if (dash < 0 || !/^[ \t]*-[ \t]+$/.test(lead)) throw new Unwritable(`${path.join('.')} is not a block list this editor can extend`);
    const at = this.lineEnd(lastItem[1]);
    const lines = yamlBlock([value], dash, this.style).lines;
    return [{ range: [at, at], text: this.eol + lines.join(this.eol) }];
  }
}
