/**
 * explain where users hit walls: `--env` (a configuration with allowedOrigins per environment), templates whose
 * only CORS surface is a function URL, fix snippets that are valid YAML (`- '*'`, not `- *`), and a fix for an
 * origin written with a trailing slash that replaces the entry rather than adding a second one.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { run, type CliIO } from '../../src/cli.js';
import { yamlScalar } from '../../src/explain/fix.js';
import { TEMPLATES } from './helpers.js';

async function explain(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, readStdin: async () => new Uint8Array(), env: {}, cwd };
  const code = await run(['explain', ...args], io);
  return { code, out, err };
}

function folder(files: Record<string, string>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cors-lint-explain-gate-'));
  mkdirSync(join(dir, '.git'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The YAML a snippet holds, or the parser's errors; tags such as !Ref are the template's own. */
function yamlErrors(snippet: string): string[] {
  return parseAllDocuments(snippet, { customTags: [{ tag: '!Ref', resolve: (s: string) => s }] }).flatMap((d) => ('errors' in d ? d.errors.map((e) => e.message) : []));
}

const FUNCTION_URL = (origins: string, auth = 'NONE') =>
  [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Orders:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Runtime: nodejs20.x',
    '      Handler: index.handler',
    '      CodeUri: src/',
    '      FunctionUrlConfig:',
    `        AuthType: ${auth}`,
    '        Cors:',
    `          AllowOrigins: ${origins}`,
    '          AllowMethods: [GET, POST]',
    '',
  ].join('\n');

const HTTP_API = (origins: string, headers?: string) =>
  [
    'Resources:',
    '  Api:',
    '    Type: AWS::ApiGatewayV2::Api',
    '    Properties:',
    '      Name: shop',
    '      ProtocolType: HTTP',
    '      CorsConfiguration:',
    `        AllowOrigins: ${origins}`,
    '        AllowMethods: [GET]',
    ...(headers ? [`        AllowHeaders: ${headers}`] : []),
    '  Route:',
    '    Type: AWS::ApiGatewayV2::Route',
    '    Properties:',
    '      ApiId: !Ref Api',
    "      RouteKey: 'PUT /orders/{id}'",
    '',
  ].join('\n');

const PUT = ['--origin', 'https://app.example.com', '--method', 'PUT', '--path', '/orders/1', '--header', 'Content-Type:application/json'];

describe('--env', () => {
  const config = 'allowedOrigins:\n  prod: [https://app.example.com]\n  dev: [https://app.example.com, "http://localhost:3000", "https://*.dev.example.com"]\n';

  test('a configuration with allowedOrigins per environment does not stop explain; --env adds the policy’s origins to the matrix', async () => {
    const f = folder({ '.cors-lint.yaml': config, 'template.yaml': HTTP_API('[https://app.example.com]') });
    try {
      const plain = await explain(f.dir, 'template.yaml');
      expect(plain.err).toBe('');
      expect(plain.out).not.toContain('localhost');
      const dev = await explain(f.dir, 'template.yaml', '--env', 'dev');
      expect(dev.err).toBe('');
      expect(dev.out).toContain('http://localhost:3000 (for the allowedOrigins of --env dev)');
      // a pattern names no one origin to try
      expect(dev.out).not.toContain('dev.example.com');
      const single = await explain(f.dir, 'template.yaml', '--env', 'prod', ...PUT);
      expect(single.out).toContain('Verdict');
      const unknownEnv = await explain(f.dir, 'template.yaml', '--env', 'qa');
      expect([unknownEnv.code, unknownEnv.err]).toEqual([2, "cors-lint explain: .cors-lint.yaml:1:1: allowedOrigins has no environment 'qa' (it has prod, dev)\n"]);
    } finally {
      f.cleanup();
    }
  });
});

describe('a template whose only CORS surface is a function URL', () => {
  test('one request: Lambda answers the preflight from the Cors configuration; the fix replaces an origin written with a trailing slash', async () => {
    const f = folder({ 'template.yaml': FUNCTION_URL("['https://app.example.com/']") });
    try {
      const r = await explain(f.dir, 'template.yaml', ...PUT);
      expect(r.code).toBe(1);
      expect(r.out).toContain("API       function URL of 'Orders' (template.yaml:12:11)");
      expect(r.out).toContain("2. Lambda answers the preflight.\n   Lambda answers the preflight to the function URL of 'Orders' from its Cors configuration, without invoking the function.");
      expect(r.out).toContain('OPTIONS https://orders.lambda-url.us-east-1.on.aws/orders/1');
      expect(r.out).toContain("replace 'https://app.example.com/' with https://app.example.com in AllowOrigins");
      const snippet = r.out.slice(r.out.indexOf('     Cors:'), r.out.indexOf('With these changes'));
      const cors = parseAllDocuments(snippet.replace(/^ {5}/gm, ''))[0]!.toJS() as { Cors: { AllowOrigins: string[]; AllowMethods: string[] } };
      expect(cors.Cors.AllowOrigins).toEqual(['https://app.example.com']);
      expect(cors.Cors.AllowMethods).toEqual(['GET', 'POST', 'PUT']);
      expect(r.out).toContain('With these changes the simulated request is allowed.');
    } finally {
      f.cleanup();
    }
  });

  test('the route matrix, and AuthType AWS_IAM: the unsigned request gets 403', async () => {
    const f = folder({ 'open.yaml': FUNCTION_URL('[https://app.example.com]'), 'iam.yaml': FUNCTION_URL('[https://app.example.com]', 'AWS_IAM') });
    try {
      const matrix = await explain(f.dir, 'open.yaml');
      expect(matrix.out).toMatch(/^function URL of 'Orders' \(open\.yaml:12:11\)$/m);
      expect(matrix.out).toMatch(/^ {2}GET \/ +- +/m);
      expect(matrix.out).toMatch(/^ {2}!! POST \/ +Content-Type +blocked/m);
      const iam = await explain(f.dir, 'iam.yaml', '--origin', 'https://app.example.com', '--method', 'GET', '--path', '/me');
      expect(iam.out).toContain("The function URL of 'Orders' uses AuthType AWS_IAM and the browser does not sign the request: Lambda answers 403 Forbidden.");
    } finally {
      f.cleanup();
    }
  });
});

describe('fix snippets are YAML one can paste', () => {
  test("a '*' kept in a list is quoted ('*'), and the snippet reads back as the lists it shows", async () => {
    // A '*' header stays where nothing depends on it (no credentials, no Authorization); a '*' origin never does.
    const f = folder({ 'template.yaml': HTTP_API('[https://app.example.com]', "['*']") });
    try {
      const r = await explain(f.dir, 'template.yaml', ...PUT);
      expect(r.out).toContain("AllowHeaders: ['*']");
      expect(r.out).not.toMatch(/\[\*\]|- \*$/m);
      const snippet = r.out.slice(r.out.indexOf('     CorsConfiguration:'), r.out.indexOf('With these changes'));
      expect(yamlErrors(snippet.replace(/^ {5}/gm, ''))).toEqual([]);
      const read = (parseAllDocuments(snippet.replace(/^ {5}/gm, ''))[0]!.toJS() as { CorsConfiguration: { AllowOrigins: string[]; AllowHeaders: string[] } }).CorsConfiguration;
      expect(read.AllowHeaders).toEqual(['*']);
      expect(read.AllowOrigins).toEqual(['https://app.example.com']);
    } finally {
      f.cleanup();
    }
  });

  test("a '*' origin is replaced by the page's in the fix (wildcard-origin would flag it)", async () => {
    const f = folder({ 'template.yaml': HTTP_API("['*']") });
    try {
      const r = await explain(f.dir, 'template.yaml', ...PUT, '--format', 'json');
      const data = JSON.parse(r.out) as { fixes: Array<{ snippet: string; title: string }> };
      const origins = (parseAllDocuments(data.fixes[0]!.snippet)[0]!.toJS() as { CorsConfiguration: { AllowOrigins: string[] } }).CorsConfiguration.AllowOrigins;
      expect(origins).toEqual(['https://app.example.com']);
    } finally {
      f.cleanup();
    }
  });

  test('a trailing-slash origin of an HTTP API is replaced, not kept beside the fixed one', async () => {
    const f = folder({ 'template.yaml': HTTP_API("['https://app.example.com/', 'https://admin.example.com']") });
    try {
      const r = await explain(f.dir, 'template.yaml', ...PUT, '--format', 'json');
      const data = JSON.parse(r.out) as { fixes: Array<{ snippet: string; title: string }> };
      const origins = (parseAllDocuments(data.fixes[0]!.snippet)[0]!.toJS() as { CorsConfiguration: { AllowOrigins: string[] } }).CorsConfiguration.AllowOrigins;
      expect(origins).toEqual(['https://admin.example.com', 'https://app.example.com']);
      expect(data.fixes[0]!.title).toContain("replace 'https://app.example.com/' with https://app.example.com");
    } finally {
      f.cleanup();
    }
  });

  test('every template fix of every blocked request of the explain templates parses as YAML', async () => {
    const templates = readdirSync(TEMPLATES).map((n) => join(TEMPLATES, n)).map((p) => (statSync(p).isDirectory() ? join(p, 'template.yaml') : p));
    let checked = 0;
    for (const template of templates) {
      const matrix = JSON.parse((await explain(TEMPLATES, template, '--format', 'json')).out) as {
        apis: Array<{ id: string; routes: Array<{ method: string; path: string; headers: Record<string, string>; credentials: string; cells: Array<{ origin: string; outcome: string }> }> }>;
      };
      for (const row of matrix.apis.flatMap((a) => a.routes.map((r) => ({ ...r, api: a.id })))) {
        for (const cell of row.cells.filter((c) => c.outcome === 'blocked')) {
          const headers = Object.entries(row.headers).flatMap(([n, v]) => ['--header', `${n}:${v}`]);
          const args = [template, '--api', row.api, '--origin', cell.origin, '--method', row.method, '--path', row.path, '--credentials', row.credentials, ...headers, '--format', 'json'];
          const one = JSON.parse((await explain(TEMPLATES, ...args)).out) as { fixes: Array<{ snippet: string; inCode?: boolean }> };
          for (const fix of one.fixes.filter((x) => !x.inCode)) {
            expect([template, yamlErrors(fix.snippet)]).toEqual([template, []]);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(3);
  });

  test('yamlScalar quotes what YAML would read otherwise', () => {
    expect(['*', 'null', 'true', 'on', '8080', 'a: b', '#x', 'a,b', "it's"].map(yamlScalar)).toEqual(["'*'", "'null'", "'true'", "'on'", "'8080'", "'a: b'", "'#x'", "'a,b'", "'it''s'"]);
    expect(['https://app.example.com', 'http://localhost:3000', 'Content-Type', 'GET', 'X-Amz-Date'].map(yamlScalar)).toEqual(['https://app.example.com', 'http://localhost:3000', 'Content-Type', 'GET', 'X-Amz-Date']);
  });
});
