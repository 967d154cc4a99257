/**
 * Small readers over model values shared by the builders and the rules: REST mapping expressions, header and
 * method lists, credentials.
 */
import type { Loc } from '../types.js';
import type { CorsPolicy, Mapping, Scalar, SettingVal, Val } from './types.js';

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
