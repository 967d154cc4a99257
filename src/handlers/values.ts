/**
 * The abstract values the handler readers compute: just enough of JavaScript and Python to tell whether a
 * response object carries an `Access-Control-Allow-Origin` header. Anything the readers do not follow becomes
 * `unknown`, and an unknown never turns into a finding.
 */
import { allOf, type FactText, type RequestGuard } from '../model/request-guard.js';
import type { Via } from '../types.js';
import type { SyntaxNode } from './grammars.js';
import type { SourceFile } from './source.js';
import type { HandlerOrigin, HandlerResponse } from './types.js';

export type Lazy = () => AV;

/** Memoises a lazy value. */
export function lazy(fn: () => AV): Lazy {
  let done = false;
  let value: AV;
  return () => {
    if (!done) {
      done = true;
      value = { k: 'unknown', reason: 'a value that refers to itself' };
      value = fn();
    }
    return value;
  };
}

export type Entry =
  | { kind: 'pair'; key: string; node: SyntaxNode; value: Lazy }
  | { kind: 'spread'; node?: SyntaxNode; value: Lazy }
  | { kind: 'open'; node: SyntaxNode; reason: string };

/** A change made to an object after it was built: `x.headers['A'] = v`, `Object.assign(x, …)`, `x.update(…)`, or something unreadable. */
export interface Patch {
  path: string[];
  /** `default`: set only where the key is not there yet (`d.setdefault(k, v)`, `o.k ??= v`, `o.k ||= v`). */
  kind: 'set' | 'merge' | 'open' | 'default';
  value?: Lazy;
  reason?: string;
  /** Where a `set` is written. */
  at?: { node: SyntaxNode; src: SourceFile };
  /**
   * For an `open` change made by calling a method of the object (`helpers.ok(…)`): the method. Calling a function
   * of the object that never uses `this` (an arrow function, a helper stored as a property) changes nothing.
   */
  method?: string;
  /** An `open` change because the object (or a part of it) is also held by another name, which may change it. */
  alias?: boolean;
}

/** How a response is answered by a framework or middleware rather than by the handler's own return value. */
export interface FrameworkVerdict {
  /** `missing`: the framework answers without the header (no CORS configured, nothing in the code sets it). */
  allowOrigin: 'present' | 'missing' | 'unknown';
  note: string;
  origins?: HandlerOrigin[];
  /** Whether it sends `Access-Control-Allow-Credentials: true` (false: never; absent: cannot tell). */
  credentials?: boolean;
}

export type AV =
  | { k: 'obj'; node?: SyntaxNode; src?: SourceFile; entries: Entry[]; patches: Patch[]; via: Via[] }
  | { k: 'str'; value: string; node: SyntaxNode; src: SourceFile; via: Via[] }
  /** The request's `Origin` header; `checked` when the code compares it with something. */
  | { k: 'origin'; node: SyntaxNode; src: SourceFile; checked: boolean; via: Via[] }
  /** The Lambda event (`path`: a part of it, such as `requestContext`), and its `headers`. */
  | { k: 'event'; path?: string[] }
  | { k: 'requestHeaders' }
  /** A text made of request facts (the method, the resource, the path) and literal parts. */
  | { k: 'fact'; text: FactText; node: SyntaxNode; src: SourceFile }
  /** A value the code gives only for requests that meet `when` (a dispatch table's entry, a helper's guarded return). */
  | { k: 'guarded'; when: RequestGuard; value: AV }
  /** The handler's callback parameter (Node.js callback-style handlers). */
  | { k: 'callback' }
  | { k: 'alts'; alts: AV[] }
  /** A list, tuple or set written out (`open`: with a spread or a comprehension, so its items are not all known). */
  | { k: 'list'; node: SyntaxNode; items: Lazy[]; open: boolean }
  /**
   * A function: `closure`, the parameter values of the calls it was made in (a function returned by a wrapper sees
   * the wrapper's parameters); `preset`, parameters already given (a middleware factory's handler).
   */
  | { k: 'fn'; node: SyntaxNode; src: SourceFile; name: string; importDepth: number; closure?: Map<string, Map<string, Lazy>>; preset?: Map<string, Lazy> }
  /** Powertools' `lambda_handler_decorator(middleware)`: decorating a handler with it gives the middleware with the handler as its first parameter. */
  | { k: 'middleware'; fn: Extract<AV, { k: 'fn' }> }
  | { k: 'module'; src: SourceFile; importDepth: number }
  /** Something imported from a package: the package name and the member path below it. */
  | { k: 'pkg'; name: string; path: string[] }
  /** An object made by calling a package's function or constructor (`new Router()`, `express()`). */
  | { k: 'instance'; of: { name: string; path: string[] }; node: SyntaxNode; src: SourceFile }
  | { k: 'framework'; verdict: FrameworkVerdict; node: SyntaxNode; src: SourceFile }
  /** A handler wrapped with middy, and the CORS middleware it uses, if any. */
  | {
      k: 'middy';
      node: SyntaxNode;
      src: SourceFile;
      inner?: Lazy;
      cors?: { node: SyntaxNode; src: SourceFile; options: Lazy };
      /** Other middlewares in the chain that may set response headers (their hooks are not read). */
      headers?: string;
    }
  | { k: 'none' }
  | { k: 'other'; what: string }
  | { k: 'unknown'; reason: string };

export const unknown = (reason: string): AV => ({ k: 'unknown', reason });

/** `value`, given only for requests that meet `when` (no guard: the value itself). */
export function guarded(value: AV, when: RequestGuard | undefined): AV {
  if (!when) return value;
  if (value.k === 'alts') return alts(value.alts.map((a) => guarded(a, when)));
  if (value.k === 'guarded') return { k: 'guarded', when: allOf(when, value.when)!, value: value.value };
  return { k: 'guarded', when, value };
}

/** The value without the conditions it is given under (for questions where they do not matter). */
export function unguard(value: AV): AV {
  if (value.k === 'guarded') return unguard(value.value);
  if (value.k === 'alts' && value.alts.some((a) => a.k === 'guarded')) return alts(value.alts.map(unguard));
  return value;
}

/** Applies `fn` to each alternative of a value, keeping the conditions each is given under. */
export function mapGuarded(value: AV, fn: (v: AV) => AV): AV {
  if (value.k === 'guarded') return guarded(mapGuarded(value.value, fn), value.when);
  if (value.k === 'alts' && value.alts.some((a) => a.k === 'guarded')) return alts(value.alts.map((a) => mapGuarded(a, fn)));
  return fn(value);
}

/** More alternative values than this (code that doubles its choices line after line) are not followed. */
export const MAX_ALTS = 256;

export function alts(values: AV[]): AV {
  // the same value reached on two paths is one alternative (so `a = c ? a : a`, written many times, stays one)
  const flat = [...new Set(values.flatMap((v) => (v.k === 'alts' ? v.alts : [v])))];
  if (flat.length === 1) return flat[0]!;
  if (flat.length > MAX_ALTS) return unknown(`too complex (more than ${MAX_ALTS} alternative values)`);
  return { k: 'alts', alts: flat };
}

/** A key's value, and where the key is written (the pair, or the assignment that sets it) when known. */
export type Lookup = { found: AV; at?: { node: SyntaxNode; src: SourceFile } } | { absent: true } | { unknown: string };

const isFound = (l: Lookup): l is { found: AV } => 'found' in l;
const isAbsent = (l: Lookup): l is { absent: true } => 'absent' in l;

/** The object `v` with changes applied after it was built. */
export function withPatches(v: AV, patches: Patch[]): AV {
  if (patches.length === 0) return v;
  if (v.k === 'obj') return { ...v, patches: [...v.patches, ...patches] };
  if (v.k === 'alts') return alts(v.alts.map((a) => withPatches(a, patches)));
  if (v.k === 'none') return { k: 'obj', entries: [], patches, via: [] };
  const base = v;
  return { k: 'obj', entries: [{ kind: 'spread', value: () => base }], patches, via: [] };
}

/**
 * Looks a key up in an object value, as the runtime would see it: later keys and spreads win, changes made
 * after the object was built win over its literal. `ci` compares keys without case (header names).
 */
export function getEntry(v: AV, key: string, ci: boolean): Lookup {
  // Values are never changed once made (patches make new ones), so a lookup can be remembered: without this, an
  // object spread twice into the next, many times over, takes exponential time to search for a missing key.
  if (v.k !== 'obj') return lookup(v, key, ci);
  const memoKey = `${ci ? 'i' : 's'}${key}`;
  let memo = lookups.get(v);
  const known = memo?.get(memoKey);
  if (known) return known;
  if (!memo) lookups.set(v, (memo = new Map()));
  // a value that contains itself (through a spread of a name changed later) ends here instead of looping
  memo.set(memoKey, { unknown: 'a value that refers to itself' });
  const result = lookup(v, key, ci);
  memo.set(memoKey, result);
  return result;
}

const lookups = new WeakMap<AV, Map<string, Lookup>>();

function lookup(v: AV, key: string, ci: boolean): Lookup {
  const match = (k: string) => (ci ? k.toLowerCase() === key.toLowerCase() : k === key);
  switch (v.k) {
    case 'alts': {
      const results = v.alts.map((a) => getEntry(a, key, ci));
      const unknownResult = results.find((r): r is { unknown: string } => 'unknown' in r);
      if (unknownResult) return unknownResult;
      if (results.every(isFound)) return { found: alts(results.map((r) => r.found)) };
      if (results.every(isAbsent)) return { absent: true };
      return { unknown: `'${key}' is set on some paths only` };
    }
    case 'obj': {
      const sub: Patch[] = [];
      for (let i = v.patches.length - 1; i >= 0; i--) {
        const p = v.patches[i]!;
        if (p.path.length === 0) {
          if (p.kind === 'open' && p.method !== undefined && selfFree(v, p.method)) continue;
          if (p.kind === 'open') return { unknown: p.reason ?? 'changed by code that is not read' };
          if (p.kind === 'merge') {
            const r = getEntry(p.value!(), key, ci);
            if (isFound(r)) return { found: withPatches(r.found, sub) };
            if (!isAbsent(r)) return r;
          }
          continue;
        }
        if (!match(p.path[0]!)) continue;
        if (p.path.length === 1) {
          if (p.kind === 'set') return { found: withPatches(p.value!(), sub), at: p.at };
          if (p.kind === 'default') {
            const before = getEntry({ ...v, patches: v.patches.slice(0, i) }, key, ci);
            if ('absent' in before) return { found: withPatches(p.value!(), sub), at: p.at };
            return 'found' in before ? { found: withPatches(before.found, sub), at: before.at } : before;
          }
          if (p.kind === 'open') return { unknown: p.reason ?? 'changed by code that is not read' };
          sub.unshift({ ...p, path: [] });
          continue;
        }
        sub.unshift({ ...p, path: p.path.slice(1) });
      }
      for (let i = v.entries.length - 1; i >= 0; i--) {
        const e = v.entries[i]!;
        if (e.kind === 'pair') {
          if (match(e.key)) return { found: withPatches(e.value(), sub), at: v.src ? { node: e.node, src: v.src } : undefined };
          continue;
        }
        if (e.kind === 'open') return { unknown: e.reason };
        const r = getEntry(e.value(), key, ci);
        if (isFound(r)) return { found: withPatches(r.found, sub) };
        if (!isAbsent(r)) return r;
      }
      if (sub.length > 0) return { found: withPatches({ k: 'none' }, sub) };
      return { absent: true };
    }
    case 'none':
      return { absent: true };
    case 'guarded':
      return getEntry(v.value, key, ci);
    case 'unknown':
      return { unknown: v.reason };
    case 'requestHeaders':
      return { unknown: 'the request headers' };
    default:
      return { unknown: `not an object (${describe(v)})` };
  }
}

/** Whether the object's own member `method` is a function that does not use `this` (so calling it changes nothing). */
function selfFree(v: Extract<AV, { k: 'obj' }>, method: string): boolean {
  const r = getEntry({ ...v, patches: [] }, method, false);
  if (!('found' in r) || r.found.k !== 'fn') return false;
  const fn = r.found.node;
  return fn.type === 'arrow_function' || !/\bthis\b/.test(fn.text);
}

export function describe(v: AV): string {
  switch (v.k) {
    case 'obj':
      return 'an object';
    case 'str':
      return `'${v.value}'`;
    case 'origin':
      return "the request's Origin";
    case 'unknown':
      return v.reason;
    case 'other':
      return v.what;
    case 'pkg':
      return `${[v.name, ...v.path].join('.')}`;
    case 'instance':
      return `the result of ${[v.of.name, ...v.of.path].join('.')}() from a package that is not read`;
    case 'list':
      return 'a list';
    case 'fact':
      return `the request's ${v.text.parts.map((p) => (typeof p === 'string' ? p : p.fact)).join('')}`;
    case 'guarded':
      return describe(v.value);
    default:
      return v.k;
  }
}

const RESPONSE_KEYS = ['statusCode', 'headers', 'multiValueHeaders', 'body'];
export const ACAO = 'access-control-allow-origin';

export interface ResponseContext {
  /** Where the return is, for responses that have no object literal of their own. */
  at: SyntaxNode;
  src: SourceFile;
  via: Via[];
  /** A stable name for fingerprints: the handler function's name. */
  name: string;
  /** The condition on the request under which the code gets to this value. */
  when?: RequestGuard;
}

/** Whether the origin values of a header are literal, reflected or something else. */
export function classifyOrigin(v: AV, fallback: { node: SyntaxNode; src: SourceFile }, at?: { node: SyntaxNode; src: SourceFile }): HandlerOrigin[] {
  if (v.k === 'alts') return v.alts.flatMap((a) => classifyOrigin(a, fallback, at));
  if (v.k === 'str') {
    if (v.src?.inline?.substitutions && v.value.includes('${')) {
      return [{ kind: 'dynamic', loc: v.src.loc(v.node), reason: 'filled in by Fn::Sub at deployment' }];
    }
    return [{ kind: 'literal', value: v.value, loc: v.src.loc(v.node, ['origin', v.value]), via: v.via }];
  }
  if (v.k === 'origin') {
    const read = v.src.loc(v.node, ['origin', 'request']);
    if (v.checked) return [{ kind: 'dynamic', loc: read, reason: "the request's Origin, compared with something first" }];
    // Point at where the header is set, with where the Origin is read as a related place.
    const where = at ? at.src.loc(at.node, ['origin', 'request']) : read;
    const via = at && where.range?.line !== read.range?.line ? [...v.via, { loc: read, note: "the request's Origin is read here" }] : v.via;
    return [{ kind: 'reflected', loc: where, via, how: v.node.text.replace(/\s+/g, ' ').slice(0, 80) }];
  }
  const node = 'node' in v && v.node ? v.node : fallback.node;
  const src = 'src' in v && v.src ? v.src : fallback.src;
  return [{ kind: 'dynamic', loc: src.loc(node), reason: describe(v) }];
}

function statusText(v: AV): string | undefined {
  if (v.k === 'str') return v.value;
  if (v.k === 'other' && /^\d{3}$/.test(v.what)) return v.what;
  return undefined;
}

/** Reads what a returned value means as a Lambda proxy response. One entry per path (alternatives give several). */
export function responseFacts(v: AV, ctx: ResponseContext, ordinal: { n: number }): HandlerResponse[] {
  const nextPath = () => [ctx.name, 'response', ordinal.n++];
  const when = ctx.when ? { guard: ctx.when } : {};
  switch (v.k) {
    case 'alts':
      return v.alts.flatMap((a) => responseFacts(a, ctx, ordinal));
    case 'guarded':
      return responseFacts(v.value, { ...ctx, when: allOf(ctx.when, v.when) }, ordinal);
    case 'framework':
      return [
        {
          loc: v.src.loc(v.node, nextPath()),
          via: ctx.via,
          allowOrigin: v.verdict.allowOrigin,
          origins: v.verdict.origins,
          note: v.verdict.note,
          ...(v.verdict.credentials !== undefined && v.verdict.allowOrigin === 'present' ? { credentials: v.verdict.credentials } : {}),
          ...when,
        },
      ];
    case 'unknown':
      return [{ loc: ctx.src.loc(ctx.at, nextPath()), via: ctx.via, allowOrigin: 'unknown', note: v.reason, ...when }];
    case 'obj': {
      // A proxy response needs a statusCode (API Gateway answers 502 without one); a body alone is not read as one.
      const lookups = RESPONSE_KEYS.map((k) => getEntry(v, k, false));
      const node = v.node ?? ctx.at;
      const src = v.src ?? ctx.src;
      const loc = src.loc(node, nextPath());
      const via = [...ctx.via, ...v.via].filter((x, i, all) => all.indexOf(x) === i);
      if (!lookups.slice(0, 3).some(isFound)) {
        const why = lookups.find((l): l is { unknown: string } => 'unknown' in l);
        return why ? [{ loc, via, allowOrigin: 'unknown', note: why.unknown, ...when }] : [];
      }
      const status = getEntry(v, 'statusCode', false);
      const statusCode = isFound(status) ? statusText(status.found) : undefined;
      const [, headers, multi] = lookups;
      const fromHeaders = isFound(headers!) ? getEntry(headers.found, ACAO, true) : headers!;
      const fromMulti = isFound(multi!) ? getEntry(multi.found, ACAO, true) : multi!;
      for (const found of [fromHeaders, fromMulti]) {
        if (isFound(found) && found.found.k === 'none') {
          return [{ loc, via, allowOrigin: 'unknown', statusCode, note: 'Access-Control-Allow-Origin is set to nothing (undefined or None)', ...when }];
        }
        if (isFound(found)) {
          const acac = isFound(headers!) ? getEntry(headers.found, 'access-control-allow-credentials', true) : headers!;
          const acacMulti = isFound(multi!) ? getEntry(multi.found, 'access-control-allow-credentials', true) : multi!;
          // true: a literal 'true'; false: certainly not sent (in neither header map); undefined: cannot tell.
          const credentials = isFound(acac) && acac.found.k === 'str' && acac.found.value === 'true' ? true : isAbsent(acac) && isAbsent(acacMulti) ? false : undefined;
          return [{ loc, via, allowOrigin: 'present', statusCode, origins: classifyOrigin(found.found, { node, src }, found.at), credentials, ...when }];
        }
      }
      if (isAbsent(fromHeaders) && isAbsent(fromMulti)) return [{ loc, via, allowOrigin: 'missing', statusCode, ...when }];
      const why = [fromHeaders, fromMulti].find((l): l is { unknown: string } => 'unknown' in l);
      return [{ loc, via, allowOrigin: 'unknown', statusCode, note: why?.unknown ?? 'the headers cannot be read', ...when }];
    }
    default:
      // A string, a number, nothing: not a proxy response object (API Gateway answers 502 for those).
      return [];
  }
}

/** Decodes the escapes of a JavaScript or Python string literal body (the common ones). */
export function unescapeString(raw: string): string {
  return raw.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
    if (e.startsWith('u{')) return String.fromCodePoint(parseInt(e.slice(2, -1), 16));
    if (e.startsWith('u') && e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e.startsWith('x') && e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r', '0': '\0' } as Record<string, string>)[e] ?? e;
  });
}
