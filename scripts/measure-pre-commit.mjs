#!/usr/bin/env node
// Measures the pre-commit hook as a user meets it: the first install (pre-commit cloning the hook repository and
// installing its `language: node` environment) and a hook run on a commit's files.
//
//   node scripts/measure-pre-commit.mjs [--tree DIR] [--from release|source] [--runs N] [--cold] [--json FILE]
//
//   --tree DIR   the cors-lint working tree to install as the hook repository (default: this one)
//   --from WHAT  what the hook repository holds: `release` (default), the tree of a release tag, made by
//                scripts/release-tree.mjs from the tree's build (dist/ must be built); `source`, the tree's tracked
//                and untracked files as a source commit holds them (no dist/, no node_modules/), which pre-commit
//                installs with the development dependencies and builds (what every tag held before release trees)
//   --runs N     how many hook runs to time (default 5; the median is reported)
//   --cold       give npm an empty cache, so that every package is downloaded (default: the machine's cache)
//   --json FILE  also write the figures as JSON
//
// Needs git, pre-commit, node and npm. The first install is `pre-commit install-hooks` with an empty
// PRE_COMMIT_HOME; a hook run is `pre-commit run cors-lint --files <two templates and a workflow file>`, which
// includes pre-commit's own start-up. Prints one line per figure; exit 0 when both could be measured, 1 when the
// install or a run failed (its output is printed), 2 when a tool is missing.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const tree = resolve(option('--tree', resolve(dirname(fileURLToPath(import.meta.url)), '..')));
const runs = Math.max(1, Number(option('--runs', '5')));
const cold = args.includes('--cold');
const from = option('--from', 'release');
if (from !== 'release' && from !== 'source') {
  console.error(`measure-pre-commit: --from ${from}: expected release or source`);
  process.exit(2);
}
const jsonFile = option('--json', undefined);

for (const tool of ['git', 'pre-commit', 'node', 'npm']) {
  if (spawnSync(tool, ['--version'], { encoding: 'utf8' }).status !== 0) {
    console.error(`measure-pre-commit: ${tool} is not installed`);
    process.exit(2);
  }
}

const work = mkdtempSync(join(tmpdir(), 'cors-lint-measure-pre-commit-'));
const gitconfig = join(work, 'gitconfig');
writeFileSync(gitconfig, '[user]\n  name = measure\n  email = measure@example.invalid\n[init]\n  defaultBranch = main\n');
const env = {
  ...process.env,
  GIT_CONFIG_GLOBAL: gitconfig,
  GIT_CONFIG_NOSYSTEM: '1',
  PRE_COMMIT_HOME: join(work, 'pre-commit-home'),
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  NO_COLOR: '1',
  ...(cold ? { npm_config_cache: join(work, 'npm-cache') } : {}),
};
for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete env[name];

function run(command, argv, cwd) {
  const started = process.hrtime.bigint();
  const r = spawnSync(command, argv, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ...r, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function must(command, argv, cwd) {
  const r = run(command, argv, cwd);
  if (r.status !== 0) {
    console.error(`measure-pre-commit: ${command} ${argv.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    rmSync(work, { recursive: true, force: true });
    process.exit(1);
  }
  return r;
}

// The hook repository: a release tag's tree, or the tree's files as a source commit holds them.
const hooks = join(work, 'hooks');
if (from === 'release') {
  must('node', [join(tree, 'scripts', 'release-tree.mjs'), '--out', hooks, '--no-build'], tree);
} else {
  mkdirSync(hooks);
  const listed = must('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], tree).stdout.split('\0').filter(Boolean);
  for (const file of listed) {
    const source = join(tree, file);
    try {
      if (!statSync(source).isFile()) continue;
    } catch {
      continue;
    }
    mkdirSync(dirname(join(hooks, file)), { recursive: true });
    copyFileSync(source, join(hooks, file));
  }
}
must('git', ['init', '-q'], hooks);
must('git', ['add', '-A'], hooks);
must('git', ['commit', '-q', '-m', 'hook repository'], hooks);
const rev = must('git', ['rev-parse', 'HEAD'], hooks).stdout.trim();

// A user's repository with two templates and a file that is no template.
const user = join(work, 'user');
mkdirSync(join(user, '.github', 'workflows'), { recursive: true });
must('git', ['init', '-q'], user);
writeFileSync(join(user, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: cors-lint\n`);
const template = (origin) =>
  [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Api:',
    '    Type: AWS::Serverless::HttpApi',
    '    Properties:',
    '      CorsConfiguration:',
    `        AllowOrigins: [${origin}]`,
    '',
  ].join('\n');
writeFileSync(join(user, 'api.yaml'), template('https://app.example.com'));
writeFileSync(join(user, 'admin.template'), template('https://admin.example.com'));
writeFileSync(join(user, '.github', 'workflows', 'ci.yml'), 'on: push\njobs: {}\n');
must('git', ['add', '-A'], user);
must('git', ['commit', '-q', '-m', 'user repository'], user);

const install = must('pre-commit', ['install-hooks'], user);
const times = [];
let last;
for (let i = 0; i < runs; i++) {
  last = run('pre-commit', ['run', 'cors-lint', '--files', 'api.yaml', 'admin.template', '.github/workflows/ci.yml'], user);
  if (last.status !== 0) {
    console.error(`measure-pre-commit: the hook run failed (${last.status}):\n${last.stdout}\n${last.stderr}`);
    rmSync(work, { recursive: true, force: true });
    process.exit(1);
  }
  times.push(last.seconds);
}
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
const nodeVersion = spawnSync('node', ['--version'], { encoding: 'utf8' }).stdout.trim();
const npmVersion = spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout.trim();
const preCommitVersion = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).stdout.trim();
const figures = {
  tree,
  from,
  npmCache: cold ? 'empty' : 'the machine\'s',
  versions: { node: nodeVersion, npm: npmVersion, preCommit: preCommitVersion },
  firstInstallSeconds: Number(install.seconds.toFixed(1)),
  hookRunSeconds: { median: Number(median.toFixed(2)), min: Number(sorted[0].toFixed(2)), max: Number(sorted.at(-1).toFixed(2)), runs },
};
console.log(`pre-commit first install (install-hooks) from a ${from} tree: ${figures.firstInstallSeconds} s (npm cache: ${figures.npmCache})`);
console.log(`hook run on 3 files (median of ${runs}): ${figures.hookRunSeconds.median} s (min ${figures.hookRunSeconds.min}, max ${figures.hookRunSeconds.max})`);
console.log(`${preCommitVersion}, node ${nodeVersion}, npm ${npmVersion}`);
if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(figures, null, 2)}\n`);
rmSync(work, { recursive: true, force: true });
