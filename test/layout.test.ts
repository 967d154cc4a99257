/**
 * Units a newcomer can hold: no source file over 800 lines and no function over 150, in `src/`, `rules/` and
 * `scripts/`. Functions are found from the sources' structure (the syntax tree `@swc/core` parses, the parser
 * the tests already run through), so a brace in a string, a comment or a regular expression does not fool the
 * count; a function's length is from the line of its first token to the line of its last, nested functions
 * included. An offender is named with its file, line and length.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSync } from '@swc/core';

const ROOT = join(__dirname, '..');
const MAX_FILE_LINES = 800;
const MAX_FUNCTION_LINES = 150;

/** The swc node types that are functions (declarations, expressions, arrows, methods, accessors, constructors). */
const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ClassMethod',
  'PrivateMethod',
  'Constructor',
  'MethodProperty',
  'GetterProperty',
  'SetterProperty',
]);

interface Span {
  start: number;
  end: number;
}

interface FunctionSize {
  name: string;
  line: number;
  lines: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.(ts|mjs|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** Every function of a source text with its first line and length; swc's spans are 1-based byte offsets. */
function functionSizes(text: string, typescript: boolean): FunctionSize[] {
  const bytes = Buffer.from(text, 'utf8');
  const lineStarts = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    const at = offset - 1;
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const module = parseSync(text, { syntax: typescript ? 'typescript' : 'ecmascript' }) as unknown as { span: Span; body: unknown[] };
  // spans must be offsets into this text (not into a parser-wide source map), or every line number would be wrong
  if (module.span.end > bytes.length + 1) throw new Error(`the parser's spans run past the text (${module.span.end} > ${bytes.length + 1})`);
  const out: FunctionSize[] = [];
  const visit = (node: unknown, name: string): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child, name);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown> & { type?: string; span?: Span };
    let here = name;
    const named = (key: unknown): string | undefined => (key && typeof key === 'object' && typeof (key as { value?: unknown }).value === 'string' ? (key as { value: string }).value : undefined);
    if (n.type === 'VariableDeclarator') here = named(n.id) ?? here;
    if (n.type === 'KeyValueProperty' || n.type === 'ClassProperty' || n.type === 'AssignmentPatternProperty') here = named(n.key) ?? here;
    if (n.type && FUNCTION_TYPES.has(n.type) && n.span) {
      here = named(n.identifier) ?? named(n.key) ?? (n.type === 'Constructor' ? 'constructor' : name);
      const first = lineOf(n.span.start);
      out.push({ name: here, line: first, lines: lineOf(n.span.end) - first + 1 });
    }
    for (const [key, child] of Object.entries(n)) if (key !== 'span') visit(child, here);
  };
  visit(module.body, '(anonymous)');
  return out;
}

const FILES = ['src', 'rules', 'scripts'].flatMap(sourceFiles).sort();

describe('units a newcomer can hold', () => {
  test('the measure: functions, methods, arrows and accessors, their first line and length, nested ones included', () => {
    const text = [
      "const é = 'é'; // a character of two bytes before the functions",
      'function outer(a: number): number {',
      '  const inner = (b: number) => {',
      "    return b + '}'.length;",
      '  };',
      '  return inner(a);',
      '}',
      'class K {',
      '  constructor() {}',
      '  get size(): number {',
      '    return 1;',
      '  }',
      '  method() { return { f() { return /[{]/.test(é); } }; }',
      '}',
      '',
    ].join('\n');
    expect(functionSizes(text, true)).toEqual([
      { name: 'outer', line: 2, lines: 6 },
      { name: 'inner', line: 3, lines: 3 },
      { name: 'constructor', line: 9, lines: 1 },
      { name: 'size', line: 10, lines: 3 },
      { name: 'method', line: 13, lines: 1 },
      { name: 'f', line: 13, lines: 1 },
    ]);
  });

  test(`no file over ${MAX_FILE_LINES} lines in src/, rules/ and scripts/`, () => {
    expect(FILES.length).toBeGreaterThan(100);
    const offenders = FILES.map((file) => ({ file, lines: lineCount(readFileSync(join(ROOT, file), 'utf8')) }))
      .filter((f) => f.lines > MAX_FILE_LINES)
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(offenders).toEqual([]);
  });

  test(`no function over ${MAX_FUNCTION_LINES} lines in src/, rules/ and scripts/`, () => {
    let measured = 0;
    const offenders: string[] = [];
    for (const file of FILES) {
      const sizes = functionSizes(readFileSync(join(ROOT, file), 'utf8'), file.endsWith('.ts'));
      measured += sizes.length;
      for (const f of sizes) if (f.lines > MAX_FUNCTION_LINES) offenders.push(`${file}:${f.line} ${f.name}: ${f.lines} lines`);
    }
    expect(measured).toBeGreaterThan(1000);
    expect(offenders).toEqual([]);
  });

  test("the command line's modules see the process only through the entry point (src/cli.ts)", () => {
    const offenders = sourceFiles('src/cli').filter((file) => /\bprocess\./.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
