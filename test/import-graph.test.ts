/**
 * No import cycles in `src/` and `rules/`: every module's imports (static, type-only and dynamic `import()` alike,
 * and re-exports) are read from the syntax tree `@swc/core` parses, resolved to the module they name, and the graph
 * is searched for strongly connected components. A cycle is named module by module.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseSync } from '@swc/core';

const ROOT = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** Every module specifier a source text names: imports, re-exports, `import()` with a literal. */
function specifiers(text: string): string[] {
  const module = parseSync(text, { syntax: 'typescript' }) as unknown as { body: unknown[] };
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown> & { type?: string };
    const source = n.source as { value?: unknown } | undefined;
    if ((n.type === 'ImportDeclaration' || n.type === 'ExportAllDeclaration' || n.type === 'ExportNamedDeclaration') && typeof source?.value === 'string') found.push(source.value);
    if (n.type === 'CallExpression' && (n.callee as { type?: string } | undefined)?.type === 'Import') {
      const first = (n.arguments as Array<{ expression?: { type?: string; value?: unknown } }>)[0]?.expression;
      if (first?.type === 'StringLiteral' && typeof first.value === 'string') found.push(first.value);
    }
    for (const [key, child] of Object.entries(n)) if (key !== 'span') visit(child);
  };
  visit(module.body);
  return found;
}

/** The cycles of a graph: its strongly connected components of more than one module, or a module importing itself. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return found;
}

describe('the import graph of src/ and rules/', () => {
  const files = [...sourceFiles('src'), ...sourceFiles('rules')].sort();
  const graph = new Map<string, string[]>();
  const unresolved: string[] = [];
  for (const file of files) {
    const targets: string[] = [];
    for (const spec of specifiers(readFileSync(join(ROOT, file), 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = relative(ROOT, join(ROOT, dirname(file), spec.replace(/\.js$/, '.ts')));
      if (existsSync(join(ROOT, target)) && target.endsWith('.ts')) targets.push(target);
      else if (!existsSync(join(ROOT, dirname(file), spec))) unresolved.push(`${file}: ${spec}`);
    }
    graph.set(file, targets);
  }

  test('the walk: imports, type-only imports, re-exports and import() are edges; a cycle is found', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "export * from './c.js';",
      "export { d } from './d.js';",
      "const e = await import('./e.js');",
      "import { readFileSync } from 'node:fs';",
    ].join('\n');
    expect(specifiers(text)).toEqual(['./a.js', './b.js', './c.js', './d.js', './e.js', 'node:fs']);
    const sample = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(cycles(sample)).toEqual([['a', 'b', 'c'], ['e']]);
  });

  test('every relative import names a module', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(unresolved).toEqual([]);
    // the run schedules files through the per-file pipeline, and loads the parallel run only when it may use it
    expect(graph.get('src/lint.ts')).toEqual(expect.arrayContaining(['src/pipeline/file.ts', 'src/parallel.ts']));
  });

  test('has no cycles', () => {
    expect(cycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });
});
