/**
 * One value, one finding per rule: a value several resources share through Globals is reported once, where it is
 * written. Where two rules judge one value from two sides (a credentialed '*': the exposure and the breakage),
 * both report it, each where its cause is written.
 */
import { lintText } from '../../src/index.js';
import type { LintMessage } from '../../src/types.js';

function messages(yaml: string): LintMessage[] {
  const run = lintText(yaml, 'template.yaml', { cwd: '/' });
  const all = run.results.flatMap((r) => r.messages);
  expect(all.filter((m) => m.fatal)).toEqual([]);
  return all;
}

const at = (found: LintMessage[], rule: string): string[] => found.filter((m) => m.ruleId === rule).map((m) => `${m.line}:${m.column} ${m.severity}`);

test('a Globals value that two APIs take is reported once, naming both', () => {
  const yaml = `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Cors:
      AllowOrigin: "'*'"
      AllowCredentials: true
  HttpApi:
    CorsConfiguration:
      AllowOrigins: ['*']
Resources:
  A:
    Type: AWS::Serverless::Api
    Properties: { StageName: a }
  B:
    Type: AWS::Serverless::Api
    Properties: { StageName: b }
  C:
    Type: AWS::Serverless::HttpApi
  D:
    Type: AWS::Serverless::HttpApi
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: s3://bucket/key.zip
      Events:
        A1: { Type: Api, Properties: { RestApiId: !Ref A, Path: /a, Method: post } }
        B1: { Type: Api, Properties: { RestApiId: !Ref B, Path: /b, Method: put } }
`;
  const found = messages(yaml);
  // The REST '*' meets the Globals credentials: an error; the HTTP APIs' '*' has none: a warning.
  expect(at(found, 'wildcard-origin')).toEqual(['5:20 2', '9:22 1']);
  expect(found.find((m) => m.ruleId === 'wildcard-origin' && m.line === 5)!.message).toMatch(/^REST API 'A' \(and REST API 'B'\) allows any origin \('\*'\) although it allows credentials/);
  expect(found.find((m) => m.ruleId === 'wildcard-origin' && m.line === 9)!.message).toMatch(/^HTTP API 'C' \(and HTTP API 'D'\) allows any origin/);
  expect(at(found, 'credentials-with-wildcard')).toEqual(['6:25 2']);
  expect(found.find((m) => m.ruleId === 'credentials-with-wildcard')!.message).toMatch(/^REST API 'A' \(and REST API 'B'\) allows credentials/);
  // What both APIs' routes need is named in the one finding.
  expect(at(found, 'missing-allow-headers')).toEqual(['4:5 1']);
  expect(found.find((m) => m.ruleId === 'missing-allow-headers')!.message).toMatch(/POST \/a and PUT \/b likely take a JSON body/);
});

test('a credentialed wildcard: wildcard-origin reports the origin as an error at the star, credentials-with-wildcard the combination at the credentials, wildcard-headers nothing (one fact, one finding)', () => {
  const yaml = `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: ['*']
        AllowHeaders: ['*']
        AllowCredentials: true
  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: arn:aws:lambda:us-east-1:123456789012:function:f
      AuthType: NONE
      Cors:
        AllowOrigins: ['*']
        AllowCredentials: true
`;
  const found = messages(yaml);
  expect(at(found, 'wildcard-origin')).toEqual(['7:24 2', '16:24 2']);
  expect(at(found, 'wildcard-headers')).toEqual([]);
  expect(at(found, 'credentials-with-wildcard')).toEqual(['9:27 2', '17:27 2']);
  expect(found.filter((m) => m.ruleId === 'credentials-with-wildcard').map((m) => m.message)).toEqual([
    "HTTP API 'Api' allows credentials together with '*' in AllowOrigins and '*' in AllowHeaders: API Gateway refuses credentials with the origin '*', so the deployment fails, and '*' is a literal name there under credentials, so preflights with non-safelisted headers fail.",
    "function URL 'Url' allows credentials together with '*' in AllowOrigins: the function URL then answers any origin with credentials allowed, so any website can read the user's responses.",
  ]);
});

test("a pattern its surface does not take as written is unsupported-origin-pattern's, not insecure-origin's", () => {
  const yaml = `Transform: AWS::Serverless-2016-10-31
Resources:
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: ['http://*']
  Rest:
    Type: AWS::Serverless::Api
    Properties:
      StageName: s
      Cors: "'http://*.example.org'"
  Files:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules:
          - AllowedMethods: [GET]
            AllowedOrigins: ['http://*.example.org']
`;
  const found = messages(yaml);
  expect(at(found, 'unsupported-origin-pattern')).toEqual(['7:24 1', '12:13 2']);
  // S3 takes one '*', so its plain-HTTP pattern lets every such subdomain in: that is insecure-origin's.
  expect(at(found, 'insecure-origin')).toEqual(['19:30 1']);
});
