/**
 * Reason kinds (issue 13 §6, for issue 12's coverage data): each unknown of the handler stage carries a stable,
 * machine-readable kind beside its message, and the notes of a run carry it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { handlerReason } from '../../src/handlers/reasons.js';
import { lint } from '../../src/index.js';

test.each([
  ["runtime 'java21' is not read (only Node.js and Python handlers are)", 'runtime-not-read', 'java21'],
  ['the code is not inline (Code.ZipFile); a package in S3 is not read', 'code-in-s3', 'Code.S3Bucket'],
  ["CodeUri 's3://bucket/app.zip' is not a local folder", 'code-in-s3', 'CodeUri s3://'],
  ['CodeUri is an S3 location (Bucket and Key); the code is not read', 'code-in-s3', 'CodeUri Bucket/Key'],
  ["CodeUri 'app.zip' is an archive; its code is not read", 'code-archive', undefined],
  ['the function is a container image; its code is not read', 'container-image', undefined],
  ["CodeUri folder 'src/' does not exist", 'code-missing', undefined],
  ["handler file 'app' not found in CodeUri 'src/'", 'code-missing', undefined],
  ['the integration calls a function the template does not name', 'function-elsewhere', undefined],
  ["the integration calls a function of 'Auth' (its output FnArn), a nested application or stack whose template is linted on its own", 'function-elsewhere', 'nested stack'],
  ['Handler depends on a condition', 'template-value', undefined],
  ["the result of reply() (module 'common.http' is not in the function's code or its local layers; it may come from a layer that is not read (x))", 'layer-elsewhere', undefined],
  ["the handler is made by wrap() from 'some-wrapper'; its responses are not read", 'package', undefined],
  ['the decorator @cors_headers may set the response headers', 'package', undefined],
  ['a Powertools resolver with cors=True on some routes; its routes are not read', 'framework', undefined],
  ['too complex (the reader stops after 50,000 evaluation steps or 1 s per handler)', 'too-complex', undefined],
  ['the handler function has syntax errors', 'syntax-error', undefined],
  ['a template string (`${x}`)', 'construct', undefined],
])('%s → %s', (message, reason, detail) => {
  expect(handlerReason(message)).toEqual(detail === undefined ? { reason } : { reason, detail });
});

test("a run's notes carry the kind and the detail", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cors-lint-reasons-'));
  try {
    const files: Record<string, string> = {
      'template.yaml': `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties: { StageName: prod, Cors: "'https://app.example'" }
  Java:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: java/
      Handler: app.Handler::handle
      Runtime: java21
      Events: { E: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /j, Method: get } } }
  Node:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs20.x
      Events: { E: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /n, Method: get } } }
`,
      'java/pom.xml': '<project/>',
      'nested.yaml': `Transform: AWS::Serverless-2016-10-31
Resources:
  Auth:
    Type: AWS::Serverless::Application
    Properties: { Location: ./auth/template.yaml }
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: "'https://app.example'"
      DefinitionBody:
        openapi: '3.0.1'
        info: { title: t, version: '1' }
        paths:
          /login:
            post:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Auth.Outputs.LoginFunctionArn}/invocations
`,
      'src/app.js': "exports.handler = async (e) => ({ statusCode: 200, headers: JSON.parse(e.body) });",
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const run = await lint([dir], { cwd: dir });
    const kinds = run.notes.map((n) => [n.reason, n.detail]);
    expect(kinds).toEqual(expect.arrayContaining([['runtime-not-read', 'java21'], ['construct', undefined]]));
    expect(run.notes.every((n) => n.reason !== undefined)).toBe(true);
    const nested = run.notes.find((n) => n.file.endsWith('nested.yaml'));
    expect(nested).toMatchObject({ reason: 'function-elsewhere', detail: 'nested stack' });
    expect(nested!.message).toMatch(/the integration calls a function of 'Auth' \(its output LoginFunctionArn\), a nested application or stack whose template is linted on its own/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
