import { defineRule } from '../src/engine/rule.js';
import { preflightOutcome } from '../src/simulate/outcome.js';
import { isDefaultRoute } from '../src/simulate/routes.js';
import { authReason, authTarget, listText, routeName } from '../src/model/query.js';
import type { Api, CorsModel, Route } from '../src/model/types.js';
import type { Located } from '../src/types.js';

/** The page's origin does not change where a preflight goes or whether authorization rejects it. */
const SOME_ORIGIN = 'https://app.example.com';

/**
 * Whether API Gateway sends the preflight of a catch-all route's own request to that route, and its authorization
 * rejects it: asked of the request evaluator, which routes as API Gateway does (an exact route, then a greedy
 * `{proxy+}`, then `$default`; `ANY` takes the methods its path does not define, `OPTIONS` included).
 */
function swallows(api: Api, route: Route): boolean {
  const { answer } = preflightOutcome(api, route, SOME_ORIGIN);
  return answer?.route === route && answer.kind === 'rejected';
}

export default defineRule<CorsModel>({
  id: 'default-route-swallows-preflight',
  severity: 'error',
  summary: "An HTTP API's `$default` or `ANY` route requires authorization and catches the OPTIONS preflight, so the API's CORS configuration never answers it.",
  tags: ['cors', 'correctness', 'auth'],
  securitySeverity: 0,
  docs: {
    why: [
      'An HTTP API with a CORS configuration answers preflight `OPTIONS` requests itself — but only when no route',
      'matches them. `$default` matches every method and path that no other route does, and an `ANY` route matches',
      'every method on its path, `OPTIONS` included. When such a route requires an authorizer (a JWT or Lambda',
      'authorizer, IAM), the preflight — which never carries credentials — is sent to that authorizer and rejected',
      'with 401/403; the browser reports a CORS error and never sends the real request.',
      '',
      'AWS documents the fix: add an `OPTIONS /{proxy+}` route without authorization. It outranks `$default` and',
      '`ANY /{proxy+}`, and API Gateway adds the configured CORS headers to its response; it does not outrank an',
      '`ANY` route on a more specific path (`ANY /items/{id}` is a full match for `OPTIONS /items/7`, the greedy',
      'route only the second choice). The rule asks the request evaluator of `cors-lint explain` where each',
      "catch-all route's own preflight goes and whether its authorization rejects it. The finding points at the",
      'setting that makes the catch-all route require authorization (SAM `Auth.DefaultAuthorizer`, the route\'s',
      '`AuthorizationType`, its OpenAPI `security`).',
    ].join('\n'),
    invalid: [
      'HttpApi:',
      '  Type: AWS::Serverless::HttpApi',
      '  Properties:',
      '    CorsConfiguration:',
      '      AllowOrigins: [https://app.example.com]',
      '      AllowHeaders: [Authorization, Content-Type]',
      '    Auth:',
      '      DefaultAuthorizer: Jwt          # also applies to the $default route below',
      '      Authorizers:',
      '        Jwt:',
      '          IdentitySource: $request.header.Authorization',
      '          JwtConfiguration: { issuer: !Ref Issuer, audience: [app] }',
      'Backend:',
      '  Type: AWS::Serverless::Function',
      '  Properties:',
      '    Runtime: nodejs22.x',
      '    Handler: index.handler',
      '    CodeUri: src/',
      '    Events:',
      '      Everything:',
      '        Type: HttpApi',
      '        Properties: { ApiId: !Ref HttpApi }   # no Path/Method: the $default route',
    ].join('\n'),
    valid: [
      'HttpApi:',
      '  Type: AWS::Serverless::HttpApi',
      '  Properties:',
      '    CorsConfiguration:',
      '      AllowOrigins: [https://app.example.com]',
      '      AllowHeaders: [Authorization, Content-Type]',
      '    Auth:',
      '      DefaultAuthorizer: Jwt',
      '      Authorizers:',
      '        Jwt:',
      '          IdentitySource: $request.header.Authorization',
      '          JwtConfiguration: { issuer: !Ref Issuer, audience: [app] }',
      'Backend:',
      '  Type: AWS::Serverless::Function',
      '  Properties:',
      '    Runtime: nodejs22.x',
      '    Handler: index.handler',
      '    CodeUri: src/',
      '    Events:',
      '      Everything:',
      '        Type: HttpApi',
      '        Properties: { ApiId: !Ref HttpApi }   # no Path/Method: the $default route',
      '      Preflight:',
      '        Type: HttpApi',
      '        Properties:',
      '          ApiId: !Ref HttpApi',
      '          Path: /{proxy+}',
      '          Method: options',
      '          Auth: { Authorizer: NONE }',
    ].join('\n'),
    fix: [
      'Add an `OPTIONS /{proxy+}` route without authorization; its integration only has to answer 2xx (API Gateway',
      'adds the CORS headers of the configuration).',
      '',
      '```yaml',
      '# SAM: an event on the function behind the API',
      'Preflight:',
      '  Type: HttpApi',
      '  Properties:',
      '    ApiId: !Ref HttpApi',
      '    Path: /{proxy+}',
      '    Method: options',
      '    Auth:',
      '      Authorizer: NONE',
      '',
      '# CloudFormation',
      'PreflightRoute:',
      '  Type: AWS::ApiGatewayV2::Route',
      '  Properties:',
      '    ApiId: !Ref HttpApi',
      '    RouteKey: OPTIONS /{proxy+}',
      '    AuthorizationType: NONE',
      '    Target: !Sub integrations/${BackendIntegration}',
      '```',
    ].join('\n'),
    links: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html',
      'https://fetch.spec.whatwg.org/#cors-preflight-fetch',
    ],
  },
  check(model, context) {
    for (const api of model.apis) {
      if (api.kind !== 'http' || !api.cors) continue;
      const groups = new Map<string, { api: Api; at: Located; routes: Route[] }>();
      for (const route of api.routes) {
        if (!isDefaultRoute(route.path) && route.method !== 'ANY') continue;
        if (!swallows(api, route)) continue;
        const at = authTarget(api, route, 'auth');
        const key = [at.loc.file, ...at.loc.path.map(String)].join('\u0000');
        const group = groups.get(key);
        if (group) group.routes.push(route);
        else groups.set(key, { api, at, routes: [route] });
      }
      for (const { at, routes } of groups.values()) {
        const names = routes.map((r) => (isDefaultRoute(r.path) ? '$default' : routeName(r)));
        const route = routes[0]!;
        const verb = routes.length === 1 ? 'requires' : 'require';
        context.report({
          at,
          message:
            `${api.label} ${routes.length === 1 ? 'route' : 'routes'} ${listText(names)} ${verb} ${authReason(route)} and also ` +
            `${routes.length === 1 ? 'catches' : 'catch'} OPTIONS, so the API's CORS configuration never answers the preflight and browsers get 401/403 ` +
            `before every cross-origin call; add an OPTIONS /{proxy+} route without authorization.`,
          related: [
            ...routes.filter((r) => r.loc !== at.loc).map((r) => ({ at: r.loc, message: `route ${isDefaultRoute(r.path) ? '$default' : routeName(r)}` })),
            { at: { ...api.cors!.loc, key: true }, message: 'CORS configured here' },
          ],
        });
      }
    }
  },
});
