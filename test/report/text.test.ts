import { formatText } from '../../src/report/index.js';
import type { LintResult } from '../../src/types.js';
import { clearFormatterEnv } from './golden.js';
import { fixtureContext, fixtureResults } from './fixtures.js';

const ANSI = /\u001B[[\]]/;

function fatalOnly(line: number, source?: string): LintResult {
  return {
    filePath: '/project/locked.yaml',
    messages: [{ ruleId: null, fatal: true, severity: 2, message: 'Cannot read the file: permission denied.', line, column: 1 }],
    suppressedMessages: [],
    errorCount: 1,
    warningCount: 0,
    fatalErrorCount: 1,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
    ...(source !== undefined ? { source } : {}),
  };
}

describe('text format', () => {
  let restoreEnv: () => void;
  beforeEach(() => {
    restoreEnv = clearFormatterEnv();
  });
  afterEach(() => restoreEnv());

  test('paths relative to cwd, line:col, message, plain rule ids, via notes', () => {
    const out = formatText(fixtureResults(), fixtureContext());
    expect(out).toContain('template.yaml:14:9');
    expect(out).toContain('stacks/broken.yaml:4:4');
    expect(out).toContain("AllowCredentials is true while AllowOrigin is '*'");
    expect(out).toMatch(/^ {2}✘ {2}credentials-with-wildcard$/m);
    expect(out).toMatch(/^ {2}⚠ {2}wildcard-origin$/m);
    expect(out).toContain(
      "browsers refuse credentialed responses that allow any origin\n       via template.yaml:6:14 (parameter FrontendOrigin default)\n       via template.yaml:13:22 (AllowOrigin)\n",
    );
    expect(out).toContain('   > 14 |         AllowCredentials: true');
    expect(out).not.toContain('/project');
    expect(out.endsWith('\n')).toBe(true);
  });

  test('no link to another project, and no "eslint" anywhere: the only links are the rules\' own pages', () => {
    const out = formatText(fixtureResults(), fixtureContext());
    expect(out).not.toMatch(/eslint/i);
    expect(out.match(/https?:\S*/g)).toEqual([
      'https://github.com/example/cors-lint/blob/main/docs/rules/credentials-with-wildcard.md',
      'https://github.com/example/cors-lint/blob/main/docs/rules/wildcard-origin.md',
    ]);
  });

  test('errors (fatal ones too) come before warnings, whatever their files and lines', () => {
    const [first] = fixtureResults();
    const late: LintResult = {
      ...first!,
      filePath: '/project/a.yaml',
      messages: [
        { ruleId: 'wildcard-origin', severity: 1, message: 'warning at 1.', line: 1, column: 1 },
        { ruleId: 'null-origin', severity: 2, message: 'error at 9.', line: 9, column: 1 },
      ],
      source: undefined,
    };
    const out = formatText([...fixtureResults(), late], fixtureContext());
    const titles = [...out.matchAll(/^ {2}([✘⚠]) {2}(\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(titles).toEqual(['✘ null-origin', '✘ fatal', '✘ credentials-with-wildcard', '⚠ wildcard-origin', '⚠ wildcard-origin']);
    expect(out).toContain('✘ 5 problems (3 errors, 2 warnings)');
  });

  test('every finding says what to do: its fix and suggestions, else its rule page; a fatal one nothing', () => {
    const [first] = fixtureResults();
    const base = { ruleId: 'wildcard-origin', severity: 1 as const, line: 1, column: 1 };
    const edit = { range: [0, 1] as [number, number], text: 'x' };
    const result: LintResult = {
      ...first!,
      filePath: '/project/a.yaml',
      messages: [
        { ...base, message: 'with a fix.', fix: { ...edit, desc: "Replace '*' with the page's origin", edits: [edit] } },
        { ...base, line: 2, message: 'with suggestions.', suggestions: [{ desc: 'Allow https://a.example', fix: { ...edit, desc: 'a', edits: [edit] } }, { desc: 'Remove AllowOrigin', fix: { ...edit, desc: 'b', edits: [edit] } }] },
        { ...base, line: 3, message: 'with neither.' },
        { ruleId: null, fatal: true, severity: 2, message: 'Cannot read the file.', line: 4, column: 1 },
      ],
      source: undefined,
    };
    const out = formatText([result], fixtureContext());
    expect(out).toContain("     with a fix\n       fix: Replace '*' with the page's origin (cors-lint --fix)\n");
    expect(out).toContain('     with suggestions\n       suggestion: Allow https://a.example\n       suggestion: Remove AllowOrigin\n');
    expect(out).toContain('     with neither\n       see https://github.com/example/cors-lint/blob/main/docs/rules/wildcard-origin.md\n');
    expect(out).toMatch(/ {5}Cannot read the file\n\n/);
  });

  test('fatal messages print under a clear label', () => {
    const out = formatText(fixtureResults(), fixtureContext());
    expect(out).toMatch(/^ {2}✘ {2}fatal\n\n {5}Could not parse the template: bad indentation of a mapping entry$/m);
  });

  test('a file without text prints no code frame and is never read', () => {
    for (const source of [undefined, '']) {
      const out = formatText([fatalOnly(1, source)], fixtureContext());
      expect(out).toContain('locked.yaml:1:1');
      expect(out).toContain('Cannot read the file: permission denied');
      expect(out).not.toContain('cors_lint_source_unavailable');
      expect(out).not.toMatch(/^\s*>?\s*\d+ \|/m);
      expect(out).not.toMatch(/^\s*\|\s*\^/m);
    }
  });

  test('nothing at all for a clean run', () => {
    const clean = fixtureResults().filter((r) => r.messages.length === 0);
    expect(clean.length).toBeGreaterThan(0);
    expect(formatText(clean, fixtureContext())).toBe('');
    expect(formatText([], fixtureContext())).toBe('');
  });

  test('colour off: no escapes, whatever the terminal hints say', () => {
    process.env.FORCE_ITERM_HINT = 'true';
    const out = formatText(fixtureResults(), fixtureContext({ color: false }));
    expect(out).not.toMatch(ANSI);
  });

  test('colour on: escapes appear, but never the terminal directory hint', () => {
    process.env.FORCE_ITERM_HINT = 'true';
    const out = formatText(fixtureResults(), fixtureContext({ color: true }));
    expect(out).toMatch(/\u001B\[3\dm/);
    expect(out).not.toContain('\u001B]1337');
    expect(out).not.toContain(process.cwd());
    // The same text once the colours are taken away.
    const plain = formatText(fixtureResults(), fixtureContext({ color: false }));
    expect(out.replace(/\u001B\[[0-9;]*m/g, '')).toBe(plain);
  });

  test('control characters from a template are shown escaped, not sent to the terminal', () => {
    const [first] = fixtureResults();
    if (!first?.messages[0]) throw new Error('fixture');
    first.messages = [{ ...first.messages[0], message: 'Origin \u001B[2J\u202Eevil is allowed.', relatedLocations: [] }];
    first.source = `${first.source ?? ''}\u001B[31m\n`;
    const out = formatText([first], fixtureContext());
    expect(out).toContain('Origin \\u001b[2J\\u202eevil is allowed');
    expect(out).not.toContain('\u001B');
    expect(out).not.toContain('\u202E');
  });

  test('leaves the environment as it found it', () => {
    process.env.EFF_NO_LINK_RULES = 'false';
    formatText(fixtureResults(), fixtureContext());
    expect(process.env.EFF_NO_LINK_RULES).toBe('false');
    delete process.env.EFF_NO_LINK_RULES;
    formatText(fixtureResults(), fixtureContext());
    expect(process.env.EFF_NO_LINK_RULES).toBeUndefined();
  });

  test("the user's own options still work: absolute paths, no source", () => {
    process.env.EFF_ABSOLUTE_PATHS = 'true';
    process.env.EFF_NO_SOURCE = 'true';
    const out = formatText(fixtureResults(), fixtureContext());
    expect(out).toContain('/project/template.yaml:14:9');
    expect(out).toContain('via /project/template.yaml:6:14 (parameter FrontendOrigin default)');
    expect(out).not.toContain(' | ');
  });
});
