/**
 * Configuration that composes: every `.cors-lint.yaml` from the repository root down to a template's folder
 * applies, the nearest winning key by key (rules by rule, parameters by name, per-environment allowedOrigins by
 * environment), until one says `root: true`; `extends` takes a configuration file relative to the one that names
 * it; ignore patterns of every file apply, a nearer `!pattern` taking back a farther one. The schema lists every
 * rule id for editors, and the run still names an unknown one with a hint.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { schemaWithRuleIds } from '../../src/docs.js';
import { rules } from '../../src/index.js';
import { httpApiTemplate, project, runCli } from '../workflow/helpers.js';

const ROOT = join(__dirname, '..', '..');
/** An HTTP API allowing '*' and a plain-HTTP origin: wildcard-origin and insecure-origin, both warnings. */
const TEMPLATE = httpApiTemplate(['*', 'http://partner.example.net']);

async function findings(dir: string, cwd: string, argv: string[] = []): Promise<string[]> {
  const r = await runCli(['--format', 'compact', ...argv, dir], { cwd });
  if (r.code === 2) throw new Error(r.stderr);
  return r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => `${/: (error|warning): /.exec(l)![1]} ${/\[([a-z-]+)\]$/.exec(l)![1]}`);
}

describe('the cascade', () => {
  test('files above merge with nearer ones, rule by rule; the nearest wins', async () => {
    const p = project({
      '.cors-lint.yaml': 'rules:\n  wildcard-origin: error\n  insecure-origin: error\n',
      'team/.cors-lint.yaml': 'rules:\n  insecure-origin: off\n',
      'team/api/template.yaml': TEMPLATE,
      'other/template.yaml': TEMPLATE,
    });
    try {
      expect(await findings('team', p.dir)).toEqual(['error wildcard-origin']);
      expect(await findings('other', p.dir)).toEqual(['error wildcard-origin', 'error insecure-origin']);
    } finally {
      p.cleanup();
    }
  });

  test('root: true stops the lookup', async () => {
    const p = project({
      '.cors-lint.yaml': 'rules:\n  wildcard-origin: error\n',
      'team/.cors-lint.yaml': 'root: true\nrules:\n  insecure-origin: off\n',
      'team/template.yaml': TEMPLATE,
    });
    try {
      expect(await findings('team', p.dir)).toEqual(['warning wildcard-origin']);
    } finally {
      p.cleanup();
    }
  });

  test('the search stops at the repository root: files above it do not apply', async () => {
    const p = project({ '.cors-lint.yaml': 'rules:\n  wildcard-origin: off\n', 'repo/template.yaml': TEMPLATE }, { git: false });
    try {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(p.dir, 'repo', '.git'));
      expect(await findings('repo', p.dir)).toEqual(['warning wildcard-origin', 'warning insecure-origin']);
    } finally {
      p.cleanup();
    }
  });

  test('allowedOrigins per environment merge by environment; parameters by name', async () => {
    const p = project({
      '.cors-lint.yaml': 'allowedOrigins:\n  prod: [https://app.example.com]\n  dev: [https://app.example.com, "http://localhost:*"]\nparameters:\n  Origin: https://app.example.com\n  Stage: prod\n',
      'partner/.cors-lint.yaml': 'allowedOrigins:\n  dev: [https://partner.example.net]\nparameters:\n  Stage: dev\n',
      'partner/template.yaml': [
        'Parameters:',
        '  Origin: { Type: String, Default: https://wrong.example.com }',
        '  Stage: { Type: String }',
        'Conditions:',
        '  IsDev: !Equals [!Ref Stage, dev]',
        'Resources:',
        '  Api:',
        '    Type: AWS::Serverless::HttpApi',
        '    Properties:',
        '      CorsConfiguration:',
        '        AllowOrigins:',
        '          - !Ref Origin',
        '          - !If [IsDev, https://partner.example.net, !Ref AWS::NoValue]',
        '',
      ].join('\n'),
    });
    try {
      // prod comes from the file above; dev from the nearer file, which replaces that list only
      expect(await findings('partner', p.dir, ['--env', 'prod'])).toEqual(['error origin-not-allowed']);
      const dev = await runCli(['--format', 'compact', '--env', 'dev', 'partner'], { cwd: p.dir });
      expect(dev.stdout).toContain("allows the origin 'https://app.example.com'");
      expect(dev.stdout).not.toContain('partner.example.net');
      // Origin from the file above, Stage from the nearer one (dev: the partner origin is in the template)
      const model = await runCli(['--print-model', '--env', 'prod', 'partner'], { cwd: p.dir });
      expect(model.stdout).toContain('https://partner.example.net');
      expect(model.stdout).not.toContain('wrong.example.com');
    } finally {
      p.cleanup();
    }
  });

  test('extends: a file relative to the configuration; its settings come first, the file’s own override them', async () => {
    const p = project({
      'shared/team.cors-lint.yaml': 'extends: strict\nrules:\n  insecure-origin: off\n',
      'app/.cors-lint.yaml': 'extends: ../shared/team.cors-lint.yaml\nrules:\n  wildcard-origin: warn\n',
      'app/template.yaml': TEMPLATE,
    });
    try {
      expect(await findings('app', p.dir)).toEqual(['warning wildcard-origin']);
      // --config names one file, and what it extends still applies
      expect(await findings('app/template.yaml', p.dir, ['--config', 'shared/team.cors-lint.yaml'])).toEqual(['error wildcard-origin']);
    } finally {
      p.cleanup();
    }
  });

  test('extends that cannot be followed: a missing file or a cycle, at the extends that names it (exit 2)', async () => {
    const p = project({
      'missing/.cors-lint.yaml': 'rules: {}\nextends: ./nowhere.yaml\n',
      'missing/template.yaml': TEMPLATE,
      'cycle/a.yaml': 'extends: ./b.yaml\n',
      'cycle/b.yaml': 'extends: ./a.yaml\n',
      'cycle/.cors-lint.yaml': 'extends: ./a.yaml\n',
      'cycle/template.yaml': TEMPLATE,
      'bare/.cors-lint.yaml': 'extends: team.yaml\n',
      'bare/template.yaml': TEMPLATE,
    });
    try {
      const missing = await runCli(['missing'], { cwd: p.dir });
      expect([missing.code, missing.stderr]).toEqual([2, `cors-lint: missing/.cors-lint.yaml:2:10: extends '${join(p.dir, 'missing', 'nowhere.yaml')}': no such file\n`]);
      const cycle = await runCli(['cycle'], { cwd: p.dir });
      expect(cycle.code).toBe(2);
      expect(cycle.stderr).toMatch(/^cors-lint: cycle\/b\.yaml:1:10: extends '.*cycle\/a\.yaml' comes back to this file/);
      const bare = await runCli(['bare'], { cwd: p.dir });
      expect(bare.code).toBe(2);
      expect(bare.stderr).toMatch(/^cors-lint: bare\/\.cors-lint\.yaml:1:10: extends /);
    } finally {
      p.cleanup();
    }
  });

  test('ignore patterns of every file apply; a nearer !pattern takes back a farther one', async () => {
    const p = project({
      '.cors-lint.yaml': 'ignorePatterns: [legacy/]\n',
      'stacks/.cors-lint.yaml': 'ignorePatterns: ["!legacy/keep.yaml"]\n',
      'stacks/legacy/old.yaml': TEMPLATE,
      'stacks/legacy/keep.yaml': TEMPLATE,
    });
    try {
      const r = await runCli(['--format', 'compact', '--verbose', 'stacks'], { cwd: p.dir });
      expect(r.stdout).toContain('stacks/legacy/keep.yaml');
      expect(r.stdout).not.toContain('old.yaml');
      expect(r.stderr).toContain(`skipped stacks/legacy/old.yaml: ignored by pattern 'legacy/' in ${join(p.dir, '.cors-lint.yaml')}`);
    } finally {
      p.cleanup();
    }
  });
});

describe('the schema', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'cors-lint.schema.json'), 'utf8')) as Record<string, any>;

  test('lists every rule id, from the rules themselves (npm run docs writes them)', () => {
    expect(schema).toEqual(schemaWithRuleIds(schema, rules));
    expect(Object.keys(schema.properties.rules.properties)).toEqual(rules.map((r) => r.id).sort());
    expect(schema.properties.rules.additionalProperties).toBe(false);
  });

  test('editors flag an unknown id and take root and a relative extends; the run names an unknown id with a hint', async () => {
    const validate = new Ajv.default({ strict: false, allowUnionTypes: true }).compile(schema);
    expect(validate({ root: true, extends: '../team.yaml', rules: { 'wildcard-origin': 'error' } })).toBe(true);
    expect(validate({ rules: { 'wildcard-orign': 'error' } })).toBe(false);
    expect(validate({ extends: 'team.yaml' })).toBe(false);
    const p = project({ '.cors-lint.yaml': 'rules:\n  wildcard-orign: error\n', 'template.yaml': TEMPLATE });
    try {
      const r = await runCli(['.'], { cwd: p.dir });
      expect([r.code, r.stderr]).toEqual([2, "cors-lint: .cors-lint.yaml:2:3: unknown rule 'wildcard-orign' (did you mean 'wildcard-origin'?)\n"]);
    } finally {
      p.cleanup();
    }
  });
});
