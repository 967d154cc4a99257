/** The origin readers the origin rules share: WHATWG serialisation differences, several origins, hosts, max age. */
import { isLoopbackHost, maxAgeSeconds, originFlaw, originHost, originParts } from '../../src/model/values.js';
import type { Scalar, SettingVal } from '../../src/model/types.js';

test.each([
  ['https://app.example.com/', ['has a trailing slash'], 'https://app.example.com'],
  ['https://app.example.com/api', ["has a path ('/api')"], 'https://app.example.com'],
  ['HTTPS://App.Example.COM:443/path/', ['has an upper-case scheme', 'has upper-case letters in the host', "has the default port ':443'", "has a path ('/path/')"], 'https://app.example.com'],
  ['http://localhost:80', ["has the default port ':80'"], 'http://localhost'],
  ['www.example.com', ['has no scheme'], 'https://www.example.com'],
  ['https://bücher.example', ["has a Unicode host (browsers send 'xn--bcher-kva.example')"], 'https://xn--bcher-kva.example'],
  [' https://app.example.com', ['has spaces around it'], 'https://app.example.com'],
  ['https://app.example.com?x=1', ["has a query ('?x=1')"], 'https://app.example.com'],
  ['https://app.example.com/?x=1', ["has a query ('?x=1')"], 'https://app.example.com'],
  ['https://user@app.example.com', ['has user information'], 'https://app.example.com'],
  ['https://*.example.com/', ['has a trailing slash'], 'https://*.example.com'],
  ['https://exa mple.com', ['is not a valid URL'], undefined],
  ['', ['is empty'], undefined],
])('%j is not how a browser sends it', (text, problems, canonical) => {
  expect(originFlaw(text)).toEqual(canonical === undefined ? { problems } : { problems, canonical });
});

test.each(['https://app.example.com', 'http://localhost:3000', 'https://app.example.com:8443', '*', 'null', 'https://*.example.com', 'https://*', 'capacitor://localhost', 'chrome-extension://abcdef', '*.example.com', 'https://a.example.com,https://b.example.com', "'https://app.example.com'"])(
  '%j is left alone',
  (text) => {
    expect(originFlaw(text)).toBeUndefined();
  },
);

test('CloudFront takes domain names: no scheme is no flaw there, but a trailing slash is', () => {
  expect(originFlaw('app.example.com', { schemeOptional: true })).toBeUndefined();
  expect(originFlaw('https://app.example.com/', { schemeOptional: true })?.problems).toEqual(['has a trailing slash']);
  expect(originFlaw('App.example.com/', { schemeOptional: true })).toEqual({ problems: ['has upper-case letters in the host', 'has a trailing slash'], canonical: 'app.example.com' });
});

test('several origins in one value', () => {
  expect(originParts('https://a.example.com,https://b.example.com')).toEqual(['https://a.example.com', 'https://b.example.com']);
  expect(originParts('https://a.example.com https://b.example.com')).toHaveLength(2);
  expect(originParts('https://a.example.com, ')).toEqual(['https://a.example.com']);
  expect(originParts('https://exa mple.com')).toEqual(['https://exa mple.com']);
});

test('hosts and loopback', () => {
  expect(originHost('HTTP://App.Example.com:8080/x')).toEqual({ scheme: 'http', host: 'app.example.com' });
  expect(originHost('app.example.com')).toBeUndefined();
  expect(originHost('http://[::1]:3000')).toEqual({ scheme: 'http', host: '[::1]' });
  for (const host of ['localhost', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]']) expect(isLoopbackHost(host)).toBe(true);
  for (const host of ['localhost.example.com', '10.0.0.1', '*', '128.0.0.1']) expect(isLoopbackHost(host)).toBe(false);
});

test('max age as a number, a REST literal or a numeric string', () => {
  const val = (value: Scalar): SettingVal<Scalar> => ({ known: true, value, loc: { file: 't', path: [] }, via: [], when: [] });
  expect(maxAgeSeconds(val(600))).toBe(600);
  expect(maxAgeSeconds(val('86400'))).toBe(86400);
  expect(maxAgeSeconds(val('10m'))).toBeUndefined();
  expect(maxAgeSeconds(val(1.5))).toBeUndefined();
  expect(maxAgeSeconds({ known: false, reason: 'x', loc: { file: 't', path: [] }, via: [], when: [] })).toBeUndefined();
});
