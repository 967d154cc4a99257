/** Handler findings in a whole run: files read once, findings grouped by handler file, and the reports. */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { run as runCli, type CliIO } from '../../src/cli.js';
import { HandlerAnalyzer } from '../../src/handlers/index.js';
import { lint } from '../../src/index.js';
import { sarifSchemaErrors, testWithSarifSchema } from '../helpers/report-schemas.js';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');

function cli(args: string[], cwd: string, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    readStdin: async () => Buffer.from(stdin),
    env: { NO_COLOR: '1' },
    cwd,
  };
  return runCli(args, io).then((code) => ({ code, stdout, stderr }));
}

const template = (path: string, fnName: string, handler: string) => `
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: "'https://app.example.com'"
  ${fnName}:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: ${handler}
      Runtime: nodejs20.x
      Events:
        One:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: ${path}, Method: get }
        Two:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: ${path}, Method: post }
`;

describe('a handler file shared by many routes and templates', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cors-lint-run-'));
    cpSync(join(FIXTURES, 'proxy-missing-allow-origin', 'invalid', 'node-commonjs-error-paths', 'src'), join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'a.yaml'), template('/a', 'FnA', 'app.handler'));
    writeFileSync(join(dir, 'b.yaml'), template('/b', 'FnB', 'app.handler'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('is read and parsed once per run, and its findings are gathered in one result', async () => {
    const handlers = new HandlerAnalyzer();
    const run = await lint([dir], { cwd: dir, handlers });
    expect(run.templates).toBe(2);
    expect(handlers.parses).toBe(1);
    const handlerResults = run.results.filter((r) => r.filePath.endsWith('app.js'));
    expect(handlerResults).toHaveLength(1);
    const messages = handlerResults[0]!.messages.filter((m) => m.ruleId === 'proxy-missing-allow-origin');
    // Two returns without the header, once for each template; each finding names both routes of its template.
    expect(messages.map((m) => m.line)).toEqual([7, 7, 17, 17]);
    expect(messages[0]!.message).toMatch(/^GET \/(a|b) and POST \/(a|b) of REST API 'Api': handler 'app.handler'/);
    expect(handlerResults[0]!.source).toBe(readFileSync(join(dir, 'src', 'app.js'), 'utf8'));
    expect(handlerResults[0]!.errorCount).toBe(4);
  });

  test('two templates that make the same finding in one handler file give it once, with both templates as related locations', async () => {
    const same = mkdtempSync(join(tmpdir(), 'cors-lint-run-same-'));
    try {
      cpSync(join(dir, 'src'), join(same, 'src'), { recursive: true });
      writeFileSync(join(same, 'one.yaml'), template('/a', 'FnA', 'app.handler'));
      writeFileSync(join(same, 'two.yaml'), template('/a', 'FnA', 'app.handler'));
      const run = await lint([same], { cwd: same });
      expect(run.templates).toBe(2);
      const messages = run.results.filter((r) => r.filePath.endsWith('app.js')).flatMap((r) => r.messages);
      expect(messages.map((m) => m.line)).toEqual([7, 17]);
      for (const m of messages) {
        const templates = new Set((m.relatedLocations ?? []).map((r) => r.filePath.split('/').pop()));
        expect([...templates].sort()).toEqual(['one.yaml', 'two.yaml']);
      }
    } finally {
      rmSync(same, { recursive: true, force: true });
    }
  });

  test('SARIF names the handler file relative to the working directory, and the route as a related location', async () => {
    const { code, stdout } = await cli(['--format', 'sarif', 'a.yaml'], dir);
    expect(code).toBe(1);
    const log = JSON.parse(stdout) as Sarif.Log;
    const results = log.runs[0]!.results!.filter((r) => r.ruleId === 'proxy-missing-allow-origin');
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(r.locations![0]!.physicalLocation!.artifactLocation).toMatchObject({ uri: 'src/app.js', uriBaseId: '%SRCROOT%' });
      expect(r.relatedLocations!.map((l) => l.physicalLocation!.artifactLocation!.uri)).toContain('a.yaml');
    }
  });

  testWithSarifSchema('that SARIF log, with handler files, is valid against the SARIF 2.1.0 schema', async () => {
    const { stdout } = await cli(['--format', 'sarif', 'a.yaml'], dir);
    expect(sarifSchemaErrors(JSON.parse(stdout))).toEqual([]);
  });

  test('the text report shows the handler code', async () => {
    const { stdout } = await cli(['a.yaml'], dir);
    expect(stdout).toContain('src/app.js:7:');
    expect(stdout).toContain("return { statusCode: 400, body: JSON.stringify({ error: 'id required' }) };");
  });

  test('standard input is linted with its handlers, relative to --stdin-filename', async () => {
    const { code, stdout } = await cli(['--format', 'compact', '--stdin-filename', 'a.yaml', '-'], dir, template('/a', 'FnA', 'app.handler'));
    expect(code).toBe(1);
    expect(stdout.split('\n').filter((l) => l.includes('proxy-missing-allow-origin'))).toHaveLength(2);
  });

  test('--verbose says why a handler is not read', async () => {
    writeFileSync(join(dir, 'c.yaml'), template('/c', 'FnC', 'missing.handler'));
    const { stderr } = await cli(['--verbose', 'c.yaml'], dir);
    expect(stderr).toMatch(/note: c\.yaml:\d+:\d+: the handler of function 'FnC' is not read: handler file 'missing' not found/);
  });
});
