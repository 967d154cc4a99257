/**
 * What SAM's reader reads that templates use, read as it reads it (`src/load/full/`): the forms issue 12 names —
 * `-` inside brackets, scalars over lines in every context, directives and document markers, a byte-order mark, CRLF,
 * `!!` tags — and anchors, aliases and merge keys, with their values, their positions ("used here") and what is
 * refused. `parity.test.ts` holds both readers to the reference reader on thousands of texts; these name the cases.
 */
import { parseYaml } from '../../src/load/full/index.js';
import { load, loadError, positionOf, slice, value } from './helpers.js';

describe('the forms templates use that only the full reader reads', () => {
  test('a plain `-` inside brackets: `!Split [-, ...]`', () => {
    expect(value('A: !Split [-, !Ref Name]\nB: [a, -]\n')).toEqual({ A: { 'Fn::Split': ['-', { Ref: 'Name' }] }, B: ['a', '-'] });
  });

  test('plain scalars over lines, in block and flow context (indentation does not matter inside brackets)', () => {
    expect(value('A: one\n  two\n\n  three\nB: [one\ntwo, x]\nC: {k: a\n b}\n')).toEqual({ A: 'one two\nthree', B: ['one two', 'x'], C: { k: 'a b' } });
    expect(value('- a: x\n    y\n- !Sub ${A}\n    -${B}\n')).toEqual([{ a: 'x y' }, { 'Fn::Sub': '${A} -${B}' }]);
  });

  test('quoted scalars over lines, in block and flow context, whatever their indentation', () => {
    expect(value('A: "a\nb"\nB: [\'x\n  y\', z]\nC: "p\\\n   q"\n')).toEqual({ A: 'a b', B: ['x y', 'z'], C: 'pq' });
  });

  test('directives, document markers, a byte-order mark and CRLF line ends', () => {
    expect(value('%YAML 1.1\n%TAG !aws! tag:yaml.org,2002:\n--- # start\nA: !aws!str 1\n...\n')).toEqual({ A: '1' });
    expect(value('%YAML 1.2\n---\nA: yes\n')).toEqual({ A: true }); // read as YAML 1.1 whatever the directive says
    expect(value('\ufeffA: 1\r\nB:\r\n  - x\r\n')).toEqual({ A: 1, B: ['x'] });
    expect(() => value('%YAML 2.0\n---\nA: 1\n')).toThrow(/only version 1\.x is read/);
  });

  test('explicit `!!` tags', () => {
    expect(value('A: !!str 1\nB: !!int "0x1F"\nC: !!float 1\nD: !!bool "on"\nE: !!null x\nF: !!seq [a]\nG: !!map {a: 1}\n')).toEqual({
      A: '1',
      B: 31,
      C: 1,
      D: true,
      E: null,
      F: ['a'],
      G: { a: 1 },
    });
  });

  test('`=` is a key like any other, even through an alias; as a value it is refused (found by the parity script)', () => {
    expect(value('=: 1\n')).toEqual({ '=': 1 });
    expect(value('a:\n  - &e =\n*e : 1\n')).toEqual({ a: ['='], '=': 1 });
    expect(() => value('a: =\n')).toThrow(/'=' is the value key of YAML 1\.1/);
  });

  test('tabs: inside scalars they are text; where they would separate tokens, refused as SAM refuses them', () => {
    expect(value('A: "a\tb"\nB: |\n  \tindented text\n')).toEqual({ A: 'a\tb', B: '\tindented text\n' });
    const e = loadError(() => load('A: 1\t\nB: 2\n'));
    expect([e.code, e.line, e.column]).toEqual(['syntax', 1, 5]);
  });
});

describe('anchors, aliases and merge keys', () => {
  const TEMPLATE = [
    'Transform: AWS::Serverless-2016-10-31', //                 1
    'Metadata:', //                                               2
    '  Cors: &cors', //                                           3
    '    AllowOrigin: "\'*\'"', //                                4
    '    AllowHeaders: "\'Content-Type\'"', //                    5
    '  Props: &props', //                                         6
    '    StageName: prod', //                                     7
    '    Cors: *cors', //                                         8
    'Resources:', //                                              9
    '  Api:', //                                                  10
    '    Type: AWS::Serverless::Api', //                          11
    '    Properties:', //                                         12
    '      <<: *props', //                                        13
    '      StageName: dev', //                                    14
    '', //                                                        15
  ].join('\n');

  test('a merge key: the mapping\'s own keys win over merged ones', () => {
    expect((value(TEMPLATE) as { Resources: unknown }).Resources).toEqual({
      Api: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'dev', Cors: { AllowOrigin: "'*'", AllowHeaders: "'Content-Type'" } } },
    });
  });

  test('a list of merges: an earlier mapping wins over a later one; several merge keys: the later wins', () => {
    const text = 'a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nlist:\n  <<: [*a, *b]\ntwo:\n  <<: *a\n  <<: *b\n';
    expect(value(text)).toMatchObject({ list: { x: 1, y: 1, z: 2 }, two: { x: 2, y: 1, z: 2 } });
  });

  test('merged mappings bring their own merges, and a merge key may take a mapping written in place', () => {
    expect(value('a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: [*b, {z: 3, x: 9}]}\n')).toMatchObject({ c: { x: 1, y: 2, z: 3 } });
  });

  test('a value reached through an alias is located where its anchor writes it, and the alias is where it is used', () => {
    const doc = load(TEMPLATE);
    const path = ['Resources', 'Api', 'Properties', 'Cors', 'AllowOrigin'];
    expect(slice(TEMPLATE, doc.locate(path))).toBe(`"'*'"`);
    expect(doc.locate(path).line).toBe(4);
    // the merge key's alias first (line 13), then the alias inside the merged mapping (line 8)
    expect(doc.aliasesOn!(path)).toEqual([
      { name: 'props', range: { line: 13, column: 11, endLine: 13, endColumn: 17 } },
      { name: 'cors', range: { line: 8, column: 11, endLine: 8, endColumn: 16 } },
    ]);
    // the mapping's own key is where it is written, through no alias
    expect(doc.locate(['Resources', 'Api', 'Properties', 'StageName']).line).toBe(14);
    expect(doc.aliasesOn!(['Resources', 'Api', 'Properties', 'StageName'])).toEqual([]);
    // a merged key's key
    expect(slice(TEMPLATE, doc.locate(['Resources', 'Api', 'Properties', 'Cors'], 'key'))).toBe('Cors');
    expect(doc.locate(['Resources', 'Api', 'Properties', 'Cors'], 'key').line).toBe(8);
    expect(doc.firstAlias).toEqual({ line: 8, column: 11, endLine: 8, endColumn: 11 });
  });

  test('a short tag reached through an alias', () => {
    const text = 'a: &o !Sub "https://${Domain}"\nb: *o\n';
    const doc = load(text);
    expect(doc.value).toEqual({ a: { 'Fn::Sub': 'https://${Domain}' }, b: { 'Fn::Sub': 'https://${Domain}' } });
    expect(slice(text, doc.locate(['b', 'Fn::Sub']))).toBe('"https://${Domain}"');
    expect(slice(text, doc.locate(['b']))).toBe('!Sub "https://${Domain}"');
    expect(doc.aliasesOn!(['b', 'Fn::Sub']).map((a) => a.name)).toEqual(['o']);
  });

  test('a key a merge overrides is no duplicate; a key written twice still is', () => {
    expect(load('a: &a {x: 1}\nb:\n  <<: *a\n  x: 2\n').duplicateKeys).toEqual([]);
    const doc = load('a: &a {x: 1}\nb:\n  <<: *a\n  y: 2\n  y: 3\n');
    expect(doc.duplicateKeys.map((d) => [d.path, d.keyRange.line, d.firstRange.line])).toEqual([[['b', 'y'], 5, 4]]);
  });

  test('a document without aliases says nothing about them', () => {
    const doc = parseYaml('A: [1,\n 2]\nB: plain\n  text\n', 't.yaml', 100);
    expect(doc.aliasesOn).toBeUndefined();
    expect(doc.firstAlias).toBeUndefined();
  });

  test('SAM esbuild build properties merged from one anchor into each function (a pattern of public templates)', () => {
    const text = [
      'Transform: AWS::Serverless-2016-10-31',
      'Metadata: &build',
      '  Format: esm',
      '  Target: es2020',
      'Resources:',
      '  One:',
      '    Type: AWS::Serverless::Function',
      '    Metadata:',
      '      BuildMethod: esbuild',
      '      BuildProperties:',
      '        <<: *build',
      '  Two:',
      '    Type: AWS::Serverless::Function',
      '    Metadata:',
      '      BuildMethod: esbuild',
      '      BuildProperties:',
      '        <<: *build',
      "        External: ['@aws-sdk/*']",
      '',
    ].join('\n');
    const resources = (value(text) as { Resources: Record<string, { Metadata: { BuildProperties: unknown } }> }).Resources;
    expect(resources.One!.Metadata.BuildProperties).toEqual({ Format: 'esm', Target: 'es2020' });
    expect(resources.Two!.Metadata.BuildProperties).toEqual({ Format: 'esm', Target: 'es2020', External: ['@aws-sdk/*'] });
    expect(positionOf(text, '*build', 1).line).toBe(17);
  });
});
