/**
 * Reach (issue 13 §5): helpers in Lambda layers with a local folder (`/opt/nodejs/...`, `/opt/python`, bare names
 * a layer provides) and environment variables resolved through the template, with the code's default where the
 * template does not set one; what is out of reach stays unknown with the reason.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { lint } from '../../src/index.js';
import { reachOf, type Reach } from '../../src/handlers/reach.js';
import type { FunctionEnvironment } from '../../src/model/types.js';
import { readHandler } from './helpers.js';

const loc = { file: 't.yaml', path: [] };
const known = (value: string) => ({ known: true as const, value, loc, via: [], when: [] });
const env = (variables: Record<string, string>, unknown?: string): FunctionEnvironment => ({
  variables: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, [known(v)]])),
  ...(unknown ? { unknown } : {}),
});
const withEnv = (e: FunctionEnvironment) => (): Reach => reachOf({ id: 'F', source: 'sam', loc, environment: e });
const withLayers =
  (...layers: Array<{ dir: string; buildMethod?: string }>) =>
  (root: string): Reach =>
    reachOf({ id: 'F', source: 'sam', loc, layers: layers.map((l, i) => ({ kind: 'local' as const, id: `L${i}`, dir: join(root, l.dir), loc, ...(l.buildMethod ? { buildMethod: l.buildMethod } : {}) })) });

describe('environment variables', () => {
  test('a variable the template sets is its value; one it does not set takes the code default', async () => {
    const py = await readHandler(
      'python',
      `import os
from os import getenv
A = os.environ.get("ALLOWED", "https://default.example")
def handler(event, context):
    if event.get("body"):
        return {"statusCode": 400, "headers": {"Access-Control-Allow-Origin": getenv("UNSET", "null")}}
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": A}}`,
      'handler',
      {},
      withEnv(env({ ALLOWED: 'https://app.example' })),
    );
    expect(py.origins).toEqual([['literal:null'], ['literal:https://app.example']]);
    const js = await readHandler(
      'javascript',
      `const { ORIGIN = 'https://fallback.example' } = process.env;
exports.handler = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': process.env.SET ?? ORIGIN } });`,
      'handler',
      {},
      withEnv(env({ SET: 'https://set.example' })),
    );
    expect(js.origins).toEqual([['literal:https://set.example']]);
    const fallback = await readHandler('javascript', `exports.handler = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': process.env.ORIGIN || '*' } });`, 'handler', {}, withEnv(env({})));
    expect(fallback.origins).toEqual([['literal:*']]);
  });

  test('unknown: without a template, a variable Lambda sets, Variables built by an intrinsic, os.environ[...] unset', async () => {
    const source = `exports.handler = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': process.env.ORIGIN || '*' } });`;
    expect((await readHandler('javascript', source)).origins).toEqual([['dynamic:']]);
    const intrinsic = await readHandler('javascript', source, 'handler', {}, withEnv(env({}, 'Environment.Variables is built by Fn::If')));
    expect(intrinsic.responses[0]!.origins![0]).toMatchObject({ kind: 'dynamic', reason: 'the environment variable ORIGIN (Environment.Variables is built by Fn::If)' });
    const reserved = await readHandler('javascript', source.replace('ORIGIN', 'AWS_REGION'), 'handler', {}, withEnv(env({})));
    expect(reserved.origins).toEqual([['dynamic:']]);
    const raises = await readHandler(
      'python',
      `import os
def handler(event, context):
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": os.environ["ORIGIN"]}}`,
      'handler',
      {},
      withEnv(env({})),
    );
    expect(raises.responses[0]!.origins![0]).toMatchObject({ kind: 'dynamic', reason: expect.stringMatching(/does not set \(os.environ\['ORIGIN'\] raises KeyError\)/) });
  });
});

describe('layers', () => {
  const ok = "exports.ok = () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'https://%s.example' } });";
  test('/opt/nodejs in a layer SAM builds and in one it does not; the last layer wins', async () => {
    const read = await readHandler(
      'javascript',
      `const { ok } = require('/opt/nodejs/replies');\nexports.handler = async () => ok();`,
      'handler',
      { 'built/replies.js': ok.replace('%s', 'built'), 'plain/nodejs/replies.js': ok.replace('%s', 'plain') },
      withLayers({ dir: 'plain' }, { dir: 'built', buildMethod: 'nodejs20.x' }),
    );
    expect(read.origins).toEqual([['literal:https://built.example']]);
    const reversed = await readHandler(
      'javascript',
      `const { ok } = require('/opt/nodejs/replies');\nexports.handler = async () => ok();`,
      'handler',
      { 'built/replies.js': ok.replace('%s', 'built'), 'plain/nodejs/replies.js': ok.replace('%s', 'plain') },
      withLayers({ dir: 'built', buildMethod: 'nodejs20.x' }, { dir: 'plain' }),
    );
    expect(reversed.origins).toEqual([['literal:https://plain.example']]);
  });

  test('bare names: a package in a layer (main of its package.json), Python modules in /opt/python', async () => {
    const js = await readHandler('javascript', `const replies = require('replies');\nexports.handler = async () => replies.ok();`, 'handler', {
      'layer/nodejs/node_modules/replies/package.json': '{"main": "dist/main.js"}',
      'layer/nodejs/node_modules/replies/dist/main.js': ok.replace('%s', 'pkg'),
    }, withLayers({ dir: 'layer' }));
    expect(js.origins).toEqual([['literal:https://pkg.example']]);
    const helper = 'def ok():\n    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": "https://py.example"}}\n';
    for (const [layout, build] of [['layer/python/util/replies.py', undefined], ['layer/util/replies.py', 'python3.12']] as const) {
      const py = await readHandler('python', `from util.replies import ok\ndef handler(event, context):\n    return ok()`, 'handler', { [layout]: helper }, withLayers({ dir: 'layer', ...(build ? { buildMethod: build } : {}) }));
      expect(py.origins).toEqual([['literal:https://py.example']]);
    }
  });

  test('a module in no local layer is unknown, and says which layers are not read', async () => {
    const read = await readHandler('javascript', `const { ok } = require('/opt/nodejs/replies');\nexports.handler = async () => ok();`, 'handler', {}, () =>
      reachOf({ id: 'F', source: 'sam', loc, layers: [{ kind: 'elsewhere', reason: 'the layer is imported from another stack', loc }] }),
    );
    expect(read.verdicts).toEqual(['unknown']);
    expect(read.responses[0]!.note).toMatch(/'\/opt\/nodejs\/replies' is not in the function's local layers; it may come from a layer that is not read \(the layer is imported from another stack\)/);
  });
});

describe('from the template', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cors-lint-reach-'));
    const files: Record<string, string> = {
      'template.yaml': `Transform: AWS::Serverless-2016-10-31
Parameters:
  Origin: { Type: String, Default: 'https://param.example' }
Globals:
  Function:
    Runtime: nodejs20.x
    Layers: [!Ref Shared]
    Environment:
      Variables: { A: 'https://globals.example', B: 'https://globals.example' }
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties: { StageName: prod, Cors: { AllowOrigin: "'https://app.example'" } }
  Shared:
    Type: AWS::Serverless::LayerVersion
    Properties: { ContentUri: shared/ }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Layers: [arn:aws:lambda:us-east-1:123456789012:layer:x:1]
      Environment:
        Variables: { B: !Ref Origin }
      Events:
        E: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /x, Method: get } }
`,
      'src/app.js': `const { origin } = require('/opt/nodejs/config');\nexports.handler = async (event) => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': event.body ? process.env.A : origin } });`,
      'shared/nodejs/config.js': 'exports.origin = process.env.B;',
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('Globals and the function merge: layers concatenated, variables key by key, parameters resolved', async () => {
    const run = await lint([dir], { cwd: dir, modelOnly: true, readHandlers: true });
    const fn = [...run.models.values()][0]!.functions.find((f) => f.id === 'Fn')!;
    const analysis = [...run.handlers!.values()][0]!.forFunction('Fn');
    expect(fn.layers!.map((l) => l.kind)).toEqual(['local', 'elsewhere']);
    expect(fn.layers![1]).toMatchObject({ reason: "layer 'arn:aws:lambda:us-east-1:123456789012:layer:x:1' is not defined in this template" });
    const origins = analysis!.responses.flatMap((r) => (r.origins ?? []).map((o) => (o.kind === 'literal' ? o.value : o.kind)));
    expect(origins.sort()).toEqual(['https://globals.example', 'https://param.example']);
  });
});
