/**
 * reflected-origin: one finding per API and kind (gateway responses, preflight templates, actual-response
 * templates), at the place with credentials if any, the others related; proxies' integration responses (which
 * API Gateway ignores) are not read; origin-not-allowed leaves gateway reflections to this rule.
 */
import { lintText } from '../../src/index.js';
import type { LintMessage } from '../../src/types.js';

function messages(yaml: string, settings?: Parameters<typeof lintText>[2]['settings']): LintMessage[] {
  const run = lintText(yaml, 'template.yaml', { cwd: '/', settings });
  const all = run.results.flatMap((r) => r.messages);
  expect(all.filter((m) => m.fatal)).toEqual([]);
  return all;
}

const at = (found: LintMessage[], rule: string): string[] => found.filter((m) => m.ruleId === rule).map((m) => `${m.line}:${m.column} ${m.severity}`);

const REFLECT = `"#set($context.responseOverride.header.Access-Control-Allow-Origin = $input.params('origin'))"`;

const method = (id: string, path: string, verb: string, type: string, extra = ''): string => `  ${id}:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref ${path}
      HttpMethod: ${verb}
      AuthorizationType: NONE
      Integration:
        Type: ${type}
        IntegrationResponses:
          - StatusCode: '200'${extra}
            ResponseTemplates:
              application/json: ${REFLECT}
`;

const resource = (id: string, part: string): string => `  ${id}:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: ${part} }
`;

test('the same reflection on every OPTIONS mock is one finding, at the one with credentials, the others related', () => {
  const yaml = `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
${resource('A', 'a')}${resource('B', 'b')}${resource('C', 'c')}${method('AOptions', 'A', 'OPTIONS', 'MOCK')}${method(
    'BOptions',
    'B',
    'OPTIONS',
    'MOCK',
    `
            ResponseParameters:
              method.response.header.Access-Control-Allow-Credentials: "'true'"`,
  )}${method('COptions', 'C', 'OPTIONS', 'MOCK')}`;
  const found = messages(yaml);
  const reflected = found.filter((m) => m.ruleId === 'reflected-origin');
  expect(reflected.map((m) => `${m.line}:${m.column} ${m.severity}`)).toEqual(['41:33 2']);
  expect(reflected[0]!.message).toMatch(/^REST API 'Api' OPTIONS \/b \(200 response, application\/json template\) \(and OPTIONS \/a and OPTIONS \/c\) sends the request's Origin back/);
  expect(reflected[0]!.message).toMatch(/every website passes the preflight with credentials allowed/);
});

test("a Lambda or HTTP proxy's integration responses are not read: API Gateway does not apply them", () => {
  const yaml = `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
${resource('A', 'a')}${method('AGet', 'A', 'GET', 'AWS_PROXY')}${method('APut', 'A', 'PUT', 'HTTP_PROXY')}${method('APost', 'A', 'POST', 'AWS')}`;
  const found = messages(yaml);
  expect(at(found, 'reflected-origin')).toEqual(['46:33 1']);
  expect(found.find((m) => m.ruleId === 'reflected-origin')!.message).toMatch(/^REST API 'Api' POST \/a .* so any website can read its responses;/);
});

test("with an allowed-origins policy, a gateway response's reflection is reported once, by this rule", () => {
  const yaml = `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
  Errors:
    Type: AWS::ApiGateway::GatewayResponse
    Properties:
      RestApiId: !Ref Api
      ResponseType: DEFAULT_4XX
      ResponseParameters:
        gatewayresponse.header.Access-Control-Allow-Origin: method.request.header.Origin
`;
  const found = messages(yaml, { severities: {}, options: { 'origin-not-allowed': { allowedOrigins: ['https://app.example.com'] } } });
  expect(at(found, 'reflected-origin')).toEqual(['11:61 1']);
  expect(at(found, 'origin-not-allowed')).toEqual([]);
});
