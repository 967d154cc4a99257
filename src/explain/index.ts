/**
 * `explain`: simulates a browser's request against an API of the template with the simulator (`src/simulate`),
 * looks for the smallest fix when it is blocked (`fix.ts`), reads the question from the command line
 * (`request.ts`) and formats the story, JSON and route matrix (`format.ts`).
 */

export {
  allowedOrigins,
  chooseApi,
  explainableApis,
  explainMatrix,
  explainRequest,
  type Explanation,
  type Matrix,
  type MatrixCell,
  type MatrixOptions,
  type MatrixRow,
} from './explain.js';
export type { Fix } from './fix.js';
export { explanationJson, formatExplanation, formatMatrix, matrixJson, type Where } from './format.js';
export { parseCredentials, parseHeader, parseMethod, parseOrigin, parsePath, RequestError, type ExplainRequest } from './request.js';
