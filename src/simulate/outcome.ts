/**
 * The simulator's answers for rules: whether a route's own request passes the preflight, and what a CORS policy's
 * preflight answer admits. Both can be asked under one combination of template conditions (the `Fn::If` branch a
 * rule judges), so that a rule keeps one finding per branch.
 */
import type { HandlerAnswers } from '../model/handlers.js';
import type { Api, CorsPolicy, Route } from '../model/types.js';
import type { Cond } from '../types.js';
import { admitsHeader, admitsMethod, responseHeader, type Admission } from './browser.js';
import { assume } from './conditions.js';
import { preflightAllowLists, type GatewayAnswer } from './gateway.js';
import { normalizeMethod } from './grammar.js';
import { samplePath } from './routes.js';
import { apiUrl, routeHeaders, simulate } from './simulate.js';
import type { CorsError, CredentialsMode, Outcome, WireRequest } from './types.js';

/**
 * Whether a route's own request from `origin` passes the preflight (for rules): `allowed` when the preflight
 * passes or none is needed, `blocked` with Chromium's error when the browser stops at the preflight, `unknown`
 * when the template does not say. `answer` is what API Gateway answers to the preflight, when one is sent: which
 * route takes it (`answer.route`, the route itself when no `conditions` are given), and whether an authorizer, IAM
 * or an API key rejects it (`answer.kind`, `answer.rejectedBy`). `options.handlers`: the handler stage's answers (a
 * rule's `context.handlers`), without which a Lambda proxy's answer is unknown.
 */
export function preflightOutcome(
  api: Api,
  route: Route,
  origin: string,
  options: { method?: string; credentials?: CredentialsMode; headers?: Array<[string, string]>; conditions?: readonly Cond[]; handlers?: HandlerAnswers } = {},
): { outcome: Outcome; error?: CorsError; answer?: GatewayAnswer } {
  const method = options.method ?? (route.method === 'ANY' ? 'GET' : route.method);
  const headers = options.headers ?? routeHeaders(api, route, method);
  const sim = simulate(assume(api, options.conditions).api, { origin, method, path: samplePath(route.path), headers, credentials: options.credentials ?? 'same-origin' }, options.handlers);
  const r = sim.result;
  const answer = sim.preflight;
  const name = r.error?.name ?? '';
  if (r.outcome === 'blocked' && (name.startsWith('Preflight') || name.endsWith('PreflightResponse'))) return { outcome: 'blocked', error: r.error, answer };
  const checks = r.checks.filter((c) => c.phase === 'preflight');
  if (checks.some((c) => c.result === 'unknown')) return { outcome: 'unknown', answer };
  return { outcome: 'allowed', answer };
}

export interface AllowQuestion {
  /** The request's method, as the script writes it. */
  method: string;
  /** The request headers the page sets (names). */
  headers?: readonly string[];
  /** The request carries credentials (then `*` is a literal name). */
  credentialed: boolean;
  /** The combination of conditions to judge under (default: none assumed). */
  conditions?: readonly Cond[];
  /** The handler stage's answers (a rule's `context.handlers`): what a Lambda proxy answering OPTIONS sends. */
  handlers?: HandlerAnswers;
}

export interface PolicyAdmission {
  method: Admission;
  /** By lower-case header name. */
  headers: Map<string, Admission>;
}

/** The page's origin does not change the allow-lists of a preflight answer. */
const SOME_ORIGIN = 'https://app.example.com';

/**
 * What the preflight answer of a CORS policy admits for a request to `path` (a path of a route it answers for):
 * whether the browser may go on to send the method and each request header, as API Gateway answers with that
 * policy under the given conditions and Chromium reads the answer. Only the allow-lists are judged: the origin,
 * the status and the authorization in front are other questions (`preflightOutcome`, `preflightRejections`).
 * `undefined` when the policy answers no preflight on that path, or does not exist under the conditions.
 */
export function policyAdmits(api: Api, policy: CorsPolicy, path: string, ask: AllowQuestion): PolicyAdmission | undefined {
  const assumed = assume(api, ask.conditions);
  const projected = assumed.policy(policy);
  if (!projected) return undefined;
  const method = normalizeMethod(ask.method);
  const names = [...new Set((ask.headers ?? []).map((h) => h.toLowerCase()))].sort();
  const wire: WireRequest = {
    method: 'OPTIONS',
    url: apiUrl(api, samplePath(path)),
    headers: [['accept', '*/*'], ['access-control-request-method', method], ...(names.length > 0 ? [['access-control-request-headers', names.join(',')] as [string, string]] : []), ['origin', SOME_ORIGIN]],
    credentialed: false,
    preflight: true,
  };
  const response = preflightAllowLists(assumed.api, projected, path, wire, ask.handlers);
  if (!response) return undefined;
  const methods = responseHeader(response, 'access-control-allow-methods');
  const allowed = responseHeader(response, 'access-control-allow-headers');
  return {
    method: admitsMethod(methods, ask.method, ask.credentialed),
    headers: new Map(names.map((name) => [name, admitsHeader(allowed, name, ask.credentialed)])),
  };
}
