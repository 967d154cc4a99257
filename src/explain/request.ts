/** The question `explain` answers: a page's request, read from what the user types. */
import { isForbiddenRequestHeader, isToken } from '../simulate/grammar.js';
import type { CredentialsMode, PageRequest } from '../simulate/types.js';

/** The question `explain` answers: a page's request (see `PageRequest`). */
export type ExplainRequest = PageRequest;

/** A question that cannot be asked as written; the message is one line. */
export class RequestError extends Error {}

/** Reads an origin as the browser would send it; notes when the written form is not the serialised one. */
export function parseOrigin(text: string): { origin: string; note?: string } {
  const trimmed = text.trim();
  if (trimmed === 'null') return { origin: 'null' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new RequestError(`--origin '${text}' is not an origin; write it as scheme://host[:port], e.g. https://app.example.com`);
  }
  if (url.origin === 'null') throw new RequestError(`--origin '${text}' has no tuple origin (only http and https pages make CORS requests to an API)`);
  if (url.origin !== trimmed) return { origin: url.origin, note: `the browser sends the origin '${url.origin}', not '${text}'` };
  return { origin: url.origin };
}

export function parseMethod(text: string): string {
  const m = text.trim();
  if (!isToken(m)) throw new RequestError(`--method '${text}' is not an HTTP method`);
  if (['CONNECT', 'TRACE', 'TRACK'].includes(m.toUpperCase())) throw new RequestError(`--method ${m}: fetch() refuses this method`);
  return m;
}

export function parsePath(text: string): string {
  const p = text.trim();
  if (!p.startsWith('/')) throw new RequestError(`--path '${text}' must start with '/', e.g. /orders/42`);
  if (/\s/.test(p)) throw new RequestError(`--path '${text}' contains white space`);
  return p.split('?')[0]!.split('#')[0]!;
}

const SAMPLE_VALUES: Record<string, string> = {
  authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln',
  'content-type': 'application/json',
  'x-api-key': 'api-key',
  'x-amz-date': '20260101T000000Z',
  'x-amz-security-token': 'session-token',
  accept: 'application/json',
};

/** `Name` or `Name: value`; a name alone gets a typical value (`Content-Type` → `application/json`). */
export function parseHeader(text: string): { header: [string, string]; note?: string } {
  const i = text.indexOf(':');
  const name = (i < 0 ? text : text.slice(0, i)).trim();
  if (!isToken(name)) throw new RequestError(`--header '${text}': '${name}' is not a header name`);
  if (isForbiddenRequestHeader(name)) {
    throw new RequestError(`--header ${name}: a script cannot set this header (fetch drops it); the browser decides it`);
  }
  if (i >= 0) return { header: [name, text.slice(i + 1).trim()] };
  const value = SAMPLE_VALUES[name.toLowerCase()] ?? 'value';
  return { header: [name, value] };
}

export function parseCredentials(text: string): CredentialsMode {
  if (text === 'include' || text === 'same-origin' || text === 'omit') return text;
  throw new RequestError(`--credentials '${text}': expected include, same-origin or omit`);
}
