/**
 * OpenAPI 2 and 3 bodies (SAM `DefinitionBody`/`DefinitionUri`, CloudFormation `Body`/`BodyS3Location`, and
 * `AWS::Include`): operations with their `security` and `x-amazon-apigateway-integration`, authorizers,
 * gateway responses and `x-amazon-apigateway-cors`.
 */
import { intrinsicName, isMapping, type Node } from '../resolve/types.js';
import type { Cond, Loc } from '../types.js';
import type { BuildContext } from './context.js';
import { listCors, OPENAPI_HTTP_FIELDS } from './policy.js';
import { functionIdFromUri, stackOutputOf, integrationType, mappingTemplates, responseHeaders, restOptionsPolicy, noteDeadMappings } from './rest.js';
import type { Api, AuthorizerType, GatewayResponse, Route, RouteAuth } from './types.js';

export const OPENAPI_METHODS: Record<string, string> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  delete: 'DELETE',
  options: 'OPTIONS',
  head: 'HEAD',
  patch: 'PATCH',
  'x-amazon-apigateway-any-method': 'ANY',
};

interface Scheme {
  /** `unenforced`: a scheme API Gateway does not enforce (no `x-amazon-apigateway-authorizer`, not SigV4, not its API key). */
  kind: 'api-key' | 'iam' | 'authorizer' | 'unenforced';
  type: AuthorizerType;
  headers: string[];
  loc: Node['loc'];
}

/** The body of an API: an inline mapping, or an `AWS::Include` / `Fn::Transform` of a local file. */
export function bodyRoot(ctx: BuildContext, body: Node): Node | undefined {
  const alts = ctx.resolver.alts(body);
  const alt = alts[0];
  if (!alt) return undefined;
  if (intrinsicName(alt.raw) === 'Fn::Transform') {
    const transform = ctx.prop(alt, 'Fn::Transform');
    const name = ctx.str(transform, 'Name');
    const location = ctx.str(ctx.prop(transform, 'Parameters'), 'Location');
    if (name === 'AWS::Include' && location) return ctx.external(location, ctx.prop(ctx.prop(transform, 'Parameters'), 'Location')!.loc);
    ctx.note('opaque-openapi-body', alt.loc, 'a Fn::Transform body that is not a local AWS::Include is not checked');
    return undefined;
  }
  if (!isMapping(alt.raw) || intrinsicName(alt.raw)) {
    ctx.note('opaque-openapi-body', alt.loc, 'the API body is not an inline OpenAPI document; it is not checked');
    return undefined;
  }
  return alt;
}

/** Reads the security schemes an OpenAPI document defines. */
function readSchemes(ctx: BuildContext, doc: Node): Map<string, Scheme> {
  const schemes = new Map<string, Scheme>();
  const containers = [ctx.prop(doc, 'securityDefinitions'), ctx.prop(ctx.prop(doc, 'components'), 'securitySchemes')];
  for (const container of containers) {
    if (!container) continue;
    for (const [name, def] of ctx.resolver.entries(container)) {
      const type = ctx.str(def, 'type')?.toLowerCase();
      const authType = ctx.str(def, 'x-amazon-apigateway-authtype')?.toLowerCase();
      const authorizer = ctx.prop(def, 'x-amazon-apigateway-authorizer');
      if (authType === 'awssigv4' || authType === 'aws_iam') {
        schemes.set(name, { kind: 'iam', type: 'IAM', headers: SIGV4_HEADERS, loc: def.loc });
      } else if (authorizer) {
        const azType = (ctx.str(authorizer, 'type') ?? '').toLowerCase();
        const type: AuthorizerType =
          azType === 'token' ? 'TOKEN' : azType === 'request' ? 'REQUEST' : azType === 'cognito_user_pools' ? 'COGNITO_USER_POOLS' : azType === 'jwt' ? 'JWT' : 'UNKNOWN';
        const identityNode = ctx.prop(authorizer, 'identitySource');
        const identity = ctx.listValues(identityNode);
        let headers = identityHeaders(identity.flatMap((v) => (v.known && typeof v.value === 'string' ? [v.value] : [])));
        // Without an identity source, TOKEN, Cognito and JWT authorizers read the Authorization header.
        if (!identityNode && type !== 'REQUEST') {
          const headerName = ctx.str(def, 'name');
          headers = [headerName && ctx.str(def, 'in') === 'header' ? headerName : 'Authorization'];
        }
        schemes.set(name, { kind: 'authorizer', type, headers, loc: def.loc });
      } else if (type === 'apikey') {
        const header = ctx.str(def, 'name') ?? 'x-api-key';
        if (header.toLowerCase() === 'x-api-key') schemes.set(name, { kind: 'api-key', type: 'UNKNOWN', headers: ['X-Api-Key'], loc: def.loc });
        else schemes.set(name, { kind: 'authorizer', type: 'UNKNOWN', headers: [header], loc: def.loc });
      } else if (type === 'oauth2' || type === 'openidconnect' || type === 'http') {
        // API Gateway enforces a bearer, OAuth 2 or OpenID Connect scheme only through an authorizer it describes
        // in x-amazon-apigateway-authorizer; without one the scheme is documentation.
        schemes.set(name, { kind: 'unenforced', type: 'UNKNOWN', headers: [], loc: def.loc });
      }
    }
  }
  return schemes;
}

export const SIGV4_HEADERS = ['Authorization', 'X-Amz-Date', 'X-Amz-Security-Token'];

/** Header names in identity sources: `method.request.header.X`, `$request.header.X`, `route.request.header.X`. */
export function identityHeaders(sources: readonly string[]): string[] {
  const out: string[] = [];
  for (const source of sources) {
    for (const part of source.split(',')) {
      const m = /(?:^|\.)request\.header\.([^\s,]+)$/i.exec(part.trim()) ?? /^\$request\.header\.([^\s,]+)$/i.exec(part.trim());
      if (m) out.push(m[1]!);
    }
  }
  return out;
}

/** The scheme names an operation's `security` requirements list, in order. */
function requirementNames(ctx: BuildContext, security: Node): string[] {
  const names: string[] = [];
  for (const requirement of ctx.resolver.items(security)) {
    for (const [name] of ctx.resolver.entries(requirement)) names.push(name);
  }
  return names;
}

/** Reads an operation's (or the root's) `security` into an authorization. */
function readSecurity(ctx: BuildContext, security: Node, schemes: Map<string, Scheme>, fallbackLoc: Node['loc']): RouteAuth {
  const auth: RouteAuth = { kind: 'none', apiKeyRequired: false, loc: security.loc ?? fallbackLoc, reason: 'security' };
  const requirements = ctx.resolver.items(security);
  for (const requirement of requirements) {
    if (!isMapping(requirement.raw) || intrinsicName(requirement.raw)) {
      if (requirement.raw !== undefined) auth.kind = auth.kind === 'none' ? 'unknown' : auth.kind;
      continue;
    }
    for (const [name] of ctx.resolver.entries(requirement)) {
      if (name === 'NONE') continue;
      const scheme = schemes.get(name);
      if (scheme?.kind === 'unenforced') {
        if (auth.kind === 'none' && !auth.apiKeyRequired) auth.reason = `security requirement '${name}', which API Gateway does not enforce`;
        continue;
      }
      if (name === 'api_key' || scheme?.kind === 'api-key') {
        auth.apiKeyRequired = true;
        auth.apiKeyLoc = requirement.loc;
        continue;
      }
      if (auth.kind !== 'none') continue;
      if (scheme?.kind === 'iam' || (!scheme && name === 'AWS_IAM')) {
        auth.kind = 'iam';
        auth.reason = `security requirement '${name}' (IAM)`;
      } else {
        auth.kind = 'authorizer';
        auth.authorizer = name;
        auth.reason = `security requirement '${name}'`;
      }
      auth.loc = requirement.loc;
    }
  }
  if (auth.kind === 'none' && auth.apiKeyRequired) auth.reason = 'API key required by security';
  return auth;
}

export interface OpenApiResult {
  routes: Route[];
  /** Paths that have an `options` operation. */
  optionsPaths: Set<string>;
  /** Every path item in document order (one per alternative), with its keys as written (`get`, `parameters`, …). */
  pathItems: Array<{ path: string; keys: string[]; when: Cond[] }>;
  /** Authorization the root `security` gives to operations without their own, if any. */
  rootAuth?: RouteAuth;
  /**
   * What each operation says about itself, as SAM reads it when it applies an API's default authorizer and API
   * key: the names in its `security` requirements (absent without a `security` key), and whether it has an
   * `x-amazon-apigateway-integration`.
   */
  operations: Map<Route, OperationSecurity>;
}

export interface OperationSecurity {
  names?: string[];
  loc?: Loc;
  hasIntegration: boolean;
}

/**
 * Reads an OpenAPI body into an API: routes (with authorization and integration), authorizers, gateway
 * responses, `x-amazon-apigateway-cors` (HTTP APIs) and request validators.
 */
export function readOpenApi(ctx: BuildContext, api: Api, doc: Node): OpenApiResult {
  const schemes = readSchemes(ctx, doc);
  for (const [name, scheme] of schemes) {
    if (scheme.kind === 'unenforced') {
      // SAM writes its own definition for an authorizer of that name (`Auth.Authorizers`), which API Gateway enforces.
      const sam = api.authorizers.find((a) => a.name === name);
      if (sam) schemes.set(name, { kind: 'authorizer', type: sam.type, headers: sam.identityHeaders, loc: scheme.loc });
      else ctx.note('unenforced-auth', { ...scheme.loc, key: true }, `security scheme '${name}' has no x-amazon-apigateway-authorizer: API Gateway does not enforce it, so the operations that require it are not protected by it`);
      continue;
    }
    if (scheme.kind === 'api-key') continue;
    if (!api.authorizers.some((a) => a.name === name)) {
      api.authorizers.push({ apiId: api.id, name, type: scheme.type, identityHeaders: scheme.headers, loc: scheme.loc, when: doc.when });
    }
  }
  const rootSecurity = ctx.prop(doc, 'security');
  const rootAuth = rootSecurity ? readSecurity(ctx, rootSecurity, schemes, doc.loc) : undefined;
  const rootApplies = rootAuth !== undefined && (rootAuth.kind !== 'none' || rootAuth.apiKeyRequired);
  const result: OpenApiResult = { routes: [], optionsPaths: new Set(), pathItems: [], rootAuth: rootApplies ? rootAuth : undefined, operations: new Map() };

  const binary = api.kind === 'rest' ? ctx.prop(doc, 'x-amazon-apigateway-binary-media-types') : undefined;
  if (binary) api.binaryMediaTypes = [...(api.binaryMediaTypes ?? []), ...ctx.listValues(binary)];

  if (ctx.prop(doc, 'x-amazon-apigateway-request-validators') || ctx.prop(doc, 'x-amazon-apigateway-request-validator')) {
    api.hasRequestValidation = true;
  }

  const paths = ctx.prop(doc, 'paths');
  for (const pathsAlt of paths ? ctx.resolver.alts(paths) : []) {
    for (const [path, item] of ctx.resolver.entries(pathsAlt)) {
      for (const itemAlt of ctx.resolver.alts(item)) {
        const keys = ctx.resolver.entries(itemAlt).map(([key]) => key);
        // SAM writes an HTTP API's default route as the path `/$default` marked `isDefaultRoute`.
        const routePath = api.kind === 'http' && (path === '/$default' || path === '$default') ? '$default' : path;
        result.pathItems.push({ path: routePath, keys, when: itemAlt.when });
        for (const [key, op] of ctx.resolver.entries(itemAlt)) {
          const method = OPENAPI_METHODS[key.toLowerCase()];
          if (!method) continue;
          for (const opAlt of ctx.resolver.alts(op)) {
            const route = readOperation(ctx, api, routePath, method, opAlt, schemes, result.rootAuth);
            const security = ctx.prop(opAlt, 'security');
            result.operations.set(route, {
              names: security ? requirementNames(ctx, security) : undefined,
              loc: security?.loc,
              hasIntegration: ctx.prop(opAlt, 'x-amazon-apigateway-integration') !== undefined,
            });
            if (ctx.prop(opAlt, 'x-amazon-apigateway-request-validator')) api.hasRequestValidation = true;
            result.routes.push(route);
            if (method === 'OPTIONS') result.optionsPaths.add(routePath);
          }
        }
      }
    }
  }

  const responses = ctx.prop(doc, 'x-amazon-apigateway-gateway-responses');
  for (const alt of responses ? ctx.resolver.alts(responses) : []) {
    for (const [type, def] of ctx.resolver.entries(alt)) {
      const headers = responseHeaders(ctx, ctx.prop(def, 'responseParameters'), 'gatewayresponse.header.', def);
      const statusCode = ctx.str(def, 'statusCode') ?? numberText(ctx.resolver.literal(ctx.prop(def, 'statusCode')));
      const response: GatewayResponse = { ...headers, apiId: api.id, type, typeLoc: { ...def.loc, key: true }, statusCode };
      api.gatewayResponses.push(response);
    }
  }

  const cors = ctx.prop(doc, 'x-amazon-apigateway-cors');
  if (cors && api.kind !== 'rest') {
    api.cors = listCors(ctx, { surface: 'http', source: 'openapi-http-cors', owner: api.id, label: api.label, apiId: api.id }, cors, OPENAPI_HTTP_FIELDS);
  }
  return result;
}

function numberText(value: unknown): string | undefined {
  return typeof value === 'number' ? String(value) : undefined;
}

function readOperation(
  ctx: BuildContext,
  api: Api,
  path: string,
  method: string,
  op: Node,
  schemes: Map<string, Scheme>,
  rootAuth: RouteAuth | undefined,
): Route {
  const security = ctx.prop(op, 'security');
  const auth: RouteAuth = security
    ? readSecurity(ctx, security, schemes, op.loc)
    : rootAuth
      ? { ...rootAuth, reason: `${rootAuth.reason} at the root of the OpenAPI document (inherited)` }
      : { kind: 'none', apiKeyRequired: false, loc: op.loc, reason: 'no security' };
  if (!security && rootAuth) auth.loc = rootAuth.loc;
  const integrationNode = ctx.prop(op, 'x-amazon-apigateway-integration');
  const integration = {
    type: integrationType(ctx.str(integrationNode, 'type')),
    functionId: integrationNode ? functionIdFromUri(ctx.prop(integrationNode, 'uri')?.raw, ctx.lambdaTargets()) : undefined,
    ...stackOutputOf(ctx.prop(integrationNode, 'uri')?.raw),
    loc: integrationNode?.loc ?? op.loc,
    responses: [] as Route['integration']['responses'],
    contentHandling: ctx.written(integrationNode, 'contentHandling'),
  };
  const responses = ctx.prop(integrationNode, 'responses');
  for (const alt of responses ? ctx.resolver.alts(responses) : []) {
    for (const [, response] of ctx.resolver.entries(alt)) {
      const statusCode = ctx.str(response, 'statusCode') ?? numberText(ctx.resolver.literal(ctx.prop(response, 'statusCode')));
      const templates = mappingTemplates(ctx, ctx.prop(response, 'responseTemplates'));
      integration.responses.push({
        ...responseHeaders(ctx, ctx.prop(response, 'responseParameters'), 'method.response.header.', response),
        statusCode,
        ...(templates.length > 0 ? { templates } : {}),
      });
    }
  }
  if (api.kind === 'rest') noteDeadMappings(ctx, `${api.label} ${method} ${path}`, integration);
  const methodResponses = [];
  const declared = ctx.prop(op, 'responses');
  for (const alt of declared ? ctx.resolver.alts(declared) : []) {
    for (const [statusCode, response] of ctx.resolver.entries(alt)) {
      const headersNode = ctx.prop(response, 'headers');
      const headerKeys = headersNode ? ctx.resolver.entries(headersNode).map(([name, n]) => ({ name, loc: { ...n.loc, key: true } })) : [];
      methodResponses.push({ loc: response.loc, statusCode, headers: {}, headerKeys, via: response.via, when: response.when });
    }
  }
  const route: Route = {
    apiId: api.id,
    method,
    path,
    origin: 'openapi',
    loc: { ...op.loc, key: true },
    via: op.via,
    when: op.when,
    auth,
    integration,
    methodResponses,
  };
  if (method === 'OPTIONS' && api.kind === 'rest') {
    route.preflight = restOptionsPolicy(ctx, { owner: api.id, label: `${api.label} OPTIONS ${path}`, apiId: api.id, path }, op, integration.responses);
    ctx.model.policies.push(route.preflight);
  }
  return route;
}

