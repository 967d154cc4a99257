/**
 * Values that flow through parameters and reassignment (issue 13 §1): defaults, `headers = headers || {}`,
 * spreads, `Object.assign`, `.update`, index assignment after construction, keyword and positional arguments,
 * `**kwargs`, destructuring with defaults, objects built across statements, helpers that change the response
 * they are given, and constants imported from local modules at any depth within the code root.
 */
import { readHandler } from './helpers.js';

const js = (source: string, files?: Record<string, string>) => readHandler('javascript', source, 'handler', files);
const py = (source: string, files?: Record<string, string>) => readHandler('python', source, 'handler', files);

describe('JavaScript: values through parameters and reassignment', () => {
  test('a default parameter, and a parameter reassigned before use (|| {}, a spread, Object.assign, an index)', async () => {
    const read = await js(`
      const CORS = { 'Access-Control-Allow-Origin': 'https://a.example' };
      function withDefault(status, headers = CORS) { return { statusCode: status, headers }; }
      function orEmpty(status, headers) {
        headers = headers || {};
        headers['Access-Control-Allow-Origin'] = 'https://a.example';
        return { statusCode: status, headers };
      }
      function spread(status, headers) {
        headers = { ...headers, 'Access-Control-Allow-Origin': 'https://a.example' };
        return { statusCode: status, headers };
      }
      function assign(status, headers = {}) {
        Object.assign(headers, CORS);
        return { statusCode: status, headers };
      }
      exports.handler = async (event) => {
        if (event.a) return withDefault(200);
        if (event.b) return orEmpty(201);
        if (event.c) return spread(202, { 'Content-Type': 'text/plain' });
        return assign(203);
      };`);
    expect(read.verdicts).toEqual(['present', 'present', 'present', 'present']);
    expect(read.origins).toEqual([['literal:https://a.example'], ['literal:https://a.example'], ['literal:https://a.example'], ['literal:https://a.example']]);
  });

  test('a parameter reassigned only on some paths keeps both values', async () => {
    const read = await js(`
      function reply(status, headers) {
        if (status >= 400) headers = { 'Content-Type': 'text/plain' };
        return { statusCode: status, headers };
      }
      exports.handler = async () => reply(500, { 'Access-Control-Allow-Origin': '*' });`);
    expect(read.verdicts).toEqual(['unknown']);
  });

  test('destructuring with defaults, in the parameters and in the body', async () => {
    const read = await js(`
      const CORS = { 'Access-Control-Allow-Origin': '*' };
      function reply({ status = 200, headers = CORS } = {}) { return { statusCode: status, headers }; }
      exports.handler = async (event) => {
        const { extra = {} } = event;
        if (event.a) return reply({ status: 404 });
        if (event.b) return reply();
        return reply({ headers: { ...extra } });
      };`);
    // a REST API's event has no key 'extra': its default applies
    expect(read.verdicts).toEqual(['present', 'present', 'missing']);
  });

  test('a response built across several statements, and a helper that changes the response it is given', async () => {
    const read = await js(`
      const CORS = { 'Access-Control-Allow-Origin': '*' };
      function withCors(response) {
        response.headers = { ...response.headers, ...CORS };
        return response;
      }
      exports.handler = async (event) => {
        if (event.a) {
          const response = {};
          response.statusCode = 200;
          response.headers = {};
          response.headers['Access-Control-Allow-Origin'] = '*';
          return response;
        }
        return withCors({ statusCode: 404, headers: { 'Content-Type': 'application/json' } });
      };`);
    expect(read.verdicts).toEqual(['present', 'present']);
  });

  test('constants and helpers imported through several local modules', async () => {
    const read = await js(
      `import { reply } from './lib/http.js';
       export const handler = async () => reply(200);`,
      {
        'lib/http.js': "import { HEADERS } from './headers/index.js';\nexport const reply = (status) => ({ statusCode: status, headers: HEADERS });",
        'lib/headers/index.js': "export { HEADERS } from './cors.js';",
        'lib/headers/cors.js': "export const HEADERS = { 'Access-Control-Allow-Origin': 'https://deep.example' };",
      },
    );
    expect(read.origins).toEqual([['literal:https://deep.example']]);
  });

  test('modules that import each other do not loop', async () => {
    const read = await js(`import { a } from './a.js';\nexport const handler = async () => ({ statusCode: 200, headers: a });`, {
      'a.js': "import { b } from './b.js';\nexport const a = b;",
      'b.js': "import { a } from './a.js';\nexport const b = a;",
    });
    expect(read.verdicts).toEqual(['unknown']);
  });
});

describe('Python: values through parameters and reassignment', () => {
  test('headers = headers or {}, then an index; {**headers, …}; .update; a default', async () => {
    const read = await py(`
CORS = {"Access-Control-Allow-Origin": "https://a.example"}

def or_empty(status, headers=None):
    headers = headers or {}
    headers["Access-Control-Allow-Origin"] = "https://a.example"
    return {"statusCode": status, "headers": headers}

def spread(status, headers):
    headers = {**headers, "Access-Control-Allow-Origin": "https://a.example"}
    return {"statusCode": status, "headers": headers}

def update(status, headers=None):
    if headers is None:
        headers = {}
    headers.update(CORS)
    return {"statusCode": status, "headers": headers}

def handler(event, context):
    if event.get("a"):
        return or_empty(200)
    if event.get("b"):
        return spread(201, {"Content-Type": "text/plain"})
    return update(202)
`);
    expect(read.verdicts).toEqual(['present', 'present', 'present']);
  });

  test('keyword and positional arguments, and **kwargs', async () => {
    const read = await py(`
CORS = {"Access-Control-Allow-Origin": "*"}

def respond(status, body="", headers=CORS):
    return {"statusCode": status, "headers": headers, "body": body}

def build(status, **kwargs):
    return {"statusCode": status, "headers": kwargs.get("headers", CORS)}

def handler(event, context):
    if event.get("a"):
        return respond(400, headers={"Content-Type": "text/plain"})
    if event.get("b"):
        return respond(body="x", status=200)
    if event.get("c"):
        return build(201, headers={"Content-Type": "text/plain"})
    opts = {"headers": CORS}
    return build(202, **opts)
`);
    expect(read.verdicts).toEqual(['missing', 'present', 'missing', 'present']);
  });

  test('a helper that adds the headers to the response it is given, creating the headers when absent', async () => {
    const read = await py(
      `from cors import add_cors_headers

def handler(event, context):
    if event.get("a"):
        return add_cors_headers({"statusCode": 200, "body": "{}"})
    response = {"statusCode": 404, "headers": {"Content-Type": "application/json"}}
    return add_cors_headers(response)
`,
      {
        'cors.py': `import os

def add_cors_headers(response):
    if "headers" not in response:
        response["headers"] = {}
    response["headers"].update({"Access-Control-Allow-Origin": "https://b.example", "Access-Control-Allow-Methods": "GET"})
    return response
`,
      },
    );
    expect(read.verdicts).toEqual(['present', 'present']);
    expect(read.origins).toEqual([['literal:https://b.example'], ['literal:https://b.example']]);
  });

  test('a response built across statements', async () => {
    const read = await py(`
def handler(event, context):
    response = {}
    response["statusCode"] = 200
    response["headers"] = {}
    response["headers"]["Access-Control-Allow-Origin"] = "*"
    return response
`);
    expect(read.verdicts).toEqual(['present']);
  });

  test('constants imported through packages at any depth below the code root', async () => {
    const read = await py(`from app.http.responses import ok\n\ndef handler(event, context):\n    return ok()\n`, {
      'app/__init__.py': '',
      'app/http/__init__.py': '',
      'app/http/responses.py': 'from ..settings import HEADERS\n\ndef ok():\n    return {"statusCode": 200, "headers": HEADERS}\n',
      'app/settings.py': 'from app.constants import ORIGIN\nHEADERS = {"Access-Control-Allow-Origin": ORIGIN}\n',
      'app/constants.py': 'ORIGIN = "https://pkg.example"\n',
    });
    expect(read.origins).toEqual([['literal:https://pkg.example']]);
  });
});
