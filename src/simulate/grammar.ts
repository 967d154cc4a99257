/**
 * The parts of the Fetch standard's header grammar that decide CORS: safelisted methods and request headers,
 * forbidden request headers, method normalisation, header lists and origins.
 * Sources: https://fetch.spec.whatwg.org/ (§cors-safelisted-method, §cors-safelisted-request-header,
 * §forbidden-request-header, §concept-method-normalize, §cors-safelisted-response-header-name).
 */

export const SAFELISTED_METHODS = new Set(['GET', 'HEAD', 'POST']);

const NORMALIZED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];

/** Fetch normalises only these six methods to upper case; `patch` stays `patch`. */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.includes(upper) ? upper : method;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function isToken(text: string): boolean {
  return TOKEN.test(text);
}

/** Names a script cannot set; `fetch` drops them silently. */
const FORBIDDEN = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
]);

export function isForbiddenRequestHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return FORBIDDEN.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-');
}

function hasUnsafeByte(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
    if ('"():<>?@[\\]{}'.includes(value[i]!)) return true;
  }
  return false;
}

/** Whether one (name, value) pair is a CORS-safelisted request-header (before the 1024-byte total rule). */
export function isSafelistedRequestHeader(name: string, value: string): boolean {
  if (Buffer.byteLength(value, 'utf8') > 128) return false;
  switch (name.toLowerCase()) {
    case 'accept':
      return !hasUnsafeByte(value);
    case 'accept-language':
    case 'content-language':
      return /^[0-9A-Za-z *,\-.;=]*$/.test(value);
    case 'content-type': {
      if (hasUnsafeByte(value)) return false;
      const essence = value.split(';')[0]!.trim().toLowerCase();
      return ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'].includes(essence);
    }
    case 'range':
      return /^bytes=\d+-\d*$/.test(value) && rangeOk(value);
    default:
      return false;
  }
}

function rangeOk(value: string): boolean {
  const m = /^bytes=(\d+)-(\d*)$/.exec(value)!;
  return m[2] === '' || Number(m[1]) <= Number(m[2]);
}

/**
 * The CORS-unsafe request-header names of a header list: lower case, sorted, without duplicates. When the
 * safelisted values together exceed 1024 bytes, they all count as unsafe.
 */
export function unsafeHeaderNames(headers: ReadonlyArray<readonly [string, string]>): string[] {
  const unsafe = new Set<string>();
  const safelisted: string[] = [];
  let safeBytes = 0;
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (isSafelistedRequestHeader(lower, value)) {
      safelisted.push(lower);
      safeBytes += Buffer.byteLength(value, 'utf8');
    } else unsafe.add(lower);
  }
  if (safeBytes > 1024) for (const name of safelisted) unsafe.add(name);
  return [...unsafe].sort();
}

/** Response header names scripts may read without `Access-Control-Expose-Headers`. */
export const SAFELISTED_RESPONSE_HEADERS = new Set([
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
]);

/**
 * Parses a `#token` list such as `Access-Control-Allow-Methods` (`GET, PUT,,`): empty items are skipped; an
 * item that is not a token makes the whole header unparsable (`undefined`).
 */
export function parseTokenList(value: string): string[] | undefined {
  const out: string[] = [];
  for (const raw of value.split(',')) {
    const item = raw.replace(/^[ \t]+|[ \t]+$/g, '');
    if (item === '') continue;
    if (!isToken(item)) return undefined;
    out.push(item);
  }
  return out;
}

/** The ASCII serialisation of the origin of a URL, or `undefined` for a string that is not a URL. */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Whether a string parses as an absolute URL (Chromium's check for `InvalidAllowOriginValue`). */
export function isValidUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}
