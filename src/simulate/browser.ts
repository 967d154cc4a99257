/**
 * The browser half: the Fetch standard's CORS protocol as Chromium 156 applies it (cors-reference §1, §1.11).
 * Pure functions over a simulated server: the caller says how the server answers each request on the wire; this
 * module decides what the browser sends (whether a preflight, with which headers), which checks pass, and the
 * verdict with Chromium's error name and console sentence. Values the template does not determine stay
 * unknown, and a verdict that depends on them is `unknown` rather than a guess.
 *
 * Where Chromium differs from the standard, Chromium wins (this is what users see):
 * - `Access-Control-Allow-Headers: *` still covers `Authorization` for requests without credentials, with the
 *   DevTools deprecation `AuthorizationCoveredByWildcard`;
 * - `Access-Control-Max-Age` of `0` or less means "do not cache" (Fetch: a negative value falls back to 5 s);
 * - the CORS check of a preflight response comes before its status check, so a 401 without
 *   `Access-Control-Allow-Origin` is reported as `PreflightMissingAllowOriginHeader`.
 */
import { AUTHORIZATION_COVERED_BY_WILDCARD, corsError, preflightVariant } from './chromium.js';
import {
  isForbiddenRequestHeader,
  isValidUrl,
  normalizeMethod,
  originOf,
  parseTokenList,
  SAFELISTED_METHODS,
  SAFELISTED_RESPONSE_HEADERS,
  unsafeHeaderNames,
} from './grammar.js';
import {
  isUnknown,
  unknown,
  type Check,
  type CorsError,
  type CorsErrorName,
  type CredentialsMode,
  type Maybe,
  type Outcome,
  type SimResponse,
  type Unknown,
  type WireRequest,
} from './types.js';

/** A `fetch()` call as a script makes it. */
export interface FetchCall {
  /** Absolute URL. */
  url: string;
  /** As the script writes it (`patch` stays `patch`). */
  method: string;
  headers: Array<[string, string]>;
  credentials: CredentialsMode;
  mode?: 'cors' | 'no-cors';
  body?: string | null;
}

/** Answers a request on the wire. */
export type Server = (request: WireRequest) => SimResponse;

/** Chromium's limits. */
export const MAX_AGE_DEFAULT_SECONDS = 5;
export const MAX_AGE_CAP_SECONDS = 7200;
const MAX_REDIRECTS = 20;

export interface PreflightPart {
  /** The request needs a preflight, and why. */
  needed: boolean;
  reasons: string[];
  /** Sent over the network (not answered from the preflight cache). */
  sent: boolean;
  fromCache: boolean;
  request?: WireRequest;
  response?: SimResponse;
  /** How long Chromium caches the result, in seconds (0: not cached). */
  cacheSeconds?: number;
}

export interface ActualPart {
  sent: boolean | Unknown;
  fromCache?: boolean;
  request?: WireRequest;
  response?: SimResponse;
  /** Every request of a redirect chain, in order. */
  chain?: Array<{ request: WireRequest; response: SimResponse }>;
}

export interface FetchResult {
  outcome: Outcome | 'opaque';
  /** For `blocked`: Chromium's error. */
  error?: CorsError;
  /** For `blocked`: the error name is certain only when every earlier check could be decided. */
  errorCertain?: boolean;
  /** For `unknown`, and for an uncertain error: what could not be decided. */
  unknownReason?: string;
  preflight: PreflightPart;
  actual: ActualPart;
  /** The status the script reads, for an allowed request. */
  status?: Maybe<number>;
  /** Whether the script can read a response header (by lower-case name). */
  readable?: (name: string) => Maybe<boolean>;
  /** The value `response.headers.get(name)` returns: `null` when absent or not exposed. */
  readHeader?: (name: string) => Maybe<string | null>;
  /** DevTools issues that do not block: deprecations. */
  warnings: string[];
  checks: Check[];
}

interface PreflightEntry {
  key: string;
  methods: string[];
  headers: string[];
  credentialed: boolean;
  expires: number;
}

interface CacheEntry {
  url: string;
  response: SimResponse;
  varyOn: Array<[string, string | undefined]>;
  expires: number;
}

/** A browser with its preflight cache and HTTP cache: a sequence of fetches from one page. */
export class BrowserSession {
  private readonly preflightCache: PreflightEntry[] = [];
  private readonly httpCache: CacheEntry[] = [];

  /** `origin` is the page's serialised origin, or `null` for an opaque origin (sandboxed iframe, data: URL). */
  constructor(
    readonly origin: string,
    private readonly server: Server,
  ) {}

  /** Runs one `fetch()` at time `now` (milliseconds). */
  fetch(call: FetchCall, now = 0): FetchResult {
    return new FetchRun(this, call, now).run();
  }

  /** @internal */
  answer(request: WireRequest): SimResponse {
    return this.server(request);
  }

  /** @internal */
  findPreflight(key: string, credentialed: boolean, now: number): PreflightEntry | undefined {
    return this.preflightCache.find((e) => e.key === key && e.expires > now && (e.credentialed || !credentialed));
  }

  /** @internal */
  storePreflight(entry: PreflightEntry): void {
    const i = this.preflightCache.findIndex((e) => e.key === entry.key);
    if (i >= 0) this.preflightCache.splice(i, 1);
    if (entry.expires > 0) this.preflightCache.push(entry);
  }

  /** @internal */
  cached(request: WireRequest, now: number): SimResponse | undefined {
    if (request.method !== 'GET') return undefined;
    const entry = this.httpCache.find((e) => e.url === request.url && e.expires > now);
    if (!entry) return undefined;
    for (const [name, value] of entry.varyOn) {
      if (name === '*' || header(request, name) !== value) return undefined;
    }
    return entry.response;
  }

  /** @internal */
  store(request: WireRequest, response: SimResponse, now: number): void {
    if (request.method !== 'GET' || response.status !== 200) return;
    const cacheControl = knownHeader(response, 'cache-control');
    const maxAge = cacheControl ? /(?:^|,)\s*max-age\s*=\s*(\d+)/i.exec(cacheControl)?.[1] : undefined;
    if (!maxAge || Number(maxAge) <= 0 || /no-store/i.test(cacheControl ?? '')) return;
    const vary = (knownHeader(response, 'vary') ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
    const entry: CacheEntry = {
      url: request.url,
      response,
      varyOn: vary.map((name) => [name, header(request, name)]),
      expires: now + Number(maxAge) * 1000,
    };
    const i = this.httpCache.findIndex((e) => e.url === request.url);
    if (i >= 0) this.httpCache.splice(i, 1);
    this.httpCache.push(entry);
  }
}

/** Runs a single fetch against a server with empty caches. */
export function simulateFetch(origin: string, call: FetchCall, server: Server): FetchResult {
  return new BrowserSession(origin, server).fetch(call, 0);
}

function header(request: WireRequest, name: string): string | undefined {
  return request.headers.find(([n]) => n === name)?.[1];
}

/** The combined value of a response header (`, ` between lines), `null` when absent, or unknown. */
export function responseHeader(response: SimResponse, name: string): Maybe<string | null> {
  const lower = name.toLowerCase();
  const lines = response.headers.filter((h) => h.name.toLowerCase() === lower);
  if (lines.length === 0) {
    if (response.otherHeaders && !response.otherHeaders.except.includes(lower)) return unknown(response.otherHeaders.unknown);
    return null;
  }
  const values: string[] = [];
  for (const line of lines) {
    if (isUnknown(line.value)) return line.value;
    values.push(trimHttp(line.value));
  }
  return values.join(', ');
}

function knownHeader(response: SimResponse, name: string): string | undefined {
  const value = responseHeader(response, name);
  return typeof value === 'string' ? value : undefined;
}

function trimHttp(value: string): string {
  return value.replace(/^[ \t]+|[ \t]+$/g, '');
}

function isRedirect(response: SimResponse): Maybe<boolean> {
  if (isUnknown(response.status)) return response.status;
  if (![301, 302, 303, 307, 308].includes(response.status)) return false;
  const location = responseHeader(response, 'location');
  if (isUnknown(location)) return location;
  return location !== null;
}

type CheckResult = { ok: true } | { ok: false; name: CorsErrorName; parameter: string } | { ok: 'unknown'; reason: string };

/** Fetch's CORS check (§concept-cors-check) with Chromium's error names. */
export function corsCheck(response: SimResponse, origin: string, credentialed: boolean): CheckResult {
  const acao = responseHeader(response, 'access-control-allow-origin');
  if (isUnknown(acao)) return { ok: 'unknown', reason: `Access-Control-Allow-Origin is unknown: ${acao.unknown}` };
  if (acao === null) return { ok: false, name: 'MissingAllowOriginHeader', parameter: '' };
  if (acao === '*') {
    if (!credentialed) return { ok: true };
    return { ok: false, name: 'WildcardOriginNotAllowed', parameter: '' };
  }
  if (acao !== origin) {
    if (/[ ,]/.test(acao)) return { ok: false, name: 'MultipleAllowOriginValues', parameter: acao };
    if (acao === 'null') return { ok: false, name: 'AllowOriginMismatch', parameter: acao };
    if (!isValidUrl(acao)) return { ok: false, name: 'InvalidAllowOriginValue', parameter: acao };
    return { ok: false, name: 'AllowOriginMismatch', parameter: acao };
  }
  if (!credentialed) return { ok: true };
  const acac = responseHeader(response, 'access-control-allow-credentials');
  if (isUnknown(acac)) return { ok: 'unknown', reason: `Access-Control-Allow-Credentials is unknown: ${acac.unknown}` };
  if (acac !== 'true') return { ok: false, name: 'InvalidAllowCredentials', parameter: acac ?? '' };
  return { ok: true };
}

/**
 * How the methods of a parsed `Access-Control-Allow-Methods` let the browser send `method` (as the browser sends
 * it): it is CORS-safelisted, listed (methods compare case-sensitively), or covered by `*` (only without
 * credentials: with them `*` is a literal name); `false` when none of these.
 */
function methodIn(methods: readonly string[], method: string, credentialed: boolean): 'safelisted' | 'listed' | 'wildcard' | false {
  if (methods.includes(method)) return 'listed';
  if (SAFELISTED_METHODS.has(method)) return 'safelisted';
  return !credentialed && methods.includes('*') ? 'wildcard' : false;
}

/**
 * How the lower-case names of a parsed `Access-Control-Allow-Headers` let the browser send header `name` (lower
 * case): listed, or covered by `*` (only without credentials); `false` when neither.
 */
function headerIn(allowed: readonly string[], name: string, credentialed: boolean): 'listed' | 'wildcard' | false {
  if (allowed.includes(name)) return 'listed';
  return !credentialed && allowed.includes('*') ? 'wildcard' : false;
}

/** What the browser makes of one method or request header against a preflight response's allow-list. */
export type Admission =
  | { result: 'allowed'; by: 'safelisted' | 'listed' | 'wildcard'; warning?: string }
  | { result: 'blocked'; reason: string }
  | { result: 'unknown'; reason: string };

/**
 * Whether a preflight response whose `Access-Control-Allow-Methods` is `value` (`null`: absent) lets the browser
 * send `method` (as the script writes it; the browser normalises it), with or without credentials.
 */
export function admitsMethod(value: Maybe<string | null>, method: string, credentialed: boolean): Admission {
  if (isUnknown(value)) return { result: 'unknown', reason: `Access-Control-Allow-Methods is unknown: ${value.unknown}` };
  const normalized = normalizeMethod(method);
  const methods = value === null ? [] : parseTokenList(value);
  if (!methods) return { result: 'blocked', reason: `'${value}' is not a list of methods` };
  const by = methodIn(methods, normalized, credentialed);
  if (by) return { result: 'allowed', by };
  return { result: 'blocked', reason: `${normalized} is not in Access-Control-Allow-Methods ${value === null ? '(absent)' : `'${value}'`}` };
}

/**
 * Whether a preflight response whose `Access-Control-Allow-Headers` is `value` (`null`: absent) lets the browser
 * send request header `name`, with or without credentials; `*` covering `Authorization` is allowed with Chromium's
 * deprecation warning.
 */
export function admitsHeader(value: Maybe<string | null>, name: string, credentialed: boolean): Admission {
  if (isUnknown(value)) return { result: 'unknown', reason: `Access-Control-Allow-Headers is unknown: ${value.unknown}` };
  const lower = name.toLowerCase();
  const allowed = value === null ? [] : parseTokenList(value)?.map((h) => h.toLowerCase());
  if (!allowed) return { result: 'blocked', reason: `'${value}' is not a list of header names` };
  const by = headerIn(allowed, lower, credentialed);
  if (by === 'wildcard' && lower === 'authorization') return { result: 'allowed', by, warning: AUTHORIZATION_COVERED_BY_WILDCARD };
  if (by) return { result: 'allowed', by };
  return { result: 'blocked', reason: `${lower} is not in Access-Control-Allow-Headers ${value === null ? '(absent)' : `'${value}'`}` };
}

/** Why a request needs a preflight (empty: it does not). */
export function preflightReasons(method: string, unsafe: readonly string[]): string[] {
  const reasons: string[] = [];
  if (!SAFELISTED_METHODS.has(method)) reasons.push(`${method} is not a CORS-safelisted method (GET, HEAD, POST)`);
  if (unsafe.length > 0) {
    reasons.push(`${unsafe.length === 1 ? 'the header' : 'the headers'} ${unsafe.join(', ')} ${unsafe.length === 1 ? 'is' : 'are'} not CORS-safelisted`);
  }
  return reasons;
}

/** Tracks the first failure and whether an undecided check came before it. */
class Verdict {
  error?: { name: CorsErrorName; parameter: string; url: string; redirectedFrom?: string };
  pending?: string;
  errorCertain = true;

  fail(name: CorsErrorName, parameter: string, url: string, redirectedFrom?: string): void {
    if (this.error) return;
    this.error = { name, parameter, url, redirectedFrom };
    if (this.pending) this.errorCertain = false;
  }

  undecided(reason: string): void {
    if (!this.error && !this.pending) this.pending = reason;
  }

  get blocked(): boolean {
    return this.error !== undefined;
  }
}

class FetchRun {
  private readonly checks: Check[] = [];
  private readonly warnings: string[] = [];
  private readonly verdict = new Verdict();
  private readonly method: string;
  private readonly headers: Array<[string, string]>;
  private readonly credentialed: boolean;
  private readonly unsafe: string[];

  constructor(
    private readonly session: BrowserSession,
    private readonly call: FetchCall,
    private readonly now: number,
  ) {
    this.method = normalizeMethod(call.method);
    const headers: Array<[string, string]> = [];
    for (const [name, value] of call.headers) {
      if (isForbiddenRequestHeader(name)) continue;
      headers.push([name.toLowerCase(), value]);
    }
    if (!headers.some(([n]) => n === 'accept')) headers.unshift(['accept', '*/*']);
    if (call.body !== undefined && call.body !== null && !headers.some(([n]) => n === 'content-type')) {
      headers.push(['content-type', 'text/plain;charset=UTF-8']);
    }
    this.headers = headers;
    const sameOrigin = originOf(call.url) === session.origin;
    this.credentialed = call.credentials === 'include' || (call.credentials === 'same-origin' && sameOrigin);
    this.unsafe = unsafeHeaderNames(headers);
  }

  run(): FetchResult {
    const url = this.call.url;
    const sameOrigin = originOf(url) === this.session.origin;
    const reasons = preflightReasons(this.method, this.unsafe);
    const preflight: PreflightPart = { needed: false, reasons: [], sent: false, fromCache: false };
    if (this.call.mode === 'no-cors') return this.noCors(preflight);
    if (sameOrigin) {
      const { response } = this.send(this.wire(url, this.session.origin, false));
      return this.finish(preflight, { sent: true, response }, response);
    }
    if (reasons.length > 0) {
      preflight.needed = true;
      preflight.reasons = reasons;
      this.runPreflight(url, this.session.origin, preflight);
      if (this.verdict.blocked) return this.finish(preflight, { sent: false }, undefined);
    }
    const result = this.runActual(url, preflight);
    // After an undecided preflight the actual request is sent only if the preflight passes.
    if (preflight.needed && this.pendingAfterPreflight && result.actual.sent === true) result.actual.sent = unknown(this.pendingAfterPreflight);
    return result;
  }

  private wire(url: string, origin: string | undefined, preflight: boolean): WireRequest {
    if (preflight) {
      const headers: Array<[string, string]> = [['accept', '*/*'], ['access-control-request-method', this.method]];
      if (this.unsafe.length > 0) headers.push(['access-control-request-headers', this.unsafe.join(',')]);
      if (origin !== undefined) headers.push(['origin', origin]);
      return { method: 'OPTIONS', url, headers, credentialed: false, preflight: true };
    }
    const headers: Array<[string, string]> = [...this.headers];
    if (origin !== undefined) headers.push(['origin', origin]);
    return { method: this.method, url, headers, credentialed: this.credentialed, preflight: false };
  }

  private send(request: WireRequest): { response: SimResponse; fromCache: boolean } {
    const cached = this.session.cached(request, this.now);
    if (cached) return { response: cached, fromCache: true };
    const response = this.session.answer(request);
    this.session.store(request, response, this.now);
    return { response, fromCache: false };
  }

  private check(phase: Check['phase'], name: string, result: Check['result'], detail: string): void {
    this.checks.push({ phase, name, result, detail });
  }

  private cacheKey(url: string, origin: string): string {
    return `${origin} ${url}`;
  }

  private pendingAfterPreflight?: string;

  private runPreflight(url: string, origin: string, part: PreflightPart): void {
    this.preflightCheck(url, origin, part);
    this.pendingAfterPreflight ??= this.verdict.pending;
  }

  private preflightCheck(url: string, origin: string, part: PreflightPart): void {
    const key = this.cacheKey(url, origin);
    const hit = this.session.findPreflight(key, this.credentialed, this.now);
    if (hit && this.allowedByEntry(hit)) {
      part.fromCache = true;
      this.check('preflight', 'preflight cache', 'pass', 'a cached preflight result covers this request, so no preflight is sent');
      return;
    }
    const request = this.wire(url, origin, true);
    part.request = request;
    part.sent = true;
    const response = this.session.answer(request);
    part.response = response;

    const redirect = isRedirect(response);
    if (redirect === true) {
      this.check('preflight', 'redirect', 'fail', 'the preflight response is a redirect, which a preflight may not follow');
      this.verdict.fail('PreflightDisallowedRedirect', '', url);
      return;
    }
    if (isUnknown(redirect)) this.verdict.undecided(redirect.unknown);

    const cors = corsCheck(response, origin, this.credentialed);
    if (cors.ok === true) this.check('preflight', 'CORS check', 'pass', this.corsPassDetail(response));
    else if (cors.ok === 'unknown') {
      this.check('preflight', 'CORS check', 'unknown', cors.reason);
      this.verdict.undecided(cors.reason);
    } else {
      this.check('preflight', 'CORS check', 'fail', this.corsFailDetail(cors.name, cors.parameter));
      this.verdict.fail(preflightVariant(cors.name), cors.parameter, url);
      return;
    }

    const status = response.status;
    if (isUnknown(status)) {
      this.check('preflight', 'status', 'unknown', `the status is unknown: ${status.unknown}`);
      this.verdict.undecided(`the preflight's status is unknown: ${status.unknown}`);
    } else if (status < 200 || status > 299) {
      this.check('preflight', 'status', 'fail', `${status} is not an ok status (200-299)`);
      this.verdict.fail('PreflightInvalidStatus', '', url);
      return;
    } else this.check('preflight', 'status', 'pass', `${status} is an ok status`);

    const acam = responseHeader(response, 'access-control-allow-methods');
    const acah = responseHeader(response, 'access-control-allow-headers');
    let methods: string[] | undefined;
    let headers: string[] | undefined;
    if (isUnknown(acam)) this.verdict.undecided(`Access-Control-Allow-Methods is unknown: ${acam.unknown}`);
    else {
      methods = acam === null ? [] : parseTokenList(acam);
      if (!methods) {
        this.check('preflight', 'Access-Control-Allow-Methods', 'fail', `'${acam}' is not a list of methods`);
        this.verdict.fail('InvalidAllowMethodsPreflightResponse', '', url);
        return;
      }
    }
    if (isUnknown(acah)) this.verdict.undecided(`Access-Control-Allow-Headers is unknown: ${acah.unknown}`);
    else {
      headers = acah === null ? [] : parseTokenList(acah)?.map((h) => h.toLowerCase());
      if (!headers) {
        this.check('preflight', 'Access-Control-Allow-Headers', 'fail', `'${acah}' is not a list of header names`);
        this.verdict.fail('InvalidAllowHeadersPreflightResponse', '', url);
        return;
      }
    }

    if (methods) {
      const ok = this.methodAllowed(methods);
      if (ok) this.check('preflight', 'method', 'pass', this.methodPassDetail(methods));
      else {
        this.check('preflight', 'method', 'fail', `${this.method} is not in Access-Control-Allow-Methods ${acam === null ? '(absent)' : `'${acam}'`}${methods.includes('*') && this.credentialed ? "; with credentials '*' is a literal method name" : ''}`);
        this.verdict.fail('MethodDisallowedByPreflightResponse', this.method, url);
        return;
      }
    } else this.check('preflight', 'method', 'unknown', 'Access-Control-Allow-Methods is unknown');

    if (headers) {
      const missing = this.missingHeader(headers);
      if (missing) {
        this.check('preflight', 'headers', 'fail', `${missing} is not in Access-Control-Allow-Headers ${acah === null ? '(absent)' : `'${acah}'`}${headers.includes('*') && this.credentialed ? "; with credentials '*' is a literal header name" : ''}`);
        this.verdict.fail('HeaderDisallowedByPreflightResponse', missing, url);
        return;
      }
      if (this.unsafe.length > 0) this.check('preflight', 'headers', 'pass', this.headersPassDetail(headers));
    } else if (this.unsafe.length > 0) this.check('preflight', 'headers', 'unknown', 'Access-Control-Allow-Headers is unknown');

    if (this.verdict.pending || !methods || !headers) return;
    const maxAge = this.maxAge(response);
    part.cacheSeconds = maxAge;
    this.session.storePreflight({
      key: this.cacheKey(url, origin),
      methods,
      headers,
      credentialed: this.credentialed,
      expires: maxAge > 0 ? this.now + maxAge * 1000 : 0,
    });
  }

  private methodAllowed(methods: readonly string[]): boolean {
    return methodIn(methods, this.method, this.credentialed) !== false;
  }

  /** The first request header (in sorted order) the allowed headers do not cover, or `undefined`. */
  private missingHeader(allowed: readonly string[]): string | undefined {
    for (const name of this.unsafe) {
      const by = headerIn(allowed, name, this.credentialed);
      if (by === false) return name;
      if (by === 'wildcard' && name === 'authorization' && !this.warnings.includes(AUTHORIZATION_COVERED_BY_WILDCARD)) this.warnings.push(AUTHORIZATION_COVERED_BY_WILDCARD);
    }
    return undefined;
  }

  private allowedByEntry(entry: PreflightEntry): boolean {
    if (!this.methodAllowed(entry.methods)) return false;
    return this.unsafe.every((h) => headerIn(entry.headers, h, this.credentialed) !== false);
  }

  /** Chromium: absent or unparsable → 5 s; 0 or negative → not cached; capped at 7200 s. */
  private maxAge(response: SimResponse): number {
    const value = responseHeader(response, 'access-control-max-age');
    if (typeof value !== 'string' || !/^-?\d+$/.test(value.trim())) return MAX_AGE_DEFAULT_SECONDS;
    const n = Number(value.trim());
    if (n <= 0) return 0;
    return Math.min(n, MAX_AGE_CAP_SECONDS);
  }

  private runActual(url: string, preflight: PreflightPart): FetchResult {
    let origin = this.session.origin;
    let current = url;
    let redirectedFrom: string | undefined;
    const chain: Array<{ request: WireRequest; response: SimResponse }> = [];
    let fromCache = false;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const request = this.wire(current, origin, false);
      const sent = this.send(request);
      fromCache = sent.fromCache;
      const response = sent.response;
      chain.push({ request, response });
      // An actual response whose status is unknown (a Lambda's answer) is taken as not a redirect: API backends
      // answer API calls, and the CORS check below does not depend on the status.
      const redirect = isRedirect(response);
      if (redirect !== true) {
        this.checkActual(response, origin, current, redirectedFrom);
        const actual: ActualPart = { sent: this.actualSent(chain, fromCache), fromCache, request, response, chain };
        return this.finish(preflight, actual, response);
      }
      // A redirect response to a CORS request must itself pass the CORS check.
      const cors = corsCheck(response, origin, this.credentialed);
      if (cors.ok === false) {
        this.check('redirect', 'CORS check', 'fail', this.corsFailDetail(cors.name, cors.parameter));
        this.verdict.fail(cors.name, cors.parameter, current, redirectedFrom);
        return this.finish(preflight, { sent: true, request, response, chain }, undefined);
      }
      if (cors.ok === 'unknown') this.verdict.undecided(cors.reason);
      const location = new URL(knownHeader(response, 'location')!, current).href;
      const from = originOf(current);
      const to = originOf(location);
      if (from !== to && origin !== from) origin = 'null';
      this.check('redirect', 'redirect', 'pass', `${response.status} to ${location}${origin === 'null' ? "; the next request carries 'Origin: null'" : ''}`);
      redirectedFrom ??= url;
      current = location;
      if (from !== to && preflight.needed) {
        this.runPreflight(current, origin, preflight);
        if (this.verdict.blocked) return this.finish(preflight, { sent: true, chain }, undefined);
      }
    }
    this.verdict.undecided('too many redirects');
    return this.finish(preflight, { sent: true, chain }, undefined);
  }

  private actualSent(chain: ReadonlyArray<{ request: WireRequest }>, fromCache: boolean): boolean | Unknown {
    if (fromCache && chain.length === 1) return false;
    return true;
  }

  private checkActual(response: SimResponse, origin: string, url: string, redirectedFrom: string | undefined): void {
    const cors = corsCheck(response, origin, this.credentialed);
    if (cors.ok === true) this.check('actual', 'CORS check', 'pass', this.corsPassDetail(response));
    else if (cors.ok === 'unknown') {
      this.check('actual', 'CORS check', 'unknown', cors.reason);
      this.verdict.undecided(cors.reason);
    } else {
      this.check('actual', 'CORS check', 'fail', this.corsFailDetail(cors.name, cors.parameter));
      this.verdict.fail(cors.name, cors.parameter, url, redirectedFrom);
    }
  }

  private finish(preflight: PreflightPart, actual: ActualPart, response: SimResponse | undefined): FetchResult {
    const result: FetchResult = { outcome: 'allowed', preflight, actual, warnings: this.warnings, checks: this.checks };
    const v = this.verdict;
    if (v.error) {
      result.outcome = 'blocked';
      result.error = corsError(v.error.name, v.error.parameter, { url: v.error.url, origin: this.session.origin, redirectedFrom: v.error.redirectedFrom });
      result.errorCertain = v.errorCertain;
      if (!v.errorCertain) result.unknownReason = v.pending;
      return result;
    }
    if (v.pending) {
      result.outcome = 'unknown';
      result.unknownReason = v.pending;
    }
    if (response) {
      result.status = response.status;
      result.readable = (name) => this.readable(response, name);
      result.readHeader = (name) => {
        const ok = this.readable(response, name);
        if (isUnknown(ok)) return ok;
        return ok ? responseHeader(response, name) : null;
      };
    }
    return result;
  }

  private readable(response: SimResponse, name: string): Maybe<boolean> {
    const lower = name.toLowerCase();
    if (SAFELISTED_RESPONSE_HEADERS.has(lower)) return true;
    const aceh = responseHeader(response, 'access-control-expose-headers');
    if (isUnknown(aceh)) return aceh;
    const names = (aceh === null ? [] : (parseTokenList(aceh) ?? [])).map((h) => h.toLowerCase());
    if (names.includes(lower)) return true;
    return !this.credentialed && names.includes('*');
  }

  private noCors(preflight: PreflightPart): FetchResult {
    // A no-cors GET or HEAD carries no Origin header; the response is opaque and never checked.
    const origin = this.method === 'GET' || this.method === 'HEAD' ? undefined : this.session.origin;
    const request = this.wire(this.call.url, origin, false);
    const sent = this.send(request);
    return { outcome: 'opaque', preflight, actual: { sent: !sent.fromCache, fromCache: sent.fromCache, request, response: sent.response }, warnings: [], checks: [] };
  }

  private corsPassDetail(response: SimResponse): string {
    const acao = responseHeader(response, 'access-control-allow-origin');
    const text = typeof acao === 'string' ? `Access-Control-Allow-Origin '${acao}'` : 'Access-Control-Allow-Origin';
    if (acao === '*') return `${text} allows any origin (the request carries no credentials)`;
    return this.credentialed ? `${text} equals the page's origin and Access-Control-Allow-Credentials is 'true'` : `${text} equals the page's origin`;
  }

  private corsFailDetail(name: CorsErrorName, parameter: string): string {
    switch (name) {
      case 'MissingAllowOriginHeader':
        return 'the response has no Access-Control-Allow-Origin header';
      case 'MultipleAllowOriginValues':
        return `Access-Control-Allow-Origin '${parameter}' holds more than one value`;
      case 'InvalidAllowOriginValue':
        return `Access-Control-Allow-Origin '${parameter}' is not an origin`;
      case 'AllowOriginMismatch':
        return `Access-Control-Allow-Origin '${parameter}' is not the page's origin '${this.session.origin}'`;
      case 'WildcardOriginNotAllowed':
        return "Access-Control-Allow-Origin is '*', which a request with credentials may not use";
      case 'InvalidAllowCredentials':
        return `the request carries credentials, but Access-Control-Allow-Credentials is ${parameter === '' ? 'absent' : `'${parameter}'`}, not 'true'`;
      default:
        return name;
    }
  }

  private methodPassDetail(methods: readonly string[]): string {
    if (SAFELISTED_METHODS.has(this.method)) return `${this.method} is CORS-safelisted`;
    if (methods.includes(this.method)) return `${this.method} is in Access-Control-Allow-Methods '${methods.join(',')}'`;
    return `Access-Control-Allow-Methods '*' allows ${this.method} (the request carries no credentials)`;
  }

  private headersPassDetail(allowed: readonly string[]): string {
    const wildcard = this.unsafe.filter((h) => !allowed.includes(h));
    const named = this.unsafe.filter((h) => allowed.includes(h));
    const parts: string[] = [];
    if (named.length > 0) parts.push(`${named.join(', ')} ${named.length === 1 ? 'is' : 'are'} listed in Access-Control-Allow-Headers`);
    if (wildcard.length > 0) {
      parts.push(`'*' covers ${wildcard.join(', ')}`);
      if (wildcard.includes('authorization')) parts.push("Chromium 156 still lets '*' cover Authorization, with the deprecation AuthorizationCoveredByWildcard; the Fetch standard does not, so list it by name");
    }
    return parts.join('; ');
  }
}
