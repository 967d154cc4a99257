/**
 * The rule prose sources (`rules/docs/<id>.md`, shared passages in `rules/docs/_shared/`): how a source is read,
 * what it refuses (with file and line), and that every source and passage belongs to something.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../../src/index.js';
import { parseRuleProse, PROSE_SECTIONS, proseDir, readRuleProse, ruleDocs, sharedText } from '../../src/prose.js';

const SOURCE = [
  '# demo-rule',
  '',
  '## Why it matters',
  '',
  'First paragraph,',
  'on two lines.',
  '',
  '<!-- include: note -->',
  '',
  '## Invalid',
  '',
  '```yaml',
  'Api:',
  '  <!-- include: cors -->',
  '```',
  '',
  '## Valid',
  '',
  '````yaml',
  'Api: {}   # ``` inside',
  '````',
  '',
  '## How to fix it',
  '',
  '```yaml',
  '## not a heading inside a fence',
  '```',
  '',
  '## Sources',
  '',
  '- <https://example.com/a>',
  '- <https://example.com/b#c>',
  '',
].join('\n');

const SHARED: Record<string, string> = {
  note: 'A shared paragraph.',
  cors: 'Cors:\n\n  AllowOrigin: x',
  loop: '<!-- include: loop -->',
};
const shared = (name: string): string => {
  const text = SHARED[name];
  if (text === undefined) throw new Error(`no shared passage _shared/${name}.md`);
  return text;
};

describe('a prose source', () => {
  test('gives each section its text; includes are expanded, indented like the include line', () => {
    expect(parseRuleProse('demo-rule', SOURCE, shared)).toEqual({
      why: 'First paragraph,\non two lines.\n\nA shared paragraph.',
      invalid: 'Api:\n  Cors:\n\n    AllowOrigin: x',
      valid: 'Api: {}   # ``` inside',
      fix: '```yaml\n## not a heading inside a fence\n```',
      links: ['https://example.com/a', 'https://example.com/b#c'],
    });
  });

  test('Windows line breaks read the same', () => {
    expect(parseRuleProse('demo-rule', SOURCE.replace(/\n/g, '\r\n'), shared)).toEqual(parseRuleProse('demo-rule', SOURCE, shared));
  });

  test('a shared passage loses its leading note and its last line break', () => {
    expect(sharedText('<!-- what this is,\nover two lines -->\nline one\nline two\n')).toBe('line one\nline two');
    expect(sharedText('no note\n\n')).toBe('no note\n');
  });

  const refused: Array<[string, string, RegExp]> = [
    ['another title', SOURCE.replace('# demo-rule', '# other-rule'), /x\.md:1: the source starts with the title '# demo-rule'/],
    ['text before the first section', SOURCE.replace('# demo-rule\n', '# demo-rule\nstray\n'), /x\.md:2: only the title/],
    ['a missing section', SOURCE.replace('## Valid', '## Valid?'), /x\.md:17: the sections are '## Why it matters', '## Invalid', '## Valid'/],
    ['sections out of order', SOURCE.replace('## Invalid', '## Tmp').replace('## Valid', '## Invalid').replace('## Tmp', '## Valid'), /x\.md:10: the sections are/],
    ['an empty section', SOURCE.replace(/## Sources[\s\S]*$/, '## Sources\n\n'), /x\.md:29: section 'Sources' is empty/],
    ['a source that is no link', SOURCE.replace('- <https://example.com/a>', '- https://example.com/a'), /x\.md:31: a source is written/],
    ['an example that is no yaml block', SOURCE.replace('```yaml\nApi:', '```json\nApi:'), /x\.md:12: section 'Invalid' holds one ```yaml block/],
    ['text after an example', SOURCE.replace('````\n', '````\nmore\n'), /x\.md:22: section 'Valid': the ```yaml block must close on its last line/],
    ['an unknown passage', SOURCE.replace('include: note', 'include: nothing'), /x\.md:8: no shared passage _shared\/nothing\.md/],
    ['a passage that includes itself', SOURCE.replace('include: note', 'include: loop'), /x\.md:8: 'loop' includes itself \(loop → loop\)/],
  ];
  test.each(refused)('is refused with file and line: %s', (_name, source, message) => {
    expect(() => parseRuleProse('demo-rule', source, shared, 'x.md')).toThrow(message);
  });
});

describe('the shipped prose', () => {
  const dir = proseDir();
  const sources = readdirSync(dir).filter((f) => f.endsWith('.md'));
  const passages = readdirSync(join(dir, '_shared')).filter((f) => f.endsWith('.md'));

  test('one source per rule, named by its id, and no source without a rule', () => {
    expect(sources.map((f) => f.replace(/\.md$/, '')).sort()).toEqual(rules.map((r) => r.id).sort());
  });

  test('every shared passage is included somewhere, and from two places or more', () => {
    const texts = [...sources.map((f) => readFileSync(join(dir, f), 'utf8')), ...passages.map((f) => readFileSync(join(dir, '_shared', f), 'utf8'))];
    for (const passage of passages) {
      const name = passage.replace(/\.md$/, '');
      const uses = texts.join('\n').split(`<!-- include: ${name} -->`).length - 1;
      expect(`${name}: ${uses >= 2}`).toBe(`${name}: true`);
    }
  });

  test("each rule's docs are its source, read on first use and then kept", () => {
    for (const rule of rules) expect({ ...rule.docs }).toEqual(readRuleProse(rule.id));
    expect(Object.keys(ruleDocs('wildcard-origin'))).toEqual(PROSE_SECTIONS.map((s) => s.field));
    const docs = ruleDocs('wildcard-origin');
    expect(docs.links).toBe(docs.links);
  });

  test('a rule without a source fails when its prose is asked for, not before', () => {
    const docs = ruleDocs('no-such-rule');
    expect(() => docs.why).toThrow(/no-such-rule\.md/);
  });
});
