/**
 * `explain` on REST Lambda proxy routes reads what the handler stage found: the conversion from each function's
 * `HandlerAnalysis` to what its routes answer (`HandlerResults`, src/handlers/answer.ts), and stories, verdicts,
 * fixes and the route matrix driven by real handler sources in `test/explain/templates/`.
 */
import { join } from 'node:path';
import { handlerAnswer, HandlerResults, OTHER_HEADERS } from '../../src/handlers/answer.js';
import type { HandlerAnalysis, HandlerResponse } from '../../src/handlers/types.js';
import { chooseApi, explainMatrix, explainRequest, formatExplanation, type ExplainRequest } from '../../src/explain/index.js';
import type { HandlerAnswers } from '../../src/model/handlers.js';
import type { CorsModel } from '../../src/model/types.js';
import type { Loc } from '../../src/types.js';
import { analysedModel, modelOf, TEMPLATES } from './helpers.js';

const APP = 'https://app.example.com';
const loc: Loc = { file: '/x/app.js', path: [], range: { line: 3, column: 10, endLine: 3, endColumn: 20 } };

function analysed(...responses: Array<Partial<HandlerResponse>>): HandlerAnalysis {
  return { status: 'analysed', handler: 'app.handler', responses: responses.map((r) => ({ loc, via: [], allowOrigin: 'present', ...r })) };
}

function ask({ model, handlers }: { model: CorsModel; handlers?: HandlerAnswers }, request: Partial<ExplainRequest> & { method: string; path: string }) {
  const full: ExplainRequest = { origin: APP, headers: [], credentials: 'same-origin', ...request };
  return explainRequest(model, chooseApi(model, undefined, full), full, handlers);
}

const where = (l: Loc) => (l.range ? `${l.file.slice(TEMPLATES.length + 1)}:${l.range.line}:${l.range.column}` : undefined);

describe('handlerAnswer: from the analysis to what API Gateway receives', () => {
  test('a literal origin, with credentials and a status', () => {
    const answer = handlerAnswer(analysed({ statusCode: '201', origins: [{ kind: 'literal', value: APP, loc }], credentials: true }));
    expect(answer).toEqual({
      complete: true,
      responses: [{ loc, statusCode: 201, headers: { 'access-control-allow-origin': APP, 'access-control-allow-credentials': 'true' }, otherHeaders: OTHER_HEADERS }],
    });
  });

  test("a reflected origin becomes the request's Origin; certainly no credentials header is known to be absent", () => {
    const [r] = handlerAnswer(analysed({ origins: [{ kind: 'reflected', loc, how: 'event.headers.origin' }], credentials: false })).responses;
    expect(r!.headers).toEqual({ 'access-control-allow-origin': { fromRequest: 'origin' } });
    expect(r!.absent).toEqual(['access-control-allow-credentials']);
    expect(r!.statusCode).toBeUndefined();
  });

  test('a missing header is known to be absent; an unreadable one is unknown, with the reason', () => {
    const answer = handlerAnswer(analysed({ allowOrigin: 'missing', statusCode: '400' }, { allowOrigin: 'unknown', note: 'the response comes from build()' }));
    expect(answer.responses[0]).toMatchObject({ statusCode: 400, headers: {}, absent: ['access-control-allow-origin'] });
    expect(answer.responses[1]!.headers['access-control-allow-origin']).toEqual({ unknown: 'the response comes from build()' });
  });

  test('values chosen at run time stay unknown; the same value on every branch is that value', () => {
    const two = handlerAnswer(analysed({ origins: [{ kind: 'literal', value: APP, loc }, { kind: 'literal', value: 'http://localhost:3000', loc }] }));
    expect(two.responses[0]!.headers['access-control-allow-origin']).toEqual({
      unknown: `the handler chooses it at run time, between '${APP}' and 'http://localhost:3000'`,
    });
    const same = handlerAnswer(analysed({ origins: [{ kind: 'literal', value: '*', loc }, { kind: 'literal', value: '*', loc }] }));
    expect(same.responses[0]!.headers['access-control-allow-origin']).toBe('*');
    const dynamic = handlerAnswer(analysed({ origins: [{ kind: 'dynamic', loc, reason: 'process.env.ORIGIN' }] }));
    expect(dynamic.responses[0]!.headers['access-control-allow-origin']).toEqual({ unknown: 'the handler computes it at run time (process.env.ORIGIN)' });
    const computedStatus = handlerAnswer(analysed({ statusCode: 'code', origins: [{ kind: 'literal', value: '*', loc }] }));
    expect(computedStatus.responses[0]!.statusCode).toBeUndefined();
  });

  test('a handler that cannot be read, or returns nothing readable, gives no responses and says why', () => {
    expect(handlerAnswer({ status: 'unknown', reason: "runtime 'java21' is not read", responses: [] })).toEqual({
      responses: [],
      complete: false,
      reason: "its handler is not read (runtime 'java21' is not read)",
    });
    expect(handlerAnswer({ status: 'analysed', handler: 'app.handler', responses: [] }).reason).toBe("its handler 'app.handler' returns no response object that can be read");
  });

  test('HandlerResults answers for the proxy routes of analysed functions, one shared answer per function, and leaves the model as it is', () => {
    const model = modelOf('sam-rest-open-preflight.yaml');
    const before = JSON.stringify(model);
    const routes = model.apis[0]!.routes.filter((r) => r.integration.type === 'lambda-proxy');
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /cart', 'PUT /cart/{item}']);
    expect(routes.map((r) => new HandlerResults(model, new Map()).answerFor(r))).toEqual([undefined, undefined]);
    const analysis = analysed({ origins: [{ kind: 'literal', value: APP, loc }] });
    const results = new HandlerResults(model, new Map([['CartFunction', analysis]]));
    expect(results.forFunction('CartFunction')).toBe(analysis);
    expect(results.forFunction('OtherFunction')).toBeUndefined();
    expect(results.answerFor(routes[0]!)).toEqual(handlerAnswer(analysis));
    expect(results.answerFor(routes[0]!)).toBe(results.answerFor(routes[1]!));
    // a copy of a route (the fix search patches copies of the API) finds the same answer
    expect(results.answerFor(structuredClone(routes[1]!))).toBe(results.answerFor(routes[0]!));
    expect(model.apis[0]!.routes.filter((r) => r.method === 'OPTIONS').map((r) => results.answerFor(r))).toEqual([undefined, undefined]);
    expect(JSON.stringify(model)).toBe(before);
  });
});

describe('a Node.js handler that forgets the header on its 400 answer', () => {
  const file = join(TEMPLATES, 'sam-rest-proxy', 'template.yaml');
  const post = { method: 'POST', path: '/notes', headers: [['Content-Type', 'application/json']] as Array<[string, string]> };

  test("the handler stage's answers come through the lint pipeline", async () => {
    const { model, handlers } = await analysedModel(file);
    const route = model.apis[0]!.routes.find((r) => r.method === 'POST')!;
    expect(handlers.answerFor(route)?.responses.map((r) => [r.statusCode, r.headers['access-control-allow-origin'], r.absent])).toEqual([
      [400, undefined, ['access-control-allow-origin']],
      [201, '*', ['access-control-allow-credentials']],
    ]);
  });

  test('the preflight passes, and the 400 path is blocked while the 201 path is allowed', async () => {
    const e = ask(await analysedModel(file), post);
    expect(e.simulation.preflight?.kind).toBe('options-mock');
    expect(e.simulation.result.checks.filter((c) => c.phase === 'preflight').every((c) => c.result === 'pass')).toBe(true);
    expect(e.simulation.paths?.map((p) => [p.label, p.outcome, p.error?.name])).toEqual([
      ['return path 1 (400)', 'blocked', 'MissingAllowOriginHeader'],
      ['return path 2 (201)', 'allowed', undefined],
    ]);
    expect(e.simulation.outcome).toBe('blocked');
    expect(e.simulation.result.error?.name).toBe('MissingAllowOriginHeader');
  });

  test('the story names the path, where it is, and what the handler returns; the fix points into the handler', async () => {
    const e = ask(await analysedModel(file), post);
    const text = formatExplanation(e, where);
    expect(text).toContain("'CreateNoteFunction' returns 2 responses: 1 with Access-Control-Allow-Origin, 1 without.");
    expect(text).toContain('Shown: return path 1 (400) at sam-rest-proxy/src/notes.js:11:12, the first the browser blocks.');
    expect(text).toContain('     HTTP 400\n     (no Access-Control-Allow-Origin)\n');
    expect(text).toContain('   return path 1 (400) at sam-rest-proxy/src/notes.js:11:12: blocked (MissingAllowOriginHeader)');
    expect(text).toContain('   return path 2 (201) at sam-rest-proxy/src/notes.js:13:10: allowed');
    expect(text).not.toContain('CANNOT TELL');
    expect(e.fixes).toHaveLength(1);
    expect(e.fixes[0]!.inCode).toBe(true);
    expect(where(e.fixes[0]!.at)).toBe('sam-rest-proxy/src/notes.js:11:12');
    expect(e.fixes[0]!.title).toContain('its 400 response has none');
    expect(e.fixes[0]!.snippet).toContain(`statusCode: 400,\n  headers: {\n    'Access-Control-Allow-Origin': '${APP}',`);
    expect(e.afterFixes?.outcome).toBe('allowed');
  });

  test("a GET is allowed by the handler's '*', and blocked with credentials", async () => {
    const model = await analysedModel(file);
    expect(ask(model, { method: 'GET', path: '/notes' }).simulation.outcome).toBe('allowed');
    const withCookies = ask(model, { method: 'GET', path: '/notes', credentials: 'include' });
    expect(withCookies.simulation.outcome).toBe('blocked');
    expect(withCookies.simulation.result.error?.name).toBe('WildcardOriginNotAllowed');
  });

  test('the route matrix uses the analysis', async () => {
    const { model, handlers } = await analysedModel(file);
    const matrix = explainMatrix(model, { handlers });
    expect(matrix.rows.map((r) => [`${r.method} ${r.route.path}`, r.cells[0]!.outcome, r.cells[0]!.error?.name, r.preflightFailsEverywhere])).toEqual([
      ['GET /notes', 'allowed', undefined, false],
      ['POST /notes', 'blocked', 'MissingAllowOriginHeader', false],
    ]);
  });

  test('without the analysis, the same request cannot be told', () => {
    const e = ask({ model: modelOf(join('sam-rest-proxy', 'template.yaml')) }, post);
    expect(e.simulation.outcome).toBe('unknown');
    expect(e.simulation.result.unknownReason).toMatch(/what 'CreateNoteFunction' returns is not analysed/);
  });

  test('the template parameter reaches the preflight and the page of another origin', async () => {
    const other = 'https://notes.example.org';
    const e = ask(await analysedModel(file, { FrontendOrigin: other }), { ...post, origin: other });
    const acao = e.simulation.result.preflight.response?.headers.find((h) => h.name === 'Access-Control-Allow-Origin')?.value;
    expect(acao).toBe(other);
    expect(e.simulation.paths?.map((p) => p.outcome)).toEqual(['blocked', 'allowed']);
  });
});

describe('a Python handler that sends the Origin back, with and without credentials', () => {
  const file = join(TEMPLATES, 'sam-rest-proxy-python', 'template.yaml');

  test("the reflected origin passes; a credentialed request needs Access-Control-Allow-Credentials on every path", async () => {
    const model = await analysedModel(file);
    const plain = ask(model, { method: 'GET', path: '/account' });
    expect(plain.simulation.outcome).toBe('allowed');
    const e = ask(model, { method: 'GET', path: '/account', credentials: 'include' });
    expect(e.simulation.paths?.map((p) => [p.label, p.outcome, p.error?.name])).toEqual([
      ['return path 1 (204)', 'blocked', 'InvalidAllowCredentials'],
      ['return path 2 (200)', 'allowed', undefined],
    ]);
    expect(e.fixes[0]!.snippet).toContain('"Access-Control-Allow-Credentials": "true",');
    expect(e.fixes[0]!.snippet).toContain('"statusCode": 204,');
    expect(e.afterFixes?.outcome).toBe('allowed');
  });

  test('an origin read from the environment cannot be told, and says why', async () => {
    const e = ask(await analysedModel(file), { method: 'GET', path: '/settings', credentials: 'include' });
    expect(e.simulation.outcome).toBe('unknown');
    expect(e.simulation.result.unknownReason).toMatch(/the handler computes it at run time/);
  });
});

describe('a handler that answers the preflight itself', () => {
  test('an OPTIONS proxy without the header blocks the preflight, and the fix is in its code', async () => {
    const model = await analysedModel(join(TEMPLATES, 'sam-rest-options-proxy', 'template.yaml'));
    const e = ask(model, { method: 'PUT', path: '/uploads', headers: [['Content-Type', 'application/json']] });
    expect(e.simulation.preflight?.kind).toBe('integration');
    expect(e.simulation.result.error?.name).toBe('PreflightMissingAllowOriginHeader');
    expect(e.fixes[0]!.inCode).toBe(true);
    expect(e.fixes[0]!.snippet).toContain("'Access-Control-Allow-Methods': 'PUT',");
    expect(e.fixes[0]!.snippet).toContain("'Access-Control-Allow-Headers': 'Content-Type',");
    expect(e.afterFixes?.outcome).toBe('allowed');
  });
});
