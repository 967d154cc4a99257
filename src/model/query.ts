/** Questions rules ask of the model, answered once here so every rule answers them the same way. */
import { compatible } from '../resolve/resolver.js';
import { condKey, type Cond, type Loc, type Located } from '../types.js';
import { CLOUDFRONT_FIELDS, HTTP_FIELDS, OPENAPI_HTTP_FIELDS, S3_FIELDS } from './policy.js';
import type { Api, CorsModel, CorsPolicy, GatewayResponse, ResponseHeaders, Route, Scalar, SettingVal, Surface } from './types.js';
import { enabledCredentials, listItems } from './values.js';

const apiIndexes = new WeakMap<readonly Api[], { length: number; byId: Map<string, Api> }>();

/**
 * The API with this id (the first, as a search would find it). Rules ask it once per policy or route: an index per
 * model (made again if APIs were added since) keeps a template with thousands of APIs linear.
 */
export function apiById(model: CorsModel, id: string | undefined): Api | undefined {
  if (id === undefined) return undefined;
  let index = apiIndexes.get(model.apis);
  if (!index || index.length !== model.apis.length) {
    const byId = new Map<string, Api>();
    for (const a of model.apis) if (!byId.has(a.id)) byId.set(a.id, a);
    index = { length: model.apis.length, byId };
    apiIndexes.set(model.apis, index);
  }
  return index.byId.get(id);
}

/**
 * The CORS configurations SAM checks when it transforms the template: every policy, and the SAM configurations
 * that deploy nothing (`CorsPolicy.inert`) but are still read by SAM, which refuses unknown keys and credentials
 * with `'*'` whether or not a path takes them (SAM stops at `DefinitionUri` first, so those are left out).
 */
export function samCheckedPolicies(model: CorsModel): CorsPolicy[] {
  const inert = (model.inertPolicies ?? []).filter((p) => p.inert !== 'definition-uri');
  return inert.length > 0 ? [...model.policies, ...inert] : model.policies;
}

/** Why a surface counts as protected (it requires authorization or allows credentials), or `undefined`. */
export interface Protection {
  reason: string;
  loc: Loc;
}

/** The first of the routes (other than OPTIONS) that requires authorization or an API key. */
export function protectedRoute(routes: readonly Route[]): Route | undefined {
  return routes.find((r) => r.method !== 'OPTIONS' && (r.auth.kind === 'authorizer' || r.auth.kind === 'iam' || r.auth.apiKeyRequired));
}

export function describeAuth(route: Route): string {
  if (route.auth.kind === 'authorizer' || route.auth.kind === 'iam') return authReason(route);
  return 'an API key';
}

/**
 * Whether the surface a policy belongs to is protected: the API requires authorization or an API key on some
 * route (named from the routes whose preflights the policy answers, where one of them is protected), the function
 * URL uses `AuthType: AWS_IAM`, or the policy itself allows credentials (under conditions that can hold together
 * with `at`, when given).
 */
export function protection(model: CorsModel, policy: CorsPolicy, at?: Located): Protection | undefined {
  const credentials = enabledCredentials(policy).find((c) => !at || together(c, at));
  if (credentials) return { reason: 'it allows credentials', loc: credentials.loc };
  if (policy.surface === 'function-url') {
    const iam = (policy.authType ?? []).find((v) => v.known && v.value === 'AWS_IAM');
    return iam ? { reason: 'the function URL uses AuthType AWS_IAM', loc: iam.loc } : undefined;
  }
  const api = apiById(model, policy.apiId);
  if (!api) return undefined;
  const scope = preflightRoutes(model, policy);
  return (scope && routesProtection(scope.routes)) ?? apiProtection(api);
}

export function apiProtection(api: Api): Protection | undefined {
  return routesProtection(api.routes);
}

function routesProtection(routes: readonly Route[]): Protection | undefined {
  const route = protectedRoute(routes);
  if (!route) return undefined;
  const loc = route.auth.kind === 'authorizer' || route.auth.kind === 'iam' ? route.auth.loc : (route.auth.apiKeyLoc ?? route.auth.loc);
  return { reason: `${route.method} ${route.path} requires ${describeAuth(route)}`, loc };
}

/**
 * How a route is protected, as a `*` origin in front of it matters: `ambient` when the protection is something the
 * browser brings by itself to any page's request (a cookie a Lambda authorizer reads; a network the API is limited
 * to), `token` when the page must attach a credential itself (a token a Cognito, JWT or Lambda authorizer reads
 * from a header, a SigV4 signature, an API key), `unknown` when the template does not say, `none` otherwise.
 */
export type ExposureKind = 'ambient' | 'token' | 'unknown' | 'none';

export interface RouteExposure {
  kind: ExposureKind;
  /** For messages: `GET /a requires authorizer 'Users'`, `REST API 'A' answers only a private network (…)`. */
  reason: string;
  /** Where the protection is decided. */
  loc?: Loc;
}

/** The request header a browser attaches by itself that an authorizer may read: the user's cookies. */
const AMBIENT_HEADERS = new Set(['cookie']);

/** How a route of an API is protected (see `ExposureKind`). */
export function routeExposure(api: Api, route: Route): RouteExposure {
  if (api.network) return { kind: 'ambient', reason: `it answers only ${api.network.reason}`, loc: api.network.loc };
  const name = routeName(route);
  const auth = route.auth;
  if (auth.kind === 'unknown') return { kind: 'unknown', reason: `whether ${name} requires authorization is not known (${auth.reason})`, loc: auth.loc };
  if (auth.kind === 'authorizer') {
    const authorizer = api.authorizers.find((a) => a.name === auth.authorizer);
    const headers = authorizer?.identityHeaders ?? [];
    const ambient = headers.find((h) => AMBIENT_HEADERS.has(h.toLowerCase()));
    if (ambient) return { kind: 'ambient', reason: `${name} is authorized by the ${ambient} header (${authReason(route)}), which the browser attaches by itself`, loc: auth.loc };
    if (authorizer?.type === 'REQUEST' && headers.length === 0) {
      return { kind: 'unknown', reason: `${name} requires ${authReason(route)}, a Lambda authorizer that names no identity header, so what it reads is not known`, loc: auth.loc };
    }
    return { kind: 'token', reason: `${name} requires ${authReason(route)}`, loc: auth.loc };
  }
  if (auth.kind === 'iam') return { kind: 'token', reason: `${name} requires ${authReason(route)}`, loc: auth.loc };
  if (auth.apiKeyRequired) return { kind: 'token', reason: `${name} requires an API key`, loc: auth.apiKeyLoc ?? auth.loc };
  return { kind: 'none', reason: `${name} requires no authorization`, loc: auth.loc };
}

const EXPOSURE_RANK: Record<ExposureKind, number> = { none: 0, unknown: 1, token: 2, ambient: 3 };

/** The strongest protection among routes (ambient before token before unknown before none), with its route. */
export function strongestExposure(api: Api, routes: readonly Route[]): (RouteExposure & { route?: Route }) | undefined {
  let best: (RouteExposure & { route?: Route }) | undefined;
  for (const route of routes) {
    if (route.method === 'OPTIONS') continue;
    const exposure = routeExposure(api, route);
    if (!best || EXPOSURE_RANK[exposure.kind] > EXPOSURE_RANK[best.kind]) best = { ...exposure, route };
    if (best.kind === 'ambient') break;
  }
  return best;
}

/** The known text values of a setting, e.g. the origins a policy allows. */
export function knownText(values: readonly SettingVal<Scalar>[]): Array<{ text: string; val: SettingVal<Scalar> }> {
  const out: Array<{ text: string; val: SettingVal<Scalar> }> = [];
  for (const val of values) if (val.known && val.value !== null) out.push({ text: String(val.value), val });
  return out;
}

/** True when two values can hold at the same time (their template conditions do not contradict each other). */
export function together(a: Located, b: Located): boolean {
  return compatible(a.when ?? [], b.when ?? []);
}

/** A value to report that combines the conditions of the values a finding rests on (for the "(when …)" note). */
export function combined<T extends Located>(at: T, ...others: Located[]): T {
  const when: Cond[] = [...(at.when ?? [])];
  for (const other of others) for (const c of other.when ?? []) if (!when.some((w) => condKey(w) === condKey(c))) when.push(c);
  return { ...at, when };
}

export type PolicyField = 'origins' | 'methods' | 'headers' | 'exposeHeaders' | 'credentials' | 'maxAge';

const REST_HEADERS: Record<PolicyField, string> = {
  origins: 'Access-Control-Allow-Origin',
  methods: 'Access-Control-Allow-Methods',
  headers: 'Access-Control-Allow-Headers',
  exposeHeaders: 'Access-Control-Expose-Headers',
  credentials: 'Access-Control-Allow-Credentials',
  maxAge: 'Access-Control-Max-Age',
};

const SAM_REST_NAMES: Record<PolicyField, string> = {
  origins: 'AllowOrigin',
  methods: 'AllowMethods',
  headers: 'AllowHeaders',
  exposeHeaders: 'ExposeHeaders',
  credentials: 'AllowCredentials',
  maxAge: 'MaxAge',
};

/** How a policy's template names one of its settings: `AllowOrigin`, `AllowOrigins`, `allowOrigins`, a header name. */
export function settingName(policy: CorsPolicy, field: PolicyField): string {
  switch (policy.source) {
    case 'sam-cors':
      return field === 'origins' && policy.form !== 'object' ? 'Cors' : SAM_REST_NAMES[field];
    case 'rest-options':
      return REST_HEADERS[field];
    case 'openapi-http-cors':
      return OPENAPI_HTTP_FIELDS[field];
    case 's3':
      return S3_FIELDS[field] || field;
    case 'cloudfront':
      return CLOUDFRONT_FIELDS[field];
    default:
      return HTTP_FIELDS[field];
  }
}

/** The name of a REST CORS response header (for values mapped on actual and gateway responses). */
export function restHeaderName(field: PolicyField): string {
  return REST_HEADERS[field];
}

/** One set of REST response header mappings: an integration response of a route, or a gateway response. */
export interface RestResponse {
  api: Api;
  response: ResponseHeaders;
  /** `GET /items (200 response)`, `gateway response DEFAULT_4XX`. */
  where: string;
  route?: Route;
  gateway?: GatewayResponse;
}

/**
 * Every header mapping set of a REST API: the integration responses of its routes (OPTIONS ones only with
 * `includeOptions`; their CORS headers are also the OPTIONS method's policy) and its gateway responses. The
 * integration responses of a Lambda or HTTP proxy integration are never sent, so they are left out unless asked
 * for (`includeProxies`: API Gateway still checks their mapping expressions at deployment).
 */
export function restResponses(api: Api, options: { includeOptions?: boolean; includeProxies?: boolean } = {}): RestResponse[] {
  const out: RestResponse[] = [];
  if (api.kind !== 'rest') return out;
  for (const route of api.routes) {
    if (route.method === 'OPTIONS' && !options.includeOptions) continue;
    if (!options.includeProxies && (route.integration.type === 'lambda-proxy' || route.integration.type === 'http-proxy')) continue;
    for (const response of route.integration.responses) {
      out.push({ api, response, route, where: `${route.method} ${route.path} (${response.statusCode ?? 'default'} response)` });
    }
  }
  for (const gateway of api.gatewayResponses) out.push({ api, response: gateway, gateway, where: `gateway response ${gateway.type}` });
  return out;
}

/** The values of a REST response header that enable credentials (`'true'`). */
export function responseCredentials(response: ResponseHeaders): SettingVal<Scalar>[] {
  return (response.headers['access-control-allow-credentials'] ?? []).filter((v) => v.known && v.value === 'true');
}

/** One allowed-origin value, wherever it is written, with what the origin rules need to judge and name it. */
export interface OriginEntry {
  val: SettingVal<Scalar>;
  /** The origin text (inside the quotes for REST literals). */
  text: string;
  surface: Surface;
  /** The policy it belongs to; absent for origins mapped on REST actual or gateway responses. */
  policy?: CorsPolicy;
  /** How messages name the place: `REST API 'MyApi'`, `REST API 'MyApi' gateway response DEFAULT_4XX`. */
  subject: string;
  /** The setting's name as the template writes it: `AllowOrigin`, `AllowOrigins`, `Access-Control-Allow-Origin`. */
  setting: string;
  /** Values that enable credentials on the same policy or response. */
  credentials: SettingVal<Scalar>[];
  /** For origins mapped on REST actual or gateway responses: the API. */
  api?: Api;
}

/**
 * Every known allowed-origin value of the template: each policy's origins (defaults included, marked
 * `defaulted`) and the `Access-Control-Allow-Origin` REST APIs map on actual and gateway responses.
 */
export function originEntries(model: CorsModel): OriginEntry[] {
  const out: OriginEntry[] = [];
  for (const policy of model.policies) {
    const credentials = enabledCredentials(policy);
    for (const { text, val } of knownText(policy.origins)) {
      out.push({ val, text, surface: policy.surface, policy, subject: policy.label, setting: settingName(policy, 'origins'), credentials });
    }
  }
  for (const api of model.apis) {
    for (const { response, where } of restResponses(api)) {
      const credentials = responseCredentials(response);
      for (const { text, val } of knownText(response.headers['access-control-allow-origin'] ?? [])) {
        out.push({ val, text, surface: 'rest', subject: `${api.label} ${where}`, setting: 'Access-Control-Allow-Origin', credentials, api });
      }
    }
  }
  return out;
}

/** Whether credentials enabled on the same policy or response can hold together with an origin value. */
export function credentialed(entry: { val: Located; credentials: readonly Located[] }): boolean {
  return entry.credentials.some((c) => together(c, entry.val));
}

/**
 * Where a located thing is written, as a key to report each place once: the file and the region given directly
 * (handler sources), or the file, the path inside the document and whether it is the key or the value.
 */
export function placeKey(at: Located): string {
  const loc = at.loc;
  const r = loc.range;
  if (r) return [loc.file, `@${r.line}:${r.column}-${r.endLine}:${r.endColumn}`].join('\u0001');
  return [loc.file, loc.path.map(String).join('\u0000'), loc.key ? 'k' : 'v'].join('\u0001');
}

/**
 * Groups items by the place their value is written, so a value that several resources share (a `Globals`
 * setting) is reported once; each group keeps its first item and the subjects of all. `also` tells apart items
 * at one place that must not be merged (a finding that also rests on other values).
 */
export function byPlace<T>(
  items: readonly T[],
  at: (item: T) => Located,
  subject: (item: T) => string,
  also?: (item: T) => string,
): Array<{ item: T; items: T[]; subjects: string[] }> {
  const groups = new Map<string, { item: T; items: T[]; subjects: string[] }>();
  for (const item of items) {
    const key = also ? `${placeKey(at(item))}\u0002${also(item)}` : placeKey(at(item));
    const group = groups.get(key);
    if (!group) groups.set(key, { item, items: [item], subjects: [subject(item)] });
    else {
      group.items.push(item);
      if (!group.subjects.includes(subject(item))) group.subjects.push(subject(item));
    }
  }
  return [...groups.values()];
}

/** Origin entries grouped by the place their value is written (see `byPlace`). */
export function originGroups<T extends OriginEntry>(entries: readonly T[]): Array<{ item: T; items: T[]; subjects: string[] }> {
  return byPlace(entries, (e) => e.val, (e) => e.subject);
}

/**
 * Names the subjects of one finding as a singular phrase: `REST API 'A'`, `REST API 'A' (and REST API 'B')`,
 * `REST API 'A' (and 2 more)`.
 */
export function subjects(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length === 2) return `${names[0]} (and ${names[1]})`;
  return `${names[0]} (and ${names.length - 1} more)`;
}

/** A finding about a whole configuration or resource, at its key, with its history and conditions. */
export function keyOf(at: Located): Located {
  return { loc: { ...at.loc, key: true }, via: at.via, when: at.when };
}

/** A value as a message quotes it: `'text'`, or `"text"` when the text holds a single quote. */
export function quote(text: string): string {
  return text.includes("'") ? `"${text}"` : `'${text}'`;
}

/** Joins phrases for a message: `a`, `a and b`, `a, b and c`. */
export function phrase(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** How the template names a SAM CORS configuration: `Cors`, `CorsConfiguration`, `FunctionUrlConfig.Cors`. */
export function configName(policy: CorsPolicy): string {
  switch (policy.source) {
    case 'sam-cors':
      return 'Cors';
    case 'sam-http-cors':
    case 'cfn-http-cors':
      return 'CorsConfiguration';
    case 'openapi-http-cors':
      return 'x-amazon-apigateway-cors';
    case 'sam-function-url':
      return 'FunctionUrlConfig.Cors';
    case 'cfn-function-url':
      return 'Cors';
    case 's3':
      return 'CorsRules';
    case 'cloudfront':
      return 'CorsConfig';
    default:
      return 'OPTIONS method';
  }
}

/** How messages name a route: `PUT /orders/{id}`, `ANY $default`. */
export function routeName(route: Route): string {
  return `${route.method} ${route.path}`;
}

/** The routes a finding rests on, as related locations (the first five). */
export function relatedRoutes(routes: readonly Route[]): Array<{ at: Loc; message: string }> {
  return routes.slice(0, 5).map((r) => ({ at: r.loc, message: `route ${routeName(r)}` }));
}

/** Paths that name the same resource (SAM and API Gateway treat `/a` and `/a/` as one). */
export function samePath(a: string, b: string): boolean {
  const trim = (p: string): string => (p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p);
  return trim(a) === trim(b);
}

/**
 * The routes (other than OPTIONS) whose preflights a policy answers, and their API: for SAM REST `Cors`, the
 * routes on the paths SAM generates an OPTIONS for; for a REST OPTIONS method, the routes on its path; for an
 * HTTP API's CORS configuration, every route. `undefined` for surfaces without routes (function URLs, S3,
 * CloudFront).
 */
export function preflightRoutes(model: CorsModel, policy: CorsPolicy): { api: Api; routes: Route[] } | undefined {
  const api = apiById(model, policy.apiId);
  if (!api) return undefined;
  const { actual, byPath } = routeIndex(api);
  if (policy.source === 'sam-cors') {
    const paths = new Set(api.routes.filter((r) => r.method === 'OPTIONS' && r.preflight === policy).map((r) => trimPath(r.path)));
    return { api, routes: actual.filter((r) => paths.has(trimPath(r.path))) };
  }
  if (policy.source === 'rest-options') {
    const path = policy.path;
    return path === undefined ? undefined : { api, routes: [...(byPath.get(trimPath(path)) ?? [])] };
  }
  if (policy.surface === 'http') return { api, routes: [...actual] };
  return undefined;
}

function trimPath(p: string): string {
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

/** An API's routes other than OPTIONS, in order, and by path as {@link samePath} compares them. */
interface RouteIndex {
  length: number;
  actual: Route[];
  byPath: Map<string, Route[]>;
}

const routeIndexes = new WeakMap<readonly Route[], RouteIndex>();

/**
 * The index of an API's routes, built once per API (again if routes were added since), so that asking for the
 * routes of every OPTIONS method of a large API stays linear.
 */
function routeIndex(api: Api): RouteIndex {
  const known = routeIndexes.get(api.routes);
  if (known && known.length === api.routes.length) return known;
  const actual = api.routes.filter((r) => r.method !== 'OPTIONS');
  const byPath = new Map<string, Route[]>();
  for (const route of actual) {
    const key = trimPath(route.path);
    const list = byPath.get(key);
    if (list) list.push(route);
    else byPath.set(key, [route]);
  }
  const index = { length: api.routes.length, actual, byPath };
  routeIndexes.set(api.routes, index);
  return index;
}

/**
 * The alternatives a setting's values make when some of them hold only under a condition (an `Fn::If`): one
 * branch per combination of conditions written, each with the unconditional values. One branch without
 * conditions when nothing is conditional.
 */
export function branches(values: readonly SettingVal<Scalar>[]): Array<{ when: Cond[]; values: SettingVal<Scalar>[] }> {
  const signatures = new Map<string, Cond[]>();
  for (const v of values) {
    const when = v.when ?? [];
    if (when.length > 0) signatures.set(when.map((c) => `${condKey(c)}=${c.value}`).sort().join('&'), [...when]);
  }
  if (signatures.size === 0) return [{ when: [], values: [...values] }];
  return [...signatures.values()].map((when) => ({ when, values: values.filter((v) => compatible(v.when ?? [], when)) }));
}

/**
 * The branches of a setting (see `branches`) whose values are all known, with their items: what the rules that
 * compare a whole list judge, one combination of conditions at a time.
 */
export function knownBranches(values: readonly SettingVal<Scalar>[]): Array<{ when: Cond[]; values: SettingVal<Scalar>[]; items: Array<{ item: string; val: SettingVal<Scalar> }> }> {
  return branches(values)
    .filter((branch) => branch.values.every((v) => v.known))
    .map((branch) => ({ ...branch, items: listItems(branch.values) }));
}

/**
 * Where to report something about a whole setting of a policy: for a list written item by item (HTTP APIs,
 * function URLs, S3, CloudFront), the key of the list its last value sits in; for a REST header string, that
 * value itself.
 */
export function listAnchor(policy: CorsPolicy, values: readonly SettingVal<Scalar>[], when: readonly Cond[] = []): Located | undefined {
  const last = values[values.length - 1];
  if (!last) return undefined;
  const path = last.loc.path;
  const isItem = policy.surface !== 'rest' && typeof path[path.length - 1] === 'number' && path[path.length - 2] !== 'Fn::If';
  const loc = isItem ? { file: last.loc.file, path: path.slice(0, -1), key: true } : last.loc;
  return { loc, via: last.via, when: when.length > 0 ? when : last.when };
}

/**
 * What decided a route's authorization (`which: 'auth'`) or its API key (`'apiKey'`): SAM's
 * `Auth.DefaultAuthorizer` / `Auth.ApiKeyRequired` (`sam-default`), a SAM event's own `Auth` (`sam-event`), a
 * CloudFormation method or route (`cfn`), an OpenAPI operation's `security` (`openapi`) or the document's root
 * `security` it inherits (`openapi-root`). Read from where the decision is written.
 */
export type AuthSource = 'sam-default' | 'sam-event' | 'cfn' | 'openapi' | 'openapi-root' | 'other';

export function authSource(api: Api, route: Route, which: 'auth' | 'apiKey'): AuthSource {
  const loc = which === 'auth' ? route.auth.loc : (route.auth.apiKeyLoc ?? route.auth.loc);
  const defaults = which === 'auth' ? api.sam?.defaultAuthorizer : api.sam?.apiKeyRequired;
  if (defaults?.some((v) => sameLoc(v.loc, loc))) return 'sam-default';
  if (route.origin === 'cfn-method' || route.origin === 'cfn-route') return 'cfn';
  const path = loc.path.map(String);
  if (path.includes('security')) return path.includes('paths') ? 'openapi' : 'openapi-root';
  if (route.event) return 'sam-event';
  return 'other';
}

/**
 * The place that decided a route's authorization (`which: 'auth'`) or its API key (`'apiKey'`), with the
 * `Globals` or condition it came through when it is a SAM `Auth` setting.
 */
export function authTarget(api: Api, route: Route, which: 'auth' | 'apiKey'): Located {
  const loc = which === 'auth' ? route.auth.loc : (route.auth.apiKeyLoc ?? route.auth.loc);
  const values = which === 'auth' ? api.sam?.defaultAuthorizer : api.sam?.apiKeyRequired;
  const val = values?.find((v) => sameLoc(v.loc, loc));
  return val ?? { loc, when: route.when };
}

function sameLoc(a: Loc, b: Loc): boolean {
  return a.file === b.file && a.path.length === b.path.length && a.path.every((k, i) => k === b.path[i]);
}

/** Items for a message: `a`, `a and b`, `a, b and c`, or the first three and how many more. */
export function listText(items: readonly string[]): string {
  const unique = [...new Set(items)];
  return unique.length <= 3 ? phrase(unique) : `${unique.slice(0, 3).join(', ')} and ${unique.length - 3} more`;
}

/** What a route's authorization is, for messages: `DefaultAuthorizer 'Jwt'`, `AuthorizationType 'JWT'`. */
export function authReason(route: Route): string {
  return route.auth.reason.replace(/^AuthorizationType (\S+)$/, "AuthorizationType '$1'");
}

/** Methods whose requests usually carry a JSON body (`Content-Type: application/json` is not safelisted). */
export const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'ANY']);

/** Methods a browser preflights that API Gateway routes can implement (GET, HEAD and POST are CORS-safelisted). */
export const NON_SIMPLE_METHODS: ReadonlySet<string> = new Set(['PUT', 'PATCH', 'DELETE']);

/**
 * The methods a set of routes implements: `any` when one of them is an `ANY` route (it implements every
 * method), `unknown` when a method could not be read.
 */
export function implementedMethods(routes: readonly Route[]): { methods: Set<string>; any: boolean; unknown: boolean } {
  const methods = new Set<string>();
  let any = false;
  let unknown = false;
  for (const route of routes) {
    if (route.method === 'ANY') any = true;
    else if (!/^[A-Z]+$/.test(route.method)) unknown = true;
    else methods.add(route.method);
  }
  return { methods, any, unknown };
}
