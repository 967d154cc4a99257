import { defineRule } from '../src/engine/rule.js';
import { authReason, authSource, authTarget, byPlace, keyOf, listText, routeName } from '../src/model/query.js';
import type { Api, CorsModel, Route } from '../src/model/types.js';
import type { Located } from '../src/types.js';

interface Group {
  api: Api;
  which: 'auth' | 'apiKey';
  routes: Route[];
  at: Located;
}

const CONSEQUENCE_AUTH = 'browsers send the preflight without credentials, so it is rejected (401/403) and no cross-origin call gets through';
const CONSEQUENCE_IAM = 'browsers cannot sign a preflight, so it is rejected (403) and no cross-origin call gets through';
const CONSEQUENCE_KEY = 'browsers never send X-Api-Key on a preflight, so it is rejected (403) and no cross-origin call gets through';

function message(group: Group): string {
  const { api, which, routes } = group;
  const route = routes[0]!;
  const paths = listText(routes.map((r) => r.path));
  const consequence = which === 'apiKey' ? CONSEQUENCE_KEY : route.auth.kind === 'iam' ? CONSEQUENCE_IAM : CONSEQUENCE_AUTH;
  const from = authSource(api, route, which);
  const event = route.event ? ` (event '${route.event.name}' of '${route.event.functionId}')` : '';
  switch (from) {
    case 'sam-default': {
      if (which === 'apiKey') {
        return `${api.label} requires the API key (Auth.ApiKeyRequired) on the OPTIONS preflight of ${paths}: ${consequence}; set Auth.AddApiKeyRequiredToCorsPreflight: false.`;
      }
      const name = route.auth.kind === 'iam' ? 'AWS_IAM' : route.auth.authorizer;
      return `${api.label} applies DefaultAuthorizer '${name}' to the OPTIONS preflight of ${paths}: ${consequence}; set Auth.AddDefaultAuthorizerToCorsPreflight: false.`;
    }
    case 'sam-event':
      if (which === 'apiKey') return `${api.label} OPTIONS ${route.path}${event} sets Auth.ApiKeyRequired: true: ${consequence}; set it to false.`;
      return `${api.label} OPTIONS ${route.path}${event} requires Auth.Authorizer '${route.auth.kind === 'iam' ? 'AWS_IAM' : route.auth.authorizer}': ${consequence}; set the event's Auth.Authorizer: NONE.`;
    case 'cfn':
      if (which === 'apiKey') return `${api.label} OPTIONS ${paths} sets ApiKeyRequired: true: ${consequence}; set ApiKeyRequired: false.`;
      return `${api.label} OPTIONS ${paths} requires ${authReason(route)}: ${consequence}; set AuthorizationType: NONE${route.auth.kind === 'authorizer' ? ' and remove AuthorizerId' : ''}.`;
    case 'openapi': {
      const what = which === 'apiKey' ? 'the API key' : route.auth.reason;
      return `${api.label} OPTIONS ${paths} requires ${what} in its security: ${consequence}; give the options operation \`security: []\`.`;
    }
    case 'openapi-root': {
      const what = which === 'apiKey' ? 'the API key' : route.auth.reason.replace(/ at the root.*$/, '');
      const generated = route.origin === 'sam-cors' ? ' (SAM generates it without a security of its own)' : '';
      return `${api.label} OPTIONS ${paths}${generated} inherits ${what} from the root security of the OpenAPI document: ${consequence}; move the root security onto the operations that need it, or give the options operation \`security: []\`.`;
    }
    default:
      return `${api.label} OPTIONS ${paths} requires ${which === 'apiKey' ? 'an API key' : authReason(route)}: ${consequence}.`;
  }
}

export default defineRule<CorsModel>({
  id: 'preflight-authorizer',
  severity: 'error',
  summary: 'The OPTIONS preflight requires an authorizer, IAM or an API key: browsers send it without credentials, so every cross-origin call fails.',
  tags: ['cors', 'correctness', 'auth'],
  securitySeverity: 0,
  docs: {
    why: [
      'Before a cross-origin call with a JSON body, an `Authorization` header or a method such as `PUT`, the browser',
      'sends a preflight: an `OPTIONS` request that never carries cookies, the `Authorization` header, an API key or a',
      'SigV4 signature. It must be answered with a 2xx status. When API Gateway puts an authorizer, IAM or an API key',
      'on the `OPTIONS` method, the preflight gets 401 or 403, the browser reports a CORS error, and the real request',
      'is never sent — for every caller, logged in or not.',
      '',
      'SAM does this by default: with `Cors` and `Auth.DefaultAuthorizer` (including `AWS_IAM`) or',
      '`Auth.ApiKeyRequired: true`, it adds the authorizer and the API key to every `OPTIONS` method it generates,',
      'and to `options` operations of a `DefinitionBody`, unless `AddDefaultAuthorizerToCorsPreflight: false` /',
      '`AddApiKeyRequiredToCorsPreflight: false`. A per-event `Auth: {Authorizer: NONE}` on `GET` does not exempt',
      "that path's `OPTIONS`. Raw CloudFormation does it with an `OPTIONS` method whose `AuthorizationType` is not",
      '`NONE`, that names an `AuthorizerId` or sets `ApiKeyRequired: true`; OpenAPI does it with `security` on the',
      '`options` operation, or a root-level `security` the operation inherits. The finding points at the setting that',
      'decides it.',
    ].join('\n'),
    invalid: [
      'OrdersApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      "      AllowOrigin: \"'https://app.example.com'\"",
      "      AllowHeaders: \"'Content-Type,Authorization'\"",
      '    Auth:',
      '      DefaultAuthorizer: Cognito          # also added to every OPTIONS',
      '      Authorizers:',
      '        Cognito:',
      '          UserPoolArn: !GetAtt UserPool.Arn',
      'Orders:',
      '  Type: AWS::Serverless::Function',
      '  Properties:',
      '    Runtime: nodejs22.x',
      '    Handler: index.handler',
      '    CodeUri: src/',
      '    Events:',
      '      Call:',
      '        Type: Api',
      '        Properties: { RestApiId: !Ref OrdersApi, Path: /orders, Method: get }',
    ].join('\n'),
    valid: [
      'OrdersApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      "      AllowOrigin: \"'https://app.example.com'\"",
      "      AllowHeaders: \"'Content-Type,Authorization'\"",
      '    Auth:',
      '      DefaultAuthorizer: Cognito',
      '      AddDefaultAuthorizerToCorsPreflight: false',
      '      Authorizers:',
      '        Cognito:',
      '          UserPoolArn: !GetAtt UserPool.Arn',
      'Orders:',
      '  Type: AWS::Serverless::Function',
      '  Properties:',
      '    Runtime: nodejs22.x',
      '    Handler: index.handler',
      '    CodeUri: src/',
      '    Events:',
      '      Call:',
      '        Type: Api',
      '        Properties: { RestApiId: !Ref OrdersApi, Path: /orders, Method: get }',
    ].join('\n'),
    fix: [
      'Leave the preflight open; the real request that follows is still authorized.',
      '',
      '```yaml',
      '# SAM',
      'Auth:',
      '  DefaultAuthorizer: Cognito',
      '  AddDefaultAuthorizerToCorsPreflight: false',
      '  ApiKeyRequired: true',
      '  AddApiKeyRequiredToCorsPreflight: false',
      '',
      '# a SAM event that handles OPTIONS itself',
      'Events:',
      '  Preflight:',
      '    Type: Api',
      '    Properties: { Path: /orders, Method: options, Auth: { Authorizer: NONE } }',
      '',
      '# CloudFormation',
      'OrdersOptions:',
      '  Type: AWS::ApiGateway::Method',
      '  Properties:',
      '    HttpMethod: OPTIONS',
      '    AuthorizationType: NONE      # no AuthorizerId',
      '    ApiKeyRequired: false',
      '',
      '# OpenAPI',
      'options:',
      '  security: []',
      '```',
    ].join('\n'),
    links: [
      'https://fetch.spec.whatwg.org/#cors-preflight-fetch',
      'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-apiauth.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html',
      'https://github.com/aws/serverless-application-model/issues/717',
    ],
  },
  check(model, context) {
    for (const api of model.apis) {
      const needs = api.routes.flatMap((route) => {
        if (route.method !== 'OPTIONS') return [];
        const which: Array<'auth' | 'apiKey'> = [];
        if (route.auth.kind === 'authorizer' || route.auth.kind === 'iam') which.push('auth');
        if (route.auth.apiKeyRequired) which.push('apiKey');
        return which.map((w) => ({ route, which: w, at: authTarget(api, route, w), from: authSource(api, route, w) }));
      });
      // One finding per place that decides it; an event or a method is its own place.
      const also = (n: (typeof needs)[number]): string =>
        [n.which, n.from, n.from === 'sam-event' || n.from === 'cfn' ? routeName(n.route) + n.route.loc.path.join('/') : ''].join('\u0000');
      for (const { item, items } of byPlace(needs, (n) => n.at, () => api.label, also)) {
        const route = item.route;
        const related = [];
        if (route.origin === 'sam-cors' && route.preflight) related.push({ at: keyOf(route.preflight), message: 'CORS configured here' });
        else if (route.origin !== 'sam-cors') related.push({ at: route.loc, message: `OPTIONS ${route.path}` });
        context.report({ at: item.at, message: message({ api, which: item.which, routes: items.map((n) => n.route), at: item.at }), related });
      }
    }
  },
});
