/**
 * `explain`: simulates a browser's request against an API of the template. Two halves, both pure:
 * `gateway.ts` (what API Gateway answers) and `browser.ts` (what Chromium does with the answer). Rules may ask
 * the evaluator too, e.g. `preflightOutcome` for "does this route's own method pass the preflight".
 */

export { BrowserSession, corsCheck, preflightReasons, responseHeader, simulateFetch, type FetchCall, type FetchResult, type Server } from './browser.js';
export { corsError, reasonText } from './chromium.js';
export {
  allowedOrigins,
  apiUrl,
  chooseApi,
  explainableApis,
  explainMatrix,
  explainRequest,
  routeHeaders,
  simulate,
  type Explanation,
  type Matrix,
  type MatrixCell,
  type MatrixOptions,
  type MatrixRow,
  type Simulation,
} from './explain.js';
export type { Fix } from './fix.js';
export { explanationJson, formatExplanation, formatMatrix, matrixJson, type Where } from './format.js';
export { answer, type AnswerKind, type GatewayAnswer } from './gateway.js';
export { parseCredentials, parseHeader, parseMethod, parseOrigin, parsePath, RequestError, type ExplainRequest } from './request.js';
export { isDefaultRoute, matchHttp, matchRest, samplePath } from './routes.js';
export { preflightOutcome } from './outcome.js';
export * from './types.js';
