#!/usr/bin/env node
// The command line. `--version` is answered here, before anything of the linter loads. The rest runs the bundle
// (dist/bundle/, written by `npm run build`) when it is there: the script dist/bundle/cli.cjs compiled with a V8
// code cache (bin/code-cache.js), or the ES module bundle dist/bundle/cli.js, whose chunks load as needed, for
// `--help` (which needs little of the linter: faster without the cache) and with CORS_LINT_CODE_CACHE=off; else
// the compiled modules (dist/src/).
import { existsSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const script = new URL('../dist/bundle/cli.cjs', import.meta.url);
  const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
  let main;
  const help = args.includes('--help') || args.includes('-h');
  if (!help && process.env.CORS_LINT_CODE_CACHE !== 'off' && existsSync(script)) ({ main } = (await import('./code-cache.js')).runScript(script));
  else ({ main } = await import(existsSync(bundle) ? bundle.href : '../dist/src/cli.js'));
  main();
}
