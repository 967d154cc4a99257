/**
 * What the loader refuses, and how: every problem is one `LoadError` with a code, a one-line message and a
 * 1-based position, and the checks that protect the parser (size, encoding, nesting depth) run before it.
 */
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, decodeSource, loadTemplateFile, readTextFile } from '../../src/load/index.js';
import { load, loadError } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cors-lint-load-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: string | Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
const decodeError = (b: Uint8Array, opts?: { maxBytes?: number }) => loadError(() => decodeSource(b, 't.yaml', opts));

describe('anchors, aliases and merge keys are read, their expansion bounded', () => {
  test('an alias is a copy of its anchor\'s value', () => {
    const doc = load('Origins: &o\n  - https://a.example\nOther: *o\n');
    const value = doc.value as { Origins: string[]; Other: string[] };
    expect(value).toEqual({ Origins: ['https://a.example'], Other: ['https://a.example'] });
    expect(value.Other).not.toBe(value.Origins);
  });

  test('an alias used as a key is the key its anchor writes', () => {
    expect(load('A: &k key\n*k : 1\n').value).toEqual({ A: 'key', key: 1 });
  });

  test('an alias bomb is refused at once, at the alias where the bound is crossed', () => {
    const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 30; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
    // expanding it would take 9^30 values: the test would never end
    const e = loadError(() => load(`${lines.join('\n')}\n`));
    expect(e.code).toBe('alias');
    expect(e.message).toBe('aliases and merge keys expand the document past 250,000 values (a template SAM deploys is at most 1 MB)');
    // a5 is the first to hold more than 250,000 values (9^6): its third alias crosses the bound
    expect([e.line, e.column]).toEqual([6, 20]);
  });

  test('merge keys count against the same bound', () => {
    const lines = ['b0: &b0 {x0: 1, x1: 1, x2: 1, x3: 1, x4: 1, x5: 1, x6: 1, x7: 1}'];
    for (let i = 1; i < 40; i++) lines.push(`b${i}: &b${i}\n  <<: [${Array.from({ length: 8 }, () => `*b${i - 1}`).join(', ')}]\n  y${i}: [${Array(40).fill('*b0').join(', ')}]`);
    expect(loadError(() => load(`${lines.join('\n')}\n`)).code).toBe('alias');
  });

  test('aliases that nest the document deeper than the limit are refused', () => {
    const lines = ['a0: &a0 [x]'];
    for (let i = 1; i < 120; i++) lines.push(`a${i}: &a${i} [*a${i - 1}]`);
    const e = loadError(() => load(`${lines.join('\n')}\n`));
    expect(e.code).toBe('too-deep');
    expect(e.message).toBe('this alias nests the document deeper than 100 levels');
    // the alias on the line of a100, whose value is 101 lists deep
    expect([e.line, e.column]).toEqual([101, 14]);
  });

  test.each([
    ['an alias inside its own anchor', 'A: &a [1, *a]\n', "the alias '*a' is inside the node its anchor names: the value would never end", [1, 11]],
    ['a merge of a mapping into itself', 'A: &a {<<: *a}\n', "the alias '*a' is inside the node its anchor names: the value would never end", [1, 12]],
    ['an alias to no anchor', 'A: [x, *missing]\n', "the alias '*missing' names no anchor written before it", [1, 8]],
    ['an alias before its anchor', 'A: *later\nB: &later 1\n', "the alias '*later' names no anchor written before it", [1, 4]],
    ['an anchor written twice', 'A: &a 1\nB: &a 2\n', "the anchor '&a' is written twice in the document (its first occurrence begins on line 1, column 4)", [2, 4]],
  ])('%s is refused where it is written', (_name, text, message, [line, column]) => {
    const e = loadError(() => load(text));
    expect(e.code).toBe('alias');
    expect([e.message, e.line, e.column]).toEqual([message, line, column]);
  });

  test('a merge key takes a mapping or a list of mappings', () => {
    const e = loadError(() => load('A:\n  <<: [x]\n'));
    expect([e.code, e.line, e.column]).toEqual(['syntax', 2, 8]);
    expect(e.message).toBe("YAML syntax error: a merge key '<<' takes a list of mappings; this item is a scalar");
    expect(loadError(() => load('A:\n  <<: text\n')).message).toBe("YAML syntax error: a merge key '<<' takes a mapping or a list of mappings, not a scalar");
  });
});

describe('file size', () => {
  test(`the default limit is 10 MB (${DEFAULT_MAX_BYTES} bytes)`, () => {
    expect(DEFAULT_MAX_BYTES).toBe(10 * 1024 * 1024);
    const atLimit = Buffer.alloc(DEFAULT_MAX_BYTES, 0x20);
    atLimit.write('A: 1\n');
    expect(decodeSource(atLimit, 't.yaml').startsWith('A: 1')).toBe(true);
    const over = Buffer.alloc(DEFAULT_MAX_BYTES + 1, 0x20);
    const e = decodeError(over);
    expect(e.code).toBe('too-large');
    expect(e.message).toBe('file is 10 MB, larger than the limit of 10 MB');
  });

  test('the limit is configurable', () => {
    expect(decodeError(bytes('A: 123456\n'), { maxBytes: 8 }).message).toBe('file is 10 bytes, larger than the limit of 8 bytes');
    expect(decodeSource(bytes('A: 1\n'), 't.yaml', { maxBytes: 8 })).toBe('A: 1\n');
    const path = file('big.yaml', `A: ${'x'.repeat(3000)}\n`);
    expect(loadError(() => readTextFile(path, { maxBytes: 2048 })).message).toBe('file is 2.9 KB, larger than the limit of 2 KB');
  });

  test('a file on disk is measured before it is read', () => {
    // a sparse 64 GB file: reading it would fail or take minutes, so a quick `too-large` shows that it was not read
    const path = join(dir, 'huge.yaml');
    writeFileSync(path, '');
    truncateSync(path, 64 * 1024 ** 3);
    const e = loadError(() => readTextFile(path));
    expect(e.code).toBe('too-large');
    expect(e.message).toBe('file is 65536 MB, larger than the limit of 10 MB');
  });
});

describe('nesting depth, bounded as the document is read', () => {
  const blockMaps = (n: number): string => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' leaf\n';
  const blockSeqs = (n: number): string => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}-`).join('\n') + ' leaf\n';
  const flow = (n: number): string => `A: ${'['.repeat(n - 1)}1${']'.repeat(n - 1)}\n`;
  const json = (n: number): string => `${'['.repeat(n)}1${']'.repeat(n)}`;

  test(`the default limit is ${DEFAULT_MAX_DEPTH}`, () => {
    expect(DEFAULT_MAX_DEPTH).toBe(100);
  });

  test.each([
    ['block mappings', blockMaps],
    ['block sequences', blockSeqs],
    ['flow sequences', flow],
    ['JSON arrays', json],
  ])('%s: the limit holds, one more is refused where it is crossed', (_name, make) => {
    expect(() => load(make(100))).not.toThrow();
    const e = loadError(() => load(make(101)));
    expect(e.code).toBe('too-deep');
    expect(e.message).toBe('nesting deeper than 100 levels');
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeGreaterThan(1);
  });

  test('the position is the bracket or key that crosses the limit', () => {
    const e = loadError(() => load(blockMaps(5), 't.yaml', { maxDepth: 3 }));
    expect([e.line, e.column]).toEqual([4, 7]);
    const j = loadError(() => load('{"a": {"b": [[1]]}}', 't.json', { maxDepth: 3 }));
    expect([j.line, j.column]).toEqual([1, 14]);
  });

  test('the limit is configurable', () => {
    expect(() => load('A: {B: [1]}\n', 't.yaml', { maxDepth: 3 })).not.toThrow();
    expect(loadError(() => load('A: {B: [[1]]}\n', 't.yaml', { maxDepth: 3 })).code).toBe('too-deep');
  });

  test('YAML: the first problem in the text is the one reported, and nothing deeper than the limit is built', () => {
    // (inside the bracket, `unclosed` and the next line's `A` are one plain scalar; its `:` breaks the sequence)
    const e = loadError(() => load(`A: [unclosed\n${flow(5000)}`));
    expect([e.code, e.line, e.column]).toEqual(['syntax', 2, 2]);
    expect(loadError(() => load(`A: [1]\n${flow(5000)}B: [unclosed\n`)).code).toBe('too-deep');
  });

  test('JSON: the depth is measured before the parser runs', () => {
    const deepJson = `{"a": 1,, "b": ${json(5000)}}`;
    expect(loadError(() => load(deepJson, 't.json')).code).toBe('too-deep');
  });

  test('very deep documents, one after another, are refused without exhausting memory', () => {
    for (let i = 0; i < 3; i++) {
      expect(loadError(() => load(flow(200_000))).code).toBe('too-deep');
      expect(loadError(() => load(blockMaps(20_000))).code).toBe('too-deep');
      expect(loadError(() => load(json(1_000_000), 't.json')).code).toBe('too-deep');
    }
  });

  test('brackets and indentation inside quoted, block and plain scalars do not count', () => {
    const text = [
      `A: "${'['.repeat(500)}"`,
      `B: '${'{'.repeat(500)}'`,
      'C: |',
      `  ${'['.repeat(500)}`,
      `D: plain ${'['.repeat(500)}`,
      `E: # ${'['.repeat(500)}`,
      '',
    ].join('\n');
    expect(() => load(text)).not.toThrow();
    expect(() => load(JSON.stringify({ a: '['.repeat(500) }), 't.json')).not.toThrow();
  });
});

describe('encodings and content', () => {
  test('invalid UTF-8: the line and column of the first bad byte', () => {
    const e = decodeError(bytes('A: ok\nB: caf', [0xc3, 0x28], '\n'));
    expect(e.code).toBe('encoding');
    expect(e.message).toBe('not valid UTF-8 (byte 0xC3)');
    expect([e.line, e.column]).toEqual([2, 7]);
  });

  test('invalid UTF-8 after characters outside the BMP: columns in UTF-16 code units, as editors count', () => {
    const e = decodeError(bytes('A: 😀é', [0xff], '\n'));
    expect([e.line, e.column]).toEqual([1, 7]);
  });

  test.each([
    ['an overlong form', [0xc0, 0xaf]],
    ['a surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a truncated sequence at the end', [0xe2, 0x82]],
    ['a lone continuation byte', [0x80]],
  ])('invalid UTF-8: %s', (_name, bad) => {
    expect(decodeError(bytes('A: ', bad)).code).toBe('encoding');
  });

  test('valid UTF-8 of every length passes, and a UTF-8 byte-order mark is dropped', () => {
    expect(decodeSource(bytes([0xef, 0xbb, 0xbf], 'A: é€😀\n'), 't.yaml')).toBe('A: é€😀\n');
  });

  test.each([
    ['UTF-16 LE with a byte-order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('A: 1\n', 'utf16le')]), 'file is encoded as UTF-16 LE; save it as UTF-8'],
    ['UTF-16 BE with a byte-order mark', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('A: 1\n', 'utf16le').swap16()]), 'file is encoded as UTF-16 BE; save it as UTF-8'],
    ['UTF-16 LE without a byte-order mark', Buffer.from('Resources: {}\n', 'utf16le'), 'file looks like UTF-16 LE text without a byte-order mark; save it as UTF-8'],
    ['UTF-16 BE without a byte-order mark', Buffer.from('Resources: {}\n', 'utf16le').swap16(), 'file looks like UTF-16 BE text without a byte-order mark; save it as UTF-8'],
    ['UTF-32 LE', Buffer.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]), 'file is encoded as UTF-32 LE; save it as UTF-8'],
  ])('%s', (_name, b, message) => {
    const e = decodeError(b);
    expect(e.code).toBe('encoding');
    expect(e.message).toBe(message);
  });

  test('a binary file', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const e = decodeError(png);
    expect(e.code).toBe('binary');
    expect(e.message).toBe('file looks binary (a NUL byte at offset 8), not like a text template');
  });

  test.each([
    ['', 'file is empty'],
    ['   \n\t\n\r\n', 'file contains only whitespace'],
    ['# just a comment\n  # and another\n', 'file contains only comments'],
    ['---\n...\n', 'file contains no YAML content, only document markers'],
    ['%YAML 1.1\n---\n# nothing\n', 'file contains only comments'],
  ])('no content: %p', (text, message) => {
    const e = decodeError(bytes(text));
    expect(e.code).toBe('empty');
    expect(e.message).toBe(message);
  });

  test('a document with content after a comment is not empty', () => {
    expect(decodeSource(bytes('# header\n---\nA: 1\n'), 't.yaml')).toBe('# header\n---\nA: 1\n');
    expect(decodeSource(bytes('---# not a marker\n'), 't.yaml')).toBe('---# not a marker\n');
  });
});

describe('files on disk', () => {
  test('a directory given as a file', async () => {
    const sub = join(dir, 'folder.yaml');
    mkdirSync(sub, { recursive: true });
    const e = loadError(() => readTextFile(sub));
    expect(e.code).toBe('is-directory');
    expect(e.message).toBe('is a directory, not a template file');
    await expect(loadTemplateFile(sub)).rejects.toMatchObject({ code: 'is-directory' });
  });

  test('a missing file', () => {
    expect(loadError(() => readTextFile(join(dir, 'nope.yaml'))).message).toBe('no such file');
  });

  test('a template, and a document that is not one', async () => {
    await expect(loadTemplateFile(file('t.yaml', 'Resources:\n  A:\n    Type: X\n'))).resolves.toMatchObject({ kind: 'template' });
    await expect(loadTemplateFile(file('sam.yaml', 'Transform: AWS::Serverless-2016-10-31\n'))).resolves.toMatchObject({ kind: 'template' });
    await expect(loadTemplateFile(file('p.json', '{"name": "x"}'))).resolves.toEqual({ kind: 'not-template', reason: 'no Resources section' });
    await expect(loadTemplateFile(file('list.yaml', '- a\n'))).resolves.toEqual({ kind: 'not-template', reason: 'the document is not a mapping' });
  });
});
