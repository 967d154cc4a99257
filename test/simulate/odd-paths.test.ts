/**
 * Route paths a URL cannot hold as written (found by fuzzing the whole run): a `%` not followed by two hex digits,
 * a route key whose path has a space and no leading `/`. The simulator reads them back as written; no rule fails
 * with an internal error, and the rules that asked it find what they find on the same template with a plain path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/index.js';
import { apiUrl, encodePath } from '../../src/simulate/simulate.js';
import { requestPath } from '../../src/simulate/gateway.js';
import type { Api } from '../../src/model/types.js';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');

function findings(text: string): Array<[string | null, number, number, number, boolean]> {
  const run = lintText(text, '/virtual/template.yaml', { cwd: '/virtual' });
  return run.results.flatMap((r) => r.messages.map((m) => [m.ruleId, m.line, m.column, m.severity, m.fatal === true] as [string | null, number, number, number, boolean]));
}

describe('odd route paths', () => {
  const implicit = readFileSync(join(FIXTURES, 'events-on-implicit-api/invalid/http-api-authorizer.yaml'), 'utf8');
  const routes = readFileSync(join(FIXTURES, 'default-route-swallows-preflight/invalid/cfn-routes.yaml'), 'utf8');

  test.each([
    ['a SAM event path with a bare %', implicit, 'Path: /shelf', 'Path: /%orders'],
    ['an HTTP route key with a bare % and a greedy parameter', routes, 'RouteKey: ANY /reports', 'RouteKey: ANY /%cards/{proxy+}'],
    ['an HTTP route key whose path has a space and no leading /', routes, 'RouteKey: ANY /reports', 'RouteKey: ANY &a0 /items/{id}'],
  ])('%s: the same findings as with a plain path, no internal error', (_name, text, plain, odd) => {
    expect(text).toContain(plain);
    const expected = findings(text);
    const got = findings(text.replace(plain, odd));
    expect(got.filter((f) => f[4])).toEqual([]);
    expect(got).toEqual(expected);
  });

  test('apiUrl gives a URL whose path reads back as written (escapes of reserved characters stay, as decodeURI keeps them)', () => {
    const api = { id: 'Api' } as Api;
    const cases: Array<[string, string]> = [
      ['/%orders', '/%orders'],
      ['/%cards/any/path', '/%cards/any/path'],
      ['&a0 /items/1', '/&a0 /items/1'],
      ['/a b/#x?y', '/a b/%23x%3Fy'],
      ['/caf\u00e9', '/caf\u00e9'],
      ['/%E2%82%AC', '/\u20ac'],
      ['/%FF', '/%FF'],
    ];
    for (const [path, read] of cases) {
      const url = apiUrl(api, path);
      expect(() => new URL(url)).not.toThrow();
      expect(requestPath({ url, method: 'GET', headers: [] } as never)).toBe(read);
    }
    expect(requestPath({ url: 'https://api.example.com&a0 /x/%or?q', method: 'GET', headers: [] } as never)).toBe('/x/%or');
    expect(encodePath('/%41%zz')).toBe('/%41%25zz');
  });
});
