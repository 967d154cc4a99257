import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, type CliIO } from '../../src/cli.js';
import { TEMPLATES } from './helpers.js';

const ROOT = join(__dirname, '..', '..');

async function cliIn(cwd: string, stdin: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    readStdin: async () => new Uint8Array(Buffer.from(stdin, 'utf8')),
    env: {},
    cwd,
  };
  const code = await run(['explain', ...args], io);
  return { code, out, err };
}

function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return cliIn(ROOT, '', ...args);
}

const template = (name: string) => join('test', 'explain', 'templates', name);
const PUT = ['--origin', 'https://app.example.com', '--method', 'PUT', '--path', '/cart/42', '--header', 'Authorization', '--header', 'Content-Type'];

describe('cors-lint explain', () => {
  test('a blocked request: the story, Chromium\'s sentence, the fix, and exit 1', async () => {
    const { code, out } = await cli(template('sam-rest-authorizer-on-preflight.yaml'), ...PUT);
    expect(code).toBe(1);
    expect(out).toContain("REST API 'ShopApi' routes OPTIONS /cart/42 to SAM's generated MOCK OPTIONS /cart/{item}. (test/explain/templates/sam-rest-authorizer-on-preflight.yaml:");
    expect(out).toContain('Verdict   BLOCKED — PreflightMissingAllowOriginHeader');
    expect(out).toContain("has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.");
    expect(out).toContain('AddDefaultAuthorizerToCorsPreflight: false');
    expect(out).toMatch(/Keep the default authorizer off .*\(test\/explain\/templates\/sam-rest-authorizer-on-preflight\.yaml:14:7\)/);
  });

  test('an allowed request exits 0', async () => {
    const { code, out } = await cli(template('cfn-rest-mock.yaml'), '--origin', 'https://app.example.com', '--method', 'GET', '--path', '/health');
    expect(out).toContain('Verdict   ALLOWED');
    expect(out).toContain('No preflight');
    expect(code).toBe(0);
  });

  test('--format json gives the same as data', async () => {
    const { code, out } = await cli(template('sam-rest-authorizer-on-preflight.yaml'), ...PUT, '--format', 'json');
    expect(code).toBe(1);
    const data = JSON.parse(out);
    expect(data.verdict.outcome).toBe('blocked');
    expect(data.verdict.error.name).toBe('PreflightMissingAllowOriginHeader');
    expect(data.preflight.answer.answeredBy).toBe('rejected');
    expect(data.preflight.response.status).toBe(401);
    expect(data.preflight.request.headers['access-control-request-headers']).toBe('authorization,content-type');
    expect(data.actual.sent).toBe(false);
    expect(data.fixes[0].location).toBe('test/explain/templates/sam-rest-authorizer-on-preflight.yaml:14:7');
    expect(data.afterFixes.outcome).toBe('unknown');
  });

  test('the route matrix without --method and --path', async () => {
    const { code, out } = await cli(template('sam-rest-authorizer-on-preflight.yaml'));
    expect(code).toBe(1);
    expect(out).toContain('!! GET /cart');
    expect(out).toContain('The preflight fails for every allowed origin on: GET /cart, PUT /cart/{item}.');
    const json = JSON.parse((await cli(template('http-api-cors.yaml'), '--format', 'json')).out);
    expect(json.apis[0].routes.map((r: { route: string }) => r.route)).toEqual(['GET /products', 'PUT /products/{id}']);
  });

  test('bad arguments exit 2 with a one-line message', async () => {
    const bad = [
      ['--origin', 'app.example.com', '--method', 'GET', '--path', '/x'],
      ['--origin', 'https://app.example.com', '--method', 'GET'],
      ['--origin', 'https://app.example.com', '--method', 'GET', '--path', 'x'],
      ['--origin', 'https://app.example.com', '--method', 'GET', '--path', '/x', '--header', 'Cookie: a=1'],
      ['--origin', 'https://app.example.com', '--method', 'GET', '--path', '/x', '--credentials', 'always'],
      ['--origin', 'https://app.example.com', '--method', 'GET', '--path', '/x', '--api', 'Nope'],
      ['--format', 'sarif'],
      ['--no-such-option'],
    ];
    for (const args of bad) {
      const { code, err } = await cli(template('cfn-rest-mock.yaml'), ...args);
      expect([args.join(' '), code]).toEqual([args.join(' '), 2]);
      expect(err.trim().split('\n')[0]).toMatch(/^(cors-lint explain: |error: )/);
      expect(err).not.toMatch(/\n\s+at /);
    }
  });

  test('an origin written with a trailing slash is read as the browser sends it, with a note', async () => {
    const { code, err, out } = await cli(template('cfn-rest-mock.yaml'), '--origin', 'https://app.example.com/', '--method', 'GET', '--path', '/health');
    expect(code).toBe(0);
    expect(err).toContain("note: the browser sends the origin 'https://app.example.com'");
    expect(out).toContain('from https://app.example.com\n');
  });

  test('a template that is not there is a bad command line (exit 2), as in linting', async () => {
    const missing = await cli(join(TEMPLATES, 'missing.yaml'), ...PUT);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^cors-lint explain: '.*missing\.yaml': no such file or directory\n$/);
  });

  test('help exits 0', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(0);
    expect(out).toContain('--origin <url>');
  });
});

describe('cors-lint explain reads templates as linting does', () => {
  const OTHER = 'https://notes.example.org';
  const POST = ['--origin', OTHER, '--method', 'POST', '--path', '/notes', '--header', 'Content-Type:application/json', '--format', 'json'];
  const proxy = template(join('sam-rest-proxy', 'template.yaml'));
  /** The Access-Control-Allow-Origin of the preflight answer, from the JSON story. */
  const preflightOrigin = (out: string) =>
    (JSON.parse(out).preflight.response.headers as Array<{ name: string; value?: string }>).find((h) => h.name === 'Access-Control-Allow-Origin')?.value;

  let dir: string;
  let project: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cors-lint-explain-cli-'));
  });
  beforeEach(() => {
    project = mkdtempSync(join(dir, 'project-'));
    cpSync(join(TEMPLATES, 'sam-rest-proxy'), project, { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("without a value, the parameter's default decides, and another origin fails the preflight", async () => {
    const { code, out } = await cli(proxy, ...POST);
    expect(code).toBe(1);
    expect(preflightOrigin(out)).toBe('https://app.example.com');
    expect(JSON.parse(out).verdict.error.name).toBe('PreflightAllowOriginMismatch');
  });

  test('--parameter-overrides, before or after the template (words that are not Key=Value are the template)', async () => {
    for (const args of [[proxy, '--parameter-overrides', `FrontendOrigin=${OTHER}`, ...POST], ['--parameter-overrides', `FrontendOrigin=${OTHER}`, proxy, ...POST]]) {
      const { code, out, err } = await cli(...args);
      expect(err).toBe('');
      expect(preflightOrigin(out)).toBe(OTHER);
      // The preflight passes now; the handler's 400 answer still lacks the header.
      expect(JSON.parse(out).verdict.paths).toEqual([
        { label: 'return path 1 (400)', location: 'test/explain/templates/sam-rest-proxy/src/notes.js:11:12', outcome: 'blocked', error: 'MissingAllowOriginHeader' },
        { label: 'return path 2 (201)', location: 'test/explain/templates/sam-rest-proxy/src/notes.js:13:10', outcome: 'allowed' },
      ]);
      expect(code).toBe(1);
    }
  });

  test('--parameters FILE, and the samconfig environment beside the template (--config-env)', async () => {
    writeFileSync(join(project, 'params.json'), JSON.stringify([{ ParameterKey: 'FrontendOrigin', ParameterValue: OTHER }]));
    expect(preflightOrigin((await cliIn(project, '', 'template.yaml', '--parameters', 'params.json', ...POST)).out)).toBe(OTHER);
    writeFileSync(join(project, 'samconfig.toml'), ['version = 0.1', '[prod.deploy.parameters]', `parameter_overrides = "FrontendOrigin=${OTHER}"`].join('\n'));
    expect(preflightOrigin((await cliIn(project, '', 'template.yaml', ...POST)).out)).toBe('https://app.example.com');
    expect(preflightOrigin((await cliIn(project, '', 'template.yaml', '--config-env', 'prod', ...POST)).out)).toBe(OTHER);
  });

  test('the parameters of a configuration file apply, found beside the template or given with --config; the command line wins', async () => {
    writeFileSync(join(project, '.cors-lint.yaml'), `parameters:\n  FrontendOrigin: ${OTHER}\nignorePatterns: ['template.yaml']\n`);
    expect(preflightOrigin((await cliIn(project, '', 'template.yaml', ...POST)).out)).toBe(OTHER);
    writeFileSync(join(project, 'ci.yaml'), 'parameters:\n  FrontendOrigin: https://ci.example.org\n');
    expect(preflightOrigin((await cliIn(project, '', 'template.yaml', '--config', 'ci.yaml', ...POST)).out)).toBe('https://ci.example.org');
    const given = await cliIn(project, '', 'template.yaml', '--parameter-overrides', 'FrontendOrigin=https://given.example.org', ...POST);
    expect(preflightOrigin(given.out)).toBe('https://given.example.org');
    writeFileSync(join(project, 'bad.yaml'), 'rules:\n  no-such-rule: error\n');
    const bad = await cliIn(project, '', 'template.yaml', '--config', 'bad.yaml', ...POST);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^cors-lint explain: bad\.yaml:2:3: .*no-such-rule/);
  });

  test('a template on standard input, its handlers found beside --stdin-filename', async () => {
    const text = readFileSync(join(TEMPLATES, 'sam-rest-proxy', 'template.yaml'), 'utf8');
    const { code, out } = await cliIn(ROOT, text, '-', '--stdin-filename', proxy, '--origin', 'https://app.example.com', '--method', 'POST', '--path', '/notes', '--header', 'Content-Type:application/json');
    expect(code).toBe(1);
    expect(out).toContain('return path 1 (400) at test/explain/templates/sam-rest-proxy/src/notes.js:11:12: blocked (MissingAllowOriginHeader)');
    const broken = await cliIn(ROOT, 'Resources:\n  A: [\n', '-', '--stdin-filename', 'broken.yaml');
    expect(broken.code).toBe(3);
    expect(broken.err).toMatch(/^cors-lint explain: broken\.yaml:\d+:\d+: /);
  });

  test('--parameter is not an option: the message names the linting one', async () => {
    for (const args of [['--parameter', 'FrontendOrigin=x'], ['--parameter=FrontendOrigin=x']]) {
      const { code, err } = await cli(proxy, ...args);
      expect(code).toBe(2);
      expect(err).toBe('cors-lint explain: --parameter: give parameter values as in linting, with --parameter-overrides Name=Value (several pairs may follow it) or --parameters FILE\n');
    }
  });

  test('one template: a folder, two templates or none are bad command lines; an unreadable one exits 3', async () => {
    const folder = await cli(join('test', 'explain', 'templates'));
    expect([folder.code, folder.err]).toEqual([2, "cors-lint explain: 'test/explain/templates' is a folder: explain reads one template\n"]);
    const two = await cli(proxy, template('cfn-rest-mock.yaml'));
    expect([two.code, two.err.split('\n')[0]]).toEqual([2, 'error: too many arguments. Expected 1 argument but got 2.']);
    const swallowed = await cli('--parameter-overrides', 'A=1', proxy, template('cfn-rest-mock.yaml'));
    expect([swallowed.code, swallowed.err]).toEqual([2, `cors-lint explain: explain reads one template, not 2 (${proxy}, ${template('cfn-rest-mock.yaml')})\n`]);
    expect((await cli()).code).toBe(2);
    writeFileSync(join(project, 'data.json'), '{"name": "not a template"}');
    const notTemplate = await cliIn(project, '', 'data.json');
    expect(notTemplate.code).toBe(3);
    expect(notTemplate.err).toMatch(/^cors-lint explain: data\.json:1:1: not a CloudFormation template/);
    writeFileSync(join(project, 'broken.yaml'), 'Resources:\n  Api:\n    Type: [\n');
    const broken = await cliIn(project, '', 'broken.yaml');
    expect(broken.code).toBe(3);
    expect(broken.err).toMatch(/^cors-lint explain: broken\.yaml:\d+:\d+: /);
    expect(broken.err).not.toMatch(/\n\s+at /);
  });

  test('--verbose says what could not be read', async () => {
    writeFileSync(join(project, 'src', 'notes.js'), 'exports.create = async (event) => build(event);\n');
    const quiet = await cliIn(project, '', 'template.yaml');
    expect(quiet.err).toBe('');
    const { err } = await cliIn(project, '', 'template.yaml', '--verbose');
    expect(err).toContain("cors-lint explain: note: template.yaml:26:16: the handler of function 'ListNotesFunction' is not read: 'list' is not exported by notes.js\n");
    expect(err).toMatch(/cors-lint explain: note: src\/notes\.js:1:\d+: a response of handler 'notes\.create' .* cannot be read/);
  });
});

describe('docs/explain.md', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'explain.md'), 'utf8');
  const blocks = [...doc.matchAll(/```console\n([\s\S]*?)```/g)].map((m) => m[1]!);

  test('shows a blocked and an allowed request', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    expect(doc).toContain('Verdict   BLOCKED');
    expect(doc).toContain('Verdict   ALLOWED');
  });

  test.each(blocks.map((b, i) => [i + 1, b] as [number, string]))('example %d is what the command prints', async (_i, block) => {
    const lines = block.split('\n');
    let command = '';
    let i = 0;
    for (; i < lines.length; i++) {
      const line = lines[i]!.replace(/^\$ /, '');
      command += ` ${line.replace(/\\$/, '')}`;
      if (!line.endsWith('\\')) break;
    }
    const args = command.trim().split(/\s+/);
    expect(args.slice(0, 2)).toEqual(['cors-lint', 'explain']);
    const expected = lines.slice(i + 1).join('\n').trimEnd();
    const { out } = await cli(...args.slice(2));
    expect(out.trimEnd()).toBe(expected);
  });
});
