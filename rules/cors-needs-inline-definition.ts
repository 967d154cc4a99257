import { defineRule } from '../src/engine/rule.js';
import { keyOf } from '../src/model/query.js';
import type { Api, CorsModel, CorsPolicy } from '../src/model/types.js';
import { ruleDocs } from '../src/prose.js';

/**
 * The SAM CORS configuration of an API, wherever the model keeps it. SAM checks it before it looks at any path,
 * so a configuration that no path takes (`inertCors`) counts too.
 */
function samCors(api: Api): CorsPolicy | undefined {
  const cors = api.cors ?? api.inertCors;
  return cors && (cors.source === 'sam-cors' || cors.source === 'sam-http-cors') ? cors : undefined;
}

/**
 * Whether SAM sees a configuration at all: SAM tests the property's truth, so an empty string or mapping, or
 * `false`, is no configuration (and HTTP API `CorsConfiguration: false` makes no policy).
 */
function written(policy: CorsPolicy): boolean {
  if (policy.form === 'object') return (policy.keys ?? []).length > 0;
  if (policy.form === 'string') return policy.origins.some((v) => !v.known || v.value !== '' || v.raw !== '');
  return policy.form !== undefined;
}

export default defineRule<CorsModel>({
  id: 'cors-needs-inline-definition',
  severity: 'error',
  summary: 'SAM `Cors` or `CorsConfiguration` on an API whose OpenAPI document is in `DefinitionUri`: SAM adds CORS only to an inline `DefinitionBody`, so it refuses the template.',
  tags: ['correctness', 'sam', 'cors'],
  securitySeverity: 0,
  docs: ruleDocs('cors-needs-inline-definition'),
  check(model, context) {
    for (const api of model.apis) {
      // Only an API's own DefinitionUri: one from Globals makes SAM refuse the API for another reason.
      if (api.source !== 'sam' || api.implicit || !api.definitionUri) continue;
      const cors = samCors(api);
      if (!cors || !written(cors)) continue;
      const setting = api.kind === 'rest' ? 'Cors' : 'CorsConfiguration';
      const document = api.kind === 'rest' ? 'Swagger' : 'OpenApi';
      context.report({
        at: { loc: { ...api.definitionUri, key: true }, when: api.when },
        message:
          `${api.label} has ${setting} and takes its OpenAPI document from DefinitionUri: SAM adds CORS only to an inline DefinitionBody, ` +
          `so it refuses the template ("Cors works only with inline ${document} specified in 'DefinitionBody' property").`,
        related: [{ at: keyOf(cors), message: `${setting} of ${api.label}` }],
      });
    }
  },
});
