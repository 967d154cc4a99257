/** Every CloudFormation short tag becomes its long form, in each YAML form it can be written in. */
import { value } from './helpers.js';

const v = (yaml: string): unknown => (value(`V: ${yaml}\n`) as { V: unknown }).V;

describe('short tags in their long form', () => {
  test.each([
    ['!Ref Bucket', { Ref: 'Bucket' }],
    ['!Ref AWS::Region', { Ref: 'AWS::Region' }],
    ['!Condition IsProd', { Condition: 'IsProd' }],
    ['!Base64 hello', { 'Fn::Base64': 'hello' }],
    ['!ImportValue SharedOrigin', { 'Fn::ImportValue': 'SharedOrigin' }],
    ['!GetAZs eu-west-1', { 'Fn::GetAZs': 'eu-west-1' }],
    ["!GetAZs ''", { 'Fn::GetAZs': '' }],
    ['!Sub "https://${Domain}"', { 'Fn::Sub': 'https://${Domain}' }],
    ["!Sub 'arn:${AWS::Partition}:s3:::b'", { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b' }],
  ])('scalar %s', (yaml, expected) => {
    expect(v(yaml)).toEqual(expected);
  });

  test('an empty tagged scalar is the empty string, as CloudFormation reads `!GetAZs` with nothing after it', () => {
    expect(v('!GetAZs')).toEqual({ 'Fn::GetAZs': '' });
    expect(value('A: !Select [0, !GetAZs ]\n')).toEqual({ A: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } });
  });

  test('a tagged scalar is text: `!Ref 123` names a parameter `123`', () => {
    expect(v('!Ref 123')).toEqual({ Ref: '123' });
    expect(v('!Condition yes')).toEqual({ Condition: 'yes' });
  });

  test.each([
    ['!Sub [ "${Scheme}://${Host}", { Scheme: https, Host: !Ref Host } ]', { 'Fn::Sub': ['${Scheme}://${Host}', { Scheme: 'https', Host: { Ref: 'Host' } }] }],
    ['!GetAtt [Api, RootResourceId]', { 'Fn::GetAtt': ['Api', 'RootResourceId'] }],
    ['!If [IsProd, https://a.example, "*"]', { 'Fn::If': ['IsProd', 'https://a.example', '*'] }],
    ['!Join [",", [a, b]]', { 'Fn::Join': [',', ['a', 'b']] }],
    ['!Select [1, !Split [",", "a,b"]]', { 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b'] }] }],
    ['!FindInMap [Origins, !Ref Stage, Url]', { 'Fn::FindInMap': ['Origins', { Ref: 'Stage' }, 'Url'] }],
    ['!Cidr [10.0.0.0/16, 4, 8]', { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }],
    ['!Equals [!Ref Stage, prod]', { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] }],
    ['!Not [!Condition IsProd]', { 'Fn::Not': [{ Condition: 'IsProd' }] }],
    ['!And [!Condition A, !Condition B]', { 'Fn::And': [{ Condition: 'A' }, { Condition: 'B' }] }],
    ['!Or [!Condition A, !Equals [x, y]]', { 'Fn::Or': [{ Condition: 'A' }, { 'Fn::Equals': ['x', 'y'] }] }],
  ])('flow sequence %s', (yaml, expected) => {
    expect(v(yaml)).toEqual(expected);
  });

  test('!GetAtt in dotted form is split at the first dot only', () => {
    expect(v('!GetAtt Api.RootResourceId')).toEqual({ 'Fn::GetAtt': ['Api', 'RootResourceId'] });
    expect(v('!GetAtt Db.Endpoint.Address')).toEqual({ 'Fn::GetAtt': ['Db', 'Endpoint.Address'] });
    expect(v('!GetAtt Lonely')).toEqual({ 'Fn::GetAtt': ['Lonely'] });
  });

  test('block sequences and mappings under a tag', () => {
    const text = [
      'Origin: !If',
      '  - IsProd',
      '  - !Sub',
      '    - https://${Host}',
      '    - Host: !ImportValue WebHost',
      '  - !Ref AWS::NoValue',
      'Macro: !Transform',
      '  Name: AWS::Include',
      '  Parameters:',
      '    Location: s3://bucket/cors.yaml',
      '',
    ].join('\n');
    expect(value(text)).toEqual({
      Origin: { 'Fn::If': ['IsProd', { 'Fn::Sub': ['https://${Host}', { Host: { 'Fn::ImportValue': 'WebHost' } }] }, { Ref: 'AWS::NoValue' }] },
      Macro: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://bucket/cors.yaml' } } },
    });
  });

  test('!Transform in flow mapping form, and a tag on a flow mapping', () => {
    expect(v('!Transform { Name: AWS::Include, Parameters: { Location: s3://b/k } }')).toEqual({
      'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } },
    });
  });

  test('tags the loader does not know become Fn::Name (language extensions), never a crash', () => {
    expect(v('!Length [a, b]')).toEqual({ 'Fn::Length': ['a', 'b'] });
    expect(v('!Length\n  - a\n')).toEqual({ 'Fn::Length': ['a'] });
    expect(v('!ToJsonString { Origins: [a] }')).toEqual({ 'Fn::ToJsonString': { Origins: ['a'] } });
    expect(v('!ForEach [X, [a], {}]')).toEqual({ 'Fn::ForEach': ['X', ['a'], {}] });
    expect(v('!SomethingNew 42')).toEqual({ 'Fn::SomethingNew': '42' });
  });

  test('YAML type tags are read as their names say; every other `!` tag is a function, as SAM makes it one', () => {
    expect(v('!!str 123')).toBe('123');
    expect(v('!!int "7"')).toBe(7);
    expect(v('!<tag:yaml.org,2002:str> 123')).toBe('123');
    expect(v('! 12')).toBe(12);
    expect(v('!not.a.name text')).toEqual({ 'Fn::not.a.name': 'text' });
    expect(v('!<!Ref> X')).toEqual({ Ref: 'X' });
  });

  test('a tag that names no type a template can hold is refused where it is written', () => {
    expect(() => v('!!python/none x')).toThrow(/the tag '!!python\/none' is not one a template can use/);
    expect(() => v('!<tag:example.com,2000:x> y')).toThrow(/not one a template can use/);
    expect(() => v('!!int abc')).toThrow(/!!int 'abc': not an integer/);
  });

  test('short tags nest inside long forms and long forms inside short tags', () => {
    expect(value('A:\n  Fn::Join: [",", [!Ref X, { "Fn::GetAtt": [B, Arn] }]]\n')).toEqual({
      A: { 'Fn::Join': [',', [{ Ref: 'X' }, { 'Fn::GetAtt': ['B', 'Arn'] }]] },
    });
  });
});
