/**
 * Types of the request simulator: what goes over the wire between the browser and API Gateway, with room for
 * what the template does not let us know.
 */

/** A value the template does not determine, with the reason (shown in the story). */
export interface Unknown {
  unknown: string;
}

export type Maybe<T> = T | Unknown;

export function isUnknown(value: unknown): value is Unknown {
  return typeof value === 'object' && value !== null && 'unknown' in value;
}

export function unknown(reason: string): Unknown {
  return { unknown: reason };
}

export type CredentialsMode = 'omit' | 'same-origin' | 'include';

/** A page's request, as its script makes it (what `explain` asks, and what rules ask for a route). */
export interface PageRequest {
  /** The page's serialised origin (`https://app.example.com`), or `null`. */
  origin: string;
  /** The method as the script passes it to `fetch` (`patch` stays `patch`). */
  method: string;
  /** The resource path (without the stage), e.g. `/orders/42`. */
  path: string;
  /** Request headers the script sets. */
  headers: Array<[string, string]>;
  credentials: CredentialsMode;
}

/** A request as it reaches the server (header names in lower case, in the order the browser sends them). */
export interface WireRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  headers: Array<[string, string]>;
  /** The browser sends cookies and other credentials with it. */
  credentialed: boolean;
  /** An `OPTIONS` request with `Access-Control-Request-Method`. */
  preflight: boolean;
}

export interface ResponseHeader {
  name: string;
  value: Maybe<string>;
}

/** A response as the server sends it. Header values, the status and unlisted headers may be unknown. */
export interface SimResponse {
  status: Maybe<number>;
  /** One entry per header line; a name may appear more than once. */
  headers: ResponseHeader[];
  /**
   * Set when headers other than those listed may be present (a Lambda proxy's answer that was not analysed):
   * `except` names (lower case) whose presence is nevertheless known from `headers`.
   */
  otherHeaders?: { unknown: string; except: string[] };
  body?: string;
}

/** Chromium's CORS error names (DevTools `corsErrorStatus.corsError`). */
export type CorsErrorName =
  | 'MissingAllowOriginHeader'
  | 'MultipleAllowOriginValues'
  | 'InvalidAllowOriginValue'
  | 'AllowOriginMismatch'
  | 'WildcardOriginNotAllowed'
  | 'InvalidAllowCredentials'
  | 'PreflightMissingAllowOriginHeader'
  | 'PreflightMultipleAllowOriginValues'
  | 'PreflightInvalidAllowOriginValue'
  | 'PreflightAllowOriginMismatch'
  | 'PreflightWildcardOriginNotAllowed'
  | 'PreflightInvalidAllowCredentials'
  | 'PreflightInvalidStatus'
  | 'PreflightDisallowedRedirect'
  | 'InvalidAllowMethodsPreflightResponse'
  | 'InvalidAllowHeadersPreflightResponse'
  | 'MethodDisallowedByPreflightResponse'
  | 'HeaderDisallowedByPreflightResponse';

/** Why the browser blocked a request, in Chromium's own words. */
export interface CorsError {
  name: CorsErrorName;
  /** DevTools `failedParameter`: the offending value, or `''`. */
  parameter: string;
  /** The reason part of Chromium's console message. */
  reason: string;
  /** Chromium's whole console sentence. */
  message: string;
}

export type Outcome = 'allowed' | 'blocked' | 'unknown';

/** One check the browser makes, for the story. */
export interface Check {
  phase: 'preflight' | 'actual' | 'redirect';
  name: string;
  result: 'pass' | 'fail' | 'unknown';
  detail: string;
}
