/**
 * The bundle (dist/bundle/, written by `npm run build` through scripts/bundle.mjs) that bin/cors-lint.js runs:
 * it writes what the compiled modules write, byte for byte, and it loads its chunks only when a run needs them
 * (`--version` nothing of the linter, `--help` not the lint run, a compact report not the text report's chunk
 * nor explain's). Which files loaded is read from Node's module log (`NODE_DEBUG=esm`), and each chunk is
 * recognised by a function it defines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, DIST_BIN, project, REPO, spawnCli } from './helpers.js';

const BUNDLE = join(REPO, 'dist', 'bundle');
const bundled = existsSync(join(BUNDLE, 'cli.js'));
if (!bundled) console.warn('dist/bundle/ is missing: run `npm run build` (npm test does); the bundle is not checked');

/** The bundle files a run loaded, with their text. */
function bundleFiles(args: string[], cwd: string): { code: number | null; files: Map<string, string>; modules: string[] } {
  const r = spawnCli(args, cwd, { NODE_DEBUG: 'esm' });
  const modules = [...r.stderr.matchAll(/Storing (file:\/\/\S+)/g)].map((m) => fileURLToPath(m[1]!));
  const files = new Map<string, string>();
  for (const file of modules) if (file.startsWith(BUNDLE)) files.set(file.slice(REPO.length), readFileSync(file, 'utf8'));
  return { code: r.code, files, modules };
}

/** The loaded bundle files that define a function of this name. */
const defining = (files: Map<string, string>, name: string): string[] => [...files].filter(([, text]) => text.includes(`function ${name}(`)).map(([f]) => f);

const TEMPLATE = [
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Api:',
  '    Type: AWS::Serverless::HttpApi',
  '    Properties:',
  '      CorsConfiguration:',
  "        AllowOrigins: ['*']",
  '',
].join('\n');

(bundled ? describe : describe.skip)('the bundle', () => {
  let p: ReturnType<typeof project>;
  beforeAll(() => {
    p = project({ 'plain.yaml': TEMPLATE });
  });
  afterAll(() => p.remove());

  test('--version loads nothing of the linter', () => {
    const r = bundleFiles(['--version'], p.dir);
    expect(r.code).toBe(0);
    expect(r.modules).toEqual([BIN]);
    expect(spawnCli(['--version'], p.dir).stdout).toBe(spawnCli(['--version'], p.dir, {}, [], DIST_BIN).stdout);
  });

  test('--help loads the command line but not the lint run', () => {
    const r = bundleFiles(['--help'], p.dir);
    expect(r.code).toBe(0);
    expect(r.files.has('dist/bundle/cli.js')).toBe(true);
    expect(defining(r.files, 'execute')).toEqual([]);
    expect(defining(r.files, 'lintPaths')).toEqual([]);
    expect(spawnCli(['--help'], p.dir).stdout).toBe(spawnCli(['--help'], p.dir, {}, [], DIST_BIN).stdout);
  });

  test('a compact report loads the lint run, not the text report nor explain', () => {
    const r = bundleFiles(['--format', 'compact', 'plain.yaml'], p.dir);
    expect([0, 1]).toContain(r.code);
    expect(defining(r.files, 'lintPaths')).toHaveLength(1);
    expect(defining(r.files, 'formatCompact')).toHaveLength(1);
    for (const name of ['formatText', 'formatSarif', 'explainCommand', 'modelToJson']) expect(`${name}: ${defining(r.files, name).join(', ')}`).toBe(`${name}: `);
  });

  test('a text report has its formatter package compiled in: nothing of it is read from node_modules', () => {
    const r = spawnCli(['plain.yaml'], p.dir, { NODE_DEBUG: 'module' });
    expect([0, 1]).toContain(r.code);
    expect(r.stderr).toMatch(/MODULE \d+: /); // the log is there
    const fromPackages = [...r.stderr.matchAll(/node_modules\/(eslint-formatter-friendly|@babel\/code-frame|@babel\/highlight|chalk)\//g)].map((m) => m[1]);
    expect(fromPackages).toEqual([]);
    const theirs = spawnCli(['plain.yaml'], p.dir, { NODE_DEBUG: 'module' }, [], DIST_BIN);
    expect(theirs.stderr).toMatch(/node_modules\/eslint-formatter-friendly\//); // the compiled modules do read it
  });

  test.each([
    ['NO_COLOR', { NO_COLOR: '1' }],
    ['FORCE_COLOR=1', { FORCE_COLOR: '1' }],
    ['FORCE_COLOR=3', { FORCE_COLOR: '3' }],
    ['neither', {}],
  ])('the text report as the compiled modules write it, colours too: %s', (_name: string, env: Record<string, string>) => {
    const args = ['fixtures', 'examples/sam-http-api/template.yaml'];
    const ours = spawnCli(args, REPO, env);
    const theirs = spawnCli(args, REPO, env, [], DIST_BIN);
    expect(ours.stdout.length).toBeGreaterThan(1000);
    if (env.FORCE_COLOR) expect(ours.stdout).toContain('\u001b[');
    else expect(ours.stdout).not.toContain('\u001b[');
    expect(ours.code).toBe(theirs.code);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stderr).toBe(theirs.stderr);
  }, 120_000);

  test.each([
    ['json', ''],
    ['sarif', ''],
    ['text', ''],
    ['compact', '--verbose'],
    ['json', '--print-model'],
  ])('the same output as the compiled modules: %s %s', (format: string, extra: string) => {
    const args = ['--format', format, ...(extra ? [extra] : []), 'fixtures', 'examples'];
    const ours = spawnCli(args, REPO, { NO_COLOR: '1' });
    const theirs = spawnCli(args, REPO, { NO_COLOR: '1' }, [], DIST_BIN);
    expect(`${ours.code} ${ours.stdout.length} ${ours.stderr.slice(0, 500)}`).toMatch(/^[01] \d{4,} /);
    expect(ours.code).toBe(theirs.code);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stderr).toBe(theirs.stderr);
  }, 120_000); // two whole runs over the fixtures and examples

  test('explain, and a bad option, as the compiled modules answer them', () => {
    const explain = ['explain', 'examples/sam-http-api/template.yaml', '--origin', 'https://app.example.com', '--method', 'PUT', '--path', '/me'];
    for (const args of [explain, ['--no-such-option'], ['--rule', 'no-such-rule:off', 'examples']]) {
      const ours = spawnCli(args, REPO, { NO_COLOR: '1' });
      const theirs = spawnCli(args, REPO, { NO_COLOR: '1' }, [], DIST_BIN);
      expect(`${args.join(' ')} → ${ours.code}\n${ours.stdout}${ours.stderr}`).toBe(`${args.join(' ')} → ${theirs.code}\n${theirs.stdout}${theirs.stderr}`);
      expect(ours.stdout.length + ours.stderr.length).toBeGreaterThan(20);
    }
  }, 120_000);
});
