import { defineRule } from '../src/engine/rule.js';
import { routeName } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';
import { ruleDocs } from '../src/prose.js';

export default defineRule<CorsModel>({
  id: 'response-header-not-declared',
  severity: 'error',
  summary: 'An integration response maps a header that the method response with its status code does not declare: the deployment fails.',
  tags: ['cors', 'deployment'],
  securitySeverity: 0,
  docs: ruleDocs('response-header-not-declared'),
  check(model, context) {
    for (const api of model.apis) {
      if (api.kind !== 'rest') continue;
      for (const route of api.routes) {
        if (route.integration.type === 'lambda-proxy' || route.integration.type === 'http-proxy') continue;
        // Method responses that cannot all be read, or an OpenAPI `default` response, leave nothing to compare.
        if (route.methodResponses.some((m) => m.statusCode === undefined || m.opaque || m.statusCode === 'default')) continue;
        const openapi = route.origin === 'openapi';
        for (const response of route.integration.responses) {
          if (response.statusCode === undefined || response.opaque) continue;
          const status = response.statusCode;
          const declared = route.methodResponses.find((m) => m.statusCode === status);
          const names = new Set((declared?.headerKeys ?? []).map((k) => k.name.toLowerCase()));
          for (const key of response.headerKeys) {
            if (names.has(key.name.toLowerCase())) continue;
            const where = declared
              ? `the ${status} method response does not declare it`
              : `the method has no ${status} method response`;
            const fix = openapi
              ? `declare ${key.name} under responses.'${status}'.headers`
              : `declare method.response.header.${key.name} in the MethodResponses entry for ${status}`;
            context.report({
              at: { loc: key.loc, when: route.when },
              message: `${api.label} ${routeName(route)} maps header '${key.name}' in its ${status} integration response, but ${where}: API Gateway refuses the deployment (invalid mapping expression); ${fix}.`,
              related: declared ? [{ at: declared.loc, message: `${status} method response` }] : [],
            });
          }
        }
      }
    }
  },
});
