/**
 * What API Gateway checks before a route's integration runs: its authorizer or IAM, then (REST) an API key, each
 * with the request headers it looks for. The gateway half walks these checks for every request; rules ask them
 * too (a preflight carries none of those headers, so a check that needs one rejects it).
 *
 * Sources: cors-reference §2 (SAM `Auth`), §4 (REST authorizers and API keys), §3.4 (HTTP API authorizers).
 */
import type { Api, CorsPolicy, Route, RouteAuth } from '../model/types.js';
import { isForbiddenRequestHeader } from './grammar.js';

export interface AuthCheck {
  what: 'authorizer' | 'iam' | 'api-key';
  auth: RouteAuth;
  /**
   * The request headers API Gateway needs before it lets the request through: without one of them it rejects the
   * request itself (401 from an authorizer, 403 for IAM or an API key). Empty for a Lambda authorizer that reads no
   * identity header: it is called for every request and decides at run time.
   */
  headers: string[];
}

/** SigV4: the headers API Gateway needs on a signed request (lower case, as the gateway half compares them). */
const SIGNED = ['authorization', 'x-amz-date'];

/** Authorizers that read `Authorization` when the template names no identity source. */
const AUTHORIZATION_BY_DEFAULT = ['COGNITO_USER_POOLS', 'TOKEN', 'JWT'];

/**
 * The checks API Gateway makes on a request to a route, in the order it makes them; `undefined` when whether the
 * route requires authorization is not known from the template.
 */
export function authChecks(api: Api, route: Route): AuthCheck[] | undefined {
  const auth = route.auth;
  if (auth.kind === 'unknown') return undefined;
  const checks: AuthCheck[] = [];
  if (auth.kind === 'iam') checks.push({ what: 'iam', auth, headers: SIGNED });
  if (auth.kind === 'authorizer') {
    const authorizer = api.authorizers.find((a) => a.name === auth.authorizer);
    let headers = authorizer?.identityHeaders ?? [];
    if (headers.length === 0 && (!authorizer || AUTHORIZATION_BY_DEFAULT.includes(authorizer.type))) headers = ['Authorization'];
    checks.push({ what: 'authorizer', auth, headers });
  }
  if (auth.apiKeyRequired && api.kind === 'rest') checks.push({ what: 'api-key', auth, headers: ['x-api-key'] });
  return checks;
}

/** What a check makes of a request that carries the given headers (lower-case names). */
export function checkRequest(check: AuthCheck, has: (name: string) => boolean): { result: 'pass' | 'reject' | 'undecided'; missing?: string } {
  if (check.headers.length === 0) return { result: 'undecided' };
  const missing = check.headers.find((h) => !has(h.toLowerCase()));
  return missing === undefined ? { result: 'pass' } : { result: 'reject', missing };
}

/**
 * The checks that reject a preflight sent to a route: a preflight carries no credentials (no `Authorization`,
 * no signature, no `X-Api-Key`), only `Origin` and the `Access-Control-Request-*` headers. A Lambda authorizer that
 * reads no identity header is not among them: it decides at run time.
 */
export function preflightRejections(api: Api, route: Route): Array<AuthCheck & { missing: string }> {
  const carried = new Set(['accept', 'access-control-request-method', 'access-control-request-headers', 'origin']);
  const out: Array<AuthCheck & { missing: string }> = [];
  for (const check of authChecks(api, route) ?? []) {
    const { result, missing } = checkRequest(check, (h) => carried.has(h));
    if (result === 'reject') out.push({ ...check, missing: missing! });
  }
  return out;
}

/** A request header the browser must send for a route's authorization, and why. */
export interface NeededHeader {
  name: string;
  /** `authorizer 'Cognito'`, `IAM authorization (SigV4)`, `the API key`. */
  why: string;
  route: Route;
}

/** What a browser signing with temporary credentials (a Cognito identity pool, STS) sends: SigV4 and the session token. */
const SIGV4 = ['Authorization', 'X-Amz-Date', 'X-Amz-Security-Token'];

/**
 * The request headers a route's authorization makes the browser send, as the template names them (for the rules
 * on allowed request headers): the identity headers of its authorizer, SigV4's for IAM (the session token
 * included: a browser holds temporary credentials), `X-Api-Key` for a REST API key. Unlike `authChecks`, nothing
 * is assumed where the template names no identity header, and unknown authorization needs nothing.
 */
export function credentialHeaders(api: Api, route: Route): NeededHeader[] {
  const out: NeededHeader[] = [];
  if (route.auth.kind === 'authorizer' && route.auth.authorizer) {
    const authorizer = api.authorizers.find((a) => a.name === route.auth.authorizer);
    if (authorizer?.type === 'IAM') for (const name of SIGV4) out.push({ name, why: 'IAM authorization (SigV4)', route });
    else {
      // A header the browser sets by itself (Cookie) is never in a preflight's list: no allow-list needs it.
      for (const name of authorizer?.identityHeaders ?? []) if (!isForbiddenRequestHeader(name)) out.push({ name, why: `authorizer '${authorizer!.name}'`, route });
    }
  }
  if (route.auth.kind === 'iam') for (const name of SIGV4) out.push({ name, why: 'IAM authorization (SigV4)', route });
  if (route.auth.apiKeyRequired && api.kind === 'rest') out.push({ name: 'X-Api-Key', why: 'the API key', route });
  return out;
}

/**
 * What a browser sends to sign a request to a function URL with `AuthType: AWS_IAM` (SigV4 with temporary
 * credentials, as the AWS SDK signs it: the payload hash too). None where the URL may be other than `AWS_IAM`, or
 * where the template defines a CloudFront origin access control for Lambda, which signs the requests it forwards
 * (the browser then signs nothing).
 */
const FUNCTION_URL_SIGV4 = ['Authorization', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Amz-Content-Sha256'];

export function functionUrlSigV4(policy: CorsPolicy): string[] {
  const types = policy.authType ?? [];
  if (policy.originAccessControl || types.length === 0 || !types.every((v) => v.known && v.value === 'AWS_IAM')) return [];
  return FUNCTION_URL_SIGV4;
}
