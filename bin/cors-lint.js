#!/usr/bin/env node
// The command line. `--version` is answered here, before anything of the linter loads. The rest runs the bundle
// (dist/bundle/, written by `npm run build`: one file and chunks loaded as needed, faster to start) when it is
// there, else the compiled modules (dist/src/).
import { existsSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
  const { main } = await import(existsSync(bundle) ? bundle.href : '../dist/src/cli.js');
  main();
}
