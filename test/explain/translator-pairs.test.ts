/**
 * SAM ⇄ CloudFormation: for every pair in `../shared/corpus/sam-translator` (a SAM template and the
 * CloudFormation SAM makes of it), what `explain` predicts API Gateway answers to each route's own request, and
 * to its preflight, must be the same from the SAM input as from the output. Both are read as `explain` reads
 * them, the Lambda handlers included where their code is at hand. Skips with a notice where `../shared` is absent.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { allowedOrigins } from '../../src/explain/explain.js';
import { apiUrl, routeHeaders } from '../../src/simulate/simulate.js';
import { answer, type GatewayAnswer } from '../../src/simulate/gateway.js';
import { normalizeMethod, unsafeHeaderNames } from '../../src/simulate/grammar.js';
import { isDefaultRoute, samplePath } from '../../src/simulate/routes.js';
import { isUnknown, type SimResponse, type WireRequest } from '../../src/simulate/types.js';
import { HandlerAnalyzer } from '../../src/handlers/index.js';
import { lintPaths } from '../../src/lint.js';
import type { TemplateHandlers } from '../../src/model/handlers.js';
import type { Api, CorsModel, Route } from '../../src/model/types.js';
import { SHARED } from './browser-scenarios.js';
import { skipNotice } from './helpers.js';

const DIR = join(SHARED, 'corpus', 'sam-translator');
/** One analyzer for every pair: a handler file shared by the input and output is read once. */
const handlers = new HandlerAnalyzer();

/** Pairs whose answers differ for a known reason (none at present); each must still differ, so the list stays true. */
const KNOWN: Record<string, string> = {};

/** The model as `explain` reads it: through the lint pipeline, the Lambda handlers read where the code is at hand. */
async function model(file: string): Promise<{ model: CorsModel; handlers: TemplateHandlers }> {
  const run = await lintPaths([file], { cwd: DIR, rules: [], modelOnly: true, readHandlers: true, configEnv: false, handlers });
  const found = run.models.get(file);
  const answers = run.handlers?.get(file);
  if (!found || !answers) throw new Error(`${file}: ${JSON.stringify(run.results.flatMap((r) => r.messages))}`);
  return { model: found, handlers: answers };
}

const key = (path: string) => (isDefaultRoute(path) ? '$default' : path);

/** An answer without the prose: who answers, through which route, the status and headers (each return path). */
function answerText(a: GatewayAnswer): string {
  const one = (r: SimResponse) => {
    const status = isUnknown(r.status) ? '?' : String(r.status);
    const lines = r.headers.map((h) => `${h.name.toLowerCase()}: ${isUnknown(h.value) ? '?' : h.value}`).sort();
    return `${status} {${lines.join('; ')}}${r.otherHeaders ? ' (other headers unknown)' : ''}`;
  };
  const responses = a.alternatives ? a.alternatives.map((x) => one(x.response)).join(' | ') : one(a.response);
  return `${a.kind} via ${a.route ? `${a.route.method} ${key(a.route.path)}` : '-'} → ${responses}`;
}

/** What API Gateway answers to the preflight of a route's own request, and to the request itself. */
function routeAnswers(api: Api, route: Route, origin: string, answers: TemplateHandlers): { preflight: string; actual: string } {
  const method = route.method === 'ANY' ? 'PUT' : route.method;
  const own = routeHeaders(api, route, method);
  const unsafe = unsafeHeaderNames(own);
  const headers: Array<[string, string]> = [['accept', '*/*'], ['access-control-request-method', normalizeMethod(method)]];
  if (unsafe.length > 0) headers.push(['access-control-request-headers', unsafe.join(',')]);
  headers.push(['origin', origin]);
  const url = apiUrl(api, samplePath(route.path));
  const preflight: WireRequest = { method: 'OPTIONS', url, headers, credentialed: false, preflight: true };
  const actual: WireRequest = { method: normalizeMethod(method), url, headers: [['accept', '*/*'], ...own.map(([n, v]) => [n.toLowerCase(), v] as [string, string]), ['origin', origin]], credentialed: false, preflight: false };
  return { preflight: answerText(answer(api, preflight, answers)), actual: answerText(answer(api, actual, answers)) };
}

interface PairResult {
  name: string;
  /** The REST and HTTP APIs of the SAM input; a pair without any is compared on that alone. */
  apis: number;
  routes: number;
  differences: string[];
  /** Routes whose answers come from a handler the analysis read. */
  analysed: number;
}

async function comparePair(name: string): Promise<PairResult> {
  const { model: input, handlers: inputHandlers } = await model(join(DIR, 'input', `${name}.yaml`));
  const { model: output, handlers: outputHandlers } = await model(join(DIR, 'output', `${name}.json`));
  const apis = input.apis.filter((a) => a.kind === 'rest' || a.kind === 'http');
  const result: PairResult = { name, apis: apis.length, routes: 0, differences: [], analysed: 0 };
  // Without an API in the input there must be none in the output either.
  for (const api of output.apis) {
    if ((api.kind === 'rest' || api.kind === 'http') && !apis.some((a) => a.id === api.id)) result.differences.push(`${api.id} is only in the output`);
  }
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
      const a = routeAnswers(api, route, origin, inputHandlers);
      const b = routeAnswers(twin, other, origin, outputHandlers);
      if (inputHandlers.answerFor(route)?.responses.length) result.analysed++;
      if (a.preflight !== b.preflight) result.differences.push(`${api.id} ${route.method} ${route.path} preflight:\n  SAM: ${a.preflight}\n  CFN: ${b.preflight}`);
      if (a.actual !== b.actual) result.differences.push(`${api.id} ${route.method} ${route.path} request:\n  SAM: ${a.actual}\n  CFN: ${b.actual}`);
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
  const results: PairResult[] = [];
  beforeAll(async () => {
    for (const name of names) results.push(await comparePair(name));
    handlers.dispose();
  }, 120_000);

  test('the corpus has pairs with APIs to compare', () => {
    expect(results.filter((r) => r.apis > 0).length).toBeGreaterThan(80);
  });

  test.each(names.map((n) => [n]))('%s', (name) => {
    const r = results.find((x) => x.name === name);
    if (!r) throw new Error(`${name} was not compared`);
    if (KNOWN[name]) expect(r.differences.length).toBeGreaterThan(0);
    else expect(r.differences).toEqual([]);
  });

  test('agreement figures', () => {
    const withApis = results.filter((r) => r.apis > 0);
    const agree = withApis.filter((r) => r.differences.length === 0);
    const routes = withApis.reduce((n, r) => n + r.routes, 0);
    const differing = new Set(withApis.flatMap((r) => r.differences.map((d) => `${r.name} ${d.split(/ (preflight|request):/)[0]}`))).size;
    const analysed = withApis.reduce((n, r) => n + r.analysed, 0);
    // eslint-disable-next-line no-console
    console.log(
      `SAM translator pairs: ${agree.length}/${withApis.length} pairs agree on the predicted preflight and request answers; ${routes - differing}/${routes} routes (${analysed} answered from an analysed handler)`,
    );
    expect(Object.keys(KNOWN).every((n) => results.some((r) => r.name === n))).toBe(true);
  });
}
