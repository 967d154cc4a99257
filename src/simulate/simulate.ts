/**
 * One request from a page, simulated end to end: the browser's half (`browser.ts`) asks API Gateway's half
 * (`gateway.ts`) for each request it sends, once per return path of an analysed Lambda handler. What the
 * `explain` command prints and what rules ask (`outcome.ts`) both come from here.
 */
import type { HandlerAnswers } from '../model/handlers.js';
import type { Api, Route } from '../model/types.js';
import type { Loc } from '../types.js';
import { simulateFetch, type FetchCall, type FetchResult } from './browser.js';
import { answer, type GatewayAnswer } from './gateway.js';
import { normalizeMethod } from './grammar.js';
import type { CorsError, Outcome, PageRequest, SimResponse, WireRequest } from './types.js';

/**
 * A stand-in URL for the API (the real host and stage are known only after deployment). Any path gives a valid
 * URL: a path written without its leading `/` gets one, and what a URL path cannot hold as written (a space, a `#`
 * or `?`, a `%` not followed by two hex digits) is percent-encoded, so `requestPath` reads the path back as written.
 */
export function apiUrl(api: Api, path: string): string {
  const host = api.id.toLowerCase().replace(/[^a-z0-9-]/g, '') || 'api';
  const encoded = encodePath(path.startsWith('/') ? path : `/${path}`);
  if (api.cors?.surface === 'function-url') return `https://${host}.lambda-url.us-east-1.on.aws${encoded}`;
  return `https://${host}.execute-api.us-east-1.amazonaws.com${encoded}`;
}

/** Percent-encodes what a URL path cannot hold as written; `%XX` escapes already there are kept. */
export function encodePath(path: string): string {
  return path.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu, (c) =>
    [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

export interface PathOutcome {
  label: string;
  /** Where the handler returns this answer. */
  loc?: Loc;
  outcome: Outcome;
  error?: CorsError;
  unknownReason?: string;
}

export interface Simulation {
  outcome: Outcome;
  /** The browser's run that stands for the outcome (the first blocked one, when a handler has several answers). */
  result: FetchResult;
  preflight?: GatewayAnswer;
  actual?: GatewayAnswer;
  /** One outcome per return path of an analysed handler. */
  paths?: PathOutcome[];
  /** With `paths`: the index of the path `result` stands for (the first blocked one, else the first undecided). */
  shown?: number;
}

export function fetchCall(api: Api, request: PageRequest): FetchCall {
  const hasType = request.headers.some(([n]) => n.toLowerCase() === 'content-type');
  const method = normalizeMethod(request.method);
  const body = hasType && method !== 'GET' && method !== 'HEAD' ? '{}' : null;
  return { url: apiUrl(api, request.path), method: request.method, headers: request.headers, credentials: request.credentials, mode: 'cors', body };
}

/**
 * Runs the browser against what API Gateway answers, once per return path of an analysed handler (`handlers`: the
 * handler stage's answers; without them a Lambda proxy's answer is unknown).
 */
export function simulate(api: Api, request: PageRequest, handlers?: HandlerAnswers): Simulation {
  const call = fetchCall(api, request);
  const run = (k: number) => {
    const seen: { preflight?: GatewayAnswer; actual?: GatewayAnswer } = {};
    const server = (wire: WireRequest): SimResponse => {
      const a = answer(api, wire, handlers);
      if (wire.preflight) seen.preflight = a;
      else seen.actual = a;
      return a.alternatives?.[k]?.response ?? a.response;
    };
    const result = simulateFetch(request.origin, call, server);
    return { result, ...seen };
  };
  const first = run(0);
  const count = Math.max(first.preflight?.alternatives?.length ?? 0, first.actual?.alternatives?.length ?? 0);
  const outcomeOf = (r: FetchResult): Outcome => (r.outcome === 'opaque' ? 'unknown' : r.outcome);
  if (count <= 1) return { outcome: outcomeOf(first.result), result: first.result, preflight: first.preflight, actual: first.actual };
  const runs = [first, ...Array.from({ length: count - 1 }, (_, i) => run(i + 1))];
  const labels = first.actual?.alternatives ?? first.preflight?.alternatives ?? [];
  const paths: PathOutcome[] = runs.map((r, i) => ({
    label: labels[i]?.label ?? `answer ${i + 1}`,
    loc: labels[i]?.loc,
    outcome: outcomeOf(r.result),
    error: r.result.error,
    unknownReason: r.result.unknownReason,
  }));
  const blocked = runs.find((r) => r.result.outcome === 'blocked');
  const pick = blocked ?? runs.find((r) => r.result.outcome !== 'allowed') ?? first;
  const outcome: Outcome = blocked ? 'blocked' : runs.every((r) => r.result.outcome === 'allowed') ? 'allowed' : 'unknown';
  return { outcome, result: pick.result, preflight: pick.preflight, actual: pick.actual, paths, shown: runs.indexOf(pick) };
}

/** The headers a route needs from the page: its authorizer's identity headers, an API key, SigV4, a JSON body. */
export function routeHeaders(api: Api, route: Route, method: string): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  const add = (name: string, value: string) => {
    if (!headers.some(([n]) => n.toLowerCase() === name.toLowerCase())) headers.push([name, value]);
  };
  if (route.auth.kind === 'authorizer') {
    const authorizer = api.authorizers.find((a) => a.name === route.auth.authorizer);
    const names = authorizer?.identityHeaders.length ? authorizer.identityHeaders : ['Authorization'];
    for (const n of names) add(n, n.toLowerCase() === 'authorization' ? 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln' : 'value');
  }
  if (route.auth.kind === 'iam') {
    add('Authorization', 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=0');
    add('X-Amz-Date', '20260101T000000Z');
  }
  if (route.auth.apiKeyRequired) add('X-Api-Key', 'api-key');
  if (['POST', 'PUT', 'PATCH'].includes(method)) add('Content-Type', 'application/json');
  return headers;
}
