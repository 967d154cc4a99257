/**
 * The CORS facts the SAM ⇄ CloudFormation oracle compares: per API, the origins, methods, headers and
 * credentials its preflight allows, and per path whether an OPTIONS route exists and the authorization it has.
 * The same facts are read from the model of the SAM input and from the model of SAM's CloudFormation output.
 */
import { readFileSync } from 'node:fs';
import { loadDocumentText } from '../../src/load/index.js';
import { buildModel } from '../../src/model/build.js';
import type { Cond } from '../../src/types.js';
import type { Api, CorsModel, CorsPolicy, Route, Scalar, SettingVal } from '../../src/model/types.js';
import { credentialValueEnabled, listItems } from '../../src/model/values.js';

export interface PathFacts {
  options: boolean;
  /** Every method of the path with its authorization, e.g. `GET authorizer:MyCognito`. */
  routes: string[];
  /** The OPTIONS route's authorization: `none`, `authorizer:Name`, `iam`, `unknown`, plus `+api-key`. */
  auth: string[];
  /** The Access-Control-Allow-Methods the preflight of this path answers with (REST). */
  methods: string[];
}

export interface ApiFacts {
  kind: string;
  origins: string[];
  headers: string[];
  credentials: boolean;
  /** HTTP APIs: the allowed methods (REST methods are per path). */
  methods: string[];
  maxAge: string[];
  /** Authorizers with the request headers a browser must be allowed to send for them. */
  authorizers: string[];
  /** Gateway responses with their CORS headers. */
  gatewayResponses: string[];
  paths: Record<string, PathFacts>;
}

export type Facts = Record<string, ApiFacts>;

const sorted = (items: Iterable<string>): string[] => [...new Set(items)].sort();

/** ` (when C is true)` for a value that holds under conditions. */
function cond(when: readonly Cond[] | undefined): string {
  return when && when.length > 0 ? ` (when ${[...when].map((c) => `${c.name}=${c.value}`).sort().join(',')})` : '';
}

function texts(values: readonly SettingVal<Scalar>[]): string[] {
  return values.flatMap((v) => (v.known && v.value !== null ? [String(v.value) + cond(v.when)] : ['<unknown>']));
}

function items(values: readonly SettingVal<Scalar>[]): string[] {
  return [...listItems(values).map((i) => i.item.toUpperCase()), ...values.filter((v) => !v.known).map(() => '<unknown>')];
}

function authText(route: Route): string {
  const a = route.auth;
  const base = a.kind === 'authorizer' ? `authorizer:${a.authorizer ?? '?'}` : a.kind;
  return (a.apiKeyRequired ? `${base}+api-key` : base) + cond(route.when);
}

/** `/items/` and `/items` are one resource for SAM's CORS; compare them as one. */
function pathKey(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** The policies that answer preflights of an API: the API's own, or those of its OPTIONS routes. */
function preflights(api: Api): CorsPolicy[] {
  if (api.kind !== 'rest') return api.cors ? [api.cors] : [];
  return [...new Set(api.routes.flatMap((r) => (r.method === 'OPTIONS' && r.preflight ? [r.preflight] : [])))];
}

export function factsOf(model: CorsModel): Facts {
  const out: Facts = {};
  for (const api of model.apis) {
    const policies = preflights(api);
    const paths: Record<string, PathFacts> = {};
    for (const route of api.routes) {
      const key = pathKey(route.path);
      const facts = (paths[key] ??= { options: false, routes: [], auth: [], methods: [] });
      facts.routes = sorted([...facts.routes, `${route.method} ${authText(route)}`]);
      if (route.method !== 'OPTIONS') continue;
      facts.options = true;
      facts.auth = sorted([...facts.auth, authText(route)]);
      if (api.kind === 'rest') {
        const methods = route.computedMethods ? [route.computedMethods] : route.preflight ? route.preflight.methods : [];
        facts.methods = sorted([...facts.methods, ...texts(methods).map((m) => m.replace(/\s+/g, ''))]);
      }
    }
    out[api.id] = {
      kind: api.kind,
      origins: sorted(policies.flatMap((p) => (p.surface === 'rest' ? texts(p.origins) : items(p.origins).map((o) => o.toLowerCase())))),
      headers: sorted(policies.flatMap((p) => items(p.headers).map((h) => h.toLowerCase()))),
      credentials: policies.some((p) => p.credentials.some((v) => credentialValueEnabled(p, v))),
      methods: api.kind === 'rest' ? [] : sorted(policies.flatMap((p) => items(p.methods))),
      maxAge: sorted(policies.flatMap((p) => texts(p.maxAge))),
      // Only the authorizers some route uses: SAM adds (and drops) definitions no route needs.
      authorizers: sorted(
        api.authorizers
          .filter((a) => api.routes.some((r) => (r.auth.kind === 'authorizer' && r.auth.authorizer === a.name) || (r.auth.kind === 'iam' && a.type === 'IAM')))
          .map((a) => `${a.name} ${a.type} ${a.identityHeaders.map((h) => h.toLowerCase()).sort().join(',')}`),
      ),
      gatewayResponses: sorted(
        api.gatewayResponses.map((g) => `${g.type} ${g.statusCode ?? '-'} ${Object.entries(g.headers).map(([h, v]) => `${h}=${texts(v).join('|')}`).sort().join(' ')}`),
      ),
      paths,
    };
  }
  for (const policy of model.policies) {
    if (policy.surface !== 'function-url') continue;
    const key = `function URL of ${policy.owner}`;
    const prev = out[key];
    out[key] = {
      kind: 'function-url',
      origins: sorted([...(prev?.origins ?? []), ...items(policy.origins).map((o) => o.toLowerCase())]),
      headers: sorted([...(prev?.headers ?? []), ...items(policy.headers).map((h) => h.toLowerCase())]),
      credentials: (prev?.credentials ?? false) || policy.credentials.some((v) => credentialValueEnabled(policy, v)),
      methods: sorted([...(prev?.methods ?? []), ...items(policy.methods)]),
      maxAge: sorted([...(prev?.maxAge ?? []), ...texts(policy.maxAge)]),
      authorizers: [],
      gatewayResponses: [],
      paths: {},
    };
  }
  return out;
}

export function modelOfFile(file: string): CorsModel {
  const doc = loadDocumentText(readFileSync(file, 'utf8'), file);
  return buildModel(file, doc.value);
}

/** The differences between two sets of facts, one line each (empty when they agree). */
export function compareFacts(sam: Facts, cfn: Facts): string[] {
  const out: string[] = [];
  for (const id of sorted([...Object.keys(sam), ...Object.keys(cfn)])) {
    const a = sam[id];
    const b = cfn[id];
    if (!a || !b) {
      out.push(`${id}: only in the ${a ? 'SAM' : 'CloudFormation'} model`);
      continue;
    }
    for (const key of ['kind', 'origins', 'headers', 'credentials', 'methods', 'maxAge', 'authorizers', 'gatewayResponses'] as const) {
      if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) out.push(`${id} ${key}: SAM ${JSON.stringify(a[key])} vs CloudFormation ${JSON.stringify(b[key])}`);
    }
    for (const path of sorted([...Object.keys(a.paths), ...Object.keys(b.paths)])) {
      const p = a.paths[path] ?? { options: false, routes: [], auth: [], methods: [] };
      const q = b.paths[path] ?? { options: false, routes: [], auth: [], methods: [] };
      if (JSON.stringify(p) !== JSON.stringify(q)) out.push(`${id} ${path}: SAM ${JSON.stringify(p)} vs CloudFormation ${JSON.stringify(q)}`);
    }
  }
  return out;
}
