import { defineRule } from '../src/engine/rule.js';
import { knownBranches, listAnchor, listText, NON_SIMPLE_METHODS, preflightRoutes, quote, relatedRoutes, routeName } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';

export default defineRule<CorsModel>({
  id: 'route-method-not-allowed',
  severity: 'error',
  summary: 'The allowed methods leave out PUT, PATCH or DELETE although a route of the API implements it: its preflight fails.',
  tags: ['cors', 'correctness'],
  securitySeverity: 0,
  docs: {
    why: [
      'A browser preflights every cross-origin `PUT`, `PATCH` and `DELETE`, and sends the request only when the',
      'preflight response lists the method in `Access-Control-Allow-Methods` (`GET`, `HEAD` and `POST` never need',
      'listing). Method names are compared case-sensitively: `put` does not allow `PUT`. When the allowed methods',
      'leave out a method that a route implements, calling that route from a web page always fails with a CORS',
      'error, although the route works from curl or Postman.',
      '',
      'SAM REST APIs without `AllowMethods` compute the methods per path from the routes, so they are not checked;',
      'an explicit `AllowMethods` is the same string for every path. A `*` allows every method for requests',
      'without credentials (with credentials it is a literal name, which `credentials-with-wildcard` reports).',
    ].join('\n'),
    invalid: [
      'ProfilesApi:',
      '  Type: AWS::Serverless::HttpApi',
      '  Properties:',
      '    CorsConfiguration:',
      '      AllowOrigins: [https://app.example.com]',
      '      AllowHeaders: [Content-Type]',
      '      AllowMethods: [GET, POST]         # the API also has PUT /profiles/{id}',
      'Profiles:',
      '  Type: AWS::Serverless::Function',
      '  Properties:',
      '    Runtime: nodejs22.x',
      '    Handler: index.handler',
      '    CodeUri: src/',
      '    Events:',
      '      Call:',
      '        Type: HttpApi',
      '        Properties: { ApiId: !Ref ProfilesApi, Path: "/profiles/{id}", Method: put }',
    ].join('\n'),
    valid: [
      'ProfilesApi:',
      '  Type: AWS::Serverless::HttpApi',
      '  Properties:',
      '    CorsConfiguration:',
      '      AllowOrigins: [https://app.example.com]',
      '      AllowHeaders: [Content-Type]',
      '      AllowMethods: [GET, POST, PUT]',
      'Profiles:',
      '  Type: AWS::Serverless::Function',
      '  Properties:',
      '    Runtime: nodejs22.x',
      '    Handler: index.handler',
      '    CodeUri: src/',
      '    Events:',
      '      Call:',
      '        Type: HttpApi',
      '        Properties: { ApiId: !Ref ProfilesApi, Path: "/profiles/{id}", Method: put }',
    ].join('\n'),
    fix: [
      'List every method the routes implement, in upper case:',
      '',
      '```yaml',
      '# SAM REST API: or leave AllowMethods out and SAM computes it per path',
      'AllowMethods: "\'GET,POST,PUT,DELETE,OPTIONS\'"',
      '',
      '# HTTP API',
      'AllowMethods: [GET, POST, PUT, DELETE]',
      '',
      '# CloudFormation OPTIONS method of the resource',
      'method.response.header.Access-Control-Allow-Methods: "\'GET,PUT,DELETE,OPTIONS\'"',
      '```',
    ].join('\n'),
    links: [
      'https://fetch.spec.whatwg.org/#cors-preflight-fetch',
      'https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Methods',
      'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-corsconfiguration.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html',
    ],
  },
  check(model, context) {
    for (const policy of model.policies) {
      if (policy.methodsComputed || policy.methods.length === 0) continue;
      const scope = preflightRoutes(model, policy);
      if (!scope || scope.routes.length === 0) continue;
      // A REST API sends the header as written and browsers compare methods exactly; what an HTTP API does with
      // lower-case names is not documented, so there they count whatever their case.
      const exact = policy.surface === 'rest';
      for (const branch of knownBranches(policy.methods)) {
        const items = branch.items.map((i) => i.item);
        if (items.includes('*')) continue;
        const allowed = new Set(exact ? items : items.map((i) => i.toUpperCase()));
        const missing = scope.routes.filter((r) => NON_SIMPLE_METHODS.has(r.method) && !allowed.has(r.method));
        if (missing.length === 0) continue;
        const at = listAnchor(policy, branch.values, branch.when);
        if (!at) continue;
        const methods = [...new Set(missing.map((r) => r.method))];
        const lower = items.filter((i) => i !== i.toUpperCase() && methods.includes(i.toUpperCase()));
        const hint = lower.length > 0 ? ` (methods compare case-sensitively: ${listText(lower.map((l) => `'${l}'`))} is not ${listText(lower.map((l) => `'${l.toUpperCase()}'`))})` : '';
        context.report({
          at,
          message:
            `${policy.label} allows methods ${quote(items.join(','))} but not ${listText(methods.map((m) => `'${m}'`))}${hint}, which ` +
            `${listText(missing.map(routeName))} ${missing.length === 1 ? 'implements' : 'implement'}: the browser's preflight fails and the request is never sent.`,
          related: relatedRoutes(missing),
        });
      }
    }
  },
});
