/** Every rule cors-lint ships, in one list. A new rule is one file in this folder and one line here. */
import type { Rule } from '../src/engine/rule.js';
import type { CorsModel } from '../src/model/types.js';
import authHeaderNotAllowed from './auth-header-not-allowed.js';
import defaultRouteSwallowsPreflight from './default-route-swallows-preflight.js';
import gatewayResponsesMissingCors from './gateway-responses-missing-cors.js';
import methodsBroaderThanRoutes from './methods-broader-than-routes.js';
import missingAllowHeaders from './missing-allow-headers.js';
import preflightAuthorizer from './preflight-authorizer.js';
import responseHeaderNotDeclared from './response-header-not-declared.js';
import routeMethodNotAllowed from './route-method-not-allowed.js';
import wildcardOrigin from './wildcard-origin.js';

export const rules: ReadonlyArray<Rule<CorsModel>> = [
  wildcardOrigin,
  preflightAuthorizer,
  defaultRouteSwallowsPreflight,
  authHeaderNotAllowed,
  missingAllowHeaders,
  routeMethodNotAllowed,
  methodsBroaderThanRoutes,
  gatewayResponsesMissingCors,
  responseHeaderNotDeclared,
];
