/**
 * What the model says protects an API and its routes beyond authorizers: the network an API is limited to, and the
 * OpenAPI security schemes API Gateway does not enforce.
 */
import { lintText } from '../../src/index.js';
import { routeExposure } from '../../src/model/query.js';
import type { CorsModel } from '../../src/model/types.js';

function model(text: string): CorsModel {
  const run = lintText(text, '/virtual/template.yaml', { cwd: '/virtual' });
  const m = run.models.get('/virtual/template.yaml');
  if (!m) throw new Error('no model');
  return m;
}

const rest = (props: string) => `
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: api
${props}`;

const statement = (effect: string, condition: string) => `      Policy:
        Version: '2012-10-17'
        Statement:
          - Effect: ${effect}
            Principal: '*'
            Action: execute-api:Invoke
            Resource: execute-api:/*
            Condition:
${condition}`;

describe('the network an API is limited to', () => {
  test.each([
    ['a PRIVATE endpoint', '      EndpointConfiguration: { Types: [PRIVATE] }\n', 'a private network (EndpointConfiguration PRIVATE)'],
    ['an Allow on source IPs', statement('Allow', '              IpAddress: { aws:SourceIp: [203.0.113.0/24] }\n'), 'the networks its resource policy allows (Policy)'],
    ['an Allow on a VPC endpoint', statement('Allow', '              StringEquals: { aws:SourceVpce: vpce-1 }\n'), 'the networks its resource policy allows (Policy)'],
    ['a Deny of every other IP', statement('Deny', '              NotIpAddress: { aws:SourceIp: [203.0.113.0/24] }\n'), 'the networks its resource policy allows (Policy)'],
    ['a policy written as JSON text', `      Policy: '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}'\n`, 'the networks its resource policy allows (Policy)'],
  ])('CloudFormation: %s', (_name, props, reason) => {
    expect(model(rest(props)).apis[0]!.network?.reason).toBe(reason);
  });

  test.each([
    ['a REGIONAL endpoint', '      EndpointConfiguration: { Types: [REGIONAL] }\n'],
    ['a Deny of some IPs only (every other network is allowed)', statement('Deny', '              IpAddress: { aws:SourceIp: [198.51.100.0/24] }\n')],
    ['an Allow without a network condition', statement('Allow', '              StringEquals: { aws:PrincipalOrgID: o-1 }\n')],
    [
      'an Allow on source IPs beside an Allow for everyone',
      `${statement('Allow', '              IpAddress: { aws:SourceIp: [203.0.113.0/24] }\n')}          - Effect: Allow\n            Principal: '*'\n            Action: execute-api:Invoke\n            Resource: execute-api:/*\n`,
    ],
  ])('CloudFormation, not limited: %s', (_name, props) => {
    expect(model(rest(props)).apis[0]!.network).toBeUndefined();
  });

  test.each([
    ['EndpointConfiguration: PRIVATE', '      EndpointConfiguration: PRIVATE\n', true],
    ['EndpointConfiguration: { Type: PRIVATE }', '      EndpointConfiguration: { Type: PRIVATE }\n', true],
    ['Auth.ResourcePolicy.SourceVpcWhitelist', '      Auth: { ResourcePolicy: { SourceVpcWhitelist: [vpc-1] } }\n', true],
    ['Auth.ResourcePolicy.IpRangeBlacklist', '      Auth: { ResourcePolicy: { IpRangeBlacklist: [198.51.100.0/24] } }\n', false],
    ['EndpointConfiguration: EDGE', '      EndpointConfiguration: EDGE\n', false],
  ])('SAM: %s', (_name, props, limited) => {
    const m = model(`Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
${props}`);
    expect(m.apis[0]!.network !== undefined).toBe(limited);
  });
});

describe('OpenAPI security schemes API Gateway does not enforce', () => {
  const body = (schemes: string, extraProps = '') => `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
${extraProps}      DefinitionBody:
        openapi: 3.0.1
        info: { title: t, version: '1' }
        components:
          securitySchemes:
${schemes}
        paths:
          /me:
            get:
              security: [{ Bearer: [] }]
              x-amazon-apigateway-integration: { type: mock }
`;

  test.each([
    ['an http bearer scheme', '            Bearer: { type: http, scheme: bearer }'],
    ['an OAuth 2 scheme', '            Bearer: { type: oauth2, flows: {} }'],
    ['an OpenID Connect scheme', '            Bearer: { type: openIdConnect, openIdConnectUrl: https://id.example.org }'],
  ])('%s without x-amazon-apigateway-authorizer protects nothing, and a note says so', (_name, scheme) => {
    const m = model(body(scheme));
    const route = m.apis[0]!.routes.find((r) => r.method === 'GET')!;
    expect(route.auth.kind).toBe('none');
    expect(route.auth.reason).toBe("security requirement 'Bearer', which API Gateway does not enforce");
    expect(routeExposure(m.apis[0]!, route).kind).toBe('none');
    expect(m.notes.map((n) => n.message)).toContain(
      "security scheme 'Bearer' has no x-amazon-apigateway-authorizer: API Gateway does not enforce it, so the operations that require it are not protected by it",
    );
  });

  test("SAM's Auth.Authorizers of the same name is what SAM writes, and API Gateway enforces it", () => {
    const m = model(
      body(
        '            Bearer: { type: http, scheme: bearer }',
        '      Auth:\n        Authorizers:\n          Bearer:\n            UserPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x\n',
      ),
    );
    const route = m.apis[0]!.routes.find((r) => r.method === 'GET')!;
    expect(route.auth.kind).toBe('authorizer');
    expect(routeExposure(m.apis[0]!, route).kind).toBe('token');
  });
});
