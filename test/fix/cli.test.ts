/** `--fix` and `--fix-dry-run` on the command line, in temporary folders. */
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChangedOnDisk, writeAtomically } from '../../src/fix/apply.js';
import type { LintResult } from '../../src/types.js';
import { cli, project } from '../cli/helpers.js';

const TEMPLATE = [
  '# The shop API',
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  ShopApi:',
  '    Type: AWS::Serverless::Api',
  '    Properties:',
  '      StageName: prod',
  '      Cors:',
  "        AllowOrigin: \"'https://Shop.example.org/'\"   # the storefront",
  '        AllowMethods: GET,OPTIONS',
  '',
].join('\n');

const FIXED = TEMPLATE.replace("'https://Shop.example.org/'", "'https://shop.example.org'").replace('AllowMethods: GET,OPTIONS', `AllowMethods: "'GET,OPTIONS'"`);

describe('--fix', () => {
  test('fixes in place, keeps the comments and the file mode, and reports what remains', async () => {
    const p = project({ 'template.yaml': TEMPLATE });
    try {
      const file = join(p.dir, 'template.yaml');
      chmodSync(file, 0o640);
      const before = await cli(['template.yaml'], { cwd: p.dir });
      expect(before.code).toBe(1);
      const out = await cli(['--fix', 'template.yaml'], { cwd: p.dir });
      expect(readFileSync(file, 'utf8')).toBe(FIXED);
      expect(statSync(file).mode & 0o777).toBe(0o640);
      expect(out.stderr).toContain('cors-lint: fixed 2 problems in 1 file');
      expect(out.code).toBe(0);
      expect(readdirSync(p.dir)).toEqual(['template.yaml']);
      // a second run has nothing left to fix
      const again = await cli(['--fix', 'template.yaml'], { cwd: p.dir });
      expect(again.stderr).not.toContain('fixed');
      expect(readFileSync(file, 'utf8')).toBe(FIXED);
    } finally {
      p.remove();
    }
  });

  test('refuses standard input, and --fix with --fix-dry-run', async () => {
    const p = project({ 'template.yaml': TEMPLATE });
    try {
      expect((await cli(['--fix', '-'], { cwd: p.dir, stdin: TEMPLATE })).code).toBe(2);
      const both = await cli(['--fix', '--fix-dry-run', 'template.yaml'], { cwd: p.dir });
      expect(both.code).toBe(2);
      expect(both.stderr).toContain('--fix and --fix-dry-run cannot be used together');
      expect(readFileSync(join(p.dir, 'template.yaml'), 'utf8')).toBe(TEMPLATE);
    } finally {
      p.remove();
    }
  });
});

describe('--fix-dry-run', () => {
  test('prints a unified diff and writes nothing', async () => {
    const p = project({ 'template.yaml': TEMPLATE });
    try {
      const out = await cli(['--fix-dry-run', '--format', 'compact', 'template.yaml'], { cwd: p.dir });
      expect(out.stdout.startsWith('--- a/template.yaml\n+++ b/template.yaml\n@@ -6,5 +6,5 @@\n')).toBe(true);
      expect(out.stdout).toContain(`-        AllowOrigin: "'https://Shop.example.org/'"   # the storefront\n`);
      expect(out.stdout).toContain(`+        AllowOrigin: "'https://shop.example.org'"   # the storefront\n`);
      expect(out.stderr).toContain('would fix 2 problems in 1 file');
      expect(readFileSync(join(p.dir, 'template.yaml'), 'utf8')).toBe(TEMPLATE);
      expect(out.code).toBe(0);
    } finally {
      p.remove();
    }
  });

  test("with --format json, each fixed result carries the fixed text as 'output' (ESLint's shape)", async () => {
    const p = project({ 'template.yaml': TEMPLATE });
    try {
      const out = await cli(['--fix-dry-run', '--format', 'json', 'template.yaml'], { cwd: p.dir });
      const results = JSON.parse(out.stdout) as LintResult[];
      expect(results).toHaveLength(1);
      expect(results[0]!.output).toBe(FIXED);
      expect(results[0]!.messages).toEqual([]);
      const stdin = await cli(['--fix-dry-run', '--format', 'json', '--stdin-filename', 'template.yaml', '-'], { cwd: p.dir, stdin: TEMPLATE });
      expect((JSON.parse(stdin.stdout) as LintResult[])[0]!.output).toBe(FIXED);
    } finally {
      p.remove();
    }
  });

  test("a plain lint run's JSON carries each fix as ESLint's { range, text }, with its edits and description", async () => {
    const p = project({ 'template.yaml': TEMPLATE });
    try {
      const results = JSON.parse((await cli(['--format', 'json', 'template.yaml'], { cwd: p.dir })).stdout) as LintResult[];
      const fixes = results[0]!.messages.map((m) => m.fix);
      const start = TEMPLATE.indexOf(`"'https://Shop`);
      expect(fixes[0]).toEqual({
        range: [start, start + `"'https://Shop.example.org/'"`.length],
        text: `"'https://shop.example.org'"`,
        desc: "Write the origin as 'https://shop.example.org'",
        edits: [{ range: [start, start + `"'https://Shop.example.org/'"`.length], text: `"'https://shop.example.org'"` }],
      });
      expect(results[0]!.fixableErrorCount).toBe(2);
    } finally {
      p.remove();
    }
  });
});

describe('writeAtomically', () => {
  test('never writes over a file that changed since it was read, and leaves no temporary file', () => {
    const p = project({ 't.yaml': 'a: 1\n' });
    try {
      const file = join(p.dir, 't.yaml');
      const read = readFileSync(file);
      writeFileSync(file, 'a: 2\n');
      expect(() => writeAtomically(file, 'a: 3\n', read)).toThrow(ChangedOnDisk);
      expect(readFileSync(file, 'utf8')).toBe('a: 2\n');
      expect(readdirSync(p.dir)).toEqual(['t.yaml']);
    } finally {
      p.remove();
    }
  });

  test('keeps a byte-order mark', () => {
    const p = project({ 't.yaml': '\uFEFFa: 1\n' });
    try {
      const file = join(p.dir, 't.yaml');
      writeAtomically(file, 'a: 2\n', readFileSync(file));
      expect(readFileSync(file)).toEqual(Buffer.from('\uFEFFa: 2\n', 'utf8'));
    } finally {
      p.remove();
    }
  });
});
