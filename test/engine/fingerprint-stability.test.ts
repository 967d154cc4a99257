/**
 * Fingerprints stay put: a finding keeps its fingerprint when lines move (every fixture, templates and handler
 * files alike, with lines added at the top), when its message is reworded (every rule's messages rewritten), when
 * a route is added to the API it is about (messages that list routes change, fingerprints do not), and whichever
 * folder the run starts from. They still tell findings apart: no two findings of one run share one, and a
 * different value is a different finding.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { lint, rules } from '../../src/index.js';
import type { LintResult } from '../../src/types.js';

const ROOT = join(__dirname, '..', '..');
jest.setTimeout(120_000);

/** A copy of `from` in a temporary repository (a `.git` folder marks its root). */
function repository(from?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cors-lint-fingerprints-'));
  mkdirSync(join(dir, '.git'));
  if (from) cpSync(from, join(dir, 'fixtures'), { recursive: true });
  return dir;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Lines added at the top of a file, as a comment its language reads (JSON takes blank lines). */
function moveLines(file: string): void {
  const comment = /\.(ya?ml|template|py)$/.test(file) ? '# moved\n' : /\.[cm]?[jt]s$/.test(file) ? '// moved\n' : /\.json$/.test(file) ? '\n' : undefined;
  if (comment === undefined) return;
  const text = readFileSync(file, 'utf8');
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  writeFileSync(file, bom + comment.repeat(3) + text.slice(bom.length));
}

interface Seen {
  file: string;
  ruleId: string;
  line: number;
  message: string;
  fingerprint: string;
}

function findings(results: LintResult[], root: string): Seen[] {
  return results
    .flatMap((r) => [...r.messages, ...r.suppressedMessages].filter((m) => !m.fatal).map((m) => ({ file: relative(root, r.filePath), ruleId: m.ruleId ?? '', line: m.line, message: m.message, fingerprint: m.fingerprint ?? '' })))
    .sort((a, b) => (a.file + a.ruleId + a.fingerprint < b.file + b.ruleId + b.fingerprint ? -1 : 1));
}

const identity = (f: Seen) => `${f.file} ${f.ruleId} ${f.fingerprint}`;

describe('fingerprints over every fixture', () => {
  let original: string;
  let before: Seen[];
  beforeAll(async () => {
    original = repository(join(ROOT, 'fixtures'));
    before = findings((await lint(['fixtures'], { cwd: original, threads: 1, reportUnusedDisableDirectives: true })).results, original);
  });
  afterAll(() => rmSync(original, { recursive: true, force: true }));

  test('every finding has one, and no two findings of the run share one', () => {
    expect(before.length).toBeGreaterThan(200);
    expect(before.filter((f) => !/^[0-9a-f]{32}$/.test(f.fingerprint))).toEqual([]);
    const counts = new Map<string, number>();
    for (const f of before) counts.set(f.fingerprint, (counts.get(f.fingerprint) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
  });

  test('moving lines keeps them (three lines added at the top of every template and handler file)', async () => {
    const moved = repository(join(ROOT, 'fixtures'));
    try {
      for (const file of files(join(moved, 'fixtures'))) moveLines(file);
      const after = findings((await lint(['fixtures'], { cwd: moved, threads: 1, reportUnusedDisableDirectives: true })).results, moved);
      expect(after.map(identity)).toEqual(before.map(identity));
      // the findings did move
      const lines = new Map(before.map((f) => [identity(f), f.line]));
      expect(after.filter((f) => f.line === lines.get(identity(f))).map(identity)).toEqual([]);
    } finally {
      rmSync(moved, { recursive: true, force: true });
    }
  });

  test('rewording every message keeps them', async () => {
    const reworded = rules.map((rule) => ({
      ...rule,
      check: (model: unknown, context: Parameters<typeof rule.check>[1]) =>
        rule.check(model as never, { ...context, options: context.options, report: (d) => context.report({ ...d, message: `Reworded: ${d.message.toUpperCase()}` }) }),
    }));
    const after = findings((await lint(['fixtures'], { cwd: original, threads: 1, rules: reworded, reportUnusedDisableDirectives: true })).results, original);
    expect(after.filter((f) => f.ruleId !== 'unused-disable-directive' && f.ruleId !== 'invalid-disable-directive').every((f) => f.message.startsWith('Reworded: '))).toBe(true);
    expect(after.map(identity)).toEqual(before.map(identity));
  });

  test('starting from another folder of the repository keeps them', async () => {
    const inner = findings((await lint(['.'], { cwd: join(original, 'fixtures'), threads: 1, reportUnusedDisableDirectives: true })).results, original);
    expect(inner.map(identity)).toEqual(before.map(identity));
  });
});

const API = [
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Api:',
  '    Type: AWS::Serverless::Api',
  '    Properties:',
  '      StageName: prod',
  '      Cors:',
  `        AllowOrigin: "'ORIGIN'"`,
  `        AllowMethods: "'GET,OPTIONS'"`,
  `        AllowHeaders: "'Content-Type'"`,
  '      Auth:',
  '        DefaultAuthorizer: Cognito',
  '        Authorizers:',
  '          Cognito:',
  '            UserPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc',
  '  Orders:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Runtime: python3.12',
  '      Handler: index.handler',
  '      InlineCode: |',
  '        def handler(event, context):',
  '            return {"statusCode": 200, "body": "[]"}',
  '      Events:',
  'EVENTS',
  '',
].join('\n');

const event = (name: string, method: string, path: string) =>
  [`        ${name}:`, '          Type: Api', `          Properties: { RestApiId: !Ref Api, Path: '${path}', Method: ${method} }`].join('\n');

async function lintApi(origin: string, events: string[]): Promise<Seen[]> {
  const dir = repository();
  try {
    writeFileSync(join(dir, 'template.yaml'), API.replace('ORIGIN', origin).replace('EVENTS', events.join('\n')));
    return findings((await lint(['template.yaml'], { cwd: dir, threads: 1 })).results, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('adding routes keeps them, though the messages that list routes change', async () => {
  const before = await lintApi('https://app.example.com', [event('Put', 'PUT', '/orders')]);
  const after = await lintApi('https://app.example.com', [event('Patch', 'PATCH', '/orders/{id}'), event('List', 'GET', '/orders'), event('Put', 'PUT', '/orders')]);
  // the findings of the first template, whose messages name the routes
  expect(before.map((f) => f.ruleId).sort()).toEqual(['auth-header-not-allowed', 'gateway-responses-missing-cors', 'preflight-authorizer', 'proxy-missing-allow-origin', 'route-method-not-allowed']);
  expect(after.map(identity)).toEqual(before.map(identity));
  const messages = new Map(before.map((f) => [identity(f), f.message]));
  const changed = after.filter((f) => f.message !== messages.get(identity(f)));
  expect(changed.map((f) => f.ruleId).sort()).toEqual(['auth-header-not-allowed', 'gateway-responses-missing-cors', 'preflight-authorizer', 'proxy-missing-allow-origin', 'route-method-not-allowed']);
  expect(changed.find((f) => f.ruleId === 'route-method-not-allowed')!.message).toContain('PATCH /orders/{id}');
});

test('a different value is a different finding', async () => {
  const star = await lintApi('*', [event('Put', 'PUT', '/orders')]);
  const nul = await lintApi('null', [event('Put', 'PUT', '/orders')]);
  const one = await lintApi('https://app.example.com', [event('Put', 'PUT', '/orders')]);
  const wildcard = star.find((f) => f.ruleId === 'wildcard-origin')!;
  expect(wildcard).toBeDefined();
  expect(nul.find((f) => f.ruleId === 'null-origin')).toBeDefined();
  // the same rule at the same place with another value
  const others = [...nul, ...one].map((f) => f.fingerprint);
  expect(others).not.toContain(wildcard.fingerprint);
});
