import { defineRule } from '../src/engine/rule.js';
import { byPlace, credentialed, knownBranches, listAnchor, phrase, quote, settingName, subjects } from '../src/model/query.js';
import type { CorsModel, CorsPolicy, Scalar, SettingVal, Surface } from '../src/model/types.js';
import { enabledCredentials, maxAgeSeconds } from '../src/model/values.js';
import { ruleDocs } from '../src/prose.js';
import type { Located } from '../src/types.js';

/** The method names each service accepts in its allowed-methods list (the resource documentation's enums). */
const METHODS: Partial<Record<Surface, { names: readonly string[]; who: string }>> = {
  'function-url': { names: ['GET', 'PUT', 'HEAD', 'POST', 'PATCH', 'DELETE', '*'], who: 'Lambda' },
  s3: { names: ['GET', 'PUT', 'HEAD', 'POST', 'DELETE'], who: 'Amazon S3' },
  cloudfront: { names: ['GET', 'POST', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'ALL'], who: 'CloudFront' },
};

/** A function URL lists at most this many methods. */
const FUNCTION_URL_MAX_METHODS = 6;

/** The smallest max age each service accepts (the largest is max-age-over-cap's). */
const MIN_MAX_AGE: Partial<Record<Surface, { min: number; range: string; who: string }>> = {
  'function-url': { min: 0, range: '0 to 86400', who: 'Lambda' },
  http: { min: -1, range: '-1 to 86400', who: 'API Gateway' },
};

/** The seconds above which max-age-over-cap reports a max age (Chromium's cap). */
const OVER_CAP = 7200;

/** SAM's type check of a function URL's `Cors` (`_validate_cors_config_parameter`); AllowCredentials is allow-credentials-not-boolean's. */
const SAM_FUNCTION_URL_TYPES: Record<string, 'list' | 'int'> = {
  AllowOrigins: 'list',
  AllowMethods: 'list',
  AllowHeaders: 'list',
  ExposeHeaders: 'list',
  MaxAge: 'int',
};

interface Finding {
  at: Located;
  /** For SAM's type check: the key it refuses. */
  key?: string;
  policy: CorsPolicy;
  /** What is written, for the message: `allows the method 'OPTIONS' in AllowMethods`. */
  what: string;
  /** Why the service refuses it, and what it accepts. */
  why: string;
  /** Who refuses: SAM refuses the template, the service the deployment. */
  sam?: boolean;
}

/** Method names the service refuses, one finding per value (a Globals value shared by several policies once). */
function badMethods(policy: CorsPolicy): Finding[] {
  const accepted = METHODS[policy.surface];
  if (!accepted) return [];
  const setting = settingName(policy, 'methods');
  const credentials = enabledCredentials(policy);
  const out: Finding[] = [];
  for (const val of policy.methods) {
    if (!val.known || typeof val.value !== 'string') continue;
    const name = val.value.trim();
    if (accepted.names.includes(name)) continue;
    // CloudFront's '*' under credentials is credentials-with-wildcard's finding.
    if (name === '*' && credentialed({ val, credentials })) continue;
    out.push({ at: val, policy, what: `allows the method ${quote(name)} in ${setting}`, why: methodReason(policy.surface, name, accepted) });
  }
  if (policy.surface === 'function-url') {
    for (const branch of knownBranches(policy.methods)) {
      const names = new Set(branch.items.map((i) => i.item));
      const anchor = listAnchor(policy, branch.values, branch.when);
      if (names.size > FUNCTION_URL_MAX_METHODS && anchor) {
        out.push({
          at: anchor,
          policy,
          what: `lists ${names.size} methods in ${setting}`,
          why: `Lambda accepts at most ${FUNCTION_URL_MAX_METHODS} (GET, PUT, HEAD, POST, PATCH and DELETE, or '*' for all of them)`,
        });
      }
    }
  }
  return out;
}

function methodReason(surface: Surface, name: string, accepted: { names: readonly string[]; who: string }): string {
  const names = (list: readonly string[]) => phrase(list.map((n) => (n === '*' ? "'*'" : n)));
  const upper = name.toUpperCase();
  if (upper !== name && accepted.names.includes(upper)) return `${accepted.who} accepts only ${names(accepted.names)}, in upper case`;
  if (surface === 'cloudfront' && name === '*') return `${accepted.who} accepts only ${names(accepted.names.filter((n) => n !== 'ALL'))}, and ALL for every method`;
  const preflight = upper === 'OPTIONS' ? (surface === 's3' ? ' (S3 answers preflights itself)' : ' (the function URL answers preflights itself)') : '';
  return `${accepted.who} accepts only ${names(accepted.names)}${preflight}`;
}

/** A max age below the service's range (the range's top is max-age-over-cap's). */
function badMaxAge(policy: CorsPolicy): Finding[] {
  const range = MIN_MAX_AGE[policy.surface];
  if (!range) return [];
  const setting = settingName(policy, 'maxAge');
  return policy.maxAge.flatMap((val) => {
    if (!val.known || typeof val.value !== 'number' || !Number.isInteger(val.value) || val.value >= range.min) return [];
    return [{ at: val, policy, what: `sets ${setting} to ${val.value}`, why: `${range.who} accepts ${range.range} seconds` }];
  });
}

/** A SAM function URL's `Cors` value of a kind SAM's type check refuses. */
function badSamTypes(policy: CorsPolicy): Finding[] {
  if (policy.source !== 'sam-function-url') return [];
  const out: Finding[] = [];
  for (const key of policy.keys ?? []) {
    const want = SAM_FUNCTION_URL_TYPES[key.key];
    if (!want || key.form === undefined || key.form === 'intrinsic') continue;
    if (want === 'list' && key.form === 'list') continue;
    if (want === 'int') {
      const values: SettingVal<Scalar>[] = policy.maxAge;
      if (key.form === 'boolean' || (key.form === 'number' && values.every((v) => v.known && Number.isInteger(v.value)))) continue;
      // A number written as text beyond Chromium's cap is max-age-over-cap's finding.
      if (values.some((v) => (maxAgeSeconds(v) ?? 0) > OVER_CAP)) continue;
    }
    const kind = key.form === 'list' ? 'a list' : key.form === 'mapping' ? 'a mapping' : key.form === 'null' ? 'nothing' : `a ${key.form}`;
    out.push({
      at: key,
      key: key.key,
      policy,
      what: `writes ${key.key} as ${kind}`,
      why: `SAM wants ${want === 'list' ? 'a list' : 'a whole number'} there ("${key.key} must be of type ${want}")`,
      sam: true,
    });
  }
  return out;
}

export default defineRule<CorsModel>({
  id: 'cors-value-rejected',
  severity: 'error',
  summary:
    "A CORS value the service refuses at deployment that no other rule reports: a method a function URL, S3 or CloudFront does not take (a function URL's `OPTIONS`), a max age below the range, or a SAM function URL value of the wrong type.",
  tags: ['correctness', 'cors'],
  securitySeverity: 0,
  docs: ruleDocs('cors-value-rejected'),
  check(model, context) {
    const found = model.policies.flatMap((policy) => {
      // A value SAM refuses never reaches the service: the service's own check of it is moot.
      const types = badSamTypes(policy);
      const refused = new Set(types.map((t) => t.key));
      return [...types, ...(refused.has('AllowMethods') ? [] : badMethods(policy)), ...(refused.has('MaxAge') ? [] : badMaxAge(policy))];
    });
    for (const group of byPlace(found, (f) => f.at, (f) => f.policy.label, (f) => f.what)) {
      const { at, what, why, sam } = group.item;
      const outcome = sam ? 'SAM refuses the template' : 'the deployment fails';
      context.report({ at, message: `${subjects(group.subjects)} ${what}: ${why}, so ${outcome}.` });
    }
  },
});
