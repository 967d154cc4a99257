/**
 * The handler stage's result for one template ({@link HandlerResults}), and the glue between the analysis and the
 * simulator: what a Lambda proxy handler answers, as API Gateway receives it. A `HandlerAnalysis` says, per return
 * path, whether the response carries `Access-Control-Allow-Origin` and with which value; a `HandlerAnswer` says
 * which headers each response sends, in the form the request simulation reads. This is the one place that
 * converts the first into the second.
 */
import type { HandlerAnswer, HandlerAnswerResponse, HandlerHeaderValue, TemplateHandlers } from '../model/handlers.js';
import { proxyRoutes } from '../model/proxy-routes.js';
import { reachesRoute } from '../model/request-guard.js';
import type { CorsModel, Route } from '../model/types.js';
import type { LocatedNote } from '../types.js';
import type { HandlerAnalysis, HandlerOrigin, HandlerResponse } from './types.js';

const ACAO = 'access-control-allow-origin';
const ACAC = 'access-control-allow-credentials';

/** Why a handler's other response headers are unknown. */
export const OTHER_HEADERS = 'the handler analysis reads only Access-Control-Allow-Origin and Access-Control-Allow-Credentials';

function sameValue(a: HandlerHeaderValue, b: HandlerHeaderValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function originValue(origin: HandlerOrigin): HandlerHeaderValue {
  switch (origin.kind) {
    case 'literal':
      return origin.value;
    case 'reflected':
      return { fromRequest: 'origin' };
    default:
      return { unknown: `the handler computes it at run time (${origin.reason})` };
  }
}

function describeOrigin(origin: HandlerOrigin): string {
  return origin.kind === 'literal' ? `'${origin.value}'` : origin.kind === 'reflected' ? "the request's Origin" : origin.reason;
}

/** One header value for the origins a response may send: the value when they all agree, else unknown. */
function allowOriginValue(origins: readonly HandlerOrigin[]): HandlerHeaderValue {
  if (origins.length === 0) return { unknown: 'the handler sets it to a value that is not read' };
  const values = origins.map(originValue);
  const unknownOne = values.find((v) => typeof v === 'object' && 'unknown' in v);
  if (unknownOne) return unknownOne;
  if (values.every((v) => sameValue(v, values[0]!))) return values[0]!;
  const choices = [...new Set(origins.map(describeOrigin))];
  return { unknown: `the handler chooses it at run time, between ${choices.join(' and ')}` };
}

function responseAnswer(response: HandlerResponse): HandlerAnswerResponse {
  const headers: Record<string, HandlerHeaderValue> = {};
  const absent: string[] = [];
  if (response.allowOrigin === 'present') headers[ACAO] = allowOriginValue(response.origins ?? []);
  else if (response.allowOrigin === 'missing') absent.push(ACAO);
  else headers[ACAO] = { unknown: response.note ?? 'whether the handler sets it cannot be read' };
  if (response.credentials === true) headers[ACAC] = 'true';
  else if (response.credentials === false) absent.push(ACAC);
  const status = response.statusCode !== undefined && /^\d{3}$/.test(response.statusCode) ? Number(response.statusCode) : undefined;
  const out: HandlerAnswerResponse = { loc: response.loc, headers, otherHeaders: OTHER_HEADERS };
  if (status !== undefined) out.statusCode = status;
  if (absent.length > 0) out.absent = absent;
  return out;
}

/**
 * What a handler answers, from what its analysis found; for `route`, only the return paths its requests can take
 * (a path guarded by a test on the method or resource that the route's requests never meet is left out).
 */
export function handlerAnswer(analysis: HandlerAnalysis, route?: Route): HandlerAnswer {
  if (analysis.status === 'unknown') return { responses: [], complete: false, reason: `its handler is not read (${analysis.reason ?? 'no reason given'})` };
  if (analysis.responses.length === 0) {
    return { responses: [], complete: false, reason: `its handler${analysis.handler ? ` '${analysis.handler}'` : ''} returns no response object that can be read` };
  }
  const responses = route ? analysis.responses.filter((r) => reachesRoute(r.guard, route)) : analysis.responses;
  if (responses.length === 0) return { responses: [], complete: false, reason: 'none of its handler\'s return paths is taken by requests of this route' };
  // A return path that cannot be read is one of the responses, with an unknown Access-Control-Allow-Origin.
  return { responses: responses.map(responseAnswer), complete: true };
}

const routeKey = (apiId: string, functionId: string): string => `${apiId}\u0000${functionId}`;

/**
 * What the handler stage found for one template: the analysis of each function it looked at, and what each proxy
 * route in scope (`proxyRoutes`) answers: the return paths of its function's analysis that the route's requests can
 * take. Routes that take the same return paths of one analysis (the same function, or functions with the same
 * handler code) share one answer object. A route is found by its API, function, method and path, not by identity,
 * so that a copy of an API (the fix search patches copies) finds the same answers. Holds no model.
 */
export class HandlerResults implements TemplateHandlers {
  /** Which analysis answers for the proxy routes in scope, by API and function. */
  private readonly scope = new Map<string, HandlerAnalysis>();
  /** Answers by analysis and by the return paths a route can take: routes that take the same ones share one. */
  private readonly answers = new Map<HandlerAnalysis, Map<string, HandlerAnswer>>();

  constructor(
    model: CorsModel,
    private readonly analyses: ReadonlyMap<string, HandlerAnalysis>,
    readonly notes: readonly LocatedNote[] = [],
  ) {
    for (const { route, fn } of proxyRoutes(model)) {
      const analysis = fn && analyses.get(fn.id);
      if (!analysis) continue;
      this.scope.set(routeKey(route.apiId, fn.id), analysis);
      this.answerFor(route);
    }
  }

  forFunction(id: string): HandlerAnalysis | undefined {
    return this.analyses.get(id);
  }

  answerFor(route: Route): HandlerAnswer | undefined {
    const { type, functionId } = route.integration;
    const analysis = type === 'lambda-proxy' && functionId !== undefined ? this.scope.get(routeKey(route.apiId, functionId)) : undefined;
    if (!analysis) return undefined;
    const reach = analysis.responses.map((r) => (reachesRoute(r.guard, route) ? '1' : '0')).join('');
    let byReach = this.answers.get(analysis);
    if (!byReach) this.answers.set(analysis, (byReach = new Map()));
    let answer = byReach.get(reach);
    if (!answer) byReach.set(reach, (answer = handlerAnswer(analysis, route)));
    return answer;
  }
}
