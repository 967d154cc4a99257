/**
 * The simulator under one combination of template conditions: a setting written under `Fn::If` differs per
 * branch, which the simulator leaves unknown until it is told which branch to judge.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Api, Route } from '../../src/model/types.js';
import { assume } from '../../src/simulate/conditions.js';
import { policyAdmits, preflightOutcome } from '../../src/simulate/outcome.js';
import { modelOfText } from '../explain/helpers.js';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const JWT = 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln';

/** fixtures/auth-header-not-allowed/invalid/conditional.yaml: AllowHeaders 'Content-Type' when IsProd, 'Content-Type,Authorization' otherwise. */
function conditional(): { api: Api; get: Route } {
  const model = modelOfText(readFileSync(join(FIXTURES, 'auth-header-not-allowed', 'invalid', 'conditional.yaml'), 'utf8'));
  const api = model.apis.find((a) => a.id === 'Api')!;
  return { api, get: api.routes.find((r) => r.method === 'GET' && r.path === '/cart')! };
}

const PROD = [{ name: 'IsProd', value: true }];
const DEV = [{ name: 'IsProd', value: false }];

test('without a combination, differing branches leave the answer unknown', () => {
  const { api, get } = conditional();
  const r = preflightOutcome(api, get, 'https://shop.example.com', { headers: [['Authorization', JWT]] });
  expect(r.outcome).toBe('unknown');
});

test('under one combination, each branch gets its own verdict', () => {
  const { api, get } = conditional();
  const prod = preflightOutcome(api, get, 'https://shop.example.com', { headers: [['Authorization', JWT]], conditions: PROD });
  expect(prod.outcome).toBe('blocked');
  expect(prod.error?.name).toBe('HeaderDisallowedByPreflightResponse');
  expect(prod.error?.parameter).toBe('authorization');
  const dev = preflightOutcome(api, get, 'https://shop.example.com', { headers: [['Authorization', JWT]], conditions: DEV });
  expect(dev.outcome).toBe('allowed');
});

test("the rules' question: what the policy's preflight answer admits, per branch", () => {
  const { api, get } = conditional();
  const ask = (conditions: typeof PROD) => policyAdmits(api, api.cors!, get.path, { method: 'GET', headers: ['Authorization'], credentialed: false, conditions });
  expect(ask(PROD)?.headers.get('authorization')).toMatchObject({ result: 'blocked' });
  expect(ask(DEV)?.headers.get('authorization')).toEqual({ result: 'allowed', by: 'listed' });
  expect(ask([])?.headers.get('authorization')).toMatchObject({ result: 'unknown', reason: expect.stringContaining('IsProd') });
});

test('the projection drops what cannot hold, settles what it assumes, and is built once', () => {
  const { api } = conditional();
  const prod = assume(api, PROD);
  expect(prod.api.cors!.headers.map((v) => [v.known && v.value, v.when])).toEqual([['Content-Type', []]]);
  expect(assume(api, [...PROD]).api).toBe(prod.api);
  expect(assume(api, DEV).api.cors!.headers.map((v) => v.known && v.value)).toEqual(['Content-Type,Authorization']);
  expect(assume(api).api).toBe(api);
  // The original model is left as it is.
  expect(api.cors!.headers).toHaveLength(2);
});

test('a route that exists only under a contradicting condition is gone', () => {
  const text = `
Parameters:
  Stage: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: api
      ProtocolType: HTTP
      CorsConfiguration: {AllowOrigins: [https://app.example.com], AllowMethods: [GET]}
  Admin:
    Type: AWS::ApiGatewayV2::Route
    Condition: IsProd
    Properties: {ApiId: !Ref Api, RouteKey: DELETE /admin}
`;
  const api = modelOfText(text).apis[0]!;
  const route = api.routes.find((r) => r.method === 'DELETE')!;
  expect(route.when).toEqual(PROD);
  expect(assume(api, DEV).route(route)).toBeUndefined();
  expect(assume(api, PROD).route(route)?.when).toEqual([]);
});
