#!/usr/bin/env node
// The command line as a bundle (`npm run build` runs this after the compiler): dist/bundle/cli.js, the worker
// thread's dist/bundle/lint-worker.js, and chunks for what a run loads only when it needs it (the lint run
// itself after the command line is read, explain, the handler readers, each report format, the model printer,
// worker threads). bin/cors-lint.js runs the bundle when it is there and dist/src/cli.js otherwise.
//
//   node scripts/bundle.mjs [--metafile FILE]
//
// Why: Node's ES module loader costs about half a millisecond for each of the ~80 modules a lint reaches; one
// file and a few chunks cost a fraction of that (docs/performance.md). The sources stay the source of truth:
// the tests run on them and on dist/src; the bundle is a build product, tested by spawning it
// (test/perf/bundle.test.ts). The npm packages stay outside the bundle (loaded from node_modules as before),
// except commander, which every run needs before anything else, and the text report's formatter package
// (eslint-formatter-friendly and its dependencies, MIT and ISC licensed), compiled into the text report's chunk:
// loading its 17 CommonJS modules from node_modules took ~20 ms of every text report.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'bundle');
const args = process.argv.slice(2);
const metaIndex = args.indexOf('--metafile');

const pkg = JSON.parse((await import('node:fs')).readFileSync(join(root, 'package.json'), 'utf8'));
const BUNDLED = new Set(['commander', 'eslint-formatter-friendly']);
const external = Object.keys(pkg.dependencies ?? {}).filter((name) => !BUNDLED.has(name));

/**
 * src/report/friendly-modules.ts loads the formatter package and three of its dependencies with `require` from
 * the package's folder; in the bundle the same files, resolved the same way now, are compiled in, each still
 * loaded (its CommonJS wrapper run) only when the text report asks for it.
 */
const friendlyModules = {
  name: 'friendly-modules',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]report[\\/]friendly-modules\.ts$/ }, () => {
      const own = createRequire(join(root, 'src', 'report', 'text.ts'));
      const friendly = own.resolve('eslint-formatter-friendly');
      const fromPackage = createRequire(friendly);
      const codeFrame = fromPackage.resolve('@babel/code-frame');
      const files = {
        friendly,
        codeFrame,
        highlight: createRequire(codeFrame).resolve('@babel/highlight'),
        chalk: fromPackage.resolve('chalk'),
      };
      const entries = Object.entries(files).map(([name, file]) => `  ${name}: () => require(${JSON.stringify(file)}),`);
      return { contents: `export const friendlyModules = {\n${entries.join('\n')}\n};\n`, loader: 'js', resolveDir: root };
    });
  },
};

rmSync(out, { recursive: true, force: true }); // never a bundle older than dist/src
let build;
try {
  ({ build } = await import('esbuild'));
} catch {
  // a checkout whose node_modules predate the dependency: the command line runs from dist/src/ as before
  console.warn('bundle: esbuild is not installed (run npm install); no bundle written, bin/cors-lint.js runs dist/src/');
  process.exit(0);
}
const result = await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.ts', 'lint-worker': 'src/lint-worker.ts' },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  chunkNames: 'chunk-[hash]',
  // commander is CommonJS: inside an ES module bundle its require() of Node's modules needs a real require
  banner: { js: "import { createRequire as __corsLintRequire } from 'node:module'; const require = __corsLintRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [friendlyModules],
  metafile: metaIndex >= 0,
});
if (metaIndex >= 0) writeFileSync(args[metaIndex + 1], JSON.stringify(result.metafile));

// The same command line as one CommonJS script, dist/bundle/cli.cjs, which bin/cors-lint.js compiles through
// bin/code-cache.js with a V8 code cache kept in the user's cache folder (Node 20 has no code cache for ES
// modules). Every `import()` of the linter's own modules becomes a call of a wrapper in the same file: a module
// that a run does not need is compiled only lazily and never run. `import.meta.url` is the URL of
// dist/bundle/cli.js (the wrapper's `__corsLintUrl`), so that paths found from it are the ES module bundle's. Its
// first line holds the key of its cache: the package's version and a hash of the script.
const script = await build({
  absWorkingDir: root,
  entryPoints: ['src/cli.ts'],
  outfile: join(out, 'cli.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external,
  define: { 'import.meta.url': '__corsLintUrl' },
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [friendlyModules],
  write: false,
});
const text = script.outputFiles[0].text;
const key = `${pkg.version}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
writeFileSync(join(out, 'cli.cjs'), `// cors-lint ${key}\n${text}`);
