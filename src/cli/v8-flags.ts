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

/**
 * `--heap-growing-percent`: a run keeps every template's results until its report, so its JavaScript heap grows
 * with the number of templates, and V8, seeing a heap that keeps growing while the program allocates fast, lets it
 * reach three to four times what is live before it collects again (measured: 360 MB of heap for 90 MB live over
 * 20,000 templates with handler files). Growing by half instead kept the peak of that run near 300 MB instead of
 * ~450 MB for no measurable CPU time (docs/performance.md, "Memory"). Small runs never grow the heap much.
 *
 * A growing factor the user gives is left as it is.
 */
export const HEAP_GROWING_PERCENT = '--heap-growing-percent=50';

/** Each flag the command line sets, and how the user would have given it (then it is not set). */
const OWN_FLAGS: ReadonlyArray<[flag: string, given: RegExp]> = [
  [WASM_TIERING_BUDGET, /^--wasm[-_]tiering[-_]budget\b/],
  [HEAP_GROWING_PERCENT, /^--heap[-_]growing[-_]percent\b/],
];

/** The V8 flags to set, given the process's own Node options. */
export function v8FlagsFor(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
  return OWN_FLAGS.filter(([, pattern]) => !given.some((arg) => pattern.test(arg))).map(([flag]) => flag);
}
