/**
 * A run loads only what it needs: the built command line (the compiled modules, dist/src/, where each module
 * shows; the bundle's chunks are checked in bundle.test.ts) is spawned, and the modules it loaded are read from Node
 * itself (the ES modules from `NODE_DEBUG=esm`, the CommonJS ones from the require cache at exit). Every case
 * also checks that something it needs was seen loading, so a change in how Node reports modules fails here
 * rather than passing silently.
 */
import { fileURLToPath } from 'node:url';
import { built, DIST_BIN, project, REPO, spawnCli } from './helpers.js';

const CJS_AT_EXIT = `data:text/javascript,${encodeURIComponent(
  "import { createRequire } from 'node:module'; const r = createRequire(process.cwd() + '/x.js'); process.on('exit', () => process.stderr.write('\\n@@cjs ' + JSON.stringify(Object.keys(r.cache)) + '\\n'));",
)}`;

/** The files a run of the command line loaded, as paths relative to the repository (packages as `pkg:<name>`). */
function loaded(args: string[], cwd: string): { code: number | null; modules: Set<string> } {
  const r = spawnCli(args, cwd, { NODE_DEBUG: 'esm' }, ['--import', CJS_AT_EXIT], DIST_BIN);
  const files: string[] = [];
  for (const m of r.stderr.matchAll(/Storing (file:\/\/\S+)/g)) files.push(fileURLToPath(m[1]!));
  const cjs = /@@cjs (.*)/.exec(r.stderr);
  if (cjs) files.push(...(JSON.parse(cjs[1]!) as string[]));
  const modules = new Set<string>();
  for (const file of files) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    modules.add(pkg ? `pkg:${pkg[1]}` : file.startsWith(REPO) ? file.slice(REPO.length) : file);
  }
  return { code: r.code, modules };
}

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

/** A REST API whose proxy route's handler is a JavaScript file: the handler analysis reads it. */
const PROXY_TEMPLATE = [
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Api:',
  '    Type: AWS::Serverless::Api',
  '    Properties:',
  '      StageName: prod',
  "      Cors: \"'https://app.example.com'\"",
  '  Fn:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Runtime: nodejs20.x',
  '      Handler: app.handler',
  '      CodeUri: src/',
  '      Events:',
  '        Get:',
  '          Type: Api',
  '          Properties: {RestApiId: !Ref Api, Path: /items, Method: get}',
  '',
].join('\n');

/**
 * An HTTP API whose `$default` route requires a JWT authorizer and so catches the preflight: the rule
 * default-route-swallows-preflight asks the simulator about it, and finds it.
 */
const SWALLOWING_TEMPLATE = [
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Api:',
  '    Type: AWS::Serverless::HttpApi',
  '    Properties:',
  '      CorsConfiguration:',
  '        AllowOrigins: [https://app.example.com]',
  '        AllowHeaders: [Authorization]',
  '      Auth:',
  '        DefaultAuthorizer: Jwt',
  '        Authorizers:',
  '          Jwt:',
  '            IdentitySource: $request.header.Authorization',
  '            JwtConfiguration: {issuer: https://issuer.example.com, audience: [app]}',
  '  Fn:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Runtime: nodejs20.x',
  '      Handler: app.handler',
  '      InlineCode: "exports.handler = async () => ({statusCode: 200});"',
  '      Events:',
  '        All:',
  '          Type: HttpApi',
  '          Properties: {ApiId: !Ref Api}',
  '',
].join('\n');

/** The modules of the `explain` command (its request parsing, fix search and formatting): a lint run needs none. */
const explainModules = (modules: ReadonlySet<string>): string[] => [...modules].filter((m) => m.startsWith('dist/src/explain/') || m === 'dist/src/cli/explain.js').sort();

/** The language server's modules and its protocol library: only `cors-lint lsp` loads them. */
const lspModules = (modules: ReadonlySet<string>): string[] =>
  [...modules].filter((m) => m.startsWith('dist/src/lsp/') || m === 'dist/src/cli/lsp.js' || m.startsWith('pkg:vscode-languageserver')).sort();

const NEVER_FOR_A_PLAIN_TEMPLATE = [
  'pkg:yaml',
  'pkg:fast-glob',
  'pkg:smol-toml',
  'pkg:ajv',
  'pkg:eslint-formatter-friendly',
  'pkg:web-tree-sitter',
  'dist/src/cli/explain.js',
  'dist/src/cli/lsp.js',
  'pkg:vscode-languageserver',
  'pkg:vscode-languageserver-textdocument',
  'dist/src/model/print.js',
  'dist/src/report/text.js',
  'dist/src/report/json.js',
  'dist/src/report/sarif.js',
  'dist/src/report/gitlab.js',
  'dist/src/parallel.js',
  'dist/src/lint-worker.js',
];

(built ? describe : describe.skip)('what a run loads', () => {
  let p: ReturnType<typeof project>;
  beforeAll(() => {
    p = project({
      'plain.yaml': TEMPLATE,
      'multi-line.yaml': `${TEMPLATE}  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Description: a description\n        over two lines\n`,
      'with-samconfig/template.yaml': TEMPLATE,
      'with-samconfig/samconfig.toml': 'version = 0.1\n[default.deploy.parameters]\nparameter_overrides = "Stage=prod"\n',
      'proxy/template.yaml': PROXY_TEMPLATE,
      'swallowing.yaml': SWALLOWING_TEMPLATE,
      'proxy/src/app.js': "exports.handler = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: '' });\n",
    });
  });
  afterAll(() => p.remove());

  test('one plain template, compact report: the linter and that report only', () => {
    const { code, modules } = loaded(['--format', 'compact', 'plain.yaml'], p.dir);
    expect([0, 1]).toContain(code);
    for (const needed of ['dist/src/lint.js', 'dist/src/load/quick/index.js', 'dist/src/report/compact.js', 'pkg:commander']) expect(modules).toContain(needed);
    expect(NEVER_FOR_A_PLAIN_TEMPLATE.filter((m) => modules.has(m))).toEqual([]);
    expect(explainModules(modules)).toEqual([]);
  });

  test('a rule that asks the simulator loads the simulator, and none of the explain command', () => {
    const r = spawnCli(['--format', 'compact', 'swallowing.yaml'], p.dir);
    expect(r.stdout).toMatch(/^swallowing\.yaml:10:28: error: .* \[default-route-swallows-preflight\]$/m);
    const { modules } = loaded(['--format', 'compact', 'swallowing.yaml'], p.dir);
    for (const needed of ['dist/src/simulate/outcome.js', 'dist/src/simulate/gateway.js', 'dist/src/simulate/browser.js']) expect(modules).toContain(needed);
    expect(explainModules(modules)).toEqual([]);
  });

  test('no lint run loads the explain command: every format, a folder, handlers, --verbose', () => {
    for (const args of [['swallowing.yaml'], ['--format', 'json', 'swallowing.yaml'], ['--format', 'sarif', '.'], ['--verbose', '--format', 'gitlab', 'proxy/template.yaml']]) {
      const { code, modules } = loaded(args, p.dir);
      expect([0, 1]).toContain(code);
      expect(modules).toContain('dist/src/simulate/outcome.js');
      expect(`${args.join(' ')}: ${explainModules(modules).join(', ')}`).toBe(`${args.join(' ')}: `);
      expect(`${args.join(' ')}: ${lspModules(modules).join(', ')}`).toBe(`${args.join(' ')}: `);
    }
  });

  test('the text report loads its formatter package, and nothing else more', () => {
    const { modules } = loaded(['plain.yaml'], p.dir);
    expect(modules).toContain('pkg:eslint-formatter-friendly');
    expect(modules).toContain('dist/src/report/text.js');
    expect(NEVER_FOR_A_PLAIN_TEMPLATE.filter((m) => modules.has(m) && !['pkg:eslint-formatter-friendly', 'dist/src/report/text.js'].includes(m))).toEqual([]);
  });

  test('a folder loads the file walker', () => {
    const { modules } = loaded(['--format', 'compact', 'with-samconfig'], p.dir);
    expect(modules).toContain('pkg:fast-glob');
  });

  test('YAML the quick reader leaves alone is read by the full reader; templates never load the yaml package', () => {
    const { code, modules } = loaded(['--format', 'compact', 'multi-line.yaml'], p.dir);
    expect(code).toBe(0);
    expect(modules).toContain('dist/src/load/full/construct.js');
    expect(modules.has('pkg:yaml')).toBe(false);
  });

  test('a samconfig.toml loads the TOML reader', () => {
    const { modules } = loaded(['--format', 'compact', 'with-samconfig/template.yaml'], p.dir);
    expect(modules).toContain('pkg:smol-toml');
    expect(modules.has('pkg:yaml')).toBe(false);
  });

  test('a proxy route with a handler file loads web-tree-sitter', () => {
    const { modules } = loaded(['--format', 'compact', 'proxy/template.yaml'], p.dir);
    expect(modules).toContain('pkg:web-tree-sitter');
  });

  test('explain loads its own modules (the fix search among them); --print-model its printer', () => {
    const explain = loaded(['explain', 'plain.yaml'], p.dir).modules;
    for (const m of ['dist/src/explain/index.js', 'dist/src/explain/fix.js', 'dist/src/explain/format.js', 'dist/src/simulate/gateway.js']) expect(explain).toContain(m);
    expect(loaded(['--print-model', 'plain.yaml'], p.dir).modules).toContain('dist/src/model/print.js');
  });

  test('lsp loads the language server and its protocol library (and no report format)', () => {
    // standard input is empty: the server starts, sees its client gone, and ends
    const { modules } = loaded(['lsp', '--stdio'], p.dir);
    for (const m of ['dist/src/cli/lsp.js', 'dist/src/lsp/server.js', 'dist/src/lsp/session.js', 'pkg:vscode-languageserver']) expect(modules).toContain(m);
    expect([...modules].filter((m) => /^dist\/src\/report\/(text|compact|json|sarif|gitlab|github)\.js$/.test(m) || m === 'pkg:eslint-formatter-friendly')).toEqual([]);
  });
});
