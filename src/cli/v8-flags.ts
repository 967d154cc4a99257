/**
 * V8 settings the command line makes for its own process (never the public API, which runs in someone else's).
 *
 * `--wasm-tiering-budget`: V8 runs WebAssembly first with its baseline compiler and recompiles a function with
 * its optimising compiler once the function has run for its "tiering budget" (by default about 1.8 MB of code
 * executed). Reading one handler file runs web-tree-sitter's and the grammar's lexer and parser functions past
 * that budget at once, so a short run spent ~100–200 ms of CPU optimising functions that had finished their
 * work before the optimised code was ready (docs/performance.md). A budget 55 times larger leaves the short runs on
 * baseline code; long runs (thousands of handler files, a language server) still get optimised code, a little
 * later. Measured on 1,000 templates with handler files and on a 1 MB handler: no slower.
 *
 * A budget the user gives (`node --wasm-tiering-budget=…` or in `NODE_OPTIONS`) is left as it is.
 */
export const WASM_TIERING_BUDGET = '--wasm-tiering-budget=100000000';

/** The V8 flags to set, given the process's own Node options. */
export function v8FlagsFor(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
  return given.some((arg) => /^--wasm[-_]tiering[-_]budget\b/.test(arg)) ? [] : [WASM_TIERING_BUDGET];
}
