/**
 * What the allowed request headers of a CORS policy do for the headers its routes' authorization makes the browser
 * send, one `Fn::If` branch at a time, as the simulator answers it: the verdicts `auth-header-not-allowed` reports,
 * and `wildcard-headers` reads so that one value is reported once.
 */
import { knownBranches, listAnchor, listText, preflightRoutes, routeName } from '../../src/model/query.js';
import type { Cond, Located } from '../../src/types.js';
import type { CorsModel, CorsPolicy, Scalar, SettingVal } from '../../src/model/types.js';
import { enabledCredentials } from '../../src/model/values.js';
import { credentialHeaders, functionUrlSigV4 } from '../../src/simulate/auth.js';
import { answeredValues, wildcardHeadersAsWritten } from '../../src/simulate/gateway.js';
import { policyAdmits, type AllowQuestion } from '../../src/simulate/outcome.js';

/** A request header the authorization behind a policy needs, why, and for which routes. */
export interface Need {
  name: string;
  whys: string[];
  routes: string[];
}

/** The request headers the authorization behind a policy makes the browser send, by lower-case name. */
export function neededHeaders(model: CorsModel, policy: CorsPolicy): Map<string, Need> {
  const needs = new Map<string, Need>();
  const routesOf = new Map<Need, Set<string>>(); // (a set beside each list: an API may have thousands of routes)
  const add = (name: string, why: string, route?: string): void => {
    const need = needs.get(name.toLowerCase()) ?? { name, whys: [], routes: [] };
    if (!need.whys.includes(why)) need.whys.push(why);
    needs.set(name.toLowerCase(), need);
    if (route === undefined) return;
    let routes = routesOf.get(need);
    if (!routes) routesOf.set(need, (routes = new Set()));
    if (!routes.has(route)) {
      routes.add(route);
      need.routes.push(route);
    }
    needs.set(name.toLowerCase(), need);
  };
  if (policy.surface === 'function-url') {
    for (const name of functionUrlSigV4(policy)) add(name, 'its IAM authorization (SigV4)');
    return needs;
  }
  const scope = preflightRoutes(model, policy);
  for (const route of scope?.routes ?? []) for (const h of credentialHeaders(scope!.api, route)) add(h.name, h.why, routeName(h.route));
  return needs;
}

/** `'Authorization' and 'X-Amz-Date', which authorizer 'A' needs (GET /a)`. */
export function describeNeeds(needs: readonly Need[]): string {
  const names = listText(needs.map((n) => `'${n.name}'`));
  const whys = [...new Set(needs.flatMap((n) => n.whys))];
  const routes = [...new Set(needs.flatMap((n) => n.routes))];
  return `${names}, which ${listText(whys)} ${whys.length === 1 ? 'needs' : 'need'}${routes.length > 0 ? ` (${listText(routes)})` : ''}`;
}

/** What one branch of a policy's allowed headers does for the headers its authorization needs. */
export interface BranchVerdict {
  when: Cond[];
  values: SettingVal<Scalar>[];
  items: Array<{ item: string; val: SettingVal<Scalar> }>;
  /** Where a finding about the whole list goes. */
  at: Located;
  /** Needed headers the browser will not send: the preflight fails. */
  missing: Need[];
  /** Needed headers only a `*` covers, which Chromium accepts with a deprecation warning (`Authorization`). */
  starOnly: Need[];
  /** The API sends the `*` as written, so the deprecation is certain (REST). */
  starAsWritten: boolean;
}

function firstDefined<T, R>(items: readonly T[], ask: (item: T) => R | undefined): R | undefined {
  for (const item of items) {
    const answer = ask(item);
    if (answer !== undefined) return answer;
  }
  return undefined;
}

/**
 * The verdict of each known branch of a policy's allowed headers, for the headers its authorization needs (none
 * when it needs none, or writes no allowed headers). Names wrapped in their own quotes (`"'Content-Type',
 * 'Authorization'"`) are a malformed list, not a missing header: what API Gateway makes of it is not known, so
 * such a branch has no verdict.
 */
export function authHeaderVerdicts(model: CorsModel, policy: CorsPolicy, needs = neededHeaders(model, policy), handlers?: AllowQuestion['handlers']): BranchVerdict[] {
  if (needs.size === 0 || policy.headers.length === 0) return [];
  const credentialed = enabledCredentials(policy).length > 0;
  if (policy.surface === 'function-url') return functionUrlVerdicts(policy, needs, credentialed);
  const scope = preflightRoutes(model, policy);
  if (!scope) return [];
  const out: BranchVerdict[] = [];
  // An OPTIONS method written by hand answers with its 200 integration response's values (as the simulator reads it).
  for (const branch of knownBranches(answeredValues(scope.api, policy, 'headers'))) {
    if (branch.items.some((i) => /['"]/.test(i.item))) continue;
    // Asked of the simulator, one branch at a time: what the policy's preflight answer allows under the branch's
    // conditions, and whether the browser then sends each header (the allowed headers are the same on every path
    // the policy answers for).
    const ask = { method: 'GET', headers: [...needs.keys()], credentialed, conditions: branch.when, handlers };
    const admitted = firstDefined(scope.routes, (r) => policyAdmits(scope.api, policy, r.path, ask));
    const at = listAnchor(policy, branch.values, branch.when);
    if (!admitted || !at) continue;
    const missing: Need[] = [];
    const starOnly: Need[] = [];
    for (const [lower, need] of needs) {
      const admission = admitted.headers.get(lower);
      if (admission?.result === 'blocked') missing.push(need);
      else if (admission?.result === 'allowed' && admission.warning) starOnly.push(need);
    }
    out.push({ ...branch, at, missing, starOnly, starAsWritten: wildcardHeadersAsWritten(scope.api) });
  }
  return out;
}

/**
 * A function URL's verdicts, read as the browser reads its answer: a header listed by name (in any case) is sent;
 * `*` covers the others without credentials, `Authorization` only with Chromium's deprecation warning (what a
 * function URL answers for `*` is not documented, so never as certain as a REST API's).
 */
function functionUrlVerdicts(policy: CorsPolicy, needs: ReadonlyMap<string, Need>, credentialed: boolean): BranchVerdict[] {
  const out: BranchVerdict[] = [];
  for (const branch of knownBranches(policy.headers)) {
    if (branch.items.some((i) => /['"]/.test(i.item))) continue;
    const at = listAnchor(policy, branch.values, branch.when);
    if (!at) continue;
    const items = branch.items.map((i) => i.item.toLowerCase());
    const star = items.includes('*') && !credentialed;
    const missing: Need[] = [];
    const starOnly: Need[] = [];
    for (const [lower, need] of needs) {
      if (items.includes(lower)) continue;
      if (!star) missing.push(need);
      else if (lower === 'authorization') starOnly.push(need);
    }
    out.push({ ...branch, at, missing, starOnly, starAsWritten: false });
  }
  return out;
}
