import { chooseApi, explainMatrix, explainRequest, type ExplainRequest } from '../../src/explain/index.js';
import { preflightOutcome } from '../../src/simulate/index.js';
import { isUnknown } from '../../src/simulate/types.js';
import type { HandlerAnswers } from '../../src/model/handlers.js';
import type { CorsModel } from '../../src/model/types.js';
import { handlerAnswers, modelOf, modelOfText } from './helpers.js';

const APP = 'https://app.example.com';
const JWT = 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln';

function ask(model: CorsModel, request: Partial<ExplainRequest> & { method: string; path: string }, apiId?: string, handlers?: HandlerAnswers) {
  const full: ExplainRequest = { origin: APP, headers: [], credentials: 'same-origin', ...request };
  return explainRequest(model, chooseApi(model, apiId, full), full, handlers);
}

function header(response: { headers: Array<{ name: string; value: unknown }> } | undefined, name: string): unknown {
  return response?.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

describe('SAM REST API with the default authorizer on the preflight', () => {
  const request = { method: 'PUT', path: '/cart/42', headers: [['Authorization', JWT], ['Content-Type', 'application/json']] as Array<[string, string]> };

  test('the authorizer answers the preflight 401 without CORS headers, and Chromium names the missing header', () => {
    const e = ask(modelOf('sam-rest-authorizer-on-preflight.yaml'), request);
    expect(e.simulation.outcome).toBe('blocked');
    expect(e.simulation.result.error?.name).toBe('PreflightMissingAllowOriginHeader');
    expect(e.simulation.result.errorCertain).toBe(true);
    expect(e.simulation.result.actual.sent).toBe(false);
    const pf = e.simulation.preflight!;
    expect(pf.kind).toBe('rejected');
    expect(pf.rejectedBy?.what).toBe('authorizer');
    expect(pf.route?.origin).toBe('sam-cors');
    expect(pf.gatewayResponse?.type).toBe('UNAUTHORIZED');
    expect(e.simulation.result.preflight.response?.status).toBe(401);
    expect(e.simulation.result.preflight.request?.headers).toEqual([
      ['accept', '*/*'],
      ['access-control-request-method', 'PUT'],
      ['access-control-request-headers', 'authorization,content-type'],
      ['origin', APP],
    ]);
  });

  test('the fix turns the authorizer off the generated OPTIONS; the outcome then depends on the unanalysed handler', () => {
    const e = ask(modelOf('sam-rest-authorizer-on-preflight.yaml'), request);
    expect(e.fixes).toHaveLength(1);
    expect(e.fixes[0]!.snippet).toBe('Auth:\n  AddDefaultAuthorizerToCorsPreflight: false');
    expect(e.afterFixes?.outcome).toBe('unknown');
    expect(e.afterFixes?.unknownReason).toMatch(/CartFunction.* is not analysed/);
  });

  test('with the handler analysed, the fixed request is allowed', () => {
    const model = modelOf('sam-rest-authorizer-on-preflight.yaml');
    const handlers = handlerAnswers([{ loc: model.apis[0]!.loc, statusCode: 200, headers: { 'access-control-allow-origin': APP } }]);
    const e = ask(model, request, undefined, handlers);
    expect(e.afterFixes?.outcome).toBe('allowed');
  });

  test('a GET without the Authorization header is not preflighted, and the 401 reaches the page without CORS headers', () => {
    const e = ask(modelOf('sam-rest-authorizer-on-preflight.yaml'), { method: 'GET', path: '/cart' });
    expect(e.simulation.result.preflight.needed).toBe(false);
    expect(e.simulation.actual?.kind).toBe('rejected');
    expect(e.simulation.result.error?.name).toBe('MissingAllowOriginHeader');
    expect(e.fixes[0]!.snippet).toContain('DEFAULT_4XX');
    expect(e.fixes[0]!.snippet).toContain(`Access-Control-Allow-Origin: "'${APP}'"`);
    expect(e.afterFixes?.outcome).toBe('allowed');
  });
});

describe('SAM REST API with the preflight kept open', () => {
  test('the generated MOCK OPTIONS answers 200 with the Cors headers', () => {
    const e = ask(modelOf('sam-rest-open-preflight.yaml'), { method: 'PUT', path: '/cart/42', headers: [['Authorization', JWT], ['Content-Type', 'application/json']] });
    const pf = e.simulation.result.preflight.response!;
    expect(e.simulation.preflight?.kind).toBe('options-mock');
    expect(pf.status).toBe(200);
    expect(header(pf, 'Access-Control-Allow-Origin')).toBe(APP);
    expect(header(pf, 'Access-Control-Allow-Methods')).toBe('GET,PUT,OPTIONS');
    expect(header(pf, 'Access-Control-Allow-Headers')).toBe('Content-Type,Authorization');
    expect(header(pf, 'Access-Control-Max-Age')).toBe('600');
    expect(e.simulation.result.preflight.cacheSeconds).toBe(600);
    expect(e.simulation.outcome).toBe('unknown');
    expect(e.simulation.result.actual.sent).toBe(true);
  });

  test('a handler that forgets the header is blocked after a good preflight, and the fix is in its code', () => {
    const model = modelOf('sam-rest-open-preflight.yaml');
    const handlers = handlerAnswers([{ loc: model.apis[0]!.loc, statusCode: 200, headers: { 'content-type': 'application/json' } }]);
    const e = ask(model, { method: 'PUT', path: '/cart/42', headers: [['Authorization', JWT], ['Content-Type', 'application/json']] }, undefined, handlers);
    expect(e.simulation.outcome).toBe('blocked');
    expect(e.simulation.result.error?.name).toBe('MissingAllowOriginHeader');
    expect(e.simulation.result.actual.sent).toBe(true);
    expect(e.fixes[0]!.inCode).toBe(true);
    expect(e.fixes[0]!.snippet).toContain(`'Access-Control-Allow-Origin': '${APP}'`);
    expect(e.afterFixes?.outcome).toBe('allowed');
  });

  test('one return path without the header blocks the request, and the story names it', () => {
    const model = modelOf('sam-rest-open-preflight.yaml');
    const loc = model.apis[0]!.loc;
    const handlers = handlerAnswers([
      { loc, statusCode: 200, headers: { 'access-control-allow-origin': APP } },
      { loc, statusCode: 500, headers: {} },
    ]);
    const e = ask(model, { method: 'GET', path: '/cart', headers: [['Authorization', JWT]] }, undefined, handlers);
    expect(e.simulation.paths?.map((p) => p.outcome)).toEqual(['allowed', 'blocked']);
    expect(e.simulation.outcome).toBe('blocked');
  });

  test("a GET without a token gets the authorizer's 401 with the gateway response's CORS header: the page reads 401", () => {
    const e = ask(modelOf('sam-rest-open-preflight.yaml'), { method: 'GET', path: '/cart' });
    expect(e.simulation.actual?.gatewayResponse?.configured?.type).toBe('DEFAULT_4XX');
    expect(e.simulation.outcome).toBe('allowed');
    expect(e.simulation.result.status).toBe(401);
  });

  test('a method the Cors does not allow is named by Chromium, and the fix adds it', () => {
    const e = ask(modelOf('sam-rest-open-preflight.yaml'), { method: 'DELETE', path: '/cart/42', headers: [['Authorization', JWT]] });
    expect(e.simulation.result.error?.name).toBe('MethodDisallowedByPreflightResponse');
    expect(e.simulation.result.error?.parameter).toBe('DELETE');
    expect(e.fixes[0]!.snippet).toContain(`AllowMethods: "'GET,PUT,OPTIONS,DELETE'"`);
    // With DELETE allowed the browser sends it, but no DELETE method exists: API Gateway answers 403, which the
    // DEFAULT_4XX gateway response makes readable.
    expect(e.afterFixes?.outcome).toBe('allowed');
  });
});

describe('HTTP API', () => {
  test('a $default route with a JWT authorizer swallows the preflight: blocked, error name uncertain', () => {
    const e = ask(modelOf('http-api-default-route.yaml'), { method: 'PUT', path: '/me', headers: [['Authorization', JWT], ['Content-Type', 'application/json']] });
    expect(e.simulation.preflight?.route?.path).toBe('$default');
    expect(e.simulation.outcome).toBe('blocked');
    expect(e.simulation.result.error?.name).toBe('PreflightInvalidStatus');
    expect(e.simulation.result.errorCertain).toBe(false);
    expect(e.fixes[0]!.snippet).toContain('Path: /{proxy+}\n      Method: options\n      Auth:\n        Authorizer: NONE');
    expect(e.afterFixes?.outcome).toBe('unknown');
  });

  test('with a CORS configuration and no OPTIONS route, API Gateway answers the preflight and overrides the headers', () => {
    const e = ask(modelOf('http-api-cors.yaml'), { method: 'PUT', path: '/products/7', headers: [['Content-Type', 'application/json']], credentials: 'include' });
    expect(e.simulation.preflight?.kind).toBe('http-automatic-preflight');
    const pf = e.simulation.result.preflight.response!;
    expect(header(pf, 'access-control-allow-origin')).toBe(APP);
    expect(header(pf, 'access-control-allow-credentials')).toBe('true');
    expect(header(pf, 'access-control-allow-methods')).toBe('GET,PUT');
    expect(e.simulation.outcome).toBe('allowed');
    expect(isUnknown(e.simulation.result.status)).toBe(true);
    expect(e.simulation.result.readable?.('x-total-count')).toBe(true);
  });

  test('an origin the configuration does not list gets no CORS headers; the fix adds it', () => {
    const e = ask(modelOf('http-api-cors.yaml'), { origin: 'https://admin.example.com', method: 'PUT', path: '/products/7', headers: [['Content-Type', 'application/json']] });
    expect(e.simulation.result.error?.name).toBe('PreflightMissingAllowOriginHeader');
    expect(e.fixes[0]!.snippet).toContain('    - https://admin.example.com');
    expect(e.afterFixes?.outcome).toBe('allowed');
  });

  test('a header the configuration does not allow', () => {
    const e = ask(modelOf('http-api-cors.yaml'), { method: 'GET', path: '/products', headers: [['X-Trace-Id', 'abc']] });
    expect(e.simulation.result.error?.name).toBe('HeaderDisallowedByPreflightResponse');
    expect(e.simulation.result.error?.parameter).toBe('x-trace-id');
    expect(e.fixes[0]!.title).toContain('add X-Trace-Id to AllowHeaders');
    expect(e.afterFixes?.outcome).toBe('allowed');
  });
});

describe('raw CloudFormation REST API with MOCK methods', () => {
  test('a simple GET reads the MOCK response', () => {
    const e = ask(modelOf('cfn-rest-mock.yaml'), { method: 'GET', path: '/health' });
    expect(e.simulation.outcome).toBe('allowed');
    expect(e.simulation.result.status).toBe(200);
  });

  test("credentials rule out '*': the fix maps the origin and Access-Control-Allow-Credentials", () => {
    const e = ask(modelOf('cfn-rest-mock.yaml'), { method: 'GET', path: '/health', credentials: 'include' });
    expect(e.simulation.result.error?.name).toBe('WildcardOriginNotAllowed');
    expect(e.fixes[0]!.snippet).toContain(`method.response.header.Access-Control-Allow-Origin: "'${APP}'"`);
    expect(e.fixes[0]!.snippet).toContain(`method.response.header.Access-Control-Allow-Credentials: "'true'"`);
    expect(e.afterFixes?.outcome).toBe('allowed');
  });

  test('a custom header fails the OPTIONS method, and the fix extends its mapping', () => {
    const e = ask(modelOf('cfn-rest-mock.yaml'), { method: 'GET', path: '/health', headers: [['X-Probe', '1']] });
    expect(e.simulation.result.error?.name).toBe('HeaderDisallowedByPreflightResponse');
    expect(e.fixes[0]!.snippet).toBe(`ResponseParameters:\n  method.response.header.Access-Control-Allow-Headers: "'Content-Type,X-Probe'"`);
    expect(e.afterFixes?.outcome).toBe('allowed');
  });

  test('a method the resource does not have: after the preflight fix API Gateway answers 403, and no change is known', () => {
    const e = ask(modelOf('cfn-rest-mock.yaml'), { method: 'PUT', path: '/health' });
    expect(e.simulation.result.error?.name).toBe('MethodDisallowedByPreflightResponse');
    expect(e.afterFixes?.outcome).toBe('blocked');
    expect(e.afterFixes?.error?.name).toBe('MissingAllowOriginHeader');
  });

  test('a path with no resource', () => {
    const e = ask(modelOf('cfn-rest-mock.yaml'), { method: 'GET', path: '/nothing' });
    expect(e.simulation.actual?.kind).toBe('no-route');
    expect(e.simulation.result.error?.name).toBe('MissingAllowOriginHeader');
    expect(e.fixes).toEqual([]);
  });
});

describe('values the template does not settle', () => {
  test('an origin chosen by a condition makes the preflight unknown, not a guess', () => {
    const model = modelOfText(`
Conditions:
  IsProd: !Equals [!Ref AWS::AccountId, '123456789012']
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors:
        AllowOrigin: !If [IsProd, "'https://app.example.com'", "'http://localhost:3000'"]
        AllowHeaders: "'Content-Type'"
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: "exports.handler = async () => ({ statusCode: 200 })"
      Events:
        Put:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: /x, Method: put }
`);
    const e = ask(model, { method: 'PUT', path: '/x' });
    expect(e.simulation.outcome).toBe('unknown');
    expect(e.simulation.result.unknownReason).toMatch(/IsProd/);
    expect(e.fixes).toEqual([]);
  });

  test('a gateway response that reflects the Origin header answers with the request origin', () => {
    const model = modelOfText(`
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: Az
        Authorizers:
          Az: { UserPoolArn: arn:aws:cognito-idp:eu-west-1:1:userpool/x }
      GatewayResponses:
        UNAUTHORIZED:
          ResponseParameters:
            Headers:
              Access-Control-Allow-Origin: method.request.header.Origin
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: "x"
      Events:
        Get:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: /x, Method: get }
`);
    const e = ask(model, { method: 'GET', path: '/x' });
    expect(header(e.simulation.result.actual.response, 'Access-Control-Allow-Origin')).toBe(APP);
    expect(e.simulation.outcome).toBe('allowed');
    expect(e.simulation.result.status).toBe(401);
  });
});

describe('choosing the API', () => {
  const two = modelOfText(`
Resources:
  A:
    Type: AWS::Serverless::HttpApi
  B:
    Type: AWS::Serverless::HttpApi
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: "x"
      Events:
        One: { Type: HttpApi, Properties: { ApiId: !Ref A, Path: /a, Method: get } }
        Two: { Type: HttpApi, Properties: { ApiId: !Ref B, Path: /b, Method: get } }
`);
  test('the only API with a route for the path', () => {
    expect(chooseApi(two, undefined, { method: 'GET', path: '/b' }).id).toBe('B');
  });
  test('several candidates need --api', () => {
    expect(() => chooseApi(two, undefined, { method: 'GET', path: '/c' })).toThrow(/choose one with --api/);
    expect(() => chooseApi(two, 'C')).toThrow(/no REST or HTTP API or function URL of that name/);
  });
});

describe('the route matrix', () => {
  test('every route of an API whose preflight hits the authorizer stands out', () => {
    const matrix = explainMatrix(modelOf('sam-rest-authorizer-on-preflight.yaml'));
    expect(matrix.apis[0]!.origins.map((o) => o.origin)).toEqual([APP]);
    expect(matrix.rows.map((r) => `${r.method} ${r.route.path}`)).toEqual(['GET /cart', 'PUT /cart/{item}']);
    expect(matrix.rows.every((r) => r.preflightFailsEverywhere)).toBe(true);
    expect(matrix.rows[0]!.headers.map(([n]) => n)).toEqual(['Authorization']);
  });

  test('with the preflight open no row stands out', () => {
    const matrix = explainMatrix(modelOf('sam-rest-open-preflight.yaml'));
    expect(matrix.rows.some((r) => r.preflightFailsEverywhere)).toBe(false);
    expect(matrix.rows.flatMap((r) => r.cells.map((c) => c.outcome))).toEqual(['unknown', 'unknown']);
  });

  test('an extra origin is tried next to the allowed ones', () => {
    const matrix = explainMatrix(modelOf('http-api-cors.yaml'), { origins: ['https://evil.example'] });
    const put = matrix.rows.find((r) => r.method === 'PUT')!;
    expect(put.cells.map((c) => [c.origin, c.outcome])).toEqual([
      [APP, 'allowed'],
      ['https://evil.example', 'blocked'],
    ]);
    expect(put.preflightFailsEverywhere).toBe(false);
  });
});

describe('asking the evaluator from a rule', () => {
  test("a route's own request against its preflight", () => {
    const blocked = modelOf('sam-rest-authorizer-on-preflight.yaml');
    const api = blocked.apis[0]!;
    const put = api.routes.find((r) => r.method === 'PUT')!;
    expect(preflightOutcome(api, put, APP)).toMatchObject({ outcome: 'blocked', error: { name: 'PreflightMissingAllowOriginHeader' } });

    const open = modelOf('sam-rest-open-preflight.yaml');
    const openApi = open.apis[0]!;
    expect(preflightOutcome(openApi, openApi.routes.find((r) => r.method === 'PUT')!, APP).outcome).toBe('allowed');
    expect(preflightOutcome(openApi, openApi.routes.find((r) => r.method === 'PUT')!, 'https://other.example').outcome).toBe('blocked');

    const any = modelOfText(`
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: x
      Events:
        Proxy: { Type: Api, Properties: { Path: '/{proxy+}', Method: any } }
`);
    const proxyApi = any.apis[0]!;
    expect(preflightOutcome(proxyApi, proxyApi.routes[0]!, APP, { method: 'PUT' }).outcome).toBe('unknown');
  });
});
