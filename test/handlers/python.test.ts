import { readHandler } from './helpers.js';

const py = (source: string, exportName = 'handler', files?: Record<string, string>) => readHandler('python', source, exportName, files);

describe('Python handlers: responses', () => {
  test('dict literals, dict() calls, ** spreads and | merges', async () => {
    const read = await py(`
CORS = {"Access-Control-Allow-Origin": "https://a.example"}

def handler(event, context):
    if event.get("a"):
        return {"statusCode": 200, "headers": {**CORS, "X": "1"}}
    if event.get("b"):
        return dict(statusCode=200, headers=CORS)
    if event.get("c"):
        return {"statusCode": 200, "headers": {"X": "1"} | CORS}
    return {"statusCode": 404, "headers": {"X": "1"}}
`);
    expect(read.verdicts).toEqual(['present', 'present', 'present', 'missing']);
  });

  test('a dict filled in after it is built: item assignment and update()', async () => {
    const read = await py(`
def handler(event, context):
    response = {"statusCode": 200, "headers": {}}
    response["headers"]["Access-Control-Allow-Origin"] = "*"
    if event:
        return response
    other = {"statusCode": 200}
    other["headers"] = {}
    other["headers"].update({"Access-Control-Allow-Origin": "*"})
    return other
`);
    expect(read.verdicts).toEqual(['present', 'present']);
  });

  test('del, and handing the dict to code that is not read, make it unknown', async () => {
    const read = await py(`
from somewhere import decorate

def handler(event, context):
    a = {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": "*"}}
    del a["headers"]["Access-Control-Allow-Origin"]
    if event:
        return a
    b = {"statusCode": 200}
    decorate(b)
    return b
`);
    expect(read.verdicts).toEqual(['unknown', 'unknown']);
  });

  test('helpers with keyword arguments and defaults', async () => {
    const read = await py(`
import json

def respond(status, body, headers=None):
    return {"statusCode": status, "headers": headers or {}, "body": json.dumps(body)}

def handler(event, context):
    if not event:
        return respond(status=400, body={})
    return respond(200, {}, headers={"Access-Control-Allow-Origin": "*"})
`);
    // `None or {}` is `{}`: no header.
    expect(read.verdicts).toEqual(['missing', 'present']);
  });

  test('a helper that sets the header on the dict it is given counts', async () => {
    const read = await py(`
def add_cors(response, origin="*"):
    response.setdefault("headers", {})
    response["headers"]["Access-Control-Allow-Origin"] = origin

def handler(event, context):
    result = {"statusCode": 200, "headers": {}}
    add_cors(response=result)
    return result
`);
    expect(read.verdicts).toEqual(['present']);
    const plain = await py(`
def add_cors(response):
    response["headers"]["Access-Control-Allow-Origin"] = "*"

def handler(event, context):
    result = {"statusCode": 200, "headers": {}}
    add_cors(result)
    return result
`);
    expect(plain.verdicts).toEqual(['present']);
  });

  test('a decorator named after CORS may add the header: not read', async () => {
    const read = await py(`
from mylib import with_cors

@with_cors
def handler(event, context):
    return {"statusCode": 200}
`);
    expect(read.unknown).toMatch(/decorator/);
  });

  test('other decorators are transparent', async () => {
    const read = await py(`
from aws_lambda_powertools import Logger
logger = Logger()

@logger.inject_lambda_context
def handler(event, context):
    return {"statusCode": 200}
`);
    expect(read.verdicts).toEqual(['missing']);
  });

  test('a string is not a response; a name that is not defined is unknown', async () => {
    expect((await py('def handler(event, context):\n    return "ok"\n')).verdicts).toEqual([]);
    expect((await py('def handler(event, context):\n    return build()\n')).verdicts).toEqual(['unknown']);
  });

  test('local modules by absolute and relative import, one level deep', async () => {
    const files = {
      'responses.py': 'CORS = {"Access-Control-Allow-Origin": "*"}\ndef ok():\n    return {"statusCode": 200, "headers": CORS}\n',
      'pkg/__init__.py': '',
      'pkg/util.py': 'def fail():\n    return {"statusCode": 500}\n',
    };
    expect((await py('from responses import ok\ndef handler(e, c):\n    return ok()\n', 'handler', files)).verdicts).toEqual(['present']);
    expect((await py('import responses\ndef handler(e, c):\n    return {"statusCode": 200, "headers": responses.CORS}\n', 'handler', files)).verdicts).toEqual(['present']);
    expect((await py('from pkg.util import fail\ndef handler(e, c):\n    return fail()\n', 'handler', files)).verdicts).toEqual(['missing']);
  });
});

describe('Python handlers: origins', () => {
  test('the request Origin sent back unchecked is reflected; checked, it is dynamic', async () => {
    const reflected = await py(`
def handler(event, context):
    origin = event["headers"].get("origin")
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": origin}}
`);
    expect(reflected.origins).toEqual([['reflected:']]);
    const checked = await py(`
ALLOWED = ["https://a.example"]

def handler(event, context):
    origin = event["headers"].get("origin")
    allowed = origin if origin in ALLOWED else ALLOWED[0]
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": allowed}}
`);
    expect(checked.origins[0]).not.toContain('reflected:');
  });

  test('f-strings and environment variables are dynamic', async () => {
    const read = await py(`
import os

def handler(event, context):
    if event:
        return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": os.environ.get("ORIGIN")}}
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": f"https://{os.environ['HOST']}"}}
`);
    expect(read.origins).toEqual([['dynamic:'], ['dynamic:']]);
  });
});

describe('Python handlers: frameworks', () => {
  test('a Powertools resolver with cors=CORSConfig sets the header; without, it answers without it', async () => {
    const withCors = await py(`
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig
app = APIGatewayRestResolver(cors=CORSConfig(allow_origin="https://a.example"))

def handler(event, context):
    return app.resolve(event, context)
`);
    expect(withCors.verdicts).toEqual(['present']);
    expect(withCors.origins).toEqual([['literal:https://a.example']]);
    const without = await py(`
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
app = APIGatewayRestResolver()

def handler(event, context):
    return app.resolve(event, context)
`);
    expect(without.verdicts).toEqual(['missing']);
    const routeCors = await py(`
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
app = APIGatewayRestResolver()

@app.get("/items", cors=True)
def items():
    return {"items": []}

def handler(event, context):
    return app.resolve(event, context)
`);
    expect(routeCors.verdicts).toEqual(['unknown']);
  });

  test('Mangum over FastAPI with CORSMiddleware, declared with middleware=[...]', async () => {
    const read = await py(`
from fastapi import FastAPI
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from mangum import Mangum

app = FastAPI(middleware=[Middleware(CORSMiddleware, allow_origins=["https://a.example"])])
handler = Mangum(app)
`);
    expect(read.verdicts).toEqual(['present']);
  });

  test('serverless-wsgi over Flask without flask_cors, and nothing setting the header, answers without it', async () => {
    const read = await py(`
import serverless_wsgi
from flask import Flask
app = Flask(__name__)

def handler(event, context):
    return serverless_wsgi.handle_request(app, event, context)
`);
    expect(read.verdicts).toEqual(['missing']);
    const ownHeaders = await py(`
import serverless_wsgi
from flask import Flask
app = Flask(__name__)

@app.after_request
def add_headers(response):
    response.headers["Access-Control-Allow-Origin"] = "https://a.example"
    return response

def handler(event, context):
    return serverless_wsgi.handle_request(app, event, context)
`);
    expect(ownHeaders.verdicts).toEqual(['unknown']);
  });
});
