/**
 * scripts/release-tree.mjs: the tree a release tag holds, so that pre-commit and the action install cors-lint
 * without building it or fetching a development dependency. `--out` on this working tree's build; `--tag` on a
 * small repository of its own (a copy of the script beside a made-up package), which it must commit on top of
 * HEAD without touching the working tree or the index. The real install from such a tree is
 * test/workflow/pre-commit.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'release-tree.mjs');
jest.setTimeout(60_000);

const built = existsSync(join(ROOT, 'dist', 'src', 'cli.js'));
if (!built) console.warn('dist/ is missing: run `npm run build` (npm test does); the release tree of this working tree is not checked');
const haveGit = spawnSync('git', ['--version']).status === 0;
if (!haveGit) console.warn('git is not installed: release-tree --tag is not checked');

function files(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...files(dir, rel));
    else out.push(rel);
  }
  return out;
}

(built ? describe : describe.skip)('release-tree --out on this working tree', () => {
  let out: string;
  let tree: string[];
  beforeAll(() => {
    out = join(mkdtempSync(join(tmpdir(), 'cors-lint-release-')), 'tree');
    const r = spawnSync(process.execPath, [SCRIPT, '--out', out, '--no-build'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    tree = files(out);
  });
  afterAll(() => rmSync(dirname(out), { recursive: true, force: true }));

  test('holds the built package and what pre-commit and the action read, and no sources or tests', () => {
    for (const needed of ['package.json', 'package-lock.json', 'README.md', 'LICENSE', '.pre-commit-hooks.yaml', 'action.yml', 'bin/cors-lint.js', 'dist/src/cli.js', 'schema/cors-lint.schema.json', 'docs/rules/wildcard-origin.md', 'docs/pre-commit.md']) {
      expect(tree).toContain(needed);
    }
    expect(tree.filter((f) => /^(src|test|fixtures|scripts|node_modules)\//.test(f) || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(statSync(join(out, 'bin', 'cors-lint.js')).mode & 0o111).not.toBe(0);
  });

  test('package.json has no development dependencies and no scripts; the lock file no development packages', () => {
    const source = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'));
    expect(manifest.devDependencies).toBeUndefined();
    expect(manifest.scripts).toBeUndefined();
    expect(manifest.dependencies).toEqual(source.dependencies);
    expect(manifest.bin).toEqual(source.bin);
    const lock = JSON.parse(readFileSync(join(out, 'package-lock.json'), 'utf8'));
    const sourceLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
    expect(lock.packages[''].devDependencies).toBeUndefined();
    expect(Object.values(lock.packages).filter((p: any) => p.dev === true)).toEqual([]);
    // every runtime package stays
    const runtime = Object.entries(sourceLock.packages).filter(([path, p]: [string, any]) => path !== '' && p.dev !== true).map(([path]) => path);
    expect(Object.keys(lock.packages).filter((p) => p !== '').sort()).toEqual(runtime.sort());
    expect(runtime).toContain('node_modules/yaml');
  });
});

(haveGit ? test : test.skip)('--tag commits the tree on top of HEAD and tags it, leaving the working tree and index alone', () => {
  const repo = mkdtempSync(join(tmpdir(), 'cors-lint-release-tag-'));
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' },
    });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  try {
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(repo, file)), { recursive: true });
      writeFileSync(join(repo, file), text);
    };
    mkdirSync(join(repo, 'scripts'));
    copyFileSync(SCRIPT, join(repo, 'scripts', 'release-tree.mjs'));
    write('package.json', JSON.stringify({ name: 'demo', version: '1.0.0', bin: { demo: 'bin/demo.js' }, files: ['bin/', 'dist/src/'], dependencies: { yaml: '^2.0.0' }, devDependencies: { jest: '^30.0.0' }, scripts: { preprepare: 'tsc' } }));
    write('package-lock.json', JSON.stringify({ name: 'demo', lockfileVersion: 3, packages: { '': { dependencies: { yaml: '^2.0.0' }, devDependencies: { jest: '^30.0.0' } }, 'node_modules/yaml': { version: '2.0.0' }, 'node_modules/jest': { version: '30.0.0', dev: true } } }));
    write('bin/demo.js', '#!/usr/bin/env node\n');
    chmodSync(join(repo, 'bin', 'demo.js'), 0o755);
    write('src/index.ts', 'export {};\n');
    write('.gitignore', 'dist/\n');
    write('.pre-commit-hooks.yaml', '- id: demo\n');
    write('action.yml', 'name: demo\n');
    write('docs/ci.md', '# CI\n');
    write('README.md', '# demo\n');
    write('LICENSE', 'MIT\n');
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'source');
    write('dist/src/cli.js', 'export {};\n'); // the build, ignored by git
    const head = git('rev-parse', 'HEAD');
    const r = spawnSync(process.execPath, [join(repo, 'scripts', 'release-tree.mjs'), '--tag', 'v1.0.0', '--no-build'], { cwd: repo, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(git('rev-parse', 'v1.0.0^')).toBe(head);
    expect(git('rev-parse', 'HEAD')).toBe(head);
    expect(git('status', '--porcelain')).toBe('');
    const listed = git('ls-tree', '-r', '--name-only', 'v1.0.0').split('\n').sort();
    expect(listed).toEqual(['.pre-commit-hooks.yaml', 'LICENSE', 'README.md', 'action.yml', 'bin/demo.js', 'dist/src/cli.js', 'docs/ci.md', 'package-lock.json', 'package.json']);
    expect(git('ls-tree', 'v1.0.0', 'bin/demo.js')).toMatch(/^100755 /);
    const manifest = JSON.parse(git('show', 'v1.0.0:package.json'));
    expect(manifest.devDependencies).toBeUndefined();
    expect(manifest.scripts).toBeUndefined();
    expect(Object.keys(JSON.parse(git('show', 'v1.0.0:package-lock.json')).packages)).toEqual(['', 'node_modules/yaml']);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});
