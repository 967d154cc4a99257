/**
 * The authorization the model gives routes, checked against what the SAM translator emits (the `security` of
 * each operation in the transformed `Body`, verified with the translator for each case below).
 */
import { lintText } from '../../src/index.js';
import { authSource } from '../../src/model/query.js';
import type { CorsModel, Route } from '../../src/model/types.js';

function model(text: string): CorsModel {
  const run = lintText(text, '/virtual/template.yaml', { cwd: '/virtual' });
  const m = run.models.get('/virtual/template.yaml');
  if (!m) throw new Error('no model');
  return m;
}

let current: CorsModel;

function route(m: CorsModel, api: string, method: string, path: string): Route {
  current = m;
  const found = m.apis.find((a) => a.id === api)?.routes.filter((r) => r.method === method && r.path === path) ?? [];
  if (found.length !== 1) throw new Error(`${api} ${method} ${path}: ${found.length} routes`);
  return found[0]!;
}

/** Kind, authorizer, API key, and what decided each (`-` where nothing is required). */
function summary(r: Route): string {
  const api = current.apis.find((a) => a.id === r.apiId)!;
  const decided = r.auth.kind === 'none' ? '-' : authSource(api, r, 'auth');
  const keyDecided = r.auth.apiKeyRequired ? authSource(api, r, 'apiKey') : '-';
  return [r.auth.kind, r.auth.authorizer ?? '-', r.auth.apiKeyRequired ? 'key' : 'no-key', decided, keyDecided].join(' ');
}

const REST_BODY = `
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: "'https://app.example.com'"
      Auth:
        DefaultAuthorizer: Cog
        ApiKeyRequired: true
        AddDefaultAuthorizerToCorsPreflight: false
        Authorizers:
          Cog:
            UserPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/x
          Other:
            UserPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/y
      DefinitionBody:
        swagger: '2.0'
        info: { title: x }
        paths:
          /a:
            get:
              security: []
              x-amazon-apigateway-integration: { type: mock }
            options:
              x-amazon-apigateway-integration: { type: mock }
          /b:
            get:
              security: [{ Other: [] }]
              x-amazon-apigateway-integration: { type: mock }
            options:
              security: [{ NONE: [] }]
              x-amazon-apigateway-integration: { type: mock }
          /c:
            post:
              x-amazon-apigateway-integration: { type: mock }
`;

describe('SAM Auth applied to DefinitionBody operations (REST)', () => {
  const m = model(REST_BODY);
  test('an operation without an authorizer of its own gets DefaultAuthorizer, `security: []` included', () => {
    // translator: /a get [{Cog}, {api_key}], /c post [{Cog}, {api_key}]
    expect(summary(route(m, 'Api', 'GET', '/a'))).toBe('authorizer Cog key sam-default sam-default');
    expect(summary(route(m, 'Api', 'POST', '/c'))).toBe('authorizer Cog key sam-default sam-default');
  });
  test('an operation naming its own authorizer keeps it, and still gets the API key', () => {
    // translator: /b get [{Other}, {api_key}]
    expect(summary(route(m, 'Api', 'GET', '/b'))).toBe('authorizer Other key openapi sam-default');
  });
  test('options operations keep no authorizer when AddDefaultAuthorizerToCorsPreflight is false, but get the API key', () => {
    // translator: /a options [{api_key}], /b options [{NONE}, {api_key}], generated /c options [{api_key}]
    expect(summary(route(m, 'Api', 'OPTIONS', '/a'))).toBe('none - key - sam-default');
    expect(summary(route(m, 'Api', 'OPTIONS', '/b'))).toBe('none - key - sam-default');
    expect(summary(route(m, 'Api', 'OPTIONS', '/c'))).toBe('none - key - sam-default');
    expect(route(m, 'Api', 'OPTIONS', '/c').origin).toBe('sam-cors');
  });
});

describe('SAM Auth on REST options operations without the preflight flag', () => {
  const m = model(`
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: "'https://app.example.com'"
      Auth:
        DefaultAuthorizer: AWS_IAM
      DefinitionBody:
        swagger: '2.0'
        info: { title: x }
        security: [{ api_key: [] }]
        paths:
          /a:
            get:
              x-amazon-apigateway-integration: { type: mock }
            options:
              security: []
              x-amazon-apigateway-integration: { type: mock }
`);
  test('the options operation gets DefaultAuthorizer, and the root security no longer applies', () => {
    // translator: /a get [{AWS_IAM}], /a options [{AWS_IAM}], root [{api_key}]
    expect(summary(route(m, 'Api', 'GET', '/a'))).toBe('iam - no-key sam-default -');
    expect(summary(route(m, 'Api', 'OPTIONS', '/a'))).toBe('iam - no-key sam-default -');
  });
});

describe('SAM HttpApi', () => {
  const m = model(`
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: [https://app.example.com]
      Auth:
        DefaultAuthorizer: Jwt
        Authorizers:
          Jwt:
            JwtConfiguration: { issuer: https://issuer.example.com, audience: [a] }
            IdentitySource: $request.header.Authorization
  BodyApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: Jwt
        Authorizers:
          Jwt:
            JwtConfiguration: { issuer: https://issuer.example.com, audience: [a] }
            IdentitySource: $request.header.Authorization
      DefinitionBody:
        openapi: '3.0'
        info: { title: x }
        paths:
          /a:
            get:
              security: []
              x-amazon-apigateway-integration: { type: aws_proxy, uri: x, payloadFormatVersion: '2.0' }
            options:
              x-amazon-apigateway-integration: { type: aws_proxy, uri: x, payloadFormatVersion: '2.0' }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src
      Events:
        Opt:
          Type: HttpApi
          Properties: { ApiId: !Ref Api, Path: /x, Method: options }
        OptJwt:
          Type: HttpApi
          Properties: { ApiId: !Ref Api, Path: /z, Method: options, Auth: { Authorizer: Jwt } }
        Any:
          Type: HttpApi
          Properties: { ApiId: !Ref Api, Path: "/{proxy+}", Method: any }
        Default:
          Type: HttpApi
          Properties: { ApiId: !Ref Api }
`);
  test('an OPTIONS event does not get DefaultAuthorizer; one that names an authorizer does', () => {
    // translator: /x options (no security), /z options [{Jwt}]
    expect(summary(route(m, 'Api', 'OPTIONS', '/x'))).toBe('none - no-key - -');
    expect(summary(route(m, 'Api', 'OPTIONS', '/z'))).toBe('authorizer Jwt no-key sam-event -');
  });
  test('ANY and $default routes get DefaultAuthorizer', () => {
    expect(summary(route(m, 'Api', 'ANY', '/{proxy+}'))).toBe('authorizer Jwt no-key sam-default -');
    expect(summary(route(m, 'Api', 'ANY', '$default'))).toBe('authorizer Jwt no-key sam-default -');
  });
  test('body operations get DefaultAuthorizer except options', () => {
    // translator: /a get [{Jwt}], /a options (no security)
    expect(summary(route(m, 'BodyApi', 'GET', '/a'))).toBe('authorizer Jwt no-key sam-default -');
    expect(summary(route(m, 'BodyApi', 'OPTIONS', '/a'))).toBe('none - no-key - -');
  });
});

describe('raw CloudFormation and unread bodies', () => {
  const m = model(`
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      BodyS3Location: { Bucket: b, Key: k }
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: OPTIONS
      AuthorizationType: AWS_IAM
      ApiKeyRequired: true
      Integration:
        Type: MOCK
        IntegrationResponses:
          - StatusCode: '200'
            ResponseParameters: !If [C, { a: b }, !Ref AWS::NoValue]
      MethodResponses:
        - StatusCode: '200'
          ResponseParameters: !Ref Params
  Http:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      ProtocolType: HTTP
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Http
      RouteKey: ANY /{proxy+}
      AuthorizationType: !Ref AuthType
`);
  test('a method records what decided its authorization and its API key', () => {
    expect(summary(route(m, 'Api', 'OPTIONS', '/'))).toBe('iam - key cfn cfn');
  });
  test('an API whose body is on S3 is marked as not fully known', () => {
    expect(m.apis.find((a) => a.id === 'Api')?.bodyUnknown).toBe(true);
    expect(m.apis.find((a) => a.id === 'Http')?.bodyUnknown).toBeUndefined();
  });
  test('a response header map written as an intrinsic is opaque', () => {
    const r = route(m, 'Api', 'OPTIONS', '/');
    expect(r.methodResponses[0]?.opaque).toBe(true);
    expect(r.integration.responses[0]?.opaque).toBeUndefined();
  });
  test('an HTTP route whose AuthorizationType is not known has unknown authorization', () => {
    expect(route(m, 'Http', 'ANY', '/{proxy+}').auth.kind).toBe('unknown');
  });
});

describe('resources with a Condition the model cannot decide', () => {
  const m = model(`
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      Cors: "'https://app.example.com'"
  Fn:
    Type: AWS::Serverless::Function
    Condition: IsProd
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src
      Events:
        Put:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: /items, Method: put }
  Method:
    Type: AWS::ApiGateway::Method
    Condition: IsProd
    Properties:
      RestApiId: !Ref Raw
      ResourceId: !GetAtt Raw.RootResourceId
      HttpMethod: DELETE
      AuthorizationType: AWS_IAM
  Raw:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: raw
`);
  test('their properties are read, and their routes hold under the condition', () => {
    const put = route(m, 'Api', 'PUT', '/items');
    expect(put.when).toEqual([{ name: 'IsProd', value: true }]);
    expect(route(m, 'Api', 'OPTIONS', '/items').origin).toBe('sam-cors');
    expect(route(m, 'Raw', 'DELETE', '/').auth.kind).toBe('iam');
  });
});
