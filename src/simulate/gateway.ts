/**
 * The API Gateway half: given an API from the model and a request on the wire, what API Gateway answers — which
 * route matches, whether an authorizer, IAM or an API key rejects the request (and whether a gateway response
 * adds CORS headers to that error), who answers a preflight (SAM's MOCK `OPTIONS`, a hand-written `OPTIONS`,
 * HTTP API's automatic preflight, a catch-all route), and the CORS headers of the actual response. Pure
 * functions; what the template does not determine (a Lambda's answer, an unresolved value) stays unknown.
 *
 * Sources: cors-reference §2 (SAM REST `Cors`, `Auth`), §3.4 (HTTP API CORS and routing), §4 (raw REST,
 * gateway responses).
 */
import { listItems } from '../model/values.js';
import type { HandlerAnswers, HandlerHeaderValue } from '../model/handlers.js';
import type { Api, CorsPolicy, GatewayResponse, ResponseHeaders, Route, RouteAuth, Scalar, SettingVal } from '../model/types.js';
import type { Loc } from '../types.js';
import { authChecks, checkRequest } from './auth.js';
import { mockTakesBinary } from './binary.js';
import { isDefaultRoute, matchHttp, matchRest } from './routes.js';
import { isUnknown, unknown, type Maybe, type ResponseHeader, type SimResponse, type Unknown, type WireRequest } from './types.js';

export type AnswerKind =
  | 'options-mock' // REST: SAM's generated MOCK OPTIONS, or a hand-written MOCK OPTIONS method
  | 'http-automatic-preflight' // HTTP API with a CORS configuration and no route for OPTIONS
  | 'function-url-preflight' // Lambda answers a function URL's preflight from its Cors configuration
  | 'integration' // the route's integration answers (a Lambda, an HTTP backend, a MOCK)
  | 'rejected' // an authorizer, IAM or a missing API key rejects the request
  | 'undecided' // whether the route's authorization lets the request through is not known
  | 'no-route'; // no resource, method or route matches

export interface GatewayAnswer {
  kind: AnswerKind;
  response: SimResponse;
  /** For a Lambda proxy whose handler was analysed: one response per return path, with where it is returned. */
  alternatives?: Array<{ label: string; loc?: Loc; response: SimResponse }>;
  route?: Route;
  /** The REST resource path or HTTP route path that matched. */
  matched?: string;
  /** What API Gateway does with the request, in order, one sentence each. */
  story: string[];
  /** REST: the gateway response API Gateway sends for its own error. */
  gatewayResponse?: { type: string; configured?: GatewayResponse };
  /** What rejected the request. */
  rejectedBy?: { what: 'authorizer' | 'iam' | 'api-key'; auth: RouteAuth; header?: string };
  /** The CORS policy whose headers API Gateway sends. */
  policy?: CorsPolicy;
}

const CORS_NAMES = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
  'access-control-max-age',
];

export const ANY_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/**
 * The request's path, percent-escapes decoded. A URL that does not parse gives the text after its host; an escape
 * that is not valid UTF-8 (`%FF`) or not an escape (`%or`) stays as written, never an error.
 */
export function requestPath(request: WireRequest): string {
  let path: string;
  try {
    path = new URL(request.url).pathname;
  } catch {
    path = request.url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#][\s\S]*$/, '') || '/';
  }
  try {
    return decodeURI(path);
  } catch {
    return path.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURI(run);
      } catch {
        return run;
      }
    });
  }
}

export function requestHeader(request: WireRequest, name: string): string | undefined {
  return request.headers.find(([n]) => n === name.toLowerCase())?.[1];
}

/**
 * What API Gateway (or, for a function URL, Lambda) answers to one request. A Lambda proxy's own answer comes from
 * `handlers` (the handler stage's result); without it, or for a route it does not know, the handler's answer is
 * unknown.
 */
export function answer(api: Api, request: WireRequest, handlers?: HandlerAnswers): GatewayAnswer {
  if (api.cors?.surface === 'function-url') return answerFunctionUrl(api, api.cors, request);
  return api.kind === 'http' ? answerHttp(api, request, handlers) : answerRest(api, request, handlers);
}

// ---------------------------------------------------------------- values

/** The conditions a value depends on, for messages. */
function conditionText(vals: readonly SettingVal<Scalar>[]): string {
  const names = [...new Set(vals.flatMap((v) => (v.when ?? []).map((c) => c.name)))];
  return names.length > 0 ? `it depends on condition ${names.join(', ')}` : 'it has several values';
}

/**
 * One REST header value: a quoted literal, or a source expression evaluated against the request
 * (`method.request.header.Origin` reflects the request's Origin); `null` when the mapping yields no header.
 */
function restValue(val: SettingVal<Scalar>, request: WireRequest): Maybe<string> | null {
  if (val.mapping?.kind === 'source') {
    const m = /^method\.request\.header\.(.+)$/i.exec(val.mapping.source ?? '');
    if (m) return requestHeader(request, m[1]!) ?? null;
    return unknown(`it is taken from ${val.mapping.source} at run time`);
  }
  if (!val.known) return unknown(val.reason);
  if (val.mapping?.kind === 'unquoted') {
    return unknown(`'${String(val.raw ?? val.value)}' is neither a quoted literal nor a mapping expression, so API Gateway rejects the deployment`);
  }
  return String(val.value);
}

/** The single value of a setting written once or as alternatives; unknown when the alternatives differ. */
function oneValue(vals: readonly SettingVal<Scalar>[] | undefined, request: WireRequest): Maybe<string> | null | undefined {
  if (!vals || vals.length === 0) return undefined;
  const values = vals.map((v) => restValue(v, request));
  const first = values[0]!;
  if (isUnknown(first)) return first;
  for (const v of values.slice(1)) {
    if (isUnknown(v)) return v;
    if (v !== first) return unknown(conditionText(vals));
  }
  return first;
}

function pushHeader(headers: ResponseHeader[], name: string, value: Maybe<string> | null | undefined): void {
  if (value === undefined || value === null) return;
  headers.push({ name, value });
}

// ---------------------------------------------------------------- REST

function answerRest(api: Api, request: WireRequest, handlers: HandlerAnswers | undefined): GatewayAnswer {
  const path = requestPath(request);
  const method = request.method;
  const { resource, route } = matchRest(api, method, path);
  if (!resource) {
    return gatewayError(api, request, 'MISSING_AUTHENTICATION_TOKEN', {
      kind: 'no-route',
      story: [`No resource of ${api.label} matches ${path}, so API Gateway answers 403 MISSING_AUTHENTICATION_TOKEN.`],
    });
  }
  if (!route) {
    const defined = api.routes.filter((r) => r.path === resource).map((r) => r.method);
    return gatewayError(api, request, 'MISSING_AUTHENTICATION_TOKEN', {
      kind: 'no-route',
      matched: resource,
      story: [
        `Resource ${resource} has no ${method} method and no ANY (it has ${defined.join(', ') || 'none'}), so API Gateway answers 403 MISSING_AUTHENTICATION_TOKEN.`,
      ],
    });
  }
  const story: string[] = [`${api.label} routes ${method} ${path} to ${describeRoute(route, method)}.`];
  const rejected = authorize(api, route, request, story);
  if (rejected) return rejected;
  if (route.method === 'OPTIONS' && route.preflight && route.integration.type === 'mock') {
    return restMockOptions(api, route, request, resource, story);
  }
  return restIntegration(route, request, resource, story, handlers);
}

export function describeRoute(route: Route, method = route.method): string {
  const base = `${route.method} ${route.path}`;
  const via = route.method === 'ANY' && method !== 'ANY' ? ` (ANY catches ${method})` : '';
  if (route.origin === 'sam-cors') return `SAM's generated MOCK OPTIONS ${route.path}`;
  if (route.event) return `${base}${via}, event '${route.event.name}' of '${route.event.functionId}'`;
  const integration = describeIntegration(route);
  return `${base}${via}${integration ? `, ${integration}` : ''}`;
}

function describeIntegration(route: Route): string {
  const fn = route.integration.functionId ? ` '${route.integration.functionId}'` : '';
  switch (route.integration.type) {
    case 'lambda-proxy':
      return `a Lambda proxy integration${fn}`;
    case 'http-proxy':
      return 'an HTTP proxy integration';
    case 'mock':
      return 'a MOCK integration';
    case 'aws':
      return `an AWS integration${fn}`;
    case 'http':
      return 'an HTTP integration';
    default:
      return '';
  }
}

/** Whether a route's authorization lets the request through; the rejection when it does not. */
function authorize(api: Api, route: Route, request: WireRequest, story: string[]): GatewayAnswer | undefined {
  const auth = route.auth;
  const preflight = request.preflight ? 'A preflight carries no credentials' : 'The request';
  const checks = authChecks(api, route);
  if (!checks) {
    story.push(`Whether ${route.method} ${route.path} requires authorization is not known from the template (${auth.reason}).`);
    return { kind: 'undecided', route, response: unknownResponse('whether the route requires authorization is not known'), story };
  }
  for (const check of checks) {
    const { result, missing } = checkRequest(check, (h) => requestHeader(request, h) !== undefined);
    if (check.what === 'iam') {
      if (missing) {
        story.push(`${route.method} ${route.path} requires IAM authorization (${auth.reason}). ${preflight === 'The request' ? 'The request is not signed' : `${preflight}, so it is not signed`}: API Gateway answers 403.`);
        return rejection(api, request, route, { what: 'iam', auth, header: missing }, api.kind === 'http' ? 403 : 'MISSING_AUTHENTICATION_TOKEN', story);
      }
      story.push(`${route.method} ${route.path} requires IAM authorization; the request is signed (assumed valid).`);
    } else if (check.what === 'authorizer') {
      if (result === 'undecided') {
        story.push(`${route.method} ${route.path} requires the Lambda authorizer '${auth.authorizer ?? '?'}', which reads no identity header: what it answers is not known.`);
        return { kind: 'undecided', route, response: unknownResponse(`the authorizer '${auth.authorizer ?? '?'}' decides at run time`), story };
      }
      if (missing) {
        story.push(
          `${route.method} ${route.path} requires ${auth.reason}, which reads the ${missing} header. ${request.preflight ? `${preflight}, so` : `The request has no ${missing} header, so`} the authorizer answers 401 Unauthorized.`,
        );
        return rejection(api, request, route, { what: 'authorizer', auth, header: missing }, api.kind === 'http' ? 401 : 'UNAUTHORIZED', story);
      }
      story.push(`${route.method} ${route.path} requires ${auth.reason}; the request carries ${check.headers.join(', ')} (assumed valid).`);
    } else {
      if (missing) {
        story.push(`${route.method} ${route.path} requires an API key. ${request.preflight ? `${preflight}, so it has no X-Api-Key header` : 'The request has no X-Api-Key header'}: API Gateway answers 403 Forbidden.`);
        return rejection(api, request, route, { what: 'api-key', auth, header: missing }, 'INVALID_API_KEY', story);
      }
      story.push(`${route.method} ${route.path} requires an API key; the request carries X-Api-Key (assumed valid).`);
    }
  }
  return undefined;
}

function rejection(
  api: Api,
  request: WireRequest,
  route: Route,
  rejectedBy: NonNullable<GatewayAnswer['rejectedBy']>,
  typeOrStatus: string | number,
  story: string[],
): GatewayAnswer {
  if (typeof typeOrStatus === 'string') return gatewayError(api, request, typeOrStatus, { kind: 'rejected', route, rejectedBy, story });
  return httpError(api, request, typeOrStatus, { kind: 'rejected', route, rejectedBy, story });
}

/** REST gateway response types: default status, message and error type (cors-reference §4.6). */
const GATEWAY_TYPES: Record<string, { status: number; message: string; errorType: string }> = {
  UNAUTHORIZED: { status: 401, message: 'Unauthorized', errorType: 'UnauthorizedException' },
  MISSING_AUTHENTICATION_TOKEN: { status: 403, message: 'Missing Authentication Token', errorType: 'MissingAuthenticationTokenException' },
  INVALID_API_KEY: { status: 403, message: 'Forbidden', errorType: 'ForbiddenException' },
  ACCESS_DENIED: { status: 403, message: 'User is not authorized to access this resource', errorType: 'AccessDeniedException' },
};

/** A REST API's own error response, with what its gateway responses add. */
function gatewayError(api: Api, request: WireRequest, type: string, partial: Omit<GatewayAnswer, 'response'>): GatewayAnswer {
  const defaults = GATEWAY_TYPES[type] ?? { status: 400, message: 'Bad Request', errorType: 'BadRequestException' };
  const family = defaults.status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX';
  const own = api.gatewayResponses.find((g) => g.type === type);
  const fallback = api.gatewayResponses.find((g) => g.type === family);
  const configured = own ?? fallback;
  let status: Maybe<number> = defaults.status;
  const statusText = own?.statusCode ?? fallback?.statusCode;
  if (statusText !== undefined) status = /^\d{3}$/.test(statusText) ? Number(statusText) : unknown(`the gateway response's StatusCode '${statusText}' is not a number`);
  const headers: ResponseHeader[] = [
    { name: 'Content-Type', value: 'application/json' },
    { name: 'x-amzn-ErrorType', value: defaults.errorType },
  ];
  if (configured) for (const [name, value] of gatewayHeaders(configured, request)) pushHeader(headers, name, value);
  const story = [...partial.story];
  const cors = configured?.headers['access-control-allow-origin'];
  if (!configured) story.push(`No gateway response ${type} or ${family} is configured, so the error carries no CORS headers.`);
  else if (!cors) story.push(`Gateway response ${configured.type} adds no Access-Control-Allow-Origin.`);
  else story.push(`Gateway response ${configured.type} adds its headers to the error.`);
  return { ...partial, story, gatewayResponse: { type, configured }, response: { status, headers, body: JSON.stringify({ message: defaults.message }) } };
}

function gatewayHeaders(response: ResponseHeaders, request: WireRequest): Array<[string, Maybe<string> | null | undefined]> {
  const out: Array<[string, Maybe<string> | null | undefined]> = [];
  const seen = new Set<string>();
  for (const key of response.headerKeys) {
    const lower = key.name.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    out.push([key.name, oneValue(response.headers[lower], request)]);
  }
  return out;
}

/**
 * The methods SAM computes for a path when `AllowMethods` is absent (§2.3): those of the one path item SAM's
 * generated OPTIONS sits on (`Route.computedMethods`: of `/x` and `/x/`, only the one SAM walks first), or, for
 * an API the model did not generate (a fix's copy), every method on the resource.
 */
export function samComputedMethods(api: Api, path: string): string {
  const trim = (p: string) => (p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p);
  const generated = api.routes.find((r) => r.origin === 'sam-cors' && r.computedMethods?.known && trim(r.path) === trim(path));
  if (generated?.computedMethods?.known) return String(generated.computedMethods.value);
  const methods = new Set<string>(['OPTIONS']);
  for (const route of api.routes) {
    if (trim(route.path) !== trim(path)) continue;
    if (route.method === 'ANY') ANY_METHODS.forEach((m) => methods.add(m));
    else methods.add(route.method);
  }
  return [...methods].sort().join(',');
}

function restMockOptions(api: Api, route: Route, request: WireRequest, resource: string, story: string[]): GatewayAnswer {
  const policy = route.preflight!;
  const binary = mockTakesBinary(api, route, requestHeader(request, 'content-type'));
  if (binary === 'unknown') {
    story.push(`Whether the MOCK integration converts the request to text (contentHandling) is not known, and ${api.id} treats some media types as binary.`);
    return { kind: 'options-mock', route, matched: resource, policy, story, response: unknownResponse('whether the MOCK integration can transform the request is not known') };
  }
  if (binary) {
    story.push(
      `${api.id} treats '${String(binary.known ? binary.value : '')}' as binary (BinaryMediaTypes), which this request matches, and the MOCK integration does not convert it to text (contentHandling CONVERT_TO_TEXT): it cannot apply its request template ("Unable to transform request") and API Gateway answers 500.`,
    );
    return { kind: 'options-mock', route, matched: resource, policy, story, response: { status: 500, headers: [{ name: 'Content-Type', value: 'application/json' }], body: '{"message": "Internal server error"}' } };
  }
  const headers: ResponseHeader[] = [{ name: 'Content-Type', value: 'application/json' }];
  let status: Maybe<number> = 200;
  if (policy.source === 'sam-cors') {
    story.push(`SAM's MOCK integration answers 200 with the headers of ${api.id}'s Cors.`);
    pushHeader(headers, 'Access-Control-Allow-Origin', oneValue(policy.origins, request));
    const methods = policy.methodsComputed || policy.methods.length === 0 ? samComputedMethods(api, resource) : oneValue(policy.methods, request);
    pushHeader(headers, 'Access-Control-Allow-Methods', methods);
    pushHeader(headers, 'Access-Control-Allow-Headers', oneValue(policy.headers, request));
    pushHeader(headers, 'Access-Control-Max-Age', samMaxAge(policy, request));
    pushHeader(headers, 'Access-Control-Allow-Credentials', samCredentials(policy));
  } else {
    const response = selectResponse(route.integration.responses);
    if (response?.statusCode !== undefined) status = /^\d{3}$/.test(response.statusCode) ? Number(response.statusCode) : unknown(`status '${response.statusCode}'`);
    story.push(`The OPTIONS method's MOCK integration answers ${typeof status === 'number' ? status : 'with its integration response'} with the headers it maps.`);
    if (response) for (const [name, value] of gatewayHeaders(response, request)) pushHeader(headers, name, value);
  }
  return { kind: 'options-mock', route, matched: resource, policy, story, response: { status, headers, body: '{}' } };
}

function samMaxAge(policy: CorsPolicy, request: WireRequest): Maybe<string> | null | undefined {
  if (policy.maxAge.length === 0) return undefined;
  if (policy.maxAge.some((v) => v.known && typeof v.value === 'number')) return unknown('SAM emits a numeric MaxAge as a JSON number; whether API Gateway accepts it is not verified');
  return oneValue(policy.maxAge, request);
}

/** SAM sends `Access-Control-Allow-Credentials: 'true'` only for the boolean `true` (§2.5, E12). */
function samCredentials(policy: CorsPolicy): Maybe<string> | undefined {
  if (policy.credentials.length === 0) return undefined;
  const on = policy.credentials.map((v) => (v.known ? v.value === true : undefined));
  if (on.some((x) => x === undefined)) return unknown('AllowCredentials is not known from the template');
  if (on.every((x) => x === true)) return 'true';
  if (on.every((x) => x === false)) return undefined;
  return unknown(conditionText(policy.credentials));
}

/** The integration response API Gateway uses on success: the 200 one, else the first 2xx, else the first. */
function selectResponse(responses: readonly ResponseHeaders[]): ResponseHeaders | undefined {
  return responses.find((r) => r.statusCode === '200') ?? responses.find((r) => /^2\d\d$/.test(r.statusCode ?? '')) ?? responses[0];
}

function restIntegration(route: Route, request: WireRequest, resource: string, story: string[], handlers: HandlerAnswers | undefined): GatewayAnswer {
  const type = route.integration.type;
  if (type === 'lambda-proxy' || type === 'http-proxy') {
    const fromHandler = handlerAnswer(route, request, handlers);
    story.push(
      type === 'lambda-proxy'
        ? `The Lambda proxy integration passes the ${request.preflight ? 'preflight' : 'request'} to ${route.integration.functionId ? `'${route.integration.functionId}'` : 'the function'}; API Gateway adds no CORS headers to its answer.`
        : 'The HTTP proxy integration passes the request to the backend; API Gateway adds no CORS headers to its answer.',
    );
    story.push(fromHandler.note);
    return { kind: 'integration', route, matched: resource, story, response: fromHandler.response, alternatives: fromHandler.alternatives };
  }
  if (type === 'mock' || type === 'aws' || type === 'http') {
    const response = selectResponse(route.integration.responses);
    const headers: ResponseHeader[] = [{ name: 'Content-Type', value: 'application/json' }];
    let status: Maybe<number> = 200;
    if (response?.statusCode !== undefined) status = /^\d{3}$/.test(response.statusCode) ? Number(response.statusCode) : unknown(`status '${response.statusCode}'`);
    if (response) for (const [name, value] of gatewayHeaders(response, request)) pushHeader(headers, name, value);
    story.push(
      response
        ? `The ${type.toUpperCase()} integration's ${response.statusCode ?? 'default'} response maps ${response.headerKeys.length > 0 ? response.headerKeys.map((k) => k.name).join(', ') : 'no headers'}.`
        : `The ${type.toUpperCase()} integration maps no response headers.`,
    );
    return { kind: 'integration', route, matched: resource, story, response: { status, headers } };
  }
  story.push('The integration type is not known from the template, so its answer is unknown.');
  return { kind: 'integration', route, matched: resource, story, response: unknownResponse('the integration is not known from the template') };
}

function unknownResponse(reason: string): SimResponse {
  return { status: unknown(reason), headers: [], otherHeaders: { unknown: reason, except: [] } };
}

/** A handler's header value for one request: a literal, the request's own header sent back (absent: `null`), or unknown. */
function handlerValue(value: HandlerHeaderValue, request: WireRequest): Maybe<string> | null {
  if (typeof value === 'string') return value;
  if ('fromRequest' in value) return requestHeader(request, value.fromRequest) ?? null;
  return unknown(value.unknown);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The answer of a Lambda proxy handler: what the handler analysis found (one answer per return path), or unknown. */
function handlerAnswer(route: Route, request: WireRequest, handlers: HandlerAnswers | undefined): { response: SimResponse; alternatives?: GatewayAnswer['alternatives']; note: string } {
  const handler = handlers?.answerFor(route);
  const fn = route.integration.functionId ? `'${route.integration.functionId}'` : 'the handler';
  if (!handler || handler.responses.length === 0) {
    const why = handler?.reason ? `what ${fn} returns is not known: ${handler.reason}` : `what ${fn} returns is not analysed`;
    return { response: unknownResponse(why), note: `${why[0]!.toUpperCase()}${why.slice(1)}, so the headers of its answer are unknown.` };
  }
  const alternatives: NonNullable<GatewayAnswer['alternatives']> = handler.responses.map((r, i) => {
    const headers: ResponseHeader[] = [];
    for (const [name, value] of Object.entries(r.headers)) pushHeader(headers, name, handlerValue(value, request));
    const status: Maybe<number> = r.statusCode ?? unknown(`${fn} computes the status at run time`);
    const response: SimResponse = { status, headers };
    if (r.otherHeaders) response.otherHeaders = { unknown: r.otherHeaders, except: [...Object.keys(r.headers), ...(r.absent ?? [])] };
    return { label: `return path ${i + 1}${r.statusCode !== undefined ? ` (${r.statusCode})` : ''}`, loc: r.loc, response };
  });
  if (!handler.complete) {
    alternatives.push({ label: 'other return paths', loc: route.loc, response: unknownResponse(`not every return path of ${fn} is understood`) });
  }
  const acao = (r: (typeof handler.responses)[number]) => r.headers['access-control-allow-origin'];
  const unread = handler.responses.filter((r) => { const v = acao(r); return typeof v === 'object' && 'unknown' in v; }).length;
  const without = handler.responses.filter((r) => acao(r) === undefined).length;
  const withOrigin = handler.responses.length - unread - without;
  const parts = [`${withOrigin} with Access-Control-Allow-Origin`];
  if (without > 0) parts.push(`${without} without`);
  if (unread > 0) parts.push(`${unread} whose Access-Control-Allow-Origin cannot be read`);
  return {
    response: alternatives[0]!.response,
    alternatives,
    note: `${fn} returns ${plural(handler.responses.length, 'response')}: ${parts.join(', ')}${handler.complete ? '' : ' (other return paths are not understood)'}.`,
  };
}

// ---------------------------------------------------------------- HTTP APIs

/** Whether an HTTP API's allowed origins admit an origin: `*`, `https://*`, `http://*`, or an exact origin. */
export function httpOriginAllowed(policy: CorsPolicy, origin: string): Maybe<'any' | 'exact' | 'scheme' | false> {
  let undecided: Unknown | undefined;
  let result: 'any' | 'exact' | 'scheme' | false = false;
  for (const val of policy.origins) {
    if (!val.known) {
      undecided ??= unknown(`an allowed origin is not known from the template (${val.reason})`);
      continue;
    }
    const text = String(val.value);
    const conditional = (val.when ?? []).length > 0;
    let hit: 'any' | 'exact' | 'scheme' | false = false;
    if (text === '*') hit = 'any';
    else if (text === origin) hit = 'exact';
    else if ((text === 'https://*' && origin.startsWith('https://')) || (text === 'http://*' && origin.startsWith('http://'))) hit = 'scheme';
    else if (text.includes('*') && wildcardMatch(text, origin)) {
      undecided ??= unknown(`'${text}' would match, but API Gateway documents only '*', 'https://*' and 'http://*' as wildcards`);
      continue;
    }
    if (!hit) continue;
    if (conditional) {
      undecided ??= unknown(`'${text}' is allowed only ${conditionText([val])}`);
      continue;
    }
    if (result !== 'exact') result = hit === 'exact' ? 'exact' : result || hit;
  }
  if (result) return result;
  return undecided ?? false;
}

function wildcardMatch(pattern: string, origin: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  return re.test(origin);
}

/** An HTTP API list setting as a header value (`GET,PUT`); unknown when an entry is unknown or conditional. */
function listHeader(vals: readonly SettingVal<Scalar>[]): Maybe<string> | undefined {
  if (vals.length === 0) return undefined;
  const bad = vals.find((v) => !v.known || (v.when ?? []).length > 0);
  if (bad) return unknown(bad.known ? conditionText([bad]) : bad.reason);
  return listItems(vals)
    .map((i) => i.item)
    .join(',');
}

function httpCredentials(policy: CorsPolicy): Maybe<boolean> {
  if (policy.credentials.length === 0) return false;
  const on = policy.credentials.map((v) => (v.known ? v.value === true || v.value === 'true' : undefined));
  if (on.some((x) => x === undefined)) return unknown('AllowCredentials is not known from the template');
  if (on.every((x) => x === true)) return true;
  if (on.every((x) => x === false)) return false;
  return unknown(conditionText(policy.credentials));
}

/** The CORS headers an HTTP API's configuration puts on a response to a request from `origin`. */
function httpCorsHeaders(policy: CorsPolicy, request: WireRequest): { headers: ResponseHeader[]; allowed: Maybe<boolean> } {
  const origin = requestHeader(request, 'origin');
  const preflight = request.preflight;
  const headers: ResponseHeader[] = [];
  if (origin === undefined) return { headers, allowed: false };
  const match = httpOriginAllowed(policy, origin);
  if (isUnknown(match)) {
    headers.push({ name: 'access-control-allow-origin', value: match });
    return { headers, allowed: match };
  }
  if (!match) return { headers, allowed: false };
  const credentials = httpCredentials(policy);
  headers.push({ name: 'access-control-allow-origin', value: match === 'any' && credentials !== true ? '*' : origin });
  if (isUnknown(credentials)) headers.push({ name: 'access-control-allow-credentials', value: credentials });
  else if (credentials) headers.push({ name: 'access-control-allow-credentials', value: 'true' });
  if (preflight) {
    httpAllowLists(policy, request, headers);
    const maxAge = policy.maxAge[0];
    if (maxAge) pushHeader(headers, 'access-control-max-age', maxAge.known ? String(maxAge.value) : unknown(maxAge.reason));
  } else {
    pushHeader(headers, 'access-control-expose-headers', listHeader(policy.exposeHeaders));
  }
  return { headers, allowed: true };
}

/**
 * An HTTP API preflight answer's Access-Control-Allow-Methods and -Headers: the configuration's lists as written,
 * except where the case of a method name decides the verdict: the browser compares methods case-sensitively, and
 * whether API Gateway sends `put` as written or in upper case is not documented.
 */
function httpAllowLists(policy: CorsPolicy, request: WireRequest, headers: ResponseHeader[]): void {
  let methods = listHeader(policy.methods);
  const wanted = requestHeader(request, 'access-control-request-method');
  if (typeof methods === 'string' && wanted !== undefined) {
    const items = methods.split(',');
    const other = items.find((m) => m !== wanted && m.toUpperCase() === wanted.toUpperCase());
    if (other !== undefined && !items.includes(wanted)) {
      methods = unknown(`AllowMethods writes '${other}': whether API Gateway sends it as written or as '${other.toUpperCase()}' is not documented, and methods compare case-sensitively`);
    }
  }
  pushHeader(headers, 'access-control-allow-methods', methods);
  pushHeader(headers, 'access-control-allow-headers', listHeader(policy.headers));
}

/**
 * Whether the API sends a `*` in its allowed request headers as written. A REST API sends its header mappings as
 * written; what an HTTP API answers for a `*` in `AllowHeaders` is not documented (the simulator sends `*`).
 */
export function wildcardHeadersAsWritten(api: Api): boolean {
  return api.kind === 'rest';
}

/**
 * The Access-Control-Allow-Methods and -Headers in the answer a CORS policy makes to a preflight (for the rules
 * that compare allow-lists): what a REST API's OPTIONS method on the request's path answers (SAM's MOCK or one
 * written by hand) on `resource` (a path template), or an HTTP API's configuration. Authorization and the origin
 * are left out (other questions). `undefined` when the policy answers no preflight on that resource, or answers it with an error status.
 */
export function preflightAllowLists(api: Api, policy: CorsPolicy, resource: string, request: WireRequest, handlers?: HandlerAnswers): SimResponse | undefined {
  const headers: ResponseHeader[] = [];
  if (api.kind === 'http') {
    if (api.cors !== policy) return undefined;
    httpAllowLists(policy, request, headers);
    return { status: 204, headers };
  }
  const route = optionsRoutes(api, policy).get(trimPath(resource));
  if (!route) return undefined;
  const story: string[] = [];
  const found = route.integration.type === 'mock' ? restMockOptions(api, route, request, route.path, story) : restIntegration(route, request, route.path, story, handlers);
  // A preflight answered with an error status (a MOCK that takes the preflight as binary answers 500) fails
  // whatever its lists say: that is another fact (its own rule's), not one of the allow-lists.
  const status = found.response.status;
  if (typeof status === 'number' && (status < 200 || status > 299)) return undefined;
  for (const h of found.response.headers) if (['access-control-allow-methods', 'access-control-allow-headers'].includes(h.name.toLowerCase())) headers.push(h);
  return { status: found.response.status, headers, otherHeaders: found.response.otherHeaders };
}

/**
 * The values of a policy's allowed methods or headers that its preflight answer carries: for an OPTIONS method
 * written by hand, those of the integration response API Gateway answers with (the 200 one, else the first 2xx,
 * else the first), although the policy holds every response's; otherwise all of them.
 */
export function answeredValues(api: Api, policy: CorsPolicy, field: 'methods' | 'headers'): SettingVal<Scalar>[] {
  if (policy.source !== 'rest-options' || policy.path === undefined) return policy[field];
  const route = optionsRoutes(api, policy).get(trimPath(policy.path));
  if (!route || route.integration.responses.length < 2) return policy[field];
  const selected = selectResponse(route.integration.responses)?.headers[`access-control-allow-${field}`] ?? [];
  return policy[field].filter((v) => selected.includes(v));
}

const optionsIndex = new WeakMap<readonly Route[], Map<CorsPolicy, Map<string, Route>>>();

/** The OPTIONS routes a REST policy answers with, by path: built once per API (a rule asks for every route). */
function optionsRoutes(api: Api, policy: CorsPolicy): Map<string, Route> {
  let byPolicy = optionsIndex.get(api.routes);
  if (!byPolicy) {
    byPolicy = new Map();
    for (const route of api.routes) {
      if (route.method !== 'OPTIONS' || !route.preflight) continue;
      let byPath = byPolicy.get(route.preflight);
      if (!byPath) byPolicy.set(route.preflight, (byPath = new Map()));
      if (!byPath.has(trimPath(route.path))) byPath.set(trimPath(route.path), route);
    }
    optionsIndex.set(api.routes, byPolicy);
  }
  return byPolicy.get(policy) ?? new Map();
}

function trimPath(p: string): string {
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

function answerHttp(api: Api, request: WireRequest, handlers: HandlerAnswers | undefined): GatewayAnswer {
  const path = requestPath(request);
  const origin = requestHeader(request, 'origin');
  const policy = api.cors;
  const route = matchHttp(api, request.method, path);
  const story: string[] = [];
  if (request.preflight && policy && !route) {
    const { headers, allowed } = httpCorsHeaders(policy, request);
    story.push(`No route of ${api.label} matches OPTIONS ${path}, so API Gateway answers the preflight itself from the CORS configuration.`);
    if (allowed === false) story.push(`The origin ${origin} is not in AllowOrigins, so the answer carries no CORS headers.`);
    return { kind: 'http-automatic-preflight', policy, story, response: { status: 204, headers } };
  }
  if (!route) {
    story.push(`No route of ${api.label} matches ${request.method} ${path}, so API Gateway answers 404 Not Found.`);
    return httpError(api, request, 404, { kind: 'no-route', story });
  }
  story.push(`${api.label} routes ${request.method} ${path} to ${describeRoute(route, request.method)}${isDefaultRoute(route.path) ? ' (the $default route catches every method and path no other route matches)' : ''}.`);
  if (request.preflight && policy) {
    story.push(`Because a route matches OPTIONS, API Gateway does not answer the preflight itself: the route does.`);
  }
  const rejected = authorize(api, route, request, story);
  if (rejected) return rejected;
  const fromHandler = route.integration.type === 'lambda-proxy' ? handlerAnswer(route, request, handlers) : undefined;
  const backend: SimResponse = fromHandler?.response ?? unknownResponse('the integration is not known from the template');
  if (!policy) {
    const target = route.integration.functionId ? `'${route.integration.functionId}'` : 'the function';
    story.push(
      route.integration.type === 'lambda-proxy'
        ? `The integration passes the request to ${target}; the API has no CORS configuration, so only the function's own headers reach the browser.`
        : "The API has no CORS configuration; only the backend's own headers reach the browser.",
    );
    if (fromHandler) story.push(fromHandler.note);
    return { kind: 'integration', route, matched: route.path, story, response: backend, alternatives: fromHandler?.alternatives };
  }
  story.push(`API Gateway adds the CORS configuration's headers to the integration's answer and drops any CORS headers the integration returns.`);
  const { headers } = httpCorsHeaders(policy, request);
  const override = (r: SimResponse): SimResponse => ({
    status: r.status,
    headers: [...r.headers.filter((h) => !CORS_NAMES.includes(h.name.toLowerCase())), ...headers],
    otherHeaders: r.otherHeaders ? { unknown: r.otherHeaders.unknown, except: [...CORS_NAMES] } : undefined,
  });
  if (request.preflight) story.push(`The integration must answer the OPTIONS request with a 2xx status; ${isUnknown(backend.status) ? 'what it answers is not known from the template' : `it answers ${backend.status}`}.`);
  return {
    kind: 'integration',
    route,
    matched: route.path,
    policy,
    story,
    response: override(backend),
    alternatives: fromHandler?.alternatives?.map((a) => ({ label: a.label, loc: a.loc, response: override(a.response) })),
  };
}

/**
 * A Lambda function URL with a CORS configuration, seen as an API (`explain` makes one per URL, see
 * `functionUrlApis`): every path reaches the function; Lambda answers the preflight from the configuration without
 * invoking the function (OPTIONS cannot be listed in AllowMethods: Lambda adds it), and adds the configuration's
 * headers to every answer, overriding the function's own on a conflict (cors-reference §5.1, §5.6). With
 * `AuthType: AWS_IAM` a request the browser does not sign gets 403.
 */
function answerFunctionUrl(api: Api, policy: CorsPolicy, request: WireRequest): GatewayAnswer {
  const origin = requestHeader(request, 'origin');
  const story: string[] = [];
  const { headers, allowed } = httpCorsHeaders(policy, request);
  if (request.preflight) {
    story.push(`Lambda answers the preflight to the ${api.label} from its Cors configuration, without invoking the function.`);
    if (allowed === false) story.push(`The origin ${origin} is not in AllowOrigins, so the answer carries no CORS headers.`);
    return { kind: 'function-url-preflight', policy, story, response: { status: 200, headers } };
  }
  const iam = (policy.authType ?? []).some((v) => v.known && v.value === 'AWS_IAM');
  if (iam) {
    story.push(`The ${api.label} uses AuthType AWS_IAM and the browser does not sign the request: Lambda answers 403 Forbidden.`);
    const reason = 'Lambda does not document whether its 403 carries the Cors configuration\'s headers';
    return {
      kind: 'rejected',
      policy,
      story,
      rejectedBy: { what: 'iam', auth: { kind: 'iam', apiKeyRequired: false, loc: policy.authType![0]!.loc, reason: 'AuthType AWS_IAM' } },
      response: { status: 403, headers: [{ name: 'Content-Type', value: 'application/json' }], otherHeaders: { unknown: reason, except: ['content-type'] } },
    };
  }
  story.push(`The ${api.label} passes the request to the function; Lambda adds the Cors configuration's headers to its answer (on a conflict, the configuration's win).`);
  const backend = unknownResponse("the function's answer is not known from the template");
  return {
    kind: 'integration',
    policy,
    story,
    response: { status: backend.status, headers: [...backend.headers.filter((h) => !CORS_NAMES.includes(h.name.toLowerCase())), ...headers], otherHeaders: backend.otherHeaders ? { unknown: backend.otherHeaders.unknown, except: [...CORS_NAMES] } : undefined },
  };
}

/** An HTTP API's own error (401 from an authorizer, 403 from IAM, 404): whether it carries CORS headers is not documented. */
function httpError(api: Api, request: WireRequest, status: number, partial: Omit<GatewayAnswer, 'response'>): GatewayAnswer {
  const message = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found';
  const story = [...partial.story];
  const headers: ResponseHeader[] = [{ name: 'Content-Type', value: 'application/json' }];
  let otherHeaders: SimResponse['otherHeaders'];
  const origin = requestHeader(request, 'origin');
  if (api.cors && origin !== undefined && httpOriginAllowed(api.cors, origin) === false) {
    // Whatever this error carries, it is the configuration's headers or none: none of them admits this origin.
    const reason = `API Gateway does not document which other headers its own ${status} carries`;
    otherHeaders = { unknown: reason, except: ['content-type', 'access-control-allow-origin', 'access-control-allow-credentials'] };
    story.push(`The origin ${origin} is not in AllowOrigins, so whether or not this ${status} carries the CORS configuration's headers, none admits it.`);
  } else if (api.cors) {
    const reason = `API Gateway does not document whether its own ${status} carries the CORS configuration's headers`;
    otherHeaders = { unknown: reason, except: ['content-type'] };
    story.push(`Whether this ${status} carries the CORS configuration's headers is not documented.`);
  } else story.push(`The API has no CORS configuration, so the ${status} carries no CORS headers.`);
  return { ...partial, story, response: { status, headers, otherHeaders, body: JSON.stringify({ message }) } };
}
