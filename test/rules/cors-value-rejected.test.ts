/**
 * cors-value-rejected: values the service (or SAM's own type check) refuses, one finding per fact: what another
 * rule reports about the same value stays that rule's, and a value SAM refuses is not judged again as the service
 * would judge it.
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

test("SAM's type check of a function URL: a string MaxAge, a string list; AllowCredentials stays allow-credentials-not-boolean's", () => {
  const found = messages(`Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: s3://bucket/code.zip
      FunctionUrlConfig:
        AuthType: NONE
        Cors:
          AllowOrigins: ['https://a.example.com']
          AllowMethods: OPTIONS
          AllowCredentials: 'true'
          MaxAge: '10'
`);
  // AllowMethods is refused by SAM as a string, so its value is not judged again as Lambda would.
  expect(at(found, 'cors-value-rejected')).toEqual(['13:11 2', '15:11 2']);
  expect(found.filter((m) => m.ruleId === 'cors-value-rejected').map((m) => m.message)).toEqual([
    `function URL of 'Fn' writes AllowMethods as a string: SAM wants a list there ("AllowMethods must be of type list"), so SAM refuses the template.`,
    `function URL of 'Fn' writes MaxAge as a string: SAM wants a whole number there ("MaxAge must be of type int"), so SAM refuses the template.`,
  ]);
  expect(at(found, 'allow-credentials-not-boolean')).toEqual(['14:29 2']);
});

test('a max age above the range is max-age-over-cap’s, below it this rule’s; a number written as text above the cap is not reported twice', () => {
  const found = messages(`Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: ['https://a.example.com']
        MaxAge: 100000
  Low:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: ['https://a.example.com']
        MaxAge: -5
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: s3://bucket/code.zip
      FunctionUrlConfig:
        AuthType: NONE
        Cors:
          AllowOrigins: ['https://a.example.com']
          MaxAge: '90000'
`);
  expect(at(found, 'max-age-over-cap')).toEqual(['8:17 2', '25:19 2']);
  expect(at(found, 'cors-value-rejected')).toEqual(['14:17 2']);
});

test("a value shared through Globals is reported once, naming every function; CloudFront's '*' under credentials is credentials-with-wildcard's", () => {
  const found = messages(`Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    FunctionUrlConfig:
      AuthType: NONE
      Cors:
        AllowOrigins: ['https://a.example.com']
        AllowMethods: [GET, OPTIONS]
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs22.x, Handler: a.handler, CodeUri: s3://bucket/a.zip }
  B:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs22.x, Handler: b.handler, CodeUri: s3://bucket/b.zip }
  Edge:
    Type: AWS::CloudFront::ResponseHeadersPolicy
    Properties:
      ResponseHeadersPolicyConfig:
        Name: edge
        CorsConfig:
          AccessControlAllowCredentials: true
          AccessControlAllowHeaders: { Items: [Content-Type] }
          AccessControlAllowMethods: { Items: ['*', PATCH, patch] }
          AccessControlAllowOrigins: { Items: ['https://a.example.com'] }
          OriginOverride: true
`);
  expect(at(found, 'cors-value-rejected')).toEqual(['8:29 2', '24:60 2']);
  const [shared, edge] = found.filter((m) => m.ruleId === 'cors-value-rejected');
  expect(shared!.message).toMatch(/^function URL of 'A' \(and function URL of 'B'\) allows the method 'OPTIONS' in AllowMethods/);
  expect(edge!.message).toMatch(/allows the method 'patch' in AccessControlAllowMethods: CloudFront accepts only GET, POST, OPTIONS, PUT, DELETE, PATCH, HEAD and ALL, in upper case/);
  expect(at(found, 'credentials-with-wildcard').length).toBe(1);
});

test('values under a condition are judged branch by branch, and intrinsic values are not judged', () => {
  const found = messages(`Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: { Type: String, AllowedValues: [dev, prod] }
  Age: { Type: Number }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: arn:aws:lambda:us-east-1:123456789012:function:f
      AuthType: NONE
      Cors:
        AllowOrigins: ['https://a.example.com']
        AllowMethods: !If [IsProd, [GET, PUT, HEAD, POST, PATCH, DELETE], [GET, PUT, HEAD, POST, PATCH, DELETE, '*']]
        MaxAge: !Ref Age
`);
  expect(at(found, 'cors-value-rejected')).toEqual(['15:75 2']);
  expect(found.find((m) => m.ruleId === 'cors-value-rejected')!.message).toMatch(/lists 7 methods in AllowMethods.*\(when IsProd is false\)\.$/);
});
