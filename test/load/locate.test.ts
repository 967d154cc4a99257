/** `locate(path)`: from a path in the parsed value back to the 1-based range where it is written. */
import { load, positionOf, slice } from './helpers.js';

const YAML_TEMPLATE = [
  'AWSTemplateFormatVersion: "2010-09-09"', //  1
  'Transform: AWS::Serverless-2016-10-31', //   2
  'Resources:', //                              3
  '  MyApi:', //                                4
  '    Type: AWS::Serverless::Api', //          5
  '    Properties:', //                         6
  '      StageName: prod', //                   7
  '      Cors:', //                             8
  '        AllowOrigin: "\'*\'"', //            9
  "        AllowHeaders: 'Content-Type'", //    10
  '        AllowMethods: !Sub "\'${Methods}\'"', // 11
  '  Http:', //                                 12
  '    Type: AWS::Serverless::HttpApi', //      13
  '    Properties:', //                         14
  '      CorsConfiguration: { AllowOrigins: [ "https://a.example", \'*\' ], MaxAge: 600 }', // 15
  '  Url:', //                                  16
  '    Type: AWS::Lambda::Url', //              17
  '    Properties:', //                         18
  '      TargetFunctionArn: !GetAtt Fn.Arn', // 19
  '      Cors:', //                             20
  '        AllowOrigins:', //                   21
  '          - !If', //                         22
  '            - IsProd', //                    23
  '            - https://app.example', //       24
  '            - "*"', //                       25
  '        AllowHeaders: [', //                 26
  '          x-one,', //                        27
  '          x-two ]', //                       28
  '      Description: >-', //                   29
  '        a folded', //                        30
  '        description', //                     31
  '      Note: "a quoted', //                   32
  '        line"', //                           33
  '      Empty:', //                            34
  '', //                                        35
].join('\n');

describe('locate in YAML', () => {
  const doc = load(YAML_TEMPLATE);
  const at = (path: Array<string | number>, which?: 'key' | 'value'): string => slice(YAML_TEMPLATE, doc.locate(path, which));

  test('a block mapping value: the scalar itself, quotes included', () => {
    const range = doc.locate(['Resources', 'MyApi', 'Properties', 'Cors', 'AllowOrigin']);
    expect(range).toEqual({ line: 9, column: 22, endLine: 9, endColumn: 27 });
    expect(at(['Resources', 'MyApi', 'Properties', 'Cors', 'AllowOrigin'])).toBe(`"'*'"`);
    expect(at(['Resources', 'MyApi', 'Properties', 'Cors', 'AllowHeaders'])).toBe("'Content-Type'");
  });

  test('the key instead of the value', () => {
    const range = doc.locate(['Resources', 'MyApi', 'Properties', 'Cors', 'AllowOrigin'], 'key');
    expect(range).toEqual({ line: 9, column: 9, endLine: 9, endColumn: 20 });
    expect(at(['Resources', 'MyApi'], 'key')).toBe('MyApi');
  });

  test('a mapping value that is a block mapping spans it', () => {
    const range = doc.locate(['Resources', 'MyApi', 'Properties', 'Cors']);
    expect(range.line).toBe(9);
    expect(range.endLine).toBe(11);
  });

  test('flow mappings and sequences on one line', () => {
    expect(doc.locate(['Resources', 'Http', 'Properties', 'CorsConfiguration', 'AllowOrigins', 1])).toEqual({
      line: 15,
      column: positionOf(YAML_TEMPLATE, "'*'", 1).column,
      endLine: 15,
      endColumn: positionOf(YAML_TEMPLATE, "'*'", 1).column + 3,
    });
    expect(at(['Resources', 'Http', 'Properties', 'CorsConfiguration', 'AllowOrigins', 0])).toBe('"https://a.example"');
    expect(at(['Resources', 'Http', 'Properties', 'CorsConfiguration', 'MaxAge'])).toBe('600');
    expect(at(['Resources', 'Http', 'Properties', 'CorsConfiguration', 'MaxAge'], 'key')).toBe('MaxAge');
  });

  test('a flow sequence over several lines', () => {
    expect(at(['Resources', 'Url', 'Properties', 'Cors', 'AllowHeaders', 1])).toBe('x-two');
    expect(doc.locate(['Resources', 'Url', 'Properties', 'Cors', 'AllowHeaders', 1]).line).toBe(28);
    expect(at(['Resources', 'Url', 'Properties', 'Cors', 'AllowHeaders'])).toBe('[\n          x-one,\n          x-two ]');
  });

  test('a tagged value starts at its tag', () => {
    expect(at(['Resources', 'Url', 'Properties', 'TargetFunctionArn'])).toBe('!GetAtt Fn.Arn');
    expect(at(['Resources', 'MyApi', 'Properties', 'Cors', 'AllowMethods'])).toBe(`!Sub "'\${Methods}'"`);
  });

  test('a path through the long-form key of a short tag goes into the tagged node', () => {
    expect(at(['Resources', 'MyApi', 'Properties', 'Cors', 'AllowMethods', 'Fn::Sub'])).toBe(`"'\${Methods}'"`);
    expect(at(['Resources', 'Url', 'Properties', 'TargetFunctionArn', 'Fn::GetAtt'])).toBe('Fn.Arn');
    const origins = ['Resources', 'Url', 'Properties', 'Cors', 'AllowOrigins', 0];
    expect(at([...origins, 'Fn::If', 2])).toBe('"*"');
    expect(doc.locate([...origins, 'Fn::If', 2])).toEqual({ line: 25, column: 15, endLine: 25, endColumn: 18 });
    expect(at([...origins, 'Fn::If', 0])).toBe('IsProd');
    expect(at(origins).startsWith('!If')).toBe(true);
  });

  test('multi-line scalars: folded and quoted', () => {
    const folded = doc.locate(['Resources', 'Url', 'Properties', 'Description']);
    expect(folded).toMatchObject({ line: 29, column: 20, endLine: 31 });
    expect(at(['Resources', 'Url', 'Properties', 'Note'])).toBe('"a quoted\n        line"');
  });

  test('a key with no value: the key', () => {
    expect(at(['Resources', 'Url', 'Properties', 'Empty'])).toBe('Empty');
  });

  test('a path that goes further than the document: the deepest node on it', () => {
    expect(at(['Resources', 'MyApi', 'Properties', 'StageName', 'Nope'])).toBe('prod');
    expect(at(['Resources', 'MyApi', 'Properties', 'Missing'])).toContain('StageName: prod');
  });

  test('a duplicated key: the later one, whose value counts', () => {
    const text = 'A:\n  B: first\n  B: second\n';
    const dup = load(text);
    expect(dup.value).toEqual({ A: { B: 'second' } });
    expect(slice(text, dup.locate(['A', 'B']))).toBe('second');
    expect(dup.locate(['A', 'B'], 'key')).toEqual({ line: 3, column: 3, endLine: 3, endColumn: 4 });
  });
});

describe('locate in YAML with CRLF line breaks and other shapes', () => {
  test('CRLF: the same lines and columns as LF, and the line break is never part of a range', () => {
    const lf = 'Resources:\n  Api:\n    Properties:\n      Cors:\n        AllowOrigin: "\'*\'"\n        MaxAge: 600\n';
    const crlf = lf.replace(/\n/g, '\r\n');
    const path = ['Resources', 'Api', 'Properties', 'Cors', 'AllowOrigin'];
    expect(load(crlf).locate(path)).toEqual(load(lf).locate(path));
    expect(load(crlf).locate(path)).toEqual({ line: 5, column: 22, endLine: 5, endColumn: 27 });
    expect(load(crlf).locate(['Resources', 'Api', 'Properties', 'Cors'])).toEqual({ line: 5, column: 9, endLine: 6, endColumn: 20 });
    expect(load(crlf).value).toEqual(load(lf).value);
  });

  test('a byte-order mark does not shift columns', () => {
    const doc = load('\uFEFFA: 1\n');
    expect(doc.locate(['A'])).toEqual({ line: 1, column: 4, endLine: 1, endColumn: 5 });
  });

  test('columns count UTF-16 code units, so text before a value moves it as an editor shows', () => {
    const text = 'A: { "é😀": x, B: "*" }\n';
    expect(load(text).locate(['A', 'B'])).toEqual({ line: 1, column: positionOf(text, '"*"').column, endLine: 1, endColumn: positionOf(text, '"*"').column + 3 });
  });

  test('sequence items in a block sequence, compact nested mappings', () => {
    const text = 'Rules:\n  - AllowedOrigins:\n      - https://a.example\n      - "*"\n    AllowedMethods: [GET]\n';
    const doc = load(text);
    expect(doc.locate(['Rules', 0, 'AllowedOrigins', 1])).toEqual({ line: 4, column: 9, endLine: 4, endColumn: 12 });
    expect(slice(text, doc.locate(['Rules', 0, 'AllowedMethods', 0]))).toBe('GET');
  });
});

describe('flow collections written less indented than YAML strictly allows', () => {
  // CloudFormation reads these (its YAML 1.1 parsers ignore indentation inside brackets); so does the loader
  const text = [
    'Resources:', //                              1
    '  Api:', //                                  2
    '    Properties:', //                         3
    '      Policy:', //                           4
    '        Statements: [{', //                  5
    '          "Effect": "Allow",', //            6
    '          "Principal": "*"', //              7
    '        }]', //                              8
    '      Cors: {', //                           9
    '  AllowOrigin: "\'*\'",', //                 10
    "  AllowMethods: 'GET'", //                   11
    '}', //                                       12
    '      Name: after', //                       13
    '',
  ].join('\n');

  test('the value is what the brackets say', () => {
    expect(load(text).value).toEqual({
      Resources: {
        Api: {
          Properties: {
            Policy: { Statements: [{ Effect: 'Allow', Principal: '*' }] },
            Cors: { AllowOrigin: "'*'", AllowMethods: 'GET' },
            Name: 'after',
          },
        },
      },
    });
  });

  test('positions are those of the text as written', () => {
    const doc = load(text);
    expect(doc.locate(['Resources', 'Api', 'Properties', 'Cors', 'AllowOrigin'])).toEqual({ line: 10, column: 16, endLine: 10, endColumn: 21 });
    expect(doc.locate(['Resources', 'Api', 'Properties', 'Cors', 'AllowMethods'], 'key')).toEqual({ line: 11, column: 3, endLine: 11, endColumn: 15 });
    expect(slice(text, doc.locate(['Resources', 'Api', 'Properties', 'Policy', 'Statements', 0, 'Principal']))).toBe('"*"');
    expect(doc.locate(['Resources', 'Api', 'Properties', 'Name'])).toEqual({ line: 13, column: 13, endLine: 13, endColumn: 18 });
    expect(slice(text, doc.locate(['Resources', 'Api', 'Properties', 'Cors']))).toBe(`{\n  AllowOrigin: "'*'",\n  AllowMethods: 'GET'\n}`);
  });

  test('a syntax error after such a line is reported where it is written', () => {
    const broken = `${text}      Bad: [a, b\n`;
    expect(() => load(broken)).toThrow(/YAML syntax error/);
  });
});

const JSON_TEMPLATE = `{
  "Resources": {
    "Api": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": {
        "Integration": {
          "IntegrationResponses": [
            {
              "ResponseParameters": {
                "method.response.header.Access-Control-Allow-Origin": "'*'"
              }
            }
          ]
        },
        "Uri": { "Fn::Sub": ["https://\${Host}/x", { "Host": { "Ref": "Host" } }] },
        "Count": 3,
        "Flag": true,
        "Nothing": null
      }
    }
  }
}
`;

describe('locate in JSON', () => {
  const origin = ['Resources', 'Api', 'Properties', 'Integration', 'IntegrationResponses', 0, 'ResponseParameters', 'method.response.header.Access-Control-Allow-Origin'];

  test('pretty-printed: values and keys', () => {
    const doc = load(JSON_TEMPLATE, 'template.json');
    expect(doc.format).toBe('json');
    expect(doc.locate(origin)).toEqual({ line: 10, column: 71, endLine: 10, endColumn: 76 });
    expect(slice(JSON_TEMPLATE, doc.locate(origin))).toBe(`"'*'"`);
    expect(slice(JSON_TEMPLATE, doc.locate(origin, 'key'))).toBe('"method.response.header.Access-Control-Allow-Origin"');
    expect(slice(JSON_TEMPLATE, doc.locate(['Resources', 'Api', 'Properties', 'Count']))).toBe('3');
    expect(slice(JSON_TEMPLATE, doc.locate(['Resources', 'Api', 'Properties', 'Flag']))).toBe('true');
    expect(slice(JSON_TEMPLATE, doc.locate(['Resources', 'Api', 'Properties', 'Nothing']))).toBe('null');
  });

  test('paths through long-form intrinsic keys', () => {
    const doc = load(JSON_TEMPLATE, 'template.json');
    const uri = ['Resources', 'Api', 'Properties', 'Uri'];
    expect(slice(JSON_TEMPLATE, doc.locate([...uri, 'Fn::Sub', 0]))).toBe('"https://${Host}/x"');
    expect(slice(JSON_TEMPLATE, doc.locate([...uri, 'Fn::Sub', 1, 'Host', 'Ref']))).toBe('"Host"');
    expect(slice(JSON_TEMPLATE, doc.locate([...uri, 'Fn::Sub'], 'key'))).toBe('"Fn::Sub"');
  });

  test('a mapping spans its braces; a missing path gives the deepest node on it', () => {
    const doc = load(JSON_TEMPLATE, 'template.json');
    const range = doc.locate(['Resources', 'Api', 'Properties', 'Integration', 'IntegrationResponses', 0]);
    expect(range).toEqual({ line: 8, column: 13, endLine: 12, endColumn: 14 });
    expect(slice(JSON_TEMPLATE, doc.locate(['Resources', 'Api', 'Type', 'deeper', 3]))).toBe('"AWS::ApiGateway::Method"');
  });

  test('minified: every value on line 1', () => {
    const minified = JSON.stringify(JSON.parse(JSON_TEMPLATE));
    const doc = load(minified, 'template.json');
    const range = doc.locate(origin);
    expect(range.line).toBe(1);
    expect(range.column).toBe(positionOf(minified, `"'*'"`).column);
    expect(range.endColumn).toBe(range.column + 5);
    expect(doc.value).toEqual(JSON.parse(JSON_TEMPLATE));
  });

  test('CRLF: the same positions as LF', () => {
    const crlf = JSON_TEMPLATE.replace(/\n/g, '\r\n');
    expect(load(crlf, 'template.json').locate(origin)).toEqual(load(JSON_TEMPLATE, 'template.json').locate(origin));
    expect(load(crlf, 'template.json').locate(['Resources', 'Api'])).toEqual({ line: 3, column: 12, endLine: 20, endColumn: 6 });
  });

  test('tabs: one column each', () => {
    const tabbed = JSON_TEMPLATE.replace(/^( {2})+/gm, (m) => '\t'.repeat(m.length / 2));
    const doc = load(tabbed, 'template.json');
    expect(doc.locate(origin)).toEqual({ line: 10, column: 63, endLine: 10, endColumn: 68 });
    expect(slice(tabbed, doc.locate(origin))).toBe(`"'*'"`);
  });

  test('an object with many keys (searched through an index): each key found, a key written twice at its last place', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `R${i}`);
    const text = `{"Resources": {\n${keys.map((k, i) => `  "${k}": {"V": ${i}},\n`).join('')}  "R7": {"V": "again"},\n  "__proto__": {"V": "proto"}\n}}\n`;
    const doc = load(text, 'template.json');
    expect(doc.locate(['Resources', 'R0', 'V'])).toEqual({ line: 2, column: 15, endLine: 2, endColumn: 16 });
    expect(doc.locate(['Resources', 'R39', 'V'])).toEqual({ line: 41, column: 16, endLine: 41, endColumn: 18 });
    expect(slice(text, doc.locate(['Resources', 'R7', 'V']))).toBe('"again"');
    expect(doc.locate(['Resources', 'R7'], 'key').line).toBe(42);
    expect(slice(text, doc.locate(['Resources', '__proto__', 'V']))).toBe('"proto"');
    // a key that is not there: the deepest node on the path that is
    expect(slice(text, doc.locate(['Resources', 'R40', 'V'])).startsWith('{\n  "R0"')).toBe(true);
    // the same answers as an object under the size the index starts at
    const few = `{"Resources": {\n  "R0": {"V": 0},\n  "R1": {"V": 1},\n  "R0": {"V": "again"}\n}}\n`;
    expect(slice(few, load(few, 'template.json').locate(['Resources', 'R0', 'V']))).toBe('"again"');
  });

  test('escaped characters in keys and strings', () => {
    const text = '{"A\\"B": "x\\"y", "C": "\\u002a"}';
    const doc = load(text, 'template.json');
    expect(doc.value).toEqual({ 'A"B': 'x"y', C: '*' });
    expect(slice(text, doc.locate(['C']))).toBe('"\\u002a"');
    expect(slice(text, doc.locate(['A"B'], 'key'))).toBe('"A\\"B"');
  });

  test('JSON in a .yaml file, and YAML in a .json file, are read by what they are', () => {
    expect(load('{"A": 1}', 'template.yaml').format).toBe('json');
    expect(load('A: 1\n', 'template.json').format).toBe('yaml');
    // not strict JSON (a trailing comma) but YAML: read as YAML, positions still right
    const loose = '{\n  "A": "*",\n}\n';
    const doc = load(loose, 'template.json');
    expect(doc.format).toBe('yaml');
    expect(doc.value).toEqual({ A: '*' });
    expect(doc.locate(['A'])).toEqual({ line: 2, column: 8, endLine: 2, endColumn: 11 });
  });
});
