/** Small helpers for the loader tests: load text, and read back the text a located range covers. */
import { loadDocumentText, LoadError, type LoadedDocument, type LoadOptions } from '../../src/load/index.js';
import type { Range } from '../../src/types.js';

export function load(text: string, file = 'template.yaml', options?: LoadOptions): LoadedDocument {
  return loadDocumentText(text, file, options);
}

export function value(text: string): unknown {
  return load(text).value;
}

/** The text a 1-based range covers (`endColumn` exclusive), lines joined with `\n`. */
export function slice(text: string, range: Range): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let l = range.line; l <= range.endLine; l++) {
    const line = lines[l - 1] ?? '';
    const from = l === range.line ? range.column - 1 : 0;
    const to = l === range.endLine ? range.endColumn - 1 : line.length;
    out.push(line.slice(from, to));
  }
  return out.join('\n');
}

/** The 1-based position of the `n`th occurrence (0-based) of `needle` in `text`. */
export function positionOf(text: string, needle: string, n = 0): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' occurs fewer than ${n + 1} times`);
  }
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { line, column: at - (before.lastIndexOf('\n') + 1) + 1 };
}

/** The LoadError that loading throws (fails the test when nothing is thrown or something else is). */
export function loadError(fn: () => unknown): LoadError {
  try {
    fn();
  } catch (error) {
    if (error instanceof LoadError) return error;
    throw new Error(`expected a LoadError, got ${String(error)}`);
  }
  throw new Error('expected a LoadError, nothing was thrown');
}
