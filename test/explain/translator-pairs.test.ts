/**
 * SAM ⇄ CloudFormation: for every pair in `../shared/corpus/sam-translator` (a SAM template and the
 * CloudFormation SAM makes of it), the preflight answer `explain` predicts for each route's own request must be
 * the same from the SAM input as from the output. Skips with a notice where `../shared` is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allowedOrigins, apiUrl, routeHeaders } from '../../src/explain/explain.js';
import { answer } from '../../src/explain/gateway.js';
import { normalizeMethod, unsafeHeaderNames } from '../../src/explain/grammar.js';
import { isDefaultRoute, samplePath } from '../../src/explain/routes.js';
import { isUnknown, type WireRequest } from '../../src/explain/types.js';
import { loadTemplateText } from '../../src/load/index.js';
import { buildModel } from '../../src/model/build.js';
import type { Api, CorsModel, Route } from '../../src/model/types.js';
import { SHARED } from './browser-scenarios.js';
import { skipNotice } from './helpers.js';

const DIR = join(SHARED, 'corpus', 'sam-translator');

/**
 * Pairs whose predictions differ because the model reads the SAM input less completely than SAM does. Each must
 * still differ (the test fails when the model learns the case, so the entry gets removed).
 */
/** Pairs whose answers differ for a known reason (none at present); each must still differ, so the list stays true. */
const KNOWN: Record<string, string> = {};

function model(file: string): CorsModel {
  const outcome = loadTemplateText(readFileSync(file, 'utf8'), file);
  if (outcome.kind !== 'template') throw new Error(`${file}: ${outcome.reason}`);
  return buildModel(file, outcome.doc.value);
}

const key = (path: string) => (isDefaultRoute(path) ? '$default' : path);

/** What API Gateway answers to the preflight of a route's own request, without the prose. */
function preflightAnswer(api: Api, route: Route, origin: string): string {
  const method = route.method === 'ANY' ? 'PUT' : route.method;
  const unsafe = unsafeHeaderNames(routeHeaders(api, route, method));
  const headers: Array<[string, string]> = [['accept', '*/*'], ['access-control-request-method', normalizeMethod(method)]];
  if (unsafe.length > 0) headers.push(['access-control-request-headers', unsafe.join(',')]);
  headers.push(['origin', origin]);
  const wire: WireRequest = { method: 'OPTIONS', url: apiUrl(api, samplePath(route.path)), headers, credentialed: false, preflight: true };
  const a = answer(api, wire);
  const status = isUnknown(a.response.status) ? '?' : String(a.response.status);
  const lines = a.response.headers.map((h) => `${h.name.toLowerCase()}: ${isUnknown(h.value) ? '?' : h.value}`).sort();
  const others = a.response.otherHeaders ? ' (other headers unknown)' : '';
  return `${a.kind} via ${a.route ? `${a.route.method} ${key(a.route.path)}` : '-'} → ${status} {${lines.join('; ')}}${others}`;
}

interface PairResult {
  name: string;
  routes: number;
  differences: string[];
}

function comparePair(name: string): PairResult | undefined {
  const input = model(join(DIR, 'input', `${name}.yaml`));
  const output = model(join(DIR, 'output', `${name}.json`));
  const apis = input.apis.filter((a) => a.kind === 'rest' || a.kind === 'http');
  if (apis.length === 0) return undefined;
  const result: PairResult = { name, routes: 0, differences: [] };
  for (const api of apis) {
    const twin = output.apis.find((a) => a.id === api.id);
    if (!twin) {
      result.differences.push(`${api.id} is not in the output`);
      continue;
    }
    const origin = allowedOrigins(api)[0]?.origin ?? 'https://app.example.com';
    for (const route of api.routes) {
      if (route.method === 'OPTIONS' || route.path === '?') continue;
      result.routes++;
      const other = twin.routes.find((r) => r.method === route.method && key(r.path) === key(route.path));
      if (!other) {
        result.differences.push(`${api.id} ${route.method} ${route.path} is not in the output`);
        continue;
      }
      const a = preflightAnswer(api, route, origin);
      const b = preflightAnswer(twin, other, origin);
      if (a !== b) result.differences.push(`${api.id} ${route.method} ${route.path}:\n  SAM: ${a}\n  CFN: ${b}`);
    }
  }
  return result;
}

const available = existsSync(join(DIR, 'input'));
if (!available) {
  skipNotice(`skipping the SAM translator pairs: ${DIR} is absent`);
  test.skip('SAM translator pairs (../shared is absent)', () => undefined);
} else {
  const names = readdirSync(join(DIR, 'input'))
    .filter((f) => f.endsWith('.yaml') && !f.startsWith('error_'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .filter((n) => existsSync(join(DIR, 'output', `${n}.json`)));
  const results = names.map(comparePair).filter((r): r is PairResult => r !== undefined);

  test('the corpus has pairs with APIs to compare', () => {
    expect(results.length).toBeGreaterThan(80);
  });

  test.each(results.map((r) => [r.name, r] as [string, PairResult]))('%s', (name, r) => {
    if (KNOWN[name]) expect(r.differences.length).toBeGreaterThan(0);
    else expect(r.differences).toEqual([]);
  });

  test('agreement figures', () => {
    const agree = results.filter((r) => r.differences.length === 0);
    const routes = results.reduce((n, r) => n + r.routes, 0);
    const routesDiffering = results.reduce((n, r) => n + r.differences.length, 0);
    // eslint-disable-next-line no-console
    console.log(`SAM translator pairs: ${agree.length}/${results.length} pairs agree on the predicted preflight answer; ${routes - routesDiffering}/${routes} routes`);
    expect(Object.keys(KNOWN).every((n) => results.some((r) => r.name === n))).toBe(true);
  });
}
