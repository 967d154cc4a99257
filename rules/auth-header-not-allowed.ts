import { defineRule } from '../src/engine/rule.js';
import { authHeaders, keyOf, knownBranches, listAnchor, listText, preflightRoutes, quote, routeName } from '../src/model/query.js';
import type { CorsModel, CorsPolicy } from '../src/model/types.js';
import { enabledCredentials } from '../src/model/values.js';

interface Need {
  name: string;
  whys: string[];
  routes: string[];
}

/** The request headers the authorization behind a policy makes the browser send, by lower-case name. */
function neededHeaders(model: CorsModel, policy: CorsPolicy): Map<string, Need> {
  const needs = new Map<string, Need>();
  const routesOf = new Map<Need, Set<string>>(); // (a set beside each list: an API may have thousands of routes)
  const add = (name: string, why: string, route: string): void => {
    const need = needs.get(name.toLowerCase()) ?? { name, whys: [], routes: [] };
    if (!need.whys.includes(why)) need.whys.push(why);
    let routes = routesOf.get(need);
    if (!routes) routesOf.set(need, (routes = new Set()));
    if (!routes.has(route)) {
      routes.add(route);
      need.routes.push(route);
    }
    needs.set(name.toLowerCase(), need);
  };
  // Function URLs are left out: with AuthType AWS_IAM they are often signed by CloudFront (origin access
  // control), not by the browser.
  const scope = preflightRoutes(model, policy);
  for (const route of scope?.routes ?? []) for (const h of authHeaders(scope!.api, route)) add(h.name, h.why, routeName(h.route));
  return needs;
}

function describe(needs: readonly Need[]): string {
  const names = listText(needs.map((n) => `'${n.name}'`));
  const whys = [...new Set(needs.flatMap((n) => n.whys))];
  const routes = [...new Set(needs.flatMap((n) => n.routes))];
  return `${names}, which ${listText(whys)} ${whys.length === 1 ? 'needs' : 'need'}${routes.length > 0 ? ` (${listText(routes)})` : ''}`;
}

export default defineRule<CorsModel>({
  id: 'auth-header-not-allowed',
  severity: 'error',
  summary: 'The allowed request headers do not list a header the API\'s authorization needs (`Authorization`, an identity header, `X-Api-Key`, SigV4\'s `X-Amz-*`).',
  tags: ['cors', 'correctness', 'auth'],
  securitySeverity: 0,
  docs: {
    why: [
      'A browser sends a request header other than the CORS-safelisted ones only if the preflight response lists it',
      'in `Access-Control-Allow-Headers`. The headers an API\'s authorization needs are never safelisted: the',
      '`Authorization` header of a Cognito, JWT or Lambda `TOKEN` authorizer, the identity headers of a `REQUEST`',
      'authorizer, `X-Api-Key` for an API key, and SigV4\'s `Authorization`, `X-Amz-Date` and `X-Amz-Security-Token`',
      'for IAM. When the allowed headers omit one, the preflight fails and the browser never sends the request.',
      '',
      '`*` allows any header for requests without credentials — except `Authorization`, which the Fetch standard',
      'says must be listed by name. Chromium does not enforce that yet: it lets `*` cover `Authorization` and',
      'reports the deprecation issue `AuthorizationCoveredByWildcard`. So a header missing with no `*` is an error',
      '(it fails today), and `Authorization` covered only by a REST API\'s `*` is a warning (it works in Chromium',
      'today and breaks once browsers follow the standard). With credentials, `*` is a literal header name and',
      'covers nothing. A REST `Cors` without any `AllowHeaders` is reported by `missing-allow-headers` instead.',
    ].join('\n'),
    invalid: [
      'OrdersApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      "      AllowOrigin: \"'https://app.example.com'\"",
      "      AllowHeaders: \"'Content-Type'\"          # no Authorization",
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
      'List every header the authorization needs, by name (names are case-insensitive):',
      '',
      '```yaml',
      '# SAM REST API (a mapping expression: note the inner quotes)',
      'AllowHeaders: "\'Content-Type,Authorization,X-Api-Key,X-Amz-Date,X-Amz-Security-Token\'"',
      '',
      '# HTTP API, function URL',
      'AllowHeaders:',
      '  - Content-Type',
      '  - Authorization',
      '',
      '# CloudFormation OPTIONS method',
      'method.response.header.Access-Control-Allow-Headers: "\'Content-Type,Authorization\'"',
      '```',
      '',
      'Where you keep `*` for other headers, add `Authorization` next to it: `"\'*,Authorization\'"`.',
    ].join('\n'),
    links: [
      'https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name',
      'https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Headers',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html',
    ],
  },
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
      for (const branch of knownBranches(policy.headers)) {
        const items = branch.items.map((i) => i.item.toLowerCase());
        // Names wrapped in their own quotes (`"'Content-Type', 'Authorization'"`) are a malformed list, not a
        // missing header: what API Gateway makes of it is not known, so it is left to the rules on quoting.
        if (items.some((i) => /['"]/.test(i))) continue;
        const star = items.includes('*');
        const missing: Need[] = [];
        const starOnly: Need[] = [];
        for (const [lower, need] of needs) {
          if (items.includes(lower)) continue;
          if (star && !credentialed) {
            // A REST API sends '*' as written; what an HTTP API or function URL answers for '*' is not documented.
            if (lower === 'authorization' && policy.surface === 'rest') starOnly.push(need);
            continue;
          }
          missing.push(need);
        }
        const at = listAnchor(policy, branch.values, branch.when);
        if (!at) continue;
        const written = branch.items.map((i) => i.item).join(',');
        if (missing.length > 0) {
          const literal = star && credentialed ? " ('*' is a literal name when credentials are allowed)" : '';
          context.report({
            at,
            message: `${policy.label} allows request headers ${quote(written)}${literal} but not ${describe(missing)}: the browser's preflight fails and the request is never sent.`,
          });
        }
        if (starOnly.length > 0) {
          context.report({
            at,
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
