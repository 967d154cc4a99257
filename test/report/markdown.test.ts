import { markdownToText, ruleHelpMarkdown, ruleHelpText } from '../../src/report/markdown.js';
import { RULES } from './fixtures.js';

describe('rule prose', () => {
  test('Markdown to plain text: inline marks, links, paragraphs', () => {
    expect(markdownToText('Set `AllowOrigin` to **one** origin, *not* `*`.')).toBe('Set AllowOrigin to one origin, not *.');
    expect(markdownToText('See [the guide](https://example.com/cors) or <https://example.com/x>.')).toBe(
      'See the guide (https://example.com/cors) or https://example.com/x.',
    );
    expect(markdownToText('[https://a.example](https://a.example)')).toBe('https://a.example');
    expect(markdownToText('keeps snake_case_names and 2 * 3 * 4')).toBe('keeps snake_case_names and 2 * 3 * 4');
    expect(markdownToText('one\nparagraph\n\nanother')).toBe('one paragraph\n\nanother');
    expect(markdownToText('## Heading\ntext')).toBe('Heading\n\ntext');
    expect(markdownToText('escaped \\*stars\\*')).toBe('escaped *stars*');
  });

  test('lists stay one item per line; fenced code is kept and indented', () => {
    expect(markdownToText('Either:\n- this\n- or `that`\n  continued')).toBe('Either:\n- this\n- or that continued');
    expect(markdownToText('Use:\n\n```yaml\nCors:\n  AllowOrigin: "\'*\'"\n```\n\nDone.')).toBe(
      'Use:\n\n    Cors:\n      AllowOrigin: "\'*\'"\n\nDone.',
    );
  });

  test('help: why, fix, the valid snippet in a yaml fence, links, the rule page', () => {
    const meta = RULES['credentials-with-wildcard'];
    if (!meta) throw new Error('fixture');
    const markdown = ruleHelpMarkdown(meta, 'https://example.com/rule');
    expect(markdown).toContain('## Why\n\nBrowsers refuse');
    expect(markdown).toContain('## How to fix\n\n- Set `AllowOrigin`');
    expect(markdown).toContain("```yaml\nCors:\n  AllowOrigin: \"'https://app.example.com'\"\n  AllowCredentials: true\n```");
    expect(markdown).toContain('- <https://fetch.spec.whatwg.org/#cors-protocol-and-credentials>');
    expect(markdown).toContain('[Rule documentation](https://example.com/rule)');
    const text = ruleHelpText(meta, 'https://example.com/rule');
    expect(text).not.toMatch(/`|\*\*/);
    expect(text).toContain('    AllowCredentials: true');
  });

  test('a snippet that contains a fence gets a longer one', () => {
    const base = RULES['max-age-excessive'];
    if (!base) throw new Error('fixture');
    const markdown = ruleHelpMarkdown({ ...base, docs: { ...base.docs, valid: 'a: |\n  ```\n  b\n  ```\n' } }, '');
    expect(markdown).toContain('````yaml\na: |\n  ```\n  b\n  ```\n````');
    expect(markdown).not.toContain('Rule documentation');
  });
});
