/** Configuration through the command line: lookup, --config, --env, ignorePatterns, extends, and exit 2 on errors. */
import { join } from 'node:path';
import { httpApiTemplate, project, runCli } from '../workflow/helpers.js';

const OPEN = httpApiTemplate(['*']);

describe('configuration on the command line', () => {
  test('a bad configuration exits 2 with file, line and column, and no stack trace', async () => {
    const p = project({ '.cors-lint.yaml': 'rules:\n  wildcard-orign: error\n', 'template.yaml': OPEN });
    try {
      const out = await runCli(['template.yaml'], { cwd: p.dir });
      expect(out.code).toBe(2);
      expect(out.stderr).toBe("cors-lint: .cors-lint.yaml:2:3: unknown rule 'wildcard-orign' (did you mean 'wildcard-origin'?)\n");
      expect(out.stdout).toBe('');
    } finally {
      p.cleanup();
    }
  });

  test('rules and extends: strict change severities; --rule wins over the file', async () => {
    const p = project({ 'open/template.yaml': OPEN, 'strict/template.yaml': OPEN, 'strict/.cors-lint.yml': 'extends: strict\n', 'off/template.yaml': OPEN, 'off/.cors-lint.json': '{"rules":{"wildcard-origin":"off"}}' });
    try {
      const open = await runCli(['--format', 'compact', 'open'], { cwd: p.dir });
      expect([open.code, open.stdout]).toEqual([0, expect.stringContaining(': warning: ')]);
      const strict = await runCli(['--format', 'compact', 'strict'], { cwd: p.dir });
      expect([strict.code, strict.stdout]).toEqual([1, expect.stringContaining(': error: ')]);
      const off = await runCli(['--format', 'compact', 'off'], { cwd: p.dir });
      expect([off.code, off.stdout]).toEqual([0, '']);
      const overridden = await runCli(['--format', 'compact', '--rule', 'wildcard-origin:error', 'off'], { cwd: p.dir });
      expect(overridden.code).toBe(1);
      // One run, three folders, three configurations.
      const all = await runCli(['--format', 'compact', '.'], { cwd: p.dir });
      expect(all.stdout.split('\n').filter(Boolean).map((l) => l.replace(/:\d+:\d+: (\w+):.*/, ' $1')).sort()).toEqual([
        join('open', 'template.yaml') + ' warning',
        join('strict', 'template.yaml') + ' error',
      ]);
    } finally {
      p.cleanup();
    }
  });

  test('--config names one file for every template, and no lookup happens', async () => {
    const p = project({ 'a/template.yaml': OPEN, 'a/.cors-lint.yaml': 'rules: { wildcard-origin: off }\n', 'ci/cors.yaml': 'extends: strict\n' });
    try {
      const out = await runCli(['--format', 'compact', '--config', 'ci/cors.yaml', 'a'], { cwd: p.dir });
      expect(out.code).toBe(1);
      expect(out.stdout).toContain('error');
      const missing = await runCli(['--config', 'nope.yaml', 'a'], { cwd: p.dir });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toBe('cors-lint: nope.yaml:1:1: no such file\n');
    } finally {
      p.cleanup();
    }
  });

  test('ignorePatterns skip templates, even when named; --verbose says why', async () => {
    const p = project({ '.cors-lint.yaml': 'extends: strict\nignorePatterns: [legacy/]\n', 'legacy/template.yaml': OPEN, 'template.yaml': OPEN });
    try {
      const named = await runCli(['--verbose', 'legacy/template.yaml'], { cwd: p.dir });
      expect(named.code).toBe(0);
      expect(named.stdout).toBe('');
      expect(named.stderr).toContain(`cors-lint: skipped ${join('legacy', 'template.yaml')}: ignored by pattern 'legacy/'`);
      const walked = await runCli(['--format', 'compact', '.'], { cwd: p.dir });
      expect(walked.code).toBe(1);
      expect(walked.stdout).toMatch(/^template\.yaml:\d+:\d+: error/);
      expect(walked.stdout).not.toContain('legacy');
    } finally {
      p.cleanup();
    }
  });

  test('allowedOrigins per environment, chosen with --env', async () => {
    const config = 'allowedOrigins:\n  prod: [https://app.example.com]\n  dev: [https://app.example.com, "http://localhost:*"]\n';
    const p = project({ '.cors-lint.yaml': config, 'template.yaml': httpApiTemplate(['https://app.example.com', 'http://localhost:3000']) });
    try {
      const prod = await runCli(['--format', 'compact', '--env', 'prod', 'template.yaml'], { cwd: p.dir });
      expect(prod.code).toBe(1);
      expect(prod.stdout).toContain(
        "template.yaml:10:13: error: HTTP API 'Api' allows the origin 'http://localhost:3000', which the allowed origins for 'prod' do not include",
      );
      const dev = await runCli(['--format', 'compact', '--env', 'dev', 'template.yaml'], { cwd: p.dir });
      expect([dev.code, dev.stdout]).toEqual([0, '']);
      const none = await runCli(['template.yaml'], { cwd: p.dir });
      expect(none.code).toBe(2);
      expect(none.stderr).toBe(
        "cors-lint: .cors-lint.yaml:1:1: allowedOrigins is set per environment (prod, dev): choose one with --env, or add a 'default' list\n",
      );
      const typo = await runCli(['--env', 'stage', 'template.yaml'], { cwd: p.dir });
      expect(typo.code).toBe(2);
      expect(typo.stderr).toContain("allowedOrigins has no environment 'stage' (it has prod, dev)");
    } finally {
      p.cleanup();
    }
  });

  test('standard input uses the configuration of --stdin-filename', async () => {
    const p = project({ 'stacks/.cors-lint.yaml': 'extends: strict\n' });
    try {
      const out = await runCli(['--format', 'compact', '--stdin-filename', 'stacks/template.yaml', '-'], { cwd: p.dir, stdin: OPEN });
      expect(out.code).toBe(1);
      expect(out.stdout).toContain(`${join('stacks', 'template.yaml')}:9:13: error:`);
    } finally {
      p.cleanup();
    }
  });
});
