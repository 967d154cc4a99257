/**
 * The request simulator: what API Gateway answers a request as the template configures it (`gateway.ts`, route
 * matching in `routes.ts`), and what Chromium does with the answer (`browser.ts`, its error sentences in
 * `chromium.ts`), both pure. `explain` prints its stories; rules ask it instead of re-deriving API Gateway's
 * behaviour (`outcome.ts`). It does no I/O and knows nothing of the `explain` command.
 */

export { authChecks, credentialHeaders, preflightRejections, type AuthCheck, type NeededHeader } from './auth.js';
export { mockTakesBinary } from './binary.js';
export {
  admitsHeader,
  admitsMethod,
  BrowserSession,
  corsCheck,
  preflightReasons,
  responseHeader,
  simulateFetch,
  type Admission,
  type FetchCall,
  type FetchResult,
  type Server,
} from './browser.js';
export { corsError, reasonText } from './chromium.js';
export { assume, type Assumed } from './conditions.js';
export { answer, describeRoute, preflightAllowLists, samComputedMethods, wildcardHeadersAsWritten, type AnswerKind, type GatewayAnswer } from './gateway.js';
export { isDefaultRoute, matchHttp, matchRest, samplePath } from './routes.js';
export { policyAdmits, preflightOutcome, type AllowQuestion, type PolicyAdmission } from './outcome.js';
export { apiUrl, routeHeaders, simulate, type PathOutcome, type Simulation } from './simulate.js';
export * from './types.js';
