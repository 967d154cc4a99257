#!/usr/bin/env node
// Shows that a change leaves every report the same: lints the fixtures, the examples and (where present) the
// shared corpus with this tree's build and with another revision's build, in every built-in format, with
// `--verbose` notes and `--print-model`, plus `explain`'s route matrix (text and JSON) for the templates whose
// verdicts the simulator decides, and compares the bytes. Both builds run on this tree's inputs.
//
//   node scripts/compare-reports.mjs [--base REV] [--keep DIR] [--only NAME]
//
//   --base REV   the revision to compare with (default: main, or HEAD when this tree is main)
//   --keep DIR   keep both sets of reports in DIR (base/ and head/) for reading with diff
//   --only NAME  run only the sets whose name contains NAME (fixtures, examples, corpus)
//
// The base revision is checked out in a temporary git worktree, given this tree's inputs (fixtures, examples,
// explain's templates) and built there, with this tree's node_modules
// when its package-lock.json is the same (else `npm ci` in the temporary folder). Absolute paths in the reports
// are replaced by <root> and <corpus>, so the two trees compare. Exit 0 when every report is identical, 1 when
// any differs (the first differing lines are printed), 2 when something could not run.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const git = (cwd, ...argv) => spawnSync('git', argv, { cwd, encoding: 'utf8' });
const branch = git(root, 'rev-parse', '--abbrev-ref', 'HEAD').stdout.trim();
const base = option('--base', branch === 'main' ? 'HEAD' : 'main');
const only = option('--only', '');
const corpus = resolve(root, '..', 'shared', 'corpus');
const INPUTS = ['fixtures', 'examples', 'test/explain/templates'];

function fail(message) {
  console.error(`compare-reports: ${message}`);
  process.exit(2);
}

function run(command, argv, cwd, extraEnv = {}) {
  return spawnSync(command, argv, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1', ...extraEnv },
  });
}

/** The sets of inputs and the command lines run on each (arguments after the binary). */
function invocations() {
  const sets = [
    { name: 'fixtures', paths: ['fixtures'] },
    { name: 'examples', paths: ['examples'] },
  ];
  // Named relatively, so that both trees print the same paths (the base tree gets a link to ../shared).
  if (existsSync(corpus)) sets.push({ name: 'corpus', paths: ['../shared/corpus'] });
  else console.error('compare-reports: ../shared/corpus is absent; comparing fixtures and examples only');
  const formats = ['text', 'compact', 'json', 'sarif', 'gitlab'];
  const out = [];
  for (const set of sets) {
    if (only && !set.name.includes(only)) continue;
    for (const format of formats) {
      out.push({ name: `${set.name}.${format}`, argv: ['--threads', '1', '--format', format, ...set.paths] });
    }
    out.push({ name: `${set.name}.verbose`, argv: ['--threads', '1', '--verbose', '--format', 'compact', ...set.paths] });
    out.push({ name: `${set.name}.model`, argv: ['--print-model', ...set.paths] });
  }
  return out;
}

/**
 * `explain`'s route matrix, as text and JSON, for the templates whose verdicts the simulator decides: the
 * examples, explain's own test templates and the fixtures of the rules that ask the simulator.
 */
function explainInvocations() {
  if (only && !'explain'.includes(only)) return [];
  const folders = [
    'examples',
    'test/explain/templates',
    ...['preflight-authorizer', 'default-route-swallows-preflight', 'auth-header-not-allowed', 'route-method-not-allowed', 'proxy-missing-allow-origin'].map((id) => `fixtures/${id}`),
  ];
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (/\.(ya?ml|json|template)$/.test(entry.name) && /Resources/.test(readFileSync(join(root, rel), 'utf8'))) files.push(rel);
    }
  };
  for (const folder of folders) if (existsSync(join(root, folder))) walk(folder);
  return files.flatMap((file) => [
    { name: `explain.text.${file.replaceAll('/', '_')}`, argv: ['explain', file] },
    { name: `explain.json.${file.replaceAll('/', '_')}`, argv: ['explain', '--format', 'json', file] },
  ]);
}

function reportsOf(tree, into) {
  mkdirSync(into, { recursive: true });
  const bin = join(tree, 'bin', 'cors-lint.js');
  for (const { name, argv } of [...invocations(), ...explainInvocations()]) {
    const r = run(process.execPath, [bin, ...argv], tree);
    const corpusHere = resolve(tree, '..', 'shared', 'corpus');
    const normalise = (s) => s.split(corpusHere).join('<corpus>').split(corpus).join('<corpus>').split(tree).join('<root>');
    writeFileSync(join(into, name), `exit ${r.status}\n--- stdout\n${normalise(r.stdout)}\n--- stderr\n${normalise(r.stderr)}`);
  }
}

function build(tree) {
  const r = run('npx', ['tsc', '-p', 'tsconfig.json'], tree);
  if (r.status !== 0) fail(`the build failed in ${tree}:\n${r.stdout}${r.stderr}`);
}

const work = mkdtempSync(join(tmpdir(), 'cors-lint-compare-'));
const keep = option('--keep', '');
const outDir = keep ? resolve(keep) : join(work, 'reports');
const baseTree = join(work, 'base');
let status = 0;
try {
  const added = git(root, 'worktree', 'add', '--detach', baseTree, base);
  if (added.status !== 0) fail(`cannot check out ${base}: ${added.stderr}`);
  if (existsSync(corpus)) symlinkSync(dirname(corpus), join(work, 'shared'), 'dir');
  // The same inputs on both sides: this tree's fixtures, examples and explain templates replace the base's.
  for (const folder of INPUTS) {
    rmSync(join(baseTree, folder), { recursive: true, force: true });
    cpSync(join(root, folder), join(baseTree, folder), { recursive: true });
  }
  const sameLock =
    git(root, 'show', `${base}:package-lock.json`).stdout === readFileSync(join(root, 'package-lock.json'), 'utf8');
  if (sameLock) symlinkSync(join(root, 'node_modules'), join(baseTree, 'node_modules'), 'dir');
  else if (run('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], baseTree).status !== 0) fail('npm ci failed for the base');
  build(baseTree);
  build(root);
  reportsOf(baseTree, join(outDir, 'base'));
  reportsOf(root, join(outDir, 'head'));
  let same = 0;
  const all = [...invocations(), ...explainInvocations()];
  for (const { name } of all) {
    const a = readFileSync(join(outDir, 'base', name), 'utf8');
    const b = readFileSync(join(outDir, 'head', name), 'utf8');
    if (a === b) {
      same++;
      continue;
    }
    status = 1;
    const la = a.split('\n');
    const lb = b.split('\n');
    let i = 0;
    while (i < la.length && la[i] === lb[i]) i++;
    console.log(`DIFFERS ${name} (first at line ${i + 1}):\n  base: ${(la[i] ?? '<end>').slice(0, 300)}\n  head: ${(lb[i] ?? '<end>').slice(0, 300)}`);
  }
  console.log(`${same} of ${all.length} reports identical to ${base}${keep ? ` (kept in ${outDir})` : ''}`);
} finally {
  git(root, 'worktree', 'remove', '--force', baseTree);
  rmSync(work, { recursive: true, force: true });
}
process.exit(status);
