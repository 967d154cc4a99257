/**
 * The bundle (dist/bundle/, written by `npm run build` through scripts/bundle.mjs) that bin/cors-lint.js runs:
 * it writes what the compiled modules write, byte for byte, and it loads its chunks only when a run needs them
 * (`--version` nothing of the linter, `--help` not the lint run, a compact report not the text report's chunk
 * nor explain's). Which files loaded is read from Node's module log (`NODE_DEBUG=esm`), and each chunk is
 * recognised by a function it defines. By default bin/cors-lint.js runs the same code as one script,
 * dist/bundle/cli.cjs, compiled with a V8 code cache (bin/code-cache.js): it writes the same output whatever state
 * its cache folder is in (none, unwritable, corrupt, from another version), and its lazily loaded parts still do
 * not run unless needed (the packages they import are not loaded).
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, DIST_BIN, project, REPO, spawnCli } from './helpers.js';

const BUNDLE = join(REPO, 'dist', 'bundle');
const bundled = existsSync(join(BUNDLE, 'cli.js'));
if (!bundled) console.warn('dist/bundle/ is missing: run `npm run build` (npm test does); the bundle is not checked');

/** The bundle files a run loaded, with their text. */
function bundleFiles(args: string[], cwd: string): { code: number | null; files: Map<string, string>; modules: string[] } {
  const r = spawnCli(args, cwd, { NODE_DEBUG: 'esm', CORS_LINT_CODE_CACHE: 'off' });
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

/** A cache folder of the test's own, so that the runs here neither read nor fill the user's. */
const CACHE_HOME = join(tmpdir(), `cors-lint-cache-test-${process.pid}`);
process.env.XDG_CACHE_HOME = CACHE_HOME;
afterAll(() => rmSync(CACHE_HOME, { recursive: true, force: true }));

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

  test.each([
    ['json', ''],
    ['sarif', ''],
    ['text', ''],
    ['compact', '--verbose'],
    ['json', '--print-model'],
  ])('the ES module bundle (CORS_LINT_CODE_CACHE=off) writes the compiled modules\' output: %s %s', (format: string, extra: string) => {
    const args = ['--format', format, ...(extra ? [extra] : []), 'fixtures', 'examples'];
    const ours = spawnCli(args, REPO, { NO_COLOR: '1', CORS_LINT_CODE_CACHE: 'off' });
    const theirs = spawnCli(args, REPO, { NO_COLOR: '1' }, [], DIST_BIN);
    expect(`${ours.code} ${ours.stdout.length} ${ours.stderr.slice(0, 500)}`).toMatch(/^[01] \d{4,} /);
    expect(ours.code).toBe(theirs.code);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stderr).toBe(theirs.stderr);
  }, 120_000);

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

const SCRIPT = join(BUNDLE, 'cli.cjs');
const REST_INLINE = [
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Api:',
  '    Type: AWS::Serverless::Api',
  '    Properties:',
  '      StageName: prod',
  '      Cors: "\'https://app.example.com\'"',
  '  Fn:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Runtime: nodejs20.x',
  '      Handler: index.handler',
  '      InlineCode: |',
  '        exports.handler = async (event) => {',
  '          return { statusCode: 200, headers: { "Access-Control-Allow-Origin": event.headers.origin }, body: "{}" };',
  '        };',
  '      Events:',
  '        Proxy:',
  '          Type: Api',
  "          Properties: {RestApiId: !Ref Api, Path: '/{proxy+}', Method: any}",
  '',
].join('\n');

(bundled && existsSync(SCRIPT) ? describe : describe.skip)('the bundle compiled with a V8 code cache (bin/code-cache.js)', () => {
  let p: ReturnType<typeof project>;
  let home: string;
  let n = 0;
  beforeAll(() => {
    p = project({ 'plain.yaml': TEMPLATE, 'rest.yaml': REST_INLINE });
  });
  beforeEach(() => {
    home = join(CACHE_HOME, `case-${(n += 1)}`);
  });
  afterAll(() => p.remove());

  const cacheFolder = (): string => join(home, 'cors-lint');
  const cacheFiles = (): string[] => (existsSync(cacheFolder()) ? readdirSync(cacheFolder()) : []);
  /** A run of the cached script, with the answer of the compiled modules for the same arguments. */
  const both = (args: string[], env: Record<string, string> = {}) => ({
    ours: spawnCli(args, p.dir, { NO_COLOR: '1', XDG_CACHE_HOME: home, ...env }),
    theirs: spawnCli(args, p.dir, { NO_COLOR: '1' }, [], DIST_BIN),
  });
  const same = ({ ours, theirs }: ReturnType<typeof both>): void => {
    expect(`${ours.code}\n${ours.stdout}${ours.stderr}`).toBe(`${theirs.code}\n${theirs.stdout}${theirs.stderr}`);
  };
  const REST_JSON = ['--format', 'json', '--verbose', 'rest.yaml'];

  test('the first run writes the cache, the next ones use it: the same output every time', () => {
    const first = both(REST_JSON);
    same(first);
    expect(first.ours.stdout).toContain('proxy-origin-mismatch'); // the handler was read (web-tree-sitter imported from the script)
    const files = cacheFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^cli-\d+\.\d+\.\d+.*-[0-9a-f]{16}-v8-.+\.cache$/);
    const written = readFileSync(join(cacheFolder(), files[0]!));
    expect(written.length).toBeGreaterThan(10_000);
    same(both(REST_JSON));
    same(both(['plain.yaml']));
    expect(cacheFiles()).toEqual(files);
    expect(readFileSync(join(cacheFolder(), files[0]!)).equals(written)).toBe(true); // accepted, so not written again
  }, 60_000);

  test('a cache folder that cannot be written: the same output, nothing said', () => {
    mkdirSync(CACHE_HOME, { recursive: true });
    const aFile = join(CACHE_HOME, `not-a-folder-${n}`);
    writeFileSync(aFile, 'x');
    home = join(aFile, 'below'); // under a file: no folder can be made there
    same(both(REST_JSON));
    same(both(['plain.yaml']));
  }, 60_000);

  test.each([
    ['corrupt (its checksum is wrong)', (bytes: Buffer) => Buffer.concat([bytes.subarray(0, 32), Buffer.alloc(bytes.length - 32, 7)])],
    ['truncated', (bytes: Buffer) => bytes.subarray(0, 1000)],
    [
      'another V8 or version (V8 rejects it; its checksum is right)',
      (bytes: Buffer) => {
        const data = Buffer.from(bytes.subarray(32));
        for (let i = 0; i < 16; i += 1) data[i] = (data[i]! + 1) % 256; // V8's header: magic number, version hash, flags
        return Buffer.concat([createHash('sha256').update(data).digest(), data]);
      },
    ],
    ['empty', () => Buffer.alloc(0)],
  ])('a cache file that is %s: the same output, and the file is written again', (_name: string, spoil: (bytes: Buffer) => Buffer) => {
    same(both(['plain.yaml']));
    const [name] = cacheFiles();
    const file = join(cacheFolder(), name!);
    const good = readFileSync(file);
    writeFileSync(file, spoil(good));
    same(both(['plain.yaml']));
    same(both(REST_JSON));
    const again = readFileSync(file);
    expect(again.length).toBeGreaterThan(10_000);
    expect(createHash('sha256').update(again.subarray(32)).digest().equals(again.subarray(0, 32))).toBe(true);
  }, 60_000);

  test('a report module the user names is imported from the script, with and without its cache', () => {
    writeFileSync(join(p.dir, 'fmt.mjs'), 'export default (results) => `esm formatter: ${results.length} files\\n`;\n');
    for (let i = 0; i < 2; i += 1) {
      const r = both(['--format', './fmt.mjs', 'plain.yaml']);
      same(r);
      expect(r.ours.stdout).toBe('esm formatter: 1 files\n');
    }
  }, 60_000);

  test('a cache folder or file that others may write is not read (the cache is code V8 runs)', () => {
    same(both(['plain.yaml']));
    const [name] = cacheFiles();
    const file = join(cacheFolder(), name!);
    const good = readFileSync(file);
    // a folder others may write: a file there is not read (had V8 seen this one, it would have rejected it and the
    // run would have written it again), and nothing is written there
    const spoilt = Buffer.from('not V8 data');
    const withSum = Buffer.concat([createHash('sha256').update(spoilt).digest(), spoilt]);
    writeFileSync(file, withSum);
    chmodSync(cacheFolder(), 0o777);
    same(both(['plain.yaml']));
    expect(readFileSync(file).equals(withSum)).toBe(true);
    // a good cache file others may write: not read (had it been, V8 would have accepted it and left it alone), and
    // replaced by one of the user's own
    chmodSync(cacheFolder(), 0o700);
    writeFileSync(file, good);
    chmodSync(file, 0o666);
    same(both(['plain.yaml']));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file).length).toBeGreaterThan(10_000);
  }, 60_000);

  test('CORS_LINT_CODE_CACHE=off: nothing read or written', () => {
    same(both(['plain.yaml'], { CORS_LINT_CODE_CACHE: 'off' }));
    expect(cacheFiles()).toEqual([]);
  });

  test('the parts a run does not need are not run: no web-tree-sitter, language server or report module for a plain template', () => {
    const r = spawnCli(['--format', 'compact', 'plain.yaml'], p.dir, { XDG_CACHE_HOME: home, NODE_DEBUG: 'esm,module' });
    expect([0, 1]).toContain(r.code);
    expect(r.stderr).toMatch(/MODULE \d+: /);
    const packages = new Set([...r.stderr.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((m) => m[1]));
    for (const name of ['web-tree-sitter', 'vscode-languageserver', 'ajv', 'yaml', 'fast-glob']) expect(`${name}: ${packages.has(name)}`).toBe(`${name}: false`);
    const rest = spawnCli(REST_JSON, p.dir, { XDG_CACHE_HOME: home, NODE_DEBUG: 'esm' });
    expect(rest.stderr).toMatch(/node_modules\/web-tree-sitter\//); // loaded when a handler is read
  });
});

