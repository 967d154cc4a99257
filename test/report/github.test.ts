/**
 * `--format github`: one workflow command per finding, escaped as GitHub's runner reads them (the toolkit's
 * `escapeData` for the message: `%`, CR, LF; `escapeProperty` for file and title: those and `:`, `,`), with the
 * file relative to the repository root, the range when it is on one line, the rule as the title and its page.
 */
import { escapeData, escapeProperty, formatGithub } from '../../src/report/github.js';
import type { LintResult } from '../../src/types.js';
import { CWD, fixtureContext, fixtureResults } from './fixtures.js';

/** What the runner does with a workflow command's data and properties: the reverse of the escaping. */
function unescape(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

/** A command line read as the runner reads it: `::level key=value,key=value::data`. */
function parseCommand(line: string): { level: string; properties: Record<string, string>; data: string } {
  const m = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const properties = Object.fromEntries(m[2]!.split(',').map((pair) => pair.split('=')).map(([k, v]) => [k!, unescape(v!)]));
  return { level: m[1]!, properties, data: unescape(m[3]!) };
}

describe('escaping', () => {
  test('data: %, CR and LF; properties: also : and ,', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('stacks/a:b,c%.yaml')).toBe('stacks/a%3Ab%2Cc%25.yaml');
    for (const text of ['%0A is not a line feed', 'a\nb\rc', 'x:y,z']) {
      expect(unescape(escapeProperty(text))).toBe(text);
      expect(unescape(escapeData(text))).toBe(text);
    }
  });
});

describe('formatGithub', () => {
  const lines = formatGithub(fixtureResults(), fixtureContext()).trimEnd().split('\n');
  const commands = lines.map(parseCommand);

  test('one command per unsuppressed finding, errors as ::error, warnings as ::warning, files that cannot be read as errors', () => {
    expect(commands.map((c) => [c.level, c.properties.file, c.properties.line, c.properties.title])).toEqual(
      fixtureResults().flatMap((r) =>
        r.messages.map((m) => [m.fatal || m.severity === 2 ? 'error' : 'warning', r.filePath.slice(CWD.length + 1), String(m.line), m.fatal ? 'cors-lint' : m.ruleId]),
      ),
    );
    expect(fixtureResults().some((r) => r.suppressedMessages.length > 0)).toBe(true);
  });

  test('the message on one line, then the rule page', () => {
    const first = fixtureResults().find((r) => r.messages.some((m) => m.ruleId))!;
    const message = first.messages.find((m) => m.ruleId)!;
    const command = commands.find((c) => c.properties.title === message.ruleId)!;
    expect(command.data.split('\n')).toEqual([message.message.replace(/\s*\n\s*/g, ' ').trim(), fixtureContext().helpUri(message.ruleId!)]);
  });

  test('paths relative to the repository root, not the run folder; columns and the end of a one-line range', () => {
    const result: LintResult = {
      filePath: '/repo/infra/a,b.yaml',
      messages: [
        { ruleId: 'wildcard-origin', severity: 1, message: 'a 100% wild\u001b[31m origin', line: 3, column: 5, endLine: 3, endColumn: 8 },
        { ruleId: 'wildcard-origin', severity: 2, message: 'over lines', line: 4, column: 5, endLine: 6, endColumn: 2 },
      ],
      suppressedMessages: [],
      errorCount: 1,
      warningCount: 1,
      fatalErrorCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      usedDeprecatedRules: [],
    };
    const out = formatGithub([result], fixtureContext({ cwd: '/repo/infra', baseDir: '/repo' })).trimEnd().split('\n');
    expect(out[0]).toBe(
      '::warning file=infra/a%2Cb.yaml,line=3,col=5,endColumn=8,title=wildcard-origin::a 100%25 wild\\u001b[31m origin%0Ahttps://github.com/example/cors-lint/blob/main/docs/rules/wildcard-origin.md',
    );
    // a range over several lines gives its end line, and no end column (which GitHub takes for one line only)
    expect(parseCommand(out[1]!).properties).toEqual({ file: 'infra/a,b.yaml', line: '4', endLine: '6', col: '5', title: 'wildcard-origin' });
  });

  test('nothing for a clean run', () => {
    expect(formatGithub([], fixtureContext())).toBe('');
  });
});
