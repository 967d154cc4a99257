/**
 * Wrappers and decorators, both ways (issue 13 §3): the reader follows into a wrapper or decorator written in the
 * code, so CORS headers it adds count, and a response it returns itself (the 500 of an error wrapper) is one of the
 * handler's responses, at the wrapper's own `return`.
 */
import { readHandler } from './helpers.js';

const js = (source: string, files?: Record<string, string>) => readHandler('javascript', source, 'handler', files);
const py = (source: string, files?: Record<string, string>) => readHandler('python', source, 'handler', files);

describe('JavaScript wrappers', () => {
  test("an error wrapper: the handler's responses, and the wrapper's own 500 at its return", async () => {
    const read = await js(`
      const withErrors = (handler) => async (event, context) => {
        try {
          return await handler(event, context);
        } catch (err) {
          return { statusCode: 500, body: JSON.stringify({ message: err.message }) };
        }
      };
      exports.handler = withErrors(async (event) => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: '{}' }));`);
    expect(read.responses.map((r) => [r.allowOrigin, r.statusCode, r.loc.range?.line])).toEqual([
      ['present', '200', 9],
      ['missing', '500', 6],
    ]);
  });

  test('a wrapper that adds the header to whatever the handler returns', async () => {
    const read = await js(
      `import { withCors } from './lib/cors.js';
       export const handler = withCors(async () => ({ statusCode: 404, body: 'none' }));`,
      {
        'lib/cors.js': `export function withCors(fn) {
          return async function wrapped(event, context) {
            const response = await fn(event, context);
            return { ...response, headers: { ...response.headers, 'Access-Control-Allow-Origin': 'https://w.example' } };
          };
        }`,
      },
    );
    expect(read.origins).toEqual([['literal:https://w.example']]);
  });

  test("metricScope(metrics => handler) from aws-embedded-metrics runs the handler it makes", async () => {
    const read = await js(`
      const { metricScope } = require('aws-embedded-metrics');
      const reply = (statusCode, body, extra) => ({ statusCode, body: JSON.stringify(body), headers: { 'Access-Control-Allow-Origin': '*', ...extra } });
      exports.handler = metricScope((metrics) => async (event, context) => {
        metrics.putMetric('Calls', 1);
        if (!event.body) return reply(400, { message: 'no body' });
        return reply(200, {});
      });`);
    expect(read.verdicts).toEqual(['present', 'present']);
  });

  test('a pass-through wrapper from a package (error reporting) reads the handler inside', async () => {
    const read = await js(`
      const Sentry = require('@sentry/serverless');
      exports.handler = Sentry.AWSLambda.wrapHandler(async () => ({ statusCode: 500 }));`);
    expect(read.verdicts).toEqual(['missing']);
  });

  test('a wrapper from any other package is not read, and says so', async () => {
    const read = await js(`
      const { withCors } = require('@example/http-kit');
      exports.handler = withCors(async () => ({ statusCode: 200 }));`);
    expect(read.unknown).toMatch(/withCors\(\) from '@example\/http-kit'/);
  });

  test('a middy chain with a middleware of its own that sets headers is unknown, not missing', async () => {
    const read = await js(`
      const middy = require('@middy/core');
      const addHeaders = { after: async (request) => { request.response.headers = { 'Access-Control-Allow-Origin': '*' }; } };
      exports.handler = middy(async () => ({ statusCode: 200 })).use(addHeaders);`);
    expect(read.verdicts).toEqual(['unknown']);
  });
});

describe('Python decorators', () => {
  test('a decorator that adds the headers (with functools.wraps)', async () => {
    const read = await py(`
import functools

def cors(fn):
    @functools.wraps(fn)
    def wrapper(event, context):
        response = fn(event, context)
        response.setdefault("headers", {})
        response["headers"]["Access-Control-Allow-Origin"] = "https://d.example"
        return response
    return wrapper

@cors
def handler(event, context):
    return {"statusCode": 200, "body": "{}"}
`);
    expect(read.origins).toEqual([['literal:https://d.example']]);
  });

  test("an error decorator: the handler's responses and the decorator's own 500", async () => {
    const read = await py(
      `from errors import handle_errors
from aws_lambda_powertools import Logger

logger = Logger()

@logger.inject_lambda_context
@handle_errors
def handler(event, context):
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": "*"}}
`,
      {
        'errors.py': `def handle_errors(func):
    def inner(event, context):
        try:
            return func(event, context)
        except Exception:
            return {"statusCode": 500, "body": "error"}
    return inner
`,
      },
    );
    expect(read.responses.map((r) => [r.allowOrigin, r.statusCode])).toEqual([
      ['present', '200'],
      ['missing', '500'],
    ]);
    expect(read.responses[1]!.loc.file).toMatch(/errors\.py$/);
  });

  test('a decorator factory with options', async () => {
    const read = await py(`
def with_origin(origin="*"):
    def decorate(fn):
        def run(event, context):
            response = fn(event, context)
            response["headers"] = {**response.get("headers", {}), "Access-Control-Allow-Origin": origin}
            return response
        return run
    return decorate

@with_origin(origin="https://f.example")
def handler(event, context):
    return {"statusCode": 200}
`);
    expect(read.origins).toEqual([['literal:https://f.example']]);
  });

  test('a Powertools lambda_handler_decorator middleware gets the handler as its first parameter', async () => {
    const read = await py(`
from aws_lambda_powertools.middleware_factory import lambda_handler_decorator

@lambda_handler_decorator
def add_cors(handler, event, context):
    response = handler(event, context)
    response["headers"] = {"Access-Control-Allow-Origin": "https://m.example"}
    return response

@add_cors
def handler(event, context):
    return {"statusCode": 201}
`);
    expect(read.origins).toEqual([['literal:https://m.example']]);
  });

  test('a decorator from a package whose name speaks of responses or headers is not read, and says so', async () => {
    const read = await py(`
from some_kit import json_response

@json_response
def handler(event, context):
    return {"statusCode": 200}
`);
    expect(read.unknown ?? read.responses[0]?.note).toMatch(/@json_response may set the response headers/);
  });
});
