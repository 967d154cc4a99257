/**
 * Code scanning that stays put, end to end through the command line, checked against the official SARIF 2.1.0
 * schema and GitLab's Code Quality format:
 *
 * - SARIF and GitLab paths (and fingerprints) are relative to the repository root, the enclosing git work tree
 *   (made by the real git where it is installed), whichever folder the run starts from; `--base-dir` chooses;
 * - problems with suppressions are results with their own rule ids in SARIF, JSON, compact and GitLab;
 * - a finding a rule raises to an error is ranked by its own security severity (a rule of its own in SARIF);
 * - a file that cannot be read (permission denied) still gives a complete, valid SARIF file, exit 3, written
 *   into folders that `-o` creates.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { gitlabProblems, SARIF_SCHEMA, sarifValidator } from '../helpers/report-schemas.js';
import { httpApiTemplate, runCli } from './helpers.js';

const ROOT = join(__dirname, '..', '..');
jest.setTimeout(60_000);

const haveGit = spawnSync('git', ['--version']).status === 0;
if (!haveGit) console.warn('git is not installed: the repository root is marked with a bare .git folder instead of git init');
const validate = sarifValidator();
if (!validate) console.warn(`SARIF schema not found at ${SARIF_SCHEMA}: SARIF is checked for structure only`);

/** A temporary git repository (`git init`, or a `.git` folder without git) holding `files`. */
function repository(files: Record<string, string>, { git = true } = {}): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cors-lint-scanning-'));
  if (git && haveGit) spawnSync('git', ['init', '-q', dir]);
  else if (git) mkdirSync(join(dir, '.git'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function expectValidSarif(log: Sarif.Log): void {
  if (validate) expect(validate(log) ? [] : validate.errors).toEqual([]);
  expect(log.version).toBe('2.1.0');
}

const sarifOf = async (argv: string[], cwd: string) => {
  const r = await runCli(['--format', 'sarif', ...argv], { cwd });
  return { code: r.code, stderr: r.stderr, log: JSON.parse(r.stdout) as Sarif.Log };
};
const uris = (log: Sarif.Log) => (log.runs[0]!.results ?? []).map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri);
const prints = (log: Sarif.Log) => (log.runs[0]!.results ?? []).map((r) => r.partialFingerprints!['corsLint/v1']);

describe('paths relative to the repository root', () => {
  const files = { 'infra/api/template.yaml': httpApiTemplate(['*']), 'infra/README.md': 'infra\n' };

  test('from the root or from infra/ (working-directory: infra): the same paths and fingerprints', async () => {
    const repo = repository(files);
    try {
      const fromRoot = await sarifOf(['infra'], repo.dir);
      const fromInfra = await sarifOf(['.'], join(repo.dir, 'infra'));
      expect(uris(fromRoot.log)).toEqual(['infra/api/template.yaml']);
      expect(uris(fromInfra.log)).toEqual(['infra/api/template.yaml']);
      expect(prints(fromInfra.log)).toEqual(prints(fromRoot.log));
      expect(fromInfra.log.runs[0]!.originalUriBaseIds!['%SRCROOT%']!.uri).toBe(pathToFileURL(repo.dir).href + '/');
      expectValidSarif(fromInfra.log);

      const gitlab = await runCli(['--format', 'gitlab', '.'], { cwd: join(repo.dir, 'infra') });
      const issues = JSON.parse(gitlab.stdout) as Array<{ location: { path: string }; fingerprint: string }>;
      expect(gitlabProblems(issues)).toEqual([]);
      expect(issues.map((i) => i.location.path)).toEqual(['infra/api/template.yaml']);
      // the text and compact reports stay relative to where the run starts
      expect((await runCli(['--format', 'compact', '.'], { cwd: join(repo.dir, 'infra') })).stdout).toMatch(/^api\/template\.yaml:9:13: warning: /);
    } finally {
      repo.cleanup();
    }
  });

  test('--base-dir chooses the root; outside a repository the run folder is the root', async () => {
    const repo = repository(files);
    const loose = repository(files, { git: false });
    try {
      expect(uris((await sarifOf(['--base-dir', '.', '.'], join(repo.dir, 'infra'))).log)).toEqual(['api/template.yaml']);
      expect(uris((await sarifOf(['--base-dir', '..', 'api'], join(repo.dir, 'infra'))).log)).toEqual(['infra/api/template.yaml']);
      expect(uris((await sarifOf(['.'], join(loose.dir, 'infra'))).log)).toEqual(['api/template.yaml']);
      const missing = await runCli(['--base-dir', 'nowhere', '.'], { cwd: repo.dir });
      expect([missing.code, missing.stderr]).toEqual([2, 'cors-lint: --base-dir nowhere: no such folder\n']);
    } finally {
      repo.cleanup();
      loose.cleanup();
    }
  });
});

describe('problems with suppressions are results with their own rule ids', () => {
  const template = [
    'Resources:',
    '  Api:',
    '    Type: AWS::Serverless::HttpApi',
    '    Properties:',
    '      CorsConfiguration:',
    '        AllowOrigins: [https://app.example.com] # cors-lint-disable-line wildcard-origin -- stale',
    '        AllowMethods: [GET] # cors-lint-disable-line wildcard-orign -- a typo',
    '',
  ].join('\n');
  const argv = ['--report-unused-disable-directives', 'template.yaml'];

  test('in SARIF, JSON, compact and GitLab', async () => {
    const repo = repository({ 'template.yaml': template });
    try {
      const sarif = await sarifOf(argv, repo.dir);
      expect(sarif.code).toBe(1);
      expectValidSarif(sarif.log);
      const run = sarif.log.runs[0]!;
      expect(run.invocations![0]!.toolExecutionNotifications).toBeUndefined();
      const results = (run.results ?? []).map((r) => [r.ruleId, r.level, r.locations![0]!.physicalLocation!.region!.startLine, run.tool.driver.rules![r.ruleIndex!]!.id]);
      // (the comment that names an unknown rule is invalid, not unused: one finding per fact)
      expect(results).toEqual([
        ['unused-disable-directive', 'error', 6, 'unused-disable-directive'],
        ['invalid-disable-directive', 'warning', 7, 'invalid-disable-directive'],
      ]);
      const rule = run.tool.driver.rules!.find((r) => r.id === 'unused-disable-directive')!;
      expect(rule.helpUri).toMatch(/\/docs\/configuration\.md#suppressions$/);
      expect(new Set(prints(sarif.log)).size).toBe(2);

      const json = JSON.parse((await runCli(['--format', 'json', ...argv], { cwd: repo.dir })).stdout) as Array<{ messages: Array<{ ruleId: string; fingerprint: string }> }>;
      expect(json[0]!.messages.map((m) => m.ruleId)).toEqual(['unused-disable-directive', 'invalid-disable-directive']);
      expect(json[0]!.messages.map((m) => m.fingerprint).sort()).toEqual([...prints(sarif.log)].sort());

      const compact = (await runCli(['--format', 'compact', ...argv], { cwd: repo.dir })).stdout.trim().split('\n');
      expect(compact.map((l) => /\[([a-z-]+)\]$/.exec(l)?.[1])).toEqual(['unused-disable-directive', 'invalid-disable-directive']);

      const gitlab = JSON.parse((await runCli(['--format', 'gitlab', ...argv], { cwd: repo.dir })).stdout) as Array<{ check_name: string; severity: string }>;
      expect(gitlabProblems(gitlab)).toEqual([]);
      expect(gitlab.map((i) => `${i.check_name} ${i.severity}`)).toEqual(['unused-disable-directive major', 'invalid-disable-directive minor']);
    } finally {
      repo.cleanup();
    }
  });
});

describe('security-severity follows the finding', () => {
  const protectedApi = [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Open:',
    '    Type: AWS::Serverless::HttpApi',
    '    Properties:',
    '      CorsConfiguration:',
    "        AllowOrigins: ['*']",
    // a private endpoint: any page a user inside the network opens reaches it, so the rule raises the '*'
    '  Guarded:',
    '    Type: AWS::Serverless::Api',
    '    Properties:',
    '      EndpointConfiguration: PRIVATE',
    `      Cors: "'*'"`,
    '      StageName: prod',
    '  Me:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Runtime: python3.12',
    '      Handler: index.handler',
    '      CodeUri: src/',
    '      Events:',
    '        Get:',
    '          Type: Api',
    '          Properties: { RestApiId: !Ref Guarded, Path: /me, Method: GET }',
    '',
  ].join('\n');

  test('a * on an open API is the rule (5.3); on a protected one, which the rule raises to an error, its raised rule (7.5)', async () => {
    const repo = repository({ 'template.yaml': protectedApi });
    try {
      const { log } = await sarifOf(['template.yaml'], repo.dir);
      expectValidSarif(log);
      const run = log.runs[0]!;
      const wildcard = (run.results ?? []).filter((r) => r.ruleId?.startsWith('wildcard-origin'));
      const described = wildcard.map((r) => {
        const rule = run.tool.driver.rules![r.ruleIndex!]!;
        return [r.locations![0]!.physicalLocation!.region!.startLine, r.ruleId, r.level, rule.id, rule.properties!['security-severity'], rule.defaultConfiguration!.level];
      });
      expect(described).toEqual([
        [7, 'wildcard-origin', 'warning', 'wildcard-origin', '5.3', 'warning'],
        [12, 'wildcard-origin/raised', 'error', 'wildcard-origin/raised', '7.5', 'error'],
      ]);
      // the same finding keeps its fingerprint key; only the rule it is filed under differs
      expect(wildcard.every((r) => /^[0-9a-f]{32}$/.test(r.partialFingerprints!['corsLint/v1']!))).toBe(true);
      // JSON says it too
      const json = JSON.parse((await runCli(['--format', 'json', 'template.yaml'], { cwd: repo.dir })).stdout) as Array<{ messages: Array<{ ruleId: string; line: number; securitySeverity?: number }> }>;
      expect(json[0]!.messages.filter((m) => m.ruleId === 'wildcard-origin').map((m) => [m.line, m.securitySeverity])).toEqual([
        [7, undefined],
        [12, 7.5],
      ]);
    } finally {
      repo.cleanup();
    }
  });
});

const bin = join(ROOT, 'bin', 'cors-lint.js');
const built = existsSync(join(ROOT, 'dist', 'src', 'cli.js'));
if (!built) console.warn('dist/ is missing: run `npm run build` (npm test does); the unreadable-file SARIF test is skipped');
const root = process.getuid?.() === 0;
// As root the test runs the CLI as nobody (root reads every file), which needs a checkout others may read: a clone
// inside a private folder (mode 0700, as mktemp makes) is not, and the test then says so and skips.
const nobodyCannotRun =
  built && root && spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8', uid: 65534, gid: 65534 }).status !== 0;
if (nobodyCannotRun) console.warn(`running as root in a checkout the user nobody cannot read (${ROOT}): the unreadable-file SARIF test is skipped`);

(built && !nobodyCannotRun ? test : test.skip)('a file that cannot be read: a complete, valid SARIF file in folders -o creates, exit 3', () => {
  const repo = repository({ 'stacks/open.yaml': httpApiTemplate(['*']), 'stacks/secret.yaml': httpApiTemplate(['null']) });
  try {
    chmodSync(join(repo.dir, 'stacks', 'secret.yaml'), 0o000);
    // root reads every file: run as nobody then, in a folder nobody may write to
    if (root) for (const dir of [repo.dir, join(repo.dir, 'stacks')]) chmodSync(dir, 0o777);
    const r = spawnSync(process.execPath, [bin, '--format', 'sarif', '-o', 'reports/code-scanning/cors.sarif', 'stacks'], {
      cwd: repo.dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      ...(root ? { uid: 65534, gid: 65534 } : {}),
    });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('report written to reports/code-scanning/cors.sarif');
    const log = JSON.parse(readFileSync(join(repo.dir, 'reports', 'code-scanning', 'cors.sarif'), 'utf8')) as Sarif.Log;
    expectValidSarif(log);
    const run = log.runs[0]!;
    expect(run.invocations![0]!.executionSuccessful).toBe(false);
    expect(run.invocations![0]!.toolExecutionNotifications!.map((n) => [n.message.text, n.locations![0]!.physicalLocation!.artifactLocation!.uri])).toEqual([
      ['permission denied', 'stacks/secret.yaml'],
    ]);
    expect(uris(log)).toEqual(['stacks/open.yaml']);
    expect(run.tool.driver.rules!.length).toBeGreaterThan(20);
  } finally {
    chmodSync(join(repo.dir, 'stacks', 'secret.yaml'), 0o644);
    repo.cleanup();
  }
});
