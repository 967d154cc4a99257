import { readHandler } from './helpers.js';

const js = (source: string, exportName?: string, files?: Record<string, string>) => readHandler('javascript', source, exportName, files);
const ts = (source: string, exportName?: string, files?: Record<string, string>) => readHandler('typescript', source, exportName, files);

describe('JavaScript handlers: where the handler is', () => {
  test.each([
    ['exports.handler = async () => ({ statusCode: 200 });', 'handler'],
    ['module.exports.handler = async () => ({ statusCode: 200 });', 'handler'],
    ['module.exports = { handler: async () => ({ statusCode: 200 }) };', 'handler'],
    ['async function handler() { return { statusCode: 200 }; }\nmodule.exports = { handler };', 'handler'],
    ['export const handler = async () => ({ statusCode: 200 });', 'handler'],
    ['export async function handler() { return { statusCode: 200 }; }', 'handler'],
    ['const main = async () => ({ statusCode: 200 });\nexport { main as handler };', 'handler'],
    ['exports.routes = { list: async () => ({ statusCode: 200 }) };', 'routes.list'],
  ])('%s', async (source, exportName) => {
    expect((await js(source, exportName)).verdicts).toEqual(['missing']);
  });

  test('an export that is not there is unknown, with the reason', async () => {
    const read = await js('exports.other = async () => ({ statusCode: 200 });');
    expect(read.unknown).toMatch(/'handler' is not exported/);
  });

  test('a handler with syntax errors is not read', async () => {
    const read = await js('exports.handler = async () => { return { statusCode: 200, headers: { ; };');
    expect(read.unknown ?? read.verdicts.join()).not.toBe('missing');
    expect(read.verdicts).not.toContain('missing');
  });
});

describe('JavaScript handlers: headers', () => {
  test('the header name is compared without case', async () => {
    const read = await js("exports.handler = async () => ({ statusCode: 200, headers: { 'access-control-allow-ORIGIN': '*' } });");
    expect(read.verdicts).toEqual(['present']);
    expect(read.origins).toEqual([['literal:*']]);
  });

  test('a later spread of an object without the header keeps it; a spread of an unknown value makes it unknown', async () => {
    const known = await js(`
      const CORS = { 'Access-Control-Allow-Origin': 'https://a.example' };
      const JSON_H = { 'Content-Type': 'application/json' };
      exports.handler = async () => ({ statusCode: 200, headers: { ...CORS, ...JSON_H } });`);
    expect(known.verdicts).toEqual(['present']);
    const open = await js(`
      const { extra } = require('some-package');
      exports.handler = async () => ({ statusCode: 200, headers: { 'Content-Type': 'text/plain', ...extra } });`);
    expect(open.verdicts).toEqual(['unknown']);
  });

  test('multiValueHeaders count too', async () => {
    const read = await js("exports.handler = async () => ({ statusCode: 200, multiValueHeaders: { 'Access-Control-Allow-Origin': ['*'] } });");
    expect(read.verdicts).toEqual(['present']);
  });

  test('each branch of a conditional return is a path', async () => {
    const read = await js(`
      exports.handler = async (event) => event.ok
        ? { statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' } }
        : { statusCode: 500 };`);
    expect(read.verdicts).toEqual(['present', 'missing']);
  });

  test('Object.assign onto the headers, and a header set after the object is built, count', async () => {
    const read = await js(`
      const CORS = { 'Access-Control-Allow-Origin': '*' };
      exports.handler = async (event) => {
        const a = { statusCode: 200, headers: {} };
        Object.assign(a.headers, CORS);
        if (event.x) return a;
        const b = { statusCode: 201, headers: { 'X-Id': '1' } };
        b.headers['Access-Control-Allow-Origin'] = '*';
        return b;
      };`);
    expect(read.verdicts).toEqual(['present', 'present']);
  });

  test('a helper that sets the header on the object it is given counts; one that only reads it changes nothing', async () => {
    const read = await js(`
      function addCors(response) { response.headers = { ...response.headers, 'Access-Control-Allow-Origin': '*' }; }
      function audit(response) { return response.statusCode; }
      exports.handler = async (event) => {
        const a = { statusCode: 200, headers: {} };
        addCors(a);
        if (event.x) return a;
        const b = { statusCode: 200 };
        audit(b);
        return b;
      };`);
    expect(read.verdicts).toEqual(['present', 'missing']);
  });

  test('an object handed to a function that is not read, or deleted from, is unknown', async () => {
    const read = await js(`
      const { decorate } = require('some-package');
      exports.handler = async (event) => {
        const a = { statusCode: 200, headers: {} };
        decorate(a);
        if (event.x) return a;
        const b = { statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' } };
        delete b.headers['Access-Control-Allow-Origin'];
        return b;
      };`);
    expect(read.verdicts).toEqual(['unknown', 'unknown']);
  });

  test('logging an object does not change it', async () => {
    const read = await js(`
      exports.handler = async () => {
        const response = { statusCode: 200, body: '{}' };
        console.log(JSON.stringify(response));
        return response;
      };`);
    expect(read.verdicts).toEqual(['missing']);
  });

  test('a variable assigned on several paths gives one path per value', async () => {
    const read = await js(`
      exports.handler = async (event) => {
        let response = { statusCode: 500, body: 'error' };
        try {
          response = { statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: 'ok' };
        } catch (e) {}
        return response;
      };`);
    expect(read.verdicts).toEqual(['missing', 'present']);
  });

  test('objects that are not proxy responses are not counted', async () => {
    const read = await js("exports.handler = async () => { if (Math.random()) return 'text'; return { message: 'hi' }; };");
    expect(read.verdicts).toEqual([]);
  });

  test('an object spread twice into the next, many levels deep, is read (lookups are remembered)', async () => {
    const chain = Array.from({ length: 30 }, (_, i) => `const c${i + 1} = { ...c${i}, ...c${i}, k${i}: 1 };`).join('\n');
    const read = await js(`const c0 = { 'Content-Type': 'text/plain' };\n${chain}\nexports.handler = async () => ({ statusCode: 200, headers: c30 });`);
    expect(read.verdicts).toEqual(['missing']);
  });

  test('a header set to undefined is not counted as present', async () => {
    const read = await js("exports.handler = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': undefined } });");
    expect(read.verdicts).toEqual(['unknown']);
  });
});

describe('JavaScript handlers: helpers and modules', () => {
  test('a helper in the same file is read with its arguments and default parameters', async () => {
    const read = await js(`
      const CORS = { 'Access-Control-Allow-Origin': 'https://a.example' };
      function reply(statusCode, body, headers = {}) {
        return { statusCode, headers, body: JSON.stringify(body) };
      }
      exports.handler = async (event) => {
        if (!event.body) return reply(400, { error: 'no body' });
        return reply(200, {}, CORS);
      };`);
    expect(read.verdicts).toEqual(['missing', 'present']);
    expect(read.responses[0]!.statusCode).toBe('400');
    expect(read.responses[0]!.via.map((v) => v.note)).toEqual(['returned through reply()']);
  });

  test('a helper that calls itself does not loop', async () => {
    const read = await js('function f(n) { return n ? f(n - 1) : { statusCode: 200 }; }\nexports.handler = async () => f(3);');
    expect(read.verdicts).toEqual(['unknown', 'missing']);
  });

  test('a local module is read one level deep, by require or import, with or without extension', async () => {
    const files = {
      'lib/http.js': "const CORS = { 'Access-Control-Allow-Origin': '*' };\nexports.ok = () => ({ statusCode: 200, headers: CORS });\nexports.CORS = CORS;",
      'lib/cors.ts': "export const CORS = { 'Access-Control-Allow-Origin': '*' };",
    };
    expect((await js("const { ok } = require('./lib/http');\nexports.handler = async () => ok();", 'handler', files)).verdicts).toEqual(['present']);
    expect((await js("const http = require('./lib/http.js');\nexports.handler = async () => ({ statusCode: 200, headers: http.CORS });", 'handler', files)).verdicts).toEqual(['present']);
    expect((await ts("import { CORS } from './lib/cors.js';\nexport const handler = async () => ({ statusCode: 200, headers: CORS });", 'handler', files)).verdicts).toEqual(['present']);
  });

  test('a module imported by an imported module is read too', async () => {
    const files = {
      'lib/a.js': "const { make } = require('./b');\nexports.reply = () => make();",
      'lib/b.js': 'exports.make = () => ({ statusCode: 200 });',
    };
    const read = await js("const { reply } = require('./lib/a');\nexports.handler = async () => reply();", 'handler', files);
    expect(read.verdicts).toEqual(['missing']);
  });

  test('callback-style handlers: callback(null, response) and context.succeed(response)', async () => {
    const read = await js(`
      exports.handler = function (event, context, callback) {
        if (event.legacy) { context.succeed({ statusCode: 200 }); return; }
        callback(null, { statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' } });
      };`);
    expect(read.verdicts).toEqual(['missing', 'present']);
  });
});

describe('JavaScript handlers: origins', () => {
  test('the request Origin sent back unchecked is reflected', async () => {
    const read = await js(`
      exports.handler = async (event) => ({
        statusCode: 200,
        headers: { 'Access-Control-Allow-Origin': event.headers?.origin ?? '*' },
      });`);
    expect(read.origins).toEqual([['reflected:', 'literal:*']]);
  });

  test('destructured from the headers, and compared first, it is dynamic', async () => {
    const read = await js(`
      const ALLOWED = new Set(['https://a.example']);
      exports.handler = async ({ headers }) => {
        const { origin } = headers;
        if (!ALLOWED.has(origin)) return { statusCode: 403, headers: { 'Access-Control-Allow-Origin': 'https://a.example' } };
        return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': origin } };
      };`);
    expect(read.origins).toEqual([['literal:https://a.example'], ['dynamic:']]);
  });

  test('environment variables and template strings are dynamic', async () => {
    const read = await js("exports.handler = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': `https://${process.env.HOST}` } });");
    expect(read.origins).toEqual([['dynamic:']]);
  });

  test('credentials sent with the header are noted', async () => {
    const read = await js(
      "exports.handler = async (e) => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': e.headers.origin, 'Access-Control-Allow-Credentials': 'true' } });",
    );
    expect(read.responses[0]!.credentials).toBe(true);
  });
});

describe('JavaScript handlers: middleware', () => {
  test('@middy/http-cors with an origin sets the header for every response', async () => {
    const read = await js(`
      const middy = require('@middy/core');
      const cors = require('@middy/http-cors');
      exports.handler = middy(async () => ({ statusCode: 500 })).use(cors({ origin: 'https://a.example' }));`);
    expect(read.verdicts).toEqual(['present']);
    expect(read.origins).toEqual([['literal:https://a.example']]);
  });

  test('@middy/http-cors without an origin depends on its version: unknown', async () => {
    const read = await js(`
      import middy from '@middy/core';
      import httpCors from '@middy/http-cors';
      export const handler = middy().use(httpCors()).handler(async () => ({ statusCode: 200 }));`);
    expect(read.verdicts).toEqual(['unknown']);
  });

  test('the cors package defaults to *, and origin: true reflects', async () => {
    const wrap = (options: string) => `
      const serverless = require('serverless-http');
      const express = require('express');
      const cors = require('cors');
      const app = express();
      app.use(cors(${options}));
      exports.handler = serverless(app);`;
    expect((await js(wrap(''))).origins).toEqual([['literal:*']]);
    expect((await js(wrap('{ origin: true }'))).origins).toEqual([['reflected:']]);
  });

  test('aws-serverless-express proxy() of an app with cors()', async () => {
    const read = await js(`
      const awsServerlessExpress = require('aws-serverless-express');
      const app = require('./web');
      const server = awsServerlessExpress.createServer(app);
      exports.handler = (event, context) => awsServerlessExpress.proxy(server, event, context, 'PROMISE').promise;`, 'handler', {
      'web.js': "const express = require('express');\nconst cors = require('cors');\nconst app = express();\napp.use(cors({ origin: 'https://a.example' }));\nmodule.exports = app;",
    });
    expect(read.verdicts).toEqual(['present']);
  });
});
