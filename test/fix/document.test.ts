/**
 * The document editor: changes described by place become text edits that keep the template as written
 * (comments, quotes, indentation, key order), and a change that would not read back as intended is refused.
 */
import { loadDocumentText } from '../../src/load/index.js';
import { DocumentEditor } from '../../src/fix/document.js';
import { applyEdits, applyFixes, mergeEdits } from '../../src/fix/edits.js';
import { unifiedDiff } from '../../src/fix/diff.js';
import type { Change } from '../../src/fix/types.js';
import type { LintMessage } from '../../src/types.js';

function edited(text: string, changes: (file: string) => Change[], file = 't.yaml'): string | undefined {
  const doc = loadDocumentText(text, file);
  const editor = new DocumentEditor(doc, (t) => loadDocumentText(t, file).value);
  const edits = editor.edits(changes(file));
  return edits && applyEdits(text, edits);
}

const YAML = [
  '# a comment that stays',
  'Resources:',
  '    Api:   # four-space indentation',
  '        Type: AWS::Serverless::Api',
  '        Properties:',
  "            Cors: 'https://a.example.com/'   # trailing slash",
  '            Origins:',
  '            - https://b.example.com',
  '            - "https://c.example.com"',
  '',
].join('\n');

describe('DocumentEditor on YAML', () => {
  test('a scalar keeps its quotes and the comment after it', () => {
    const out = edited(YAML, (file) => [{ kind: 'set', at: { file, path: ['Resources', 'Api', 'Properties', 'Cors'] }, value: 'https://a.example.com', expect: 'https://a.example.com/' }]);
    expect(out).toBe(YAML.replace("'https://a.example.com/'", "'https://a.example.com'"));
  });

  test('a text holding the quote the scalar was written in takes the other quote', () => {
    const out = edited(YAML, (file) => [{ kind: 'set', at: { file, path: ['Resources', 'Api', 'Properties', 'Cors'] }, value: "'https://a.example.com'", expect: 'https://a.example.com/' }]);
    expect(out).toBe(YAML.replace("'https://a.example.com/'", `"'https://a.example.com'"`));
  });

  test('a double-quoted list item stays double-quoted; a plain one stays plain', () => {
    const out = edited(YAML, (file) => [
      { kind: 'set', at: { file, path: ['Resources', 'Api', 'Properties', 'Origins', 1] }, value: 'https://d.example.com', expect: 'https://c.example.com' },
      { kind: 'set', at: { file, path: ['Resources', 'Api', 'Properties', 'Origins', 0] }, value: 'https://e.example.com', expect: 'https://b.example.com' },
    ]);
    expect(out).toBe(YAML.replace('"https://c.example.com"', '"https://d.example.com"').replace('- https://b.example.com', '- https://e.example.com'));
  });

  test('a value the template no longer holds at the place is refused', () => {
    expect(edited(YAML, (file) => [{ kind: 'set', at: { file, path: ['Resources', 'Api', 'Properties', 'Cors'] }, value: 'x', expect: 'something else' }])).toBeUndefined();
  });

  test('a new key goes after the last entry, at the column of its siblings', () => {
    const out = edited(YAML, (file) => [{ kind: 'put', at: { file, path: ['Resources', 'Api', 'Properties'] }, key: 'Auth', value: { AddDefaultAuthorizerToCorsPreflight: false } }]);
    expect(out).toBe(YAML.replace('"https://c.example.com"\n', '"https://c.example.com"\n            Auth:\n                AddDefaultAuthorizerToCorsPreflight: false\n'));
  });

  test('a list item is removed with its line; the others and the comments stay', () => {
    const out = edited(YAML, (file) => [{ kind: 'remove', at: { file, path: ['Resources', 'Api', 'Properties', 'Origins', 0] } }]);
    expect(out).toBe(YAML.replace('            - https://b.example.com\n', ''));
  });

  test('an item is appended in the list style of the document', () => {
    const out = edited(YAML, (file) => [{ kind: 'append', at: { file, path: ['Resources', 'Api', 'Properties', 'Origins'] }, value: 'https://f.example.com' }]);
    expect(out).toBe(YAML.replace('"https://c.example.com"\n', '"https://c.example.com"\n            - https://f.example.com\n'));
  });

  test('a text that YAML would read as another type is quoted (a boolean-looking string)', () => {
    const out = edited(YAML, (file) => [{ kind: 'set', at: { file, path: ['Resources', 'Api', 'Properties', 'Origins', 0] }, value: 'yes', expect: 'https://b.example.com' }]);
    expect(out).toContain("- 'yes'");
  });

  test('a document with aliases is never edited', () => {
    const text = 'Resources:\n  A: &a\n    Type: X\n  B: *a\n';
    expect(edited(text, (file) => [{ kind: 'set', at: { file, path: ['Resources', 'A', 'Type'] }, value: 'Y', expect: 'X' }])).toBeUndefined();
  });

  test('CRLF line breaks are kept', () => {
    const text = YAML.split('\n').join('\r\n');
    const out = edited(text, (file) => [{ kind: 'append', at: { file, path: ['Resources', 'Api', 'Properties', 'Origins'] }, value: 'https://f.example.com' }]);
    expect(out).toBe(text.replace('"https://c.example.com"\r\n', '"https://c.example.com"\r\n            - https://f.example.com\r\n'));
  });
});

describe('DocumentEditor on JSON', () => {
  const JSON_TEXT = '{\n  "Resources": {\n    "Api": {\n      "Type": "AWS::Serverless::HttpApi",\n      "Properties": {\n        "CorsConfiguration": { "AllowOrigins": ["https://A.example.com"], "MaxAge": 90000 }\n      }\n    }\n  }\n}\n';
  test('a string and a number are replaced in place; the layout stays', () => {
    const base = ['Resources', 'Api', 'Properties', 'CorsConfiguration'];
    const out = edited(JSON_TEXT, (file) => [
      { kind: 'set', at: { file, path: [...base, 'AllowOrigins', 0] }, value: 'https://a.example.com', expect: 'https://A.example.com' },
      { kind: 'set', at: { file, path: [...base, 'MaxAge'] }, value: 7200, expect: 90000 },
    ], 't.json');
    expect(out).toBe(JSON_TEXT.replace('https://A.example.com', 'https://a.example.com').replace('90000', '7200'));
  });

  test('a key added to a one-line object stays on the line', () => {
    const out = edited(JSON_TEXT, (file) => [{ kind: 'put', at: { file, path: ['Resources', 'Api', 'Properties', 'CorsConfiguration'] }, key: 'AllowCredentials', value: true }], 't.json');
    expect(out).toBe(JSON_TEXT.replace('"MaxAge": 90000 }', '"MaxAge": 90000, "AllowCredentials": true }'));
  });
});

describe('text edits', () => {
  const fix = (range: [number, number], text: string): LintMessage => ({ ruleId: 'r', severity: 2, message: 'm', line: 1, column: 1, fix: { range, text, desc: 'd', edits: [{ range, text }] } });

  test("merging one fix's edits keeps the text between them (ESLint's single range)", () => {
    expect(mergeEdits('abcdef', [{ range: [4, 5], text: 'E' }, { range: [1, 2], text: 'B' }])).toEqual({ range: [1, 5], text: 'BcdE' });
  });

  test('fixes that overlap wait for the next pass; the others apply', () => {
    const applied = applyFixes('abcdef', [fix([0, 2], 'X'), fix([1, 3], 'Y'), fix([4, 6], 'Z')]);
    expect(applied.output).toBe('XcdZ');
    expect(applied.fixed).toHaveLength(2);
    expect(applied.deferred).toHaveLength(1);
  });

  test('overlapping edits are refused', () => {
    expect(() => applyEdits('abc', [{ range: [0, 2], text: '' }, { range: [1, 3], text: '' }])).toThrow('overlapping');
  });
});

describe('unifiedDiff', () => {
  test('one changed line, with three lines of context and the old line first', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const after = 'a\nb\nc\nd\nE\nf\ng\nh\n';
    expect(unifiedDiff(before, after, 'a/t', 'b/t')).toBe('--- a/t\n+++ b/t\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n');
  });

  test('equal texts give no diff; a missing final line break is said', () => {
    expect(unifiedDiff('x\n', 'x\n', 'a', 'b')).toBe('');
    expect(unifiedDiff('x', 'y', 'a', 'b')).toBe('--- a\n+++ b\n@@ -1,1 +1,1 @@\n-x\n\\ No newline at end of file\n+y\n\\ No newline at end of file\n');
  });
});

describe('DocumentEditor.editsEach: the fixes of one template checked together', () => {
  const file = 't.yaml';
  const origins = ['Resources', 'Api', 'Properties', 'Origins'];
  const setItem = (i: number, from: string, to: string): Change[] => [{ kind: 'set', at: { file, path: [...origins, i] }, value: to, expect: from }];
  const counted = (): { editor: DocumentEditor; reads: () => number } => {
    let reads = 0;
    const editor = new DocumentEditor(loadDocumentText(YAML, file), (t) => {
      reads++;
      return loadDocumentText(t, file).value;
    });
    return { editor, reads: () => reads };
  };

  test('fixes at places apart are read back once for all, and each gets the edits it gets alone', () => {
    const sets = [setItem(0, 'https://b.example.com', 'https://e.example.com'), setItem(1, 'https://c.example.com', 'https://d.example.com')];
    const { editor, reads } = counted();
    const together = editor.editsEach(sets);
    expect(reads()).toBe(1);
    const alone = counted();
    expect(together).toEqual(sets.map((s) => alone.editor.edits(s)));
    expect(alone.reads()).toBe(2);
  });

  test('fixes at the same place go in separate groups; one that cannot be written gets nothing and spoils no other', () => {
    const sets = [
      setItem(0, 'https://b.example.com', 'https://e.example.com'),
      setItem(0, 'https://b.example.com', 'https://f.example.com'), // the same place: another group
      setItem(1, 'something else', 'x'), // no longer holds that value: refused before any read
    ];
    const { editor, reads } = counted();
    const out = editor.editsEach(sets);
    expect(out[0]).toEqual(editor.edits(sets[0]!));
    expect(out[1]).toEqual(editor.edits(sets[1]!));
    expect(out[2]).toBeUndefined();
    expect(reads()).toBe(4); // two groups of one, then the two `edits` calls above
  });

  test('a group that does not read as intended is checked set by set', () => {
    // an item removed and the next one set: together the indices shift, so the group reads otherwise; each alone is right
    const sets: Change[][] = [[{ kind: 'remove', at: { file, path: [...origins, 0] } }], setItem(1, 'https://c.example.com', 'https://d.example.com')];
    const { editor, reads } = counted();
    const out = editor.editsEach(sets);
    expect(out.every((e) => e !== undefined)).toBe(true);
    expect(reads()).toBe(3);
  });
});
