/**
 * events-on-implicit-api: an event SAM puts on the implicit API (no RestApiId/ApiId) while the template's own API of
 * that kind has CORS. Reported at the event only where API Gateway itself refuses the route's preflight (the
 * simulator's `no-route` answer); quiet where the implicit API has CORS, where a route could answer the preflight,
 * where the API with CORS serves the same request, or where its document is not known.
 */
import { lintText } from '../../src/index.js';
import type { LintMessage } from '../../src/types.js';

const RULE = 'events-on-implicit-api';

function findings(yaml: string): LintMessage[] {
  const run = lintText(yaml, 'template.yaml', { cwd: '/' });
  const all = run.results.flatMap((r) => r.messages);
  expect(all.filter((m) => m.fatal)).toEqual([]);
  return all.filter((m) => m.ruleId === RULE);
}

const at = (found: LintMessage[]): string[] => found.map((m) => `${m.line}:${m.column} ${m.severity}`);

const API = `Transform: AWS::Serverless-2016-10-31
Resources:
  OrdersApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: { AllowOrigin: "'https://shop.example.com'", AllowHeaders: "'Content-Type'" }
`;

const fn = (events: string): string => `  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: s3://bucket/code.zip
      Events:
${events}`;

test('the message names the event, the implicit API, the API with CORS, what API Gateway answers and the fix', () => {
  const found = findings(API + fn('        Create: { Type: Api, Properties: { Path: /orders, Method: post } }\n'));
  expect(at(found)).toEqual(['15:9 1']);
  expect(found[0]!.message).toBe(
    "Event 'Create' of 'Orders' (POST /orders) names no RestApiId, so SAM puts it on the implicit API 'ServerlessRestApi', which has no CORS, while REST API 'OrdersApi' has Cors: " +
      "the browser's preflight for POST /orders gets API Gateway's 403 (the implicit API has no OPTIONS method there) and the request fails; add RestApiId: !Ref OrdersApi.",
  );
});

test('a request that needs no preflight, an OPTIONS or ANY route on the implicit API, and a request the API with CORS serves are not reported', () => {
  const found = findings(
    API.replace(
      '      Cors:',
      `      DefinitionBody:
        swagger: '2.0'
        paths:
          /items:
            post:
              x-amazon-apigateway-integration: { type: mock }
      Cors:`,
    ) +
      fn(`        Read: { Type: Api, Properties: { Path: /orders, Method: get } }
        Put: { Type: Api, Properties: { Path: /carts, Method: put } }
        Preflight: { Type: Api, Properties: { Path: /carts, Method: options } }
        Any: { Type: Api, Properties: { Path: /wishes, Method: any } }
        Items: { Type: Api, Properties: { Path: /items, Method: post } }
        Control: { Type: Api, Properties: { Path: /control, Method: post } }
`),
  );
  // Only the control event, which has none of those reasons.
  expect(found.map((m) => m.message.slice(0, 25))).toEqual(["Event 'Control' of 'Order"]);
});

test('Globals CORS reaches the implicit API; an unreadable document of the API with CORS keeps the rule quiet', () => {
  const globals = findings(
    API.replace('Resources:', 'Globals:\n  Api:\n    Cors: "\'https://shop.example.com\'"\nResources:') +
      fn('        Create: { Type: Api, Properties: { Path: /orders, Method: post } }\n'),
  );
  expect(globals).toEqual([]);
  const unknownBody = findings(
    API.replace('      Cors:', '      DefinitionBody: { Fn::Transform: { Name: AWS::Include, Parameters: { Location: s3://bucket/openapi.yaml } } }\n      Cors:') +
      fn('        Create: { Type: Api, Properties: { Path: /orders, Method: post } }\n'),
  );
  expect(unknownBody).toEqual([]);
});

test('an HTTP event with an authorizer from Globals: the 404, ApiId, and several APIs with CORS named', () => {
  const found = findings(`Transform: AWS::Serverless-2016-10-31
Globals:
  HttpApi:
    Auth:
      DefaultAuthorizer: Users
      Authorizers:
        Users: { IdentitySource: $request.header.Authorization, JwtConfiguration: { issuer: https://i.example.com, audience: [a] } }
Resources:
  A:
    Type: AWS::Serverless::HttpApi
    Properties: { CorsConfiguration: { AllowOrigins: [https://a.example.com] } }
  B:
    Type: AWS::Serverless::HttpApi
    Properties: { CorsConfiguration: { AllowOrigins: [https://b.example.com] } }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: s3://bucket/code.zip
      Events:
        Get: { Type: HttpApi, Properties: { Path: /me, Method: get } }
`);
  expect(at(found)).toEqual(['22:9 1']);
  expect(found[0]!.message).toMatch(
    /names no ApiId, so SAM puts it on the implicit API 'ServerlessHttpApi', which has no CORS, while HTTP API 'A' has CorsConfiguration and HTTP API 'B' has CorsConfiguration: .* gets API Gateway's 404 .*; name one of them in ApiId\.$/,
  );
});
