/**
 * binary-media-types-break-preflight: one finding per REST API, at the binary media type a preflight matches, when
 * a MOCK OPTIONS method of the API does not convert the request to text; quiet when every one does, when the
 * contentHandling is not known, and for types a preflight does not match.
 */
import { lintText } from '../../src/index.js';
import type { LintMessage } from '../../src/types.js';

const RULE = 'binary-media-types-break-preflight';

function findings(yaml: string): LintMessage[] {
  const run = lintText(yaml, 'template.yaml', { cwd: '/' });
  const all = run.results.flatMap((r) => r.messages);
  expect(all.filter((m) => m.fatal)).toEqual([]);
  return all.filter((m) => m.ruleId === RULE);
}

const options = (id: string, path: string, handling: string): string => `  ${id}Resource:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: ${path} }
  ${id}:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref ${id}Resource
      HttpMethod: OPTIONS
      AuthorizationType: NONE
      Integration:
        Type: MOCK${handling ? `\n        ContentHandling: ${handling}` : ''}
        RequestTemplates: { application/json: '{"statusCode": 200}' }
`;

const api = (types: string): string => `Parameters:
  Handling: { Type: String }
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api, BinaryMediaTypes: ${types} }
`;

test('one finding per API, naming the OPTIONS methods that do not convert', () => {
  const found = findings(api("['image~1png', '*~1*']") + options('A', 'a', '') + options('B', 'b', 'CONVERT_TO_BINARY') + options('C', 'c', 'CONVERT_TO_TEXT'));
  expect(found.map((m) => `${m.line}:${m.column} ${m.severity}`)).toEqual(['6:63 2']);
  expect(found[0]!.message).toMatch(
    /^REST API 'Api' treats '\*~1\*' \(\*\/\*\) as binary \(BinaryMediaTypes\), which a preflight matches, and its MOCK OPTIONS methods set no contentHandling CONVERT_TO_TEXT: .* answers the preflight with 500 \(OPTIONS \/a and OPTIONS \/b\)/,
  );
});

test('quiet when every MOCK OPTIONS converts to text, when its contentHandling is not known, or for types a preflight does not match', () => {
  expect(findings(api("['*/*']") + options('A', 'a', 'CONVERT_TO_TEXT'))).toEqual([]);
  expect(findings(api("['*/*']") + options('A', 'a', '!Ref Handling'))).toEqual([]);
  expect(findings(api("['image/*', 'application/octet-stream']") + options('A', 'a', ''))).toEqual([]);
  // The control: the same API with */* and no contentHandling.
  expect(findings(api("['*/*']") + options('A', 'a', '')).length).toBe(1);
});
