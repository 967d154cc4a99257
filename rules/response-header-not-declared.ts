import { defineRule } from '../src/engine/rule.js';
import { routeName } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';

export default defineRule<CorsModel>({
  id: 'response-header-not-declared',
  severity: 'error',
  summary: 'An integration response maps a header that the method response with its status code does not declare: the deployment fails.',
  tags: ['cors', 'deployment'],
  securitySeverity: 0,
  docs: {
    why: [
      'On a REST API with a non-proxy integration (`MOCK`, `AWS`, `HTTP`), the CORS headers of a response are mapped',
      'in the integration response (`method.response.header.Access-Control-Allow-Origin: "\'https://app.example.com\'"`)',
      'and must be declared in the method response with the same status code. API Gateway checks every mapping',
      'against the declared method-response parameters and refuses the deployment ("Invalid mapping expression',
      'specified") when a header is not declared, or when no method response has that status code — a common slip',
      'when adding a CORS header to an existing `OPTIONS` method, or when the integration answers `204` but the method',
      'declares `200`.',
      '',
      'Proxy integrations are not checked (API Gateway does not use their integration responses), nor are response',
      'maps written as intrinsics.',
    ].join('\n'),
    invalid: [
      'Api:',
      '  Type: AWS::ApiGateway::RestApi',
      '  Properties:',
      '    Name: items',
      'ItemsOptions:',
      '  Type: AWS::ApiGateway::Method',
      '  Properties:',
      '    RestApiId: !Ref Api',
      '    ResourceId: !GetAtt Api.RootResourceId',
      '    HttpMethod: OPTIONS',
      '    AuthorizationType: NONE',
      '    Integration:',
      '      Type: MOCK',
      '      IntegrationResponses:',
      '        - StatusCode: "200"',
      '          ResponseParameters:',
      "            method.response.header.Access-Control-Allow-Origin: \"'https://app.example.com'\"",
      "            method.response.header.Access-Control-Allow-Headers: \"'Content-Type'\"   # not declared below",
      '    MethodResponses:',
      '      - StatusCode: "200"',
      '        ResponseParameters:',
      '          method.response.header.Access-Control-Allow-Origin: true',
    ].join('\n'),
    valid: [
      'Api:',
      '  Type: AWS::ApiGateway::RestApi',
      '  Properties:',
      '    Name: items',
      'ItemsOptions:',
      '  Type: AWS::ApiGateway::Method',
      '  Properties:',
      '    RestApiId: !Ref Api',
      '    ResourceId: !GetAtt Api.RootResourceId',
      '    HttpMethod: OPTIONS',
      '    AuthorizationType: NONE',
      '    Integration:',
      '      Type: MOCK',
      '      IntegrationResponses:',
      '        - StatusCode: "200"',
      '          ResponseParameters:',
      "            method.response.header.Access-Control-Allow-Origin: \"'https://app.example.com'\"",
      "            method.response.header.Access-Control-Allow-Headers: \"'Content-Type'\"",
      '    MethodResponses:',
      '      - StatusCode: "200"',
      '        ResponseParameters:',
      '          method.response.header.Access-Control-Allow-Origin: true',
      '          method.response.header.Access-Control-Allow-Headers: true',
    ].join('\n'),
    fix: [
      'Declare every mapped header in the method response with the same status code:',
      '',
      '```yaml',
      '# CloudFormation',
      'MethodResponses:',
      '  - StatusCode: "200"',
      '    ResponseParameters:',
      '      method.response.header.Access-Control-Allow-Origin: true',
      '      method.response.header.Access-Control-Allow-Headers: true',
      '      method.response.header.Access-Control-Allow-Methods: true',
      '',
      '# OpenAPI operation',
      'responses:',
      '  "200":',
      '    description: CORS preflight',
      '    headers:',
      '      Access-Control-Allow-Origin: { type: string }',
      '      Access-Control-Allow-Headers: { type: string }',
      '```',
    ].join('\n'),
    links: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apigateway-method-integration-integrationresponse.html',
    ],
  },
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
