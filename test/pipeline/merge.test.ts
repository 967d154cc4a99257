/**
 * The one merge of file outcomes (`RunMerge`, `src/pipeline/outcome.ts`), which one thread and several threads both
 * use: input order whatever order outcomes arrive in, findings two templates make in one handler file, files that
 * could not be read, and notes kept once by their kind (never by their wording).
 */
import { emptyResult, fatalResult, newOutcome, RunMerge, tally, type FileOutcome, type Note } from '../../src/pipeline/outcome.js';
import type { LintMessage } from '../../src/types.js';

const finding = (line: number, related: string, message = 'the handler returns no Access-Control-Allow-Origin'): LintMessage => ({
  ruleId: 'proxy-missing-allow-origin',
  severity: 2,
  message,
  line,
  column: 3,
  endLine: line,
  endColumn: 9,
  relatedLocations: [{ filePath: related, line: 1, column: 1, endLine: 1, endColumn: 2, message: 'route' }],
});

function template(file: string, handlerFile: string, messages: LintMessage[], notes: Note[] = []): FileOutcome {
  const handler = emptyResult(handlerFile, 'exports.handler = …');
  handler.messages = messages;
  return { ...newOutcome(), templates: 1, results: [emptyResult(file), tally(handler)], notes };
}

const samconfigNote = (file: string, message: string): Note => ({ kind: 'unreadable-samconfig', file, line: 1, column: 1, message });

describe('RunMerge', () => {
  const outcomes = (): FileOutcome[] => [
    template('/p/a.yaml', '/p/src/app.js', [finding(7, '/p/a.yaml'), finding(17, '/p/a.yaml')]),
    { ...newOutcome(), skipped: [{ file: '/p/readme.yaml', reason: 'not a CloudFormation template (no Resources)' }] },
    template('/p/b.yaml', '/p/src/app.js', [finding(7, '/p/b.yaml'), finding(9, '/p/b.yaml', 'another finding')]),
  ];

  test('a handler file two templates reach is one result: the same finding once, with both related locations', () => {
    const merge = new RunMerge([{ input: 'gone.yaml', reason: 'no such file or directory' }]);
    outcomes().forEach((o, i) => merge.add(i, o));
    const { run } = merge;
    expect(run.missing).toEqual([{ input: 'gone.yaml', reason: 'no such file or directory' }]);
    expect(run.templates).toBe(2);
    expect(run.results.map((r) => r.filePath)).toEqual(['/p/a.yaml', '/p/src/app.js', '/p/b.yaml']);
    const app = run.results[1]!;
    expect(app.messages.map((m) => [m.line, m.relatedLocations!.map((r) => r.filePath)])).toEqual([
      [7, ['/p/a.yaml', '/p/b.yaml']],
      [9, ['/p/b.yaml']],
      [17, ['/p/a.yaml']],
    ]);
    expect(app.errorCount).toBe(3);
    expect(run.skipped.map((s) => s.file)).toEqual(['/p/readme.yaml']);
  });

  test('outcomes that arrive out of order (threads) are merged in input order: the same run', () => {
    const inOrder = new RunMerge();
    outcomes().forEach((o, i) => inOrder.add(i, o));
    const shuffled = new RunMerge();
    const late = outcomes();
    shuffled.add(2, late[2]!);
    expect(shuffled.run.results).toEqual([]);
    shuffled.add(0, late[0]!);
    expect(shuffled.run.results.map((r) => r.filePath)).toEqual(['/p/a.yaml', '/p/src/app.js']);
    shuffled.add(1, late[1]!);
    expect(shuffled.run).toEqual(inOrder.run);
  });

  test('a file that could not be read is added as it is, and never takes later findings', () => {
    const merge = new RunMerge();
    merge.add(0, { ...newOutcome(), unread: true, results: [fatalResult('/p/src/app.js', { message: 'bad bytes', line: 1, column: 1 })] });
    merge.add(1, template('/p/a.yaml', '/p/src/app.js', [finding(7, '/p/a.yaml')]));
    expect(merge.run.results.map((r) => [r.filePath, r.fatalErrorCount, r.messages.length])).toEqual([
      ['/p/src/app.js', 1, 1],
      ['/p/a.yaml', 0, 0],
      ['/p/src/app.js', 0, 1],
    ]);
  });

  test('a samconfig problem is noted once per file however many outcomes carry it; notes are told apart by kind, not wording', () => {
    const merge = new RunMerge();
    const same = 'bad TOML; its parameter_overrides are not used';
    merge.add(0, template('/p/a/one.yaml', '/p/a/app.js', [], [samconfigNote('/p/a/samconfig.toml', same)]));
    merge.add(1, template('/p/a/two.yaml', '/p/a/app.js', [], [samconfigNote('/p/a/samconfig.toml', same)]));
    merge.add(
      2,
      template('/p/b/one.yaml', '/p/b/app.js', [], [
        samconfigNote('/p/b/samconfig.toml', same),
        // worded like a samconfig note, but of another kind: kept each time
        { kind: 'unreadable-openapi', file: '/p/a/samconfig.toml', line: 1, column: 1, message: same },
        { kind: 'unreadable-openapi', file: '/p/a/samconfig.toml', line: 1, column: 1, message: same },
      ]),
    );
    expect(merge.run.notes.map((n) => `${n.kind} ${n.file}`)).toEqual([
      'unreadable-samconfig /p/a/samconfig.toml',
      'unreadable-samconfig /p/b/samconfig.toml',
      'unreadable-openapi /p/a/samconfig.toml',
      'unreadable-openapi /p/a/samconfig.toml',
    ]);
  });
});
