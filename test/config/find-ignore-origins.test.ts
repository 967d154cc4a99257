/** Where configuration is found, which files ignorePatterns skip, and which origins a policy covers. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, ConfigFinder, compileIgnorePattern, matchIgnore, originCovered, parseOriginPatterns } from '../../src/config/index.js';
import { project } from '../workflow/helpers.js';

describe('finding the configuration file', () => {
  test('the nearest file wins, searching upward from the template', () => {
    const p = project({
      '.cors-lint.yaml': 'extends: strict\n',
      'stacks/api/template.yaml': '',
      'stacks/web/.cors-lint.json': '{}',
      'stacks/web/deep/template.yaml': '',
    });
    try {
      const finder = new ConfigFinder();
      expect(finder.find(join(p.dir, 'stacks/api/template.yaml'))).toBe(join(p.dir, '.cors-lint.yaml'));
      expect(finder.find(join(p.dir, 'stacks/web/deep/template.yaml'))).toBe(join(p.dir, 'stacks/web/.cors-lint.json'));
    } finally {
      p.cleanup();
    }
  });

  test('the search stops at the repository root', () => {
    const p = project({ '.cors-lint.yaml': 'extends: strict\n', 'repo/stacks/template.yaml': '' }, { git: false });
    try {
      mkdirSync(join(p.dir, 'repo', '.git'));
      expect(new ConfigFinder().find(join(p.dir, 'repo/stacks/template.yaml'))).toBeUndefined();
    } finally {
      p.cleanup();
    }
  });

  test('two configuration files in one folder are an error', () => {
    const p = project({ '.cors-lint.yaml': '', '.cors-lint.json': '{}', 'template.yaml': '' });
    try {
      expect(() => new ConfigFinder().find(join(p.dir, 'template.yaml'))).toThrow(ConfigError);
      expect(() => new ConfigFinder().find(join(p.dir, 'template.yaml'))).toThrow(/two configuration files in one folder/);
    } finally {
      p.cleanup();
    }
  });

  test('a git worktree (.git is a file) is a repository root too', () => {
    const p = project({ '.cors-lint.yaml': '', 'wt/template.yaml': '' }, { git: false });
    try {
      writeFileSync(join(p.dir, 'wt', '.git'), 'gitdir: /somewhere\n');
      expect(new ConfigFinder().find(join(p.dir, 'wt/template.yaml'))).toBeUndefined();
    } finally {
      p.cleanup();
    }
  });
});

describe('ignorePatterns', () => {
  const base = '/repo';
  const ignored = (patterns: string[], file: string): string | undefined =>
    matchIgnore(patterns.map(compileIgnorePattern), base, join(base, file));

  test.each([
    [['legacy/'], 'legacy/template.yaml', 'legacy/'],
    [['legacy/'], 'stacks/legacy/template.yaml', 'legacy/'],
    [['legacy/'], 'legacy.yaml', undefined],
    [['/legacy'], 'stacks/legacy/template.yaml', undefined],
    [['/legacy'], 'legacy/a/b.yaml', '/legacy'],
    [['*.generated.yaml'], 'a/b/c.generated.yaml', '*.generated.yaml'],
    [['stacks/*.yaml'], 'stacks/a.yaml', 'stacks/*.yaml'],
    [['stacks/*.yaml'], 'stacks/x/a.yaml', undefined],
    [['stacks/**/test-*.yaml'], 'stacks/x/y/test-1.yaml', 'stacks/**/test-*.yaml'],
    [['stacks/**/test-*.yaml'], 'stacks/test-1.yaml', 'stacks/**/test-*.yaml'],
    [['**/cdk.out/**'], 'app/cdk.out/Stack.template.json', '**/cdk.out/**'],
    [['*.{json,yml}'], 'x/a.yml', '*.{json,yml}'],
    [['*.{json,yml}'], 'x/a.yaml', undefined],
    [['template-[0-9].yaml'], 'template-7.yaml', 'template-[0-9].yaml'],
    [['legacy/', '!legacy/keep.yaml'], 'legacy/keep.yaml', undefined],
    [['legacy/', '!legacy/keep.yaml'], 'legacy/drop.yaml', 'legacy/'],
  ] as Array<[string[], string, string | undefined]>)('%j on %s', (patterns, file, expected) => {
    expect(ignored(patterns, file)).toBe(expected);
  });

  test('files outside the configuration folder are never ignored by it', () => {
    expect(matchIgnore([compileIgnorePattern('**')], '/repo/sub', '/repo/other/template.yaml')).toBeUndefined();
  });
});

describe('origins covered by a policy', () => {
  const policy = parseOriginPatterns(['https://app.example.com', 'https://*.example.org', 'http://localhost:*', 'https://partner.example:8443']);
  test.each([
    ['https://app.example.com', true],
    ['https://APP.Example.com:443', true],
    ['http://app.example.com', false],
    ['https://app.example.com:8443', false],
    ['https://www.example.org', true],
    ['https://a.b.example.org', true],
    ['https://example.org', false],
    ['https://badexample.org', false],
    ['https://*.eu.example.org', true],
    ['https://*.example.com', false],
    ['http://localhost:3000', true],
    ['http://localhost', true],
    ['https://partner.example:8443', true],
    ['https://partner.example', false],
    ['*', false],
    ['null', false],
    ['https://*', false],
    ['https://www.*.com', false],
    ['https://app.example.com/', undefined],
    ['www.example.com', undefined],
  ] as Array<[string, boolean | undefined]>)('%s → %s', (origin, expected) => {
    expect(originCovered(origin, policy)).toBe(expected);
  });

  test("'*' in the policy covers everything; 'null' only itself", () => {
    expect(originCovered('https://anything.example', parseOriginPatterns(['*']))).toBe(true);
    expect(originCovered('null', parseOriginPatterns(['null']))).toBe(true);
    expect(originCovered('https://x.example', parseOriginPatterns(['null']))).toBe(false);
  });
});
