/**
 * The CI documentation and the GitHub Action, tested as far as this machine allows: the workflows in
 * docs/ci.md are valid YAML that upload the file cors-lint writes, with the permission code scanning needs; the
 * composite action's steps run here as the runner would run them (inputs through the environment), write valid
 * SARIF, and give the exit code and outputs they promise. The action runs from a temporary folder that links to
 * this checkout (never from the repository itself, where its install step could run `npm ci`); the install step
 * is checked with a stand-in `npm` that only records how it was called.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { httpApiTemplate, project } from './helpers.js';

const ROOT = join(__dirname, '..', '..');
const built = existsSync(join(ROOT, 'dist', 'src', 'cli.js'));
if (!built) console.warn('dist/ is missing: run `npm run build` (npm test does); the tests that run the action are skipped');
jest.setTimeout(30_000);

/** The fenced YAML blocks of a Markdown file, by the `# file` comment on their first line. */
function yamlBlocks(markdown: string): Array<{ title: string; doc: Record<string, any> }> {
  return [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => ({
    title: m[1]!.split('\n')[0]!.replace(/^#\s*/, ''),
    doc: parse(m[1]!) as Record<string, any>,
  }));
}

/** The value that follows `flag` in a command line. */
function flagValue(command: string, ...flags: string[]): string | undefined {
  const words = command.split(/\s+/);
  const i = words.findIndex((w) => flags.includes(w));
  return i >= 0 ? words[i + 1] : undefined;
}

describe('docs/ci.md', () => {
  const blocks = yamlBlocks(readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8'));

  /** The current major versions of the actions the workflows use, and the Node.js LTS they set up (December 2026). */
  const CURRENT = { 'actions/checkout': 'v7', 'actions/setup-node': 'v7', 'github/codeql-action/upload-sarif': 'v4' };
  const NODE_LTS = [22, 24, 26];

  test('GitHub workflows: current actions and Node.js LTS; an upload has its permissions, runs always and uploads the file cors-lint writes', () => {
    const workflows = blocks.filter((b) => b.title.startsWith('.github/workflows/'));
    expect(workflows.length).toBeGreaterThanOrEqual(3);
    const actionSpec = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default: string }> };
    let uploads = 0;
    for (const { doc } of workflows) {
      const jobs = Object.values(doc.jobs as Record<string, { steps: Array<Record<string, any>>; defaults?: { run?: { 'working-directory'?: string } } }>);
      const steps = jobs.flatMap((j) => j.steps);
      for (const step of steps.filter((x) => x.uses && !String(x.uses).startsWith('cors-lint/'))) {
        const [name, version] = String(step.uses).split('@');
        expect([name, version]).toEqual([name, CURRENT[name as keyof typeof CURRENT]]);
        if (name === 'actions/setup-node') expect(NODE_LTS).toContain(Number(step.with['node-version']));
      }
      const action = steps.find((x) => String(x.uses).startsWith('cors-lint/cors-lint@'));
      if (action) {
        expect(Object.keys(action.with ?? {}).filter((k) => !Object.keys(actionSpec.inputs).includes(k))).toEqual([]);
      }
      const upload = steps.find((x) => String(x.uses).startsWith('github/codeql-action/upload-sarif@'));
      if (!upload) {
        // annotations only: no SARIF is written, and no permission beyond reading the code is asked
        expect(action?.with?.['sarif-file']).toBe('');
        expect(doc.permissions).toEqual({ contents: 'read' });
        continue;
      }
      uploads++;
      expect(doc.permissions['security-events']).toBe('write');
      expect(doc.permissions.actions).toBe('read');
      expect(upload.if).toBe('always()');
      const folder = jobs[0]!.defaults?.run?.['working-directory'];
      const written = action
        ? (action.with?.['sarif-file'] ?? actionSpec.inputs['sarif-file']!.default)
        : flagValue(steps.map((x) => x.run ?? '').join(' '), '--output', '-o');
      expect(folder ? `${folder}/${written}` : written).toBe(upload.with.sarif_file);
    }
    expect(uploads).toBeGreaterThanOrEqual(2);
  });

  test('GitLab CI: a codequality report from --format gitlab, kept when the job fails', () => {
    const jobs = blocks.filter((b) => b.title.startsWith('.gitlab-ci.yml'));
    expect(jobs.length).toBeGreaterThanOrEqual(1);
    for (const { doc } of jobs) {
      const job = doc['cors-lint'];
      const script = (job.script as string[]).join('\n');
      expect(flagValue(script, '--format', '-f')).toBe('gitlab');
      expect(flagValue(script, '--output', '-o')).toBe(job.artifacts.reports.codequality);
      expect(job.artifacts.when).toBe('always');
      expect(job.image).toBe('node:24');
    }
  });
});

describe('action.yml', () => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    runs: { using: string; steps: Array<{ id?: string; shell: string; run: string; env: Record<string, string> }> };
    inputs: Record<string, { default: string }>;
    outputs: Record<string, { value: string }>;
  };

  test('is a composite action whose outputs come from its lint step', () => {
    expect(action.runs.using).toBe('composite');
    const ids = action.runs.steps.map((s) => s.id).filter(Boolean);
    for (const output of Object.values(action.outputs)) {
      const m = /\$\{\{ steps\.([\w-]+)\.outputs\.([\w-]+) \}\}/.exec(output.value);
      expect(m && ids.includes(m[1])).toBe(true);
    }
    for (const step of action.runs.steps) expect(step.shell).toBe('bash');
  });

  /**
   * A temporary folder for the action to run from, whose entries link to this checkout's: the source alone (a
   * branch), with its build (a release tag), or with its dependencies installed too.
   */
  function actionFolder(has: { build: boolean; dependencies: boolean }): { dir: string; cleanup: () => void } {
    const dir = mkdtempSync(join(tmpdir(), 'cors-lint-action-path-'));
    const names = ['bin', 'package.json', ...(has.build ? ['dist'] : []), ...(has.dependencies ? ['node_modules'] : [])];
    for (const name of names) symlinkSync(join(ROOT, name), join(dir, name));
    return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }

  interface RunOptions {
    /** Where the action is checked out (`github.action_path`). */
    actionPath: string;
    /** Folders put first on PATH. */
    path?: string[];
    /** Run only the first n steps. */
    steps?: number;
  }

  /** Runs the action's steps as the runner does: expressions in `env` replaced, then each `run` in bash. */
  function runAction(workspace: string, inputs: Record<string, string>, options: RunOptions): { code: number; output: Record<string, string>; log: string } {
    const scratch = mkdtempSync(join(tmpdir(), 'cors-lint-action-'));
    const outputFile = join(scratch, 'output');
    writeFileSync(outputFile, '');
    const values: Record<string, string> = { 'github.action_path': options.actionPath };
    for (const [name, spec] of Object.entries(action.inputs)) values[`inputs.${name}`] = inputs[name] ?? spec.default;
    let log = '';
    let code = 0;
    const PATH = [...(options.path ?? []), process.env.PATH ?? ''].join(':');
    for (const step of action.runs.steps.slice(0, options.steps)) {
      const env: Record<string, string> = { PATH, HOME: process.env.HOME ?? '', GITHUB_OUTPUT: outputFile, CI: 'true' };
      for (const [key, expr] of Object.entries(step.env ?? {})) {
        env[key] = String(expr).replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_m, name: string) => {
          if (!(name in values)) throw new Error(`unknown expression ${name}`);
          return values[name]!;
        });
      }
      // As the runner runs `shell: bash`: bash --noprofile --norc -eo pipefail {0}.
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], { cwd: workspace, env, encoding: 'utf8' });
      log += r.stdout + r.stderr;
      code = r.status ?? 1;
      if (code !== 0) break;
    }
    const output: Record<string, string> = {};
    for (const line of readFileSync(outputFile, 'utf8').split('\n').filter(Boolean)) {
      const [key, ...rest] = line.split('=');
      output[key!] = rest.join('=');
    }
    rmSync(scratch, { recursive: true, force: true });
    return { code, output, log };
  }

  /** A stand-in `npm` on PATH that records its folder and arguments; what it recorded, and cleanup. */
  function recordingNpm(): { bin: string; calls: () => string[]; cleanup: () => void } {
    const dir = mkdtempSync(join(tmpdir(), 'cors-lint-npm-'));
    mkdirSync(join(dir, 'bin'));
    const record = join(dir, 'calls');
    writeFileSync(record, '');
    writeFileSync(join(dir, 'bin', 'npm'), `#!/bin/sh\necho "$(pwd -P) $*" >> '${record}'\n`);
    chmodSync(join(dir, 'bin', 'npm'), 0o755);
    return { bin: join(dir, 'bin'), calls: () => readFileSync(record, 'utf8').split('\n').filter(Boolean), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }

  test('the install step installs in the action folder what it lacks, and nothing when the dependencies are there', () => {
    const npm = recordingNpm();
    const source = actionFolder({ build: false, dependencies: false });
    const release = actionFolder({ build: true, dependencies: false });
    const installed = actionFolder({ build: true, dependencies: true });
    const p = project({ 'template.yaml': httpApiTemplate(['https://app.example.com']) });
    try {
      const install = (actionPath: string) => runAction(p.dir, {}, { actionPath, path: [npm.bin], steps: 1 }).code;
      expect([install(source.dir), install(release.dir), install(installed.dir)]).toEqual([0, 0, 0]);
      expect(npm.calls()).toEqual([
        `${realpathSync(source.dir)} ci --no-audit --no-fund --loglevel=error`,
        `${realpathSync(release.dir)} ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error`,
      ]);
    } finally {
      for (const f of [npm, source, release, installed]) f.cleanup();
      p.cleanup();
    }
  });

  /** The action as checked out with its build, for the tests that lint. */
  let installed: { dir: string; cleanup: () => void } | undefined;
  beforeAll(() => {
    installed = actionFolder({ build: true, dependencies: true });
  });
  afterAll(() => installed?.cleanup());
  const runInstalled = (workspace: string, inputs: Record<string, string>) => runAction(workspace, inputs, { actionPath: installed!.dir });

  (built ? test : test.skip)('writes SARIF for the given paths and fails on findings', () => {
    const p = project({ 'stacks/a/template.yaml': httpApiTemplate(['*']), 'stacks/b/template.yaml': httpApiTemplate(['https://app.example.com']), '.cors-lint.yaml': 'extends: strict\n' });
    try {
      const r = runInstalled(p.dir, { paths: 'stacks/a\nstacks/b', 'sarif-file': 'cors.sarif' });
      expect(r.code).toBe(1);
      expect(r.output).toEqual({ 'sarif-file': 'cors.sarif', 'exit-code': '1' });
      const sarif = JSON.parse(readFileSync(join(p.dir, 'cors.sarif'), 'utf8'));
      expect(sarif.version).toBe('2.1.0');
      expect(sarif.runs[0].results.map((x: any) => `${x.ruleId} ${x.level} ${x.locations[0].physicalLocation.artifactLocation.uri}`)).toEqual([
        'wildcard-origin error stacks/a/template.yaml',
      ]);
      expect(r.log).toContain('report written to cors.sarif');
      // the findings in the log, as annotations (the first run decides the outcome)
      expect(r.log.split('\n').filter((l) => l.startsWith('::'))).toEqual([
        `::error file=stacks/a/template.yaml,line=9,col=13,endColumn=16,title=wildcard-origin::HTTP API 'Api' allows any origin ('*'): any website can read its responses.%0Ahttps://github.com/cors-lint/cors-lint/blob/main/docs/rules/wildcard-origin.md`,
      ]);
    } finally {
      p.cleanup();
    }
  });

  (built ? test : test.skip)('annotations only (sarif-file empty), or the text report in the log (annotations false)', () => {
    const p = project({ 'stacks/a/template.yaml': httpApiTemplate(['*']) });
    try {
      const only = runInstalled(p.dir, { paths: 'stacks', 'sarif-file': '' });
      expect([only.code, only.output]).toEqual([0, { 'sarif-file': '', 'exit-code': '0' }]);
      expect(only.log).toMatch(/^::warning file=stacks\/a\/template\.yaml,line=9,col=13,endColumn=16,title=wildcard-origin::/m);
      expect(existsSync(join(p.dir, 'cors-lint.sarif'))).toBe(false);
      const text = runInstalled(p.dir, { paths: 'stacks', annotations: 'false' });
      expect(text.code).toBe(0);
      expect(text.log).not.toContain('::warning');
      expect(text.log).toContain('wildcard-origin');
      expect(text.log).toContain('stacks/a/template.yaml:9:13');
      expect(existsSync(join(p.dir, 'cors-lint.sarif'))).toBe(true);
    } finally {
      p.cleanup();
    }
  });

  (built ? test : test.skip)('fail-on-findings false reports without failing; args, config, env and globs pass through', () => {
    const p = project({
      'stacks/a/template.yaml': httpApiTemplate(['https://app.example.com', 'http://localhost:3000']),
      'ci/cors.yaml': 'allowedOrigins:\n  prod: [https://app.example.com]\n  dev: ["http://localhost:*", https://app.example.com]\n',
    });
    try {
      const prod = runInstalled(p.dir, { paths: 'stacks/**/*.yaml', config: 'ci/cors.yaml', env: 'prod', 'fail-on-findings': 'false' });
      expect(prod.code).toBe(0);
      expect(prod.output['exit-code']).toBe('1');
      const results = JSON.parse(readFileSync(join(p.dir, 'cors-lint.sarif'), 'utf8')).runs[0].results;
      expect(results.map((x: any) => x.ruleId)).toEqual(['origin-not-allowed']);
      const dev = runInstalled(p.dir, { paths: 'stacks', config: 'ci/cors.yaml', env: 'dev', args: '--rule origin-not-allowed:off' });
      expect([dev.code, dev.output['exit-code']]).toEqual([0, '0']);
      const broken = runInstalled(p.dir, { paths: 'stacks', config: 'ci/missing.yaml', 'fail-on-findings': 'false' });
      expect([broken.code, broken.output['exit-code']]).toEqual([2, '2']);
      expect(broken.log).toContain('ci/missing.yaml:1:1: no such file');
    } finally {
      p.cleanup();
    }
  });
});
