/**
 * Adopting cors-lint in a repository with findings: `--write-baseline FILE` records them by fingerprint,
 * `--baseline FILE` reports and fails only on the others, in every format; baselined findings are suppressed
 * (SARIF `external`, JSON `suppressedMessages` of kind `baseline`), said on standard error, listed with
 * `--verbose`; stale entries are said; files that cannot be read are never baselined.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { gitlabProblems, sarifValidator } from '../helpers/report-schemas.js';
import { httpApiTemplate, project, runCli } from './helpers.js';

const OLD = httpApiTemplate(['*', 'http://partner.example.net'], 'LegacyApi');
const NEW = httpApiTemplate(['null'], 'NewApi');
const BASELINE = '.cors-lint-baseline.json';

interface Baseline {
  version: number;
  findings: Array<{ fingerprint: string; ruleId: string; file: string; message: string }>;
}

describe('a baseline', () => {
  test('--write-baseline records every finding, sorted, with paths from the repository root; the run passes unless a file cannot be read', async () => {
    const p = project({ 'stacks/legacy.yaml': OLD, 'stacks/broken.yaml': 'Resources:\n  A: [\n' });
    try {
      const written = await runCli(['--write-baseline', BASELINE, '.'], { cwd: join(p.dir, 'stacks') });
      // the file that cannot be read is not baselined: it still fails the run
      expect(written.code).toBe(3);
      expect(written.stdout).toContain('broken.yaml');
      expect(written.stdout).not.toContain('wildcard-origin');
      expect(written.stderr).toContain(`cors-lint: 2 findings recorded in the baseline ${BASELINE}`);
      const baseline = JSON.parse(readFileSync(join(p.dir, 'stacks', BASELINE), 'utf8')) as Baseline;
      expect(baseline.version).toBe(1);
      expect(baseline.findings.map((f) => `${f.file} ${f.ruleId}`)).toEqual(['stacks/legacy.yaml insecure-origin', 'stacks/legacy.yaml wildcard-origin']);
      expect(baseline.findings.every((f) => /^[0-9a-f]{32}$/.test(f.fingerprint) && f.message.length > 10)).toBe(true);
    } finally {
      p.cleanup();
    }
  });

  test('--baseline reports and fails only on new findings, in every format', async () => {
    const p = project({ 'stacks/legacy.yaml': OLD });
    try {
      expect((await runCli(['--write-baseline', BASELINE, 'stacks'], { cwd: p.dir })).code).toBe(0);
      const clean = await runCli(['--baseline', BASELINE, 'stacks'], { cwd: p.dir });
      expect([clean.code, clean.stdout]).toEqual([0, '']);
      expect(clean.stderr).toBe(`cors-lint: 2 findings in the baseline ${BASELINE} are not reported (--verbose lists them)\n`);

      // the legacy template moves down and gets a new API with a new finding
      writeFileSync(join(p.dir, 'stacks', 'legacy.yaml'), `# moved\n\n${OLD}`);
      writeFileSync(join(p.dir, 'stacks', 'new.yaml'), NEW);
      const argv = ['--baseline', BASELINE, 'stacks'];
      const compact = await runCli(['--format', 'compact', ...argv], { cwd: p.dir });
      expect(compact.code).toBe(1);
      expect(compact.stdout).toBe("stacks/new.yaml:9:13: error: HTTP API 'NewApi' allows the origin 'null' (AllowOrigins): sandboxed iframes and data: or file: pages, which any website can create, send Origin: null, so any website can read its responses. [null-origin]\n");

      const json = JSON.parse((await runCli(['--format', 'json', ...argv], { cwd: p.dir })).stdout) as Array<{ filePath: string; messages: unknown[]; suppressedMessages: Array<{ ruleId: string; suppressions: unknown }> }>;
      const legacy = json.find((r) => r.filePath.endsWith('legacy.yaml'))!;
      expect(legacy.messages).toEqual([]);
      expect(legacy.suppressedMessages.map((m) => [m.ruleId, m.suppressions])).toEqual([
        ['wildcard-origin', [{ kind: 'baseline', justification: `in the baseline ${BASELINE}` }]],
        ['insecure-origin', [{ kind: 'baseline', justification: `in the baseline ${BASELINE}` }]],
      ]);

      const sarif = JSON.parse((await runCli(['--format', 'sarif', ...argv], { cwd: p.dir })).stdout) as Sarif.Log;
      const validate = sarifValidator();
      if (validate) expect(validate(sarif) ? [] : validate.errors).toEqual([]);
      expect((sarif.runs[0]!.results ?? []).map((r) => [r.ruleId, r.suppressions?.map((s) => s.kind) ?? []])).toEqual([
        ['wildcard-origin', ['external']],
        ['insecure-origin', ['external']],
        ['null-origin', []],
      ]);

      const gitlab = JSON.parse((await runCli(['--format', 'gitlab', ...argv], { cwd: p.dir })).stdout) as Array<{ check_name: string }>;
      expect(gitlabProblems(gitlab)).toEqual([]);
      expect(gitlab.map((i) => i.check_name)).toEqual(['null-origin']);

      const github = await runCli(['--format', 'github', ...argv], { cwd: p.dir });
      expect(github.stdout.trim().split('\n').map((l) => /title=([a-z-]+)/.exec(l)?.[1])).toEqual(['null-origin']);

      const verbose = await runCli(['--verbose', '--format', 'compact', ...argv], { cwd: p.dir });
      expect(verbose.stderr).toContain(`cors-lint: suppressed: stacks/legacy.yaml:11:13: wildcard-origin: HTTP API 'LegacyApi' allows any origin ('*'): any website can read its responses. (reason: in the baseline ${BASELINE})`);
    } finally {
      p.cleanup();
    }
  });

  test('entries that match no finding any more are said, with how to drop them', async () => {
    const p = project({ 'legacy.yaml': OLD });
    try {
      await runCli(['--write-baseline', BASELINE, '.'], { cwd: p.dir });
      writeFileSync(join(p.dir, 'legacy.yaml'), httpApiTemplate(['https://app.example.com'], 'LegacyApi'));
      const r = await runCli(['--baseline', BASELINE, '.'], { cwd: p.dir });
      expect([r.code, r.stdout]).toEqual([0, '']);
      expect(r.stderr).toBe(`cors-lint: 2 entries of the baseline ${BASELINE} match no finding any more: run --write-baseline ${BASELINE} to drop them\n`);
    } finally {
      p.cleanup();
    }
  });

  test('a baseline that cannot be used is a bad command line (exit 2)', async () => {
    const p = project({ 'legacy.yaml': OLD, 'broken.json': '{\n  "version": 1,\n  "findings": [,]\n}\n', 'other.json': '{"version": 2, "findings": []}' });
    try {
      const missing = await runCli(['--baseline', 'none.json', '.'], { cwd: p.dir });
      expect([missing.code, missing.stderr]).toEqual([2, 'cors-lint: --baseline none.json: no such file (write one with --write-baseline)\n']);
      const broken = await runCli(['--baseline', 'broken.json', 'legacy.yaml'], { cwd: p.dir });
      expect(broken.code).toBe(2);
      expect(broken.stderr).toBe("cors-lint: --baseline broken.json:3:16: not valid JSON: Unexpected token ','\n");
      const other = await runCli(['--baseline', 'other.json', 'legacy.yaml'], { cwd: p.dir });
      expect([other.code, other.stderr]).toEqual([2, 'cors-lint: --baseline other.json: not a cors-lint baseline (expected {"version": 1, "findings": [...]}, as --write-baseline writes)\n']);
      const both = await runCli(['--baseline', BASELINE, '--write-baseline', BASELINE, '.'], { cwd: p.dir });
      expect(both.code).toBe(2);
      expect(both.stderr).toMatch(/^cors-lint: --write-baseline records a new baseline: give it alone/);
    } finally {
      p.cleanup();
    }
  });
});
