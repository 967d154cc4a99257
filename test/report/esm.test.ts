/**
 * The reporters as the published package runs them: compiled to ES modules and run by Node itself, outside the
 * test runner's CommonJS sandbox, where `import()` is real. This is where an ESM (`.mjs`) formatter file and an
 * ESM-only formatter package can be loaded, and where the text format's colour switch must work on the very
 * modules Node loaded.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { goldenPath } from './golden.js';
import { fixtureContext, fixtureResults } from './fixtures.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE_DIR = join(REPO, 'src', 'report');
const haveCompiler = existsSync(join(REPO, 'node_modules', '@swc', 'core', 'package.json'));
if (!haveCompiler) console.warn('@swc/core is not installed: the native ES module tests are skipped');
const maybe = haveCompiler ? describe : describe.skip;

const RUNNER = `import { readFileSync } from 'node:fs';
import { loadFormatter } from './report/index.js';

const [name, cwd, color] = process.argv.slice(2);
const { results, ctx } = JSON.parse(readFileSync(new URL('./input.json', import.meta.url), 'utf8'));
const helpUri = (id) => 'https://github.com/example/cors-lint/blob/main/docs/rules/' + id + '.md';
try {
  const format = await loadFormatter(name, cwd);
  process.stdout.write(await format(results, { ...ctx, color: color === 'color', helpUri }));
} catch (error) {
  process.stdout.write(error.name + ': ' + error.message);
}
`;

maybe('native ES modules', () => {
  let dir: string;
  let work: string;

  function run(name: string, cwd: string, color = 'plain'): string {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (!key.startsWith('EFF_') && key !== 'FORCE_ITERM_HINT' && key !== 'NODE_OPTIONS') env[key] = value;
    }
    return execFileSync(process.execPath, [join(dir, 'run.mjs'), name, cwd, color], { env, encoding: 'utf8' });
  }

  beforeAll(async () => {
    const swc = await import('@swc/core');
    dir = mkdtempSync(join(tmpdir(), 'cors-lint-esm-'));
    mkdirSync(join(dir, 'report'));
    for (const file of readdirSync(SOURCE_DIR)) {
      if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
      const { code } = swc.transformFileSync(join(SOURCE_DIR, file), {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'es6' },
        sourceMaps: false,
        swcrc: false,
      });
      writeFileSync(join(dir, 'report', file.replace(/\.ts$/, '.js')), code);
    }
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'junction');
    const { helpUri: _helpUri, ...ctx } = fixtureContext();
    writeFileSync(join(dir, 'input.json'), JSON.stringify({ results: fixtureResults(), ctx }));
    writeFileSync(join(dir, 'run.mjs'), RUNNER);

    work = join(dir, 'work');
    const pkg = join(work, 'node_modules', 'eslint-formatter-esm-only');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(work, 'fmt.mjs'),
      'export default (results, context) => `esm: ${results.length} files, rules ${Object.keys(context.rulesMeta).join(" ")}`;\n',
    );
    writeFileSync(join(work, 'fmt.cjs'), 'module.exports = (results) => `cjs: ${results.length} files`;\n');
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({ name: 'eslint-formatter-esm-only', type: 'module', exports: { '.': { import: './main.js' } } }),
    );
    writeFileSync(join(pkg, 'main.js'), 'export default (results) => `esm-only package: ${results.length} files`;\n');
  }, 30_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('an ES module formatter file (.mjs)', () => {
    expect(run('./fmt.mjs', work)).toBe('esm: 4 files, rules credentials-with-wildcard max-age-excessive wildcard-origin\n');
  });

  test('a CommonJS formatter file (.cjs)', () => {
    expect(run('fmt.cjs', work)).toBe('cjs: 4 files\n');
  });

  test('a package that can only be imported', () => {
    expect(run('esm-only', work)).toBe('esm-only package: 4 files\n');
  });

  test('a CommonJS package by its short name', () => {
    expect(run('junit', REPO)).toContain('<testsuites>');
  });

  test('an unknown name', () => {
    expect(run('nope-xyz', work)).toMatch(/^FormatterError: cannot find formatter 'nope-xyz': tried eslint-formatter-nope-xyz, nope-xyz/);
  });

  test('text and sarif give the golden outputs; text colours when asked', () => {
    expect(run('text', work)).toBe(readFileSync(goldenPath('text.txt'), 'utf8'));
    expect(run('sarif', work)).toBe(readFileSync(goldenPath('sarif.sarif'), 'utf8'));
    const coloured = run('text', work, 'color');
    expect(coloured).toMatch(/\u001B\[3\dm/);
    expect(coloured.replace(/\u001B\[[0-9;]*m/g, '')).toBe(readFileSync(goldenPath('text.txt'), 'utf8'));
  });
});
