/**
 * What reading a Lambda handler's source finds out. The types live in the model layer (`src/model/handlers.ts`),
 * so that rules and the simulator read them without importing this stage; the readers import them from here.
 */
export type { HandlerAnalysis, HandlerOrigin, HandlerResponse, SourceLanguage } from '../model/handlers.js';
