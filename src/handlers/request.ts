/**
 * What both readers know about the request a REST API's Lambda proxy integration sends: the parts of the event that
 * are facts of the route (the method, the resource, the path; `src/model/request-guard.ts`), texts built from them
 * (`${method} ${resource}`), the conditions code tests on them, and dispatch tables keyed by them. Pure functions of
 * abstract values; the readers say how their language writes the tests.
 */
import { allOf, anyOf, negate, type FactText, type RequestFact, type RequestGuard } from '../model/request-guard.js';
import type { SyntaxNode } from './grammars.js';
import type { SourceFile } from './source.js';
import { alts, getEntry, guarded, unknown, type AV } from './values.js';

/** The event keys (below the event, or below `requestContext`) that are request facts in a REST API's proxy event. */
const FACTS: Record<string, RequestFact> = {
  httpMethod: 'method',
  resource: 'resource',
  path: 'path',
  'requestContext.httpMethod': 'method',
  'requestContext.resourcePath': 'resource',
};

/** Keys a REST API's proxy event does not have (they are the HTTP API's): reading them gives nothing. */
const ABSENT = new Set(['routeKey', 'rawPath', 'requestContext.routeKey', 'requestContext.http']);

/** Parts of the event whose own keys are read further. */
const PARTS = new Set(['requestContext']);

/** The other keys of a REST API's proxy event: what they hold depends on the request. Any key not listed is absent. */
const EVENT_KEYS = new Set(['multiValueHeaders', 'queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'stageVariables', 'body', 'isBase64Encoded']);

/** `event.<key>` (or `event['<key>']`, `event.get('<key>')`) below the event part `path`. */
export function eventMember(path: readonly string[], key: string, node: SyntaxNode, src: SourceFile): AV {
  const full = [...path, key].join('.');
  if (path.length === 0 && key === 'headers') return { k: 'requestHeaders' };
  const fact = FACTS[full];
  if (fact) return { k: 'fact', text: { parts: [{ fact }] }, node, src };
  if (ABSENT.has(full)) return { k: 'none' };
  if (path.length === 0 && PARTS.has(key)) return { k: 'event', path: [key] };
  if (path.length === 0 && !EVENT_KEYS.has(key)) return { k: 'none' };
  return unknown(`the request's ${full}`);
}

/** A text from parts (literal strings and request facts): a string when every part is literal, a fact text otherwise, `undefined` when a part is neither. */
export function joinText(values: AV[], node: SyntaxNode, src: SourceFile, literal: (text: string) => AV): AV | undefined {
  const parts: FactText['parts'] = [];
  let factual = false;
  for (const v of values) {
    if (v.k === 'str') parts.push(v.value);
    else if (v.k === 'fact' && !v.text.case) {
      factual = true;
      parts.push(...v.text.parts);
    } else return undefined;
  }
  if (!factual) return literal(parts.join(''));
  return { k: 'fact', text: { parts: mergeLiterals(parts) }, node, src };
}

function mergeLiterals(parts: FactText['parts']): FactText['parts'] {
  const out: FactText['parts'] = [];
  for (const p of parts) {
    const last = out.at(-1);
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else if (p !== '') out.push(p);
  }
  return out;
}

/** `.toUpperCase()`, `.upper()`, `.toLowerCase()`, `.lower()` of a fact text. */
export function casedFact(v: Extract<AV, { k: 'fact' }>, method: string): AV | undefined {
  if (/^(toUpperCase|upper|toLocaleUpperCase)$/.test(method)) return { ...v, text: { ...v.text, case: 'upper' } };
  if (/^(toLowerCase|lower|toLocaleLowerCase|casefold)$/.test(method)) return { ...v, text: { ...v.text, case: 'lower' } };
  if (/^(trim|strip)$/.test(method)) return v;
  return undefined;
}

/** The members of a literal list, tuple or set of strings, or the keys of a plain object or dict (`in`, `includes`, `has`). */
export function listMembers(v: AV): string[] | undefined {
  if (v.k === 'list') {
    if (v.open) return undefined;
    const out: string[] = [];
    for (const item of v.items) {
      const s = item();
      if (s.k !== 'str') return undefined;
      out.push(s.value);
    }
    return out;
  }
  if (v.k === 'obj' && v.patches.every((p) => p.alias) && v.entries.every((e) => e.kind === 'pair')) {
    return v.entries.map((e) => (e.kind === 'pair' ? e.key : ''));
  }
  return undefined;
}

/**
 * `subject` is one of `values` (`===`, `==`, `in`, `includes`), as a guard for the branch where the test is
 * `positive`; `undefined` when the subject is not a request fact.
 */
export function membership(subject: AV, values: string[], positive: boolean): RequestGuard | undefined {
  if (subject.k !== 'fact') return undefined;
  const g: RequestGuard = { op: 'in', subject: subject.text, values };
  return positive ? g : negate(g);
}

/** `subject.startsWith(value)`, `.endsWith`, `.includes` (of a string), `value in subject` (Python), as a guard. */
export function stringTest(subject: AV, op: 'starts' | 'ends' | 'contains', value: string, positive: boolean): RequestGuard | undefined {
  if (subject.k !== 'fact') return undefined;
  const g: RequestGuard = { op, subject: subject.text, value };
  return positive ? g : negate(g);
}

/**
 * Whether a value is truthy, as a guard: the conditions of its truthy alternatives (for `positive`) or of its falsy
 * ones. `undefined` when it cannot be told (an alternative whose truth is unknown), or when no alternative is guarded.
 */
export function truthGuard(v: AV, positive: boolean): RequestGuard | undefined {
  const options = v.k === 'alts' ? v.alts : [v];
  if (!options.some((o) => o.k === 'guarded')) return undefined;
  const matching: Array<RequestGuard | undefined> = [];
  for (const o of options) {
    const inner = o.k === 'guarded' ? o.value : o;
    const t = truthy(inner);
    if (t === undefined) return undefined;
    if (t === positive) matching.push(o.k === 'guarded' ? o.when : undefined);
  }
  return anyOf(matching);
}

function truthy(v: AV): boolean | undefined {
  switch (v.k) {
    case 'none':
      return false;
    case 'fn':
    case 'obj':
    case 'module':
    case 'middy':
    case 'event':
      return true;
    case 'str':
      return v.value !== '';
    default:
      return undefined;
  }
}

/**
 * A dispatch table read with a request fact as the key (`ROUTES[`${method} ${resource}`]`, `handlers.get(method)`):
 * each entry's value for the requests whose key it is, and `missing` for the others (`undefined`: none, as Python's
 * `[]` raises). `undefined` when the table is not a plain object of literal keys.
 */
export function dispatch(table: AV, key: Extract<AV, { k: 'fact' }>, missing: AV | undefined): AV | undefined {
  // an entry read into another name (`const route = routes[method]`) leaves the table's keys as they are
  if (table.k !== 'obj' || table.patches.some((p) => !p.alias)) return undefined;
  const plain: AV = { ...table, patches: [] };
  const keys: string[] = [];
  const out: AV[] = [];
  for (const e of table.entries) {
    if (e.kind !== 'pair') return undefined;
    if (keys.includes(e.key)) continue;
    keys.push(e.key);
  }
  // later pairs of the same key win, as in the runtime
  for (const k of keys) {
    const r = getEntry(plain, k, false);
    if (!('found' in r)) return undefined;
    out.push(guarded(r.found, membership(key, [k], true)));
  }
  if (missing) out.push(guarded(missing, membership(key, keys, false)));
  if (out.length === 0) return unknown('an empty dispatch table');
  return alts(out);
}

export { allOf, anyOf, negate };
