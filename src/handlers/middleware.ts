/**
 * What a CORS middleware's options make of `Access-Control-Allow-Origin` and `Access-Control-Allow-Credentials`,
 * whatever the framework: one origin (a literal), `*`, the request's origin sent back (`origin: true`), an
 * allow-list (the response carries the request's origin when it is on the list, so one listed origin is that
 * literal), or something chosen at run time (a function, a pattern). Both readers' framework support turns the
 * options they find into these values and asks for a verdict here.
 */
import type { SyntaxNode } from './grammars.js';
import type { SourceFile } from './source.js';
import type { HandlerOrigin } from './types.js';
import { classifyOrigin, type AV, type FrameworkVerdict } from './values.js';

/** The middleware's origin option: a value, `absent` (the option is not given), or unknown (with why). */
export type OriginOption = { value: AV } | { absent: true } | { unknown: string };

export interface CorsMiddleware {
  /** What to call it in notes: "the cors middleware", "CORSConfig". */
  what: string;
  origin: OriginOption;
  /** Further allowed origins beside `origin` (Powertools' `extra_origins`). */
  extra?: AV;
  credentials?: OriginOption;
  /** Where the middleware is configured. */
  at: { node: SyntaxNode; src: SourceFile };
  /** What the middleware sends when no origin is given: an origin (`*`), or a note why it sends none or is unknown. */
  whenAbsent: { origin: string } | { unknown: string };
}

function truthy(v: AV): boolean | undefined {
  if (v.k === 'other') return v.what === 'true' || v.what === 'True' ? true : v.what === 'false' || v.what === 'False' ? false : undefined;
  if (v.k === 'none') return false;
  return undefined;
}

/** The string values of a list (each item a literal string), or `undefined`. */
function listStrings(v: AV): Array<Extract<AV, { k: 'str' }>> | undefined {
  if (v.k !== 'list' || v.open) return undefined;
  const out: Array<Extract<AV, { k: 'str' }>> = [];
  for (const item of v.items) {
    const s = item();
    if (s.k !== 'str') return undefined;
    out.push(s);
  }
  return out;
}

/** The origins a middleware's options allow, as the handler analysis records them. */
function originsOf(m: CorsMiddleware): HandlerOrigin[] | 'none' | { unknown: string } {
  const loc = m.at.src.loc(m.at.node);
  if ('unknown' in m.origin) return { unknown: m.origin.unknown };
  // each allowed origin: a string value written in the code (pointed at), or the middleware's default
  let values: Array<Extract<AV, { k: 'str' }> | string>;
  if ('absent' in m.origin) {
    if ('unknown' in m.whenAbsent) return { unknown: m.whenAbsent.unknown };
    values = [m.whenAbsent.origin];
  } else {
    const v = m.origin.value;
    const flag = truthy(v);
    if (flag === true) return [{ kind: 'reflected', loc: m.at.src.loc(m.at.node, ['origin', 'request']), how: `${m.what} with origin: true` }];
    if (flag === false) return 'none';
    const list = v.k === 'str' ? [v] : listStrings(v);
    if (!list) {
      if (v.k === 'alts' && v.alts.every((a) => a.k === 'str')) return classifyOrigin(v, m.at);
      return [{ kind: 'dynamic', loc, reason: `chosen by ${m.what} for each request` }];
    }
    values = list;
  }
  if (m.extra) {
    const extra = listStrings(m.extra);
    if (!extra) return [{ kind: 'dynamic', loc, reason: `chosen by ${m.what} from an allow-list` }];
    values = [...values, ...extra];
  }
  const text = (v: Extract<AV, { k: 'str' }> | string) => (typeof v === 'string' ? v : v.value);
  const distinct = [...new Map(values.map((v) => [text(v), v])).values()];
  const one = (v: Extract<AV, { k: 'str' }> | string): HandlerOrigin[] =>
    typeof v === 'string' ? [{ kind: 'literal', value: v, loc: m.at.src.loc(m.at.node, ['origin', v]) }] : classifyOrigin(v, m.at);
  const star = distinct.find((v) => text(v) === '*');
  if (star !== undefined) return one(star);
  if (distinct.length === 1) return one(distinct[0]!);
  if (distinct.length === 0) return 'none';
  return [{ kind: 'dynamic', loc, reason: `the request's origin when it is one of ${distinct.map(text).join(', ')}` }];
}

/** The verdict of a CORS middleware on every response it answers. */
export function corsMiddlewareVerdict(m: CorsMiddleware): FrameworkVerdict {
  const origins = originsOf(m);
  if (origins === 'none') return { allowOrigin: 'missing', note: `${m.what} allows no origin` };
  if ('unknown' in origins) return { allowOrigin: 'unknown', note: origins.unknown };
  const out: FrameworkVerdict = { allowOrigin: 'present', note: `${m.what} sets Access-Control-Allow-Origin`, origins };
  const c = m.credentials;
  if (!c || 'absent' in c) out.credentials = false;
  else if ('value' in c) {
    const flag = truthy(c.value);
    if (flag !== undefined) out.credentials = flag;
  }
  return out;
}
