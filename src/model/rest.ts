/** REST API pieces shared by raw CloudFormation methods and OpenAPI operations. */
import { intrinsicName, isMapping, type Node } from '../resolve/types.js';
import type { BuildContext } from './context.js';
import type { CorsPolicy, Integration, IntegrationType, ResponseHeaders, Scalar, SettingVal } from './types.js';

export function integrationType(text: string | undefined): IntegrationType {
  switch ((text ?? '').toLowerCase()) {
    case 'aws_proxy':
      return 'lambda-proxy';
    case 'http_proxy':
      return 'http-proxy';
    case 'mock':
      return 'mock';
    case 'aws':
      return 'aws';
    case 'http':
      return 'http';
    default:
      return 'unknown';
  }
}

/**
 * The logical id of the Lambda function of the template an integration URI names, in any form SAM and
 * CloudFormation accept: `!GetAtt F.Arn` anywhere inside it, `${F.Arn}` (or `${F.Alias}`) in a `!Sub` string, the
 * function's name in an ARN built by hand (`:function:${F}/invocations`, a `!Sub` variable or an `!Join` part that
 * is `!Ref F`), or an alias or version of it. `targets` maps each function's logical id to itself and each alias
 * or version to its function; a name that is not a key of it is not a function of the template.
 */
export function functionIdFromUri(raw: unknown, targets: ReadonlyMap<string, string>, depth = 0, vars: ReadonlyMap<string, unknown> = new Map()): string | undefined {
  if (depth > 20 || raw === null || raw === undefined) return undefined;
  const target = (id: unknown): string | undefined => (typeof id === 'string' ? targets.get(id) : undefined);
  if (typeof raw === 'string') {
    for (const m of raw.matchAll(/\$\{([A-Za-z0-9]+)(?:\.(Arn|Alias))?\}/g)) {
      const [, name, attribute] = m;
      const variable = vars.get(name!);
      if (variable !== undefined && !attribute) {
        const found = functionIdFromUri(variable, targets, depth + 1);
        if (found) return found;
        continue;
      }
      // `${F}` is the function's name: an ARN built from it names the function only after `:function:`; `${A}` of
      // an alias or version is its ARN.
      const alias = targets.has(name!) && targets.get(name!) !== name;
      if (attribute || alias || raw.slice(0, m.index).endsWith(':function:')) {
        const found = target(name);
        if (found) return found;
      }
    }
    return undefined;
  }
  if (Array.isArray(raw)) {
    for (const item of raw) {
      const found = functionIdFromUri(item, targets, depth + 1, vars);
      if (found) return found;
    }
    return undefined;
  }
  if (isMapping(raw)) {
    const fn = intrinsicName(raw);
    if (fn === 'Fn::GetAtt') {
      const args = raw['Fn::GetAtt'];
      const [id, attribute] = Array.isArray(args) ? args : typeof args === 'string' ? [args.split('.')[0], args.split('.').slice(1).join('.')] : [];
      return attribute === 'Arn' || attribute === 'Alias' ? target(id) : undefined;
    }
    if (fn === 'Ref') return target(raw.Ref);
    if (fn === 'Fn::Sub' && Array.isArray(raw['Fn::Sub']) && isMapping(raw['Fn::Sub'][1])) {
      const [text, variables] = raw['Fn::Sub'] as [unknown, Record<string, unknown>];
      return functionIdFromUri(text, targets, depth + 1, new Map(Object.entries(variables)));
    }
    for (const value of Object.values(raw)) {
      const found = functionIdFromUri(value, targets, depth + 1, vars);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The stack output an integration URI takes its function from (`${App.Outputs.FnArn}`, `!GetAtt App.Outputs.FnArn`):
 * a function of a nested application or stack, which is linted as its own template.
 */
export function stackOutputFromUri(raw: unknown, depth = 0): { stack: string; output: string } | undefined {
  if (depth > 20 || raw === null || raw === undefined) return undefined;
  if (typeof raw === 'string') {
    const m = /\$\{([A-Za-z0-9]+)\.Outputs\.([A-Za-z0-9]+)\}/.exec(raw);
    return m ? { stack: m[1]!, output: m[2]! } : undefined;
  }
  if (Array.isArray(raw)) {
    for (const item of raw) {
      const found = stackOutputFromUri(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (isMapping(raw)) {
    if (intrinsicName(raw) === 'Fn::GetAtt') {
      const args = raw['Fn::GetAtt'];
      const [stack, attr] = Array.isArray(args) ? args : typeof args === 'string' ? [args.split('.')[0], args.split('.').slice(1).join('.')] : [];
      if (typeof stack === 'string' && typeof attr === 'string' && attr.startsWith('Outputs.')) return { stack, output: attr.slice('Outputs.'.length) };
    }
    for (const value of Object.values(raw)) {
      const found = stackOutputFromUri(value, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** `{ stackOutput }` for an integration whose URI takes its function from a stack output, else nothing. */
export function stackOutputOf(raw: unknown): { stackOutput?: { stack: string; output: string } } {
  const found = stackOutputFromUri(raw);
  return found ? { stackOutput: found } : {};
}

/**
 * Header mappings of a response: `method.response.header.X` / `gatewayresponse.header.X` keys with their
 * values read as mapping expressions. Header names are lower-cased for lookup; `headerKeys` keeps them as written.
 */
export function responseHeaders(ctx: BuildContext, params: Node | undefined, prefix: string, owner: Node): ResponseHeaders {
  const out: ResponseHeaders = { loc: owner.loc, via: owner.via, when: owner.when, headers: {}, headerKeys: [] };
  for (const alt of params ? ctx.resolver.alts(params) : []) {
    if (!isMapping(alt.raw) || intrinsicName(alt.raw)) out.opaque = true;
    for (const [key, value] of ctx.resolver.entries(alt)) {
      if (!key.toLowerCase().startsWith(prefix)) continue;
      const name = key.slice(prefix.length);
      out.headerKeys.push({ name, loc: { ...value.loc, key: true } });
      const lower = name.toLowerCase();
      (out.headers[lower] ??= []).push(...ctx.restValues(value));
    }
  }
  return out;
}

/** An integration response's mapping templates, by content type (VTL that may override response headers). */
export function mappingTemplates(ctx: BuildContext, templates: Node | undefined): NonNullable<ResponseHeaders['templates']> {
  const out: NonNullable<ResponseHeaders['templates']> = [];
  for (const alt of templates ? ctx.resolver.alts(templates) : []) {
    for (const [contentType, text] of ctx.resolver.entries(alt)) {
      for (const val of ctx.values(text)) out.push({ contentType, val });
    }
  }
  return out;
}

/** Values of one header across responses. */
export function headerValues(responses: readonly ResponseHeaders[], name: string): SettingVal<Scalar>[] {
  return responses.flatMap((r) => r.headers[name.toLowerCase()] ?? []);
}

/**
 * The preflight policy of a REST OPTIONS method (raw `AWS::ApiGateway::Method` or OpenAPI `options`): the CORS
 * headers its integration responses map.
 */
export function restOptionsPolicy(
  _ctx: BuildContext,
  head: { owner: string; label: string; apiId: string; path: string },
  method: Node,
  responses: readonly ResponseHeaders[],
): CorsPolicy {
  return {
    surface: 'rest',
    source: 'rest-options',
    owner: head.owner,
    label: head.label,
    apiId: head.apiId,
    path: head.path,
    loc: method.loc,
    via: method.via,
    when: method.when,
    origins: headerValues(responses, 'Access-Control-Allow-Origin'),
    methods: headerValues(responses, 'Access-Control-Allow-Methods'),
    headers: headerValues(responses, 'Access-Control-Allow-Headers'),
    exposeHeaders: headerValues(responses, 'Access-Control-Expose-Headers'),
    credentials: headerValues(responses, 'Access-Control-Allow-Credentials'),
    maxAge: headerValues(responses, 'Access-Control-Max-Age'),
  };
}

/** Whether an integration passes the backend's answer through (Lambda or HTTP proxy): its integration responses do nothing. */
export function isProxy(integration: Pick<Integration, 'type'>): boolean {
  return integration.type === 'lambda-proxy' || integration.type === 'http-proxy';
}

/**
 * Notes the CORS header mappings of a proxy integration's responses: API Gateway sends the backend's own headers,
 * so these are never sent (the rules judge the handler and the preflight instead).
 */
export function noteDeadMappings(ctx: BuildContext, where: string, integration: Integration): void {
  if (!isProxy(integration)) return;
  for (const response of integration.responses) {
    const cors = response.headerKeys.filter((k) => k.name.toLowerCase().startsWith('access-control-'));
    if (cors.length === 0) continue;
    ctx.note('dead-mapping', cors[0]!.loc, `${where} maps ${cors.map((k) => k.name).join(', ')} on a ${integration.type === 'lambda-proxy' ? 'Lambda' : 'HTTP'} proxy integration, whose integration responses API Gateway does not use: the ${integration.type === 'lambda-proxy' ? "function's" : "backend's"} own headers are sent instead`);
  }
}
