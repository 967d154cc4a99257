/** The simulator's answer for rules: whether a route's own request passes the preflight. */
import type { Api, Route } from '../model/types.js';
import { routeHeaders, simulate } from './simulate.js';
import type { GatewayAnswer } from './gateway.js';
import { samplePath } from './routes.js';
import type { CorsError, CredentialsMode, Outcome } from './types.js';

/**
 * Whether a route's own request from `origin` passes the preflight (for rules): `allowed` when the preflight
 * passes or none is needed, `blocked` with Chromium's error when the browser stops at the preflight, `unknown`
 * when the template does not say. `answer` is what API Gateway answers to the preflight, when one is sent: which
 * route takes it (`answer.route`), and whether an authorizer, IAM or an API key rejects it (`answer.kind`,
 * `answer.rejectedBy`).
 */
export function preflightOutcome(
  api: Api,
  route: Route,
  origin: string,
  options: { method?: string; credentials?: CredentialsMode; headers?: Array<[string, string]> } = {},
): { outcome: Outcome; error?: CorsError; answer?: GatewayAnswer } {
  const method = options.method ?? (route.method === 'ANY' ? 'GET' : route.method);
  const headers = options.headers ?? routeHeaders(api, route, method);
  const sim = simulate(api, { origin, method, path: samplePath(route.path), headers, credentials: options.credentials ?? 'same-origin' });
  const r = sim.result;
  const answer = sim.preflight;
  const name = r.error?.name ?? '';
  if (r.outcome === 'blocked' && (name.startsWith('Preflight') || name.endsWith('PreflightResponse'))) return { outcome: 'blocked', error: r.error, answer };
  const checks = r.checks.filter((c) => c.phase === 'preflight');
  if (checks.some((c) => c.result === 'unknown')) return { outcome: 'unknown', answer };
  return { outcome: 'allowed', answer };
}
