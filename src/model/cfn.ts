/**
 * Raw CloudFormation: `AWS::ApiGateway::*` (REST), `AWS::ApiGatewayV2::*` (HTTP, WebSocket), Lambda functions
 * and URLs, S3 bucket CORS rules and CloudFront response-headers policies. This is what hand-written
 * templates, CDK synthesis and SAM's own output look like.
 */
import { intrinsicName, isMapping, type Node } from '../resolve/types.js';
import type { Loc } from '../types.js';
import type { BuildContext } from './context.js';
import { networkOf } from './network.js';
import { bodyRoot, identityHeaders, readOpenApi } from './openapi.js';
import { CLOUDFRONT_FIELDS, HTTP_FIELDS, listCors, S3_FIELDS } from './policy.js';
import { functionIdFromUri, stackOutputOf, integrationType, mappingTemplates, responseHeaders, restOptionsPolicy, noteDeadMappings } from './rest.js';
import { readEnvironment, readLayers } from './function-reach.js';
import type { ResourceEntry } from './resources.js';
import type { Api, AuthorizerType, LambdaFunction, ResponseHeaders, Route, RouteAuth } from './types.js';

/** The logical id a `!Ref X` / `!GetAtt X.Attr` names, or a plain string id. */
export function referencedId(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const raw = node.raw;
  if (isMapping(raw)) {
    const fn = intrinsicName(raw);
    if (fn === 'Ref' && typeof raw.Ref === 'string') return raw.Ref;
    if (fn === 'Fn::GetAtt') {
      const args = raw['Fn::GetAtt'];
      if (Array.isArray(args) && typeof args[0] === 'string') return args[0];
      if (typeof args === 'string') return args.split('.')[0];
    }
  }
  return undefined;
}

/** `!Sub '${X.Attr}'` and `!Sub ['${X.Attr}', {}]`, which CloudFormation resolves as `!GetAtt X.Attr`: `X.Attr`. */
function subAttribute(raw: unknown): string | undefined {
  if (!isMapping(raw) || intrinsicName(raw) !== 'Fn::Sub') return undefined;
  const arg = raw['Fn::Sub'];
  const text = Array.isArray(arg) && (arg.length === 1 || (isMapping(arg[1]) && Object.keys(arg[1]).length === 0)) ? arg[0] : arg;
  const m = typeof text === 'string' ? /^\$\{([A-Za-z0-9]+)\.([A-Za-z0-9.]+)\}$/.exec(text) : null;
  return m ? `${m[1]}.${m[2]}` : undefined;
}

function getAttName(node: Node | undefined): string | undefined {
  const raw = node?.raw;
  const sub = subAttribute(raw);
  if (sub) return sub.split('.').slice(1).join('.');
  if (!isMapping(raw) || intrinsicName(raw) !== 'Fn::GetAtt') return undefined;
  const args = raw['Fn::GetAtt'];
  if (Array.isArray(args) && typeof args[1] === 'string') return args[1];
  if (typeof args === 'string') return args.split('.').slice(1).join('.');
  return undefined;
}

export function buildCfn(ctx: BuildContext, resources: readonly ResourceEntry[]): void {
  const byId = new Map(resources.map((r) => [r.id, r]));
  const apis = new Map<string, Api>();

  for (const entry of resources) {
    if (entry.type === 'AWS::ApiGateway::RestApi') apis.set(entry.id, cfnApi(ctx, entry, 'rest'));
    if (entry.type === 'AWS::ApiGatewayV2::Api') {
      const protocol = (ctx.str(entry.props, 'ProtocolType') ?? 'HTTP').toUpperCase();
      apis.set(entry.id, cfnApi(ctx, entry, protocol === 'WEBSOCKET' ? 'websocket' : 'http'));
    }
    if (entry.type === 'AWS::Lambda::Function') ctx.model.functions.push(cfnFunction(ctx, entry, byId));
    if (entry.type === 'AWS::Lambda::Url') lambdaUrl(ctx, entry, byId);
    if (entry.type === 'AWS::S3::Bucket') s3Rules(ctx, entry);
    if (entry.type === 'AWS::CloudFront::ResponseHeadersPolicy') cloudFront(ctx, entry);
  }

  // REST: resources form paths; methods hang off them.
  const pathCache = new Map<string, string | undefined>();
  const resourcePath = (node: Node | undefined, depth = 0): string | undefined => {
    if (!node || depth > 64) return undefined;
    if (getAttName(node) === 'RootResourceId') return '/';
    const id = referencedId(node);
    if (!id) return undefined;
    if (pathCache.has(id)) return pathCache.get(id);
    const res = byId.get(id);
    if (!res || res.type !== 'AWS::ApiGateway::Resource') return undefined;
    pathCache.set(id, undefined);
    const parent = resourcePath(ctx.prop(res.props, 'ParentId'), depth + 1);
    const part = ctx.str(res.props, 'PathPart');
    const path = parent !== undefined && part !== undefined ? `${parent === '/' ? '' : parent}/${part}` : undefined;
    pathCache.set(id, path);
    return path;
  };

  for (const entry of resources) {
    if (entry.type === 'AWS::ApiGateway::Authorizer') {
      const api = apis.get(referencedId(ctx.prop(entry.props, 'RestApiId')) ?? '');
      if (!api) continue;
      const type = (ctx.str(entry.props, 'Type') ?? '').toUpperCase();
      const source = ctx.str(entry.props, 'IdentitySource');
      const kind: AuthorizerType = type === 'TOKEN' || type === 'REQUEST' || type === 'COGNITO_USER_POOLS' ? type : 'UNKNOWN';
      const headers = source ? identityHeaders([source]) : kind === 'REQUEST' ? [] : ['Authorization'];
      api.authorizers.push({ apiId: api.id, name: entry.id, type: kind, identityHeaders: headers, loc: { ...entry.node.loc, key: true }, when: entry.when });
    }
    if (entry.type === 'AWS::ApiGatewayV2::Authorizer') {
      const api = apis.get(referencedId(ctx.prop(entry.props, 'ApiId')) ?? '');
      if (!api) continue;
      const type = (ctx.str(entry.props, 'AuthorizerType') ?? '').toUpperCase();
      const sources = ctx.listValues(ctx.prop(entry.props, 'IdentitySource')).flatMap((v) => (v.known && typeof v.value === 'string' ? [v.value] : []));
      api.authorizers.push({
        apiId: api.id,
        name: entry.id,
        type: type === 'JWT' ? 'JWT' : type === 'REQUEST' ? 'REQUEST' : 'UNKNOWN',
        identityHeaders: identityHeaders(sources),
        loc: { ...entry.node.loc, key: true },
        when: entry.when,
      });
    }
  }

  const v2Integrations = new Map<string, { functionId?: string; type: Route['integration']['type']; loc: Loc }>();
  for (const entry of resources) {
    if (entry.type !== 'AWS::ApiGatewayV2::Integration') continue;
    const type = integrationType(ctx.str(entry.props, 'IntegrationType'));
    v2Integrations.set(entry.id, {
      type,
      functionId: functionIdFromUri(ctx.prop(entry.props, 'IntegrationUri')?.raw, ctx.lambdaTargets()),
      loc: { ...entry.node.loc, key: true },
    });
  }

  for (const entry of resources) {
    if (entry.type === 'AWS::ApiGateway::Method') {
      const api = apis.get(referencedId(ctx.prop(entry.props, 'RestApiId')) ?? '');
      if (!api) {
        ctx.note('unknown-api', entry.node.loc, `method '${entry.id}' belongs to a REST API that is not in this template`);
        continue;
      }
      const path = resourcePath(ctx.prop(entry.props, 'ResourceId')) ?? '?';
      api.routes.push(cfnMethod(ctx, api, entry, path));
    }
    if (entry.type === 'AWS::ApiGatewayV2::Route') {
      const api = apis.get(referencedId(ctx.prop(entry.props, 'ApiId')) ?? '');
      if (!api) continue;
      const routeKey = ctx.str(entry.props, 'RouteKey');
      if (!routeKey) continue;
      const [method, path] = routeKey === '$default' ? ['ANY', '$default'] : splitRouteKey(routeKey);
      const authType = (ctx.str(entry.props, 'AuthorizationType') ?? 'NONE').toUpperCase();
      const authNode = ctx.prop(entry.props, 'AuthorizationType') ?? entry.node;
      const auth: RouteAuth = { kind: 'none', apiKeyRequired: ctx.resolver.literal(ctx.prop(entry.props, 'ApiKeyRequired')) === true, loc: authNode.loc, reason: `AuthorizationType ${authType}` };
      if (ctx.prop(entry.props, 'AuthorizationType') && ctx.str(entry.props, 'AuthorizationType') === undefined) auth.kind = 'unknown';
      else if (authType === 'AWS_IAM') auth.kind = 'iam';
      else if (authType !== 'NONE') {
        auth.kind = 'authorizer';
        auth.authorizer = referencedId(ctx.prop(entry.props, 'AuthorizerId'));
      }
      const target = ctx.prop(entry.props, 'Target');
      const integrationId = target ? integrationRef(target.raw) : undefined;
      const integration = integrationId ? v2Integrations.get(integrationId) : undefined;
      api.routes.push({
        apiId: api.id,
        method: method.toUpperCase(),
        path,
        origin: 'cfn-route',
        loc: { ...entry.node.loc, key: true },
        when: entry.when,
        auth,
        integration: { type: integration?.type ?? 'unknown', functionId: integration?.functionId, loc: integration?.loc ?? entry.node.loc, responses: [] },
        methodResponses: [],
      });
    }
    if (entry.type === 'AWS::ApiGateway::GatewayResponse') {
      const api = apis.get(referencedId(ctx.prop(entry.props, 'RestApiId')) ?? '');
      if (!api) continue;
      const typeNode = ctx.prop(entry.props, 'ResponseType');
      const headers = responseHeaders(ctx, ctx.prop(entry.props, 'ResponseParameters'), 'gatewayresponse.header.', entry.node);
      const status = ctx.resolver.literal(ctx.prop(entry.props, 'StatusCode'));
      api.gatewayResponses.push({
        ...headers,
        loc: { ...entry.node.loc, key: true },
        apiId: api.id,
        type: ctx.str(typeNode) ?? '?',
        typeLoc: typeNode?.loc ?? entry.node.loc,
        statusCode: status === undefined || status === null ? undefined : String(status),
      });
    }
    if (entry.type === 'AWS::ApiGateway::RequestValidator') {
      const api = apis.get(referencedId(ctx.prop(entry.props, 'RestApiId')) ?? '');
      if (api) api.hasRequestValidation = true;
    }
  }

  for (const api of apis.values()) {
    ctx.model.apis.push(api);
    if (api.cors) ctx.model.policies.push(api.cors);
  }
}

function splitRouteKey(key: string): [string, string] {
  const space = key.indexOf(' ');
  return space < 0 ? [key, '?'] : [key.slice(0, space), key.slice(space + 1).trim()];
}

/** `integrations/<id>` written as `!Join ['/', ['integrations', !Ref X]]` or `!Sub integrations/${X}`. */
function integrationRef(raw: unknown): string | undefined {
  if (typeof raw === 'string') return undefined;
  if (!isMapping(raw)) return undefined;
  const fn = intrinsicName(raw);
  if (fn === 'Fn::Sub' && typeof raw['Fn::Sub'] === 'string') return /integrations\/\$\{([A-Za-z0-9]+)\}/.exec(raw['Fn::Sub'])?.[1];
  if (fn === 'Fn::Join' && Array.isArray(raw['Fn::Join']) && Array.isArray(raw['Fn::Join'][1])) {
    for (const part of raw['Fn::Join'][1]) {
      if (isMapping(part) && typeof part.Ref === 'string') return part.Ref;
    }
  }
  return undefined;
}

function cfnApi(ctx: BuildContext, entry: ResourceEntry, kind: Api['kind']): Api {
  const label = `${kind === 'rest' ? 'REST' : kind === 'http' ? 'HTTP' : 'WebSocket'} API '${entry.id}'`;
  const api: Api = { id: entry.id, kind, source: 'cfn', implicit: false, label, loc: { ...entry.node.loc, key: true }, when: entry.when, routes: [], authorizers: [], gatewayResponses: [] };
  const props = entry.props;
  const binary = kind === 'rest' ? ctx.prop(props, 'BinaryMediaTypes') : undefined;
  if (binary) api.binaryMediaTypes = ctx.listValues(binary);
  if (kind === 'rest') api.network = networkOf(ctx, props, 'cfn');
  const body = ctx.prop(props, 'Body');
  let doc: Node | undefined;
  if (body) doc = bodyRoot(ctx, body);
  const s3 = ctx.prop(props, 'BodyS3Location');
  if (!doc && s3) {
    // Before `aws cloudformation package`, BodyS3Location may name a local file next to the template.
    const local = ctx.str(s3);
    if (local !== undefined) doc = ctx.external(local, s3.loc);
    else ctx.note('remote-openapi', s3.loc, 'BodyS3Location points at S3; the OpenAPI document is not checked');
  }
  if (!doc && (body || s3)) api.bodyUnknown = true;
  if (doc) {
    api.body = doc.loc;
    api.routes.push(...readOpenApi(ctx, api, doc).routes);
  }
  if (kind !== 'rest') {
    const cors = ctx.prop(props, 'CorsConfiguration');
    // Both a CorsConfiguration and a body x-amazon-apigateway-cors: keep both policies for the rules to see;
    // the property is taken as the API's.
    if (cors && api.cors) ctx.model.policies.push(api.cors);
    if (cors) api.cors = listCors(ctx, { surface: 'http', source: 'cfn-http-cors', owner: api.id, label: api.label, apiId: api.id }, cors, HTTP_FIELDS);
    const target = ctx.prop(props, 'Target');
    if (target && kind === 'http') {
      // Quick create: a $default route to the target, without authorization.
      api.routes.push({
        apiId: api.id,
        method: 'ANY',
        path: '$default',
        origin: 'cfn-route',
        loc: { ...target.loc, key: true },
        when: entry.when,
        auth: { kind: 'none', apiKeyRequired: false, loc: target.loc, reason: 'quick-create route' },
        integration: { type: 'lambda-proxy', functionId: functionIdFromUri(target.raw, ctx.lambdaTargets()) ?? referencedId(target), loc: target.loc, responses: [] },
        methodResponses: [],
      });
    }
  }
  return api;
}

function cfnMethod(ctx: BuildContext, api: Api, entry: ResourceEntry, path: string): Route {
  const props = entry.props;
  const method = (ctx.str(props, 'HttpMethod') ?? '?').toUpperCase();
  const authTypeNode = ctx.prop(props, 'AuthorizationType');
  const authType = (ctx.str(authTypeNode) ?? 'NONE').toUpperCase();
  const authorizerNode = ctx.prop(props, 'AuthorizerId');
  const keyNode = ctx.prop(props, 'ApiKeyRequired');
  const auth: RouteAuth = { kind: 'none', apiKeyRequired: false, loc: authTypeNode?.loc ?? entry.node.loc, reason: `AuthorizationType ${authType}` };
  if (authTypeNode && ctx.str(authTypeNode) === undefined) auth.kind = 'unknown';
  else if (authType === 'AWS_IAM') auth.kind = 'iam';
  else if (authType !== 'NONE' || authorizerNode) {
    auth.kind = 'authorizer';
    auth.authorizer = referencedId(authorizerNode);
    if (authorizerNode && authType === 'NONE') {
      auth.loc = authorizerNode.loc;
      auth.reason = `AuthorizerId '${auth.authorizer ?? '?'}'`;
    }
  }
  const keyValue = keyNode ? ctx.resolver.literal(keyNode) : undefined;
  if (keyValue === true || keyValue === 'true') {
    auth.apiKeyRequired = true;
    auth.apiKeyLoc = keyNode!.loc;
  }
  const integrationNode = ctx.prop(props, 'Integration');
  const responses: ResponseHeaders[] = [];
  const irs = ctx.prop(integrationNode, 'IntegrationResponses');
  for (const item of irs ? ctx.resolver.items(irs) : []) {
    const status = ctx.resolver.literal(ctx.prop(item, 'StatusCode'));
    const templates = mappingTemplates(ctx, ctx.prop(item, 'ResponseTemplates'));
    responses.push({
      ...responseHeaders(ctx, ctx.prop(item, 'ResponseParameters'), 'method.response.header.', item),
      statusCode: status === undefined || status === null ? undefined : String(status),
      ...(templates.length > 0 ? { templates } : {}),
    });
  }
  const methodResponses: ResponseHeaders[] = [];
  const mrs = ctx.prop(props, 'MethodResponses');
  for (const item of mrs ? ctx.resolver.items(mrs) : []) {
    const status = ctx.resolver.literal(ctx.prop(item, 'StatusCode'));
    const declared = responseHeaders(ctx, ctx.prop(item, 'ResponseParameters'), 'method.response.header.', item);
    methodResponses.push({ ...declared, headers: {}, statusCode: status === undefined || status === null ? undefined : String(status) });
  }
  const route: Route = {
    apiId: api.id,
    method,
    path,
    origin: 'cfn-method',
    loc: { ...entry.node.loc, key: true },
    when: entry.when,
    auth,
    integration: {
      type: integrationType(ctx.str(integrationNode, 'Type')),
      functionId: functionIdFromUri(ctx.prop(integrationNode, 'Uri')?.raw, ctx.lambdaTargets()),
      ...stackOutputOf(ctx.prop(integrationNode, 'Uri')?.raw),
      loc: integrationNode?.loc ?? entry.node.loc,
      responses,
      contentHandling: ctx.written(integrationNode, 'ContentHandling'),
    },
    methodResponses,
  };
  noteDeadMappings(ctx, `${api.label} ${method} ${path}`, route.integration);
  if (method === 'OPTIONS') {
    route.preflight = restOptionsPolicy(ctx, { owner: entry.id, label: `${api.label} OPTIONS ${path}`, apiId: api.id, path }, { ...entry.node, loc: { ...entry.node.loc, key: true } }, responses);
    ctx.model.policies.push(route.preflight);
  }
  return route;
}

function cfnFunction(ctx: BuildContext, entry: ResourceEntry, byId: ReadonlyMap<string, ResourceEntry>): LambdaFunction {
  const props = entry.props;
  const code = ctx.prop(props, 'Code');
  const layers = readLayers(ctx, props, byId);
  const environment = readEnvironment(ctx, props);
  return {
    id: entry.id,
    source: 'cfn',
    loc: { ...entry.node.loc, key: true },
    when: entry.when,
    runtime: ctx.written(props, 'Runtime'),
    handler: ctx.written(props, 'Handler'),
    inlineCode: ctx.written(code, 'ZipFile'),
    image: ctx.str(props, 'PackageType') === 'Image' || ctx.prop(code, 'ImageUri') !== undefined,
    ...(layers ? { layers } : {}),
    ...(environment ? { environment } : {}),
  };
}

function lambdaUrl(ctx: BuildContext, entry: ResourceEntry, byId: ReadonlyMap<string, ResourceEntry>): void {
  const cors = ctx.prop(entry.props, 'Cors');
  if (!cors) return;
  let target = referencedId(ctx.prop(entry.props, 'TargetFunctionArn')) ?? entry.id;
  // A URL on an alias or version (SAM's AutoPublishAlias) belongs to the function behind it.
  const alias = byId.get(target);
  if (alias && (alias.type === 'AWS::Lambda::Alias' || alias.type === 'AWS::Lambda::Version')) {
    target = referencedId(ctx.prop(alias.props, 'FunctionName')) ?? target;
  }
  const policy = listCors(ctx, { surface: 'function-url', source: 'cfn-function-url', owner: target, label: `function URL '${entry.id}'` }, cors, HTTP_FIELDS);
  policy.authType = ctx.values(ctx.prop(entry.props, 'AuthType'));
  policy.originAccessControl = ctx.lambdaOriginAccessControl();
  ctx.model.policies.push(policy);
}

function s3Rules(ctx: BuildContext, entry: ResourceEntry): void {
  const rules = ctx.prop(ctx.prop(entry.props, 'CorsConfiguration'), 'CorsRules');
  if (!rules) return;
  ctx.resolver.items(rules).forEach((rule, i) => {
    const id = ctx.str(rule, 'Id');
    const label = `bucket '${entry.id}' CORS rule ${id ? `'${id}'` : i + 1}`;
    ctx.model.policies.push(listCors(ctx, { surface: 's3', source: 's3', owner: entry.id, label }, rule, S3_FIELDS));
  });
}

function cloudFront(ctx: BuildContext, entry: ResourceEntry): void {
  const config = ctx.prop(ctx.prop(entry.props, 'ResponseHeadersPolicyConfig'), 'CorsConfig');
  if (!config) return;
  const policy = listCors(ctx, { surface: 'cloudfront', source: 'cloudfront', owner: entry.id, label: `response headers policy '${entry.id}'` }, config, CLOUDFRONT_FIELDS);
  policy.originOverride = ctx.values(ctx.prop(config, 'OriginOverride'));
  ctx.model.policies.push(policy);
}

