/** `--print-rules`: a line per rule, or with `--format json` the rules as data, every one and each with its page. */
import { rules } from '../../src/index.js';
import { cli } from './helpers.js';

test('--print-rules --format json gives every rule as data', async () => {
  const r = await cli(['--print-rules', '--format', 'json'], { cwd: __dirname });
  expect([r.code, r.stderr]).toEqual([0, '']);
  const data = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
  expect(data.map((d) => d.id)).toEqual(rules.map((rule) => rule.id).sort());
  for (const rule of rules) {
    const d = data.find((x) => x.id === rule.id)!;
    expect(d).toMatchObject({ severity: rule.severity, summary: rule.summary, tags: rule.tags, securitySeverity: rule.securitySeverity });
    expect(d.url).toBe(`https://github.com/cors-lint/cors-lint/blob/main/docs/rules/${rule.id}.md`);
    expect(d.raisedSecuritySeverity).toBe(rule.raisedSecuritySeverity);
    expect(d.options).toEqual(rule.defaultOptions);
  }
  expect(data.find((d) => d.id === 'origin-not-allowed')!.options).toBeDefined();
});

test('--print-rules as text, one line per rule; another format is a bad command line', async () => {
  const text = await cli(['--print-rules'], { cwd: __dirname });
  expect(text.stdout.trim().split('\n')).toHaveLength(rules.length);
  expect(text.stdout).toMatch(/^wildcard-origin +warning +An allowed-origin list contains/m);
  const sarif = await cli(['--print-rules', '--format', 'sarif'], { cwd: __dirname });
  expect([sarif.code, sarif.stderr]).toEqual([2, 'cors-lint: --print-rules --format sarif: the rules print as text or json\n']);
});
