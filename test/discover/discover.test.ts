import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { discover } from '../../src/discover/index.js';

let root: string;
const touch = (path: string, text = 'Resources: {}\n'): void => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};
const rel = (files: Array<{ path: string }>): string[] => files.map((f) => relative(root, f.path));

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cors-lint-discover-'));
  touch('template.yaml');
  touch('stacks/api.yml');
  touch('stacks/cdk.json');
  touch('stacks/legacy.template');
  touch('notes.txt');
  touch('node_modules/pkg/template.yaml');
  touch('.aws-sam/build/template.yaml');
  touch('cdk.out/Stack.template.json');
  touch('.git/config.yaml');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('a folder gives its YAML and JSON files, sorted, without build and dependency folders', () => {
  const { files, missing } = discover(['.'], { cwd: root });
  expect(missing).toEqual([]);
  expect(rel(files)).toEqual(['stacks/api.yml', 'stacks/cdk.json', 'stacks/legacy.template', 'template.yaml']);
  expect(files.every((f) => !f.explicit)).toBe(true);
});

test('skipped folders are walked when named', () => {
  expect(rel(discover(['node_modules'], { cwd: root }).files)).toEqual(['node_modules/pkg/template.yaml']);
  expect(rel(discover(['.aws-sam/build'], { cwd: root }).files)).toEqual(['.aws-sam/build/template.yaml']);
  expect(rel(discover(['cdk.out'], { cwd: root }).files)).toEqual(['cdk.out/Stack.template.json']);
});

test('a named file is explicit, whatever its extension, and is listed once', () => {
  const { files } = discover(['notes.txt', 'template.yaml', './template.yaml', '.'], { cwd: root });
  expect(rel(files)).toEqual(['notes.txt', 'template.yaml', 'stacks/api.yml', 'stacks/cdk.json', 'stacks/legacy.template']);
  expect(files.slice(0, 2).every((f) => f.explicit)).toBe(true);
});

test('globs, and what matches nothing', () => {
  expect(rel(discover(['stacks/*.{yml,json}'], { cwd: root }).files)).toEqual(['stacks/api.yml', 'stacks/cdk.json']);
  expect(discover(['**/*.yaml'], { cwd: root }).files.map((f) => relative(root, f.path))).toEqual(['template.yaml']);
  expect(discover(['nothing/*.yaml', 'missing.yaml'], { cwd: root }).missing).toEqual([
    { input: 'nothing/*.yaml', reason: 'no files match this pattern' },
    { input: 'missing.yaml', reason: 'no such file or directory' },
  ]);
});

test('symbolic links are not followed, and a link loop does not hang', () => {
  symlinkSync(root, join(root, 'stacks', 'loop'));
  symlinkSync(join(root, 'template.yaml'), join(root, 'stacks', 'link.yaml'));
  const { files } = discover(['.'], { cwd: root });
  expect(rel(files)).toEqual(['stacks/api.yml', 'stacks/cdk.json', 'stacks/legacy.template', 'template.yaml']);
});
