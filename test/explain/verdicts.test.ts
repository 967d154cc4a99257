/**
 * explain's verdicts where the template settles them without a response to read: an origin no header of an HTTP
 * API's configuration admits is blocked on API Gateway's own errors too, and a template the service refuses fails
 * deployment instead of being simulated as deployed.
 */
import { chooseApi, explainMatrix, explainRequest, formatExplanation, type ExplainRequest } from '../../src/explain/index.js';
import type { CorsModel } from '../../src/model/types.js';
import { modelOfText } from './helpers.js';

const where = (loc: { path: readonly (string | number)[] }): string => loc.path.join('.');

function ask(model: CorsModel, request: Partial<ExplainRequest> & { method: string; path: string; origin: string }) {
  const full: ExplainRequest = { headers: [], credentials: 'same-origin', ...request };
  return explainRequest(model, chooseApi(model, undefined, full), full);
}

const httpApi = (cors: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
${cors}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: src/
      Events:
        Get: { Type: HttpApi, Properties: { ApiId: !Ref Api, Path: /items, Method: get } }
`;

describe("API Gateway's own errors on an HTTP API", () => {
  const model = modelOfText(httpApi('        AllowOrigins: [https://app.example.com]\n        AllowMethods: [GET]'));

  test('an origin AllowOrigins does not admit is blocked on the 404 too: no header the configuration has can admit it', () => {
    const e = ask(model, { origin: 'https://other.example.com', method: 'GET', path: '/nothing' });
    expect(e.simulation.outcome).toBe('blocked');
    expect(e.simulation.result.error?.name).toBe('MissingAllowOriginHeader');
    expect(e.simulation.actual?.story.join(' ')).toMatch(/https:\/\/other\.example\.com is not in AllowOrigins, so whether or not this 404 carries the CORS configuration's headers, none admits it/);
  });

  test('an origin it admits cannot be told: whether the 404 carries the headers is not documented', () => {
    expect(ask(model, { origin: 'https://app.example.com', method: 'GET', path: '/nothing' }).simulation.outcome).toBe('unknown');
  });
});

describe('a template the service refuses fails deployment', () => {
  test('an HTTP API with credentials and the origin *: API Gateway refuses it, whatever the simulation says', () => {
    const model = modelOfText(httpApi("        AllowOrigins: ['*', 'https://app.example.com']\n        AllowCredentials: true\n        AllowMethods: [GET]"));
    const e = ask(model, { origin: 'https://app.example.com', method: 'GET', path: '/items' });
    expect(e.refusal).toMatchObject({ by: 'api-gateway', reason: "API Gateway refuses a CORS configuration that allows credentials with the origin '*'" });
    expect(e.fixes).toEqual([]);
    const text = formatExplanation(e, where);
    expect(text).toMatch(/^Verdict {3}FAILS DEPLOYMENT — API Gateway refuses a CORS configuration that allows credentials with the origin '\*'/m);
    expect(text).not.toMatch(/^Verdict {3}ALLOWED/m);
    expect(explainMatrix(model).apis[0]!.refusal?.by).toBe('api-gateway');
  });

  test("a SAM REST Cors with AllowCredentials and the origin \"'*'\": SAM refuses the template", () => {
    const model = modelOfText(`Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors:
        AllowOrigin: "'*'"
        AllowCredentials: true
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: src/
      Events:
        Get: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /items, Method: get } }
`);
    expect(ask(model, { origin: 'https://app.example.com', method: 'GET', path: '/items' }).refusal?.by).toBe('sam');
  });

  test('a REST mapping value without its inner quotes: API Gateway refuses the deployment', () => {
    const model = modelOfText(`Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        swagger: '2.0'
        info: { title: t, version: '1' }
        paths:
          /items:
            get:
              x-amazon-apigateway-integration:
                type: mock
                responses:
                  default:
                    statusCode: '200'
                    responseParameters:
                      method.response.header.Access-Control-Allow-Origin: https://app.example.com
`);
    const e = ask(model, { origin: 'https://app.example.com', method: 'GET', path: '/items' });
    expect(e.refusal?.by).toBe('api-gateway');
    expect(e.refusal?.reason).toMatch(/'https:\/\/app\.example\.com', a literal without its inner single quotes/);
  });

  test('credentials and * under a condition are left to the rules, which name the condition', () => {
    const model = modelOfText(httpApi("        AllowOrigins: [!If [Dev, '*', 'https://app.example.com']]\n        AllowCredentials: true").replace('Resources:', "Parameters:\n  Stage: { Type: String }\nConditions:\n  Dev: !Equals [!Ref Stage, dev]\nResources:"));
    expect(ask(model, { origin: 'https://app.example.com', method: 'GET', path: '/items' }).refusal).toBeUndefined();
  });
});
