/**
 * `explain`: simulates one request from a page against an API of the template — API Gateway's half, then the
 * browser's — and, when the browser would block it, looks for the smallest change that gets it through and
 * checks that change by simulating again. Also the route matrix: every route, method and allowed origin.
 */
import type { HandlerAnswers } from '../model/handlers.js';
import type { Api, CorsModel, Route } from '../model/types.js';
import type { FetchCall } from '../simulate/browser.js';
import { normalizeMethod, unsafeHeaderNames } from '../simulate/grammar.js';
import { matchHttp, matchRest, samplePath } from '../simulate/routes.js';
import { fetchCall, routeHeaders, simulate, type Simulation } from '../simulate/simulate.js';
import type { CorsError, CredentialsMode, Outcome } from '../simulate/types.js';
import { findFix, PatchedAnswers, type Fix } from './fix.js';
import { deploymentRefusal, type Refusal } from '../simulate/refusal.js';
import { RequestError, type ExplainRequest } from './request.js';

/** The APIs `explain` can simulate: REST and HTTP APIs, and function URLs with a CORS configuration. */
export function explainableApis(model: CorsModel): Api[] {
  return [...model.apis.filter((a) => a.kind === 'rest' || a.kind === 'http'), ...functionUrlApis(model)];
}

/**
 * A function URL with a CORS configuration as an API the simulator can ask (`answer` in `src/simulate/gateway.ts`
 * tells it by its policy's surface): named after its resource (the SAM function, or the `AWS::Lambda::Url`), no
 * routes (every path reaches the function), the URL's Cors as its configuration.
 */
export function functionUrlApis(model: CorsModel): Api[] {
  const seen = new Set<string>();
  const apis: Api[] = [];
  for (const policy of model.policies) {
    if (policy.surface !== 'function-url') continue;
    const id = String(policy.loc.path[1] ?? policy.owner);
    if (seen.has(id)) continue;
    seen.add(id);
    apis.push({
      id,
      kind: 'http',
      source: policy.source === 'sam-function-url' ? 'sam' : 'cfn',
      implicit: false,
      label: policy.label,
      loc: policy.loc,
      when: policy.when,
      cors: policy,
      routes: [],
      authorizers: [],
      gatewayResponses: [],
    } as unknown as Api);
  }
  return apis;
}

function isFunctionUrl(api: Api): boolean {
  return api.cors?.surface === 'function-url';
}

/** The API a question is about: `--api`, the only API, or the only one with a route for the path. */
export function chooseApi(model: CorsModel, apiId?: string, request?: { method: string; path: string }): Api {
  const apis = explainableApis(model);
  const names = apis.map((a) => a.id).join(', ');
  if (apiId !== undefined) {
    const api = apis.find((a) => a.id === apiId);
    if (!api) throw new RequestError(apis.length ? `--api ${apiId}: no REST or HTTP API or function URL of that name in the template (it has ${names})` : `--api ${apiId}: the template has no REST or HTTP API, and no function URL with a Cors configuration`);
    return api;
  }
  if (apis.length === 0) throw new RequestError('the template has no REST or HTTP API, and no function URL with a Cors configuration, to explain');
  if (apis.length === 1) return apis[0]!;
  if (request) {
    const method = normalizeMethod(request.method);
    const matching = apis.filter((a) =>
      isFunctionUrl(a) ? false : a.kind === 'http' ? matchHttp(a, method, request.path) !== undefined : matchRest(a, method, request.path).resource !== undefined,
    );
    if (matching.length === 1) return matching[0]!;
    // a function URL takes every path: it is the answer when no API has the route and it is the only URL
    const urls = apis.filter(isFunctionUrl);
    if (matching.length === 0 && urls.length === 1) return urls[0]!;
  }
  throw new RequestError(`the template has ${apis.length} APIs (${names}); choose one with --api`);
}

export interface Explanation {
  api: Api;
  request: ExplainRequest;
  call: FetchCall;
  /** The method as the browser sends it. */
  method: string;
  credentialed: boolean;
  simulation: Simulation;
  /** The changes that get the request through, in order; empty when it is allowed or no fix is known. */
  fixes: Fix[];
  /** The outcome once every fix is applied. */
  afterFixes?: { outcome: Outcome; error?: CorsError; unknownReason?: string };
  /** A copy of the API with every fix applied. */
  fixedApi?: Api;
  /** What the handlers answer with every fix applied (a fix in a handler's code changes its answer). */
  fixedHandlers?: HandlerAnswers;
  /** Why the service refuses the template (SAM's transform or API Gateway's deployment fails): no request is answered. */
  refusal?: Refusal;
}

const MAX_FIXES = 6;

/**
 * Explains one request, with the smallest change that would let it through when it is blocked. `handlers`: what
 * the handler stage found for the template (`LintRun.handlers`), so that Lambda proxies answer as their code does.
 */
export function explainRequest(model: CorsModel, api: Api, request: ExplainRequest, handlers?: HandlerAnswers): Explanation {
  const call = fetchCall(api, request);
  const method = normalizeMethod(request.method);
  const credentialed = request.credentials === 'include';
  const unsafe = unsafeHeaderNames([['accept', '*/*'], ...request.headers.map(([n, v]) => [n.toLowerCase(), v] as [string, string])]);
  const simulation = simulate(api, request, handlers);
  const explanation: Explanation = { api, request, call, method, credentialed, simulation, fixes: [] };
  // A configuration the service refuses answers nothing: the simulation says what it would do, the verdict says so.
  const refusal = deploymentRefusal(api);
  if (refusal) return { ...explanation, refusal };
  if (simulation.outcome !== 'blocked') return explanation;
  let current = clone(api);
  let answers = PatchedAnswers.over(handlers);
  let sim = simulation;
  for (let i = 0; i < MAX_FIXES && sim.outcome === 'blocked'; i++) {
    const fix = findFix({ model, api: current, handlers: answers, request, result: sim.result, preflight: sim.preflight, actual: sim.actual, unsafeHeaders: unsafe, method, credentialed });
    if (!fix) break;
    const next = clone(current);
    const nextAnswers = answers.copy();
    fix.apply(next, nextAnswers);
    explanation.fixes.push(fix);
    const after = simulate(next, request, nextAnswers);
    current = next;
    answers = nextAnswers;
    const stuck = after.outcome === 'blocked' && after.result.error?.name === sim.result.error?.name && after.result.error?.parameter === sim.result.error?.parameter;
    sim = after;
    if (stuck) break;
  }
  if (explanation.fixes.length > 0) {
    explanation.afterFixes = { outcome: sim.outcome, error: sim.result.error, unknownReason: sim.result.unknownReason };
    explanation.fixedApi = current;
    explanation.fixedHandlers = answers;
  }
  return explanation;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

// ---------------------------------------------------------------- the route matrix

/** The rows of a function URL in the matrix: every method it allows (the function takes any path). */
function functionUrlRoutes(api: Api): Route[] {
  const written = (api.cors?.methods ?? []).flatMap((v) => (v.known && v.value !== null ? String(v.value).split(',') : [])).map((m) => m.trim().toUpperCase());
  const methods = written.length === 0 || written.includes('*') ? ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] : [...new Set(written)].filter((m) => m !== 'HEAD');
  return methods.map((method) => ({ apiId: api.id, method, path: '/', origin: 'cfn-route', loc: api.loc, when: [], auth: { kind: 'none', apiKeyRequired: false, loc: api.loc, reason: '' }, integration: { type: 'lambda-proxy', loc: api.loc, responses: [] }, methodResponses: [] }) as Route);
}

export interface MatrixOptions {
  apiId?: string;
  /** Origins to try besides the ones the API allows (`--origin`). */
  origins?: string[];
  /** More origins to try, each with where it comes from (the team's policy for `--env`). */
  moreOrigins?: Array<{ origin: string; from: string }>;
  /** Headers every request carries besides the ones the route needs. */
  headers?: Array<[string, string]>;
  credentials?: CredentialsMode;
  /** What the handler stage found for the template, so that Lambda proxies answer as their code does. */
  handlers?: HandlerAnswers;
}

export interface MatrixCell {
  origin: string;
  outcome: Outcome;
  error?: CorsError;
  unknownReason?: string;
  /** The browser stopped at the preflight. */
  preflightFailed: boolean;
}

export interface MatrixRow {
  api: Api;
  route: Route;
  method: string;
  path: string;
  headers: Array<[string, string]>;
  credentials: CredentialsMode;
  cells: MatrixCell[];
  /** The preflight fails for every origin tried. */
  preflightFailsEverywhere: boolean;
}

export interface Matrix {
  /** With `refusal` where the service refuses the API's CORS configuration (its cells then say what it would do otherwise). */
  apis: Array<{ api: Api; origins: Array<{ origin: string; from: string }>; refusal?: Refusal }>;
  rows: MatrixRow[];
}

const ANY_SAMPLE = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const WILDCARD_STAND_IN = 'https://any-site.example';

/** The origins an API allows, as a browser would send them (wildcards stand for one example site). */
export function allowedOrigins(api: Api): Array<{ origin: string; from: string }> {
  const out: Array<{ origin: string; from: string }> = [];
  const policies = [api.cors, ...api.routes.map((r) => r.preflight)].filter((p) => p !== undefined);
  for (const policy of policies) {
    for (const val of policy.origins) {
      if (!val.known || val.value === null) continue;
      const text = String(val.value).trim();
      let origin: string | undefined;
      if (text === '*' || text === 'https://*') origin = WILDCARD_STAND_IN;
      else if (text === 'http://*') origin = 'http://any-site.example';
      else if (text === 'null') origin = 'null';
      else {
        try {
          const o = new URL(text).origin;
          if (o !== 'null' && !o.includes('*')) origin = o;
        } catch {
          origin = undefined;
        }
      }
      if (origin && !out.some((o) => o.origin === origin)) out.push({ origin, from: text });
    }
  }
  return out;
}

function credentialsEnabled(api: Api): boolean {
  const policies = [api.cors, ...api.routes.map((r) => r.preflight)].filter((p) => p !== undefined);
  return policies.some((p) => p.credentials.some((v) => v.known && (v.value === true || v.value === 'true')));
}

/** Every route of the template with its methods, against every allowed origin. */
export function explainMatrix(model: CorsModel, options: MatrixOptions = {}): Matrix {
  const apis = options.apiId !== undefined ? [chooseApi(model, options.apiId)] : explainableApis(model);
  if (apis.length === 0) throw new RequestError('the template has no REST or HTTP API, and no function URL with a Cors configuration, to explain');
  const matrix: Matrix = { apis: [], rows: [] };
  for (const api of apis) {
    const origins = allowedOrigins(api);
    for (const o of options.origins ?? []) if (!origins.some((x) => x.origin === o)) origins.push({ origin: o, from: '--origin' });
    for (const o of options.moreOrigins ?? []) if (!origins.some((x) => x.origin === o.origin)) origins.push(o);
    if (origins.length === 0) origins.push({ origin: 'https://app.example.com', from: 'an example (the API allows no origin the template names)' });
    matrix.apis.push({ api, origins, refusal: deploymentRefusal(api) });
    const credentials = options.credentials ?? (credentialsEnabled(api) ? 'include' : 'same-origin');
    for (const route of isFunctionUrl(api) ? functionUrlRoutes(api) : api.routes) {
      if (route.method === 'OPTIONS' || route.path === '?' || route.method === '?') continue;
      const methods = route.method === 'ANY' ? ANY_SAMPLE : [route.method];
      const path = samplePath(route.path);
      for (const method of methods) {
        const headers = [...routeHeaders(api, route, method)];
        for (const h of options.headers ?? []) if (!headers.some(([n]) => n.toLowerCase() === h[0].toLowerCase())) headers.push(h);
        const cells: MatrixCell[] = origins.map(({ origin }) => {
          const sim = simulate(api, { origin, method, path, headers, credentials }, options.handlers);
          const name = sim.result.error?.name ?? '';
          return {
            origin,
            outcome: sim.outcome,
            error: sim.result.error,
            unknownReason: sim.result.unknownReason,
            preflightFailed: sim.outcome === 'blocked' && (name.startsWith('Preflight') || name.endsWith('PreflightResponse')),
          };
        });
        matrix.rows.push({ api, route, method, path, headers, credentials, cells, preflightFailsEverywhere: cells.length > 0 && cells.every((c) => c.preflightFailed) });
      }
    }
  }
  return matrix;
}
