/**
 * A parsed source file (a handler file, a module it imports, or inline code inside a template) and the way from
 * its syntax nodes back to 1-based positions in the file that holds it.
 */
import { LineIndex } from '../load/lines.js';
import type { Loc, Range } from '../types.js';
import type { SyntaxNode, SyntaxTree } from './grammars.js';
import type { SourceLanguage } from './types.js';

/** Where the lines of inline code sit in the template: code line i (0-based) is template line `lines[i]`, shifted by `indent`. */
export interface InlineMap {
  lines: number[];
  indent: number;
}

/** Inline code cut out of a YAML block scalar (`|`), with where each of its lines is. */
export interface InlineBlock {
  code: string;
  map: InlineMap;
  /** The block is a `!Sub` template: `${…}` parts are filled in at deployment. */
  substitutions: boolean;
}

/**
 * Reads a literal block scalar (`|`, `|-`, `|+`, optionally tagged `!Sub`) that starts at `range` in a YAML
 * template. Folded (`>`) and quoted scalars are not mapped line by line.
 */
export function inlineBlock(templateText: string, range: Range): InlineBlock | undefined {
  const lines = templateText.split('\n').map((l) => l.replace(/\r$/, ''));
  const headerLine = lines[range.line - 1];
  if (headerLine === undefined) return undefined;
  const header = headerLine.slice(range.column - 1);
  const m = /^(!Sub\s+)?\|[+-]?\s*(#.*)?$/.exec(header);
  if (!m) return undefined;
  const code: string[] = [];
  const at: number[] = [];
  let indent = -1;
  for (let i = range.line; i < lines.length; i++) {
    const line = lines[i]!;
    const blank = line.trim() === '';
    const lead = line.length - line.trimStart().length;
    if (!blank) {
      if (indent < 0) indent = lead;
      if (lead < indent) break;
    }
    code.push(blank ? '' : line.slice(indent));
    at.push(i + 1);
  }
  if (indent < 0) return undefined;
  while (code.length > 0 && code[code.length - 1] === '') {
    code.pop();
    at.pop();
  }
  return { code: `${code.join('\n')}\n`, map: { lines: at, indent }, substitutions: m[1] !== undefined };
}

export class SourceFile {
  readonly lines: LineIndex;
  readonly root: SyntaxNode;

  constructor(
    readonly file: string,
    readonly text: string,
    readonly language: SourceLanguage,
    readonly tree: SyntaxTree,
    /** The folder the code is deployed from (absolute Python imports start there). */
    readonly codeRoot: string,
    /** For inline code: where its lines are in the template; `fallback` when they cannot be mapped one by one. */
    readonly inline?: { map?: InlineMap; fallback: Range; substitutions: boolean },
  ) {
    this.lines = new LineIndex(text);
    this.root = tree.rootNode;
  }

  private uncommented?: string;

  /** The text with its comments blanked out (for questions such as "does the code mention this header"). */
  get code(): string {
    if (this.uncommented === undefined) {
      const chars = this.text.split('');
      const stack = [this.root];
      while (stack.length > 0) {
        const n = stack.pop()!;
        if (n.type === 'comment') {
          for (let i = n.startIndex; i < n.endIndex; i++) if (chars[i] !== '\n') chars[i] = ' ';
          continue;
        }
        for (let i = 0; i < n.childCount; i++) {
          const c = n.child(i);
          if (c) stack.push(c);
        }
      }
      this.uncommented = chars.join('');
    }
    return this.uncommented;
  }

  private position(offset: number): { line: number; column: number } {
    const p = this.lines.position(offset);
    const map = this.inline?.map;
    if (!map) return p;
    const line = map.lines[p.line - 1] ?? map.lines[map.lines.length - 1] ?? 1;
    return { line, column: p.column + map.indent };
  }

  range(node: SyntaxNode): Range {
    if (this.inline && !this.inline.map) return this.inline.fallback;
    let end = node.endIndex;
    while (end > node.startIndex && /\s/.test(this.text[end - 1] ?? '')) end--;
    const from = this.position(node.startIndex);
    const to = this.position(end);
    return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }

  /** A location for a node; `path` gives the finding a fingerprint that does not move with the lines. */
  loc(node: SyntaxNode, path: ReadonlyArray<string | number> = []): Loc {
    return { file: this.file, path, range: this.range(node) };
  }
}
