/** Every rule cors-lint ships, in one list. A new rule is one file in this folder and one line here. */
import type { CorsRule } from '../src/model/facts.js';
import allowCredentialsNotBoolean from './allow-credentials-not-boolean.js';
import authHeaderNotAllowed from './auth-header-not-allowed.js';
import binaryMediaTypesBreakPreflight from './binary-media-types-break-preflight.js';
import corsNeedsInlineDefinition from './cors-needs-inline-definition.js';
import corsValueRejected from './cors-value-rejected.js';
import credentialsWithWildcard from './credentials-with-wildcard.js';
import defaultRouteSwallowsPreflight from './default-route-swallows-preflight.js';
import duplicateKey from './duplicate-key.js';
import eventsOnImplicitApi from './events-on-implicit-api.js';
import gatewayResponsesMissingCors from './gateway-responses-missing-cors.js';
import globalsCorsMerge from './globals-cors-merge.js';
import insecureOrigin from './insecure-origin.js';
import malformedOrigin from './malformed-origin.js';
import maxAgeOverCap from './max-age-over-cap.js';
import methodsBroaderThanRoutes from './methods-broader-than-routes.js';
import missingAllowHeaders from './missing-allow-headers.js';
import missingInnerQuotes from './missing-inner-quotes.js';
import multipleOrigins from './multiple-origins.js';
import nullOrigin from './null-origin.js';
import originNotAllowed from './origin-not-allowed.js';
import preflightAuthorizer from './preflight-authorizer.js';
import proxyMissingAllowOrigin from './proxy-missing-allow-origin.js';
import proxyOriginMismatch from './proxy-origin-mismatch.js';
import reflectedOrigin from './reflected-origin.js';
import responseHeaderNotDeclared from './response-header-not-declared.js';
import routeMethodNotAllowed from './route-method-not-allowed.js';
import unknownCorsKey from './unknown-cors-key.js';
import unsupportedOriginPattern from './unsupported-origin-pattern.js';
import wildcardHeaders from './wildcard-headers.js';
import wildcardOrigin from './wildcard-origin.js';

export const rules: ReadonlyArray<CorsRule> = [
  allowCredentialsNotBoolean,
  authHeaderNotAllowed,
  binaryMediaTypesBreakPreflight,
  corsNeedsInlineDefinition,
  corsValueRejected,
  credentialsWithWildcard,
  defaultRouteSwallowsPreflight,
  duplicateKey,
  eventsOnImplicitApi,
  gatewayResponsesMissingCors,
  globalsCorsMerge,
  insecureOrigin,
  malformedOrigin,
  maxAgeOverCap,
  methodsBroaderThanRoutes,
  missingAllowHeaders,
  missingInnerQuotes,
  multipleOrigins,
  nullOrigin,
  originNotAllowed,
  preflightAuthorizer,
  proxyMissingAllowOrigin,
  proxyOriginMismatch,
  reflectedOrigin,
  responseHeaderNotDeclared,
  routeMethodNotAllowed,
  unknownCorsKey,
  unsupportedOriginPattern,
  wildcardHeaders,
  wildcardOrigin,
];
