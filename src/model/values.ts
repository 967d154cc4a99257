/**
 * Small readers over model values shared by the builders and the rules: REST mapping expressions, header and
 * method lists, credentials.
 */
import type { Loc } from '../types.js';
import type { CorsPolicy, Mapping, Scalar, SettingVal, Surface, Val } from './types.js';

const SOURCE_EXPRESSION =
  /^(method\.request\.(header|querystring|path|multivalueheader|multivaluequerystring)\.[^\s']+|integration\.response\.(header|multivalueheader)\.[^\s']+|integration\.response\.body(\.[^\s']*)?|stageVariables\.[^\s']+|context\.[^\s']+)$/;

/** Parses an API Gateway REST mapping expression. */
export function parseMapping(raw: Scalar): Mapping {
  const text = raw === null ? '' : String(raw);
  if (typeof raw === 'string' && text.length >= 2 && text.startsWith("'") && text.endsWith("'")) {
    return { raw: text, kind: 'literal' };
  }
  if (typeof raw === 'string' && SOURCE_EXPRESSION.test(text.trim())) {
    return { raw: text, kind: 'source', source: text.trim() };
  }
  return { raw: text, kind: 'unquoted' };
}

/**
 * Turns a value of a REST header setting into what it means: the literal inside the quotes, the text as written
 * for an unquoted literal (the intent is clear even though the deployment will fail), or an unknown for a
 * source expression (the value comes from the request or the integration at run time).
 */
export function restSetting(val: Val<Scalar>): SettingVal<Scalar> {
  if (!val.known) return val;
  const mapping = parseMapping(val.value);
  if (mapping.kind === 'literal') return { ...val, value: mapping.raw.slice(1, -1), raw: val.value, mapping };
  if (mapping.kind === 'source') {
    return {
      known: false,
      reason: `taken from ${mapping.source} at run time`,
      loc: val.loc,
      via: val.via,
      when: val.when,
      raw: val.value,
      mapping,
    };
  }
  return { ...val, raw: val.value, mapping };
}

/** Splits a comma-separated header or method list (`'GET, POST'`) into trimmed, non-empty items. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Every item of a list setting as text: list entries, and the items of comma-separated REST values. */
export function listItems(values: readonly SettingVal<Scalar>[]): Array<{ item: string; val: SettingVal<Scalar> }> {
  const out: Array<{ item: string; val: SettingVal<Scalar> }> = [];
  for (const val of values) {
    if (!val.known || val.value === null) continue;
    for (const item of splitList(String(val.value))) out.push({ item, val });
  }
  return out;
}

/** True when a credentials value makes the surface send `Access-Control-Allow-Credentials: true`. */
export function credentialValueEnabled(policy: CorsPolicy, val: SettingVal<Scalar>): boolean {
  if (!val.known) return false;
  if (policy.source === 'sam-cors') return val.value === true; // SAM emits the header only for boolean true
  if (policy.source === 'rest-options') return val.value === 'true';
  return val.value === true || val.value === 'true';
}

/** The credentials values of a policy that enable credentials. */
export function enabledCredentials(policy: CorsPolicy): SettingVal<Scalar>[] {
  return policy.credentials.filter((v) => credentialValueEnabled(policy, v));
}

export function locAt(loc: Loc, ...keys: Array<string | number>): Loc {
  return { file: loc.file, path: [...loc.path, ...keys] };
}

/** True when a value reached its resource from SAM `Globals` (the merge leaves an "inherited from Globals" note). */
export function fromGlobals(value: { via?: readonly { note: string }[] }): boolean {
  return (value.via ?? []).some((v) => v.note.startsWith('inherited from Globals'));
}

/**
 * The origins one allowed-origin value holds: one normally, several when they are separated by commas, or by
 * spaces between values that each look like an origin (`https://a.example.com https://b.example.com`).
 */
export function originParts(text: string): string[] {
  const parts = text.split(/[\s,]+/).filter((s) => s.length > 0);
  if (text.includes(',')) return parts;
  const origins = parts.filter((p) => p.includes('://') || p === '*' || p === 'null');
  return origins.length > 1 ? parts : [text.trim()];
}

/** The number a max-age value means (`600`, `'600'` as a REST literal, `"600"`), when it is a whole number. */
export function maxAgeSeconds(val: SettingVal<Scalar>): number | undefined {
  if (!val.known) return undefined;
  if (typeof val.value === 'number') return Number.isInteger(val.value) ? val.value : undefined;
  if (typeof val.value === 'string' && /^\s*-?\d+\s*$/.test(val.value)) return Number(val.value);
  return undefined;
}

/** What is wrong with an allowed origin, compared with the form browsers send (WHATWG URL serialisation). */
export interface OriginFlaw {
  /** Each difference, worded to follow "which": `has a trailing slash`, `has a path ('/api')`. */
  problems: string[];
  /** The origin as a browser would send it, when it can be told (`*` kept where the value has one). */
  canonical?: string;
}

const WILDCARD = 'cors-lint-wildcard';
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** Host, port and the rest of an origin as written, without parsing it as a URL (for case and port checks). */
function authorityOf(text: string): { host: string; port?: string; rest: string } {
  const afterScheme = text.replace(SCHEME, '');
  const end = afterScheme.search(/[/?#]/);
  const authority = end < 0 ? afterScheme : afterScheme.slice(0, end);
  const rest = end < 0 ? '' : afterScheme.slice(end);
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const m = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(hostPort);
  return { host: m?.[1] ?? hostPort, port: m?.[2], rest };
}

/**
 * Compares a literal origin with its WHATWG URL serialisation (`new URL(v).origin`), the exact text a browser
 * puts in `Origin`. Returns `undefined` when they agree, and for what this check cannot judge: `*` and `null`
 * (other rules), several origins in one value, schemes other than http and https (app and extension origins),
 * and patterns with `*` that do not parse. With `schemeOptional`, a value without a scheme is not a flaw
 * (CloudFront takes domain names).
 */
export function originFlaw(text: string, options: { schemeOptional?: boolean } = {}): OriginFlaw | undefined {
  if (text === '*' || text === 'null') return undefined;
  if (text.trim() === '') return { problems: ['is empty'] };
  const problems: string[] = [];
  let value = text;
  if (value !== value.trim()) {
    problems.push('has spaces around it');
    value = value.trim();
  }
  if (value === '*' || value === 'null') return { problems, canonical: value };
  if (originParts(value).length > 1 || value.startsWith("'") || value.endsWith("'")) return undefined;
  const wildcard = value.includes('*');
  let parseable = value;
  const schemeless = !SCHEME.test(value);
  if (schemeless) {
    // S3 patterns without a scheme (`*.example.com`) can still match: the `*` may cover the scheme.
    if (wildcard && !options.schemeOptional) return problems.length > 0 ? { problems, canonical: value } : undefined;
    if (!options.schemeOptional) problems.push('has no scheme');
    parseable = `https://${value}`;
  }
  let url: URL;
  try {
    url = new URL(parseable.split('*').join(WILDCARD));
  } catch {
    if (wildcard) return undefined;
    return { problems: [...problems.filter((p) => p !== 'has no scheme'), 'is not a valid URL'] };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return problems.length > 0 ? { problems, canonical: value } : undefined;
  const serialised = url.origin.split(WILDCARD).join('*');
  const canonical = schemeless && options.schemeOptional ? serialised.replace(/^https:\/\//, '') : serialised;
  const written = authorityOf(parseable);
  const scheme = SCHEME.exec(parseable)![1]!;
  if (scheme !== scheme.toLowerCase()) problems.push('has an upper-case scheme');
  const host = written.host.split('*').join('');
  if (/[^\x00-\x7f]/.test(host)) problems.push(`has a Unicode host (browsers send '${url.hostname.split(WILDCARD).join('*')}')`);
  else if (host !== host.toLowerCase()) problems.push('has upper-case letters in the host');
  if (url.username || url.password) problems.push('has user information');
  if (written.port !== undefined && written.port === DEFAULT_PORTS[url.protocol]) problems.push(`has the default port ':${written.port}'`);
  else if (written.port === '') problems.push("has an empty port after ':'");
  if (url.pathname !== '/' && url.pathname !== '') problems.push(`has a path ('${url.pathname.split(WILDCARD).join('*')}')`);
  else if (written.rest.startsWith('/') && !url.search && !url.hash) problems.push('has a trailing slash');
  if (url.search) problems.push(`has a query ('${url.search}')`);
  if (url.hash) problems.push(`has a fragment ('${url.hash}')`);
  if (problems.length === 0 && canonical !== value) problems.push('is not in the form browsers send');
  return problems.length > 0 ? { problems, canonical } : undefined;
}

/** Hosts whose plain-HTTP origins stay on the user's machine: `localhost`, `*.localhost`, 127.0.0.0/8, `[::1]`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(h) || h === '[::1]';
}

/** The scheme and host of an origin as written (lower case), or `undefined` when it has no `scheme://`. */
export function originHost(text: string): { scheme: string; host: string } | undefined {
  const value = text.trim();
  const m = SCHEME.exec(value);
  if (!m) return undefined;
  return { scheme: m[1]!.toLowerCase(), host: authorityOf(value).host.toLowerCase() };
}

/**
 * What a surface makes of an allowed origin with a `*` inside it (not `*` alone): `supported` (S3 with one `*`,
 * CloudFront with `*` as the leftmost label), `literal` (REST sends the value as written, so it matches nothing),
 * `too-many` (S3 refuses more than one `*`), `misplaced` (CloudFront refuses a `*` elsewhere), `scheme-wide`
 * (`https://*` or `http://*` on an HTTP API: every site on that scheme), `undocumented` (other HTTP API patterns,
 * function URLs). `undefined` when the value has no `*` in it, or is `*`.
 */
export type PatternSupport = 'supported' | 'literal' | 'too-many' | 'misplaced' | 'scheme-wide' | 'undocumented';

export function patternSupport(text: string, surface: Surface): PatternSupport | undefined {
  const value = text.trim();
  if (!value.includes('*') || value === '*') return undefined;
  const stars = value.split('*').length - 1;
  switch (surface) {
    case 'rest':
      return 'literal';
    case 's3':
      return stars <= 1 ? 'supported' : 'too-many';
    case 'cloudfront':
      return stars === 1 && /^([a-z][a-z0-9+.-]*:\/\/)?\*\.[^*/]+$/i.test(value) ? 'supported' : 'misplaced';
    case 'http':
      return /^https?:\/\/\*$/i.test(value) ? 'scheme-wide' : 'undocumented';
    case 'function-url':
      return 'undocumented';
  }
}
