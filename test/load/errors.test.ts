/** Duplicate keys (recorded, not fatal), several documents and syntax errors (fatal, with a position). */
import { load, loadError, positionOf, slice } from './helpers.js';

describe('duplicate keys', () => {
  test('YAML block mapping: the second key, with the first one, and the later value wins', () => {
    const text = 'Resources:\n  Api:\n    Type: A\n    Type: B\n';
    const doc = load(text);
    expect(doc.value).toEqual({ Resources: { Api: { Type: 'B' } } });
    expect(doc.duplicateKeys).toEqual([
      {
        key: 'Type',
        path: ['Resources', 'Api', 'Type'],
        keyRange: { line: 4, column: 5, endLine: 4, endColumn: 9 },
        firstRange: { line: 3, column: 5, endLine: 3, endColumn: 9 },
      },
    ]);
  });

  test('YAML flow mapping, quoted and plain spellings of the same key, and a third occurrence', () => {
    const text = 'A: { x: 1, "x": 2 }\nB:\n  k: 1\n  k: 2\n  k: 3\n';
    const doc = load(text);
    expect(doc.value).toEqual({ A: { x: 2 }, B: { k: 3 } });
    const found = doc.duplicateKeys.map((d) => [d.path.join('.'), slice(text, d.keyRange), d.keyRange.line, d.firstRange.line]);
    expect(found).toEqual([
      ['A.x', '"x"', 1, 1],
      ['B.k', 'k', 4, 3],
      ['B.k', 'k', 5, 4],
    ]);
  });

  test('YAML: keys that resolve alike but are written differently are different keys', () => {
    expect(load('A:\n  1: a\n  01: b\n  yes: c\n  true: d\n').duplicateKeys).toEqual([]);
  });

  test('duplicate keys at the top level and inside sequences', () => {
    const text = 'Resources: {}\nOutputs: {}\nResources:\n  - A: 1\n    A: 2\n';
    const doc = load(text);
    // the second `Resources` is seen before the mapping inside its value
    expect(doc.duplicateKeys.map((d) => d.path)).toEqual([['Resources'], ['Resources', 0, 'A']]);
  });

  test('JSON: the second key, with the first one; the later value wins', () => {
    const text = '{\n  "Resources": {\n    "Api": { "Type": "A", "Type": "B" }\n  },\n  "Resources": {}\n}\n';
    const doc = load(text, 'template.json');
    expect(doc.format).toBe('json');
    expect(doc.value).toEqual({ Resources: {} });
    expect(doc.duplicateKeys).toEqual([
      {
        key: 'Type',
        path: ['Resources', 'Api', 'Type'],
        keyRange: { line: 3, column: 27, endLine: 3, endColumn: 33 },
        firstRange: { line: 3, column: 14, endLine: 3, endColumn: 20 },
      },
      {
        key: 'Resources',
        path: ['Resources'],
        keyRange: { line: 5, column: 3, endLine: 5, endColumn: 14 },
        firstRange: { line: 2, column: 3, endLine: 2, endColumn: 14 },
      },
    ]);
  });

  test('JSON: keys spelled with escapes are compared by their value', () => {
    const doc = load('{"A": 1, "\\u0041": 2}', 'template.json');
    expect(doc.duplicateKeys.map((d) => d.key)).toEqual(['A']);
  });

  test('no duplicates, no entries', () => {
    expect(load('A: 1\nB: {A: 1}\n').duplicateKeys).toEqual([]);
    expect(load('{"A": 1, "B": {"A": 1}}').duplicateKeys).toEqual([]);
  });
});

describe('several documents', () => {
  test('a second document is refused where it starts', () => {
    const e = loadError(() => load('Resources: {}\n---\nResources: {}\n'));
    expect(e.code).toBe('multiple-documents');
    expect(e.message).toBe('the file holds more than one YAML document; a template is one document');
    expect([e.line, e.column]).toEqual([2, 1]);
  });

  test('an empty second document after a marker counts too', () => {
    expect(loadError(() => load('Resources: {}\n---\n')).code).toBe('multiple-documents');
  });

  test('a leading document marker, a document end marker and a directive are fine', () => {
    expect(load('%YAML 1.1\n---\nResources: {}\n...\n').value).toEqual({ Resources: {} });
  });
});

describe('syntax errors: one line, with line and column', () => {
  test.each([
    ['an unclosed flow sequence', 'Resources:\n  A: [1, 2\n  B: 3\n', 'YAML syntax error'],
    ['a tab used as indentation', 'Resources:\n\tA: 1\n', 'YAML syntax error'],
    ['a mapping inside a plain value', 'Resources:\n  A: b: c\n', 'YAML syntax error'],
    ['an unterminated quoted scalar', "Resources:\n  A: 'open\n", 'YAML syntax error'],
    ['bad indentation', 'Resources:\n  A: 1\n B: 2\n', 'YAML syntax error'],
  ])('%s', (_name, text) => {
    const e = loadError(() => load(text));
    expect(e.code).toBe('syntax');
    expect(e.message).toMatch(/^YAML syntax error: \S/);
    // (the position is given apart; a message may name where the collection it is in begins)
    expect(e.message).not.toMatch(/\n|at line \d+/);
    expect(e.line).toBeGreaterThanOrEqual(2);
    expect(e.column).toBeGreaterThanOrEqual(1);
  });

  test('the position is the offending token, where SAM\'s reader puts it', () => {
    const text = 'Resources:\n  Api:\n    Cors: "\'*\'" extra: 1\n';
    const e = loadError(() => load(text));
    expect(e.message).toBe('YAML syntax error: expected a key of the mapping, found a scalar (the mapping begins on line 3, column 5)');
    expect([e.line, e.column]).toEqual([3, 17]);
    const tab = loadError(() => load('Resources:\n\tA: 1\n'));
    expect([tab.line, tab.column, tab.message]).toEqual([2, 1, 'YAML syntax error: a tab cannot start a token: YAML indents and separates with spaces here']);
    const indent = loadError(() => load('Resources:\n  A: 1\n B: 2\n'));
    expect([indent.line, indent.column, indent.message]).toEqual([
      3,
      2,
      'YAML syntax error: this key is indented differently from the keys of its mapping (the mapping begins on line 1, column 1)',
    ]);
  });

  test('an unclosed bracket is reported where the collection is cut off, not at the end of the file', () => {
    // inside brackets `2` and `B` are one plain scalar over two lines; its `:` is where the sequence breaks
    const e = loadError(() => load('Resources:\n  A: [1, 2\n  B: 3\n  C: 4\n'));
    expect([e.line, e.column]).toEqual([3, 4]);
    expect(e.message).toBe("YAML syntax error: expected ',' or ']', found ':' (the '[' begins on line 2, column 6)");
  });

  test('broken JSON is read as YAML, which says where it breaks', () => {
    // the comma missing at the end of line 3: the next key's `:` is where the mapping breaks
    const e = loadError(() => load('{\n  "Resources": {\n    "A": 1\n    "B": 2\n  }\n}\n', 'template.json'));
    expect(e.code).toBe('syntax');
    expect([e.line, e.column]).toEqual([4, 8]);
    expect(e.message).toBe("YAML syntax error: expected ',' or '}', found ':' (the '{' begins on line 2, column 16)");
  });

  test('the error is a LoadError and the text names the file nowhere (the reporter adds it)', () => {
    const e = loadError(() => load('A: [\n', '/somewhere/t.yaml'));
    expect(e.name).toBe('LoadError');
    expect(e.file).toBe('/somewhere/t.yaml');
    expect(e.message).not.toContain('/somewhere');
  });
});
