/**
 * web-tree-sitter and the grammars load only when a template has a Lambda proxy route behind a CORS-enabled REST
 * API. (This file must stay on its own: jest gives each test file a fresh module registry, so nothing else has
 * loaded them before the first test.)
 */
import { join } from 'node:path';
import { loadCounter, libraryLoaded, grammarLoaded } from '../../src/handlers/grammars.js';
import { lint, lintText, lintTextAsync } from '../../src/index.js';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');

const noProxy = `
Transform: AWS::Serverless-2016-10-31
Resources:
  RestApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: "'https://app.example.com'"
  HttpApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: [https://app.example.com]
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: |
        def handler(event, context):
            return {"statusCode": 200}
      Events:
        Http:
          Type: HttpApi
          Properties: { ApiId: !Ref HttpApi, Path: /a, Method: get }
`;

const withProxy = noProxy.replace('Type: HttpApi\n          Properties: { ApiId: !Ref HttpApi,', 'Type: Api\n          Properties: { RestApiId: !Ref RestApi,');

test('a template without a proxy route behind a CORS-enabled REST API loads no grammar', async () => {
  const run = await lintTextAsync(noProxy, join(FIXTURES, 'virtual', 'template.yaml'));
  expect(run.templates).toBe(1);
  expect(libraryLoaded()).toBe(false);
  expect(loadCounter).toEqual({ library: 0, grammars: 0 });
});

test('the synchronous API does not load grammars: the handler is left unread, with a note', () => {
  const run = lintText(withProxy, join(FIXTURES, 'virtual', 'template.yaml'));
  expect(libraryLoaded()).toBe(false);
  expect(run.results.flatMap((r) => r.messages).filter((m) => m.ruleId === 'proxy-missing-allow-origin')).toEqual([]);
  expect(run.notes.map((n) => n.kind)).toContain('grammar-not-loaded');
});

test('a proxy route loads web-tree-sitter and only the grammar it needs, once', async () => {
  const run = await lintTextAsync(withProxy, join(FIXTURES, 'virtual', 'template.yaml'));
  expect(run.results.flatMap((r) => r.messages).filter((m) => m.ruleId === 'proxy-missing-allow-origin')).toHaveLength(1);
  expect(loadCounter).toEqual({ library: 1, grammars: 1 });
  expect(grammarLoaded('python')).toBe(true);
  expect(grammarLoaded('javascript')).toBe(false);
  await lint([join(FIXTURES, 'proxy-missing-allow-origin', 'invalid', 'python-dicts', 'template.yaml')], { cwd: FIXTURES });
  expect(loadCounter).toEqual({ library: 1, grammars: 1 });
});
