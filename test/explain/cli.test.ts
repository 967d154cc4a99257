import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, type CliIO } from '../../src/cli.js';
import { TEMPLATES } from './helpers.js';

const ROOT = join(__dirname, '..', '..');

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    readStdin: async () => new Uint8Array(),
    env: {},
    cwd: ROOT,
  };
  const code = await run(['explain', ...args], io);
  return { code, out, err };
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

  test('an unreadable template exits 3 with file, line and column', async () => {
    const missing = await cli(join(TEMPLATES, 'missing.yaml'), ...PUT);
    expect(missing.code).toBe(3);
    expect(missing.err).toMatch(/missing\.yaml:1:1: no such file/);
  });

  test('help exits 0', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(0);
    expect(out).toContain('--origin <url>');
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
