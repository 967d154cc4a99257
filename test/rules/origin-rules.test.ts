/**
 * What the fixtures do not pin down: the severity each finding gets, the message's subject and quoted value,
 * and how findings on values shared through Globals or guarded by conditions are counted.
 */
import { lintText } from '../../src/index.js';
import type { LintMessage } from '../../src/types.js';

function findings(yaml: string, rule: string): LintMessage[] {
  const run = lintText(yaml, 'template.yaml', { cwd: '/' });
  const messages = run.results.flatMap((r) => r.messages);
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  return messages.filter((m) => m.ruleId === rule);
}

const severities = (messages: LintMessage[]): Array<[number, 1 | 2]> => messages.map((m) => [m.line, m.severity]);

const SAM = 'Transform: AWS::Serverless-2016-10-31\nResources:\n';

test('wildcard-headers: a warning where the authorization relies on it for Authorization; with credentials the fact is credentials-with-wildcard\'s alone; nothing where neither holds', () => {
  const yaml = `${SAM}  Open:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: [https://shop.example.org]
        AllowHeaders: ['*']
  Closed:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: [https://shop.example.org]
        AllowHeaders: ['*']
        AllowCredentials: true
  Signed:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        EnableIamAuthorizer: true
        DefaultAuthorizer: AWS_IAM
      CorsConfiguration:
        AllowOrigins: [https://shop.example.org]
        AllowHeaders: ['*']
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: src/
      Events:
        A: { Type: HttpApi, Properties: { ApiId: !Ref Open, Path: /a, Method: get } }
        B: { Type: HttpApi, Properties: { ApiId: !Ref Closed, Path: /b, Method: get } }
        C: { Type: HttpApi, Properties: { ApiId: !Ref Signed, Path: /c, Method: get } }
`;
  const found = findings(yaml, 'wildcard-headers');
  expect(severities(found)).toEqual([[24, 1]]);
  expect(found[0]!.message).toMatch(/^HTTP API 'Signed' relies on '\*' in AllowHeaders to cover 'Authorization', which IAM authorization \(SigV4\) needs \(GET \/c\): .*Chromium 156 still lets it cover Authorization but warns that this is deprecated/);
  expect(found[0]!.message).not.toMatch(/never works|never covers/);
  const combination = findings(yaml, 'credentials-with-wildcard');
  expect(severities(combination)).toEqual([[15, 2]]);
  expect(combination[0]!.message).toMatch(/^HTTP API 'Closed' allows credentials together with '\*' in AllowHeaders: '\*' is a literal name there/);
});

test('insecure-origin is an error only with credentials that can hold at the same time', () => {
  const yaml = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Conditions:
  IsDev: !Equals [!Ref AWS::StackName, dev]
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins:
          - !If [IsDev, 'http://dev.example.org', 'https://shop.example.org']
          - http://legacy.example.org
        AllowCredentials: !If [IsDev, false, true]
`;
  const found = findings(yaml, 'insecure-origin');
  expect(severities(found)).toEqual([
    [11, 1],
    [12, 2],
  ]);
  expect(found[0]!.message).toContain('(when IsDev is true)');
});

test('unsupported-origin-pattern: errors where the service refuses or never matches, warnings where it is undocumented', () => {
  const yaml = `${SAM}  Rest:
    Type: AWS::Serverless::Api
    Properties:
      StageName: p
      Cors: "'https://*.example.org'"
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: ['https://*.example.org', 'https://*']
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules:
          - AllowedMethods: [GET]
            AllowedOrigins: ['https://*.example.org', 'https://*.*.example.org']
`;
  expect(severities(findings(yaml, 'unsupported-origin-pattern'))).toEqual([
    [7, 2],
    [12, 1],
    [12, 1],
    [19, 2],
  ]);
});

test('max-age-over-cap: an error only where the service refuses the value', () => {
  const yaml = `${SAM}  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: [https://shop.example.org]
        MaxAge: 86400
  Big:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: [https://shop.example.org]
        MaxAge: 86401
  Rest:
    Type: AWS::Serverless::Api
    Properties:
      StageName: p
      Cors:
        AllowOrigin: "'https://shop.example.org'"
        MaxAge: "'7201'"
`;
  expect(severities(findings(yaml, 'max-age-over-cap'))).toEqual([
    [8, 1],
    [14, 2],
    [21, 1],
  ]);
});

test('missing-inner-quotes: a bare number is a warning, unquoted text an error', () => {
  const yaml = `${SAM}  Rest:
    Type: AWS::Serverless::Api
    Properties:
      StageName: p
      Cors:
        AllowOrigin: https://shop.example.org
        MaxAge: 600
`;
  const found = findings(yaml, 'missing-inner-quotes');
  expect(severities(found)).toEqual([
    [8, 2],
    [9, 1],
  ]);
  expect(found[0]!.message).toContain(`write "'https://shop.example.org'"`);
});

test('a value shared through Globals is reported once, naming every API it reaches', () => {
  const yaml = `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Cors:
      AllowOrigin: "'https://shop.example.org/'"
Resources:
  A:
    Type: AWS::Serverless::Api
    Properties: { StageName: a }
  B:
    Type: AWS::Serverless::Api
    Properties: { StageName: b }
`;
  const found = findings(yaml, 'malformed-origin');
  expect(found).toHaveLength(1);
  expect(found[0]!.message).toMatch(/^REST API 'A' \(and REST API 'B'\) allows the origin 'https:\/\/shop\.example\.org\/'/);
  expect(found[0]!.relatedLocations?.map((r) => r.message)).toEqual(['inherited from Globals by A']);
});

test('globals-cors-merge reports merged credentials once, where Globals writes them; credentials-with-wildcard and wildcard-origin report the wildcard they meet', () => {
  const yaml = `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Cors:
      AllowCredentials: true
Resources:
  Star:
    Type: AWS::Serverless::Api
    Properties:
      StageName: s
      Cors:
        AllowOrigin: "'*'"
  Exact:
    Type: AWS::Serverless::Api
    Properties:
      StageName: e
      Cors:
        AllowOrigin: "'https://shop.example.org'"
`;
  const found = findings(yaml, 'globals-cors-merge');
  expect(found.map((m) => [m.line, m.severity])).toEqual([[5, 1]]);
  expect(found[0]!.message).toMatch(/^REST API 'Star' \(and REST API 'Exact'\) writes its own Cors, but SAM merges 'AllowCredentials: true' from Globals.Api.Cors/);
  const combination = findings(yaml, 'credentials-with-wildcard');
  expect(combination.map((m) => [m.line, m.severity])).toEqual([[5, 2]]);
  expect(combination[0]!.message).toMatch(/^REST API 'Star' allows credentials together with '\*' in AllowOrigin/);
  const star = findings(yaml, 'wildcard-origin');
  expect(star.map((m) => [m.line, m.severity])).toEqual([[12, 2]]);
  expect(star[0]!.relatedLocations?.map((r) => [r.line, r.message])).toEqual([[5, 'credentials allowed here']]);
});

test('wildcard-origin counts credentials only when they can hold together with the wildcard', () => {
  const yaml = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins:
          - !If [IsProd, 'https://shop.example.org', '*']
        AllowCredentials: !If [IsProd, true, false]
`;
  expect(severities(findings(yaml, 'wildcard-origin'))).toEqual([[11, 1]]);
  expect(findings(yaml, 'credentials-with-wildcard')).toEqual([]);
});

test('credentials-with-wildcard names every wildcard of the configuration in one finding at the credentials', () => {
  const yaml = `${SAM}  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: ['*']
        AllowHeaders: ['*']
        AllowCredentials: true
`;
  const found = findings(yaml, 'credentials-with-wildcard');
  expect(found).toHaveLength(1);
  expect(found[0]!.line).toBe(9);
  expect(found[0]!.message).toBe(
    "HTTP API 'Api' allows credentials together with '*' in AllowOrigins and '*' in AllowHeaders: API Gateway refuses credentials with the origin '*', so the deployment fails, and '*' is a literal name there under credentials, so preflights with non-safelisted headers fail.",
  );
  expect(found[0]!.relatedLocations?.map((r) => [r.line, r.message])).toEqual([
    [7, "'*' here"],
    [8, "'*' here"],
  ]);
});

test("wildcard-origin names the protected route on the OPTIONS method's own path when there is one", () => {
  const yaml = `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        swagger: '2.0'
        info: { title: api, version: '1' }
        securityDefinitions:
          Token: { type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: custom }
        paths:
          /first:
            get:
              security: [{ Token: [] }]
              x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: arn:aws:apigateway:us-east-1:lambda:path/f }
          /second:
            get:
              security: [{ Token: [] }]
              x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: arn:aws:apigateway:us-east-1:lambda:path/f }
            options:
              x-amazon-apigateway-integration:
                type: mock
                responses:
                  default:
                    statusCode: '200'
                    responseParameters:
                      method.response.header.Access-Control-Allow-Origin: "'*'"
`;
  const found = findings(yaml, 'wildcard-origin');
  expect(found).toHaveLength(1);
  expect(found[0]!.message).toMatch(/^REST API 'Api' allows any origin \('\*'\) on OPTIONS \/second: any website passes its preflight and can send requests to GET \/second \(a cross-site write\); GET \/second requires security requirement 'Token', a token the page attaches itself/);
  expect(found[0]!.severity).toBe(1);
});

describe('wildcard-origin: the severity follows the protection of the route the * is written for', () => {
  /** A REST API whose one route has the given authorization and whose preflight (SAM Cors) allows '*'. */
  const api = (auth: string, extra = '') => `${SAM}  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors:
        AllowOrigin: "'*'"
        AllowHeaders: "'Authorization,X-Api-Key,X-Amz-Date,X-Amz-Security-Token,Content-Type'"
${auth}${extra}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: src/
      Events:
        A: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /a, Method: post } }
`;
  const authorizer = (def: string) => `      Auth:
        DefaultAuthorizer: Guard
        AddDefaultAuthorizerToCorsPreflight: false
        AddApiKeyRequiredToCorsPreflight: false
        Authorizers:
          Guard:
${def}`;

  test.each([
    ['a Cognito user pool', authorizer('            UserPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x\n'), "DefaultAuthorizer 'Guard'"],
    ['a Lambda TOKEN authorizer', authorizer('            FunctionArn: arn:aws:lambda:us-east-1:123456789012:function:guard\n'), "DefaultAuthorizer 'Guard'"],
    ['a REQUEST authorizer on a header', authorizer('            FunctionArn: arn:aws:lambda:us-east-1:123456789012:function:guard\n            FunctionPayloadType: REQUEST\n            Identity: { Headers: [X-Session] }\n'), "DefaultAuthorizer 'Guard'"],
    ['IAM', '      Auth:\n        DefaultAuthorizer: AWS_IAM\n        AddDefaultAuthorizerToCorsPreflight: false\n', "DefaultAuthorizer 'AWS_IAM'"],
    ['an API key', '      Auth:\n        ApiKeyRequired: true\n        AddApiKeyRequiredToCorsPreflight: false\n', 'an API key'],
  ])('a token the page attaches itself (%s): a warning that says the token still guards the answers', (_name, auth, named) => {
    const found = findings(api(auth), 'wildcard-origin');
    expect(severities(found)).toEqual([[8, 1]]);
    expect(found[0]!.message).toContain(`POST /a requires ${named}, a token the page attaches itself, which still guards what it answers`);
    expect(found[0]!.relatedLocations?.map((r) => r.message)).toContain('protected here');
  });

  test('a Lambda authorizer that reads the Cookie header: an error, since the browser attaches the cookie itself', () => {
    const found = findings(api(authorizer('            FunctionArn: arn:aws:lambda:us-east-1:123456789012:function:guard\n            FunctionPayloadType: REQUEST\n            Identity: { Headers: [Cookie] }\n')), 'wildcard-origin');
    expect(severities(found)).toEqual([[8, 2]]);
    expect(found[0]!.message).toMatch(/although POST \/a is authorized by the Cookie header \(DefaultAuthorizer 'Guard'\), which the browser attaches by itself/);
  });

  test('a REQUEST authorizer that names no identity source: what it reads is unknown, a warning that says so', () => {
    const found = findings(api(authorizer('            FunctionArn: arn:aws:lambda:us-east-1:123456789012:function:guard\n            FunctionPayloadType: REQUEST\n')), 'wildcard-origin');
    expect(severities(found)).toEqual([[8, 1]]);
    expect(found[0]!.message).toMatch(/\(POST \/a requires DefaultAuthorizer 'Guard', a Lambda authorizer that names no identity header, so what it reads is not known\)\.$/);
  });

  test.each([
    ['a PRIVATE endpoint', '      EndpointConfiguration: PRIVATE\n', 'a private network (EndpointConfiguration PRIVATE)'],
    ['a resource policy on source IPs', '      Auth:\n        ResourcePolicy:\n          IpRangeWhitelist: [203.0.113.0/24]\n', 'the networks its resource policy allows (IpRangeWhitelist)'],
    ['a resource policy on VPC endpoints', '      Auth:\n        ResourcePolicy:\n          IntrinsicVpceWhitelist: [vpce-0123]\n', 'the networks its resource policy allows (IntrinsicVpceWhitelist)'],
  ])('a network the browser brings by itself (%s): an error', (_name, props, reason) => {
    const found = findings(api(props), 'wildcard-origin');
    expect(severities(found)).toEqual([[8, 2]]);
    expect(found[0]!.message).toContain(`although it answers only ${reason}: any website that a user inside that network opens`);
  });

  test('no authorization: a warning that names no protection', () => {
    const found = findings(api(''), 'wildcard-origin');
    expect(severities(found)).toEqual([[8, 1]]);
    expect(found[0]!.message).toBe(
      "REST API 'Api' allows any origin ('*'): any website passes its preflight and can send requests to POST /a (a cross-site write); who reads the answers is up to each response's Access-Control-Allow-Origin.",
    );
  });
});

test("wildcard-origin: a preflight API Gateway answers with 500 (binary media types before SAM's MOCK) lets no one through today: the message says so", () => {
  const yaml = `${SAM}  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      BinaryMediaTypes: ['*~1*']
      Cors:
        AllowOrigin: "'*'"
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: src/
      Events:
        A: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /a, Method: post } }
`;
  const found = findings(yaml, 'wildcard-origin');
  expect(severities(found)).toEqual([[9, 1]]);
  expect(found[0]!.message).toContain('any website passes its preflight once it works (API Gateway answers it with 500 today: binary-media-types-break-preflight) and can send requests to POST /a');
  // without the binary media type the same '*' says nothing of a 500
  expect(findings(yaml.replace("      BinaryMediaTypes: ['*~1*']\n", ''), 'wildcard-origin')[0]!.message).not.toContain('500');
});

test('wildcard-origin: an HTTP API behind a JWT authorizer is a warning that names the token', () => {
  const yaml = `${SAM}  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: Jwt
        Authorizers:
          Jwt:
            IdentitySource: $request.header.Authorization
            JwtConfiguration: { issuer: https://issuer.example.org, audience: [app] }
      CorsConfiguration:
        AllowOrigins: ['*']
        AllowHeaders: [Authorization]
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: src/
      Events:
        A: { Type: HttpApi, Properties: { ApiId: !Ref Api, Path: /a, Method: get } }
`;
  const found = findings(yaml, 'wildcard-origin');
  expect(severities(found)).toEqual([[13, 1]]);
  expect(found[0]!.message).toBe(
    "HTTP API 'Api' allows any origin ('*'): any website may send it requests and read the answers; GET /a requires DefaultAuthorizer 'Jwt', a token the page attaches itself, which still guards what it answers, so list your front end's origins instead.",
  );
});
