/**
 * SAM resources: `AWS::Serverless::Api`, `AWS::Serverless::HttpApi`, `AWS::Serverless::Function` (events and
 * function URLs), `Globals`, and the implicit `ServerlessRestApi` / `ServerlessHttpApi`.
 */
import { mergeGlobals } from '../resolve/globals.js';
import { intrinsicName, isMapping, type Node } from '../resolve/types.js';
import { condKey, type Cond, type Loc } from '../types.js';
import type { BuildContext } from './context.js';
import { networkOf } from './network.js';
import { Py27Keys } from './py27.js';
import { bodyRoot, identityHeaders, readOpenApi, SIGV4_HEADERS } from './openapi.js';
import { HTTP_FIELDS, listCors, samRestCors } from './policy.js';
import { responseHeaders } from './rest.js';
import { fromGlobals } from './values.js';
import { readEnvironment, readLayers } from './function-reach.js';
import type { ResourceEntry } from './resources.js';
import type { Api, AuthorizerType, CorsPolicy, GlobalsMerge, LambdaFunction, Route, RouteAuth, SamAuthSettings, Scalar, SettingVal } from './types.js';

export const IMPLICIT_REST_API = 'ServerlessRestApi';
export const IMPLICIT_HTTP_API = 'ServerlessHttpApi';

/** Properties of a SAM resource with its `Globals` section merged in. */
export function samProperties(ctx: BuildContext, entry: ResourceEntry, section: 'Api' | 'HttpApi' | 'Function'): Node | undefined {
  const globals = ctx.prop(ctx.resolver.root(), 'Globals');
  const global = withoutIgnored(ctx, ctx.prop(globals, section), ctx.prop(entry.node, 'IgnoreGlobals'));
  return mergeGlobals(ctx.resolver, global, entry.props, { name: entry.id, loc: { ...entry.node.loc, key: true } });
}

/**
 * How a resource's setting at `path` (under its own `Properties`) relates to the one `Globals.<section>` writes:
 * SAM merges mappings key by key and otherwise lets the resource's value win. `undefined` when Globals writes none.
 */
export function globalsMerge(
  ctx: BuildContext,
  section: 'Api' | 'HttpApi' | 'Function',
  ownProps: Node | undefined,
  path: readonly string[],
): GlobalsMerge | undefined {
  let global = ctx.prop(ctx.prop(ctx.resolver.root(), 'Globals'), section);
  let local = ownProps;
  let relation: GlobalsMerge['relation'] = 'merged';
  const name = ['Globals', section];
  for (const key of path) {
    global = ctx.prop(global, key);
    if (!global) return undefined;
    name.push(key);
    local = relation === 'merged' ? ctx.prop(local, key) : undefined;
    if (!local) relation = 'inherited';
    else if (!(plainMapping(global.raw) && plainMapping(local.raw))) {
      relation = 'replaced';
      break;
    }
  }
  if (!global) return undefined;
  const raw = global.raw;
  const fact: GlobalsMerge = { relation, loc: global.loc, name: name.join('.'), form: formOf(raw), keys: plainMapping(raw) ? Object.keys(raw) : [] };
  if (relation === 'replaced' && local) fact.ownForm = formOf(local.raw);
  return fact;
}

/** How a configuration is written; intrinsics count as values of their own kind, as SAM's merge treats them. */
function formOf(raw: unknown): GlobalsMerge['form'] {
  return typeof raw === 'string' ? 'string' : typeof raw === 'boolean' ? 'boolean' : plainMapping(raw) ? 'object' : 'intrinsic';
}

function plainMapping(raw: unknown): raw is Record<string, unknown> {
  return isMapping(raw) && !intrinsicName(raw);
}

/** A `Globals` section without the properties a resource's `IgnoreGlobals` names (`'*'`: all of them). */
function withoutIgnored(ctx: BuildContext, global: Node | undefined, ignore: Node | undefined): Node | undefined {
  if (!global || !ignore) return global;
  if (ignore.raw === '*') return undefined;
  if (!Array.isArray(ignore.raw) || !isMapping(global.raw)) return global;
  const names = new Set(ctx.resolver.items(ignore).flatMap((n) => (typeof n.raw === 'string' ? [n.raw] : [])));
  const raw = Object.fromEntries(Object.entries(global.raw).filter(([key]) => !names.has(key)));
  return { ...global, raw };
}

function newApi(id: string, kind: 'rest' | 'http', loc: Loc, implicit: boolean, when: Api['when']): Api {
  const label = `${kind === 'rest' ? 'REST' : 'HTTP'} API '${id}'`;
  return { id, kind, source: 'sam', implicit, label, loc, when, routes: [], authorizers: [], gatewayResponses: [] };
}

interface SamApiState {
  api: Api;
  props?: Node;
  /** Whether the API has its own OpenAPI document (`DefinitionBody` or `DefinitionUri`), inline or not. */
  hasBody: boolean;
  /** Whether that document is inline (`DefinitionBody`): HTTP API events add their routes to it. */
  inlineBody: boolean;
  mergeDefinitions: boolean;
  optionsPaths: Set<string>;
  /** Every path of the API in document order, with the keys of its path item (what SAM computes methods from). */
  paths: Map<string, { keys: Set<string>; whens: Cond[][] }>;
  /** The paths the OpenAPI document writes, in document order (SAM inserts them into its dictionary in this order). */
  bodyPaths: string[];
  /** The function events SAM adds to the document, in template order: the function, the event's name, its path. */
  events: Array<{ fn: string; name: string; path: string }>;
  rootAuth?: RouteAuth;
  /** What each route says about its own authorization, before SAM applies the API's defaults. */
  security: Map<Route, SamSecurity>;
  /** Names of the authorizers `Auth.Authorizers` defines. */
  authorizerNames: Set<string>;
}

/**
 * A route's own `security`, as SAM sees it when it applies `DefaultAuthorizer` and `ApiKeyRequired`: scheme
 * names (`MyAuth`, `NONE`, `AWS_IAM`, `api_key`, `api_key_false`) with where each is written.
 */
interface SamSecurity {
  names?: string[];
  locs: Map<string, Loc>;
  hasIntegration: boolean;
  /** The event's `Auth.Authorizer` cannot be known. */
  unknown?: boolean;
  /** Where a name came from: an event's `Auth` or the OpenAPI document. */
  from: 'event' | 'openapi' | 'generated';
}

function addPath(state: SamApiState, path: string, keys: readonly string[], when: Cond[]): void {
  let info = state.paths.get(path);
  if (!info) state.paths.set(path, (info = { keys: new Set(), whens: [] }));
  for (const key of keys) info.keys.add(key);
  info.whens.push(when);
}

/** Builds every SAM API (explicit and implicit) with its routes, and the functions' URLs. */
export function buildSam(ctx: BuildContext, resources: readonly ResourceEntry[]): void {
  const states = new Map<string, SamApiState>();
  const byId = new Map(resources.map((r) => [r.id, r]));

  for (const entry of resources) {
    if (entry.type === 'AWS::Serverless::Api') states.set(entry.id, samApi(ctx, entry, 'rest', samProperties(ctx, entry, 'Api')));
    if (entry.type === 'AWS::Serverless::HttpApi') states.set(entry.id, samApi(ctx, entry, 'http', samProperties(ctx, entry, 'HttpApi')));
  }

  for (const entry of resources) {
    if (entry.type !== 'AWS::Serverless::Function' && entry.type !== 'AWS::Serverless::StateMachine') continue;
    const stateMachine = entry.type === 'AWS::Serverless::StateMachine';
    const props = stateMachine ? entry.props : samProperties(ctx, entry, 'Function');
    if (!stateMachine) {
      ctx.model.functions.push(samFunction(ctx, entry, props, byId));
      functionUrl(ctx, entry, props);
    }
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
            ctx.note('unknown-api', apiRef!.loc, `event '${name}' names an API that is not in this template`);
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
            ctx.note('unknown-api', eventAlt.loc, `event '${name}' names API '${apiId}', which is not a SAM ${kind === 'rest' ? 'Api' : 'HttpApi'} in this template`);
            continue;
          }
          if (state.api.kind !== kind) continue;
          const route = eventRoute(ctx, state, entry.id, name, eventAlt, eventProps, stateMachine);
          const existing = documentRoute(state.api, route.method, route.path);
          const theirs = existing ? state.security.get(existing) : undefined;
          // SAM adds a REST event to the API's document only when SAM writes the document (no DefinitionBody)
          // or MergeDefinitions is set; an HTTP API event is added to an inline DefinitionBody too.
          if (state.hasBody && !state.mergeDefinitions && !(kind === 'http' && state.inlineBody)) {
            // `Auth.OverrideApiAuth: true` puts the event's authorization on the document's operation.
            const override = ctx.resolver.literal(ctx.prop(ctx.prop(eventProps, 'Auth'), 'OverrideApiAuth')) === true;
            if (existing && theirs && kind === 'rest' && override) {
              const own = state.security.get(route)!;
              const keep = (theirs.names ?? []).filter((n) => (n === 'api_key' || n === 'api_key_false') && !own.names?.some((m) => m.startsWith('api_key')));
              const locs = new Map([...theirs.locs, ...own.locs]);
              state.security.set(existing, { ...theirs, names: [...(own.names ?? []), ...keep], locs, unknown: own.unknown, from: 'event' });
            }
            continue;
          }
          // An HTTP API event adds its integration to a document operation that has none.
          if (existing && kind === 'http' && theirs?.hasIntegration !== false) continue;
          if (existing) {
            // MergeDefinitions: SAM's operation replaces the document's key by key; the document's `security`
            // survives when the event sets none.
            state.api.routes.splice(state.api.routes.indexOf(existing), 1);
            documentRoutes.delete(state.api.routes);
            const own = state.security.get(route)!;
            if (own.names === undefined && theirs?.names !== undefined) {
              state.security.set(route, { ...theirs, hasIntegration: true });
              route.auth = existing.auth;
            }
          }
          state.api.routes.push(route);
          addPath(state, route.path, [route.method === 'ANY' ? 'x-amazon-apigateway-any-method' : route.method.toLowerCase()], route.when);
          state.events.push({ fn: entry.id, name, path: route.path });
        }
      }
    }
  }

  for (const state of states.values()) {
    const samCors = state.api.cors?.source === 'sam-cors' || state.api.cors?.source === 'sam-http-cors';
    if (samCors && state.hasBody && !state.inlineBody) setInert(ctx, state, 'definition-uri');
    else if (state.api.kind === 'rest' && state.api.cors && state.api.bodyUnknown) setInert(ctx, state, 'unknown');
    if (state.api.kind === 'rest' && state.api.cors) {
      const generated = generateOptions(state, resources);
      if (generated === 0 && state.paths.size > 0) setInert(ctx, state, 'no-path');
    }
    applySamAuth(state);
    ctx.model.apis.push(state.api);
    if (state.api.cors) ctx.model.policies.push(state.api.cors);
  }
}

const INERT_NOTES: Record<NonNullable<CorsPolicy['inert']>, (api: Api, name: string) => string> = {
  'no-path': (api, name) =>
    `The ${name} of ${api.label} has no effect: every path of its OpenAPI definition already has an options method, and SAM adds OPTIONS only to paths without one, so none of its values is deployed`,
  unknown: (api, name) =>
    `The ${name} of ${api.label} is not checked: its OpenAPI definition cannot be read, so which paths SAM adds OPTIONS to is not known`,
  'definition-uri': (api, name) => `The ${name} of ${api.label} is not applied: SAM takes ${name} only with an inline DefinitionBody, and the API names its definition with DefinitionUri`,
};

/**
 * A SAM CORS configuration that deploys nothing (see `CorsPolicy.inert`): it leaves the API's `cors` and the
 * model's policies for `inertPolicies`, where only the rules about SAM's own validation of the template look, and a
 * note says why.
 */
function setInert(ctx: BuildContext, state: SamApiState, reason: NonNullable<CorsPolicy['inert']>): void {
  const policy = state.api.cors!;
  policy.inert = reason;
  state.api.cors = undefined;
  state.api.inertCors = policy;
  (ctx.model.inertPolicies ??= []).push(policy);
  ctx.note('inert-cors', { ...policy.loc, key: true }, INERT_NOTES[reason](state.api, state.api.kind === 'rest' ? 'Cors' : 'CorsConfiguration'));
}

const documentRoutes = new WeakMap<Route[], Map<string, Route>>();

/**
 * The first route an API's document defines for a method and path. An index built once per API (and again after
 * a route is removed), so that a template with thousands of events stays linear.
 */
function documentRoute(api: Api, method: string, path: string): Route | undefined {
  let index = documentRoutes.get(api.routes);
  if (!index) {
    index = new Map();
    for (const r of api.routes) {
      const key = `${r.method}\u0000${r.path}`;
      if (r.origin === 'openapi' && !index.has(key)) index.set(key, r);
    }
    documentRoutes.set(api.routes, index);
  }
  return index.get(`${method}\u0000${path}`);
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
  const state: SamApiState = {
    api,
    props,
    hasBody: false,
    inlineBody: false,
    mergeDefinitions: false,
    optionsPaths: new Set(),
    paths: new Map(),
    bodyPaths: [],
    events: [],
    security: new Map(),
    authorizerNames: new Set(),
  };
  if (!props) return state;
  if (kind === 'rest') api.network = networkOf(ctx, props, 'sam');

  const auth = ctx.prop(props, 'Auth');
  if (auth) {
    const settings: SamAuthSettings = { loc: auth.loc };
    const read = (key: string) => ctx.written(auth, key);
    settings.defaultAuthorizer = read('DefaultAuthorizer');
    settings.apiKeyRequired = read('ApiKeyRequired');
    settings.addDefaultAuthorizerToCorsPreflight = read('AddDefaultAuthorizerToCorsPreflight');
    settings.addApiKeyRequiredToCorsPreflight = read('AddApiKeyRequiredToCorsPreflight');
    api.sam = settings;
    const authorizers = ctx.prop(auth, 'Authorizers');
    for (const alt of authorizers ? ctx.resolver.alts(authorizers) : []) {
      for (const [name, def] of ctx.resolver.entries(alt)) {
        api.authorizers.push(samAuthorizer(ctx, api, name, def, kind));
        state.authorizerNames.add(name);
      }
    }
    if (kind === 'http' && ctx.resolver.literal(ctx.prop(auth, 'EnableIamAuthorizer')) === true && !state.authorizerNames.has('AWS_IAM')) {
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
    else ctx.note('remote-openapi', uri.loc, 'DefinitionUri is not a local file path; the OpenAPI document is not checked');
  }
  // A DefinitionUri from Globals makes SAM refuse an explicit API whatever its Cors ("Specify either 'DefinitionUri'
  // or 'DefinitionBody'"), so only the API's own is recorded.
  if (uri && !implicit && !fromGlobals(uri)) api.definitionUri = uri.loc;
  if (body || uri) state.hasBody = true;
  state.inlineBody = body !== undefined;
  if (state.hasBody && !doc) api.bodyUnknown = true;
  if (doc) {
    api.body = doc.loc;
    const result = readOpenApi(ctx, api, doc);
    api.routes.push(...result.routes);
    state.optionsPaths = result.optionsPaths;
    state.rootAuth = result.rootAuth;
    for (const item of result.pathItems) {
      addPath(state, item.path, item.keys, item.when);
      if (!state.bodyPaths.includes(item.path)) state.bodyPaths.push(item.path);
    }
    for (const [route, op] of result.operations) {
      const locs = new Map<string, Loc>();
      for (const name of op.names ?? []) if (op.loc) locs.set(name, op.loc);
      state.security.set(route, { names: op.names, locs, hasIntegration: op.hasIntegration, from: 'openapi' });
    }
  }

  if (kind === 'rest') {
    const binary = ctx.prop(props, 'BinaryMediaTypes');
    if (binary) api.binaryMediaTypes = [...(api.binaryMediaTypes ?? []), ...ctx.listValues(binary)];
    const cors = ctx.prop(props, 'Cors');
    // SAM adds no CORS for an empty value (`if not self.cors: return`): `Cors: ''` or `Cors: {}` deploys nothing.
    const empty = cors !== undefined && (cors.raw === '' || cors.raw === null || (isMapping(cors.raw) && Object.keys(cors.raw).length === 0));
    if (cors && empty) ctx.note('inert-cors', { ...cors.loc, key: true }, `The Cors of ${api.label} is empty: SAM adds CORS only for a non-empty value, so it has no effect`);
    if (cors && !empty) {
      api.cors = samRestCors(ctx, { surface: 'rest', source: 'sam-cors', owner: api.id, label: api.label, apiId: api.id }, cors);
      const globals = globalsMerge(ctx, 'Api', implicit ? undefined : entry.props, ['Cors']);
      if (globals) api.cors.globals = globals;
    }
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
      const globals = globalsMerge(ctx, 'HttpApi', implicit ? undefined : entry.props, ['CorsConfiguration']);
      if (globals) fromProperty.globals = globals;
      if (fromProperty.form !== undefined) api.cors = fromProperty;
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
    } else if (ctx.prop(def, 'FunctionArn') || ctx.prop(def, 'FunctionPayloadType')) {
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
function eventRoute(ctx: BuildContext, state: SamApiState, functionId: string, name: string, event: Node, props: Node | undefined, stateMachine = false): Route {
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
  if (api.kind === 'http' && path === '/$default') path = '$default';
  const eventAuth = ctx.prop(props, 'Auth');
  const route: Route = {
    apiId: api.id,
    method,
    path,
    origin: 'sam-event',
    loc: { ...event.loc, key: true },
    via: event.via,
    when: event.when,
    auth: { kind: 'none', apiKeyRequired: false, loc: event.loc, reason: 'no authorizer' },
    // A state machine's Api event starts an execution (an AWS integration), not a Lambda proxy.
    integration: stateMachine ? { type: 'aws', loc: event.loc, responses: [] } : { type: 'lambda-proxy', functionId, loc: event.loc, responses: [] },
    methodResponses: [],
    event: { functionId, name },
  };
  state.security.set(route, eventSecurity(ctx, api.kind === 'rest' ? 'rest' : 'http', eventAuth));
  return route;
}

/** What an event's `Auth` puts in its operation's `security`: the authorizer, and the API key marker. */
function eventSecurity(ctx: BuildContext, kind: 'rest' | 'http', eventAuth: Node | undefined): SamSecurity {
  const security: SamSecurity = { locs: new Map(), hasIntegration: true, from: 'event' };
  const add = (name: string, loc: Loc) => {
    (security.names ??= []).push(name);
    security.locs.set(name, loc);
  };
  const authorizerNode = ctx.prop(eventAuth, 'Authorizer');
  if (authorizerNode) {
    const name = ctx.resolver.literal(authorizerNode);
    if (typeof name === 'string') add(name, authorizerNode.loc);
    else security.unknown = true;
  }
  const keyNode = kind === 'rest' ? ctx.prop(eventAuth, 'ApiKeyRequired') : undefined;
  if (keyNode) {
    const value = ctx.resolver.literal(keyNode);
    if (value === true) add('api_key', keyNode.loc);
    else if (value === false) add('api_key_false', keyNode.loc);
  }
  return security;
}

/** A literal SAM setting, when it is known and unconditional. */
function samLiteral(values: SamAuthSettings['defaultAuthorizer']): unknown {
  if (!Array.isArray(values) || values.length !== 1) return values && values.length > 1 ? UNKNOWN : undefined;
  const v = values[0]!;
  return v.known && v.when.length === 0 ? v.value : UNKNOWN;
}

const UNKNOWN = Symbol('unknown');


/** What SAM's Access-Control-Allow-Methods is for a path item without `AllowMethods`: its keys and OPTIONS. */
export function samComputedMethods(keys: Iterable<string>): string {
  const list = [...keys];
  if (list.includes('x-amazon-apigateway-any-method')) return 'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT';
  return [...new Set([...list, 'options'].map((k) => k.toUpperCase()))].sort().join(',');
}

/** The conditions every one of the given alternatives shares. */
function commonWhen(whens: readonly Cond[][]): Cond[] {
  if (whens.length === 0) return [];
  return whens[0]!.filter((c) => whens.every((w) => w.some((d) => d.name === c.name && d.value === c.value)));
}

/**
 * The order in which SAM's translator walks the paths of an API's document when it adds CORS (see `py27.ts`): a
 * written document's paths as SAM's dictionary holds them after inserting them in document order; the paths of
 * function events added one event at a time, functions in the dictionary order of the template's resources (the
 * implicit API among them), each function's events in the order of its (twice rebuilt) `Events` dictionary, the
 * document copied before and after each event and twice before CORS; and the copy the CORS step walks.
 */
function samPathOrder(state: SamApiState, resources: readonly ResourceEntry[]): string[] {
  // SAM's CORS step walks a copy of the document (its editor's), so a copy is the last step either way.
  let keys = new Py27Keys(state.bodyPaths);
  if (state.events.length === 0) return keys.copy().keys();
  const functions = new Py27Keys([...resources.map((r) => r.id), IMPLICIT_REST_API]).keys();
  for (const fn of functions) {
    const own = state.events.filter((e) => e.fn === fn);
    if (own.length === 0) continue;
    const names = new Py27Keys(new Py27Keys(own.map((e) => e.name)).keys()).keys();
    for (const name of names) {
      keys = keys.copy();
      for (const e of own) if (e.name === name) keys.add(e.path);
      keys = keys.copy();
    }
  }
  return keys.copy().copy().copy().keys();
}

/**
 * The OPTIONS routes SAM generates for a REST API with `Cors`: one per path of the document that has no
 * `options` of its own, in the order SAM walks them (`samPathOrder`), where paths that differ only by trailing
 * slashes count as one (the first one walked gets it), with the authorization SAM gives them. Without `AllowMethods` each gets the methods
 * SAM computes from its path item. Returns how many it generated.
 */
function generateOptions(state: SamApiState, resources: readonly ResourceEntry[]): number {
  const api = state.api;
  const cors = api.cors!;
  const processed = new Set<string>();
  const generated: Route[] = [];
  const ownOptions = new Set(api.routes.filter((r) => r.method === 'OPTIONS').map((r) => r.path));
  for (const path of samPathOrder(state, resources)) {
    const info = state.paths.get(path);
    if (!info) continue;
    // SAM strips every trailing slash (`/x//` is `/x`), except from `/`.
    const key = path === '/' ? path : path.replace(/\/+$/, '');
    if (processed.has(key)) continue;
    processed.add(key);
    if (info.keys.has('options') || ownOptions.has(path)) continue;
    const auth: RouteAuth = { kind: 'none', apiKeyRequired: false, loc: cors.loc, reason: 'no authorizer' };
    const when = [...cors.when, ...commonWhen(info.whens).filter((c) => !cors.when.some((d) => condKey(d) === condKey(c)))];
    const route: Route = {
      apiId: api.id,
      method: 'OPTIONS',
      path,
      origin: 'sam-cors',
      loc: cors.loc,
      via: cors.via,
      when,
      auth,
      integration: { type: 'mock', loc: cors.loc, responses: [] },
      methodResponses: [],
      preflight: cors,
    };
    if (cors.methodsComputed) {
      const computed: SettingVal<Scalar> = { known: true, value: samComputedMethods(info.keys), loc: cors.loc, via: [...(cors.via ?? [])], when, defaulted: true };
      route.computedMethods = computed;
    }
    generated.push(route);
    state.security.set(route, { locs: new Map(), hasIntegration: true, from: 'generated' });
  }
  // Listed in document order (SAM's walk order only decides which of two paths gets one).
  const order = new Map([...state.paths.keys()].map((p, i) => [p, i]));
  generated.sort((a, b) => order.get(a.path)! - order.get(b.path)!);
  api.routes.push(...generated);
  return generated.length;
}

/**
 * The authorization SAM gives each route of an API once it applies `Auth`: the `DefaultAuthorizer` goes to
 * every operation with an integration that names no authorizer of the API and no `NONE` (on a REST API also to
 * OPTIONS, unless `AddDefaultAuthorizerToCorsPreflight: false`; never to an HTTP API's OPTIONS, nor to an HTTP
 * operation with any `security`); `ApiKeyRequired` adds the API key to every REST operation with an
 * integration that does not say `ApiKeyRequired: false` (OPTIONS excepted with
 * `AddApiKeyRequiredToCorsPreflight: false`).
 */
function applySamAuth(state: SamApiState): void {
  const api = state.api;
  const sam = api.sam ?? {};
  const defaultAuthorizer = samLiteral(sam.defaultAuthorizer);
  const defaultLoc = sam.defaultAuthorizer?.[0]?.loc;
  const preflightFlag = samLiteral(sam.addDefaultAuthorizerToCorsPreflight);
  const apiKeyRequired = samLiteral(sam.apiKeyRequired);
  const keyFlag = samLiteral(sam.addApiKeyRequiredToCorsPreflight);
  const authorizerNames = new Set(['AWS_IAM', ...state.authorizerNames]);
  for (const route of api.routes) {
    const security = state.security.get(route);
    if (!security) continue;
    const isOptions = route.method === 'OPTIONS';
    const names = [...(security.names ?? [])];
    let useDefault = false;
    // A REST API's DefaultAuthorizer is applied only when Auth.Authorizers defines some (or it is AWS_IAM).
    const defaultUsable = api.kind !== 'rest' || state.authorizerNames.size > 0 || defaultAuthorizer === 'AWS_IAM';
    if (defaultAuthorizer !== undefined && defaultUsable && security.hasIntegration) {
      if (api.kind === 'rest') {
        const skip = isOptions && preflightFlag === false;
        useDefault = !skip && !names.includes('NONE') && !names.some((n) => authorizerNames.has(n));
      } else {
        useDefault = !isOptions && names.length === 0;
      }
    }
    const auth: RouteAuth = { ...route.auth };
    if (security.from !== 'openapi') {
      Object.assign(auth, { kind: 'none', authorizer: undefined, reason: 'no authorizer', apiKeyRequired: false, apiKeyLoc: undefined });
      const name = names.find((n) => !['NONE', 'api_key', 'api_key_false'].includes(n));
      if (security.unknown) auth.kind = 'unknown';
      else if (name) setAuthorizer(auth, name, security.locs.get(name)!, `Auth.Authorizer '${name}'`, state.authorizerNames);
      else if (names.includes('NONE')) {
        auth.loc = security.locs.get('NONE')!;
        auth.reason = "Auth.Authorizer 'NONE'";
      } else if (state.rootAuth && !useDefault) {
        Object.assign(auth, state.rootAuth, { reason: `${state.rootAuth.reason} at the root of the OpenAPI document (inherited)` });
      }
      if (names.includes('api_key')) {
        auth.apiKeyRequired = true;
        auth.apiKeyLoc = security.locs.get('api_key');
      }
    }
    if (useDefault && security.from === 'openapi' && security.names === undefined && state.rootAuth) {
      // SAM writes the default authorizer into the operation's own `security`, so the document's root
      // `security` (an API key included) no longer applies to it (verified with the SAM translator).
      auth.apiKeyRequired = false;
      auth.apiKeyLoc = undefined;
    }
    if (useDefault) {
      if (defaultAuthorizer === UNKNOWN || (isOptions && preflightFlag === UNKNOWN)) {
        auth.kind = 'unknown';
        auth.authorizer = undefined;
      } else if (typeof defaultAuthorizer === 'string' && defaultAuthorizer !== 'NONE') {
        const reason = isOptions ? `DefaultAuthorizer '${defaultAuthorizer}' (AddDefaultAuthorizerToCorsPreflight is not false)` : `DefaultAuthorizer '${defaultAuthorizer}'`;
        setAuthorizer(auth, defaultAuthorizer, defaultLoc ?? auth.loc, reason, state.authorizerNames);
      }
    }
    if (api.kind === 'rest' && apiKeyRequired === true && security.hasIntegration) {
      if (names.includes('api_key_false') || (isOptions && keyFlag === false)) {
        auth.apiKeyRequired = false;
        auth.apiKeyLoc = undefined;
      } else if (!auth.apiKeyRequired) {
        auth.apiKeyRequired = true;
        auth.apiKeyLoc = sam.apiKeyRequired![0]!.loc;
      }
    }
    if (auth.kind === 'none' && auth.apiKeyRequired && auth.reason === 'no authorizer') auth.reason = 'an API key';
    route.auth = auth;
    if (auth.kind === 'iam' && !api.authorizers.some((a) => a.type === 'IAM')) {
      api.authorizers.push({ apiId: api.id, name: 'AWS_IAM', type: 'IAM', identityHeaders: SIGV4_HEADERS, loc: auth.loc, when: route.when });
    }
  }
}

/** Points an authorization at an authorizer; `AWS_IAM` is IAM unless the API defines an authorizer of that name. */
function setAuthorizer(auth: RouteAuth, name: string, loc: Loc, reason: string, defined: ReadonlySet<string>): void {
  auth.loc = loc;
  auth.reason = reason;
  if (name === 'AWS_IAM' && !defined.has(name)) {
    auth.kind = 'iam';
    auth.authorizer = undefined;
  } else {
    auth.kind = 'authorizer';
    auth.authorizer = name;
  }
}

function samFunction(ctx: BuildContext, entry: ResourceEntry, props: Node | undefined, byId: ReadonlyMap<string, ResourceEntry>): LambdaFunction {
  const fn: LambdaFunction = { id: entry.id, source: 'sam', loc: { ...entry.node.loc, key: true }, when: entry.when };
  const read = (key: string) => ctx.written(props, key);
  fn.runtime = read('Runtime');
  fn.handler = read('Handler');
  fn.codeUri = read('CodeUri');
  fn.inlineCode = read('InlineCode');
  fn.image = ctx.str(props, 'PackageType') === 'Image' || ctx.prop(props, 'ImageUri') !== undefined;
  const metadata = ctx.prop(entry.node, 'Metadata');
  fn.buildMethod = ctx.str(metadata, 'BuildMethod');
  const entryPoints = ctx.prop(ctx.prop(metadata, 'BuildProperties'), 'EntryPoints');
  if (entryPoints) fn.entryPoints = stringList(ctx, entryPoints);
  const layers = readLayers(ctx, props, byId);
  if (layers) fn.layers = layers;
  const environment = readEnvironment(ctx, props);
  if (environment) fn.environment = environment;
  return fn;
}

function functionUrl(ctx: BuildContext, entry: ResourceEntry, props: Node | undefined): void {
  const config = ctx.prop(props, 'FunctionUrlConfig');
  for (const alt of config ? ctx.resolver.alts(config) : []) {
    const cors = ctx.prop(alt, 'Cors');
    if (!cors) continue;
    const policy = listCors(ctx, { surface: 'function-url', source: 'sam-function-url', owner: entry.id, label: `function URL of '${entry.id}'` }, cors, HTTP_FIELDS);
    policy.authType = ctx.values(ctx.prop(alt, 'AuthType'));
    policy.originAccessControl = ctx.lambdaOriginAccessControl();
    const globals = globalsMerge(ctx, 'Function', entry.props, ['FunctionUrlConfig', 'Cors']);
    if (globals) policy.globals = globals;
    ctx.model.policies.push(policy);
  }
}
