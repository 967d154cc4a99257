import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { relatedRoutes, responseCredentials, routeName } from '../src/model/query.js';
import type { Api, CorsModel, ResponseHeaders, Route, Scalar, SettingVal } from '../src/model/types.js';
import { readTemplateOrigin } from '../src/model/vtl.js';
import { ruleDocs } from '../src/prose.js';
import type { Located } from '../src/types.js';

/** A gateway response parameter that sends the request's Origin header back (`method.request.header.Origin`). */
function reflects(val: SettingVal<Scalar>): boolean {
  return val.mapping?.kind === 'source' && /^method\.request\.(?:multivalue)?header\.origin$/i.test(val.mapping.source ?? '');
}

/** A mapping template that also sets `Access-Control-Allow-Credentials: true` through the override. */
const TEMPLATE_CREDENTIALS = /#set\s*\(\s*\$context\.responseOverride\.header\.Access-Control-Allow-Credentials\s*=\s*["']true["']\s*\)/i;

interface Place {
  at: Located;
  /** How messages name it: `OPTIONS /orders (200 response, application/json template)`, `gateway response DEFAULT_4XX`. */
  where: string;
  /** A short name for the related locations and the count: `OPTIONS /orders`, `DEFAULT_5XX`. */
  name: string;
  /** How the value is taken from the request: the parameter, or the template's `#set` (and its check every origin passes). */
  how: string;
  credentials: boolean;
  route?: Route;
}

/** Integration responses count only for integrations whose responses API Gateway maps (not proxies). */
function mapsResponses(route: Route): boolean {
  return route.integration.type !== 'lambda-proxy' && route.integration.type !== 'http-proxy';
}

function templatePlaces(route: Route, response: ResponseHeaders): Place[] {
  const out: Place[] = [];
  const credentials = responseCredentials(response).length > 0;
  for (const template of response.templates ?? []) {
    const val = template.val;
    if (!val.known || typeof val.value !== 'string') continue;
    const reading = readTemplateOrigin(val.value);
    if (reading.unknown) continue;
    const reflected = reading.overrides.find((o) => o.kind === 'reflected');
    if (!reflected || reflected.kind !== 'reflected') continue;
    const check = reflected.condition ? ` under #if(${short(reflected.condition)}), which every origin passes` : '';
    out.push({
      at: val,
      where: `${routeName(route)} (${response.statusCode ?? 'default'} response, ${template.contentType} template)`,
      name: routeName(route),
      how: `its mapping template writes ${short(reflected.text)}${check}`,
      credentials: credentials || TEMPLATE_CREDENTIALS.test(val.value),
      route,
    });
  }
  return out;
}

function short(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 120 ? `${one.slice(0, 117)}...` : one;
}

const CONSEQUENCE: Record<'preflight' | 'actual' | 'gateway', { plain: string; credentials: string; fix: string }> = {
  gateway: {
    plain: "any website can read API Gateway's own error answers (401, 403, 429, 5xx)",
    credentials: "any website can read API Gateway's own error answers (401, 403, 429, 5xx) to requests sent with the user's credentials",
    fix: 'map the origin of your front end instead (a quoted literal)',
  },
  preflight: {
    plain: "every website passes the preflight: scripts on any website can send this path's non-simple requests (what they can read is up to the actual responses)",
    credentials: "every website passes the preflight with credentials allowed: scripts on any website can send this path's requests with the user's cookies",
    fix: 'compare the origin with a list of allowed origins before sending it back',
  },
  actual: {
    plain: 'any website can read its responses',
    credentials: "any website can read its responses with the user's credentials",
    fix: 'compare the origin with a list of allowed origins before sending it back',
  },
};

/** One finding for the places of one kind in one API, at the first (one with credentials, if any), the others related. */
function report(context: RuleContext, api: Api, places: Place[], kind: 'preflight' | 'actual' | 'gateway'): void {
  if (places.length === 0) return;
  const first = places.find((p) => p.credentials) ?? places[0]!;
  const credentials = places.some((p) => p.credentials);
  const others = places.filter((p) => p !== first);
  const names = [...new Set(others.map((p) => p.name).filter((n) => n !== first.name))];
  const more = names.length > 0 ? ` (and ${names.length <= 2 ? names.join(' and ') : `${names.length} more`})` : '';
  const text = CONSEQUENCE[kind];
  // An API that answers only a private network: a user inside it brings that protection to any website they open
  // (the network position goes with every request, credentials or not), so the reflection reaches past it: an
  // error, as wildcard-origin's. (A cookie a Lambda authorizer reads is not: without credentials allowed, no page
  // reads the answers to requests that carry it.)
  const guarded = kind !== 'gateway' && !credentials ? api.network : undefined;
  // API Gateway's own error answers carry no data of the API: a warning even with credentials.
  const severity = kind !== 'gateway' && (credentials || guarded) ? 'error' : 'warning';
  const consequence = credentials ? text.credentials : guarded ? `${text.plain.replace(/^(any|every) website/, `$1 website that a user inside ${guarded.reason} opens`)}` : text.plain;
  context.report({
    at: first.at,
    severity,
    message:
      `${api.label} ${first.where}${more} sends the request's Origin back as Access-Control-Allow-Origin without checking it (${first.how}), ` +
      `so ${consequence}; ${text.fix}.`,
    related: [
      ...others.slice(0, 5).map((p) => ({ at: p.at, message: `also ${p.where}` })),
      ...(first.route ? relatedRoutes([first.route]) : []),
      ...(guarded?.loc ? [{ at: guarded.loc, message: 'protected here' }] : []),
    ],
  });
}

export default defineRule<CorsModel>({
  id: 'reflected-origin',
  severity: 'warning',
  summary:
    "A REST API sends the request's Origin back as Access-Control-Allow-Origin without checking it (a gateway response mapping method.request.header.Origin, a mapping template's $context.responseOverride), so every website is allowed.",
  tags: ['security', 'cors'],
  securitySeverity: 5.3,
  raisedSecuritySeverity: 8.1,
  docs: ruleDocs('reflected-origin'),
  check(model, context) {
    for (const api of model.apis) {
      if (api.kind !== 'rest') continue;
      const gateway: Place[] = [];
      for (const response of api.gatewayResponses) {
        const val = (response.headers['access-control-allow-origin'] ?? []).find(reflects);
        if (!val) continue;
        gateway.push({
          at: val,
          where: `gateway response ${response.type}`,
          name: response.type,
          how: `it maps ${String(val.raw ?? val.mapping?.raw ?? '')}`,
          credentials: responseCredentials(response).length > 0,
        });
      }
      const preflight: Place[] = [];
      const actual: Place[] = [];
      for (const route of api.routes) {
        if (!mapsResponses(route)) continue;
        for (const response of route.integration.responses) {
          (route.method === 'OPTIONS' ? preflight : actual).push(...templatePlaces(route, response));
        }
      }
      report(context, api, actual, 'actual');
      report(context, api, preflight, 'preflight');
      report(context, api, gateway, 'gateway');
    }
  },
});
