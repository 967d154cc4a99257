/**
 * The browser half on cases beyond the shared scenarios. The expected error names were recorded for this project
 * in Chromium 156.0.8078.114 (headless, Debian) with the same two-origin set-up as `../shared/tools/browser-cors`;
 * they pin the order of Chromium's checks (redirect, CORS check, status, list parsing, method, headers).
 */
import { BrowserSession, simulateFetch, type FetchCall } from '../../src/simulate/browser.js';
import { normalizeMethod, parseTokenList, unsafeHeaderNames } from '../../src/simulate/grammar.js';
import { unknown, type SimResponse } from '../../src/simulate/types.js';

const PAGE = 'http://127.0.0.1:41001';
const URL_ = 'http://localhost:42002/req';

function res(status: number, headers: Record<string, string | string[]> = {}): SimResponse {
  return { status, headers: Object.entries(headers).flatMap(([name, v]) => (Array.isArray(v) ? v : [v]).map((value) => ({ name, value }))) };
}

function call(method: string, headers: Record<string, string> = {}, credentials: FetchCall['credentials'] = 'omit', body: string | null = null): FetchCall {
  return { url: URL_, method, headers: Object.entries(headers), credentials, body };
}

function run(c: FetchCall, preflight: SimResponse, actual: SimResponse = res(200, { 'Access-Control-Allow-Origin': '*' })) {
  return simulateFetch(PAGE, c, (r) => (r.method === 'OPTIONS' ? preflight : actual));
}

const recorded: Array<[string, FetchCall, SimResponse, SimResponse | undefined, string]> = [
  ['401 preflight without ACAO: the CORS check comes first', call('PUT'), res(401, { 'Content-Type': 'application/json' }), undefined, 'PreflightMissingAllowOriginHeader()'],
  ['302 preflight without ACAO: the redirect comes first', call('PUT'), res(302, { Location: `${URL_}/next` }), undefined, 'PreflightDisallowedRedirect()'],
  ['ACAO without a scheme', call('PUT'), res(204, { 'Access-Control-Allow-Origin': 'www.example.com', 'Access-Control-Allow-Methods': 'PUT' }), undefined, 'PreflightInvalidAllowOriginValue(www.example.com)'],
  ['ACAO with a wildcard subdomain', call('PUT'), res(204, { 'Access-Control-Allow-Origin': 'https://*.example.com', 'Access-Control-Allow-Methods': 'PUT' }), undefined, 'PreflightAllowOriginMismatch(https://*.example.com)'],
  ['ACAO with two space-separated origins', call('PUT'), res(204, { 'Access-Control-Allow-Origin': 'https://a.example.com https://b.example.com', 'Access-Control-Allow-Methods': 'PUT' }), undefined, 'PreflightMultipleAllowOriginValues(https://a.example.com https://b.example.com)'],
  ['403 with ACAO and no ACAM: the status comes before the method', call('PUT'), res(403, { 'Access-Control-Allow-Origin': '*' }), undefined, 'PreflightInvalidStatus()'],
  ['an unparsable ACAM', call('PUT'), res(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT;GET' }), undefined, 'InvalidAllowMethodsPreflightResponse()'],
  ['an unparsable ACAH', call('PUT', { 'X-A': '1' }), res(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'a b' }), undefined, 'InvalidAllowHeadersPreflightResponse()'],
  ['two unlisted headers: the first in sorted order is named', call('PUT', { 'X-Zed': '1', Authorization: 'b', 'Content-Type': 'application/json' }, 'omit', '{}'), res(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT' }), undefined, 'HeaderDisallowedByPreflightResponse(authorization)'],
  ['method and header both unlisted: the method is named', call('PUT', { 'X-Zed': '1' }), res(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET' }), undefined, 'MethodDisallowedByPreflightResponse(PUT)'],
  ['a credentialed preflight with the wrong origin', call('PUT', {}, 'include'), res(204, { 'Access-Control-Allow-Origin': 'https://app.example.com', 'Access-Control-Allow-Methods': 'PUT' }), undefined, 'PreflightAllowOriginMismatch(https://app.example.com)'],
  ['a credentialed preflight answered *', call('PUT', {}, 'include'), res(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Methods': 'PUT' }), undefined, 'PreflightWildcardOriginNotAllowed()'],
  ['two ACAO lines on the preflight', call('PUT'), res(204, { 'Access-Control-Allow-Origin': ['*', '*'], 'Access-Control-Allow-Methods': 'PUT' }), undefined, 'PreflightMultipleAllowOriginValues(*, *)'],
  ["ACAH * does not cover Authorization with credentials", call('GET', { Authorization: 'b' }, 'include'), res(204, { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Headers': '*' }), res(200, { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true' }), 'HeaderDisallowedByPreflightResponse(authorization)'],
  ['ACAM with spaces and empty items', call('PUT'), res(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, PUT ,POST' }), undefined, 'allowed'],
  ['500 preflight without headers', call('PUT'), res(500), undefined, 'PreflightMissingAllowOriginHeader()'],
  ['404 preflight with ACAO', call('PUT'), res(404, { 'Access-Control-Allow-Origin': '*' }), undefined, 'PreflightInvalidStatus()'],
  ['two different ACAO lines', call('GET'), res(204), res(200, { 'Access-Control-Allow-Origin': [PAGE, 'https://x.example.com'] }), `MultipleAllowOriginValues(${PAGE}, https://x.example.com)`],
  ['empty items in ACAM and ACAH', call('PUT', { 'X-A': '1' }), res(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT,,', 'Access-Control-Allow-Headers': ',x-a,' }), undefined, 'allowed'],
  ['ACAC true on a preflight does not stop ACAM * for a request without credentials', call('PUT'), res(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Methods': '*' }), undefined, 'allowed'],
  ['ACAO with trailing white space (trimmed by HTTP)', call('GET'), res(204), res(200, { 'Access-Control-Allow-Origin': `${PAGE} ` }), 'allowed'],
  ['an empty ACAO', call('GET'), res(204), res(200, { 'Access-Control-Allow-Origin': '' }), 'InvalidAllowOriginValue()'],
  ["a REST literal left quoted ('*')", call('GET'), res(204), res(200, { 'Access-Control-Allow-Origin': "'*'" }), "InvalidAllowOriginValue('*')"],
];

describe('check order and error names recorded in Chromium 156', () => {
  test.each(recorded)('%s', (_title, c, preflight, actual, expected) => {
    const r = run(c, preflight, actual);
    const got = r.outcome === 'blocked' ? `${r.error!.name}(${r.error!.parameter})` : r.outcome;
    expect(got).toBe(expected);
  });
});

describe('values the template does not settle', () => {
  const acam = res(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT' });

  test('an unknown ACAO on the actual response leaves the verdict open', () => {
    const actual: SimResponse = { status: unknown('a Lambda'), headers: [], otherHeaders: { unknown: 'not analysed', except: [] } };
    const r = run(call('PUT'), acam, actual);
    expect(r.outcome).toBe('unknown');
    expect(r.unknownReason).toMatch(/not analysed/);
    expect(r.actual.sent).toBe(true);
  });

  test('a certain failure after an undecided check blocks, with the error marked uncertain', () => {
    const preflight: SimResponse = { status: 401, headers: [], otherHeaders: { unknown: 'undocumented', except: [] } };
    const r = run(call('PUT'), preflight);
    expect(r.outcome).toBe('blocked');
    expect(r.error?.name).toBe('PreflightInvalidStatus');
    expect(r.errorCertain).toBe(false);
    expect(r.actual.sent).toBe(false);
  });

  test('a preflight whose status is unknown but whose methods rule the request out is blocked', () => {
    const preflight: SimResponse = { status: unknown('a Lambda answers OPTIONS'), headers: [{ name: 'Access-Control-Allow-Origin', value: '*' }, { name: 'Access-Control-Allow-Methods', value: 'GET' }] };
    const r = run(call('PUT'), preflight);
    expect(r.outcome).toBe('blocked');
    expect(r.error?.name).toBe('MethodDisallowedByPreflightResponse');
    expect(r.errorCertain).toBe(false);
  });

  test('known CORS headers on a response with an unknown status decide the actual request', () => {
    const actual: SimResponse = { status: unknown('a Lambda'), headers: [{ name: 'access-control-allow-origin', value: PAGE }], otherHeaders: { unknown: 'x', except: ['access-control-allow-origin'] } };
    expect(run(call('GET'), res(204), actual).outcome).toBe('allowed');
  });
});

describe('the preflight cache', () => {
  test('a cached result covers a later request; a different header needs a new preflight', () => {
    let preflights = 0;
    const session = new BrowserSession(PAGE, (r) => {
      if (r.preflight) {
        preflights++;
        return res(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-a', 'Access-Control-Max-Age': '60' });
      }
      return res(200, { 'Access-Control-Allow-Origin': '*' });
    });
    expect(session.fetch(call('PUT', { 'X-A': '1' }), 0).outcome).toBe('allowed');
    expect(session.fetch(call('PUT', { 'X-A': '1' }), 1000).preflight.fromCache).toBe(true);
    expect(session.fetch(call('PUT', { 'X-B': '1' }), 2000).outcome).toBe('blocked');
    expect(preflights).toBe(2);
    session.fetch(call('PUT', { 'X-A': '1' }), 61000);
    expect(preflights).toBe(3);
  });
});

describe('the header grammar', () => {
  test('method normalisation upper-cases only the six standard methods', () => {
    expect(['get', 'delete', 'patch', 'Options', 'purge'].map(normalizeMethod)).toEqual(['GET', 'DELETE', 'patch', 'OPTIONS', 'purge']);
  });
  test('unsafe header names are lower case and sorted; safelisted values stay safe', () => {
    expect(unsafeHeaderNames([['X-B', '1'], ['Accept', '*/*'], ['Content-Type', 'text/plain;charset=UTF-8'], ['Authorization', 'x'], ['Range', 'bytes=0-9']])).toEqual(['authorization', 'x-b']);
    expect(unsafeHeaderNames([['Content-Type', 'application/json'], ['Range', 'bytes=9-1']])).toEqual(['content-type', 'range']);
  });
  test('header lists', () => {
    expect(parseTokenList(' GET ,PUT,, ')).toEqual(['GET', 'PUT']);
    expect(parseTokenList('GET PUT')).toBeUndefined();
  });
});
