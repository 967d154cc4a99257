/**
 * SAM resources: `AWS::Serverless::Api`, `AWS::Serverless::HttpApi`, `AWS::Serverless::Function` (events and
 * function URLs), `Globals`, and the implicit `ServerlessRestApi` / `ServerlessHttpApi`.
 */
import { mergeGlobals } from '../resolve/globals.js';
import { intrinsicName, isMapping, type Node } from '../resolve/types.js';
import type { Loc } from '../types.js';
import type { BuildContext } from './context.js';
import { bodyRoot, identityHeaders, ownSecurity, readOpenApi, SIGV4_HEADERS } from './openapi.js';
import { HTTP_FIELDS, listCors, samRestCors } from './policy.js';
import { responseHeaders } from './rest.js';
import type { ResourceEntry } from './resources.js';
import type { Api, AuthorizerType, LambdaFunction, Route, RouteAuth, SamAuthSettings } from './types.js';

export const IMPLICIT_REST_API = 'ServerlessRestApi';
export const IMPLICIT_HTTP_API = 'ServerlessHttpApi';

/** Properties of a SAM resource with its `Globals` section merged in. */
export function samProperties(ctx: BuildContext, entry: ResourceEntry, section: 'Api' | 'HttpApi' | 'Function'): Node | undefined {
  const globals = ctx.prop(ctx.resolver.root(), 'Globals');
  const global = ctx.prop(globals, section);
  return mergeGlobals(ctx.resolver, global, entry.props, { name: entry.id, loc: { ...entry.node.loc, key: true } });
}

function newApi(id: string, kind: 'rest' | 'http', loc: Loc, implicit: boolean, when: Api['when']): Api {
  const label = `${kind === 'rest' ? 'REST' : 'HTTP'} API '${id}'`;
  return { id, kind, source: 'sam', implicit, label, loc, when, routes: [], authorizers: [], gatewayResponses: [] };
}

interface SamApiState {
  api: Api;
  props?: Node;
  /** Paths that came from the OpenAPI body, and whether events add to it. */
  hasBody: boolean;
  mergeDefinitions: boolean;
  optionsPaths: Set<string>;
  rootAuth?: RouteAuth;
}

/** Builds every SAM API (explicit and implicit) with its routes, and the functions' URLs. */
export function buildSam(ctx: BuildContext, resources: readonly ResourceEntry[]): void {
  const states = new Map<string, SamApiState>();

  for (const entry of resources) {
    if (entry.type === 'AWS::Serverless::Api') states.set(entry.id, samApi(ctx, entry, 'rest', samProperties(ctx, entry, 'Api')));
    if (entry.type === 'AWS::Serverless::HttpApi') states.set(entry.id, samApi(ctx, entry, 'http', samProperties(ctx, entry, 'HttpApi')));
  }

  for (const entry of resources) {
    if (entry.type !== 'AWS::Serverless::Function') continue;
    const props = samProperties(ctx, entry, 'Function');
    ctx.model.functions.push(samFunction(ctx, entry, props));
    functionUrl(ctx, entry, props);
    const events = ctx.prop(props, 'Events');
    for (const eventsAlt of events ? ctx.resolver.alts(events) : []) {
      for (const [name, event] of ctx.resolver.entries(eventsAlt)) {
        for (const eventAlt of ctx.resolver.alts(event)) {
          const type = ctx.str(eventAlt, 'Type');
          if (type !== 'Api' && type !== 'HttpApi') continue;
          const kind = type === 'Api' ? 'rest' : 'http';
          const eventProps = ctx.prop(eventAlt, 'Properties');
          const apiRef = ctx.prop(eventProps, kind === 'rest' ? 'RestApiId' : 'ApiId');
          const apiId = apiRef ? refTarget(ctx, apiRef) : kind === 'rest' ? IMPLICIT_REST_API : IMPLICIT_HTTP_API;
          if (!apiId) {
            ctx.note(apiRef!.loc, `event '${name}' names an API that is not in this template`);
            continue;
          }
          let state = states.get(apiId);
          if (!state && (apiId === IMPLICIT_REST_API || apiId === IMPLICIT_HTTP_API)) {
            const section = kind === 'rest' ? 'Api' : 'HttpApi';
            const implicit: ResourceEntry = { id: apiId, type: '', node: { ...eventAlt, loc: { ...eventAlt.loc, key: true } }, when: [] };
            const globals = ctx.prop(ctx.prop(ctx.resolver.root(), 'Globals'), section);
            const props = mergeGlobals(ctx.resolver, globals, undefined, { name: apiId, loc: implicit.node.loc });
            state = samApi(ctx, { ...implicit, props }, kind, props, true);
            states.set(apiId, state);
          }
          if (!state) {
            ctx.note(eventAlt.loc, `event '${name}' names API '${apiId}', which is not a SAM ${kind === 'rest' ? 'Api' : 'HttpApi'} in this template`);
            continue;
          }
          if (state.api.kind !== kind) continue;
          if (state.hasBody && !state.mergeDefinitions) continue;
          const route = eventRoute(ctx, state, entry.id, name, eventAlt, eventProps);
          if (state.hasBody && state.api.routes.some((r) => r.path === route.path && r.method === route.method)) continue;
          state.api.routes.push(route);
        }
      }
    }
  }

  for (const state of states.values()) {
    if (state.api.kind === 'rest' && state.api.cors) generateOptions(state);
    applySamAuthDefaults(state);
    ctx.model.apis.push(state.api);
    if (state.api.cors) ctx.model.policies.push(state.api.cors);
  }
}

function refTarget(ctx: BuildContext, node: Node): string | undefined {
  const raw = node.raw;
  if (typeof raw === 'string') return raw;
  if (isMapping(raw) && intrinsicName(raw) === 'Ref' && typeof raw.Ref === 'string') return raw.Ref;
  const alts = ctx.resolver.alts(node);
  if (alts.length === 1 && alts[0] !== node) return refTarget(ctx, alts[0]!);
  return undefined;
}

function samApi(ctx: BuildContext, entry: ResourceEntry, kind: 'rest' | 'http', props: Node | undefined, implicit = false): SamApiState {
  const api = newApi(entry.id, kind, { ...entry.node.loc, key: true }, implicit, entry.when);
  const state: SamApiState = { api, props, hasBody: false, mergeDefinitions: false, optionsPaths: new Set() };
  if (!props) return state;

  const auth = ctx.prop(props, 'Auth');
  if (auth) {
    const settings: SamAuthSettings = { loc: auth.loc };
    const read = (key: string) => {
      const node = ctx.prop(auth, key);
      return node ? ctx.values(node) : undefined;
    };
    settings.defaultAuthorizer = read('DefaultAuthorizer');
    settings.apiKeyRequired = read('ApiKeyRequired');
    settings.addDefaultAuthorizerToCorsPreflight = read('AddDefaultAuthorizerToCorsPreflight');
    settings.addApiKeyRequiredToCorsPreflight = read('AddApiKeyRequiredToCorsPreflight');
    api.sam = settings;
    const authorizers = ctx.prop(auth, 'Authorizers');
    for (const alt of authorizers ? ctx.resolver.alts(authorizers) : []) {
      for (const [name, def] of ctx.resolver.entries(alt)) api.authorizers.push(samAuthorizer(ctx, api, name, def, kind));
    }
    if (kind === 'http' && ctx.resolver.literal(ctx.prop(auth, 'EnableIamAuthorizer')) === true) {
      api.authorizers.push({ apiId: api.id, name: 'AWS_IAM', type: 'IAM', identityHeaders: SIGV4_HEADERS, loc: auth.loc, when: auth.when });
    }
    if (kind === 'rest') {
      const defaults = settings.defaultAuthorizer ?? [];
      if (defaults.some((v) => v.known && v.value === 'AWS_IAM') && !api.authorizers.some((a) => a.name === 'AWS_IAM')) {
        api.authorizers.push({ apiId: api.id, name: 'AWS_IAM', type: 'IAM', identityHeaders: SIGV4_HEADERS, loc: auth.loc, when: auth.when });
      }
    }
  }

  const body = ctx.prop(props, 'DefinitionBody');
  const uri = ctx.prop(props, 'DefinitionUri');
  state.mergeDefinitions = ctx.resolver.literal(ctx.prop(props, 'MergeDefinitions')) === true;
  let doc: Node | undefined;
  if (body) doc = bodyRoot(ctx, body);
  else if (uri) {
    const text = ctx.str(uri);
    if (text) doc = ctx.external(text, uri.loc);
    else ctx.note(uri.loc, 'DefinitionUri is not a local file path; the OpenAPI document is not checked');
  }
  if (body || uri) state.hasBody = true;
  if (state.hasBody && !doc) api.bodyUnknown = true;
  if (doc) {
    api.body = doc.loc;
    const result = readOpenApi(ctx, api, doc);
    api.routes.push(...result.routes);
    state.optionsPaths = result.optionsPaths;
    state.rootAuth = result.rootAuth;
  }

  if (kind === 'rest') {
    const cors = ctx.prop(props, 'Cors');
    if (cors) api.cors = samRestCors(ctx, { surface: 'rest', source: 'sam-cors', owner: api.id, label: api.label, apiId: api.id }, cors);
    const responses = ctx.prop(props, 'GatewayResponses');
    for (const alt of responses ? ctx.resolver.alts(responses) : []) {
      for (const [type, def] of ctx.resolver.entries(alt)) {
        const params = ctx.prop(def, 'ResponseParameters');
        // SAM writes bare header names under Headers; SAM adds the gatewayresponse.header. prefix.
        const headers = responseHeaders(ctx, ctx.prop(params, 'Headers'), '', def);
        const status = ctx.resolver.literal(ctx.prop(def, 'StatusCode'));
        api.gatewayResponses.push({
          ...headers,
          apiId: api.id,
          type,
          typeLoc: { ...def.loc, key: true },
          statusCode: status === undefined || status === null ? undefined : String(status),
        });
      }
    }
  } else {
    const cors = ctx.prop(props, 'CorsConfiguration');
    if (cors) {
      const fromProperty = listCors(ctx, { surface: 'http', source: 'sam-http-cors', owner: api.id, label: api.label, apiId: api.id }, cors, HTTP_FIELDS);
      if (api.cors) {
        // SAM merges the property into the body's x-amazon-apigateway-cors key by key; the property wins.
        const body = api.cors;
        for (const field of ['origins', 'methods', 'headers', 'exposeHeaders', 'credentials', 'maxAge'] as const) {
          if (fromProperty[field].length === 0) fromProperty[field] = body[field];
        }
      }
      if (ctx.resolver.alts(cors).some((alt) => alt.raw !== false)) api.cors = fromProperty;
    }
  }
  return state;
}

function samAuthorizer(ctx: BuildContext, api: Api, name: string, def: Node, kind: 'rest' | 'http'): Api['authorizers'][number] {
  const identity = ctx.prop(def, 'Identity');
  let type: AuthorizerType = 'UNKNOWN';
  let headers: string[] = [];
  if (kind === 'rest') {
    if (ctx.prop(def, 'UserPoolArn')) {
      type = 'COGNITO_USER_POOLS';
      headers = [ctx.str(identity, 'Header') ?? 'Authorization'];
    } else if (ctx.prop(def, 'FunctionArn')) {
      const payload = (ctx.str(def, 'FunctionPayloadType') ?? 'TOKEN').toUpperCase();
      type = payload === 'REQUEST' ? 'REQUEST' : 'TOKEN';
      if (type === 'TOKEN') headers = [ctx.str(identity, 'Header') ?? 'Authorization'];
      else headers = stringList(ctx, ctx.prop(identity, 'Headers'));
    }
  } else {
    if (ctx.prop(def, 'JwtConfiguration')) {
      type = 'JWT';
      const source = ctx.listValues(ctx.prop(def, 'IdentitySource')).flatMap((v) => (v.known && typeof v.value === 'string' ? [v.value] : []));
      headers = source.length > 0 ? identityHeaders(source) : ['Authorization'];
    } else if (ctx.prop(def, 'FunctionArn')) {
      type = 'REQUEST';
      headers = stringList(ctx, ctx.prop(identity, 'Headers'));
    }
  }
  return { apiId: api.id, name, type, identityHeaders: headers, loc: { ...def.loc, key: true }, via: def.via, when: def.when };
}

function stringList(ctx: BuildContext, node: Node | undefined): string[] {
  return ctx.listValues(node).flatMap((v) => (v.known && typeof v.value === 'string' ? [v.value] : []));
}

/** The authorization SAM gives an event's route: the event's `Auth`, else the API's defaults. */
function eventRoute(ctx: BuildContext, state: SamApiState, functionId: string, name: string, event: Node, props: Node | undefined): Route {
  const api = state.api;
  const pathNode = ctx.prop(props, 'Path');
  const methodNode = ctx.prop(props, 'Method');
  let path = ctx.str(pathNode) ?? (api.kind === 'http' && !pathNode ? '$default' : '?');
  let method = (ctx.str(methodNode) ?? (api.kind === 'http' && !methodNode ? 'ANY' : '?')).toUpperCase();
  if (api.kind === 'http' && !pathNode && !methodNode) {
    path = '$default';
    method = 'ANY';
  }
  if (method === 'ANY' || method === 'X-AMAZON-APIGATEWAY-ANY-METHOD') method = 'ANY';
  const eventAuth = ctx.prop(props, 'Auth');
  const route: Route = {
    apiId: api.id,
    method,
    path,
    origin: 'sam-event',
    loc: { ...event.loc, key: true },
    via: event.via,
    when: event.when,
    auth: eventAuthorization(ctx, state, eventAuth, method === 'OPTIONS', event.loc),
    integration: { type: 'lambda-proxy', functionId, loc: event.loc, responses: [] },
    methodResponses: [],
    event: { functionId, name },
  };
  return route;
}

/** A literal SAM setting, when it is known and unconditional. */
function samLiteral(values: SamAuthSettings['defaultAuthorizer']): unknown {
  if (!Array.isArray(values) || values.length !== 1) return values && values.length > 1 ? UNKNOWN : undefined;
  const v = values[0]!;
  return v.known && v.when.length === 0 ? v.value : UNKNOWN;
}

const UNKNOWN = Symbol('unknown');

function eventAuthorization(ctx: BuildContext, state: SamApiState, eventAuth: Node | undefined, isOptions: boolean, at: Loc): RouteAuth {
  const api = state.api;
  const sam = api.sam ?? {};
  const auth: RouteAuth = { kind: 'none', apiKeyRequired: false, loc: at, reason: 'no authorizer' };
  const authorizerNode = ctx.prop(eventAuth, 'Authorizer');
  const fromEvent = authorizerNode ? ctx.resolver.literal(authorizerNode) : undefined;
  const defaultAuthorizer = samLiteral(sam.defaultAuthorizer);
  const preflightFlag = samLiteral(sam.addDefaultAuthorizerToCorsPreflight);
  let name: unknown;
  if (authorizerNode) {
    name = fromEvent === undefined ? UNKNOWN : fromEvent;
    auth.loc = authorizerNode.loc;
  } else if (defaultAuthorizer !== undefined && !(isOptions && preflightFlag === false)) {
    name = defaultAuthorizer;
    auth.loc = sam.defaultAuthorizer![0]!.loc;
  }
  if (name === UNKNOWN) auth.kind = 'unknown';
  else if (typeof name === 'string' && name !== 'NONE') {
    if (name === 'AWS_IAM') auth.kind = 'iam';
    else {
      auth.kind = 'authorizer';
      auth.authorizer = name;
    }
    auth.reason = authorizerNode ? `Auth.Authorizer '${name}'` : `DefaultAuthorizer '${name}'`;
  }
  const keyNode = ctx.prop(eventAuth, 'ApiKeyRequired');
  const apiKeyFlag = samLiteral(sam.addApiKeyRequiredToCorsPreflight);
  if (keyNode) {
    if (ctx.resolver.literal(keyNode) === true) {
      auth.apiKeyRequired = true;
      auth.apiKeyLoc = keyNode.loc;
    }
  } else if (samLiteral(sam.apiKeyRequired) === true && !(isOptions && apiKeyFlag === false)) {
    auth.apiKeyRequired = true;
    auth.apiKeyLoc = sam.apiKeyRequired![0]!.loc;
  }
  return auth;
}

/**
 * The OPTIONS routes SAM generates for a REST API with `Cors`: one per path that has no `options` of its own
 * (paths that differ only by a trailing slash count as one), with the authorization SAM gives them.
 */
function generateOptions(state: SamApiState): void {
  const api = state.api;
  const cors = api.cors!;
  const sam = api.sam ?? {};
  const seen = new Set<string>();
  for (const route of api.routes) if (route.method === 'OPTIONS') seen.add(trimSlash(route.path));
  const paths = [...new Set(api.routes.map((r) => r.path))];
  const generated: Route[] = [];
  for (const path of paths) {
    const key = trimSlash(path);
    if (seen.has(key)) continue;
    seen.add(key);
    const auth: RouteAuth = { kind: 'none', apiKeyRequired: false, loc: cors.loc, reason: 'no authorizer' };
    const defaultAuthorizer = samLiteral(sam.defaultAuthorizer);
    const flag = samLiteral(sam.addDefaultAuthorizerToCorsPreflight);
    if (defaultAuthorizer !== undefined && flag !== false) {
      if (defaultAuthorizer === UNKNOWN || flag === UNKNOWN) auth.kind = 'unknown';
      else if (typeof defaultAuthorizer === 'string' && defaultAuthorizer !== 'NONE') {
        auth.kind = defaultAuthorizer === 'AWS_IAM' ? 'iam' : 'authorizer';
        if (auth.kind === 'authorizer') auth.authorizer = defaultAuthorizer;
        auth.reason = `DefaultAuthorizer '${defaultAuthorizer}' (AddDefaultAuthorizerToCorsPreflight is not false)`;
      }
      auth.loc = sam.defaultAuthorizer![0]!.loc;
    } else if (state.rootAuth) {
      Object.assign(auth, state.rootAuth, { reason: `${state.rootAuth.reason} at the root of the OpenAPI document (inherited)` });
    }
    const keyFlag = samLiteral(sam.addApiKeyRequiredToCorsPreflight);
    if (samLiteral(sam.apiKeyRequired) === true && keyFlag !== false) {
      auth.apiKeyRequired = true;
      auth.apiKeyLoc = sam.apiKeyRequired![0]!.loc;
    }
    generated.push({
      apiId: api.id,
      method: 'OPTIONS',
      path,
      origin: 'sam-cors',
      loc: cors.loc,
      via: cors.via,
      when: cors.when,
      auth,
      integration: { type: 'mock', loc: cors.loc, responses: [] },
      methodResponses: [],
      preflight: cors,
    });
  }
  api.routes.push(...generated);
}

/**
 * Corrects the authorization of routes to what SAM's `Auth` gives them (verified with the SAM translator):
 * - an operation of a `DefinitionBody` that names no authorizer of its own (no `security`, `security: []`, or
 *   only `api_key`) gets `DefaultAuthorizer` — on REST APIs `options` too unless
 *   `AddDefaultAuthorizerToCorsPreflight` is false, on HTTP APIs never `options` — and on REST APIs
 *   `ApiKeyRequired` adds the API key to every operation (`options` unless `AddApiKeyRequiredToCorsPreflight`
 *   is false);
 * - an `OPTIONS` event of an HTTP API never gets `DefaultAuthorizer`;
 * - an `OPTIONS` route whose preflight flag cannot be known has unknown authorization.
 */
function applySamAuthDefaults(state: SamApiState): void {
  const api = state.api;
  const sam = api.sam;
  if (!sam) return;
  const defaultAuthorizer = samLiteral(sam.defaultAuthorizer);
  const defaultLoc = sam.defaultAuthorizer?.[0]?.loc;
  const flag = samLiteral(sam.addDefaultAuthorizerToCorsPreflight);
  const apiKey = api.kind === 'rest' ? samLiteral(sam.apiKeyRequired) : undefined;
  const keyLoc = sam.apiKeyRequired?.[0]?.loc;
  const keyFlag = samLiteral(sam.addApiKeyRequiredToCorsPreflight);
  const fromDefault = (loc: Loc | undefined): boolean => loc !== undefined && defaultLoc !== undefined && samePath(loc, defaultLoc);
  for (const route of api.routes) {
    const auth = route.auth;
    const isOptions = route.method === 'OPTIONS';
    if (route.origin === 'openapi') {
      const own = ownSecurity(route);
      const namesAuthorizer = (own ?? []).some((name) => name !== 'api_key');
      const applies = isOptions ? api.kind === 'rest' && flag !== false : true;
      if (defaultAuthorizer !== undefined && !namesAuthorizer && applies) {
        if (own === undefined && state.rootAuth?.apiKeyRequired) {
          // The operation now has a `security` of its own, so the root's API key no longer applies.
          auth.apiKeyRequired = false;
          delete auth.apiKeyLoc;
        }
        auth.loc = defaultLoc!;
        delete auth.authorizer;
        if (defaultAuthorizer === 'AWS_IAM') auth.kind = 'iam';
        else if (typeof defaultAuthorizer === 'string' && defaultAuthorizer !== 'NONE') {
          auth.kind = 'authorizer';
          auth.authorizer = defaultAuthorizer;
        } else auth.kind = 'unknown';
        auth.reason = `DefaultAuthorizer '${typeof defaultAuthorizer === 'string' ? defaultAuthorizer : '?'}'`;
      }
      if (apiKey === true && !auth.apiKeyRequired && (!isOptions || keyFlag === undefined || keyFlag === true)) {
        auth.apiKeyRequired = true;
        auth.apiKeyLoc = keyLoc;
      }
    }
    if (!isOptions) continue;
    if (api.kind === 'http' && route.origin === 'sam-event' && fromDefault(auth.loc)) {
      Object.assign(auth, { kind: 'none', reason: 'no authorizer', loc: route.loc });
      delete auth.authorizer;
    }
    if (flag === UNKNOWN && fromDefault(auth.loc)) auth.kind = 'unknown';
    if (keyFlag === UNKNOWN && auth.apiKeyRequired && keyLoc && auth.apiKeyLoc && samePath(auth.apiKeyLoc, keyLoc)) {
      auth.apiKeyRequired = false;
      delete auth.apiKeyLoc;
    }
  }
}

function samePath(a: Loc, b: Loc): boolean {
  return a.file === b.file && a.path.length === b.path.length && a.path.every((k, i) => k === b.path[i]);
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function samFunction(ctx: BuildContext, entry: ResourceEntry, props: Node | undefined): LambdaFunction {
  const fn: LambdaFunction = { id: entry.id, source: 'sam', loc: { ...entry.node.loc, key: true }, when: entry.when };
  const read = (key: string) => {
    const node = ctx.prop(props, key);
    return node ? ctx.values(node) : undefined;
  };
  fn.runtime = read('Runtime');
  fn.handler = read('Handler');
  fn.codeUri = read('CodeUri');
  fn.inlineCode = read('InlineCode');
  fn.image = ctx.str(props, 'PackageType') === 'Image' || ctx.prop(props, 'ImageUri') !== undefined;
  const metadata = ctx.prop(entry.node, 'Metadata');
  fn.buildMethod = ctx.str(metadata, 'BuildMethod');
  const entryPoints = ctx.prop(ctx.prop(metadata, 'BuildProperties'), 'EntryPoints');
  if (entryPoints) fn.entryPoints = stringList(ctx, entryPoints);
  return fn;
}

function functionUrl(ctx: BuildContext, entry: ResourceEntry, props: Node | undefined): void {
  const config = ctx.prop(props, 'FunctionUrlConfig');
  for (const alt of config ? ctx.resolver.alts(config) : []) {
    const cors = ctx.prop(alt, 'Cors');
    if (!cors) continue;
    const policy = listCors(ctx, { surface: 'function-url', source: 'sam-function-url', owner: entry.id, label: `function URL of '${entry.id}'` }, cors, HTTP_FIELDS);
    policy.authType = ctx.values(ctx.prop(alt, 'AuthType'));
    ctx.model.policies.push(policy);
  }
}
