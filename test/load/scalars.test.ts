/**
 * Scalars as CloudFormation reads them: YAML 1.1, so `yes`/`no`/`on`/`off` are booleans, but `y` and `n` are text
 * (DynamoDB's unquoted `AttributeType: N` deploys); dates stay as written; numbers only in the YAML 1.1 forms.
 */
import { value } from './helpers.js';

const v = (yaml: string): unknown => (value(`V: ${yaml}\n`) as { V: unknown }).V;

describe('YAML 1.1 scalars', () => {
  test.each(['yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'])('%s is true', (s) => {
    expect(v(s)).toBe(true);
  });

  test.each(['no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'])('%s is false', (s) => {
    expect(v(s)).toBe(false);
  });

  test.each(['y', 'Y', 'n', 'N', 'yEs', 'oN', 'TRue'])('%s is text', (s) => {
    expect(v(s)).toBe(s);
  });

  test('quoted booleans are text', () => {
    expect(v('"yes"')).toBe('yes');
    expect(v("'true'")).toBe('true');
  });

  test.each(['~', 'null', 'Null', 'NULL', ''])('%p is null', (s) => {
    expect(v(s)).toBeNull();
  });

  test.each([
    ['600', 600],
    ['-1', -1],
    ['+12', 12],
    ['0', 0],
    ['1_000', 1000],
    ['1_', 1],
    ['0755', 0o755],
    ['0x1F', 31],
    ['0b101', 5],
    ['1:20', 80],
    ['190:20:30', 685230],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['1.', 1],
    ['1.5e+3', 1500],
    ['-1_0.5', -10.5],
    ['.inf', Infinity],
    ['-.Inf', -Infinity],
  ])('%s is the number %p', (s, n) => {
    expect(v(s)).toBe(n);
  });

  test('.nan is NaN', () => {
    expect(v('.NaN')).toBeNaN();
  });

  test.each(['1e3', '1.5e3', '12e03', '08', '0o17', '0b', '12:60', '1.2.3', '.', '-.', '._', '1.2e3', '+.5', '-.5'])('%s is text, not a number', (s) => {
    expect(v(s)).toBe(s);
  });

  test('`CodeUri: .` is a folder, not a number', () => {
    expect(value('CodeUri: .\n')).toEqual({ CodeUri: '.' });
  });

  test('dates and timestamps stay the text that was written', () => {
    expect(v('2010-09-09')).toBe('2010-09-09');
    expect(v('2001-12-14t21:59:43.10-05:00')).toBe('2001-12-14t21:59:43.10-05:00');
    expect(value('AWSTemplateFormatVersion: 2010-09-09\nResources: {}\n')).toEqual({ AWSTemplateFormatVersion: '2010-09-09', Resources: {} });
  });

  test('binary stays the text that was written', () => {
    expect(v('!!binary aGVsbG8=')).toBe('aGVsbG8=');
  });

  test('keys are text as written, whatever they would resolve to as values', () => {
    expect(value('200: ok\nyes: 1\nN: 2\n2024-01-01: d\n1.0: f\n~: n\n')).toEqual({
      '200': 'ok',
      yes: 1,
      N: 2,
      '2024-01-01': 'd',
      '1.0': 'f',
      '~': 'n',
    });
  });

  test('a DynamoDB attribute type N stays N', () => {
    const text = 'AttributeDefinitions:\n  - AttributeName: id\n    AttributeType: S\n  - AttributeName: ttl\n    AttributeType: N\n';
    expect(value(text)).toEqual({
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'ttl', AttributeType: 'N' },
      ],
    });
  });

  test('block scalars keep their text', () => {
    expect(value('A: |\n  line one\n  line two\nB: >-\n  folded\n  text\n')).toEqual({ A: 'line one\nline two\n', B: 'folded text' });
  });

  test('a `__proto__` key is an ordinary key', () => {
    const parsed = value('__proto__: {polluted: true}\n') as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('`<<` is a merge key, as SAM reads it; quoted, it is an ordinary key', () => {
    expect(value('<<: {a: 1}\nb: 2\n')).toEqual({ a: 1, b: 2 });
    expect(value('"<<": {a: 1}\nb: 2\n')).toEqual({ '<<': { a: 1 }, b: 2 });
  });

  test('a date that names no day is refused, as SAM refuses it; quoted, it is text', () => {
    expect(() => v('2024-13-45')).toThrow(/'2024-13-45' is a date in YAML 1\.1, and there is no month 13: quote it to keep it text/);
    expect(() => v('2023-02-29')).toThrow(/there is no day 29 in month 2/);
    expect(v('2024-02-29')).toBe('2024-02-29');
    expect(v('"2024-13-45"')).toBe('2024-13-45');
  });

  test('`=` and `<<` are no values', () => {
    expect(() => v('=')).toThrow(/'=' is the value key of YAML 1\.1/);
    expect(() => v('<<')).toThrow(/'<<' is a merge key/);
  });
});
