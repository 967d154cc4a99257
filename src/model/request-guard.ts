/**
 * Conditions on the request that a Lambda proxy handler tests before it returns (`if (event.httpMethod === 'GET')`,
 * `switch (event.resource)`, a dispatch table keyed by `"METHOD /resource"`), and whether a route of the template
 * can meet them. The handler analysis records one on each return path it reads (`HandlerResponse.when`); a return
 * path whose condition no request of a route can meet is not that route's answer (the "unsupported method" branch of
 * a function that only `POST /signups` reaches).
 *
 * Only what a REST API's proxy event says for certain is read: the method (`httpMethod`, also the HTTP API form
 * `requestContext.http.method`), the resource (`resource`, `requestContext.resourcePath`: the route's path as the
 * template writes it) and the request path (`path`: the resource with its parameters filled in; the reading assumes
 * the API is called without a base path mapping, which would put a prefix before it). Anything else is not a fact,
 * and a condition on it is not recorded: the path stays reachable.
 */

/** A fact of the request that a REST API's Lambda proxy event carries. */
export type RequestFact = 'method' | 'resource' | 'path';

/** A text built from request facts and literal parts (`${method} ${resource}`), optionally upper- or lower-cased. */
export interface FactText {
  parts: Array<string | { fact: RequestFact }>;
  case?: 'upper' | 'lower';
}

/** A condition on the request; `in`: the text is one of `values`; `starts`/`ends`/`contains`: a string test. */
export type RequestGuard =
  | { op: 'in'; subject: FactText; values: string[] }
  | { op: 'starts' | 'ends' | 'contains'; subject: FactText; value: string }
  | { op: 'not'; arg: RequestGuard }
  | { op: 'and' | 'or'; args: RequestGuard[] };

/** What a route's requests are known to carry: its method (undefined for `ANY`) and its resource path. */
export interface RouteFacts {
  method?: string;
  resource: string;
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

export function routeFacts(route: { method: string; path: string }): RouteFacts {
  return { method: route.method === 'ANY' ? undefined : route.method.toUpperCase(), resource: trimSlash(route.path) };
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The request paths a resource stands for, as a pattern: `{id}` is one segment, `{proxy+}` one or more. */
function pathPattern(resource: string): { source: string; literal: boolean } {
  let literal = true;
  const source = resource.replace(/\{[^}]*\}|[^{]+/g, (part) => {
    if (!part.startsWith('{')) return escape(part);
    literal = false;
    return part.endsWith('+}') ? '[^?#]+' : '[^/?#]+';
  });
  return { source, literal };
}

/** The text a route's requests give for `subject`: a literal when every part is known, else a pattern. */
function render(subject: FactText, facts: RouteFacts): { literal?: string; pattern: RegExp } | undefined {
  let literal: string | undefined = '';
  let source = '';
  for (const part of subject.parts) {
    if (typeof part === 'string') {
      literal = literal === undefined ? undefined : literal + part;
      source += escape(part);
      continue;
    }
    if (part.fact === 'method') {
      if (facts.method === undefined) {
        literal = undefined;
        source += '[A-Za-z]+';
      } else {
        literal = literal === undefined ? undefined : literal + facts.method;
        source += escape(facts.method);
      }
    } else if (part.fact === 'resource') {
      literal = literal === undefined ? undefined : literal + facts.resource;
      source += escape(facts.resource);
    } else {
      const p = pathPattern(facts.resource);
      if (!p.literal) literal = undefined;
      else if (literal !== undefined) literal += facts.resource;
      source += p.source;
    }
  }
  const flags = subject.case ? 'i' : '';
  const cased = (s: string) => (subject.case === 'upper' ? s.toUpperCase() : subject.case === 'lower' ? s.toLowerCase() : s);
  return { literal: literal === undefined ? undefined : cased(literal), pattern: new RegExp(`^(?:${source})$`, flags) };
}

/** Kleene's three values: true, false, or `undefined` when the route's requests may go either way. */
type Truth = boolean | undefined;

function atom(guard: Extract<RequestGuard, { subject: FactText }>, facts: RouteFacts): Truth {
  const text = render(guard.subject, facts);
  if (!text) return undefined;
  if (guard.op === 'in') {
    if (text.literal !== undefined) return guard.values.includes(text.literal);
    return guard.values.some((v) => text.pattern.test(v)) ? undefined : false;
  }
  if (text.literal === undefined) return undefined;
  if (guard.op === 'starts') return text.literal.startsWith(guard.value);
  if (guard.op === 'ends') return text.literal.endsWith(guard.value);
  return text.literal.includes(guard.value);
}

/** Whether the requests of a route meet `guard`: true, false, or `undefined` when some may and some may not. */
export function guardHolds(guard: RequestGuard, facts: RouteFacts): Truth {
  switch (guard.op) {
    case 'not': {
      const inner = guardHolds(guard.arg, facts);
      return inner === undefined ? undefined : !inner;
    }
    case 'and': {
      let out: Truth = true;
      for (const g of guard.args) {
        const t = guardHolds(g, facts);
        if (t === false) return false;
        if (t === undefined) out = undefined;
      }
      return out;
    }
    case 'or': {
      let out: Truth = false;
      for (const g of guard.args) {
        const t = guardHolds(g, facts);
        if (t === true) return true;
        if (t === undefined) out = undefined;
      }
      return out;
    }
    default:
      return atom(guard, facts);
  }
}

/** Whether a return path guarded by `when` can answer requests of `route` (it can, unless the guard is certainly false). */
export function reachesRoute(when: RequestGuard | undefined, route: { method: string; path: string }): boolean {
  return when === undefined || guardHolds(when, routeFacts(route)) !== false;
}

/** `a and b`, flattened; `undefined` is "always". */
export function allOf(...guards: Array<RequestGuard | undefined>): RequestGuard | undefined {
  const args = guards.flatMap((g) => (g === undefined ? [] : g.op === 'and' ? g.args : [g]));
  if (args.length === 0) return undefined;
  return args.length === 1 ? args[0] : { op: 'and', args };
}

/** `a or b`; `undefined` ("always") absorbs the others. */
export function anyOf(guards: Array<RequestGuard | undefined>): RequestGuard | undefined {
  if (guards.length === 0) return { op: 'or', args: [] };
  if (guards.some((g) => g === undefined)) return undefined;
  const args = (guards as RequestGuard[]).flatMap((g) => (g.op === 'or' ? g.args : [g]));
  return args.length === 1 ? args[0] : { op: 'or', args };
}

export function negate(guard: RequestGuard): RequestGuard {
  return guard.op === 'not' ? guard.arg : { op: 'not', arg: guard };
}

function describeText(subject: FactText): string {
  const parts = subject.parts.map((p) => (typeof p === 'string' ? p : `{${p.fact}}`)).join('');
  return subject.parts.length === 1 && typeof subject.parts[0] !== 'string' ? `the ${subject.parts[0]!.fact}` : `'${parts}'`;
}

/** The condition in words, for notes: "the method is GET or POST", "not (the resource is /items)". */
export function describeGuard(guard: RequestGuard): string {
  switch (guard.op) {
    case 'in':
      return `${describeText(guard.subject)} is ${guard.values.length === 0 ? 'nothing' : guard.values.join(' or ')}`;
    case 'starts':
      return `${describeText(guard.subject)} starts with ${guard.value}`;
    case 'ends':
      return `${describeText(guard.subject)} ends with ${guard.value}`;
    case 'contains':
      return `${describeText(guard.subject)} contains ${guard.value}`;
    case 'not':
      return guard.arg.op === 'in' ? `${describeText(guard.arg.subject)} is not ${guard.arg.values.join(' or ')}` : `not (${describeGuard(guard.arg)})`;
    case 'and':
      return guard.args.map(describeGuard).join(' and ');
    case 'or':
      return guard.args.length === 0 ? 'never' : guard.args.map(describeGuard).join(' or ');
  }
}
