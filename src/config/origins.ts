/**
 * Origin patterns of an allowed-origins policy, and whether an origin a template allows is covered by them.
 *
 * A pattern is `*` (any origin), `null`, an exact origin (`https://app.example.com`, `http://localhost:3000`),
 * or a subdomain pattern (`https://*.example.com`: any host below example.com, at any depth, but not
 * example.com itself). A port of `*` allows any port. Scheme and host compare without case, and a default port
 * (`:443` for https, `:80` for http) is the same as none, as browsers serialise origins.
 */

export type OriginPattern =
  | { kind: 'any'; text: string }
  | { kind: 'null'; text: string }
  | { kind: 'origin'; text: string; scheme: string; host: string; port: string; subdomains: boolean };

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443', ws: '80', wss: '443' };

const SHAPE = /^([a-z][a-z0-9+.-]*):\/\/(\*\.)?([^/?#\s*:[\]]+|\[[0-9a-f:.]+\])(?::([0-9]{1,5}|\*))?$/i;

/** Parses a policy entry; `error` says why an entry is not a pattern (used for configuration errors). */
export function parseOriginPattern(text: string): { pattern?: OriginPattern; error?: string } {
  const value = text.trim();
  if (value === '*') return { pattern: { kind: 'any', text } };
  if (value === 'null') return { pattern: { kind: 'null', text } };
  const m = SHAPE.exec(value);
  if (!m) {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return { error: 'has no scheme: write it as https://host' };
    if (/^[^:]+:\/\/[^/]+\/./.test(value) || /[?#]/.test(value)) return { error: 'has a path: an origin is scheme://host[:port] only' };
    if (/\/$/.test(value)) return { error: "ends with '/': an origin has no trailing slash" };
    return { error: "is not an origin or a pattern such as 'https://*.example.com'" };
  }
  const scheme = m[1]!.toLowerCase();
  const host = m[3]!.toLowerCase();
  let port = m[4] ?? '';
  if (port !== '' && port !== '*' && Number(port) > 65535) return { error: 'has a port above 65535' };
  if (port === DEFAULT_PORTS[scheme]) port = '';
  return { pattern: { kind: 'origin', text, scheme, host, port, subdomains: m[2] !== undefined } };
}

/** Parses every entry, dropping those that are not patterns (the configuration loader has refused them). */
export function parseOriginPatterns(list: readonly string[]): OriginPattern[] {
  return list.flatMap((text) => {
    const { pattern } = parseOriginPattern(text);
    return pattern ? [pattern] : [];
  });
}

function hostCovered(host: string, pattern: { host: string; subdomains: boolean }): boolean {
  return pattern.subdomains ? host.endsWith(`.${pattern.host}`) : host === pattern.host;
}

function portCovered(port: string, pattern: { port: string }): boolean {
  return pattern.port === '*' || pattern.port === port;
}

/**
 * Whether an origin value that a template allows is covered by the policy: `true`, `false`, or `undefined` when
 * the value is not an origin at all (`www.example.com`, a path): other rules report those, and such a value
 * allows no browser origin.
 */
export function originCovered(value: string, patterns: readonly OriginPattern[]): boolean | undefined {
  const text = value.trim();
  if (patterns.some((p) => p.kind === 'any')) return true;
  if (text === '*') return false;
  if (text === 'null') return patterns.some((p) => p.kind === 'null');
  const parsed = parseOriginPattern(text).pattern;
  if (!parsed || parsed.kind !== 'origin') {
    // A wildcard the pattern syntax does not know (`https://*`, `https://www.*.com`) allows more than any entry.
    if (/^[a-z][a-z0-9+.-]*:\/\/\S*\*/i.test(text)) return false;
    // Not a pattern: perhaps an origin with a path or trailing slash, which a browser never matches.
    return undefined;
  }
  return patterns.some(
    (p) =>
      p.kind === 'origin' &&
      p.scheme === parsed.scheme &&
      (parsed.subdomains
        ? p.subdomains && (parsed.host === p.host || parsed.host.endsWith(`.${p.host}`))
        : hostCovered(parsed.host, p)) &&
      (parsed.port === '*' ? p.port === '*' : portCovered(parsed.port, p)),
  );
}
