/**
 * The smallest template change that gets a blocked request through: one fix per blocking step, each with a
 * snippet to paste, where to paste it, and a patch that applies it to a copy of the API so the simulation can
 * be run again (the caller repeats until the request passes or no fix is known).
 */
import type { HandlerAnswer, HandlerAnswers, HandlerHeaderValue } from '../model/handlers.js';
import type { Api, CorsModel, CorsPolicy, Route, RouteAuth, Scalar, SettingVal } from '../model/types.js';
import { listItems, splitList } from '../model/values.js';
import type { Loc } from '../types.js';
import type { FetchResult } from '../simulate/browser.js';
import { functionUrlSigV4 } from '../simulate/auth.js';
import { samComputedMethods, type GatewayAnswer } from '../simulate/gateway.js';
import { bodyHeaders, canonicalHeader, headersToAllow, methodsToAllow, originsToAllow } from './allow.js';
import type { ExplainRequest } from './request.js';
import { preflightFlagFix, snippetOf } from '../fix/catalogue.js';
import type { FixDescriptor } from '../fix/types.js';

export interface Fix {
  /** One sentence: what to change and why. */
  title: string;
  /** Where the change goes. */
  at: Loc;
  /** What to paste (YAML, or handler code when `inCode`). */
  snippet: string;
  /** The change is in the handler's code, not in the template. */
  inCode?: boolean;
  /** Applies the change to a copy of the API (and, for a change in a handler's code, to a copy of its answer). */
  apply: (api: Api, answers: PatchedAnswers) => void;
  /**
   * The same change as a rule's fix describes it (`src/fix/`), where one is shared: the snippet is rendered from it,
   * and `--fix` writes it as an edit.
   */
  edit?: FixDescriptor;
}

/**
 * The handlers' answers as the fix search sees them: the handler stage's own, with copies of those a fix has
 * changed. Routes that share an answer (one handler) share the changed copy too.
 */
export class PatchedAnswers implements HandlerAnswers {
  private constructor(
    private readonly base: HandlerAnswers | undefined,
    private readonly patched: Map<HandlerAnswer, HandlerAnswer>,
  ) {}

  static over(base: HandlerAnswers | undefined): PatchedAnswers {
    return new PatchedAnswers(base, new Map());
  }

  answerFor(route: Route): HandlerAnswer | undefined {
    const answer = this.base?.answerFor(route);
    return answer && (this.patched.get(answer) ?? answer);
  }

  /** A copy to change further; the changes made so far are copied with it. */
  copy(): PatchedAnswers {
    return new PatchedAnswers(this.base, new Map([...this.patched].map(([k, v]) => [k, structuredClone(v)])));
  }

  /** The answer of a route's handler, to change in place: a copy, made on the first change. */
  edit(route: Route): HandlerAnswer | undefined {
    const answer = this.base?.answerFor(route);
    if (!answer) return undefined;
    let own = this.patched.get(answer);
    if (!own) this.patched.set(answer, (own = structuredClone(answer)));
    return own;
  }
}

export interface FixInput {
  model: CorsModel;
  api: Api;
  /** What the handlers answer, as patched so far. */
  handlers: HandlerAnswers;
  request: ExplainRequest;
  result: FetchResult;
  preflight?: GatewayAnswer;
  actual?: GatewayAnswer;
  /** The unsafe request header names the browser announced (lower case). */
  unsafeHeaders: string[];
  /** The method as the browser sends it. */
  method: string;
  credentialed: boolean;
}

const q = (s: string) => `"'${s}'"`;

function literal(value: Scalar, at: Loc, rest: boolean): SettingVal<Scalar> {
  const val: SettingVal<Scalar> = { known: true, value, loc: at, via: [], when: [] };
  if (rest && typeof value === 'string') {
    val.raw = `'${value}'`;
    val.mapping = { raw: `'${value}'`, kind: 'literal' };
  }
  return val;
}

/** Points at a mapping's key (`Cors:`) rather than at its first entry. */
function keyOf(loc: Loc): Loc {
  return loc.range ? loc : { ...loc, key: true };
}

/** The route in the (patched) copy that corresponds to a route of the original. */
function same(api: Api, route: Route): Route | undefined {
  return api.routes.find((r) => r.method === route.method && r.path === route.path && r.origin === route.origin);
}

/**
 * Finds the fix for the step that blocks the request, if one is known. A fix never allows the origin 'null'
 * (null-origin: every sandboxed page and local file sends it), so a page of that origin gets none.
 */
export function findFix(input: FixInput): Fix | undefined {
  const fix = blockingStepFix(input);
  return fix && input.request.origin === 'null' && /\bnull\b/.test(fix.snippet) ? undefined : fix;
}

function blockingStepFix(input: FixInput): Fix | undefined {
  const { result, preflight, actual } = input;
  const name = result.error?.name;
  if (!name) return undefined;
  const inPreflight = name.startsWith('Preflight') || name.endsWith('PreflightResponse');
  const answer = inPreflight ? preflight : actual;
  if (!answer) return undefined;
  if (answer.kind === 'rejected') return inPreflight ? preflightAuthFix(input, answer) : gatewayResponseFix(input, answer);
  if (answer.kind === 'no-route') return inPreflight ? missingPreflightFix(input, answer) : undefined;
  const route = answer.route;
  const handler = route && input.handlers.answerFor(route);
  if (inPreflight && answer.kind === 'integration' && route?.method === 'OPTIONS' && route.integration.type === 'lambda-proxy' && handler?.responses.length) {
    return handlerPreflightFix(input, route, handler);
  }
  if (inPreflight && answer.route && answer.kind === 'integration' && !answer.policy && input.api.kind === 'rest') {
    return missingPreflightFix(input, answer);
  }
  const policy = answer.policy ?? (input.api.kind === 'http' ? undefined : answer.route?.preflight);
  if (policy) return policyFix(input, policy, answer, name);
  if (!inPreflight && answer.route) return actualResponseFix(input, answer.route);
  if (input.api.kind === 'http' && !input.api.cors) return httpCorsConfigurationFix(input);
  return undefined;
}

// ---------------------------------------------------------------- a Lambda proxy handler's own answer

/** A `return` of a proxy response with these headers, in the handler's language. */
function handlerSnippet(input: FixInput, route: Route, status: number, headers: Array<[string, string]>, body: boolean): string {
  const fn = input.model.functions.find((f) => f.id === route.integration.functionId);
  const runtime = fn?.runtime?.find((v) => v.known);
  const python = runtime?.known === true && String(runtime.value).startsWith('python');
  if (python) {
    const lines = headers.map(([n, v]) => `        "${n}": "${v}",`);
    return ['return {', `    "statusCode": ${status},`, '    "headers": {', ...lines, '    },', ...(body ? ['    "body": json.dumps(result),'] : []), '}'].join('\n');
  }
  const lines = headers.map(([n, v]) => `    '${n}': '${v}',`);
  return ['return {', `  statusCode: ${status},`, '  headers: {', ...lines, '  },', ...(body ? ['  body: JSON.stringify(result),'] : []), '};'].join('\n');
}

/** Sets headers on every response of the handler behind a route in the patched copy. */
function setHandlerHeaders(copy: Api, answers: PatchedAnswers, route: Route, headers: Array<[string, string]>): void {
  const r = same(copy, route);
  const handler = r && answers.edit(r);
  if (!handler) return;
  const names = headers.map(([n]) => n.toLowerCase());
  for (const resp of handler.responses) {
    for (const [n, v] of headers) resp.headers[n.toLowerCase()] = v;
    if (resp.absent) resp.absent = resp.absent.filter((n) => !names.includes(n));
  }
}

function handlerName(route: Route): string {
  return route.integration.functionId ? `'${route.integration.functionId}'` : 'the handler';
}

/** The handler's answer to the actual request lacks a usable Access-Control-Allow-Origin on some return path. */
function handlerResponseFix(input: FixInput, route: Route, handler: HandlerAnswer): Fix {
  const { request } = input;
  const creds = input.credentialed;
  const acao = (value: HandlerHeaderValue | undefined) =>
    value === request.origin || (value === '*' && !creds) || (typeof value === 'object' && 'fromRequest' in value && value.fromRequest.toLowerCase() === 'origin');
  // The first response that certainly fails the browser's CORS check (an unknown value is not held against it).
  const bad = handler.responses.find((r) => {
    const origin = r.headers['access-control-allow-origin'];
    if (origin === undefined) return true;
    if (typeof origin === 'object' && 'unknown' in origin) return false;
    if (!acao(origin)) return true;
    if (!creds) return false;
    const credentials = r.headers['access-control-allow-credentials'];
    if (credentials === undefined) return !r.otherHeaders || (r.absent ?? []).includes('access-control-allow-credentials');
    return typeof credentials === 'string' && credentials !== 'true';
  });
  const what = bad?.statusCode !== undefined ? `its ${bad.statusCode} response` : 'one of its responses';
  const badText = !bad
    ? ''
    : bad.headers['access-control-allow-origin'] === undefined
      ? `; ${what} has none`
      : !acao(bad.headers['access-control-allow-origin'])
        ? `; ${what} sends one that does not admit ${request.origin}`
        : `; ${what} lacks Access-Control-Allow-Credentials`;
  const headers: Array<[string, string]> = [['Access-Control-Allow-Origin', request.origin]];
  if (creds) headers.push(['Access-Control-Allow-Credentials', 'true']);
  return {
    title: `API Gateway adds no CORS headers to a Lambda proxy's answer: ${handlerName(route)} must return Access-Control-Allow-Origin${creds ? ' and Access-Control-Allow-Credentials: true' : ''} on every response${badText}.`,
    at: bad?.loc ?? route.loc,
    snippet: handlerSnippet(input, route, bad?.statusCode ?? 200, headers, true),
    inCode: true,
    apply: (copy, answers) => setHandlerHeaders(copy, answers, route, headers),
  };
}

/** An OPTIONS route whose Lambda proxy answers the preflight: the handler must send the preflight's headers. */
function handlerPreflightFix(input: FixInput, route: Route, handler: HandlerAnswer): Fix {
  const { request } = input;
  const headers: Array<[string, string]> = [
    ['Access-Control-Allow-Origin', request.origin],
    ['Access-Control-Allow-Methods', input.method],
  ];
  const wanted = wantedHeaders(input);
  if (wanted.length > 0) headers.push(['Access-Control-Allow-Headers', wanted.join(',')]);
  if (input.credentialed) headers.push(['Access-Control-Allow-Credentials', 'true']);
  return {
    title: `OPTIONS ${route.path} passes the preflight to ${handlerName(route)}, and API Gateway adds no CORS headers to its answer: the handler must answer OPTIONS with an ok status and the preflight's headers.`,
    at: handler.responses[0]?.loc ?? route.loc,
    snippet: handlerSnippet(input, route, 204, headers, false),
    inCode: true,
    apply: (copy, answers) => {
      setHandlerHeaders(copy, answers, route, headers);
      const r = same(copy, route);
      for (const resp of (r && answers.edit(r))?.responses ?? []) if (resp.statusCode === undefined || resp.statusCode < 200 || resp.statusCode > 299) resp.statusCode = 204;
    },
  };
}

// ---------------------------------------------------------------- authorization on the preflight

function preflightAuthFix(input: FixInput, answer: GatewayAnswer): Fix | undefined {
  const { api } = input;
  const route = answer.route;
  const what = answer.rejectedBy?.what;
  if (!route || !what) return undefined;
  if (route.origin === 'sam-cors') {
    const key = what === 'api-key' ? 'AddApiKeyRequiredToCorsPreflight' : 'AddDefaultAuthorizerToCorsPreflight';
    // described once, as preflight-authorizer's fix: the snippet is rendered from it
    const edit = api.sam?.loc && !api.sam.loc.range && api.sam.loc.path[api.sam.loc.path.length - 1] === 'Auth' ? preflightFlagFix(api.sam.loc, what === 'api-key' ? 'apiKey' : 'auth') : undefined;
    return {
      title: `Keep ${what === 'api-key' ? 'the API key requirement' : api.sam?.defaultAuthorizer ? 'the default authorizer' : 'authorization'} off the OPTIONS methods SAM generates: set ${key} to false in ${api.id}'s Auth (the other methods keep it).`,
      at: api.sam?.loc ? keyOf(api.sam.loc) : api.loc,
      snippet: (edit && snippetOf(edit)) ?? `Auth:\n  ${key}: false`,
      ...(edit ? { edit } : {}),
      apply: (copy) => {
        for (const r of copy.routes) {
          if (r.origin !== 'sam-cors') continue;
          if (what === 'api-key') r.auth.apiKeyRequired = false;
          else Object.assign(r.auth, noAuth(r.auth));
        }
      },
    };
  }
  if (route.method === 'OPTIONS') {
    const snippet =
      route.origin === 'sam-event'
        ? `Auth:\n  Authorizer: NONE${route.auth.apiKeyRequired ? '\n  ApiKeyRequired: false' : ''}`
        : route.origin === 'cfn-method'
          ? `AuthorizationType: NONE${route.auth.apiKeyRequired ? '\nApiKeyRequired: false' : ''}`
          : route.origin === 'cfn-route'
            ? 'AuthorizationType: NONE'
            : 'security: []';
    return {
      title: `A preflight carries no credentials: remove the authorization from OPTIONS ${route.path}.`,
      at: route.auth.loc ?? route.loc,
      snippet,
      apply: (copy) => {
        const r = same(copy, route);
        if (r) Object.assign(r.auth, noAuth(r.auth), { apiKeyRequired: false });
      },
    };
  }
  // An ANY or $default route catches the preflight and requires authorization.
  if (api.kind === 'http') return httpOptionsRouteFix(input, route);
  if (api.source === 'sam') return samCorsFix(input, `${route.method} ${route.path} catches the preflight and requires authorization; with Cors, SAM adds a MOCK OPTIONS method to every path.`);
  return restOptionsMethodFix(input, route.path, `${route.method} ${route.path} catches the preflight and requires authorization; add an OPTIONS method without authorization to the resource.`);
}

function noAuth(auth: RouteAuth): RouteAuth {
  return { ...auth, kind: 'none', authorizer: undefined, reason: 'no authorizer' };
}

function httpOptionsRouteFix(input: FixInput, route: Route): Fix {
  const { api, model } = input;
  const functionId = route.integration.functionId ?? route.event?.functionId;
  const fn = model.functions.find((f) => f.id === functionId);
  const add = (copy: Api) => {
    copy.routes.push({
      apiId: copy.id,
      method: 'OPTIONS',
      path: '/{proxy+}',
      origin: api.source === 'sam' ? 'sam-event' : 'cfn-route',
      loc: route.loc,
      when: [],
      auth: { kind: 'none', apiKeyRequired: false, loc: route.loc, reason: 'no authorizer' },
      integration: { type: 'lambda-proxy', functionId, loc: route.loc, responses: [] },
      methodResponses: [],
    });
  };
  if (api.source === 'sam' && fn) {
    return {
      title: `${route.method} ${route.path} catches the preflight and its authorizer rejects it: add an OPTIONS /{proxy+} route without authorization (it outranks ${route.path}; API Gateway adds the CORS headers, the function only has to answer 2xx).`,
      at: fn.loc,
      snippet: `Events:\n  Preflight:\n    Type: HttpApi\n    Properties:\n${api.implicit ? '' : `      ApiId: !Ref ${api.id}\n`}      Path: /{proxy+}\n      Method: options\n      Auth:\n        Authorizer: NONE`,
      apply: add,
    };
  }
  return {
    title: `${route.method} ${route.path} catches the preflight and its authorizer rejects it: add an OPTIONS /{proxy+} route without authorization that answers 2xx (API Gateway adds the CORS headers).`,
    at: route.loc,
    snippet: `PreflightRoute:\n  Type: AWS::ApiGatewayV2::Route\n  Properties:\n    ApiId: !Ref ${api.id}\n    RouteKey: OPTIONS /{proxy+}\n    AuthorizationType: NONE\n    Target: <the same integration as ${route.method} ${route.path}>`,
    apply: add,
  };
}

// ---------------------------------------------------------------- a missing preflight answer

function missingPreflightFix(input: FixInput, answer: GatewayAnswer): Fix | undefined {
  const { api } = input;
  if (api.kind === 'http') return api.cors ? undefined : httpCorsConfigurationFix(input);
  const resource = answer.matched;
  if (!resource) return undefined;
  if (api.source === 'sam') return samCorsFix(input, `${resource} has no OPTIONS method; with Cors, SAM adds a MOCK OPTIONS method to every path.`);
  return restOptionsMethodFix(input, resource, `${resource} has no OPTIONS method, so API Gateway answers the preflight 403; add a MOCK OPTIONS method that answers it.`);
}

/** The request headers a fix allows (see `headersToAllow`: the facts the rules read). */
function wantedHeaders(input: FixInput, existing: readonly string[] = [], credentials = input.credentialed, policy?: CorsPolicy): string[] {
  return headersToAllow(input.api, input.request, input.unsafeHeaders, existing, credentials, policy);
}

const canonical = canonicalHeader;

function samCorsFix(input: FixInput, why: string): Fix {
  const { api, request } = input;
  const headers = wantedHeaders(input, bodyHeaders(input.api));
  const lines = [`Cors:`, `  AllowOrigin: ${q(request.origin)}`];
  if (headers.length > 0) lines.push(`  AllowHeaders: ${q(headers.join(','))}`);
  if (input.credentialed) lines.push('  AllowCredentials: true');
  return {
    title: `${why} Add Cors to ${api.id}.`,
    at: api.loc,
    snippet: lines.join('\n'),
    apply: (copy) => {
      const at = copy.loc;
      const policy: CorsPolicy = {
        surface: 'rest',
        source: 'sam-cors',
        owner: copy.id,
        label: copy.label,
        apiId: copy.id,
        loc: at,
        when: [],
        origins: [literal(request.origin, at, true)],
        methods: [],
        methodsComputed: true,
        headers: headers.length > 0 ? [literal(headers.join(','), at, true)] : [],
        exposeHeaders: [],
        credentials: input.credentialed ? [literal(true, at, false)] : [],
        maxAge: [],
        form: 'object',
      };
      copy.cors = policy;
      const sam = copy.sam ?? {};
      const def = sam.defaultAuthorizer?.[0];
      const flag = sam.addDefaultAuthorizerToCorsPreflight?.[0];
      const keyFlag = sam.addApiKeyRequiredToCorsPreflight?.[0];
      const existing = new Set(copy.routes.filter((r) => r.method === 'OPTIONS').map((r) => r.path));
      for (const path of new Set(copy.routes.map((r) => r.path))) {
        if (existing.has(path)) continue;
        const auth: RouteAuth = { kind: 'none', apiKeyRequired: false, loc: at, reason: 'no authorizer' };
        if (def?.known && typeof def.value === 'string' && def.value !== 'NONE' && !(flag?.known && flag.value === false)) {
          auth.kind = def.value === 'AWS_IAM' ? 'iam' : 'authorizer';
          if (auth.kind === 'authorizer') auth.authorizer = def.value;
          auth.reason = `DefaultAuthorizer '${def.value}' (AddDefaultAuthorizerToCorsPreflight is not false)`;
        }
        const key = sam.apiKeyRequired?.[0];
        if (key?.known && key.value === true && !(keyFlag?.known && keyFlag.value === false)) auth.apiKeyRequired = true;
        copy.routes.push({ apiId: copy.id, method: 'OPTIONS', path, origin: 'sam-cors', loc: at, when: [], auth, integration: { type: 'mock', loc: at, responses: [] }, methodResponses: [], preflight: policy });
      }
    },
  };
}

function restOptionsMethodFix(input: FixInput, resource: string, why: string): Fix {
  const { api, request } = input;
  const methods = [...new Set([...api.routes.filter((r) => r.path === resource).map((r) => r.method), 'OPTIONS'])].filter((m) => m !== 'ANY');
  if (!methods.includes(input.method)) methods.push(input.method);
  const headers = wantedHeaders(input, bodyHeaders(input.api));
  const params: Array<[string, string]> = [
    ['Access-Control-Allow-Origin', request.origin],
    ['Access-Control-Allow-Methods', methods.sort().join(',')],
  ];
  if (headers.length > 0) params.push(['Access-Control-Allow-Headers', headers.join(',')]);
  if (input.credentialed) params.push(['Access-Control-Allow-Credentials', 'true']);
  const snippet = [
    'OptionsMethod:',
    '  Type: AWS::ApiGateway::Method',
    '  Properties:',
    `    RestApiId: !Ref ${api.id}`,
    `    ResourceId: <the resource of ${resource}>`,
    '    HttpMethod: OPTIONS',
    '    AuthorizationType: NONE',
    '    Integration:',
    '      Type: MOCK',
    "      RequestTemplates:\n        application/json: '{\"statusCode\": 200}'",
    '      IntegrationResponses:',
    '        - StatusCode: "200"',
    '          ResponseParameters:',
    ...params.map(([h, v]) => `            method.response.header.${h}: ${q(v)}`),
    '    MethodResponses:',
    '      - StatusCode: "200"',
    '        ResponseParameters:',
    ...params.map(([h]) => `          method.response.header.${h}: true`),
  ].join('\n');
  return {
    title: why,
    at: api.loc,
    snippet,
    apply: (copy) => {
      const at = copy.loc;
      const response = { loc: at, statusCode: '200', headers: {} as Record<string, SettingVal<Scalar>[]>, headerKeys: [] as Array<{ name: string; loc: Loc }> };
      for (const [h, v] of params) {
        response.headers[h.toLowerCase()] = [literal(v, at, true)];
        response.headerKeys.push({ name: h, loc: at });
      }
      const policy: CorsPolicy = {
        surface: 'rest',
        source: 'rest-options',
        owner: copy.id,
        label: `${copy.label} OPTIONS ${resource}`,
        apiId: copy.id,
        path: resource,
        loc: at,
        when: [],
        origins: response.headers['access-control-allow-origin'] ?? [],
        methods: response.headers['access-control-allow-methods'] ?? [],
        headers: response.headers['access-control-allow-headers'] ?? [],
        exposeHeaders: [],
        credentials: response.headers['access-control-allow-credentials'] ?? [],
        maxAge: [],
      };
      copy.routes.push({
        apiId: copy.id,
        method: 'OPTIONS',
        path: resource,
        origin: 'cfn-method',
        loc: at,
        when: [],
        auth: { kind: 'none', apiKeyRequired: false, loc: at, reason: 'AuthorizationType NONE' },
        integration: { type: 'mock', loc: at, responses: [response] },
        methodResponses: [],
        preflight: policy,
      });
    },
  };
}

// ---------------------------------------------------------------- the CORS policy

function policyFix(input: FixInput, policy: CorsPolicy, answer: GatewayAnswer, name: string): Fix | undefined {
  const want: Want = {
    origin: /Origin|Credentials|Wildcard/.test(name),
    method: name === 'MethodDisallowedByPreflightResponse',
    header: name === 'HeaderDisallowedByPreflightResponse',
    missingHeaders: [],
  };
  const preflightPhase = name.startsWith('Preflight') || name.endsWith('PreflightResponse');
  if (preflightPhase) {
    // The browser names only the first failing check: settle the method and the headers in the same change.
    const lists = allowedLists(input, policy, answer);
    const wildcard = (list: string[]) => !input.credentialed && list.includes('*');
    if (lists.methods && !SAFELISTED.has(input.method) && !lists.methods.includes(input.method) && !wildcard(lists.methods)) want.method = true;
    if (lists.headers) {
      want.missingHeaders = input.unsafeHeaders.filter((h) => !lists.headers!.includes(h) && !wildcard(lists.headers!));
      if (want.missingHeaders.length > 0) want.header = true;
    }
  }
  if (want.header && want.missingHeaders.length === 0) want.missingHeaders = [...input.unsafeHeaders];
  if (!want.origin && !want.method && !want.header) return undefined;
  if (policy.surface === 'http' || policy.surface === 'function-url') return httpPolicyFix(input, policy, want);
  if (policy.source === 'sam-cors') return samPolicyFix(input, policy, want);
  if (policy.source === 'rest-options' && answer.route) return restOptionsPolicyFix(input, answer.route, want);
  return undefined;
}

const SAFELISTED = new Set(['GET', 'HEAD', 'POST']);

interface Want {
  origin: boolean;
  method: boolean;
  header: boolean;
  /** Request headers (lower case) the allowed headers do not cover. */
  missingHeaders: string[];
}

/** The methods and headers (lower case) a policy allows, where every value is known. */
function allowedLists(input: FixInput, policy: CorsPolicy, answer: GatewayAnswer): { methods?: string[]; headers?: string[] } {
  const known = (vals: readonly SettingVal<Scalar>[]) => vals.every((v) => v.known && (v.when ?? []).length === 0);
  const split = (vals: readonly SettingVal<Scalar>[]) => splitList(texts(vals).join(','));
  if (policy.source === 'rest-options' && answer.route) {
    const response = answer.route.integration.responses.find((r) => r.statusCode === '200') ?? answer.route.integration.responses[0];
    const m = response?.headers['access-control-allow-methods'] ?? [];
    const h = response?.headers['access-control-allow-headers'] ?? [];
    return { methods: known(m) ? split(m) : undefined, headers: known(h) ? split(h).map((x) => x.toLowerCase()) : undefined };
  }
  let methods: string[] | undefined;
  if (policy.source === 'sam-cors' && (policy.methodsComputed || policy.methods.length === 0)) methods = answer.matched ? samComputedMethods(input.api, answer.matched).split(',') : undefined;
  else methods = known(policy.methods) ? split(policy.methods) : undefined;
  const headers = known(policy.headers) ? split(policy.headers).map((x) => x.toLowerCase()) : undefined;
  return { methods, headers };
}

/** Whether `entry` names `origin`, though perhaps not as browsers write it (a trailing slash, upper case, a default port). */
function sameOriginWritten(entry: string, origin: string): boolean {
  if (entry === origin) return true;
  try {
    return new URL(entry).origin === origin;
  } catch {
    return false;
  }
}

/**
 * A value as a YAML scalar to paste: plain where YAML reads it back as the same text, single-quoted otherwise (`*`
 * would be an alias, `true` a boolean, `a: b` a mapping).
 */
export function yamlScalar(value: string): string {
  const plain = /^[A-Za-z0-9_./(][A-Za-z0-9_ ./:+()=-]*$/.test(value) && !/: |\s#|:$|\s$/.test(value);
  const special = /^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?\d[\d_.eE+-]*|0x[0-9a-fA-F]+|\.inf|\.nan)$/i.test(value);
  return plain && !special ? value : `'${value.replace(/'/g, "''")}'`;
}

function headerList(names: readonly string[]): string {
  return names.map(canonical).join(', ');
}

function texts(vals: readonly SettingVal<Scalar>[]): string[] {
  return listItems(vals).map((i) => i.item);
}

/** Items of a REST list written with quotes around each (`'A', 'B'`): the browser reads the quotes as part of the names. */
function unquoted(items: string[]): { items: string[]; quoted: boolean } {
  const quoted = items.some((i) => i.includes("'"));
  return { items: items.map((i) => i.replace(/^'+|'+$/g, '')).filter(Boolean), quoted };
}

function samPolicyFix(input: FixInput, policy: CorsPolicy, want: Want): Fix {
  const { request } = input;
  const current = policy.origins.find((v) => v.known);
  const currentOrigin = current?.known ? String(current.value) : undefined;
  const writtenMethods = unquoted(splitList(texts(policy.methods).join(',')));
  let methods = policy.methodsComputed || policy.methods.length === 0 ? undefined : writtenMethods.items;
  if (methods && (want.method || methods.includes('*'))) methods = methodsToAllow(input.api, request, methods);
  const writtenHeaders = unquoted(splitList(texts(policy.headers).join(',')));
  if (writtenHeaders.quoted) want.missingHeaders = want.missingHeaders.filter((h) => !writtenHeaders.items.some((x) => x.toLowerCase() === h));
  const credentials = input.credentialed || policy.credentials.some((v) => v.known && v.value === true);
  const headers = want.header || writtenHeaders.items.includes('*') ? wantedHeaders(input, writtenHeaders.items, credentials) : writtenHeaders.items;
  // A fix writes the page's origin rather than '*' (which wildcard-origin reports) or nothing (SAM's default '*').
  const starred = !want.origin && (currentOrigin === undefined || currentOrigin === '*');
  const originValue = want.origin || starred ? request.origin : currentOrigin!;
  const lines = ['Cors:', `  AllowOrigin: ${q(originValue)}`];
  if (methods) lines.push(`  AllowMethods: ${q(methods.join(','))}`);
  if (headers.length > 0) lines.push(`  AllowHeaders: ${q(headers.join(','))}`);
  const maxAge = policy.maxAge.find((v) => v.known);
  if (maxAge?.known) lines.push(`  MaxAge: ${typeof maxAge.value === 'number' ? maxAge.value : q(String(maxAge.value))}`);
  if (credentials) lines.push('  AllowCredentials: true');
  const parts: string[] = [];
  if (want.origin) {
    parts.push(
      currentOrigin && currentOrigin !== '*' && currentOrigin !== request.origin
        ? `allow ${request.origin} (a REST API's static Access-Control-Allow-Origin holds one origin; to serve '${currentOrigin}' too, choose the origin per request in a Lambda that answers OPTIONS)`
        : `allow ${request.origin}${input.credentialed ? ' by name, with AllowCredentials: true (credentials rule out \'*\')' : ''}`,
    );
  }
  if (starred) parts.push(`allow ${request.origin} by name instead of any origin ('*')`);
  if (want.method) parts.push(`add ${input.method} to AllowMethods`);
  if (want.header && want.missingHeaders.length > 0) parts.push(`add ${headerList(want.missingHeaders)} to AllowHeaders`);
  if (writtenHeaders.quoted || (methods && writtenMethods.quoted)) {
    parts.push("write the list inside one pair of single quotes (with a quote around each item, the browser reads the quotes as part of the names)");
  }
  return {
    title: `In ${input.api.id}'s Cors, ${parts.join(', and ')}.`,
    at: keyOf(policy.loc),
    snippet: lines.join('\n'),
    apply: (copy) => {
      const p = copy.cors ?? copy.routes.find((r) => r.preflight?.source === 'sam-cors')?.preflight;
      if (!p) return;
      const at = p.loc;
      if (want.origin || starred) p.origins = [literal(originValue, at, true)];
      if (methods) {
        p.methods = [literal(methods.join(','), at, true)];
        p.methodsComputed = false;
      }
      if (headers.length > 0) p.headers = [literal(headers.join(','), at, true)];
      if (credentials) p.credentials = [literal(true, at, false)];
      for (const r of copy.routes) if (r.origin === 'sam-cors') r.preflight = p;
    },
  };
}

function restOptionsPolicyFix(input: FixInput, route: Route, want: Want): Fix {
  const { request } = input;
  const response = route.integration.responses.find((r) => r.statusCode === '200') ?? route.integration.responses[0];
  const lines: Array<[string, string]> = [];
  const current = (h: string) => texts(response?.headers[h.toLowerCase()] ?? []).join(',');
  if (want.origin) {
    lines.push(['Access-Control-Allow-Origin', request.origin]);
    if (input.credentialed) lines.push(['Access-Control-Allow-Credentials', 'true']);
  }
  if (want.method) lines.push(['Access-Control-Allow-Methods', methodsToAllow(input.api, request, splitList(current('Access-Control-Allow-Methods'))).join(',')]);
  if (want.header) {
    const credentials = input.credentialed || current('Access-Control-Allow-Credentials') === 'true';
    lines.push(['Access-Control-Allow-Headers', wantedHeaders(input, splitList(current('Access-Control-Allow-Headers')), credentials).join(',')]);
  }
  return {
    title: `In OPTIONS ${route.path}'s integration response, ${lines.map(([h, v]) => `set ${h} to '${v}'`).join(', ')} (declare each header in MethodResponses too).`,
    at: response?.loc ?? route.loc,
    snippet: `ResponseParameters:\n${lines.map(([h, v]) => `  method.response.header.${h}: ${q(v)}`).join('\n')}`,
    apply: (copy) => {
      const r = same(copy, route);
      const target = r && (r.integration.responses.find((x) => x.statusCode === '200') ?? r.integration.responses[0]);
      if (!r || !target) return;
      for (const [h, v] of lines) {
        target.headers[h.toLowerCase()] = [literal(v, target.loc, true)];
        if (!target.headerKeys.some((k) => k.name.toLowerCase() === h.toLowerCase())) target.headerKeys.push({ name: h, loc: target.loc });
      }
      if (r.preflight) {
        r.preflight.origins = target.headers['access-control-allow-origin'] ?? [];
        r.preflight.methods = target.headers['access-control-allow-methods'] ?? [];
        r.preflight.headers = target.headers['access-control-allow-headers'] ?? [];
        r.preflight.credentials = target.headers['access-control-allow-credentials'] ?? [];
      }
    },
  };
}

function httpPolicyFix(input: FixInput, policy: CorsPolicy, want: Want): Fix {
  const { request } = input;
  const origins = texts(policy.origins);
  const methods = texts(policy.methods);
  const headers = texts(policy.headers);
  const credentials = input.credentialed || policy.credentials.some((v) => v.known && (v.value === true || v.value === 'true'));
  // The page's origin by name, and never a '*' (wildcard-origin) in what the fix writes; an entry written the way
  // browsers never send it (a trailing slash, upper case, a default port) is replaced.
  const starred = origins.includes('*');
  const replaced = want.origin ? origins.filter((o) => o !== request.origin && sameOriginWritten(o, request.origin)) : [];
  const newOrigins = want.origin || starred ? originsToAllow(origins.filter((o) => !replaced.includes(o)), request.origin) : origins;
  const newMethods = want.method || methods.includes('*') ? methodsToAllow(input.api, request, methods) : methods;
  const signed = policy.surface === 'function-url' && functionUrlSigV4(policy).some((h) => !headers.some((e) => e.toLowerCase() === h.toLowerCase()));
  const newHeaders = want.header || headers.includes('*') || signed ? wantedHeaders(input, headers, credentials, policy) : headers;
  const keys = policy.source === 'openapi-http-cors' ? ['allowOrigins', 'allowMethods', 'allowHeaders', 'allowCredentials', 'maxAge'] : ['AllowOrigins', 'AllowMethods', 'AllowHeaders', 'AllowCredentials', 'MaxAge'];
  const block = policy.source === 'openapi-http-cors' ? 'x-amazon-apigateway-cors:' : policy.surface === 'function-url' ? 'Cors:' : 'CorsConfiguration:';
  const lines = [block, `  ${keys[0]}:`, ...newOrigins.map((o) => `    - ${yamlScalar(o)}`)];
  if (newMethods.length > 0) lines.push(`  ${keys[1]}: [${newMethods.map(yamlScalar).join(', ')}]`);
  if (newHeaders.length > 0) lines.push(`  ${keys[2]}: [${newHeaders.map(yamlScalar).join(', ')}]`);
  if (credentials) lines.push(`  ${keys[3]}: true`);
  const maxAge = policy.maxAge.find((v) => v.known);
  if (maxAge?.known) lines.push(`  ${keys[4]}: ${maxAge.value}`);
  const parts: string[] = [];
  if (want.origin) {
    const how = replaced.length > 0 ? `replace ${replaced.map((o) => `'${o}'`).join(' and ')} with ${request.origin} in AllowOrigins (browsers send an origin without a path, a trailing slash or a default port, in lower case)` : `add ${request.origin} to AllowOrigins`;
    parts.push(input.credentialed ? `${replaced.length > 0 ? how : `allow ${request.origin} by name`} with AllowCredentials: true` : how);
  } else if (starred) parts.push(`allow ${request.origin} by name instead of any origin ('*')`);
  if (want.method) parts.push(`add ${input.method} to AllowMethods`);
  if (want.header) parts.push(`add ${headerList(want.missingHeaders)} to AllowHeaders`);
  else if (signed) parts.push(`add what its AWS_IAM signature sends (${functionUrlSigV4(policy).join(', ')}) to AllowHeaders`);
  return {
    title: `In ${policy.surface === 'function-url' ? `the Cors of the ${policy.label}` : `${input.api.id}'s CORS configuration`}, ${parts.join(', and ')}.`,
    at: keyOf(policy.loc),
    snippet: lines.join('\n'),
    apply: (copy) => {
      const p = copy.cors;
      if (!p) return;
      const at = p.loc;
      p.origins = newOrigins.map((o) => literal(o, at, false));
      p.methods = newMethods.map((m) => literal(m, at, false));
      p.headers = newHeaders.map((h) => literal(h, at, false));
      if (credentials) p.credentials = [literal(true, at, false)];
    },
  };
}

function httpCorsConfigurationFix(input: FixInput): Fix {
  const { api, request } = input;
  const headers = wantedHeaders(input, bodyHeaders(input.api));
  const methods = [...new Set(api.routes.map((r) => r.method).filter((m) => m !== 'ANY' && m !== 'OPTIONS' && m !== '?'))];
  if (!methods.includes(input.method)) methods.push(input.method);
  const lines = ['CorsConfiguration:', '  AllowOrigins:', `    - ${yamlScalar(request.origin)}`, `  AllowMethods: [${methods.map(yamlScalar).join(', ')}]`];
  if (headers.length > 0) lines.push(`  AllowHeaders: [${headers.map(yamlScalar).join(', ')}]`);
  if (input.credentialed) lines.push('  AllowCredentials: true');
  return {
    title: `${api.id} has no CORS configuration: add one, and API Gateway answers preflights and adds the CORS headers to every response.`,
    at: api.loc,
    snippet: lines.join('\n'),
    apply: (copy) => {
      const at = copy.loc;
      copy.cors = {
        surface: 'http',
        source: api.source === 'sam' ? 'sam-http-cors' : 'cfn-http-cors',
        owner: copy.id,
        label: copy.label,
        apiId: copy.id,
        loc: at,
        when: [],
        origins: [literal(request.origin, at, false)],
        methods: methods.map((m) => literal(m, at, false)),
        headers: headers.map((h) => literal(h, at, false)),
        exposeHeaders: [],
        credentials: input.credentialed ? [literal(true, at, false)] : [],
        maxAge: [],
        form: 'object',
      };
    },
  };
}

// ---------------------------------------------------------------- the actual response

function gatewayResponseFix(input: FixInput, answer: GatewayAnswer): Fix | undefined {
  const { api, request } = input;
  if (api.kind !== 'rest' || !answer.gatewayResponse) return undefined;
  const header = answer.rejectedBy?.header;
  const why = header
    ? `The request has no ${canonical(header)} header, so API Gateway rejects it, and its error carries no Access-Control-Allow-Origin: send the header, and let the page read such errors with a gateway response.`
    : 'API Gateway rejects the request with an error that carries no Access-Control-Allow-Origin: add a gateway response so the page can read it.';
  const headers: Array<[string, string]> = [['Access-Control-Allow-Origin', request.origin]];
  if (input.credentialed) headers.push(['Access-Control-Allow-Credentials', 'true']);
  const snippet =
    api.source === 'sam'
      ? ['GatewayResponses:', '  DEFAULT_4XX:', '    ResponseParameters:', '      Headers:', ...headers.map(([h, v]) => `        ${h}: ${q(v)}`)].join('\n')
      : [
          'Default4xxResponse:',
          '  Type: AWS::ApiGateway::GatewayResponse',
          '  Properties:',
          `    RestApiId: !Ref ${api.id}`,
          '    ResponseType: DEFAULT_4XX',
          '    ResponseParameters:',
          ...headers.map(([h, v]) => `      gatewayresponse.header.${h}: ${q(v)}`),
        ].join('\n');
  return {
    title: why,
    at: api.loc,
    snippet,
    apply: (copy) => {
      const at = copy.loc;
      const map: Record<string, SettingVal<Scalar>[]> = {};
      for (const [h, v] of headers) map[h.toLowerCase()] = [literal(v, at, true)];
      copy.gatewayResponses = copy.gatewayResponses.filter((g) => g.type !== 'DEFAULT_4XX');
      copy.gatewayResponses.push({ apiId: copy.id, type: 'DEFAULT_4XX', typeLoc: at, loc: at, headers: map, headerKeys: headers.map(([h]) => ({ name: h, loc: at })) });
    },
  };
}

function actualResponseFix(input: FixInput, route: Route): Fix | undefined {
  const { api, request } = input;
  const type = route.integration.type;
  if (api.kind === 'http') return api.cors ? undefined : httpCorsConfigurationFix(input);
  const handler = type === 'lambda-proxy' ? input.handlers.answerFor(route) : undefined;
  if (handler && handler.responses.length > 0) return handlerResponseFix(input, route, handler);
  if (type === 'mock' || type === 'aws' || type === 'http') {
    const headers: Array<[string, string]> = [['Access-Control-Allow-Origin', request.origin]];
    if (input.credentialed) headers.push(['Access-Control-Allow-Credentials', 'true']);
    const response = route.integration.responses.find((r) => r.statusCode === '200') ?? route.integration.responses[0];
    return {
      title: `${route.method} ${route.path}'s integration response maps no usable Access-Control-Allow-Origin: map it (and declare it in MethodResponses).`,
      at: response?.loc ?? route.integration.loc,
      snippet: [
        'IntegrationResponses:',
        `  - StatusCode: "${response?.statusCode ?? '200'}"`,
        '    ResponseParameters:',
        ...headers.map(([h, v]) => `      method.response.header.${h}: ${q(v)}`),
        'MethodResponses:',
        `  - StatusCode: "${response?.statusCode ?? '200'}"`,
        '    ResponseParameters:',
        ...headers.map(([h]) => `      method.response.header.${h}: true`),
      ].join('\n'),
      apply: (copy) => {
        const r = same(copy, route);
        if (!r) return;
        let target = r.integration.responses.find((x) => x.statusCode === '200') ?? r.integration.responses[0];
        if (!target) {
          target = { loc: r.loc, statusCode: '200', headers: {}, headerKeys: [] };
          r.integration.responses.push(target);
        }
        for (const [h, v] of headers) {
          target.headers[h.toLowerCase()] = [literal(v, target.loc, true)];
          if (!target.headerKeys.some((k) => k.name.toLowerCase() === h.toLowerCase())) target.headerKeys.push({ name: h, loc: target.loc });
        }
      },
    };
  }
  return undefined;
}
