/**
 * `import()` of a module outside the linter's own code (web-tree-sitter; a report module the user names). The
 * command line can run its bundle as a script compiled with a V8 code cache (bin/code-cache.js), and V8 loses a
 * script's `import()` callback when its code comes from a cache; that script is therefore given this function
 * from outside (`__corsLintImport`, a parameter of its wrapper), where `import()` works. Everywhere else (the
 * compiled modules, the ES module bundle, the public API) there is no such function and `import()` is used.
 */
declare const __corsLintImport: ((specifier: string) => Promise<unknown>) | undefined;

/** The loader's `import()`, when the code runs in the cached script. */
export function loaderImport(): ((specifier: string) => Promise<unknown>) | undefined {
  return typeof __corsLintImport === 'function' ? __corsLintImport : undefined;
}
