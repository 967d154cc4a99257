#!/usr/bin/env node
// The tree a release tag holds: what the npm package holds (built), plus what pre-commit and the GitHub Action
// read from the repository, so that neither builds anything or installs a development dependency.
//
//   node scripts/release-tree.mjs --out DIR [--no-build]
//   node scripts/release-tree.mjs --tag v0.2.0 [--no-build]
//
//   --out DIR    write the tree into DIR (created; it must not exist or be empty)
//   --tag NAME   commit the tree on top of HEAD (HEAD is the commit's parent, so the tag's history is the
//                source's) and tag that commit NAME; push the tag as usual. The working tree is not touched
//   --no-build   use dist/ as it is (default: `npm run build` first)
//
// Why: pre-commit installs a `language: node` hook by running `npm install` with the development dependencies
// in its clone of the repository (then `npm pack` and a global install of the tarball). On a source commit that
// means the compiler, the test runner and the browser driver, and the build (`preprepare`): about a minute and
// a half. A release tag's tree has `dist/` built, a package.json without `devDependencies` and `scripts`, and a
// package-lock.json without the development packages, so the install fetches the runtime dependencies only.
// The action (action.yml) installs the runtime dependencies with `npm ci --omit=dev` when `dist/` is there.
//
// The tree: every file `npm pack` would pack (bin/, dist/, schema/, the rule pages, README.md, LICENSE,
// package.json), then .pre-commit-hooks.yaml, action.yml, docs/ and package-lock.json. Exit 0 done, 1 failed,
// 2 bad arguments.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const out = option('--out');
const tag = option('--tag');
const build = !args.includes('--no-build');

function fail(message, code = 1) {
  console.error(`release-tree: ${message}`);
  process.exit(code);
}

if ((out === undefined) === (tag === undefined)) fail('give --out DIR or --tag NAME (see the comment at the top of this script)', 2);

function run(command, argv, options = {}) {
  const r = spawnSync(command, argv, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.status !== 0) fail(`${command} ${argv.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  return r.stdout;
}

/** Files under a folder, relative to the repository root. */
function walk(dir) {
  const found = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walk(path));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}

/** package.json as the release holds it: no development dependencies, no scripts (nothing to build). */
export function releaseManifest(manifest) {
  const { devDependencies: _dev, scripts: _scripts, ...rest } = manifest;
  return rest;
}

/** package-lock.json without the development packages, for `npm ci --omit=dev` and pre-commit's install. */
export function releaseLock(lock) {
  const packages = {};
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (path === '') {
      const { devDependencies: _dev, ...own } = entry;
      packages[path] = own;
    } else if (entry.dev !== true) {
      packages[path] = entry;
    }
  }
  return { ...lock, packages };
}

if (build) run('npm', ['run', 'build', '--silent']);
if (!existsSync(join(root, 'dist', 'src', 'cli.js'))) fail('dist/ is not built (run npm run build, or leave out --no-build)');

const packed = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { env: { ...process.env, npm_config_loglevel: 'error' } }));
const files = new Set(packed[0].files.map((f) => f.path));
for (const extra of ['.pre-commit-hooks.yaml', 'action.yml', ...walk('docs')]) files.add(extra);
files.delete('package.json');

const target = out !== undefined ? resolve(out) : mkdtempSync(join(tmpdir(), 'cors-lint-release-'));
if (out !== undefined && existsSync(target) && readdirSync(target).length > 0) fail(`--out ${out}: not empty`, 2);
mkdirSync(target, { recursive: true });
for (const file of [...files].sort()) {
  const from = join(root, file);
  if (!existsSync(from)) fail(`${file}: listed for the release but missing`);
  mkdirSync(dirname(join(target, file)), { recursive: true });
  copyFileSync(from, join(target, file));
  chmodSync(join(target, file), statSync(from).mode & 0o777);
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
writeFileSync(join(target, 'package.json'), `${JSON.stringify(releaseManifest(manifest), null, 2)}\n`);
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
writeFileSync(join(target, 'package-lock.json'), `${JSON.stringify(releaseLock(lock), null, 2)}\n`);

if (out !== undefined) {
  console.log(`release-tree: ${files.size + 2} files in ${target}`);
  process.exit(0);
}

// --tag: the tree as a commit on top of HEAD, through a temporary index (the working tree and index stay as they are).
const index = join(target, '..', `${tag}.index`);
const gitDir = run('git', ['rev-parse', '--absolute-git-dir']).trim();
const env = { ...process.env, GIT_DIR: gitDir, GIT_INDEX_FILE: index, GIT_WORK_TREE: target };
try {
  run('git', ['read-tree', '--empty'], { env });
  run('git', ['add', '-A', '-f', '.'], { env, cwd: target });
  const tree = run('git', ['write-tree'], { env }).trim();
  const commit = run('git', ['commit-tree', tree, '-p', 'HEAD', '-m', `Release ${tag}: the package built, for pre-commit and the action`]).trim();
  run('git', ['tag', tag, commit]);
  console.log(`release-tree: tagged ${tag} at ${commit.slice(0, 12)} (tree ${tree.slice(0, 12)}, parent HEAD)`);
} finally {
  rmSync(index, { force: true });
  rmSync(target, { recursive: true, force: true });
}
