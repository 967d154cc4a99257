/**
 * Issue 12 item 3, never pass silently: what a run could not check is said in the default output (one summary line
 * on standard error, by kind), listed with its place and kind under --verbose, carried as data (`notChecked` on the
 * file's JSON result, a SARIF tool notification whose descriptor id is the kind), and --fail-on-unchecked fails on
 * it. Items are told apart by kind, never by wording; what is not relevant to CORS is not counted.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, project } from './helpers.js';
import { sarifSchemaErrors, testWithSarifSchema } from '../helpers/report-schemas.js';

const TEMPLATE = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Api:',
  '    Type: AWS::Serverless::Api',
  '    Properties:',
  '      StageName: prod',
  '      Cors:',
  `        AllowOrigin: "'https://app.example.com'"`,
  '      DefinitionBody:',
  '        Fn::Transform:',
  '          Name: AWS::Include',
  '          Parameters:',
  '            Location: s3://bucket/api.yaml', // 14:23
  '  Orders:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Runtime: java21', // 18:16
  '      Handler: orders.Handler::handleRequest',
  '      CodeUri: orders/',
  '      Events:',
  '        List:',
  '          Type: Api',
  '          Properties:',
  '            RestApiId: !Ref Shop',
  '            Path: /orders',
  '            Method: get',
  '  Shop:',
  '    Type: AWS::Serverless::Api',
  '    Properties:',
  '      StageName: prod',
  '      Cors:',
  `        AllowOrigin: "'https://app.example.com'"`,
  '',
].join('\n');

// the same Java function behind an API without CORS: nothing relevant to CORS is left unchecked
const NO_CORS = TEMPLATE.split('\n').slice(0, 3).concat(TEMPLATE.split('\n').slice(14, 31), ['']).join('\n');

// the API with the S3 body has no routes that can be known: the one route with CORS is Shop's, whose handler is not read
const SUMMARY = 'cors-lint: not checked: 1 of 1 route with CORS; 1 OpenAPI document outside the repository (S3 or a URL), 1 handler not read (runtime java21) (--verbose lists them)\n';

test('the default text report: exit 0, and one summary line by kind on standard error', async () => {
  const p = project({ 'template.yaml': TEMPLATE, 'orders/.keep': '' });
  try {
    const r = await cli(['template.yaml'], { cwd: p.dir });
    expect(r).toEqual({ code: 0, stdout: '', stderr: SUMMARY });
    const compact = await cli(['--format', 'compact', 'template.yaml'], { cwd: p.dir });
    expect(compact).toEqual({ code: 0, stdout: '', stderr: SUMMARY });
  } finally {
    p.remove();
  }
});

test('--verbose lists each with its place and kind, before skipped files', async () => {
  const p = project({ 'template.yaml': TEMPLATE, 'orders/.keep': '', 'package.json': '{}' });
  try {
    const r = await cli(['--verbose', '.'], { cwd: p.dir });
    expect(r.code).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      "cors-lint: note: template.yaml:14:23: 's3://bucket/api.yaml' is not a local file; its content is not checked [not checked: remote-openapi]",
      "cors-lint: note: template.yaml:18:16: the handler of function 'Orders' is not read: runtime 'java21' is not read (only Node.js and Python handlers are) [not checked: unreadable-handler]",
      // a note of a kind that is not counted (the same API's Cors, whose effect the remote body hides) stays a plain note
      "cors-lint: note: template.yaml:8:7: The Cors of REST API 'Api' is not checked: its OpenAPI definition cannot be read, so which paths SAM adds OPTIONS to is not known",
      'cors-lint: skipped package.json: not a CloudFormation template (no Resources section)',
      'cors-lint: not checked: 1 of 1 route with CORS; 1 OpenAPI document outside the repository (S3 or a URL), 1 handler not read (runtime java21)',
    ]);
  } finally {
    p.remove();
  }
});

test('--format json: notChecked on the file\'s result, with kind, line, column and message', async () => {
  const p = project({ 'template.yaml': TEMPLATE, 'orders/.keep': '' });
  try {
    const r = await cli(['--format', 'json', 'template.yaml'], { cwd: p.dir });
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout) as Array<{ filePath: string; messages: unknown[]; notChecked?: Array<{ kind: string; line: number; column: number; message: string }> }>;
    expect(results.map((x) => [x.filePath, x.messages.length])).toEqual([[join(p.dir, 'template.yaml'), 0]]);
    expect(results[0]!.notChecked!.map((n) => [n.kind, n.line, n.column])).toEqual([
      ['remote-openapi', 14, 23],
      ['unreadable-handler', 18, 16],
    ]);
    // the handler stage's reason kind and its detail come along
    expect(results[0]!.notChecked![1]).toMatchObject({ reason: 'runtime-not-read', detail: 'java21' });
  } finally {
    p.remove();
  }
});

testWithSarifSchema('--format sarif: a note-level tool notification per item, its descriptor id the kind', async () => {
  const p = project({ 'template.yaml': TEMPLATE, 'orders/.keep': '' });
  try {
    const r = await cli(['--format', 'sarif', 'template.yaml'], { cwd: p.dir });
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout);
    expect(sarifSchemaErrors(log)).toEqual([]);
    const invocation = log.runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(true);
    const notes = invocation.toolExecutionNotifications.map((n: { level: string; descriptor: { id: string }; locations: Array<{ physicalLocation: { region: { startLine: number; startColumn: number } } }> }) => [
      n.level,
      n.descriptor.id,
      n.locations[0]!.physicalLocation.region.startLine,
      n.locations[0]!.physicalLocation.region.startColumn,
    ]);
    expect(notes).toEqual([
      ['note', 'remote-openapi', 14, 23],
      ['note', 'unreadable-handler', 18, 16],
    ]);
  } finally {
    p.remove();
  }
}, 30_000); // compiling the SARIF schema takes seconds on a loaded machine

test('--fail-on-unchecked: exit 1 when something was not checked, 0 when everything was', async () => {
  const p = project({ 'template.yaml': TEMPLATE, 'clean.yaml': NO_CORS, 'orders/.keep': '' });
  try {
    const r = await cli(['--fail-on-unchecked', 'template.yaml'], { cwd: p.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${SUMMARY}cors-lint: --fail-on-unchecked: something relevant to CORS was not checked\n`);
    const clean = await cli(['--fail-on-unchecked', 'clean.yaml'], { cwd: p.dir });
    expect(clean).toEqual({ code: 0, stdout: '', stderr: '' });
  } finally {
    p.remove();
  }
});

test('the summary groups an item kind by the reasons the stages give, most frequent first, at most three', async () => {
  const { notCheckedSummary } = await import('../../src/coverage.js');
  let line = 0;
  const note = (reason: string | undefined, detail?: string) => ({ kind: 'unreadable-handler' as const, file: 'a.yaml', line: ++line, column: 1, message: 'm', ...(reason ? { reason } : {}), ...(detail ? { detail } : {}) });
  const notes = [note('code-in-s3'), note('code-in-s3'), note('runtime-not-read', 'java21'), note('code-missing'), note('package'), note(undefined)];
  expect(notCheckedSummary(notes, false)).toBe('not checked: 6 handlers not read (2 code in S3, 1 code not found, 1 runtime java21, …)');
});

// routes with CORS: two Lambda proxy routes on a REST API with Cors (one read, one Java), SAM's generated OPTIONS
// (not counted: configuration), and an HTTP API with a CORS configuration and two routes (API Gateway answers for
// CORS there, so they are checked from the template); a REST API without CORS intent is not counted at all
const ROUTES = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Api:',
  '    Type: AWS::Serverless::Api',
  '    Properties:',
  '      StageName: prod',
  '      Cors:',
  `        AllowOrigin: "'https://app.example.com'"`,
  '  Read:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Runtime: nodejs20.x',
  '      Handler: app.handler',
  '      CodeUri: src/',
  '      Events:',
  '        Get: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /read, Method: get } }',
  '        Plain: { Type: Api, Properties: { RestApiId: !Ref Plain, Path: /plain, Method: get } }',
  '  Java:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Runtime: java21',
  '      Handler: orders.Handler::handleRequest',
  '      CodeUri: orders/',
  '      Events:',
  '        Get: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /java, Method: get } }',
  '  Plain:',
  '    Type: AWS::Serverless::Api',
  '    Properties:',
  '      StageName: prod',
  '  Http:',
  '    Type: AWS::Serverless::HttpApi',
  '    Properties:',
  '      CorsConfiguration:',
  '        AllowOrigins: [https://app.example.com]',
  '  HttpFn:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Runtime: java21',
  '      Handler: h.Handler::handle',
  '      CodeUri: orders/',
  '      Events:',
  '        A: { Type: HttpApi, Properties: { ApiId: !Ref Http, Path: /a, Method: get } }',
  '        B: { Type: HttpApi, Properties: { ApiId: !Ref Http, Path: /b, Method: post } }',
  '',
].join('\n');

test('the line gives how many of the routes with CORS were not checked fully, and the run carries the counts', async () => {
  const p = project({ 'template.yaml': ROUTES, 'orders/.keep': '', 'src/app.js': "exports.handler = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'https://app.example.com' }, body: '' });\n" });
  try {
    const { lint } = await import('../../src/index.js');
    const run = await lint(['template.yaml'], { cwd: p.dir, configLookup: false });
    // REST: GET /read, GET /java (not SAM's OPTIONS, not Plain's GET /plain); HTTP: GET /a, POST /b
    expect(run.routes).toEqual({ routes: 4, unchecked: 1 });
    const r = await cli(['template.yaml'], { cwd: p.dir });
    expect(r.stderr).toBe('cors-lint: not checked: 1 of 4 routes with CORS; 1 handler not read (runtime java21) (--verbose lists them)\n');
    // the read handler makes its route checked: without it, the route is not checked either
    rmSync(join(p.dir, 'src', 'app.js'));
    expect((await lint(['template.yaml'], { cwd: p.dir, configLookup: false })).routes).toEqual({ routes: 4, unchecked: 2 });
  } finally {
    p.remove();
  }
});

test('without unchecked routes the line names only the items; with neither there is no line', async () => {
  const { notCheckedSummary } = await import('../../src/coverage.js');
  const note = { kind: 'remote-openapi' as const, file: 'a.yaml', line: 1, column: 1, message: 'm' };
  expect(notCheckedSummary([note], false, { routes: 4, unchecked: 0 })).toBe('not checked: 1 OpenAPI document outside the repository (S3 or a URL)');
  expect(notCheckedSummary([], false, { routes: 4, unchecked: 0 })).toBeUndefined();
  expect(notCheckedSummary([], true, { routes: 1, unchecked: 1 })).toBe('not checked: 1 of 1 route with CORS (--verbose lists them)');
});
