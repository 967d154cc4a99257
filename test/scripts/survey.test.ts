/**
 * scripts/survey.mjs: the figures it prints are the ones the run gave. Spawned as a user runs it, once on the real
 * build (a small repository of our own) and once on a stand-in binary whose output is fixed, so that both ways of
 * reading notes (the `--verbose` lines, and notes given as data in the JSON report) are held to their counts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { project } from '../cli/helpers.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(REPO, 'scripts', 'survey.mjs');
const BIN = join(REPO, 'bin', 'cors-lint.js');
const built = existsSync(join(REPO, 'dist', 'src', 'cli.js'));
if (!built) console.warn('dist/ is missing: run `npm run build` (npm test does); the survey script tests on the real build are skipped');
const maybe = built ? test : test.skip;

interface Figures {
  folders: Array<Record<string, any>>;
  totals: Record<string, any>;
}

function survey(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; figures?: Figures } {
  const out = project({});
  const json = join(out.dir, 'figures.json');
  try {
    const r = spawnSync(process.execPath, [SCRIPT, '--json', json, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
    const figures = existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as Figures) : undefined;
    return { code: r.status, stdout: r.stdout + r.stderr, figures };
  } finally {
    out.remove();
  }
}

const TEMPLATE = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Api:',
  '    Type: AWS::Serverless::Api',
  '    Properties:',
  '      StageName: prod',
  `      Cors: "'https://app.example.com'"`,
  '  Items:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      CodeUri: src/',
  '      Handler: app.handler',
  '      Runtime: nodejs20.x',
  '      Events:',
  '        Get:',
  '          Type: Api',
  '          Properties: { RestApiId: !Ref Api, Path: /items, Method: get }',
  '  Remote:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      CodeUri: s3://bucket/remote.zip',
  '      Handler: app.handler',
  '      Runtime: nodejs20.x',
  '      Events:',
  '        Get:',
  '          Type: Api',
  '          Properties: { RestApiId: !Ref Api, Path: /remote, Method: get }',
  '',
].join('\n');

maybe('the real build on a small repository: templates, the fatal file, findings, notes and handler states', () => {
  const repo = project({
    'template.yaml': TEMPLATE,
    'src/app.js': "exports.handler = async () => ({ statusCode: 200, body: 'hello' });\n",
    'broken.yaml': 'Resources:\n  A:\n    Type: [AWS::S3::Bucket\n',
    'settings.yaml': 'name: not a template\n',
  });
  try {
    const direct = spawnSync(process.execPath, [BIN, '--format', 'json', '.'], { cwd: repo.dir, encoding: 'utf8' });
    const results = JSON.parse(direct.stdout) as Array<{ messages: Array<{ ruleId: string | null; severity: number; fatal?: boolean; line: number }> }>;
    const messages = results.flatMap((r) => r.messages).filter((m) => !m.fatal);
    const fatal = results.flatMap((r) => r.messages).filter((m) => m.fatal);
    expect(fatal).toHaveLength(1);
    const r = survey([repo.dir]);
    expect(r.code).toBe(0);
    const f = r.figures!.folders[0]!;
    expect(f.exitCode).toBe(3);
    expect(f.fatal).toHaveLength(1);
    expect(f.fatal[0].file).toBe('broken.yaml');
    expect(f.fatal[0].line).toBe(fatal[0]!.line);
    // the counts are those of the report itself
    expect(f.errors).toBe(messages.filter((m) => m.severity === 2).length);
    expect(f.warnings).toBe(messages.filter((m) => m.severity === 1).length);
    expect(f.byRule['proxy-missing-allow-origin']).toEqual({ error: 1, warning: 0 });
    // the JSON report carries what was not checked (notChecked), grouped by its kind and the handler stage's reason
    expect(f.notesFrom).toBe('report');
    expect(f.notes).toHaveLength(1);
    expect(f.notesByReason).toEqual({ 'unreadable-handler: code-in-s3': 1 });
    expect(f.skippedByReason).toEqual({ 'not a CloudFormation template (no Resources section)': 1 });
    // the model pass
    expect(f.model.templates).toBe(1);
    expect(f.model.apis).toEqual({ total: 1, cors: 1, byKind: { rest: 1 }, bodyUnknown: 0 });
    expect(f.model.corsRoutes).toBe(2);
    expect(f.model.proxy).toMatchObject({ routes: 2, with: 0, without: 1, unknown: 0, 'not-read': 1, byReach: { 'outside the reader': 1 } });
    const byPath = Object.fromEntries(f.model.proxy.list.map((x: Record<string, any>) => [x.path, x]));
    expect(byPath['/items']).toMatchObject({ state: 'without', statuses: ['200'], source: 'src/app.js', language: 'javascript' });
    expect(byPath['/remote']).toMatchObject({ state: 'not-read' });
    expect(byPath['/remote'].reason).toMatch(/not a local folder/);
    expect(r.stdout).toMatch(/^TOTAL {2}1 folders$/m);
  } finally {
    repo.remove();
  }
});

// A stand-in for cors-lint that prints what the file named by SURVEY_FAKE says.
const FAKE_BIN = [
  "import { readFileSync } from 'node:fs';",
  "const { stdout, stderr, exit } = JSON.parse(readFileSync(process.env.SURVEY_FAKE, 'utf8'));",
  'process.stdout.write(stdout); process.stderr.write(stderr); process.exitCode = exit;',
  '',
].join('\n');

function fake(output: { stdout: string; stderr: string; exit: number }): Figures & { code: number | null; text: string } {
  const dir = project({ 'bin.mjs': FAKE_BIN, 'output.json': JSON.stringify(output), 'repo/template.yaml': 'Resources: {}\n' });
  try {
    const r = survey(['--bin', join(dir.dir, 'bin.mjs'), '--no-model', join(dir.dir, 'repo')], { SURVEY_FAKE: join(dir.dir, 'output.json') });
    return { ...(r.figures ?? { folders: [], totals: {} }), code: r.code, text: r.stdout };
  } finally {
    rmSync(dir.dir, { recursive: true, force: true });
  }
}

const result = (file: string, messages: object[]) => ({ filePath: file, messages, suppressedMessages: [], errorCount: 0, warningCount: 0 });

test('notes from the --verbose lines, grouped by reason, and findings by rule and severity', () => {
  const report = [
    result('template.yaml', [
      { ruleId: 'wildcard-origin', severity: 1, message: 'm', line: 4, column: 7 },
      { ruleId: 'wildcard-origin', severity: 2, message: 'm', line: 9, column: 7 },
      { ruleId: null, severity: 2, fatal: true, message: 'YAML syntax error', line: 2, column: 1 },
    ]),
  ];
  const stderr = [
    "cors-lint: skipped package.json: not a CloudFormation template (no Resources section)",
    "cors-lint: note: template.yaml:12:5: the handler of function 'A' is not read: runtime 'java21' is not read",
    "cors-lint: note: template.yaml:30:5: the handler of function 'B' is not read: runtime 'go1.x' is not read",
    "cors-lint: note: template.yaml:40:9: GET /items/{id}: the handler is not read: the integration calls a function the template does not name",
    'something else',
    '',
  ].join('\n');
  const f = fake({ stdout: JSON.stringify(report), stderr, exit: 3 });
  expect(f.code).toBe(0);
  const folder = f.folders[0]!;
  expect(folder.notesFrom).toBe('stderr');
  expect(folder.byRule).toEqual({ 'wildcard-origin': { error: 1, warning: 1 } });
  expect(folder.fatal).toEqual([{ file: 'template.yaml', line: 2, column: 1, message: 'YAML syntax error' }]);
  expect(folder.notesByReason).toEqual({
    "the handler of function '…' is not read: runtime '…' is not read": 2,
    'the handler is not read: the integration calls a function the template does not name': 1,
  });
  expect(folder.notes[2]).toEqual({ file: 'template.yaml', line: 40, column: 9, message: expect.stringMatching(/^GET \/items/) });
  expect(folder.skippedByReason).toEqual({ 'not a CloudFormation template (no Resources section)': 1 });
  expect(folder.stderrOther).toEqual(['something else']);
  expect(f.totals).toMatchObject({ errors: 1, warnings: 1, fatal: 1, skipped: 1 });
});

test('notes given as data in the JSON report win over the --verbose lines', () => {
  const report = {
    results: [result('template.yaml', [])],
    notes: [
      { file: 'template.yaml', line: 3, column: 1, message: 'handler in S3', reason: 'code-in-s3' },
      { file: 'template.yaml', line: 8, column: 1, message: 'java21 runtime', reason: 'runtime-not-read' },
      { file: 'template.yaml', line: 9, column: 1, message: 'java21 runtime', reason: 'runtime-not-read' },
    ],
  };
  const stderr = "cors-lint: note: template.yaml:1:1: the same said in words\n";
  const f = fake({ stdout: JSON.stringify(report), stderr, exit: 0 });
  const folder = f.folders[0]!;
  expect(folder.notesFrom).toBe('report');
  expect(folder.notesByReason).toEqual({ 'runtime-not-read': 2, 'code-in-s3': 1 });
  expect(f.totals.notesByReason).toEqual({ 'runtime-not-read': 2, 'code-in-s3': 1 });
});

test('a run whose report is not JSON fails the survey (exit 2) and says why', () => {
  const f = fake({ stdout: 'Error: something broke\n    at x (y.js:1:1)\n', stderr: '', exit: 2 });
  expect(f.code).toBe(2);
  expect(f.folders[0]!.failed).toMatch(/^no JSON report \(exit 2\)/);
  expect(f.text).toMatch(/FAILED: no JSON report/);
});
