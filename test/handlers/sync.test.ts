/**
 * The synchronous `lintText` reads Lambda handlers the same way whatever happened before it in the process: without
 * grammars it reads none (each noted as `grammar-not-loaded`), even after another call loaded them; given the
 * grammars `loadHandlerGrammars()` loaded, it finds what `lintTextAsync` finds. (This file stays on its own: jest
 * gives each test file a fresh module registry, so no grammar is loaded before its first test.)
 */
import { join } from 'node:path';
import { libraryLoaded } from '../../src/handlers/grammars.js';
import { lintText, lintTextAsync, loadHandlerGrammars, type LintRun } from '../../src/index.js';

const FILE = join(__dirname, '..', '..', 'fixtures', 'virtual', 'template.yaml');

// a REST API with CORS whose Lambda proxy (Python) answers without Access-Control-Allow-Origin
const TEMPLATE = `
Transform: AWS::Serverless-2016-10-31
Resources:
  RestApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: "'https://app.example.com'"
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: |
        def handler(event, context):
            return {"statusCode": 200}
      Events:
        Get:
          Type: Api
          Properties: { RestApiId: !Ref RestApi, Path: /a, Method: get }
`;

const findings = (run: LintRun) => run.results.flatMap((r) => r.messages.map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.severity}`));
const kinds = (run: LintRun) => run.notes.map((n) => `${n.kind} ${n.line}:${n.column}`);

describe('the synchronous lintText and the handler grammars', () => {
  let before: LintRun;

  test('without grammars, the handler is not read and says so, by kind', () => {
    before = lintText(TEMPLATE, FILE);
    expect(libraryLoaded()).toBe(false);
    expect(findings(before)).not.toContainEqual(expect.stringMatching(/^proxy-missing-allow-origin /));
    expect(before.notes.filter((n) => n.kind === 'grammar-not-loaded')).toEqual([
      expect.objectContaining({ kind: 'grammar-not-loaded', file: FILE, line: 13, column: 16 }),
    ]);
  });

  test('an earlier asynchronous call that loaded the grammar changes nothing for a call without grammars', async () => {
    const async = await lintTextAsync(TEMPLATE, FILE);
    expect(libraryLoaded()).toBe(true);
    expect(findings(async)).toContainEqual(expect.stringMatching(/^proxy-missing-allow-origin /));
    const after = lintText(TEMPLATE, FILE);
    expect(findings(after)).toEqual(findings(before));
    expect(kinds(after)).toEqual(kinds(before));
  });

  test('given the grammars loadHandlerGrammars() loaded, it reads handlers as the asynchronous API does', async () => {
    const grammars = await loadHandlerGrammars();
    expect([...grammars.languages].sort()).toEqual(['javascript', 'python', 'typescript']);
    const sync = lintText(TEMPLATE, FILE, { grammars });
    const async = await lintTextAsync(TEMPLATE, FILE);
    expect(findings(sync)).toContainEqual(expect.stringMatching(/^proxy-missing-allow-origin /));
    expect(findings(sync)).toEqual(findings(async));
    expect(kinds(sync)).toEqual(kinds(async));
    expect(kinds(sync)).not.toContainEqual(expect.stringMatching(/^grammar-not-loaded /));
  });

  test('grammars of other languages do not read this one', async () => {
    const grammars = await loadHandlerGrammars(['javascript']);
    const run = lintText(TEMPLATE, FILE, { grammars });
    expect(findings(run)).toEqual(findings(before));
    expect(kinds(run)).toEqual(kinds(before));
  });
});
