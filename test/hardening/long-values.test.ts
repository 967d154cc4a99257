/**
 * Long values: a message that echoes a 60 KB value is shortened to a readable length (its first characters, an
 * ellipsis and its length), and folding a message onto one line is linear (the former single replace backtracked
 * over every run of spaces: a 60 KB value of spaces took 16 s in the text and compact reports).
 */
import { shortenEchoes } from '../../src/engine/run.js';
import { lintText } from '../../src/index.js';
import { formatCompact } from '../../src/report/compact.js';
import { oneLine } from '../../src/report/context.js';

const template = (origin: string) =>
  [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Api:',
    '    Type: AWS::Serverless::Api',
    '    Properties:',
    '      StageName: prod',
    '      Cors:',
    `        AllowOrigin: "'${origin}'"`,
    '',
  ].join('\n');

test('oneLine gives what the former replace gave, on texts with breaks and blanks around them', () => {
  const former = (text: string) => text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').trim();
  const pieces = ['a', 'b c', ' ', '  ', '\t', '\n', '\r\n', '\r', '\u2028', '\u00a0', ''];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let i = 0; i < 3000; i++) {
    const text = Array.from({ length: next() % 9 }, () => pieces[next() % pieces.length]).join('');
    expect([text, oneLine(text)]).toEqual([text, former(text)]);
  }
});

test('oneLine on a megabyte of spaces with a break in the middle', () => {
  const text = `${' '.repeat(500_000)}a\n${' '.repeat(500_000)}b${' '.repeat(500_000)}`;
  expect(oneLine(text)).toBe('a b');
});

test('shortenEchoes: quoted values over 120 characters become their start, an ellipsis and their length', () => {
  const value = `https://a.example.com${' '.repeat(200)}x`;
  expect(shortenEchoes(`the origin '${value}' is wrong`)).toBe(`the origin 'https://a.example.com…' (${value.length} characters) is wrong`);
  const short = `the origin '${'a'.repeat(120)}' and '${'b'.repeat(10)}' stay`;
  expect(shortenEchoes(short)).toBe(short);
  // the text between two short quoted values is not a value
  const between = `API 'A' (and API 'B') sets no AllowHeaders${' and more words'.repeat(12)} ('Content-Type'); add it`;
  expect(shortenEchoes(between)).toBe(between);
  const double = `the header "${"it's".repeat(40)}" is wrong`;
  expect(shortenEchoes(double)).toBe(`the header "${"it's".repeat(20)}…" (160 characters) is wrong`);
});

test('a finding on a 60 KB origin: its message is short, and the compact report one line', () => {
  const origin = `https://a.example.com${' '.repeat(60_000)}x`;
  const run = lintText(template(origin), '/virtual/template.yaml', { cwd: '/virtual' });
  const messages = run.results.flatMap((r) => r.messages);
  expect(messages.map((m) => [m.ruleId, m.line, m.column, m.severity])).toEqual([['malformed-origin', 9, 22, 2]]);
  expect(messages[0]!.message.length).toBeLessThan(400);
  expect(messages[0]!.message).toContain(`'https://a.example.com…' (${origin.length} characters)`);
  const report = formatCompact(run.results, { cwd: '/virtual', baseDir: '/virtual', rulesMeta: {}, color: false, toolVersion: '0', helpUri: () => '', informationUri: '' } as never);
  expect(report.split('\n').filter((l) => l !== '')).toHaveLength(1);
});
