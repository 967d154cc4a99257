import { defineRule } from '../src/engine/rule.js';
import { keyOf, knownBranches, listAnchor, listText, preflightRoutes, quote, routeName } from '../src/model/query.js';
import type { RuleFacts } from '../src/model/facts.js';
import type { CorsModel, CorsPolicy } from '../src/model/types.js';
import { enabledCredentials } from '../src/model/values.js';
import { addItems } from '../src/fix/changes.js';
import { ruleDocs } from '../src/prose.js';
import { credentialHeaders } from '../src/simulate/auth.js';
import { answeredValues, wildcardHeadersAsWritten } from '../src/simulate/gateway.js';
import { policyAdmits } from '../src/simulate/outcome.js';

interface Need {
  name: string;
  whys: string[];
  routes: string[];
}

/** The request headers the authorization behind a policy makes the browser send, by lower-case name. */
function neededHeaders(model: CorsModel, policy: CorsPolicy): Map<string, Need> {
  const needs = new Map<string, Need>();
  const routesOf = new Map<Need, Set<string>>(); // (a set beside each list: an API may have thousands of routes)
  const add = (name: string, why: string, route: string): void => {
    const need = needs.get(name.toLowerCase()) ?? { name, whys: [], routes: [] };
    if (!need.whys.includes(why)) need.whys.push(why);
    let routes = routesOf.get(need);
    if (!routes) routesOf.set(need, (routes = new Set()));
    if (!routes.has(route)) {
      routes.add(route);
      need.routes.push(route);
    }
    needs.set(name.toLowerCase(), need);
  };
  // Function URLs are left out: with AuthType AWS_IAM they are often signed by CloudFront (origin access
  // control), not by the browser.
  const scope = preflightRoutes(model, policy);
  for (const route of scope?.routes ?? []) for (const h of credentialHeaders(scope!.api, route)) add(h.name, h.why, routeName(h.route));
  return needs;
}

/** The first answer a function gives for the items, in order. */
function firstDefined<T, R>(items: readonly T[], ask: (item: T) => R | undefined): R | undefined {
  for (const item of items) {
    const answer = ask(item);
    if (answer !== undefined) return answer;
  }
  return undefined;
}

function describe(needs: readonly Need[]): string {
  const names = listText(needs.map((n) => `'${n.name}'`));
  const whys = [...new Set(needs.flatMap((n) => n.whys))];
  const routes = [...new Set(needs.flatMap((n) => n.routes))];
  return `${names}, which ${listText(whys)} ${whys.length === 1 ? 'needs' : 'need'}${routes.length > 0 ? ` (${listText(routes)})` : ''}`;
}

export default defineRule<CorsModel, Record<string, unknown>, RuleFacts>({
  id: 'auth-header-not-allowed',
  severity: 'error',
  summary: 'The allowed request headers do not list a header the API\'s authorization needs (`Authorization`, an identity header, `X-Api-Key`, SigV4\'s `X-Amz-*`).',
  tags: ['cors', 'correctness', 'auth'],
  securitySeverity: 0,
  docs: ruleDocs('auth-header-not-allowed'),
  check(model, context) {
    for (const policy of model.policies) {
      const needs = neededHeaders(model, policy);
      if (needs.size === 0) continue;
      if (policy.headers.length === 0) {
        // REST: no Access-Control-Allow-Headers at all is `missing-allow-headers`' finding.
        if (policy.surface === 'rest') continue;
        context.report({
          at: keyOf(policy),
          message: `${policy.label} allows no request headers (its CORS configuration has no AllowHeaders), not even ${describe([...needs.values()])}: the browser's preflight fails and the request is never sent.`,
        });
        continue;
      }
      const credentialed = enabledCredentials(policy).length > 0;
      const scope = preflightRoutes(model, policy)!;
      for (const branch of knownBranches(answeredValues(scope.api, policy, 'headers'))) {
        const items = branch.items.map((i) => i.item.toLowerCase());
        // Names wrapped in their own quotes (`"'Content-Type', 'Authorization'"`) are a malformed list, not a
        // missing header: what API Gateway makes of it is not known, so it is left to the rules on quoting.
        if (items.some((i) => /['"]/.test(i))) continue;
        const star = items.includes('*');
        // Asked of the simulator, one branch at a time: what the policy's preflight answer allows under the
        // branch's conditions, and whether the browser then sends each header (the allowed headers are the same on
        // every path the policy answers for).
        const ask = { method: 'GET', headers: [...needs.keys()], credentialed, conditions: branch.when, handlers: context.handlers };
        const admitted = firstDefined(scope.routes, (r) => policyAdmits(scope.api, policy, r.path, ask));
        if (!admitted) continue;
        const missing: Need[] = [];
        const starOnly: Need[] = [];
        for (const [lower, need] of needs) {
          const admission = admitted.headers.get(lower);
          if (admission?.result === 'blocked') missing.push(need);
          // Chromium lets '*' cover Authorization, with a deprecation warning: certain only where API Gateway
          // sends '*' as written.
          else if (admission?.result === 'allowed' && admission.warning && wildcardHeadersAsWritten(scope.api)) starOnly.push(need);
        }
        const at = listAnchor(policy, branch.values, branch.when);
        if (!at) continue;
        const written = branch.items.map((i) => i.item).join(',');
        if (missing.length > 0) {
          const literal = star && credentialed ? " ('*' is a literal name when credentials are allowed)" : '';
          const names = missing.map((n) => n.name);
          const fix = addItems(policy.surface === 'rest', branch.values, names, `Allow the request header${names.length === 1 ? '' : 's'} ${names.map((n) => quote(n)).join(', ')}`);
          context.report({
            at,
            ...(fix ? { fix } : {}),
            message: `${policy.label} allows request headers ${quote(written)}${literal} but not ${describe(missing)}: the browser's preflight fails and the request is never sent.`,
          });
        }
        if (starOnly.length > 0) {
          const names = starOnly.map((n) => n.name);
          const fix = addItems(policy.surface === 'rest', branch.values, names, `List ${names.map((n) => quote(n)).join(', ')} by name beside '*'`);
          context.report({
            at,
            ...(fix ? { fix } : {}),
            severity: 'warning',
            message:
              `${policy.label} allows request headers ${quote(written)} and relies on '*' to cover ${describe(starOnly)}: Chromium accepts that today with a ` +
              `deprecation warning (AuthorizationCoveredByWildcard), but the Fetch standard says '*' never covers Authorization, so it will break; list Authorization by name.`,
          });
        }
      }
    }
  },
});
