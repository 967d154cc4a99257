/**
 * What the rules ask the simulator about allow-lists: what a policy's preflight answer admits, as API Gateway
 * answers and Chromium reads the answer (cors-reference §1.11: recorded scenarios 12, 13, 14, 21).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { explainMatrix } from '../../src/explain/index.js';
import type { Api } from '../../src/model/types.js';
import { admitsHeader, admitsMethod } from '../../src/simulate/browser.js';
import { answeredValues, wildcardHeadersAsWritten } from '../../src/simulate/gateway.js';
import { policyAdmits } from '../../src/simulate/outcome.js';
import { unknown } from '../../src/simulate/types.js';
import { modelOf, modelOfText } from '../explain/helpers.js';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');

function apiOf(path: string[], id: string): Api {
  return modelOfText(readFileSync(join(FIXTURES, ...path), 'utf8')).apis.find((a) => a.id === id)!;
}

describe('the browser half, one method or header at a time', () => {
  test('methods: safelisted, listed (case-sensitively), and * only without credentials (scenarios 12, 13, 21)', () => {
    expect(admitsMethod('GET', 'POST', false)).toEqual({ result: 'allowed', by: 'safelisted' });
    expect(admitsMethod('GET,PUT', 'put', false)).toEqual({ result: 'allowed', by: 'listed' });
    expect(admitsMethod('GET,put', 'PUT', false)).toMatchObject({ result: 'blocked' });
    expect(admitsMethod('patch', 'patch', false)).toEqual({ result: 'allowed', by: 'listed' });
    expect(admitsMethod('*', 'PUT', false)).toEqual({ result: 'allowed', by: 'wildcard' });
    expect(admitsMethod('*', 'PUT', true)).toMatchObject({ result: 'blocked' });
    expect(admitsMethod(null, 'DELETE', false)).toMatchObject({ result: 'blocked' });
    expect(admitsMethod('GET;PUT', 'GET', false)).toMatchObject({ result: 'blocked' });
    expect(admitsMethod(unknown('it depends'), 'PUT', false)).toMatchObject({ result: 'unknown' });
  });

  test('headers: listed in any case, * without credentials, Authorization under * with the deprecation (scenario 14)', () => {
    expect(admitsHeader('content-type, AUTHORIZATION', 'Authorization', false)).toEqual({ result: 'allowed', by: 'listed' });
    expect(admitsHeader('*', 'X-Api-Key', false)).toEqual({ result: 'allowed', by: 'wildcard' });
    expect(admitsHeader('*', 'Authorization', false)).toEqual({ result: 'allowed', by: 'wildcard', warning: 'AuthorizationCoveredByWildcard' });
    expect(admitsHeader('*', 'Authorization', true)).toMatchObject({ result: 'blocked' });
    expect(admitsHeader(null, 'Authorization', false)).toMatchObject({ result: 'blocked' });
  });
});

describe("a policy's preflight answer", () => {
  test("REST: SAM's MOCK sends AllowMethods as written, so 'put' does not let PUT through", () => {
    const api = apiOf(['route-method-not-allowed', 'invalid', 'sam-rest.yaml'], 'LowerApi');
    const ask = (method: string) => policyAdmits(api, api.cors!, '/tasks/{id}', { method, credentialed: false })?.method;
    expect(ask('PUT')).toMatchObject({ result: 'blocked', reason: "PUT is not in Access-Control-Allow-Methods 'GET,put,OPTIONS'" });
    expect(ask('GET')).toEqual({ result: 'allowed', by: 'listed' });
    expect(policyAdmits(api, api.cors!, '/nowhere', { method: 'PUT', credentialed: false })).toBeUndefined();
  });

  test('HTTP: whether API Gateway sends a lower-case method as written is not documented: unknown where it decides', () => {
    const api = modelOf('http-api-lower-case-method.yaml').apis[0]!;
    const ask = (method: string) => policyAdmits(api, api.cors!, '/items/{id}', { method, credentialed: false })?.method;
    expect(ask('PUT')).toMatchObject({ result: 'unknown', reason: expect.stringContaining("whether API Gateway sends it as written or as 'PUT' is not documented") });
    expect(ask('DELETE')).toMatchObject({ result: 'blocked' });
    expect(ask('GET')).toEqual({ result: 'allowed', by: 'listed' });
  });

  test("explain agrees: the PUT route cannot be told, the DELETE route is blocked (explain used to call PUT blocked)", () => {
    const matrix = explainMatrix(modelOf('http-api-lower-case-method.yaml'));
    expect(matrix.rows.map((r) => [r.method, r.cells[0]!.outcome, r.cells[0]!.error?.name])).toEqual([
      ['PUT', 'unknown', undefined],
      ['DELETE', 'blocked', 'MethodDisallowedByPreflightResponse'],
    ]);
  });

  test('REST sends a * in its allowed headers as written; what an HTTP API answers for it is not documented', () => {
    expect(wildcardHeadersAsWritten(apiOf(['auth-header-not-allowed', 'invalid', 'sam-wildcard.yaml'], 'PublicApi'))).toBe(true);
    expect(wildcardHeadersAsWritten(modelOf('http-api-lower-case-method.yaml').apis[0]!)).toBe(false);
  });

  test('the credentialed * is a literal name, the uncredentialed one covers Authorization with the deprecation', () => {
    const pub = apiOf(['auth-header-not-allowed', 'invalid', 'sam-wildcard.yaml'], 'PublicApi');
    const acc = apiOf(['auth-header-not-allowed', 'invalid', 'sam-wildcard.yaml'], 'AccountApi');
    const ask = (api: Api, credentialed: boolean) => policyAdmits(api, api.cors!, api.routes.find((r) => r.method !== 'OPTIONS')!.path, { method: 'GET', headers: ['Authorization'], credentialed });
    expect(ask(pub, false)?.headers.get('authorization')).toEqual({ result: 'allowed', by: 'wildcard', warning: 'AuthorizationCoveredByWildcard' });
    expect(ask(acc, true)?.headers.get('authorization')).toMatchObject({ result: 'blocked' });
  });

  test('an OPTIONS method written by hand answers with its 200 integration response, whatever its other responses map', () => {
    const api = apiOf(['auth-header-not-allowed', 'invalid', 'cfn-options-responses.yaml'], 'Api');
    const policy = api.routes.find((r) => r.method === 'OPTIONS')!.preflight!;
    expect(policy.headers.map((v) => v.known && v.value)).toEqual(['Content-Type', 'Content-Type,Authorization']);
    expect(answeredValues(api, policy, 'headers').map((v) => v.known && v.value)).toEqual(['Content-Type']);
    expect(answeredValues(api, policy, 'methods').map((v) => v.known && v.value)).toEqual(['GET,OPTIONS']);
    expect(policyAdmits(api, policy, '/items', { method: 'GET', headers: ['Authorization'], credentialed: false })?.headers.get('authorization')).toMatchObject({ result: 'blocked' });
  });
});
