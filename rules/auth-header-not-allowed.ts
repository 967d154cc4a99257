import { defineRule } from '../src/engine/rule.js';
import { keyOf, quote } from '../src/model/query.js';
import type { RuleFacts } from '../src/model/facts.js';
import type { CorsModel } from '../src/model/types.js';
import { enabledCredentials } from '../src/model/values.js';
import { addItems } from '../src/fix/changes.js';
import { ruleDocs } from '../src/prose.js';
import { authHeaderVerdicts, describeNeeds as describe, neededHeaders } from './shared/auth-headers.js';

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
      for (const verdict of authHeaderVerdicts(model, policy, needs, context.handlers)) {
        const { at, missing } = verdict;
        // Chromium lets '*' cover Authorization, with a deprecation warning: certain only where API Gateway sends
        // '*' as written.
        const starOnly = verdict.starAsWritten ? verdict.starOnly : [];
        const star = verdict.items.some((i) => i.item === '*');
        const written = verdict.items.map((i) => i.item).join(',');
        if (missing.length > 0) {
          const literal = star && credentialed ? " ('*' is a literal name when credentials are allowed)" : '';
          const names = missing.map((n) => n.name);
          const fix = addItems(policy.surface === 'rest', verdict.values, names, `Allow the request header${names.length === 1 ? '' : 's'} ${names.map((n) => quote(n)).join(', ')}`);
          context.report({
            at,
            ...(fix ? { fix } : {}),
            message: `${policy.label} allows request headers ${quote(written)}${literal} but not ${describe(missing)}: the browser's preflight fails and the request is never sent.`,
          });
        }
        if (starOnly.length > 0) {
          const names = starOnly.map((n) => n.name);
          const fix = addItems(policy.surface === 'rest', verdict.values, names, `List ${names.map((n) => quote(n)).join(', ')} by name beside '*'`);
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
