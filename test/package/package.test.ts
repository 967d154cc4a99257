/**
 * The package as a user gets it: `npm pack` holds only what runs (bin, dist, the configuration schema, the rule
 * pages, the rule prose that SARIF's help is made of), and the tarball, installed into an empty folder, runs
 * `cors-lint --version`, lints a template, and offers the programmatic API (`lint`, `loadConfig`, `formatters`,
 * SARIF with every rule's help) with its types.
 *
 * Packs the build in `dist/` as it is (`npm test` builds first). Dependencies come from npm's cache where it
 * has them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const NPM_ENV = { ...process.env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', NO_COLOR: '1' };
jest.setTimeout(180_000);

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  OrdersApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: ['*', https://staging.example.net]
        AllowCredentials: true
`;

interface PackedFile {
  path: string;
}

describe('the packed package', () => {
  let work: string;
  let tarball: string;
  let files: string[];
  let consumer: string;

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'src', 'cli.js'))) throw new Error('dist/ is not built: run npm run build (npm test does)');
    work = mkdtempSync(join(tmpdir(), 'cors-lint-package-'));
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, env: NPM_ENV, encoding: 'utf8' });
    const [info] = JSON.parse(out) as Array<{ filename: string; files: PackedFile[] }>;
    tarball = join(work, info!.filename);
    files = info!.files.map((f) => f.path).sort();

    consumer = join(work, 'consumer');
    execFileSync('mkdir', [consumer]);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-save', '--no-package-lock', tarball], { cwd: consumer, env: NPM_ENV, encoding: 'utf8', stdio: 'pipe' });
    writeFileSync(join(consumer, 'template.yaml'), TEMPLATE);
    writeFileSync(join(consumer, '.cors-lint.yaml'), 'allowedOrigins: [https://app.example.com]\n');
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('holds only what runs', () => {
    const allowed = /^(package\.json|README\.md|LICENSE|bin\/(cors-lint|code-cache)\.js|dist\/bundle\/cli\.cjs|dist\/(src|rules)\/.+\.(js|d\.ts)|dist\/bundle\/[\w-]+\.js|schema\/cors-lint\.schema\.json|docs\/rules\/[a-z0-9-]+\.md|rules\/docs\/(_shared\/)?[a-z0-9-]+\.md)$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    for (const needed of ['bin/cors-lint.js', 'bin/code-cache.js', 'dist/src/cli.js', 'dist/bundle/cli.js', 'dist/bundle/cli.cjs', 'dist/bundle/lint-worker.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'schema/cors-lint.schema.json', 'docs/rules/wildcard-origin.md', 'rules/docs/wildcard-origin.md']) {
      expect(files).toContain(needed);
    }
    // Handler grammars are not copied: they come inside their own dependency packages.
    expect(files.some((f) => f.endsWith('.wasm'))).toBe(false);
  });

  test('the grammars it needs are installed with their packages', () => {
    for (const wasm of [
      'web-tree-sitter/web-tree-sitter.wasm',
      'tree-sitter-javascript/tree-sitter-javascript.wasm',
      'tree-sitter-typescript/tree-sitter-typescript.wasm',
      'tree-sitter-python/tree-sitter-python.wasm',
    ]) {
      expect(existsSync(join(consumer, 'node_modules', wasm))).toBe(true);
    }
  });

  test('cors-lint --version, and one lint', () => {
    const bin = join(consumer, 'node_modules', '.bin', 'cors-lint');
    expect(execFileSync(bin, ['--version'], { cwd: consumer, encoding: 'utf8' }).trim()).toBe(pkg.version);
    const lint = spawnSync(bin, ['--format', 'compact', 'template.yaml'], { cwd: consumer, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(lint.status).toBe(1);
    expect(lint.stdout.trim().split('\n').map((l) => l.replace(/: error: .*\[/, ' [')).sort()).toEqual([
      'template.yaml:8:24 [origin-not-allowed]',
      'template.yaml:8:24 [wildcard-origin]',
      'template.yaml:8:29 [origin-not-allowed]',
      'template.yaml:9:27 [credentials-with-wildcard]',
    ]);
    expect(lint.stderr).toBe('');
  });

  test('the API as a user imports it, with its types', () => {
    writeFileSync(
      join(consumer, 'use.ts'),
      `import { lint, loadConfig, formatters, rules, version, ConfigError, type LintRun, type Config, type LintResult } from 'cors-lint';
import { createRequire } from 'node:module';

const run: LintRun = await lint(['template.yaml'], { env: undefined });
const results: LintResult[] = run.results;
const config: Config = loadConfig('.cors-lint.yaml');
const sarif = JSON.parse(formatters.sarif(results));
const gitlab = JSON.parse(formatters.gitlab(results));
let configError = '';
try {
  loadConfig('missing.yaml');
} catch (error) {
  if (error instanceof ConfigError) configError = error.reason;
}
const schema = createRequire(import.meta.url).resolve('cors-lint/schema.json');
console.log(JSON.stringify({
  version,
  rules: rules.map((r) => r.id),
  findings: results.flatMap((r) => r.messages.map((m) => \`\${m.line}:\${m.column} \${m.ruleId}\`)),
  allowed: config.allowedOrigins,
  sarifResults: sarif.runs[0].results.length,
  sarifHelp: rules.every((rule) => sarif.runs[0].tool.driver.rules.some((r: { id: string; help: { markdown: string } }) =>
    r.id === rule.id && r.help.markdown.includes(rule.docs.why.split('\\n')[0]!))),
  gitlabIssues: gitlab.length,
  text: formatters.text(results).includes('credentials-with-wildcard'),
  configError,
  schema: schema.endsWith('schema/cors-lint.schema.json'),
}));
`,
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          outDir: 'out',
          typeRoots: [join(ROOT, 'node_modules', '@types')],
          types: ['node'],
          skipLibCheck: false,
        },
        files: ['use.ts'],
      }),
    );
    const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
    const compiled = spawnSync(tsc, ['-p', 'tsconfig.json'], { cwd: consumer, encoding: 'utf8' });
    expect(`${compiled.stdout}${compiled.stderr}`).toBe('');
    expect(compiled.status).toBe(0);
    const out = JSON.parse(execFileSync('node', ['out/use.js'], { cwd: consumer, encoding: 'utf8' })) as Record<string, unknown>;
    expect(out).toEqual({
      version: pkg.version,
      rules: expect.arrayContaining(['origin-not-allowed', 'wildcard-origin']),
      findings: ['8:24 origin-not-allowed', '8:24 wildcard-origin', '8:29 origin-not-allowed', '9:27 credentials-with-wildcard'],
      allowed: ['https://app.example.com'],
      sarifResults: 4,
      sarifHelp: true,
      gitlabIssues: 4,
      text: true,
      configError: 'no such file',
      schema: true,
    });
  });
});
