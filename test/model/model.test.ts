/**
 * Model snapshots: one template per source the model reads (SAM REST and HTTP APIs with Globals, OpenAPI bodies
 * inline, in a local file and through AWS::Include, raw REST and HTTP resources, function URLs, S3 and
 * CloudFront), printed as `--print-model` prints them. Each snapshot is backed by assertions on the facts that
 * matter most, so a snapshot update cannot quietly accept a wrong model.
 */
import { join } from 'node:path';
import { lint } from '../../src/index.js';
import type { Api, CorsModel, CorsPolicy, Route } from '../../src/model/types.js';
import { modelToJson } from '../../src/model/print.js';

const TEMPLATES = join(__dirname, 'templates');

async function modelOf(name: string): Promise<{ model: CorsModel; json: unknown }> {
  const run = await lint([join(TEMPLATES, name)], { cwd: TEMPLATES, modelOnly: true });
  expect(run.results.flatMap((r) => r.messages.filter((m) => m.fatal))).toEqual([]);
  const [[file, model]] = [...run.models];
  return { model: model!, json: modelToJson(model!, run.locators!.get(file!)!, TEMPLATES) };
}

const api = (model: CorsModel, id: string): Api => model.apis.find((a) => a.id === id)!;
const route = (a: Api, method: string, path: string): Route => a.routes.find((r) => r.method === method && r.path === path)!;
const values = (vals: CorsPolicy['origins']) => vals.map((v) => (v.known ? v.value : `?${v.reason}`));
const at = (loc: { path: ReadonlyArray<string | number> }) => loc.path.join('.');

test('SAM REST APIs: Globals merged, parameter defaults, !If branches, SAM auth on events and OPTIONS, gateway responses, function URL', async () => {
  const { model, json } = await modelOf('sam-rest/template.yaml');
  expect(json).toMatchSnapshot();
  const orders = api(model, 'OrdersApi');
  expect(values(orders.cors!.origins)).toEqual(['https://app.example.com']);
  expect(at(orders.cors!.origins[0]!.loc)).toBe('Parameters.FrontendOrigin.Default');
  expect(orders.cors!.origins[0]!.via!.map((v) => v.note)).toEqual(['inherited from Globals by OrdersApi', '!Sub "\'${FrontendOrigin}\'"']);
  expect(at(orders.cors!.credentials[0]!.loc)).toBe('Globals.Api.Cors.AllowCredentials');
  expect(values(orders.cors!.headers)).toEqual(['Content-Type,Authorization']);
  expect(route(orders, 'GET', '/orders').auth).toMatchObject({ kind: 'authorizer', authorizer: 'Cognito', apiKeyRequired: true });
  expect(route(orders, 'POST', '/orders').auth).toMatchObject({ kind: 'authorizer', apiKeyRequired: false });
  expect(route(orders, 'GET', '/health').auth).toMatchObject({ kind: 'none', apiKeyRequired: true });
  const preflight = route(orders, 'OPTIONS', '/orders');
  expect(preflight.auth).toMatchObject({ kind: 'none', apiKeyRequired: true });
  expect(preflight.computedMethods!.known && preflight.computedMethods!.value).toBe('GET,OPTIONS,POST');
  expect(orders.gatewayResponses.map((g) => g.type)).toEqual(['DEFAULT_4XX']);
  const open = api(model, 'PublicApi');
  expect(open.cors!.origins.map((v) => [v.known && v.value, v.when])).toEqual([
    ['https://app.example.com', [{ name: 'IsProd', value: true }]],
    ['*', [{ name: 'IsProd', value: false }]],
  ]);
  expect(open.gatewayResponses).toEqual([]); // IgnoreGlobals: [GatewayResponses]
  expect(route(open, 'OPTIONS', '/{proxy+}').computedMethods).toMatchObject({ value: 'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT' });
  const implicit = api(model, 'ServerlessRestApi');
  expect(implicit.implicit).toBe(true);
  expect(implicit.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /hello', 'OPTIONS /hello']);
  const url = model.policies.find((p) => p.surface === 'function-url')!;
  expect([url.owner, values(url.origins), at(url.origins[0]!.loc)]).toEqual(['Orders', ['https://app.example.com'], 'Parameters.FrontendOrigin.Default']);
});

test('SAM HTTP APIs: Globals lists concatenate, CorsConfiguration true, $default under the default authorizer, OPTIONS exempt', async () => {
  const { model, json } = await modelOf('sam-http/template.yaml');
  expect(json).toMatchSnapshot();
  const main = api(model, 'Api');
  expect(values(main.cors!.origins)).toEqual(['https://admin.example.com', 'https://app.example.com']);
  expect(at(main.cors!.origins[0]!.loc)).toBe('Globals.HttpApi.CorsConfiguration.AllowOrigins.0');
  expect(route(main, 'ANY', '$default').auth).toMatchObject({ kind: 'authorizer', authorizer: 'Jwt' });
  expect(route(main, 'OPTIONS', '/{proxy+}').auth.kind).toBe('none');
  expect(main.authorizers.map((a) => [a.name, a.type, a.identityHeaders])).toEqual([['Jwt', 'JWT', ['Authorization']]]);
  const open = api(model, 'OpenApi');
  expect(open.cors!.form).toBe('boolean');
  expect(values(open.cors!.origins)).toEqual(['*']);
  expect(api(model, 'ServerlessHttpApi').implicit).toBe(true);
});

test('OpenAPI sources: inline OpenAPI 3, a local DefinitionUri (Swagger 2) and AWS::Include', async () => {
  const { model, json } = await modelOf('sam-openapi/template.yaml');
  expect(json).toMatchSnapshot();
  const inline = api(model, 'InlineApi');
  // SAM puts the DefaultAuthorizer on the document's own OPTIONS too (its `security: []` names no authorizer).
  expect(route(inline, 'OPTIONS', '/items').auth).toMatchObject({ kind: 'authorizer', authorizer: 'TokenAuth' });
  expect(route(inline, 'OPTIONS', '/items').preflight!.source).toBe('rest-options');
  expect(route(inline, 'OPTIONS', '/items/{id}').origin).toBe('sam-cors');
  expect(route(inline, 'ANY', '/items/{id}').integration.type).toBe('http-proxy');
  expect(route(inline, 'GET', '/items').integration).toMatchObject({ type: 'lambda-proxy', functionId: 'ItemsFunction' });
  expect(inline.gatewayResponses.map((g) => [g.type, g.statusCode])).toEqual([['UNAUTHORIZED', '401']]);
  const file = api(model, 'FileApi');
  expect(route(file, 'GET', '/reports').auth.kind).toBe('iam');
  expect(route(file, 'GET', '/reports').loc.file).toBe(join(TEMPLATES, 'sam-openapi', 'swagger.yaml'));
  const included = api(model, 'IncludedApi');
  expect(route(included, 'POST', '/things').auth).toMatchObject({ kind: 'none', apiKeyRequired: true });
});

test('raw REST API (JSON): resource paths, OPTIONS mock policy, authorizers, proxy ANY, gateway responses, validators', async () => {
  const { model, json } = await modelOf('cfn-rest/template.json');
  expect(json).toMatchSnapshot();
  const raw = api(model, 'Api');
  expect(raw.routes.map((r) => `${r.method} ${r.path} ${r.auth.kind}${r.auth.apiKeyRequired ? '+key' : ''}`)).toEqual([
    'OPTIONS /items none',
    'GET /items authorizer',
    'ANY /items/{proxy+} authorizer+key',
  ]);
  const preflight = route(raw, 'OPTIONS', '/items').preflight!;
  expect([values(preflight.origins), at(preflight.origins[0]!.loc)]).toEqual([['https://app.example.com'], 'Parameters.AllowedOrigin.Default']);
  expect(values(preflight.credentials)).toEqual(['true']);
  expect(raw.authorizers.map((a) => [a.name, a.identityHeaders])).toEqual([
    ['Cognito', ['Authorization']],
    ['Token', ['X-Token']],
  ]);
  expect(values(raw.gatewayResponses[0]!.headers['access-control-allow-origin']!)).toEqual(['?taken from method.request.header.Origin at run time']);
  expect(raw.hasRequestValidation).toBe(true);
});

test('raw HTTP APIs: CorsConfiguration with a decided !If, routes and authorizers, a body from a local BodyS3Location, WebSocket', async () => {
  const { model, json } = await modelOf('cfn-http/template.yaml');
  expect(json).toMatchSnapshot();
  const http = api(model, 'Api');
  expect(values(http.cors!.origins)).toEqual(['https://app.example.com']);
  expect(route(http, 'ANY', '$default').auth).toMatchObject({ kind: 'authorizer', authorizer: 'Jwt' });
  expect(route(http, 'OPTIONS', '/{proxy+}').integration.functionId).toBe('Backend');
  const file = api(model, 'FromFile');
  expect(file.cors!.source).toBe('openapi-http-cors');
  expect(file.cors!.origins[0]!.loc.file).toBe(join(TEMPLATES, 'cfn-http', 'openapi.yaml'));
  expect(api(model, 'Sockets').kind).toBe('websocket');
});

test('function URL on an alias, S3 rules (with !Split), CloudFront policy (with !Join and !Select)', async () => {
  const { model, json } = await modelOf('cfn-other/template.yaml');
  expect(json).toMatchSnapshot();
  const [url, read, write, cdn] = model.policies;
  expect([url!.surface, url!.owner, values(url!.origins)]).toEqual(['function-url', 'Fn', ['https://www.example.com']]);
  expect(at(url!.origins[0]!.loc)).toBe('Mappings.Origins.prod.Site');
  expect([read!.label, values(read!.origins)]).toEqual(["bucket 'Assets' CORS rule 'read'", ['https://www.example.com', 'https://admin.example.com']]);
  expect([write!.label, values(write!.origins), values(write!.methods)]).toEqual(["bucket 'Assets' CORS rule 2", ['*'], ['PUT']]);
  expect([cdn!.surface, values(cdn!.origins), values(cdn!.originOverride!)]).toEqual(['cloudfront', ['https://cdn.example.com'], [true]]);
});

test('AWS::Serverless::* resources are read as SAM without a Transform', async () => {
  const run = await lint([join(TEMPLATES, 'no-transform.yaml')], { cwd: TEMPLATES, modelOnly: true });
  const model = [...run.models.values()][0]!;
  expect(model.apis.map((a) => [a.id, a.source, a.cors && values(a.cors.origins)])).toEqual([['Api', 'sam', ['https://app.example.com']]]);
});
