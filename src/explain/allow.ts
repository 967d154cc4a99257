/**
 * What a fix writes into a CORS allow-list, from the same facts the rules read, so that no fix is one another rule
 * would then flag: besides the request's own headers, those the route's authorization needs (`credentialHeaders`,
 * which auth-header-not-allowed reads: SigV4's session token too); no `*` among the headers where credentials or
 * `Authorization` depend on it (wildcard-headers, auth-header-not-allowed, credentials-with-wildcard), no `*`
 * among the methods (methods-broader-than-routes), no `*` origin (wildcard-origin). `--fix` (issue 17) is to build
 * on these too.
 */
import { BODY_METHODS } from '../model/query.js';
import type { Api, CorsPolicy, Route } from '../model/types.js';
import { credentialHeaders, functionUrlSigV4 } from '../simulate/auth.js';
import { samComputedMethods } from '../simulate/gateway.js';
import { normalizeMethod } from '../simulate/grammar.js';
import { matchHttp, matchRest } from '../simulate/routes.js';
import type { PageRequest } from '../simulate/types.js';

/** The route a page's request goes to (not its preflight). */
export function requestRoute(api: Api, request: PageRequest): Route | undefined {
  const method = normalizeMethod(request.method);
  return api.kind === 'http' ? matchHttp(api, method, request.path) : matchRest(api, method, request.path).route;
}

/** A header name as people write it (`content-type` → `Content-Type`). */
export function canonicalHeader(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/**
 * The request headers to allow: the list as written, the page's unsafe request headers and the headers the
 * route's authorization needs. A `*` stays only where nothing depends on it: without credentials, and where no
 * needed `Authorization` would rest on it (Chromium accepts that only with a deprecation warning).
 */
export function headersToAllow(api: Api, request: PageRequest, unsafe: readonly string[], written: readonly string[], credentials: boolean, policy?: CorsPolicy): string[] {
  const route = requestRoute(api, request);
  // A function URL's own AuthType decides what its requests carry; an API's routes decide theirs.
  const needed = policy?.surface === 'function-url' ? functionUrlSigV4(policy) : route ? credentialHeaders(api, route).map((h) => h.name) : [];
  const starRisky = credentials || needed.some((n) => n.toLowerCase() === 'authorization');
  // Without credentials and with no Authorization resting on it, a '*' already covers every other header.
  if (written.includes('*') && !starRisky) return [...written];
  const out = [...written];
  const add = (name: string): void => {
    if (!out.some((e) => e.toLowerCase() === name.toLowerCase())) out.push(canonicalHeader(name));
  };
  for (const name of unsafe) add(name);
  for (const name of needed) add(name);
  return starRisky ? out.filter((h) => h !== '*') : out;
}

/**
 * The methods to allow on a path: the list as written and the request's method, a `*` replaced by what the path
 * implements (its methods and OPTIONS, as SAM computes them).
 */
export function methodsToAllow(api: Api, request: PageRequest, written: readonly string[]): string[] {
  const method = normalizeMethod(request.method);
  const route = requestRoute(api, request);
  const star = written.includes('*');
  const out = written.filter((m) => m !== '*');
  if (star) for (const m of samComputedMethods(api, route?.path ?? request.path).split(',')) if (!out.includes(m)) out.push(m);
  if (!out.includes(method)) out.push(method);
  return out;
}

/**
 * The headers a new CORS configuration allows before the request's own: `Content-Type` where a route of the API
 * usually takes a JSON body (what missing-allow-headers reads).
 */
export function bodyHeaders(api: Api): string[] {
  return api.routes.some((r) => BODY_METHODS.has(r.method)) ? ['Content-Type'] : [];
}

/** The origins to allow: the list as written with the page's origin, a `*` replaced by it. */
export function originsToAllow(written: readonly string[], origin: string): string[] {
  return [...new Set([...written.filter((o) => o !== '*'), origin])];
}
