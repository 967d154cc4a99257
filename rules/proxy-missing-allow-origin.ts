import { defineRule } from '../src/engine/rule.js';
import { describeRoutes, proxyRoutes, type ProxyRoute } from '../src/handlers/routes.js';
import { placeKey, relatedRoutes } from '../src/model/query.js';
import type { CorsModel, HandlerResponse } from '../src/model/types.js';
import type { Via } from '../src/types.js';

export default defineRule<CorsModel>({
  id: 'proxy-missing-allow-origin',
  severity: 'error',
  summary: 'A Lambda proxy handler behind a CORS-enabled REST API returns a response without `Access-Control-Allow-Origin`.',
  tags: ['cors', 'correctness', 'lambda'],
  securitySeverity: 0,
  docs: {
    why: [
      "With a Lambda proxy integration, API Gateway passes the function's response to the browser as it is: a REST",
      "API's `Cors` setting (or an OPTIONS method) only answers the preflight. Every actual response must therefore",
      'carry `Access-Control-Allow-Origin` from the function itself, the error responses included, or the browser',
      'blocks it after a successful preflight and the page sees a network error instead of the status and body.',
      '`sam local start-api` adds CORS headers to every local response, so the mistake only shows once deployed.',
      '',
      "cors-lint reads the handler's source (Node.js, TypeScript and Python: `CodeUri` + `Handler`, `InlineCode`,",
      '`Code.ZipFile`, esbuild entry points) and follows each return path: literal header objects, module',
      'constants, spreads, helpers in the same file or in a local module, and CORS middleware (Middy, Powertools,',
      'Express `cors()` behind `serverless-http`, FastAPI/Flask CORS behind Mangum or `aws-wsgi`). A return it',
      'cannot follow is left alone; run with `--verbose` to see why.',
    ].join('\n'),
    invalid: [
      'OrdersApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      '      AllowOrigin: "\'https://app.example.com\'"',
      'OrderFunction:',
      '  Type: AWS::Serverless::Function',
      '  Properties:',
      '    Runtime: nodejs20.x',
      '    Handler: index.handler',
      '    InlineCode: |',
      '      exports.handler = async (event) => {',
      '        if (!event.pathParameters) {',
      "          return { statusCode: 400, body: 'missing id' }; // no Access-Control-Allow-Origin",
      '        }',
      "        return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'https://app.example.com' }, body: '{}' };",
      '      };',
      '    Events:',
      '      GetOrder:',
      '        Type: Api',
      '        Properties:',
      '          RestApiId: !Ref OrdersApi',
      "          Path: '/orders/{id}'",
      '          Method: get',
    ].join('\n'),
    valid: [
      'OrderFunction:',
      '  Type: AWS::Serverless::Function',
      '  Properties:',
      '    Runtime: nodejs20.x',
      '    Handler: index.handler',
      '    InlineCode: |',
      "      const CORS = { 'Access-Control-Allow-Origin': 'https://app.example.com', 'Vary': 'Origin' };",
      '      exports.handler = async (event) => {',
      '        if (!event.pathParameters) {',
      "          return { statusCode: 400, headers: CORS, body: 'missing id' };",
      '        }',
      "        return { statusCode: 200, headers: CORS, body: '{}' };",
      '      };',
      '    Events:',
      '      GetOrder:',
      '        Type: Api',
      '        Properties:',
      '          RestApiId: !Ref OrdersApi',
      "          Path: '/orders/{id}'",
      '          Method: get',
    ].join('\n'),
    fix: [
      'Return `Access-Control-Allow-Origin` on every response of the function, success and error alike. The simplest',
      'way is one headers constant (or one response helper) used by every `return`:',
      '',
      '```js',
      "const CORS = { 'Access-Control-Allow-Origin': 'https://app.example.com', 'Vary': 'Origin' };",
      "return { statusCode: 404, headers: CORS, body: JSON.stringify({ error: 'not found' }) };",
      '```',
      '',
      'or a CORS middleware (`@middy/http-cors` with an `origin`, Powertools `CORSConfig`). Use the origin your',
      "API's `Cors` allows, and add `Access-Control-Allow-Credentials: true` too when the front end sends",
      'credentials. For errors produced by API Gateway itself (authorizer, throttling), add `GatewayResponses`.',
    ].join('\n'),
    links: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-output-format',
      'https://fetch.spec.whatwg.org/#cors-check',
    ],
  },
  check(model, context) {
    // One finding per response object that lacks the header (a helper's literal reached from several returns
    // counts once), naming every route it answers and every way it is reached.
    interface Group {
      response: HandlerResponse;
      handler: string;
      fns: string[];
      routes: ProxyRoute[];
      statuses: Set<string>;
      via: Via[];
    }
    const groups = new Map<string, Group>();
    for (const pr of proxyRoutes(model)) {
      const analysis = pr.fn?.handlerAnalysis;
      if (!pr.fn || analysis?.status !== 'analysed') continue;
      for (const response of analysis.responses) {
        if (response.allowOrigin !== 'missing') continue;
        const key = placeKey(response);
        let group = groups.get(key);
        if (!group) {
          group = { response, handler: analysis.handler ?? pr.fn.id, fns: [], routes: [], statuses: new Set(), via: [] };
          groups.set(key, group);
        }
        if (!group.fns.includes(pr.fn.id)) group.fns.push(pr.fn.id);
        if (!group.routes.includes(pr)) group.routes.push(pr);
        group.statuses.add(response.statusCode ?? '?');
        for (const v of response.via) if (!group.via.some((w) => placeKey(w) === placeKey(v))) group.via.push(v);
      }
    }
    for (const { response, handler, fns, routes, statuses, via } of groups.values()) {
      const codes = [...statuses];
      const what =
        codes.length === 1 && codes[0] !== '?'
          ? `a ${codes[0]} response`
          : codes.every((c) => c !== '?')
            ? `${codes.slice(0, -1).join(', ')} and ${codes.at(-1)} responses`
            : 'a response';
      const api = routes[0]!.api.label;
      const functions = fns.length === 1 ? `function '${fns[0]}'` : `functions ${fns.map((f) => `'${f}'`).join(', ')}`;
      const consequence = routes.every((pr) => pr.route.method === 'OPTIONS')
        ? 'so the browser fails the preflight'
        : 'so the browser blocks it even though the preflight succeeds';
      context.report({
        at: { loc: response.loc, via },
        message: `${describeRoutes(routes)} of ${api}: handler '${handler}' (${functions}) returns ${what} without Access-Control-Allow-Origin, ${consequence}.`,
        related: relatedRoutes(routes.map((pr) => pr.route)),
      });
    }
  },
});
