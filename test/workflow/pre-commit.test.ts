/**
 * The pre-commit hook with the real pre-commit: a temporary repository whose `.pre-commit-config.yaml` points
 * `repo:` at a temporary repository holding what a release tag holds (`scripts/release-tree.mjs` from this
 * working tree's build: `dist/` built, no development dependencies), which pre-commit installs as `language: node`
 * does (`npm install`, `npm pack`, `npm install -g` of the tarball). A commit that adds a template with a wildcard
 * origin on a credentialed API is refused with the finding printed; so is one with only a warning, and one with a
 * `.template` file; a clean one passes; `args` relax the hook.
 *
 * Skips with a notice where pre-commit or git is not installed. The hook's environment is installed once for
 * the file (from npm's cache where it can).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
jest.setTimeout(60_000);

function available(command: string): boolean {
  const probe = spawnSync(command, ['--version'], { encoding: 'utf8' });
  return probe.status === 0;
}

const havePreCommit = available('pre-commit');
const haveGit = available('git');
if (!havePreCommit || !haveGit) {
  console.warn(`${havePreCommit ? 'git' : 'pre-commit'} is not installed: the pre-commit hook test is skipped`);
}
const maybe = havePreCommit && haveGit ? describe : describe.skip;

describe('.pre-commit-hooks.yaml', () => {
  test('declares the cors-lint hook for .yaml, .yml, .json and .template files, failing on warnings, run by node', () => {
    const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>;
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ id: 'cors-lint', entry: 'cors-lint --max-warnings 0', language: 'node', require_serial: false });
    // pre-commit tags `.template` files as text, so a `types` filter would never pass them
    expect(hooks[0]!.types).toBeUndefined();
    expect(hooks[0]!.types_or).toBeUndefined();
    const files = new RegExp(String(hooks[0]!.files));
    expect(['template.yaml', 'a/b.yml', 'stacks/api/template.json', 'cfn/network.template'].every((f) => files.test(f))).toBe(true);
    expect(['README.md', 'template.yaml.bak', 'main.py'].some((f) => files.test(f))).toBe(false);
    const exclude = new RegExp(String(hooks[0]!.exclude));
    expect(['package-lock.json', 'web/pnpm-lock.yaml'].every((f) => exclude.test(f))).toBe(true);
    expect(['template.yaml', 'stacks/api/template.json'].some((f) => exclude.test(f))).toBe(false);
    // `entry` names the package's binary.
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
    expect(Object.keys(pkg.bin)).toContain(String(hooks[0]!.entry).split(' ')[0]);
    // pre-commit reads the tarball's name from `npm pack`'s standard output, so packing must run no script
    // that prints there: the build runs on install (`preprepare`), not in `prepare`/`prepack`.
    expect(pkg.scripts.prepare).toBeUndefined();
    expect(pkg.scripts.prepack).toBeUndefined();
    expect(pkg.scripts.preprepare).toMatch(/build/);
  });
});

maybe('the hook with the real pre-commit', () => {
  let work: string;
  let user: string;
  let env: NodeJS.ProcessEnv;
  let config: (extra?: string) => void;

  const run = (command: string, args: string[], cwd: string): SpawnSyncReturns<string> =>
    spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 240_000 });

  const must = (command: string, args: string[], cwd: string): string => {
    const r = run(command, args, cwd);
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'cors-lint-pre-commit-'));
    const gitconfig = join(work, 'gitconfig');
    writeFileSync(gitconfig, '[user]\n  name = cors-lint test\n  email = test@example.invalid\n[init]\n  defaultBranch = main\n');
    env = {
      ...process.env,
      GIT_CONFIG_GLOBAL: gitconfig,
      GIT_CONFIG_NOSYSTEM: '1',
      PRE_COMMIT_HOME: join(work, 'cache'),
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      NO_COLOR: '1',
    };
    delete env.GIT_DIR;
    delete env.GIT_WORK_TREE;
    delete env.GIT_INDEX_FILE;

    // What a release tag of this working tree would hold (its build as it is: `npm test` builds first).
    const hooks = join(work, 'hooks');
    must('node', [join(ROOT, 'scripts', 'release-tree.mjs'), '--out', hooks, '--no-build'], ROOT);
    must('git', ['init', '-q'], hooks);
    must('git', ['add', '-A'], hooks);
    must('git', ['commit', '-q', '-m', 'cors-lint under test'], hooks);
    const rev = must('git', ['rev-parse', 'HEAD'], hooks).trim();

    user = join(work, 'user');
    mkdirSync(user);
    must('git', ['init', '-q'], user);
    config = (extra = '') => writeFileSync(join(user, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: cors-lint\n${extra}`);
    config();
    must('git', ['add', '.pre-commit-config.yaml'], user);
    must('git', ['commit', '-q', '-m', 'add pre-commit'], user);
    must('pre-commit', ['install'], user);
    must('pre-commit', ['install-hooks'], user);
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const commits = (): number => Number(must('git', ['rev-list', '--count', 'HEAD'], user).trim());

  test('a clean template (and YAML that is no template) is committed', () => {
    writeFileSync(
      join(user, 'template.yaml'),
      [
        "AWSTemplateFormatVersion: '2010-09-09'",
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Api:',
        '    Type: AWS::Serverless::HttpApi',
        '    Properties:',
        '      CorsConfiguration:',
        '        AllowOrigins: [https://app.example.com]',
        '',
      ].join('\n'),
    );
    mkdirSync(join(user, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(user, '.github', 'workflows', 'ci.yml'), 'on: push\njobs: {}\n');
    must('git', ['add', '-A'], user);
    const before = commits();
    const r = run('git', ['commit', '-m', 'a clean API'], user);
    expect(`${r.stdout}${r.stderr}`).toMatch(/cors-lint\.+Passed/);
    expect(r.status).toBe(0);
    expect(commits()).toBe(before + 1);
  });

  test('a template with a wildcard origin on a credentialed API is refused, with the finding printed', () => {
    writeFileSync(
      join(user, 'orders.yaml'),
      [
        "AWSTemplateFormatVersion: '2010-09-09'",
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  OrdersApi:',
        '    Type: AWS::Serverless::HttpApi',
        '    Properties:',
        '      CorsConfiguration:',
        "        AllowOrigins: ['*']",
        '        AllowCredentials: true',
        '',
      ].join('\n'),
    );
    must('git', ['add', 'orders.yaml'], user);
    const before = commits();
    const r = run('git', ['commit', '-m', 'open the orders API'], user);
    const output = `${r.stdout}${r.stderr}`;
    expect(r.status).not.toBe(0);
    expect(output).toMatch(/cors-lint\.+Failed/);
    // The credentialed '*': wildcard-origin at the star, credentials-with-wildcard at the credentials.
    expect(output).toContain('wildcard-origin');
    expect(output).toContain("HTTP API 'OrdersApi' allows any origin ('*') although it allows credentials");
    expect(output).toContain('credentials-with-wildcard');
    expect(output).toContain("HTTP API 'OrdersApi' allows credentials together with '*' in AllowOrigins");
    expect(output).toContain('orders.yaml:9:27');
    expect(commits()).toBe(before);
  });

  test('the team configuration applies to the hook: allowedOrigins and suppressions', () => {
    writeFileSync(join(user, '.cors-lint.yaml'), 'allowedOrigins: [https://app.example.com]\n');
    writeFileSync(
      join(user, 'orders.yaml'),
      [
        'Resources:',
        '  OrdersApi:',
        '    Type: AWS::Serverless::HttpApi',
        '    Properties:',
        '      CorsConfiguration:',
        '        AllowOrigins:',
        '          - https://app.example.com',
        '          - https://partner.example.net # cors-lint-disable-line origin-not-allowed -- contract 42',
        '          - https://staging.example.net',
        '',
      ].join('\n'),
    );
    must('git', ['add', '-A'], user);
    const refused = run('git', ['commit', '-m', 'orders for partners'], user);
    expect(refused.status).not.toBe(0);
    expect(`${refused.stdout}${refused.stderr}`).toContain("allows the origin 'https://staging.example.net'");
    expect(`${refused.stdout}${refused.stderr}`).not.toContain("allows the origin 'https://partner.example.net'");

    writeFileSync(join(user, 'orders.yaml'), readFileSync(join(user, 'orders.yaml'), 'utf8').replace('          - https://staging.example.net\n', ''));
    must('git', ['add', '-A'], user);
    const r = run('git', ['commit', '-m', 'orders for partners'], user);
    expect(r.status).toBe(0);
  });

  test('a template with only a warning is refused, with the warning printed; args relax the hook', () => {
    writeFileSync(join(user, 'public.yaml'), ['Resources:', '  PublicApi:', '    Type: AWS::Serverless::HttpApi', '    Properties:', '      CorsConfiguration:', "        AllowOrigins: ['*']", ''].join('\n'));
    rmSync(join(user, '.cors-lint.yaml')); // the team's allowedOrigins would make the '*' an error
    must('git', ['add', '-A'], user);
    const before = commits();
    const refused = run('git', ['commit', '-m', 'a public API'], user);
    expect(refused.status).not.toBe(0);
    expect(`${refused.stdout}${refused.stderr}`).toMatch(/cors-lint\.+Failed/);
    expect(`${refused.stdout}${refused.stderr}`).toContain("HTTP API 'PublicApi' allows any origin ('*'): any website can read its responses");
    expect(`${refused.stdout}${refused.stderr}`).toContain('public.yaml:6:24');
    expect(commits()).toBe(before);

    // As docs/pre-commit.md says: a later --max-warnings wins over the hook's.
    config("        args: [--max-warnings, '-1']\n");
    must('git', ['add', '-A'], user);
    const passed = run('git', ['commit', '-m', 'a public API'], user);
    expect(`${passed.stdout}${passed.stderr}`).toMatch(/cors-lint\.+Passed/);
    expect(passed.status).toBe(0);
    expect(commits()).toBe(before + 1);
    config();
    must('git', ['add', '-A'], user);
    must('git', ['commit', '-q', '-m', 'the hook as shipped'], user);
  });

  test('.template files reach the hook', () => {
    writeFileSync(join(user, 'network.template'), JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { CorsConfiguration: { CorsRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['null'] }] } } } } }, null, 2));
    must('git', ['add', 'network.template'], user);
    const before = commits();
    const r = run('git', ['commit', '-m', 'a bucket'], user);
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain('null-origin');
    expect(`${r.stdout}${r.stderr}`).toContain('network.template');
    expect(commits()).toBe(before);
  });
});
