/**
 * Which routes have a handler whose responses matter for CORS: Lambda proxy routes of REST APIs that show CORS
 * intent (a `Cors` setting, an OPTIONS preflight, or an `Access-Control-Allow-Origin` anywhere in the API).
 * HTTP APIs are left out: with a CORS configuration, API Gateway overrides whatever the function returns.
 * A pure reading of the model, shared by the analysis step and the rules.
 */
import type { HandlerAnalysis } from './handlers.js';
import type { Api, CorsModel, CorsPolicy, LambdaFunction, Route } from './types.js';

const ACAO = 'access-control-allow-origin';

export interface ProxyRoute {
  api: Api;
  route: Route;
  /** The function behind the route, when the template declares it. */
  fn?: LambdaFunction;
  /** The template's preflight for the route's path (SAM `Cors`, or an OPTIONS method's mappings), if any. */
  preflight?: CorsPolicy;
}

/** Whether a REST API shows that browsers are meant to call it from other origins. */
export function corsIntent(api: Api): boolean {
  if (api.kind !== 'rest') return false;
  if (api.cors) return true;
  if (api.routes.some((r) => r.method === 'OPTIONS')) return true;
  if (api.gatewayResponses.some((g) => g.headerKeys.some((k) => k.name.toLowerCase() === ACAO))) return true;
  return api.routes.some(
    (r) =>
      r.integration.responses.some((x) => x.headerKeys.some((k) => k.name.toLowerCase() === ACAO)) ||
      r.methodResponses.some((x) => x.headerKeys.some((k) => k.name.toLowerCase() === ACAO)),
  );
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** The preflight the template defines for a route's path. */
export function preflightFor(api: Api, route: Route): CorsPolicy | undefined {
  if (route.method === 'OPTIONS') return undefined;
  const path = trimSlash(route.path);
  const options = api.routes.find((r) => r.method === 'OPTIONS' && r.preflight && trimSlash(r.path) === path);
  return options?.preflight ?? api.cors;
}

/** Every Lambda proxy route of a CORS-enabled REST API, with its function and preflight. */
export function proxyRoutes(model: CorsModel): ProxyRoute[] {
  const out: ProxyRoute[] = [];
  // indexes instead of a search per route, so that a template with thousands of routes stays linear; each keeps
  // the first match, as a search would
  let functions: Map<string, LambdaFunction> | undefined;
  for (const api of model.apis) {
    if (!corsIntent(api)) continue;
    let preflights: Map<string, CorsPolicy> | undefined;
    for (const route of api.routes) {
      if (route.integration.type !== 'lambda-proxy') continue;
      if (!functions) {
        functions = new Map();
        for (const f of model.functions) if (!functions.has(f.id)) functions.set(f.id, f);
      }
      if (!preflights) {
        preflights = new Map();
        for (const r of api.routes) {
          if (r.method !== 'OPTIONS' || !r.preflight) continue;
          const path = trimSlash(r.path);
          if (!preflights.has(path)) preflights.set(path, r.preflight);
        }
      }
      const id = route.integration.functionId;
      const fn = id === undefined ? undefined : functions.get(id);
      // as preflightFor answers
      const preflight = route.method === 'OPTIONS' ? undefined : (preflights.get(trimSlash(route.path)) ?? api.cors);
      out.push({ api, route, fn, preflight });
    }
  }
  return out;
}

export function routeName(route: Route): string {
  return `${route.method} ${route.path}`;
}

/** Routes named in a message: `GET /orders`, `GET /orders and POST /orders`, `GET /a, POST /a and 3 more routes`. */
export function describeRoutes(routes: ReadonlyArray<{ route: Route }>): string {
  const names = [...new Set(routes.map((r) => routeName(r.route)))];
  if (names.length === 1) return names[0]!;
  if (names.length <= 3) return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} more routes`;
}

/** How many routes of a template concern CORS, and how many of them could not be checked fully. */
export interface RouteCoverage {
  /**
   * Routes of APIs with CORS (a REST API that shows CORS intent, an HTTP API with a CORS configuration), except
   * the OPTIONS routes that are not Lambda proxies (a preflight is configuration, read from the template).
   */
  routes: number;
  /**
   * Of those, the Lambda proxy routes whose handler was not read fully: its function is not in the template, its
   * handler is not read, one of its responses cannot be read, or none can be made out.
   */
  unchecked: number;
}

/**
 * What a template's routes leave unchecked, from its model and the handler stage's result. Routes of an API whose
 * body cannot be read are not known, so they are in neither count (the document is noted on its own).
 */
export function routeCoverage(model: CorsModel, handlers: { forFunction(id: string): HandlerAnalysis | undefined }): RouteCoverage {
  let routes = 0;
  for (const api of model.apis) {
    if (!(api.kind === 'http' ? api.cors !== undefined : corsIntent(api))) continue;
    for (const route of api.routes) if (route.method !== 'OPTIONS' || route.integration.type === 'lambda-proxy') routes++;
  }
  let unchecked = 0;
  for (const { fn } of proxyRoutes(model)) {
    const analysis = fn && handlers.forFunction(fn.id);
    if (!analysis || analysis.status === 'unknown' || analysis.responses.length === 0 || analysis.responses.some((r) => r.allowOrigin === 'unknown')) unchecked++;
  }
  return { routes, unchecked };
}
