import { defineRule } from '../src/engine/rule.js';
import {
  apiById,
  byPlace,
  configName,
  knownText,
  listText,
  placeKey,
  preflightRoutes,
  responseCredentials,
  restResponses,
  strongestExposure,
  subjects,
  together,
  type RouteExposure,
} from '../src/model/query.js';
import type { Api, CorsModel, CorsPolicy, Route, Scalar, SettingVal } from '../src/model/types.js';
import type { HandlerAnswers } from '../src/model/handlers.js';
import type { RuleFacts } from '../src/model/facts.js';
import { enabledCredentials } from '../src/model/values.js';
import { ruleDocs } from '../src/prose.js';
import { mockTakesBinary } from '../src/simulate/binary.js';
import type { Loc, Located } from '../src/types.js';

/**
 * What a `*` decides where it is written: a `preflight` (SAM `Cors`, a REST OPTIONS method: which pages may send
 * requests that need one), a `response` (a REST integration response: which pages read the answer), `both` (an HTTP
 * API's, a function URL's, an S3 or CloudFront configuration: the service puts it on preflights and answers alike),
 * or a `gateway` response (only API Gateway's own errors).
 */
type Kind = 'preflight' | 'response' | 'both' | 'gateway';

interface Place {
  val: SettingVal<Scalar>;
  kind: Kind;
  /** The API or configuration, as messages name it. */
  subject: string;
  /** Where on it, for related locations: `OPTIONS /a`, `GET /a (200 response)`, `gateway response DEFAULT_4XX`. */
  where: string;
  api?: Api;
  policy?: CorsPolicy;
  routes: Route[];
  /** The strongest protection among the routes the `*` is written for. */
  exposure?: RouteExposure & { route?: Route };
  credentials?: Located;
}

/** A function URL is protected by its own `AuthType`: SigV4, which the page signs itself. */
function functionUrlExposure(policy: CorsPolicy, val: Located): RouteExposure {
  const iam = (policy.authType ?? []).find((v) => v.known && v.value === 'AWS_IAM' && together(v, val));
  return iam ? { kind: 'token', reason: `${policy.label} uses AuthType AWS_IAM (a SigV4 signature)`, loc: iam.loc } : { kind: 'none', reason: '' };
}

/** Every `*` origin of the template, with what it decides and the protection of the routes it is written for. */
function places(model: CorsModel): Place[] {
  const out: Place[] = [];
  for (const policy of model.policies) {
    for (const { text, val } of knownText(policy.origins)) {
      if (text.trim() !== '*') continue;
      const api = apiById(model, policy.apiId);
      const routes = preflightRoutes(model, policy)?.routes ?? [];
      const preflightOnly = policy.source === 'sam-cors' || policy.source === 'rest-options';
      out.push({
        val,
        kind: preflightOnly ? 'preflight' : 'both',
        subject: api?.label ?? policy.label,
        where: policy.source === 'rest-options' ? `OPTIONS ${policy.path ?? '?'}` : `its ${configName(policy)}`,
        api,
        policy,
        routes,
        exposure: policy.surface === 'function-url' ? functionUrlExposure(policy, val) : api ? strongestExposure(api, routes) : undefined,
        credentials: enabledCredentials(policy).find((c) => together(c, val)),
      });
    }
  }
  for (const api of model.apis) {
    for (const { response, where, route, gateway } of restResponses(api)) {
      for (const { text, val } of knownText(response.headers['access-control-allow-origin'] ?? [])) {
        if (text.trim() !== '*') continue;
        const routes = route ? [route] : [];
        out.push({
          val,
          kind: gateway ? 'gateway' : 'response',
          subject: api.label,
          where,
          api,
          routes,
          exposure: gateway ? undefined : strongestExposure(api, routes),
          credentials: responseCredentials(response).find((c) => together(c, val)),
        });
      }
    }
  }
  return out;
}

/**
 * One finding per fact: the `*` places of one API (or one configuration) form a group, and places that share a
 * written value (a `Globals` setting several APIs inherit) join their groups.
 */
function groups(list: readonly Place[]): Place[][] {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let root = k;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(k, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    for (const k of [a, b]) if (!parent.has(k)) parent.set(k, k);
    parent.set(find(a), find(b));
  };
  const owner = (p: Place): string => (p.api ? `api\u0000${p.api.id}` : `policy\u0000${p.policy?.source}\u0000${p.policy?.owner}\u0000${p.policy?.label}`);
  for (const p of list) union(owner(p), `place\u0000${placeKey(p.val)}`);
  const byRoot = new Map<string, Place[]>();
  for (const p of list) {
    const root = find(owner(p));
    const group = byRoot.get(root);
    if (group) group.push(p);
    else byRoot.set(root, [p]);
  }
  return [...byRoot.values()];
}

const isRead = (p: Place): boolean => p.kind === 'response' || p.kind === 'both';

/** The places of a group for a message, in order, gateway responses named together (`gateway responses A and B`). */
function placeNames(places: readonly Place[]): string[] {
  const gateway = [...new Set(places.filter((p) => p.kind === 'gateway').map((p) => p.where.replace(/^gateway response /, '')))];
  const out: string[] = [];
  for (const p of places) {
    const name = p.kind === 'gateway' ? (gateway.length === 1 ? `gateway response ${gateway[0]}` : `gateway responses ${listText(gateway)}`) : p.where;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** Who reads the answers to requests a permissive preflight lets through: what the routes' responses allow. */
function readers(routes: readonly Route[], handlers: HandlerAnswers | undefined): { kind: 'restricted' | 'star' | 'unknown'; at?: Loc; fn?: string } {
  let unknown = false;
  for (const route of routes) {
    const type = route.integration.type;
    if (type === 'lambda-proxy') {
      const answer = handlers?.answerFor(route);
      if (!answer || answer.responses.length === 0 || !answer.complete) unknown = true;
      for (const response of answer?.responses ?? []) {
        const origin = response.headers['access-control-allow-origin'];
        if (origin === '*' || (typeof origin === 'object' && 'fromRequest' in origin)) return { kind: 'star', at: response.loc, fn: route.integration.functionId };
        if (typeof origin === 'object') unknown = true;
      }
    } else if (type === 'mock' || type === 'aws' || type === 'http') {
      const values = route.integration.responses.flatMap((r) => r.headers['access-control-allow-origin'] ?? []);
      if (values.some((v) => !v.known)) unknown = true;
    } else unknown = true;
  }
  return { kind: unknown ? 'unknown' : 'restricted' };
}

/** Whether every OPTIONS method the group's preflight places answer with is a MOCK API Gateway answers with 500. */
function brokenPreflight(group: readonly Place[]): boolean {
  const options = group.flatMap((p) => (p.kind === 'preflight' && p.api && p.policy ? p.api.routes.filter((r) => r.method === 'OPTIONS' && r.preflight === p.policy).map((r) => [p.api!, r] as const) : []));
  return options.length > 0 && options.every(([api, r]) => typeof mockTakesBinary(api, r) === 'object');
}

/** The protection a message names, and its severity: an error only where the browser brings it by itself. */
function protectionOf(group: readonly Place[]): (RouteExposure & { route?: Route }) | undefined {
  const rank = { none: 0, unknown: 1, token: 2, ambient: 3 } as const;
  let best: (RouteExposure & { route?: Route }) | undefined;
  for (const p of group) {
    if (p.kind === 'gateway' || !p.exposure) continue;
    if (!best || rank[p.exposure.kind] > rank[best.kind]) best = p.exposure;
  }
  return best;
}

/** `REST API 'A' allows any origin ('*')`, or how SAM came to `*` when the template writes none. */
function subjectOf(who: string, primary: Place): string {
  const { val, policy } = primary;
  if (!val.defaulted) return `${who} allows any origin ('*')`;
  if (policy?.source === 'sam-cors') return `${who} sets no AllowOrigin, so SAM allows any origin ('*')`;
  return `${who} sets ${policy ? configName(policy) : 'its CORS configuration'} to true, so SAM allows any origin ('*')`;
}

/** What the `*` exposes, and the protection that matters, as the rest of the sentence. */
function consequence(group: readonly Place[], protection: (RouteExposure & { route?: Route }) | undefined, handlers: HandlerAnswers | undefined): { text: string; related: Array<{ at: Loc; message: string }> } {
  const related: Array<{ at: Loc; message: string }> = [];
  if (group.every((p) => p.kind === 'gateway')) {
    return { text: ": only API Gateway's own error answers carry it, so any website can read those error bodies and nothing of the API's data.", related };
  }
  if (protection?.kind === 'ambient' && /attaches by itself/.test(protection.reason)) {
    const text = ` although ${protection.reason}: any website can make a visitor's browser send it requests that carry the cookie, and with '*' no page, your own front end included, can read the answers to them; list your front end's origin and allow credentials.`;
    return { text, related };
  }
  const token = protection?.kind === 'token';
  let expose: string;
  if (group.some(isRead)) expose = token ? 'may send it requests and read the answers' : 'can read its responses';
  else {
    // Only preflights allow '*': who reads the answers is what the responses allow.
    const routes = [...new Set(group.flatMap((p) => p.routes))];
    const read = readers(routes, handlers);
    // With a token in front, the token is what guards the answers: who may read them is said only when it is known.
    let who = token ? '' : "; who reads the answers is up to each response's Access-Control-Allow-Origin";
    if (read.kind === 'restricted') who = ', while only the origins its responses allow can read the answers';
    if (read.kind === 'star') {
      who = `, and ${read.fn ? `'${read.fn}'` : 'the handler'} answers with '*' (or the request's own origin) too, so any website reads them as well`;
      related.push({ at: read.at!, message: "the handler's answer allows any origin here" });
    }
    // A preflight API Gateway answers with 500 (binary media types before a MOCK) lets no one through today.
    const broken = brokenPreflight(group) ? ' once it works (API Gateway answers it with 500 today: binary-media-types-break-preflight)' : '';
    expose =
      routes.length > 0
        ? `passes its preflight${broken} and can send requests to ${listText(routes.map((r) => `${r.method} ${r.path}`))} (a cross-site write)${who}`
        : `passes its preflights${broken} and can send it requests (a cross-site write)`;
  }
  if (protection?.kind === 'ambient') return { text: ` although ${protection.reason}: any website that a user inside that network opens ${expose}.`, related };
  if (token) return { text: `: any website ${expose}; ${protection!.reason}, a token the page attaches itself, which still guards what it answers, so list your front end's origins instead.`, related };
  if (protection?.kind === 'unknown') return { text: `: any website ${expose} (${protection.reason}).`, related };
  return { text: `: any website ${expose}.`, related };
}

export default defineRule<CorsModel, Record<string, unknown>, RuleFacts>({
  id: 'wildcard-origin',
  severity: 'warning',
  summary: 'An allowed-origin list contains `*`: any website can send requests to it, and read the answers that carry it.',
  tags: ['security', 'cors'],
  securitySeverity: 5.3,
  // a '*' on a protected API: any website calls it with the user's token and reads the answers
  raisedSecuritySeverity: 7.5,
  docs: ruleDocs('wildcard-origin'),
  check(model, context) {
    const all = places(model);
    // Credentials on the same configuration make the `*` an error here, and credentials-with-wildcard's finding too.
    for (const group of byPlace(all.filter((p) => p.credentials), (p) => p.val, (p) => (p.policy ? p.policy.label : `${p.subject} ${p.where}`))) {
      const { val, credentials } = group.item;
      const subject = subjectOf(subjects(group.subjects), group.item);
      context.report({
        at: val,
        severity: 'error',
        message: `${subject} although it allows credentials: browsers refuse the credentialed responses, and any website can read the others.`,
        related: [{ at: credentials!.loc, message: 'credentials allowed here' }],
      });
    }
    for (const group of groups(all.filter((p) => !p.credentials))) {
      const protection = protectionOf(group);
      const error = protection?.kind === 'ambient';
      const primary =
        (error ? group.find((p) => p.kind !== 'gateway' && p.exposure?.kind === 'ambient') : undefined) ??
        group.find(isRead) ??
        group.find((p) => p.kind === 'preflight') ??
        group[0]!;
      const others = group.filter((p) => p !== primary && placeKey(p.val) !== placeKey(primary.val));
      // Places are named unless the one place is the configuration itself (`Cors`, `CorsConfiguration`, a rule).
      const wheres = placeNames([primary, ...others]);
      const named = wheres.length > 1 || primary.kind === 'response' || primary.kind === 'gateway' || primary.policy?.source === 'rest-options';
      const where = named ? ` on ${listText(wheres)}` : '';
      const { text, related } = consequence(group, protection, context.handlers);
      context.report({
        at: primary.val,
        severity: error ? 'error' : 'warning',
        message: `${subjectOf(subjects([...new Set(group.map((p) => p.subject))]), primary)}${where}${text}`,
        related: [
          ...others.slice(0, 8).map((p) => ({ at: p.val.loc, message: `'*' also here (${p.where})` })),
          ...related,
          ...(protection && protection.kind !== 'none' && protection.loc ? [{ at: protection.loc, message: protection.kind === 'unknown' ? 'authorization decided here' : 'protected here' }] : []),
        ],
      });
    }
  },
});
