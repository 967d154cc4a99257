import { defineRule } from '../src/engine/rule.js';
import { authReason, authSource, authTarget, byPlace, keyOf, listText, routeName } from '../src/model/query.js';
import type { Api, CorsModel, Route } from '../src/model/types.js';
import { preflightFlagFix } from '../src/fix/catalogue.js';
import { writtenInPlace } from '../src/fix/changes.js';
import type { Change, FixDescriptor } from '../src/fix/types.js';
import { ruleDocs } from '../src/prose.js';
import { preflightRejections } from '../src/simulate/auth.js';
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

/**
 * The fix where SAM decides: `Auth.AddDefaultAuthorizerToCorsPreflight: false` (or `AddApiKeyRequiredToCorsPreflight`)
 * beside the `DefaultAuthorizer` (`ApiKeyRequired`) that reaches the preflight, or `Authorizer: NONE`
 * (`ApiKeyRequired: false`) on an event that handles OPTIONS itself — only where the API has a
 * `DefaultAuthorizer` (`ApiKeyRequired`), as SAM refuses it otherwise. The real requests stay protected.
 */
function fixOf(api: Api, which: 'auth' | 'apiKey', from: string | undefined, at: Located, route: Route): FixDescriptor | undefined {
  const path = at.loc.path;
  const last = path[path.length - 1];
  if (from === 'sam-default') {
    if (last !== (which === 'auth' ? 'DefaultAuthorizer' : 'ApiKeyRequired') || !writtenInPlace(at)) return undefined;
    return preflightFlagFix({ file: at.loc.file, path: path.slice(0, -1) }, which);
  }
  if (from === 'sam-event') {
    if (last !== (which === 'auth' ? 'Authorizer' : 'ApiKeyRequired') || !writtenInPlace(at)) return undefined;
    // what the event writes there: the authorizer's name (AWS_IAM for IAM), or ApiKeyRequired: true
    const written = which === 'apiKey' ? true : route.auth.kind === 'iam' ? 'AWS_IAM' : route.auth.kind === 'authorizer' ? route.auth.authorizer : undefined;
    // SAM takes Authorizer: NONE (ApiKeyRequired: false) on an event only when the API has a DefaultAuthorizer
    // (ApiKeyRequired): it refuses the template otherwise
    const apiDefault: ReadonlyArray<{ known: boolean; value?: unknown }> = (which === 'auth' ? api.sam?.defaultAuthorizer : api.sam?.apiKeyRequired) ?? [];
    const set = apiDefault.length > 0 && apiDefault.every((v) => v.known && (which === 'auth' ? typeof v.value === 'string' && v.value !== 'NONE' : v.value === true));
    if (written === undefined || !set) return undefined;
    const change: Change = { kind: 'set', at: at.loc, value: which === 'auth' ? 'NONE' : false, expect: written };
    return { desc: which === 'auth' ? "Set the OPTIONS event's Auth.Authorizer: NONE" : "Set the OPTIONS event's Auth.ApiKeyRequired: false", changes: [change] };
  }
  return undefined;
}

export default defineRule<CorsModel>({
  id: 'preflight-authorizer',
  severity: 'error',
  summary: 'The OPTIONS preflight requires an authorizer, IAM or an API key: browsers send it without credentials, so every cross-origin call fails.',
  tags: ['cors', 'correctness', 'auth'],
  securitySeverity: 0,
  docs: ruleDocs('preflight-authorizer'),
  check(model, context) {
    for (const api of model.apis) {
      const needs = api.routes.flatMap((route) => {
        if (route.method !== 'OPTIONS') return [];
        // Asked of the simulator: the authorizer, IAM or API key checks that reject a request without credentials.
        const which = preflightRejections(api, route).map((check): 'auth' | 'apiKey' => (check.what === 'api-key' ? 'apiKey' : 'auth'));
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
        const fix = fixOf(api, item.which, item.from, item.at, item.route);
        context.report({ at: item.at, message: message({ api, which: item.which, routes: items.map((n) => n.route), at: item.at }), related, ...(fix ? { fix } : {}) });
      }
    }
  },
});
