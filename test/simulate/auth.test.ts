/**
 * The checks API Gateway makes before a route's integration runs, as rules ask them: which reject a preflight
 * (it carries no credentials), and which leave the answer to a Lambda authorizer at run time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Api, CorsModel } from '../../src/model/types.js';
import { authChecks, preflightRejections } from '../../src/simulate/auth.js';
import { modelOfText } from '../explain/helpers.js';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const fixture = (...path: string[]): string => readFileSync(join(FIXTURES, ...path), 'utf8');

function api(model: CorsModel, id: string): Api {
  const found = model.apis.find((a) => a.id === id);
  if (!found) throw new Error(`no API ${id}`);
  return found;
}

function route(a: Api, method: string, path: string) {
  const found = a.routes.find((r) => r.method === method && r.path === path);
  if (!found) throw new Error(`no route ${method} ${path} in ${a.id}`);
  return found;
}

const REST = `
Transform: AWS::Serverless-2016-10-31
Parameters:
  PoolArn: {Type: String}
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: "'https://app.example.com'"
      Auth:
        DefaultAuthorizer: Pool
        ApiKeyRequired: true
        Authorizers:
          Pool: {UserPoolArn: !Ref PoolArn}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: "exports.handler = async () => ({statusCode: 200});"
      Events:
        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /items, Method: get}}
        Signed: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /signed, Method: get, Auth: {Authorizer: AWS_IAM, ApiKeyRequired: false}}}
`;

test('an authorizer, then an API key, each with the headers API Gateway needs', () => {
  const a = api(modelOfText(REST), 'Api');
  expect(authChecks(a, route(a, 'GET', '/items'))?.map((c) => [c.what, c.headers])).toEqual([
    ['authorizer', ['Authorization']],
    ['api-key', ['x-api-key']],
  ]);
  expect(authChecks(a, route(a, 'GET', '/signed'))?.map((c) => [c.what, c.headers])).toEqual([['iam', ['authorization', 'x-amz-date']]]);
});

test("SAM's generated OPTIONS inherits both, and a preflight meets both: each rejects it", () => {
  const a = api(modelOfText(REST), 'Api');
  expect(preflightRejections(a, route(a, 'OPTIONS', '/items')).map((c) => [c.what, c.missing])).toEqual([
    ['authorizer', 'Authorization'],
    ['api-key', 'x-api-key'],
  ]);
});

test('a Lambda authorizer that reads no header decides at run time: it does not reject a preflight for certain', () => {
  const a = api(modelOfText(fixture('preflight-authorizer', 'valid', 'cfn-run-time-authorizer.yaml')), 'Api');
  for (const path of ['/files', '/reports']) {
    const options = route(a, 'OPTIONS', path);
    expect(authChecks(a, options)).toEqual([expect.objectContaining({ what: 'authorizer', headers: [] })]);
    expect(preflightRejections(a, options)).toEqual([]);
  }
});

test('an HTTP API has no API keys: an api_key security requirement rejects nothing', () => {
  const a = api(modelOfText(fixture('preflight-authorizer', 'valid', 'http-api-key-security.yaml')), 'Api');
  const options = route(a, 'OPTIONS', '/items');
  expect(options.auth.apiKeyRequired).toBe(true);
  expect(authChecks(a, options)).toEqual([]);
  expect(preflightRejections(a, options)).toEqual([]);
});

test('authorization the template does not settle: no checks are known', () => {
  const text = REST.replace('DefaultAuthorizer: Pool', 'DefaultAuthorizer: !If [IsProd, Pool, NONE]').replace('Parameters:', 'Conditions:\n  IsProd: !Equals [!Ref PoolArn, prod]\nParameters:');
  const a = api(modelOfText(text), 'Api');
  expect(authChecks(a, route(a, 'GET', '/items'))).toBeUndefined();
  expect(preflightRejections(a, route(a, 'GET', '/items'))).toEqual([]);
});
