/** The programmatic API in-process: configuration lookup switches, findConfigFile, formatters with defaults. */
import { join } from 'node:path';
import { ConfigError, findConfigFile, formatters, lint, loadConfig, lintText } from '../../src/index.js';
import { httpApiTemplate, project } from './helpers.js';

describe('the API', () => {
  test('lint: lookup by default, configLookup false, config names a file, env picks a list', async () => {
    const p = project({
      '.cors-lint.yaml': 'extends: strict\n',
      'other.yaml': 'rules: { wildcard-origin: off }\nallowedOrigins: { prod: [https://app.example.com] }\n',
      'stacks/template.yaml': httpApiTemplate(['*']),
    });
    try {
      const severity = async (options: Parameters<typeof lint>[1]): Promise<string[]> =>
        (await lint(['stacks'], { cwd: p.dir, ...options })).results.flatMap((r) => r.messages.map((m) => `${m.ruleId}:${m.severity}`));
      expect(await severity({})).toEqual(['wildcard-origin:2']);
      expect(await severity({ configLookup: false })).toEqual(['wildcard-origin:1']);
      expect(await severity({ config: 'other.yaml', env: 'prod' })).toEqual(['origin-not-allowed:2']);
      await expect(lint(['stacks'], { cwd: p.dir, config: 'other.yaml' })).rejects.toThrow(ConfigError);
      expect(findConfigFile('stacks/template.yaml', { cwd: p.dir })).toBe(join(p.dir, '.cors-lint.yaml'));
      expect(findConfigFile('stacks', { cwd: p.dir })).toBe(join(p.dir, '.cors-lint.yaml'));
      expect(loadConfig('other.yaml', { cwd: p.dir }).allowedOrigins).toEqual({ prod: ['https://app.example.com'] });
    } finally {
      p.cleanup();
    }
  });

  test('formatters need no context, and print paths relative to the cwd they are given', () => {
    const run = lintText(httpApiTemplate(['*']), '/work/app/template.yaml', { configLookup: false });
    expect(formatters.compact(run.results, { cwd: '/work/app' })).toMatch(/^template\.yaml:9:13: warning: HTTP API 'Api' allows any origin/);
    expect(JSON.parse(formatters.json(run.results))[0].messages[0].ruleId).toBe('wildcard-origin');
    const sarif = JSON.parse(formatters.sarif(run.results, { cwd: '/work' }));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('app/template.yaml');
    expect(JSON.parse(formatters.gitlab(run.results, { cwd: '/work' }))[0].location).toEqual({ path: 'app/template.yaml', lines: { begin: 9 } });
    expect(formatters.text(run.results, { cwd: '/work/app' })).toContain('wildcard-origin');
  });
});
