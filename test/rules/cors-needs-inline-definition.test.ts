/**
 * cors-needs-inline-definition: SAM refuses `Cors`/`CorsConfiguration` next to `DefinitionUri` (checked with the SAM
 * translator: "Cors works only with inline Swagger|OpenApi specified in 'DefinitionBody' property"), wherever the
 * configuration comes from, and accepts what it does not count as one.
 */
import { lintText } from '../../src/index.js';
import type { LintMessage } from '../../src/types.js';

const RULE = 'cors-needs-inline-definition';

function findings(yaml: string): LintMessage[] {
  const run = lintText(yaml, 'template.yaml', { cwd: '/' });
  const all = run.results.flatMap((r) => r.messages);
  expect(all.filter((m) => m.fatal)).toEqual([]);
  return all.filter((m) => m.ruleId === RULE);
}

const at = (found: LintMessage[]): string[] => found.map((m) => `${m.line}:${m.column} ${m.severity}`);

test('one finding per API, at DefinitionUri, naming the setting and quoting SAM', () => {
  const found = findings(`Transform: AWS::Serverless-2016-10-31
Resources:
  Rest:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: s3://bucket/rest.yaml
      Cors: { AllowOrigin: "'https://a.example.com'" }
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionUri: { Bucket: bucket, Key: http.yaml }
      CorsConfiguration: true
`);
  expect(at(found)).toEqual(['7:7 2', '12:7 2']);
  expect(found[0]!.message).toBe(
    "REST API 'Rest' has Cors and takes its OpenAPI document from DefinitionUri: SAM adds CORS only to an inline DefinitionBody, so it refuses the template (\"Cors works only with inline Swagger specified in 'DefinitionBody' property\").",
  );
  expect(found[1]!.message).toMatch(/^HTTP API 'Http' has CorsConfiguration .*"Cors works only with inline OpenApi specified in 'DefinitionBody' property"\)\.$/);
});

test('a Cors from Globals counts, at each API that keeps its document in DefinitionUri', () => {
  const found = findings(`Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Cors: "'https://a.example.com'"
Resources:
  A:
    Type: AWS::Serverless::Api
    Properties: { StageName: a, DefinitionUri: s3://bucket/a.yaml }
  B:
    Type: AWS::Serverless::Api
    Properties:
      StageName: b
      DefinitionUri: s3://bucket/b.yaml
`);
  expect(at(found)).toEqual(['8:33 2', '13:7 2']);
  expect(found.map((m) => m.message.slice(0, 30))).toEqual(["REST API 'A' has Cors and take", "REST API 'B' has Cors and take"]);
});

test('a DefinitionUri from Globals is not reported: SAM refuses an explicit API with it for another reason', () => {
  // SAM: "Specify either 'DefinitionUri' or 'DefinitionBody' property and not both.", with or without Cors.
  const found = findings(`Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    DefinitionUri: s3://bucket/shared.yaml
    Cors: "'https://a.example.com'"
Resources:
  A:
    Type: AWS::Serverless::Api
    Properties: { StageName: a }
`);
  expect(found).toEqual([]);
});

test('no finding without a configuration SAM counts, with an inline body, or for the implicit API', () => {
  const found = findings(`Transform: AWS::Serverless-2016-10-31
Globals:
  HttpApi:
    CorsConfiguration: false
Resources:
  Empty:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: s3://bucket/a.yaml
      Cors: {}
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionUri: s3://bucket/b.yaml
  Inline:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: "'https://a.example.com'"
      DefinitionBody: { swagger: '2.0', paths: {} }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: s3://bucket/code.zip
      Events:
        Get: { Type: Api, Properties: { Path: /a, Method: get } }
`);
  expect(found).toEqual([]);
});
