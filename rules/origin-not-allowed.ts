import { originCovered, parseOriginPatterns, type OriginPattern } from '../src/config/origins.js';
import { defineRule } from '../src/engine/rule.js';
import { quote, restResponses } from '../src/model/query.js';
import type { CorsModel, Scalar, SettingVal } from '../src/model/types.js';
import { fixOf, replaceValue } from '../src/fix/changes.js';
import type { Change, FixDescriptor } from '../src/fix/types.js';
import { originFlaw } from '../src/model/values.js';
import { ruleDocs } from '../src/prose.js';

interface Options {
  /** The team's allowed origins (configuration `allowedOrigins`); `null` when none is configured. */
  allowedOrigins: string[] | null;
  /** The environment the list belongs to (`--env`), for messages. */
  policyName: string;
}

/** A REST mapping that copies the request's `Origin` header into the response: it allows every origin. */
function reflectsOrigin(val: SettingVal<Scalar>): boolean {
  return !val.known && val.mapping?.kind === 'source' && /^method\.request\.header\.origin$/i.test(val.mapping.source ?? '');
}

/** The origins one value allows: one, or several when a REST literal lists them (which browsers refuse anyway). */
function originsOf(val: SettingVal<Scalar>): string[] {
  if (!val.known || val.value === null) return [];
  const text = String(val.value).trim();
  return text === '' ? [] : text.split(/[\s,]+/).filter((s) => s !== '');
}

/** The policy's origins when every one is an exact origin written as browsers send it (no pattern, no `*`). */
function exactOrigins(patterns: readonly OriginPattern[]): string[] | undefined {
  if (patterns.length === 0) return undefined;
  const texts = patterns.map((p) => (p.kind === 'origin' && !p.subdomains && p.port !== '*' && originFlaw(p.text) === undefined ? p.text : undefined));
  return texts.every((t): t is string => t !== undefined) ? [...new Set(texts)] : undefined;
}

/**
 * What replaces a `*` by the team's own origins: one origin where the value holds one (a REST literal keeps its
 * quotes); in a list (an HTTP API, a function URL, S3), the `*` item becomes the first of the origins the list lacks
 * and the others are appended, or the item is removed when the list holds them all. Several origins for a value
 * that holds one are suggestions, one per origin.
 */
function replaceStar(val: SettingVal<Scalar>, siblings: readonly SettingVal<Scalar>[], origins: readonly string[], policyText: string): { fix?: FixDescriptor; suggest?: FixDescriptor[] } {
  if (val.defaulted) return {};
  const literal = val.mapping?.kind === 'literal';
  if (val.mapping && !literal) return {};
  const written = (o: string) => (literal ? `'${o}'` : o);
  if (origins.length === 1) {
    const fix = fixOf(`Allow ${quote(origins[0]!)}, ${policyText}, instead of '*'`, replaceValue(val, written(origins[0]!)));
    return fix ? { fix } : {};
  }
  const path = val.loc.path;
  const inList = !literal && typeof path[path.length - 1] === 'number';
  if (!inList) {
    const suggest = origins.flatMap((o) => fixOf(`Allow ${quote(o)} instead of '*'`, replaceValue(val, written(o))) ?? []);
    return suggest.length > 0 ? { suggest } : {};
  }
  const listed = new Set(siblings.flatMap((v) => (v !== val && v.known ? [String(v.value).trim()] : [])));
  const missing = origins.filter((o) => !listed.has(o));
  const list = { file: val.loc.file, path: path.slice(0, -1) };
  const changes: Array<Change | undefined> =
    missing.length === 0 ? [{ kind: 'remove', at: val.loc }] : [replaceValue(val, missing[0]!), ...missing.slice(1).map((o): Change => ({ kind: 'append', at: list, value: o }))];
  const fix = fixOf(`Allow ${policyText} (${origins.map(quote).join(', ')}) instead of '*'`, ...changes);
  return fix ? { fix } : {};
}

export default defineRule<CorsModel, Options>({
  id: 'origin-not-allowed',
  severity: 'error',
  summary: "A template allows an origin that the team's allowed-origins policy (configuration `allowedOrigins`) does not.",
  tags: ['security', 'cors', 'policy'],
  securitySeverity: 6.5,
  defaultOptions: { allowedOrigins: null, policyName: '' },
  docs: ruleDocs('origin-not-allowed'),
  check(model, context) {
    const list = context.options.allowedOrigins;
    if (!Array.isArray(list)) return;
    const patterns: OriginPattern[] = parseOriginPatterns(list.map(String));
    const policyText = context.options.policyName ? `the allowed origins for '${context.options.policyName}'` : 'the allowed origins';

    const exact = exactOrigins(patterns);
    const check = (subject: string, val: SettingVal<Scalar>, siblings: readonly SettingVal<Scalar>[] = []): void => {
      if (reflectsOrigin(val)) {
        context.report({
          at: val,
          message: `${subject} copies the request's Origin header into Access-Control-Allow-Origin, which allows every origin, beyond ${policyText}: any website can read its responses.`,
        });
        return;
      }
      for (const origin of originsOf(val)) {
        if (originCovered(origin, patterns) !== false) continue;
        const what =
          origin === '*'
            ? val.defaulted
              ? "sets no AllowOrigin, so SAM allows any origin ('*')"
              : "allows any origin ('*')"
            : origin.includes('*')
              ? `allows every origin matching ${quote(origin)}`
              : `allows the origin ${quote(origin)}`;
        const offered = origin === '*' && exact && originsOf(val).length === 1 ? replaceStar(val, siblings, exact, policyText) : {};
        context.report({
          at: val,
          ...offered,
          message: `${subject} ${what}, which ${policyText} do not include: ${origin === '*' ? 'any website' : origin.includes('*') ? 'scripts on those origins' : 'scripts on that origin'} can read its responses.`,
        });
      }
    };

    for (const policy of model.policies) {
      for (const val of policy.origins) check(policy.label, val, policy.origins);
    }
    for (const api of model.apis) {
      for (const { response, where, gateway } of restResponses(api)) {
        for (const val of response.headers['access-control-allow-origin'] ?? []) {
          // A gateway response that reflects the origin is reflected-origin's finding, whatever the policy.
          if (gateway && reflectsOrigin(val)) continue;
          check(`${api.label} ${where}`, val);
        }
      }
    }
  },
});
