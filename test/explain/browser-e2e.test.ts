/**
 * End to end in real headless Chromium: for fixture templates, a local server answers exactly what the evaluator
 * predicts API Gateway answers, a page on a second local origin runs the `fetch`, and Chromium's verdict (allowed
 * or blocked, and its DevTools CORS error) must equal `explain`'s. Where the template leaves something open (an
 * HTTP API's own 401 may or may not carry the CORS headers), every completion is served, and Chromium must agree
 * with the browser half on each while `explain`'s verdict holds for all of them. Fixes are checked the same way:
 * the API with `explain`'s fixes applied is served, and Chromium must reach the outcome `explain` promised.
 *
 * Uses the system Chromium (`/usr/bin/chromium`, or CHROMIUM_PATH) through playwright-core, with the launch flags
 * of `../shared/tools/browser-cors`; skips with a notice where there is none. Never downloads a browser.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { simulateFetch, type FetchCall } from '../../src/simulate/browser.js';
import { chooseApi, explainRequest, type Explanation } from '../../src/explain/explain.js';
import { answer } from '../../src/simulate/gateway.js';
import type { ExplainRequest } from '../../src/explain/request.js';
import { isUnknown, type Outcome, type SimResponse, type WireRequest } from '../../src/simulate/types.js';
import type { HandlerAnswers } from '../../src/model/handlers.js';
import type { Api, CorsModel } from '../../src/model/types.js';
import { analysedModel, handlerAnswers, modelOf, skipNotice, TEMPLATES, type Analysed } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** How an open value is filled in when served: left out, or given the value the test names. */
type Completion = { name: string; fill: Record<string, string> };

interface Case {
  title: string;
  /** A template file in test/explain/templates, or a folder there holding `template.yaml` and handler sources. */
  template: string;
  /**
   * Read the Lambda handlers as `explain` does (the folder is copied with the page's origin written in), so the
   * handler analysis drives the prediction.
   */
  analysed?: boolean;
  /** With an analysed handler: the outcome and error of each return path, in order. */
  paths?: Array<[Outcome, string?]>;
  /** Put the page's real origin where the template says https://app.example.com (default true). */
  ownOrigin?: boolean;
  request: Omit<ExplainRequest, 'origin'>;
  handler?: { statusCode: number; headers: Record<string, string> };
  expected: Outcome;
  expectedError?: string;
  /** Ways to fill in what the template leaves open; default: leave it out. */
  completions?: (origin: string) => Completion[];
  /** Serve the API with `explain`'s fixes applied and expect this outcome. */
  afterFixes?: Outcome;
}

const JWT = 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln';
const JSON_PUT = { method: 'PUT', headers: [['Authorization', JWT], ['Content-Type', 'application/json']] as Array<[string, string]>, credentials: 'omit' as const };

const CASES: Case[] = [
  {
    title: 'SAM REST: the default authorizer answers the preflight 401',
    template: 'sam-rest-authorizer-on-preflight.yaml',
    request: { ...JSON_PUT, path: '/cart/42' },
    handler: { statusCode: 200, headers: { 'access-control-allow-origin': '{origin}' } },
    expected: 'blocked',
    expectedError: 'PreflightMissingAllowOriginHeader',
    afterFixes: 'allowed',
  },
  {
    title: 'SAM REST: a GET without a token gets a 401 without CORS headers',
    template: 'sam-rest-authorizer-on-preflight.yaml',
    request: { method: 'GET', path: '/cart', headers: [], credentials: 'omit' },
    expected: 'blocked',
    expectedError: 'MissingAllowOriginHeader',
    afterFixes: 'allowed',
  },
  {
    title: 'SAM REST: preflight kept open, the handler returns the header',
    template: 'sam-rest-open-preflight.yaml',
    request: { ...JSON_PUT, path: '/cart/42' },
    handler: { statusCode: 200, headers: { 'access-control-allow-origin': '{origin}', 'content-type': 'application/json' } },
    expected: 'allowed',
  },
  {
    title: 'SAM REST: preflight kept open, a proxy handler without the header',
    template: 'sam-rest-open-preflight.yaml',
    request: { ...JSON_PUT, path: '/cart/42' },
    handler: { statusCode: 200, headers: { 'content-type': 'application/json' } },
    expected: 'blocked',
    expectedError: 'MissingAllowOriginHeader',
    afterFixes: 'allowed',
  },
  {
    title: "SAM REST: the authorizer's 401 carries the DEFAULT_4XX gateway response's header",
    template: 'sam-rest-open-preflight.yaml',
    request: { method: 'GET', path: '/cart', headers: [], credentials: 'omit' },
    expected: 'allowed',
  },
  {
    title: 'HTTP API: the $default route with a JWT authorizer catches the preflight',
    template: 'http-api-default-route.yaml',
    request: { ...JSON_PUT, path: '/me' },
    expected: 'blocked',
    completions: (origin): Completion[] => [
      { name: 'without CORS headers', fill: {} },
      {
        name: 'with the CORS configuration\'s headers',
        fill: { 'access-control-allow-origin': origin, 'access-control-allow-methods': 'GET,PUT', 'access-control-allow-headers': 'Content-Type,Authorization' },
      },
    ],
  },
  {
    title: 'HTTP API: automatic preflight and CORS headers from the configuration, with credentials',
    template: 'http-api-cors.yaml',
    request: { method: 'PUT', path: '/products/7', headers: [['Content-Type', 'application/json']], credentials: 'include' },
    expected: 'allowed',
  },
  {
    title: 'HTTP API: an origin the configuration does not list',
    template: 'http-api-cors.yaml',
    ownOrigin: false,
    request: { method: 'PUT', path: '/products/7', headers: [['Content-Type', 'application/json']], credentials: 'omit' },
    expected: 'blocked',
    expectedError: 'PreflightMissingAllowOriginHeader',
    afterFixes: 'allowed',
  },
  {
    title: 'HTTP API: a header the configuration does not allow',
    template: 'http-api-cors.yaml',
    request: { method: 'GET', path: '/products', headers: [['X-Trace-Id', 'abc']], credentials: 'omit' },
    expected: 'blocked',
    expectedError: 'HeaderDisallowedByPreflightResponse',
    afterFixes: 'allowed',
  },
  {
    title: "SAM REST proxy, handler analysed: the preflight passes, the handler's 400 answer has no header",
    template: 'sam-rest-proxy',
    analysed: true,
    request: { method: 'POST', path: '/notes', headers: [['Content-Type', 'application/json']], credentials: 'omit' },
    expected: 'blocked',
    expectedError: 'MissingAllowOriginHeader',
    paths: [['blocked', 'MissingAllowOriginHeader'], ['allowed']],
    afterFixes: 'allowed',
  },
  {
    title: "SAM REST proxy, handler analysed: a GET answered with '*'",
    template: 'sam-rest-proxy',
    analysed: true,
    request: { method: 'GET', path: '/notes', headers: [], credentials: 'omit' },
    expected: 'allowed',
  },
  {
    title: 'SAM REST proxy, Python handler analysed: the Origin sent back, credentials on one path only',
    template: 'sam-rest-proxy-python',
    analysed: true,
    request: { method: 'DELETE', path: '/account', headers: [], credentials: 'include' },
    expected: 'blocked',
    expectedError: 'InvalidAllowCredentials',
    paths: [['blocked', 'InvalidAllowCredentials'], ['allowed']],
    afterFixes: 'allowed',
  },
  {
    title: 'raw REST: a MOCK GET with its own header',
    template: 'cfn-rest-mock.yaml',
    request: { method: 'GET', path: '/health', headers: [], credentials: 'omit' },
    expected: 'allowed',
  },
  {
    title: "raw REST: credentials and '*'",
    template: 'cfn-rest-mock.yaml',
    request: { method: 'GET', path: '/health', headers: [], credentials: 'include' },
    expected: 'blocked',
    expectedError: 'WildcardOriginNotAllowed',
    afterFixes: 'allowed',
  },
  {
    title: 'raw REST: a custom header the OPTIONS method does not allow',
    template: 'cfn-rest-mock.yaml',
    request: { method: 'GET', path: '/health', headers: [['X-Probe', '1']], credentials: 'omit' },
    expected: 'blocked',
    expectedError: 'HeaderDisallowedByPreflightResponse',
    afterFixes: 'allowed',
  },
];

/** Fills in what a predicted response leaves open. */
function complete(response: SimResponse, completion: Completion): { status: number; headers: Array<[string, string]> } {
  const headers: Array<[string, string]> = [];
  for (const h of response.headers) {
    if (!isUnknown(h.value)) headers.push([h.name, h.value]);
    else if (completion.fill[h.name.toLowerCase()] !== undefined) headers.push([h.name, completion.fill[h.name.toLowerCase()]!]);
  }
  if (response.otherHeaders) {
    for (const [name, value] of Object.entries(completion.fill)) {
      if (response.otherHeaders.except.includes(name) || headers.some(([n]) => n.toLowerCase() === name)) continue;
      headers.push([name, value]);
    }
  }
  return { status: isUnknown(response.status) ? 200 : response.status, headers };
}

function wireOf(req: http.IncomingMessage, base: string): WireRequest {
  const headers: Array<[string, string]> = Object.entries(req.headers).map(([n, v]) => [n, Array.isArray(v) ? v.join(', ') : (v ?? '')]);
  return {
    method: req.method ?? 'GET',
    url: new URL(req.url ?? '/', base).href,
    headers,
    credentialed: headers.some(([n]) => n === 'cookie'),
    preflight: req.method === 'OPTIONS' && 'access-control-request-method' in req.headers,
  };
}

/** Serves what the API Gateway half predicts; with a handler's return paths, the one numbered `path`. */
function responder(api: Api, handlers: HandlerAnswers | undefined, completion: Completion, path = 0) {
  return (wire: WireRequest): SimResponse => {
    const a = answer(api, wire, handlers);
    const r = complete(a.alternatives?.[path]?.response ?? a.response, completion);
    return { status: r.status, headers: r.headers.map(([name, value]) => ({ name, value })) };
  };
}

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  skipNotice(`skipping the end-to-end browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
}
const describeE2E = haveChromium ? describe : describe.skip;

describeE2E('explain agrees with headless Chromium', () => {
  jest.setTimeout(120_000);
  let browser: Browser;
  let profile: string;
  const servers: http.Server[] = [];
  let pagePort = 0;
  let apiPort = 0;
  let serve: ((wire: WireRequest) => SimResponse) | undefined;

  const listen = (server: http.Server, port: number, host: string) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
    });

  beforeAll(async () => {
    const page = http.createServer((req, res) => {
      res.writeHead(req.url === '/' ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(req.url === '/' ? '<!doctype html><title>page</title>' : '');
    });
    pagePort = await listen(page, 0, '127.0.0.1');
    servers.push(page);
    const api = (req: http.IncomingMessage, res: http.ServerResponse) => {
      req.resume();
      req.on('end', () => {
        if (!serve) {
          res.writeHead(503);
          res.end();
          return;
        }
        const r = serve(wireOf(req, `http://localhost:${apiPort}`));
        const status = isUnknown(r.status) ? 200 : r.status;
        const body = status === 204 || req.method === 'HEAD' ? '' : '{}';
        const headers: Array<[string, string]> = r.headers.map((h) => [h.name, isUnknown(h.value) ? '' : h.value]);
        res.writeHead(status, headers.flat());
        res.end(body);
      });
    };
    const v4 = http.createServer(api);
    apiPort = await listen(v4, 0, '127.0.0.1');
    servers.push(v4);
    const v6 = http.createServer(api);
    try {
      await listen(v6, apiPort, '::1');
      servers.push(v6);
    } catch {
      // no IPv6 loopback: 127.0.0.1 serves localhost
    }
    profile = mkdtempSync(join(tmpdir(), 'cors-lint-e2e-'));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      ignoreDefaultArgs: true,
      timeout: 30_000,
      args: [...FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-pipe', '--no-startup-window'],
    });
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await Promise.all(servers.map((s) => new Promise<void>((r) => { s.closeAllConnections?.(); s.close(() => r()); })));
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Runs the fetch in a fresh browser context; returns Chromium's outcome and CORS error name. */
  async function inChromium(call: FetchCall): Promise<{ outcome: string; error?: string; status?: number }> {
    const context: BrowserContext = await browser.newContext();
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      const cdp = await context.newCDPSession(page);
      cdp.on('Network.loadingFailed', (e: { corsErrorStatus?: { corsError: string } }) => {
        if (e.corsErrorStatus) errors.push(e.corsErrorStatus.corsError);
      });
      await cdp.send('Network.enable');
      await page.goto(`http://127.0.0.1:${pagePort}/`);
      const result = await page.evaluate(async ([url, init]) => {
        try {
          const res = await fetch(url as string, init as RequestInit);
          await res.text();
          return { outcome: 'allowed', status: res.status };
        } catch (e) {
          return { outcome: e instanceof TypeError ? 'blocked' : 'error', message: String(e) };
        }
      }, [call.url, { method: call.method, headers: call.headers, credentials: call.credentials, body: call.body ?? undefined }] as const);
      await new Promise((r) => setTimeout(r, 200));
      return { outcome: result.outcome, error: errors[0], status: 'status' in result ? result.status : undefined };
    } finally {
      await context.close();
    }
  }

  const agreed: string[] = [];
  let fetches = 0;

  /** A copy of a template folder with the page's origin written in, read through the handler analysis. */
  async function analysedCopy(folder: string, origin: string): Promise<Analysed> {
    const dir = mkdtempSync(join(profile, 'template-'));
    cpSync(join(TEMPLATES, folder), dir, { recursive: true });
    const files = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : [join(d, e.name)]));
    for (const f of files(dir)) writeFileSync(f, readFileSync(f, 'utf8').split('https://app.example.com').join(origin));
    return analysedModel(join(dir, 'template.yaml'));
  }

  test.each(CASES.map((c) => [c.title, c] as [string, Case]))('%s', async (_title, c) => {
    const origin = `http://127.0.0.1:${pagePort}`;
    let model: CorsModel;
    let handlers: HandlerAnswers | undefined;
    if (c.analysed) ({ model, handlers } = await analysedCopy(c.template, origin));
    else model = modelOf(c.template, c.ownOrigin === false ? undefined : origin);
    if (c.handler) {
      const headers = Object.fromEntries(Object.entries(c.handler.headers).map(([k, v]) => [k, v === '{origin}' ? origin : v]));
      handlers = handlerAnswers([{ loc: model.apis[0]!.loc, statusCode: c.handler.statusCode, headers }]);
    }
    const request: ExplainRequest = { origin, ...c.request };
    const api = chooseApi(model, undefined, request);
    const e: Explanation = explainRequest(model, api, request, handlers);
    expect(e.simulation.outcome).toBe(c.expected);
    if (c.expectedError) expect(e.simulation.result.error?.name).toBe(c.expectedError);
    if (c.analysed) expect(model.apis.flatMap((a) => a.routes).some((r) => (handlers?.answerFor(r)?.responses.length ?? 0) > 0)).toBe(true);
    if (c.paths) expect(e.simulation.paths?.map((p) => (p.error ? [p.outcome, p.error.name] : [p.outcome]))).toEqual(c.paths);
    const paths = e.simulation.paths?.length ?? 1;

    const call: FetchCall = { ...e.call, url: `http://localhost:${apiPort}${c.request.path}` };
    const runs: Array<{ api: Api; handlers?: HandlerAnswers; completion: Completion; outcome: Outcome }> = (c.completions?.(origin) ?? [{ name: 'as predicted', fill: {} }]).map((completion) => ({
      api,
      handlers,
      completion,
      outcome: e.simulation.outcome,
    }));
    if (c.afterFixes) {
      expect(e.afterFixes?.outcome).toBe(c.afterFixes);
      runs.push({ api: e.fixedApi!, handlers: e.fixedHandlers, completion: { name: 'after the fixes', fill: {} }, outcome: c.afterFixes });
    }
    for (const run of runs) {
      // Each return path of an analysed handler is served in turn; Chromium must agree on every one.
      for (let path = 0; path < paths; path++) {
        const name = paths > 1 ? `${run.completion.name}, return path ${path + 1}` : run.completion.name;
        const expected = run.completion.name === 'as predicted' && e.simulation.paths ? e.simulation.paths[path]!.outcome : run.outcome;
        serve = responder(run.api, run.handlers, run.completion, path);
        const predicted = simulateFetch(origin, call, serve);
        // explain's verdict holds for every way of filling in what the template leaves open
        expect([name, predicted.outcome]).toEqual([name, expected]);
        const seen = await inChromium(call);
        serve = undefined;
        expect([name, seen.outcome, seen.error]).toEqual([name, predicted.outcome, predicted.error?.name]);
        if (predicted.outcome === 'allowed' && typeof predicted.status === 'number') expect(seen.status).toBe(predicted.status);
        if (run.completion.name === 'as predicted' && e.simulation.paths) expect(seen.error).toBe(e.simulation.paths[path]!.error?.name);
        else if (run.completion.name === 'as predicted' && e.simulation.result.errorCertain !== false) expect(seen.error).toBe(e.simulation.result.error?.name);
        fetches++;
      }
    }
    agreed.push(c.title);
  });

  afterAll(() => {
    // eslint-disable-next-line no-console
    console.log(`explain end to end: ${agreed.length}/${CASES.length} cases agree with Chromium (${fetches} fetches in Chromium)`);
  });
});
