/**
 * What reading a Lambda handler's source found out: per return path, whether the response carries an
 * `Access-Control-Allow-Origin` header and with which value. The model carries one analysis per function
 * (`LambdaFunction.handlerAnalysis`); the rules read it there.
 */
import type { RequestGuard } from '../model/request-guard.js';
import type { Loc, Via } from '../types.js';

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
