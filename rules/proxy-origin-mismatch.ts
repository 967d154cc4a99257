import { defineRule } from '../src/engine/rule.js';
import { describeRoutes, proxyRoutes, type ProxyRoute } from '../src/handlers/routes.js';
import { knownText, relatedRoutes } from '../src/model/query.js';
import type { CorsModel, CorsPolicy, HandlerOrigin } from '../src/model/types.js';

/** The origins a preflight allows, when every one of them is known. */
function preflightOrigins(policy: CorsPolicy | undefined): Array<{ text: string; loc: CorsPolicy['loc'] }> | undefined {
  if (!policy || policy.origins.length === 0) return undefined;
  if (policy.origins.some((v) => !v.known)) return undefined;
  return knownText(policy.origins).map(({ text, val }) => ({ text: text.trim(), loc: val.loc }));
}

const quoteList = (items: string[]): string => items.map((s) => `'${s}'`).join(', ');

export default defineRule<CorsModel>({
  id: 'proxy-origin-mismatch',
  severity: 'warning',
  summary: "A Lambda proxy handler returns an `Access-Control-Allow-Origin` that the API's preflight does not allow, or reflects any origin.",
  tags: ['cors', 'security', 'lambda'],
  securitySeverity: 4.3,
  docs: {
    why: [
      "Behind a REST API's Lambda proxy integration two different things answer the browser: the preflight (SAM",
      '`Cors` or an OPTIONS method) and the function, for the actual response. When they name different origins',
      '— the function returns `*` while `Cors` allows only `https://app.example.com`, or a different host — the API',
      'behaves unlike its configuration: the page that passes the preflight is refused the response, or simple',
      'requests (which need no preflight) from any website can read what the preflight meant to protect.',
      '',
      'A function that copies the request\'s `Origin` into `Access-Control-Allow-Origin` without comparing it with an',
      'allow-list lets every website read its responses, with credentials too when it also sends',
      '`Access-Control-Allow-Credentials: true`; this rule reports that as well.',
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
      '    Runtime: python3.12',
      '    Handler: index.handler',
      '    InlineCode: |',
      '      def handler(event, context):',
      "          return {'statusCode': 200, 'headers': {'Access-Control-Allow-Origin': '*'}, 'body': '{}'}",
      '    Events:',
      '      GetOrder:',
      '        Type: Api',
      '        Properties: { RestApiId: !Ref OrdersApi, Path: /orders, Method: get }',
    ].join('\n'),
    valid: [
      'OrderFunction:',
      '  Type: AWS::Serverless::Function',
      '  Properties:',
      '    Runtime: python3.12',
      '    Handler: index.handler',
      '    InlineCode: |',
      "      ALLOWED = {'https://app.example.com', 'https://admin.example.com'}",
      '      def handler(event, context):',
      "          origin = (event.get('headers') or {}).get('origin')",
      "          headers = {'Vary': 'Origin'}",
      '          if origin in ALLOWED:',
      "              headers['Access-Control-Allow-Origin'] = origin",
      "          return {'statusCode': 200, 'headers': headers, 'body': '{}'}",
    ].join('\n'),
    fix: [
      "Return the same origin the API's preflight allows, from one place (a constant or the API's configuration",
      'passed in an environment variable). To serve several origins, compare the request\'s `Origin` with an',
      'allow-list and send back only a listed one, with `Vary: Origin`:',
      '',
      '```js',
      "const ALLOWED = new Set(['https://app.example.com', 'https://admin.example.com']);",
      'const origin = event.headers?.origin ?? event.headers?.Origin;',
      "const headers = { Vary: 'Origin', ...(ALLOWED.has(origin) ? { 'Access-Control-Allow-Origin': origin } : {}) };",
      '```',
    ].join('\n'),
    links: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html',
      'https://fetch.spec.whatwg.org/#cors-check',
      'https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Origin',
    ],
  },
  check(model, context) {
    type Group = {
      origin: HandlerOrigin;
      handler: string;
      fn: string;
      routes: ProxyRoute[];
      allowed?: Array<{ text: string; loc: CorsPolicy['loc'] }>;
      credentials?: boolean;
    };
    const groups = new Map<string, Group>();
    const add = (key: string, make: () => Group, pr: ProxyRoute) => {
      const group = groups.get(key) ?? make();
      group.routes.push(pr);
      groups.set(key, group);
    };
    for (const pr of proxyRoutes(model)) {
      const analysis = pr.fn?.handlerAnalysis;
      if (!pr.fn || analysis?.status !== 'analysed') continue;
      const handler = analysis.handler ?? pr.fn.id;
      const allowed = preflightOrigins(pr.preflight);
      for (const response of analysis.responses) {
        if (response.allowOrigin !== 'present' || !response.origins) continue;
        const r0 = (o: HandlerOrigin) => `${o.loc.file}:${o.loc.range?.line}:${o.loc.range?.column}`;
        const reflected = response.origins.find((o) => o.kind === 'reflected');
        if (reflected) {
          add(`reflected ${r0(reflected)} ${pr.preflight ? JSON.stringify(pr.preflight.loc) : ''}`, () => ({ origin: reflected, handler, fn: pr.fn!.id, routes: [], allowed, credentials: response.credentials }), pr);
          continue;
        }
        if (response.origins.length !== 1) continue;
        const origin = response.origins[0]!;
        if (origin.kind !== 'literal' || !allowed || allowed.some((a) => a.text === '*')) continue;
        if (allowed.some((a) => a.text === origin.value.trim())) continue;
        add(`literal ${r0(origin)} ${JSON.stringify(pr.preflight!.loc)}`, () => ({ origin, handler, fn: pr.fn!.id, routes: [], allowed }), pr);
      }
    }
    for (const { origin, handler, fn, routes, allowed, credentials } of groups.values()) {
      const subject = `${describeRoutes(routes)} of ${routes[0]!.api.label}: handler '${handler}' (function '${fn}')`;
      const specific = allowed && !allowed.some((a) => a.text === '*') ? allowed.map((a) => a.text) : undefined;
      const related = [
        ...(specific ? allowed!.map((a) => ({ at: a.loc, message: `the preflight allows '${a.text}'` })) : []),
        ...relatedRoutes(routes.map((pr) => pr.route)),
      ];
      let message: string;
      if (origin.kind === 'reflected') {
        const reach = credentials ? "any website can read the responses with the user's credentials" : 'any website can read the responses';
        message = `${subject} sends the request's Origin back as Access-Control-Allow-Origin ('${origin.how}') without checking it against an allow-list, so ${reach}${
          specific ? `, although the preflight allows only ${quoteList(specific)}` : ''
        }.`;
      } else if (origin.kind === 'literal') {
        const consequence =
          origin.value.trim() === '*'
            ? 'the preflight and the actual response disagree, and simple requests from any website can read the responses'
            : 'the preflight and the actual response disagree, so the browser blocks the response for the page the preflight lets through';
        message = `${subject} returns Access-Control-Allow-Origin '${origin.value}' while the preflight allows only ${quoteList(specific ?? [])}: ${consequence}.`;
      } else continue;
      context.report({ at: { loc: origin.loc, via: origin.via }, message, related });
    }
  },
});
