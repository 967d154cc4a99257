/**
 * Route matching as API Gateway does it. REST: the most specific resource wins (a literal segment before a
 * `{param}`, a `{param}` before a greedy `{proxy+}`), then the method on that resource, else its `ANY`. HTTP API:
 * a full match of route and method, then a route with a greedy path variable, then `$default`; `ANY` matches
 * every method the path does not define (AWS: http-api-develop-routes, "Routing API requests").
 */
import type { Api, Route } from '../model/types.js';

type Rank = number[];

/** Ranks how a resource path template matches a request path: per segment 2 literal, 1 `{param}`, 0 greedy. */
export function matchPath(template: string, path: string): Rank | undefined {
  const want = segments(template);
  const have = segments(path);
  const rank: Rank = [];
  for (let i = 0; i < want.length; i++) {
    const seg = want[i]!;
    if (/^\{[^{}]+\+\}$/.test(seg)) {
      if (i !== want.length - 1 || have.length <= i) return undefined;
      rank.push(0);
      return rank;
    }
    const got = have[i];
    if (got === undefined) return undefined;
    if (/^\{[^{}]+\}$/.test(seg)) rank.push(1);
    else if (seg === got) rank.push(2);
    else return undefined;
  }
  return want.length === have.length ? rank : undefined;
}

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function compareRank(a: Rank, b: Rank): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? -1;
    const y = b[i] ?? -1;
    if (x !== y) return x - y;
  }
  return 0;
}

/** The HTTP API default route: `$default` (SAM's output writes it as the path `/$default` with `isDefaultRoute`). */
export function isDefaultRoute(path: string): boolean {
  return path === '$default' || path === '/$default';
}

export function isGreedy(template: string): boolean {
  return /\{[^{}]+\+\}\/?$/.test(template);
}

/** Routes with a known path and method, the unconditional ones first (they decide when conditions are unknown). */
function usable(api: Api): Route[] {
  return api.routes.filter((r) => r.path !== '?' && r.method !== '?').sort((a, b) => (a.when?.length ?? 0) - (b.when?.length ?? 0));
}

export interface RestMatch {
  /** The resource path that matched, if any. */
  resource?: string;
  /** The method that answers: the request's method, or the resource's `ANY`. */
  route?: Route;
}

/** REST: the resource, then its method or `ANY`. */
export function matchRest(api: Api, method: string, path: string): RestMatch {
  const routes = usable(api);
  let best: { resource: string; rank: Rank } | undefined;
  for (const resource of new Set(routes.map((r) => r.path))) {
    const rank = matchPath(resource, path);
    if (!rank) continue;
    if (!best || compareRank(rank, best.rank) > 0) best = { resource, rank };
  }
  if (!best) return {};
  const onResource = routes.filter((r) => samePath(r.path, best!.resource));
  const route = onResource.find((r) => r.method === method) ?? onResource.find((r) => r.method === 'ANY');
  return { resource: best.resource, route };
}

function samePath(a: string, b: string): boolean {
  const trim = (p: string) => (p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p);
  return trim(a) === trim(b);
}

/** HTTP API: the most specific route for the method and path, else `$default`. */
export function matchHttp(api: Api, method: string, path: string): Route | undefined {
  const routes = usable(api);
  let best: { route: Route; key: Rank } | undefined;
  for (const route of routes) {
    if (isDefaultRoute(route.path)) continue;
    if (route.method !== method && route.method !== 'ANY') continue;
    const rank = matchPath(route.path, path);
    if (!rank) continue;
    const key = [isGreedy(route.path) ? 0 : 1, ...rank, route.method === method ? 1 : 0];
    if (!best || compareRank(key, best.key) > 0) best = { route, key };
  }
  return best?.route ?? routes.find((r) => isDefaultRoute(r.path));
}

/** A concrete request path for a route's path template (`/orders/{id}` → `/orders/1`). */
export function samplePath(template: string): string {
  if (isDefaultRoute(template)) return '/any/path';
  const out = template.replace(/\{[^{}]+\+\}/g, 'any/path').replace(/\{[^{}]+\}/g, '1');
  return out === '' ? '/' : out;
}
