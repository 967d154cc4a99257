/**
 * Chromium's words for a blocked request: the DevTools error name and the console sentence, as Chromium 156
 * prints them (recorded with `../shared/tools/browser-cors`, cors-reference §1.11).
 */
import type { CorsError, CorsErrorName } from './types.js';

const VALID_VALUE = ' Have the server send the header with a valid value.';
const PREFLIGHT = "Response to preflight request doesn't pass access control check: ";

const PREFLIGHT_VARIANT: Partial<Record<CorsErrorName, CorsErrorName>> = {
  MissingAllowOriginHeader: 'PreflightMissingAllowOriginHeader',
  MultipleAllowOriginValues: 'PreflightMultipleAllowOriginValues',
  InvalidAllowOriginValue: 'PreflightInvalidAllowOriginValue',
  AllowOriginMismatch: 'PreflightAllowOriginMismatch',
  WildcardOriginNotAllowed: 'PreflightWildcardOriginNotAllowed',
  InvalidAllowCredentials: 'PreflightInvalidAllowCredentials',
};

/** The preflight name Chromium gives a failed CORS check on a preflight response. */
export function preflightVariant(name: CorsErrorName): CorsErrorName {
  return PREFLIGHT_VARIANT[name] ?? name;
}

function baseReason(name: CorsErrorName, parameter: string): string {
  switch (name) {
    case 'MissingAllowOriginHeader':
    case 'PreflightMissingAllowOriginHeader':
      return "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    case 'MultipleAllowOriginValues':
    case 'PreflightMultipleAllowOriginValues':
      return `The 'Access-Control-Allow-Origin' header contains multiple values '${parameter}', but only one is allowed.${VALID_VALUE}`;
    case 'InvalidAllowOriginValue':
    case 'PreflightInvalidAllowOriginValue':
      return `The 'Access-Control-Allow-Origin' header contains the invalid value '${parameter}'.${VALID_VALUE}`;
    case 'AllowOriginMismatch':
    case 'PreflightAllowOriginMismatch':
      return `The 'Access-Control-Allow-Origin' header has a value '${parameter}' that is not equal to the supplied origin.${VALID_VALUE}`;
    case 'WildcardOriginNotAllowed':
    case 'PreflightWildcardOriginNotAllowed':
      return "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.";
    case 'InvalidAllowCredentials':
    case 'PreflightInvalidAllowCredentials':
      return `The value of the 'Access-Control-Allow-Credentials' header in the response is '${parameter}' which must be 'true' when the request's credentials mode is 'include'.`;
    case 'PreflightInvalidStatus':
      return 'It does not have HTTP ok status.';
    case 'PreflightDisallowedRedirect':
      return 'Redirect is not allowed for a preflight request.';
    case 'InvalidAllowMethodsPreflightResponse':
      return 'Cannot parse Access-Control-Allow-Methods response header field in preflight response.';
    case 'InvalidAllowHeadersPreflightResponse':
      return 'Cannot parse Access-Control-Allow-Headers response header field in preflight response.';
    case 'MethodDisallowedByPreflightResponse':
      return `Method ${parameter} is not allowed by Access-Control-Allow-Methods in preflight response.`;
    case 'HeaderDisallowedByPreflightResponse':
      return `Request header field ${parameter} is not allowed by Access-Control-Allow-Headers in preflight response.`;
  }
}

/** Errors that Chromium prefixes with "Response to preflight request doesn't pass access control check". */
function hasPreflightPrefix(name: CorsErrorName): boolean {
  return name.startsWith('Preflight');
}

/** The reason part of the console message: what follows "has been blocked by CORS policy: ". */
export function reasonText(name: CorsErrorName, parameter: string): string {
  return (hasPreflightPrefix(name) ? PREFLIGHT : '') + baseReason(name, parameter);
}

/** Builds the error with Chromium's console sentence for a fetch from `origin` to `url`. */
export function corsError(name: CorsErrorName, parameter: string, where: { url: string; origin: string; redirectedFrom?: string }): CorsError {
  const reason = reasonText(name, parameter);
  const target = where.redirectedFrom ? `'${where.url}' (redirected from '${where.redirectedFrom}')` : `'${where.url}'`;
  return {
    name,
    parameter,
    reason,
    message: `Access to fetch at ${target} from origin '${where.origin}' has been blocked by CORS policy: ${reason}`,
  };
}

/** The DevTools deprecation Chromium 156 reports when `Access-Control-Allow-Headers: *` covers `Authorization`. */
export const AUTHORIZATION_COVERED_BY_WILDCARD = 'AuthorizationCoveredByWildcard';
