import { defineRule } from '../src/engine/rule.js';
import { implementedMethods, knownBranches, listText, NON_SIMPLE_METHODS, preflightRoutes, quote } from '../src/model/query.js';
import type { CorsModel, Scalar, SettingVal } from '../src/model/types.js';
import { enabledCredentials, splitList } from '../src/model/values.js';

export default defineRule<CorsModel>({
  id: 'methods-broader-than-routes',
  severity: 'warning',
  summary: 'The allowed methods include PUT, PATCH, DELETE or `*` although no route of the API implements them (least privilege).',
  tags: ['security', 'cors', 'least-privilege'],
  securitySeverity: 2.0,
  docs: {
    why: [
      '`Access-Control-Allow-Methods` tells browsers which methods other origins may use. Listing `PUT`, `PATCH`,',
      '`DELETE` or `*` where no route implements them grants more than the API serves: it advertises capabilities the',
      'API does not have, and the day such a route is added (or a catch-all integration answers it) pages on the',
      'allowed origins can already call it. `GET`, `HEAD` and `POST` never need listing, so they are not reported.',
      '',
      'The comparison is with the routes that the preflight answers for: for SAM `Cors` and HTTP APIs every route',
      'of the API, for a CloudFormation `OPTIONS` method the routes on its resource. APIs with an `ANY` route, or',
      'whose OpenAPI body cannot be read, are not judged.',
    ].join('\n'),
    invalid: [
      'CatalogApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      "      AllowOrigin: \"'https://shop.example.com'\"",
      "      AllowMethods: \"'GET,PUT,DELETE,OPTIONS'\"     # the API only serves GET",
      'Catalog:',
      '  Type: AWS::Serverless::Function',
      '  Properties:',
      '    Runtime: nodejs22.x',
      '    Handler: index.handler',
      '    CodeUri: src/',
      '    Events:',
      '      Call:',
      '        Type: Api',
      '        Properties: { RestApiId: !Ref CatalogApi, Path: /products, Method: get }',
    ].join('\n'),
    valid: [
      'CatalogApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      "      AllowOrigin: \"'https://shop.example.com'\"",
      "      AllowMethods: \"'GET,OPTIONS'\"       # or leave it out: SAM computes it per path",
      'Catalog:',
      '  Type: AWS::Serverless::Function',
      '  Properties:',
      '    Runtime: nodejs22.x',
      '    Handler: index.handler',
      '    CodeUri: src/',
      '    Events:',
      '      Call:',
      '        Type: Api',
      '        Properties: { RestApiId: !Ref CatalogApi, Path: /products, Method: get }',
    ].join('\n'),
    fix: [
      'List only the methods your routes implement. On a SAM REST API you can leave `AllowMethods` out: SAM then',
      'computes the exact methods of each path.',
      '',
      '```yaml',
      '# SAM REST API',
      'Cors:',
      '  AllowOrigin: "\'https://shop.example.com\'"',
      '  AllowHeaders: "\'Content-Type\'"',
      '',
      '# HTTP API',
      'AllowMethods: [GET, POST]',
      '```',
    ].join('\n'),
    links: [
      'https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Methods',
      'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-corsconfiguration.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html',
    ],
  },
  check(model, context) {
    for (const policy of model.policies) {
      if (policy.methodsComputed || policy.methods.length === 0) continue;
      const scope = preflightRoutes(model, policy);
      if (!scope || scope.api.bodyUnknown || scope.routes.length === 0) continue;
      const implemented = implementedMethods(scope.routes);
      if (implemented.any || implemented.unknown) continue;
      const credentialed = enabledCredentials(policy).length > 0;
      const exact = policy.surface === 'rest';
      const served = implemented.methods.size > 0 ? listText([...implemented.methods].sort()) : 'no method';
      const reported = new Set<SettingVal<Scalar>>();
      for (const branch of knownBranches(policy.methods)) {
        for (const val of branch.values) {
          if (reported.has(val) || !val.known || val.value === null) continue;
          const extras = splitList(String(val.value)).filter((item) => {
            if (item === '*') return !credentialed; // with credentials '*' is a literal name
            const method = exact ? item : item.toUpperCase();
            return NON_SIMPLE_METHODS.has(method) && !implemented.methods.has(method);
          });
          if (extras.length === 0) continue;
          reported.add(val);
          const what = extras.includes('*') ? "any method ('*')" : `${extras.length === 1 ? 'method' : 'methods'} ${listText(extras.map(quote))}`;
          context.report({
            at: val,
            message: `${policy.label} allows ${what} but its routes implement only ${served}: browsers are told other origins may use methods the API does not serve.`,
          });
        }
      }
    }
  },
});
