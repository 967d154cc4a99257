/**
 * Frameworks as facts (issue 13 §4): a web framework behind a Lambda adapter, or a Powertools resolver, without any
 * CORS configured and with no code setting the header answers without `Access-Control-Allow-Origin` (a finding,
 * not an unknown); a CORS middleware's options (origins, credentials) are read so the origin rules can judge them.
 */
import { readHandler } from './helpers.js';

const js = (source: string, files?: Record<string, string>) => readHandler('javascript', source, 'handler', files);
const py = (source: string, files?: Record<string, string>) => readHandler('python', source, 'handler', files);

describe('Node.js web apps behind a Lambda adapter', () => {
  test('cors() on every route: its origin and credentials', async () => {
    const read = await js(`
      const serverless = require('serverless-http');
      const express = require('express');
      const cors = require('cors');
      const app = express();
      app.use(cors({ origin: 'https://a.example', credentials: true }));
      exports.handler = serverless(app);`);
    expect(read.origins).toEqual([['literal:https://a.example']]);
    expect(read.responses[0]!.credentials).toBe(true);
  });

  test('an allow-list of origins, one origin, and the default', async () => {
    const list = await js(`
      const serverless = require('serverless-http');
      const app = require('express')();
      app.use(require('cors')({ origin: ['https://a.example', 'https://b.example'] }));
      exports.handler = serverless(app);`);
    expect(list.origins).toEqual([['dynamic:']]);
    expect(list.responses[0]!.origins![0]).toMatchObject({ reason: "the request's origin when it is one of https://a.example, https://b.example" });
    const dflt = await js(`
      const serverless = require('serverless-http');
      const app = require('express')();
      app.use(require('cors')());
      exports.handler = serverless(app);`);
    expect(dflt.origins).toEqual([['literal:*']]);
    expect(dflt.responses[0]!.credentials).toBe(false);
  });

  test('cors() on some routes only is unknown; no middleware and no header anywhere is a miss', async () => {
    const some = await js(`
      const serverless = require('serverless-http');
      const express = require('express');
      const cors = require('cors');
      const app = express();
      app.get('/public', cors(), (req, res) => res.json({}));
      exports.handler = serverless(app);`);
    expect(some.verdicts).toEqual(['unknown']);
    const none = await js(
      `const serverless = require('serverless-http');
       const app = require('./web');
       exports.handler = serverless(app);`,
      { 'web.js': "const express = require('express');\nconst app = express();\napp.use('/x', require('./routes/x'));\nmodule.exports = app;", 'routes/x.js': "module.exports = require('express').Router();" },
    );
    expect(none.verdicts).toEqual(['missing']);
    expect(none.responses[0]!.note).toMatch(/without a CORS middleware/);
  });

  test('an app that sets the header itself, deep in its modules, or a CORS package not read: unknown', async () => {
    const own = await js(
      `const serverless = require('serverless-http');
       const app = require('express')();
       app.use(require('./mw/headers'));
       exports.handler = serverless(app);`,
      { 'mw/headers.js': "module.exports = (req, res, next) => { res.set('Access-Control-Allow-Origin', '*'); next(); };" },
    );
    expect(own.verdicts).toEqual(['unknown']);
    const other = await js(`
      const serverless = require('serverless-http');
      const app = require('express')();
      const corsy = require('express-corsy');
      app.use(corsy());
      exports.handler = serverless(app);`);
    expect(other.verdicts).toEqual(['unknown']);
  });

  test('Fastify registering @fastify/cors, Koa with koa2-cors', async () => {
    const fastify = await js(`
      const serverless = require('serverless-http');
      const app = require('fastify')();
      app.register(require('@fastify/cors'), { origin: 'https://f.example' });
      exports.handler = serverless(app);`);
    expect(fastify.origins).toEqual([['literal:https://f.example']]);
    const koa = await js(`
      const serverless = require('serverless-http');
      const Koa = require('koa');
      const cors = require('koa2-cors');
      const app = new Koa();
      app.use(cors());
      exports.handler = serverless(app);`);
    expect(koa.origins).toEqual([['literal:*']]);
  });

  test('a Powertools router without the cors middleware answers without the header', async () => {
    const read = await readHandler(
      'typescript',
      `import { Router } from '@aws-lambda-powertools/event-handler/experimental-rest';
       const app = new Router();
       app.get('/todos', async () => ({ todos: [] }));
       export const handler = async (event: unknown, context: unknown) => app.resolve(event, context);`,
    );
    expect(read.verdicts).toEqual(['missing']);
  });
});

describe('Python frameworks', () => {
  test('CORSConfig with extra origins and credentials', async () => {
    const read = await py(`
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig
cors = CORSConfig(allow_origin="https://a.example", extra_origins=["https://b.example"], allow_credentials=True)
app = APIGatewayRestResolver(cors=cors)

def handler(event, context):
    return app.resolve(event, context)
`);
    expect(read.responses[0]!.origins![0]).toMatchObject({ kind: 'dynamic', reason: "the request's origin when it is one of https://a.example, https://b.example" });
    expect(read.responses[0]!.credentials).toBe(true);
  });

  test('flask_cors with origins and credentials; FastAPI CORSMiddleware without allow_origins allows none', async () => {
    const flask = await py(`
import awsgi
from flask import Flask
from flask_cors import CORS
app = Flask(__name__)
CORS(app, origins="https://a.example", supports_credentials=True)

def handler(event, context):
    return awsgi.response(app, event, context)
`);
    expect(flask.origins).toEqual([['literal:https://a.example']]);
    expect(flask.responses[0]!.credentials).toBe(true);
    const fastapi = await py(`
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from mangum import Mangum
app = FastAPI()
app.add_middleware(CORSMiddleware, allow_methods=["*"])
handler = Mangum(app)
`);
    expect(fastapi.verdicts).toEqual(['missing']);
  });

  test('a resolver whose routers are in local modules that set the header is unknown', async () => {
    const read = await py(
      `from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from routes import items
app = APIGatewayRestResolver()
app.include_router(items.router)

def handler(event, context):
    return app.resolve(event, context)
`,
      { 'routes/__init__.py': '', 'routes/items.py': 'from aws_lambda_powertools.event_handler.api_gateway import Router, Response\nrouter = Router()\n\n@router.get("/items")\ndef items():\n    return Response(status_code=200, headers={"Access-Control-Allow-Origin": "*"}, body="[]")\n' },
    );
    expect(read.verdicts).toEqual(['unknown']);
  });
});
