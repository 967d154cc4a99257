import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  looksLikeOverride,
  mergeParameters,
  overridesFromWords,
  ParameterError,
  parseOverrides,
  readParametersFile,
  samconfigParameters,
} from '../../src/resolve/parameters.js';

const dir = mkdtempSync(join(tmpdir(), 'cors-lint-params-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('--parameter-overrides', () => {
  test('Key=Value pairs, quoted values (quotes removed as SAM does), and the ParameterKey form', () => {
    expect(parseOverrides(`Stage=prod Origin="'*'" Name='two words' Escaped=a\\ b`)).toEqual([
      ['Stage', 'prod'],
      ['Origin', "'*'"],
      ['Name', 'two words'],
      ['Escaped', 'a b'],
    ]);
    expect(parseOverrides('ParameterKey=Stage,ParameterValue=prod ParameterKey=Origin,ParameterValue="https://a, https://b"')).toEqual([
      ['Stage', 'prod'],
      ['Origin', 'https://a, https://b'],
    ]);
    expect(parseOverrides('AWS::Region=eu-west-1 Empty=')).toEqual([
      ['AWS::Region', 'eu-west-1'],
      ['Empty', ''],
    ]);
  });

  test('malformed input is a one-line error', () => {
    expect(() => parseOverrides('template.yaml')).toThrow(ParameterError);
    expect(() => parseOverrides('A="unterminated')).toThrow(/unterminated double quote/);
    expect(() => parseOverrides('ParameterKey=A,Value=b')).toThrow(/cannot read 'ParameterKey=A,Value=b'/);
  });

  test('words that are not pairs are paths; later words win; sources are kept', () => {
    expect(['Stage=prod', 'template.yaml', '-', 'ParameterKey=A,ParameterValue=b', './x=y.yaml'].map(looksLikeOverride)).toEqual([true, false, false, true, false]);
    const given = overridesFromWords(['Stage=dev Origin=*', 'Stage=prod']);
    expect(given).toEqual({ values: { Stage: 'prod', Origin: '*' }, sources: { Stage: '--parameter-overrides', Origin: '--parameter-overrides' } });
    const merged = mergeParameters({ values: { A: '1', B: '1' }, sources: { A: 'x', B: 'x' } }, { values: { B: '2' }, sources: { B: 'y' } });
    expect(merged).toEqual({ values: { A: '1', B: '2' }, sources: { A: 'x', B: 'y' } });
  });
});

describe('--parameters FILE', () => {
  test('a plain map, the CloudFormation list, and either under Parameters (JSON or YAML)', () => {
    expect(readParametersFile(file('map.json', '{"Origin": "*", "Port": 443, "Flag": true, "List": ["a", "b"]}')).values).toEqual({
      Origin: '*',
      Port: '443',
      Flag: 'true',
      List: 'a,b',
    });
    const list = readParametersFile(file('list.json', '[{"ParameterKey": "Origin", "ParameterValue": "*"}, {"ParameterKey": "Old", "UsePreviousValue": true}]'));
    expect(list).toEqual({ values: { Origin: '*' }, sources: { Origin: '--parameters list.json' } });
    expect(readParametersFile(file('wrapped.yaml', 'Parameters:\n  Origin: https://app.example.com\n')).values).toEqual({ Origin: 'https://app.example.com' });
    expect(readParametersFile(file('wrapped-list.yaml', 'Parameters:\n  - ParameterKey: A\n    ParameterValue: b\n')).values).toEqual({ A: 'b' });
  });

  test('bad files give the file, line and column', () => {
    const bad = (name: string, text: string) => {
      try {
        readParametersFile(file(name, text));
      } catch (error) {
        expect(error).toBeInstanceOf(ParameterError);
        const e = error as ParameterError;
        return `${e.line}:${e.column} ${e.message}`;
      }
      throw new Error('no error');
    };
    expect(bad('nested.yaml', 'Origin: ok\nNested:\n  a: 1\n')).toBe('3:3 parameter Nested: expected a string, number or boolean');
    expect(bad('entry.json', '[\n  {"ParameterKey": "A"},\n  "x"\n]')).toMatch(/^2:\d+ parameter A: expected a ParameterValue string$/);
    expect(bad('scalar.yaml', 'just text\n')).toMatch(/^1:1 expected a map of parameter values/);
    expect(bad('syntax.json', '{"a": }')).toMatch(/^1:\d+ /);
    expect(() => readParametersFile(join(dir, 'missing.json'))).toThrow(/no such file/);
  });
});

describe('samconfig beside the template', () => {
  test('samconfig.toml: global then deploy parameter_overrides of the environment', () => {
    const project = mkdtempSync(join(dir, 'toml-'));
    writeFileSync(
      join(project, 'samconfig.toml'),
      [
        'version = 0.1',
        '[default.global.parameters]',
        'parameter_overrides = "Stage=dev Origin=https://dev.example.com"',
        '[default.deploy.parameters]',
        'parameter_overrides = "Stage=\\"prod\\""',
        '[staging.deploy.parameters]',
        'parameter_overrides = ["Stage=staging", "Origin=*"]',
      ].join('\n'),
    );
    const template = join(project, 'template.yaml');
    expect(samconfigParameters(template)).toMatchObject({
      values: { Stage: 'prod', Origin: 'https://dev.example.com' },
      sources: { Stage: 'samconfig.toml [default.deploy]', Origin: 'samconfig.toml [default.global]' },
    });
    expect(samconfigParameters(template, 'staging', true).values).toEqual({ Stage: 'staging', Origin: '*' });
    expect(samconfigParameters(template, 'nope', true).problem?.message).toBe("no environment 'nope' in samconfig.toml");
    expect(samconfigParameters(template, 'nope', false).problem).toBeUndefined();
  });

  test('samconfig.yaml, broken files reported with a position, and no samconfig at all', () => {
    const project = mkdtempSync(join(dir, 'yaml-'));
    writeFileSync(join(project, 'samconfig.yaml'), 'version: 0.1\ndefault:\n  deploy:\n    parameters:\n      parameter_overrides: Origin=*\n');
    expect(samconfigParameters(join(project, 'template.yaml')).values).toEqual({ Origin: '*' });
    const broken = mkdtempSync(join(dir, 'broken-'));
    writeFileSync(join(broken, 'samconfig.toml'), 'version = 0.1\n[default.deploy.parameters\n');
    expect(samconfigParameters(join(broken, 'template.yaml')).problem).toMatchObject({ line: 2 });
    expect(samconfigParameters(join(mkdtempSync(join(dir, 'none-')), 'template.yaml'))).toEqual({ values: {}, sources: {} });
  });
});
