/**
 * What the handler stage gives the rules and the simulator: per Lambda function, what reading its handler's
 * source found (`HandlerAnalysis`), and per proxy route, what the handler answers as API Gateway receives it
 * (`HandlerAnswer`). The stage (`src/handlers`) fills these; they are defined here, in the model layer, so that a
 * rule or the simulator reads them without importing the stage. The stage never writes into the model: it returns
 * one {@link TemplateHandlers} per template.
 */
import type { Loc, LocatedNote, Via } from '../types.js';
import type { RequestGuard } from './request-guard.js';
import type { Route } from './types.js';

export type SourceLanguage = 'javascript' | 'typescript' | 'python';

/** The `Access-Control-Allow-Origin` value a response carries. */
export type HandlerOrigin =
  /** A literal string (`'*'`, `'https://app.example.com'`). */
  | { kind: 'literal'; value: string; loc: Loc; via?: Via[] }
  /** The request's `Origin` header sent back without any allow-list check in the handler. */
  | { kind: 'reflected'; loc: Loc; via?: Via[]; how: string }
  /** Anything else: an environment variable, a value chosen from an allow-list, a computed string. */
  | { kind: 'dynamic'; loc: Loc; via?: Via[]; reason: string };

/** One return path of the handler that returns a response object (or a middleware that answers for all of them). */
export interface HandlerResponse {
  /** Where the response is built: the object literal (or the `return`, or the middleware call). */
  loc: Loc;
  /** How it got there: helper functions, imported modules, the variable it was built in. */
  via: Via[];
  /** `present`: the header is set; `missing`: it certainly is not; `unknown`: cannot tell. */
  allowOrigin: 'present' | 'missing' | 'unknown';
  /** The header's values, when present (several when the code chooses between them). */
  origins?: HandlerOrigin[];
  /**
   * `true`: the response also sends `Access-Control-Allow-Credentials: true` (a literal); `false`: it certainly
   * sends no `Access-Control-Allow-Credentials`; absent: cannot tell.
   */
  credentials?: boolean;
  /** The status code, when it is a literal. */
  statusCode?: string;
  /** Why the answer is `unknown`, or which middleware sets the header. */
  note?: string;
  /**
   * The condition on the request (method, resource, path) under which the code takes this return path, when it
   * tests one: a route whose requests never meet it is not answered by this response.
   */
  guard?: RequestGuard;
}

/** What reading one function's handler found out. */
export interface HandlerAnalysis {
  /** `analysed`: the handler function was found and read; `unknown`: it could not be (see `reason`). */
  status: 'analysed' | 'unknown';
  /** Why the handler could not be read (a runtime that is not read, a file that is not there, …). */
  reason?: string;
  /** The handler as the template names it (`app.handler`). */
  handler?: string;
  /** The source file read: a handler file, or the template for inline code. */
  file?: string;
  language?: SourceLanguage;
  /** Where the handler function is defined. */
  loc?: Loc;
  /** Every return path that returns something response-like. */
  responses: HandlerResponse[];
}

/**
 * A response header a Lambda handler sets: a literal, a request header's value sent back as it came
 * (`{ fromRequest: 'origin' }`), or unknown, with why.
 */
export type HandlerHeaderValue = string | { fromRequest: string } | { unknown: string };

/** One return path of a Lambda proxy handler, as API Gateway receives it. */
export interface HandlerAnswerResponse {
  /** Where the response is returned (the `return` or the object literal). */
  loc: Loc;
  /** The status code, when it is a literal. */
  statusCode?: number;
  /** Response headers it sets: lower-case name → value. */
  headers: Record<string, HandlerHeaderValue>;
  /** Lower-case names of headers it certainly does not set. */
  absent?: string[];
  /** Set when headers other than those in `headers` and `absent` may be sent: why they are not known. */
  otherHeaders?: string;
}

/** The responses a Lambda proxy handler returns, one per return path (from its {@link HandlerAnalysis}). */
export interface HandlerAnswer {
  responses: HandlerAnswerResponse[];
  /** True when every return path of the handler was understood. */
  complete: boolean;
  /** When `responses` is empty: why nothing is known of the handler's answer. */
  reason?: string;
}

/**
 * What the simulator asks of the handler stage: what the handler behind a route answers. `undefined` when the
 * stage did not look at the route's handler (it is not a Lambda proxy route of a REST API with CORS intent, see
 * `src/model/proxy-routes.ts`, or handlers were not read): the simulator then treats the answer's headers as unknown.
 * Routes served by handlers that share one analysis share one answer object.
 */
export interface HandlerAnswers {
  answerFor(route: Route): HandlerAnswer | undefined;
}

/** The handler stage's result for one template, as rules receive it (`context.handlers`). */
export interface TemplateHandlers extends HandlerAnswers {
  /** What reading the handler of function `id` found; `undefined` when the stage did not look at it. */
  forFunction(id: string): HandlerAnalysis | undefined;
  /** What the stage could not read (a handler, a response, a function the template does not declare). */
  readonly notes: readonly LocatedNote[];
}

/** The handler stage's result for a template whose handlers were not looked at. */
export const NO_HANDLERS: TemplateHandlers = Object.freeze({
  forFunction: () => undefined,
  answerFor: () => undefined,
  notes: Object.freeze([]),
});
