/**
 * Paths a route can never take: the readers record the condition on the request (method, resource, path) under
 * which each return is reached, and `reachesRoute` says whether a route's requests can meet it.
 */
import { guardHolds, reachesRoute, routeFacts, type RequestGuard } from '../../src/model/request-guard.js';
import type { HandlerResponse } from '../../src/handlers/types.js';
import { readHandler } from './helpers.js';

type Route = [method: string, path: string];

/** For each route, the status codes of the responses it can get (missing or not), in order. */
function answers(responses: HandlerResponse[], routes: Route[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [method, path] of routes) {
    out[`${method} ${path}`] = responses.filter((r) => reachesRoute(r.guard, { method, path })).map((r) => r.statusCode ?? '?');
  }
  return out;
}

const js = (source: string, files?: Record<string, string>) => readHandler('javascript', source, 'handler', files);
const py = (source: string, files?: Record<string, string>) => readHandler('python', source, 'handler', files);

describe('the guard of a condition, against a route', () => {
  const method = (values: string[]): RequestGuard => ({ op: 'in', subject: { parts: [{ fact: 'method' }] }, values });
  test('a method test is decided for a route of one method, and open for ANY', () => {
    expect(guardHolds(method(['GET']), routeFacts({ method: 'GET', path: '/a' }))).toBe(true);
    expect(guardHolds(method(['GET']), routeFacts({ method: 'POST', path: '/a' }))).toBe(false);
    expect(guardHolds(method(['GET']), routeFacts({ method: 'ANY', path: '/a' }))).toBeUndefined();
    expect(guardHolds({ op: 'not', arg: method(['GET']) }, routeFacts({ method: 'ANY', path: '/a' }))).toBeUndefined();
  });

  test('the request path fills in the resource parameters: a literal path may match a parameter, never another literal', () => {
    const path = (values: string[]): RequestGuard => ({ op: 'in', subject: { parts: [{ fact: 'path' }] }, values });
    expect(guardHolds(path(['/items']), routeFacts({ method: 'GET', path: '/items' }))).toBe(true);
    expect(guardHolds(path(['/items/7']), routeFacts({ method: 'GET', path: '/items/{id}' }))).toBeUndefined();
    expect(guardHolds(path(['/items']), routeFacts({ method: 'GET', path: '/items/{id}' }))).toBe(false);
    expect(guardHolds(path(['/a/b/c']), routeFacts({ method: 'GET', path: '/{proxy+}' }))).toBeUndefined();
  });

  test('a text made of the method and the resource is compared as a whole', () => {
    const key: RequestGuard = { op: 'in', subject: { parts: [{ fact: 'method' }, ' ', { fact: 'resource' }] }, values: ['GET /items/{id}'] };
    expect(guardHolds(key, routeFacts({ method: 'GET', path: '/items/{id}' }))).toBe(true);
    expect(guardHolds(key, routeFacts({ method: 'GET', path: '/items' }))).toBe(false);
    expect(guardHolds(key, routeFacts({ method: 'ANY', path: '/items/{id}' }))).toBeUndefined();
    expect(guardHolds(key, routeFacts({ method: 'ANY', path: '/other' }))).toBe(false);
  });
});

describe('JavaScript: paths a route never takes', () => {
  const CORS = "const H = { 'Access-Control-Allow-Origin': '*' };";

  test('an else-if chain on event.httpMethod with a 501 fallback: the fallback answers no route of the chain', async () => {
    const read = await js(`${CORS}
      export const handler = async (event) => {
        if (event.httpMethod === 'GET') { return { statusCode: 200, headers: H }; }
        else if (event.httpMethod === "POST") { return { statusCode: 201, headers: H }; }
        else { return { statusCode: 501 }; }
      };`);
    expect(answers(read.responses, [['GET', '/a'], ['POST', '/a'], ['PUT', '/a'], ['ANY', '/a']])).toEqual({
      'GET /a': ['200'],
      'POST /a': ['201'],
      'PUT /a': ['501'],
      'ANY /a': ['200', '201', '501'],
    });
  });

  test('an early return for other methods, and a throw', async () => {
    const read = await js(`${CORS}
      exports.handler = async (event) => {
        const method = event.requestContext.httpMethod;
        if (method !== 'POST') return { statusCode: 405 };
        if (!event.body) throw new Error('no body');
        return { statusCode: 200, headers: H };
      };`);
    expect(answers(read.responses, [['POST', '/signups'], ['GET', '/signups']])).toEqual({ 'POST /signups': ['200'], 'GET /signups': ['405'] });
  });

  test('a switch with cases that fall through, and a default', async () => {
    const read = await js(`${CORS}
      exports.handler = async (event) => {
        switch (event.httpMethod.toUpperCase()) {
          case 'GET':
          case 'HEAD':
            return { statusCode: 200, headers: H };
          case 'DELETE':
            return { statusCode: 204, headers: H };
          default:
            return { statusCode: 405 };
        }
      };`);
    expect(answers(read.responses, [['HEAD', '/a'], ['DELETE', '/a'], ['POST', '/a']])).toEqual({ 'HEAD /a': ['200'], 'DELETE /a': ['204'], 'POST /a': ['405'] });
  });

  test('code after a switch on the resource whose every case returns', async () => {
    const read = await js(`${CORS}
      exports.handler = async (event) => {
        switch (event.resource) {
          case '/items': return { statusCode: 200, headers: H };
          case '/items/{id}': return { statusCode: 201, headers: H };
        }
        return { statusCode: 404 };
      };`);
    expect(answers(read.responses, [['GET', '/items/{id}'], ['GET', '/other']])).toEqual({ 'GET /items/{id}': ['201'], 'GET /other': ['404'] });
  });

  test('a dispatch table keyed by the method: each entry answers its method, the fallback the others', async () => {
    const read = await js(`${CORS}
      const list = async () => ({ statusCode: 200, headers: H });
      const create = async () => ({ statusCode: 201, headers: H });
      const routes = { GET: list, POST: create };
      exports.handler = async (event) => {
        const route = routes[event.httpMethod];
        if (!route) return { statusCode: 405 };
        return route(event);
      };`);
    expect(read.verdicts).toEqual(['missing', 'present', 'present']);
    expect(answers(read.responses, [['GET', '/a'], ['POST', '/a'], ['PUT', '/a']])).toEqual({ 'GET /a': ['200'], 'POST /a': ['201'], 'PUT /a': ['405'] });
  });

  test('a dispatch through a fallback function (`table[key] || notFound`) and a template-string key', async () => {
    const read = await js(`${CORS}
      const notFound = () => ({ statusCode: 404 });
      const table = { 'GET /items': () => ({ statusCode: 200, headers: H }) };
      exports.handler = async (event) => (table[\`\${event.httpMethod} \${event.resource}\`] || notFound)(event);`);
    expect(answers(read.responses, [['GET', '/items'], ['POST', '/items']])).toEqual({ 'GET /items': ['200'], 'POST /items': ['404'] });
  });

  test('a guard inside a helper the handler returns through', async () => {
    const read = await js(`${CORS}
      function route(event) {
        if (['GET', 'HEAD'].includes(event.httpMethod)) return { statusCode: 200, headers: H };
        return { statusCode: 405 };
      }
      exports.handler = async (event) => route(event);`);
    expect(answers(read.responses, [['GET', '/a'], ['DELETE', '/a']])).toEqual({ 'GET /a': ['200'], 'DELETE /a': ['405'] });
  });

  test('the HTTP API form of the method is absent from a REST event; a fallback to httpMethod is read', async () => {
    const read = await js(`${CORS}
      exports.handler = async (event) => {
        const method = event.requestContext?.http?.method ?? event.httpMethod;
        return method === 'GET' ? { statusCode: 200, headers: H } : { statusCode: 405 };
      };`);
    expect(answers(read.responses, [['GET', '/a'], ['POST', '/a']])).toEqual({ 'GET /a': ['200'], 'POST /a': ['405'] });
  });

  test('a condition on anything else leaves every path reachable', async () => {
    const read = await js(`${CORS}
      exports.handler = async (event) => {
        if (event.queryStringParameters && event.httpMethod === 'GET') return { statusCode: 200, headers: H };
        if (process.env.MODE === 'x') return { statusCode: 500 };
        return { statusCode: 400 };
      };`);
    expect(answers(read.responses, [['GET', '/a'], ['POST', '/a']])).toEqual({ 'GET /a': ['200', '500', '400'], 'POST /a': ['500', '400'] });
  });

  test('a request path compared with startsWith', async () => {
    const read = await js(`${CORS}
      exports.handler = async ({ path, httpMethod }) => {
        if (path.startsWith('/admin')) return { statusCode: 403 };
        return { statusCode: 200, headers: H };
      };`);
    expect(answers(read.responses, [['GET', '/admin/users'], ['GET', '/items'], ['GET', '/{proxy+}']])).toEqual({
      'GET /admin/users': ['403'],
      'GET /items': ['200'],
      'GET /{proxy+}': ['403', '200'],
    });
  });
});

describe('Python: paths a route never takes', () => {
  const CORS = 'H = {"Access-Control-Allow-Origin": "*"}\n';

  test('if/elif/else on the method', async () => {
    const read = await py(`${CORS}
def handler(event, context):
    method = event["httpMethod"]
    if method == "GET":
        return {"statusCode": 200, "headers": H}
    elif method in ("POST", "PUT"):
        return {"statusCode": 201, "headers": H}
    else:
        return {"statusCode": 405}
`);
    expect(answers(read.responses, [['GET', '/a'], ['PUT', '/a'], ['DELETE', '/a']])).toEqual({ 'GET /a': ['200'], 'PUT /a': ['201'], 'DELETE /a': ['405'] });
  });

  test('a route table keyed by an f-string of method and resource, read with .get and tested for truth', async () => {
    const read = await py(`${CORS}
def create(event):
    return {"statusCode": 201, "headers": H}

def fetch(event):
    return {"statusCode": 200, "headers": H}

ROUTES = {"POST /things": create, "GET /things/{id}": fetch}

def handler(event, context):
    if event.get("httpMethod") == "OPTIONS":
        return {"statusCode": 200, "headers": H}
    key = f"{event.get('httpMethod')} {event.get('resource')}"
    func = ROUTES.get(key)
    if func:
        return func(event)
    else:
        return {"statusCode": 404}
`);
    expect(answers(read.responses, [['POST', '/things'], ['GET', '/things/{id}'], ['GET', '/things']])).toEqual({
      'POST /things': ['201'],
      'GET /things/{id}': ['200'],
      'GET /things': ['404'],
    });
  });

  test('an early return, and a match statement', async () => {
    const read = await py(`${CORS}
def handler(event, context):
    if event["httpMethod"] not in ["GET", "DELETE"]:
        return {"statusCode": 405}
    match event["httpMethod"]:
        case "GET":
            return {"statusCode": 200, "headers": H}
        case _:
            return {"statusCode": 204}
`);
    expect(answers(read.responses, [['GET', '/a'], ['DELETE', '/a'], ['PATCH', '/a']])).toEqual({ 'GET /a': ['200'], 'DELETE /a': ['204'], 'PATCH /a': ['405'] });
  });

  test('a value chosen with a conditional expression on the method', async () => {
    const read = await py(`${CORS}
def handler(event, context):
    return {"statusCode": 200, "headers": H} if event["httpMethod"].upper() == "GET" else {"statusCode": 405}
`);
    expect(answers(read.responses, [['GET', '/a'], ['POST', '/a']])).toEqual({ 'GET /a': ['200'], 'POST /a': ['405'] });
  });
});
