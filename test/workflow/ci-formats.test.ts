/**
 * What CI consumes: SARIF for code scanning (valid against the official schema, within GitHub's limits,
 * suppressions in source, fingerprints that survive unrelated edits) and GitLab Code Quality JSON.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { gitlabProblems, sarifSchemaErrors, testWithSarifSchema } from '../helpers/report-schemas.js';
import { project, runCli } from './helpers.js';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  PublicApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: ['*'] # cors-lint-disable-line wildcard-origin -- public price list
  OrdersApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins:
          - https://shop.example.com
          - https://staging.example.net
          - '*'
  Uploads:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules:
          - AllowedMethods: [PUT]
            AllowedOrigins: ['*']
`;
const CONFIG = 'allowedOrigins: [https://shop.example.com]\n';

async function sarifOf(dir: string): Promise<Sarif.Log> {
  const out = await runCli(['--format', 'sarif', '.'], { cwd: dir });
  expect(out.code).toBe(1);
  return JSON.parse(out.stdout) as Sarif.Log;
}

function fingerprints(log: Sarif.Log): string[] {
  return (log.runs[0]!.results ?? []).map((r) => `${r.ruleId} ${r.partialFingerprints?.['corsLint/v1']}`).sort();
}

describe('SARIF for code scanning', () => {
  test('partialFingerprints stay when unrelated lines move, and only then', async () => {
    const p = project({ '.cors-lint.yaml': CONFIG, 'template.yaml': TEMPLATE });
    try {
      const before = await sarifOf(p.dir);
      const lines = (log: Sarif.Log): number[] => (log.runs[0]!.results ?? []).map((r) => r.locations![0]!.physicalLocation!.region!.startLine!);
      expect(fingerprints(before)).toHaveLength(7);
      expect(new Set(fingerprints(before)).size).toBe(7);

      // Insert lines above every finding: a description, a parameter, comments.
      const moved = TEMPLATE.replace(
        'Resources:\n',
        'Description: Shop APIs\nParameters:\n  Stage:\n    Type: String\n    Default: prod\n# a comment\n\nResources:\n',
      ).replace('  OrdersApi:\n', '  # the orders API\n  OrdersApi:\n');
      writeFileSync(join(p.dir, 'template.yaml'), moved);
      const after = await sarifOf(p.dir);
      expect(lines(after)).not.toEqual(lines(before));
      expect(fingerprints(after)).toEqual(fingerprints(before));

      // Changing the finding itself changes its fingerprint.
      writeFileSync(join(p.dir, 'template.yaml'), moved.replace('https://staging.example.net', 'https://qa.example.net'));
      const changed = await sarifOf(p.dir);
      expect(fingerprints(changed).filter((f) => !fingerprints(before).includes(f))).toHaveLength(1);
    } finally {
      p.cleanup();
    }
  });

  test('suppressed findings are results with an in-source suppression and its justification', async () => {
    const p = project({ '.cors-lint.yaml': CONFIG, 'template.yaml': TEMPLATE });
    try {
      const results = (await sarifOf(p.dir)).runs[0]!.results ?? [];
      const suppressed = results.filter((r) => r.suppressions);
      expect(suppressed.map((r) => [r.ruleId, r.locations![0]!.physicalLocation!.region!.startLine, r.suppressions])).toEqual([
        ['wildcard-origin', 8, [{ kind: 'inSource', justification: 'public price list' }]],
      ]);
    } finally {
      p.cleanup();
    }
  });

  const sarifWithABrokenFile = async (): Promise<Sarif.Log> => {
    const p = project({ '.cors-lint.yaml': CONFIG, 'template.yaml': TEMPLATE, 'broken.yaml': 'Resources:\n  A: [\n' });
    try {
      const out = await runCli(['--format', 'sarif', '.'], { cwd: p.dir });
      expect(out.code).toBe(3);
      return JSON.parse(out.stdout) as Sarif.Log;
    } finally {
      p.cleanup();
    }
  };

  testWithSarifSchema('the log is valid against the official SARIF 2.1.0 schema', async () => {
    expect(sarifSchemaErrors(await sarifWithABrokenFile())).toEqual([]);
  });

  test('the log is within GitHub’s limits', async () => {
    const log = await sarifWithABrokenFile();
    // GitHub: at most 20 runs per file, 25,000 results and rules per run, 1,000 locations per result, 20 tags per rule.
    expect(log.runs.length).toBeLessThanOrEqual(20);
    const run = log.runs[0]!;
    expect((run.results ?? []).length).toBeLessThanOrEqual(25_000);
    expect((run.tool.driver.rules ?? []).length).toBeLessThanOrEqual(25_000);
    for (const r of run.results ?? []) expect((r.locations ?? []).length + (r.relatedLocations ?? []).length).toBeLessThanOrEqual(1_000);
    for (const rule of run.tool.driver.rules ?? []) expect(((rule.properties?.tags as string[]) ?? []).length).toBeLessThanOrEqual(20);
    // GitHub wants relative URIs and a help text for each rule.
    for (const r of run.results ?? []) expect(r.locations![0]!.physicalLocation!.artifactLocation!.uriBaseId).toBe('%SRCROOT%');
    for (const rule of run.tool.driver.rules ?? []) expect(rule.help?.markdown).toBeTruthy();
  });
});

describe('GitLab Code Quality', () => {
  test('--format gitlab writes the issues GitLab reads, with unique, line-independent fingerprints', async () => {
    const p = project({ '.cors-lint.yaml': CONFIG, 'stacks/shop/template.yaml': TEMPLATE, 'stacks/broken.yaml': 'Resources:\n  A: [\n' });
    try {
      const out = await runCli(['--format', 'gitlab', '-o', 'gl-code-quality-report.json', 'stacks'], { cwd: p.dir });
      expect(out.code).toBe(3);
      const issues = JSON.parse(readFileSync(join(p.dir, 'gl-code-quality-report.json'), 'utf8')) as Array<Record<string, any>>;
      expect(gitlabProblems(issues)).toEqual([]);
      const summary = issues.map((i) => `${i.location.path}:${i.location.lines.begin} ${i.check_name} ${i.severity}`).sort();
      expect(summary).toEqual([
        'stacks/broken.yaml:3 cors-lint/fatal blocker',
        'stacks/shop/template.yaml:15 origin-not-allowed major',
        'stacks/shop/template.yaml:16 origin-not-allowed major',
        'stacks/shop/template.yaml:16 wildcard-origin minor',
        'stacks/shop/template.yaml:23 origin-not-allowed major',
        'stacks/shop/template.yaml:23 wildcard-origin minor',
        'stacks/shop/template.yaml:8 origin-not-allowed major',
      ]);
      // The suppressed wildcard-origin on line 8 is not an issue.
      expect(issues.some((i) => i.check_name === 'wildcard-origin' && i.location.lines.begin === 8)).toBe(false);

      writeFileSync(join(p.dir, 'stacks/shop/template.yaml'), `# moved\n# down\n${TEMPLATE}`);
      await runCli(['--format', 'gitlab', '-o', 'gl-code-quality-report.json', 'stacks'], { cwd: p.dir });
      const moved = JSON.parse(readFileSync(join(p.dir, 'gl-code-quality-report.json'), 'utf8')) as Array<Record<string, any>>;
      expect(moved.map((i) => i.fingerprint).sort()).toEqual(issues.map((i) => i.fingerprint).sort());
    } finally {
      p.cleanup();
    }
  });
});
