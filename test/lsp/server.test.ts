/**
 * The language server at the protocol level: the built `cors-lint lsp --stdio` spawned as an editor spawns it, and
 * spoken to over JSON-RPC (test/lsp/client.ts). Diagnostics come from the same pipeline as the command line: each
 * is compared with what `cors-lint --format json` reports for the same file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { built, project, spawnCli } from '../perf/helpers.js';
import { LspClient, uri, type Diagnostic } from './client.js';

const TEMPLATE = [
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Api:',
  '    Type: AWS::Serverless::Api',
  '    Properties:',
  '      StageName: prod',
  "      Cors: \"'https://app.example.com'\"",
  '  Fn:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Runtime: nodejs20.x',
  '      Handler: app.handler',
  '      CodeUri: src/',
  '      Events:',
  '        Get:',
  '          Type: Api',
  '          Properties: {RestApiId: !Ref Api, Path: /items, Method: get}',
  '',
].join('\n');

/** A handler whose response carries no Access-Control-Allow-Origin: proxy-missing-allow-origin, in this file. */
const HANDLER_WITHOUT = "exports.handler = async () => {\n  return { statusCode: 200, body: '[]' };\n};\n";
const HANDLER_WITH = "exports.handler = async () => {\n  return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'https://app.example.com' }, body: '[]' };\n};\n";

const WILDCARD = [
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Api:',
  '    Type: AWS::Serverless::HttpApi',
  '    Properties:',
  '      CorsConfiguration:',
  "        AllowOrigins: ['*']",
  '',
].join('\n');

interface Finding {
  ruleId: string | null;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity: number;
  related: Array<{ file: string; line: number; column: number }>;
}

/** What the command line reports for a file (by the file each finding points at), as the server should publish it. */
function cliFindings(file: string, cwd: string): Array<Finding & { file: string }> {
  const r = spawnCli(['--format', 'json', file], cwd);
  const results = JSON.parse(r.stdout) as Array<{ filePath: string; messages: any[] }>;
  return results.flatMap((x) =>
    x.messages.map((m) => ({
      file: x.filePath,
      ruleId: m.ruleId,
      line: m.line,
      column: m.column,
      endLine: m.endLine,
      endColumn: m.endColumn,
      severity: m.severity,
      related: (m.relatedLocations ?? []).map((l: any) => ({ file: l.filePath, line: l.line, column: l.column })),
    })),
  );
}

const inFile = (findings: Array<Finding & { file: string }>, file: string): Finding[] => findings.filter((f) => f.file === file).map(({ file: _f, ...m }) => m);

const asFindings = (ds: Diagnostic[]): Finding[] =>
  ds
    .filter((d) => d.severity <= 2)
    .map((d) => ({
      ruleId: d.code ?? null,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: d.severity === 1 ? 2 : 1,
      related: (d.relatedInformation ?? []).map((r) => ({ file: fileURLToPath(r.location.uri), line: r.location.range.start.line + 1, column: r.location.range.start.character + 1 })),
    }));

jest.setTimeout(60_000);

(built ? describe : describe.skip)('cors-lint lsp --stdio (a protocol client)', () => {
  let p: ReturnType<typeof project>;
  let client: LspClient;
  beforeEach(() => {
    p = project({ 'proxy/template.yaml': TEMPLATE, 'proxy/src/app.js': HANDLER_WITHOUT, 'wild/template.yaml': WILDCARD, '.git/HEAD': 'ref: refs/heads/main\n' });
    client = new LspClient(['--debounce', '50'], p.dir);
  });
  afterEach(() => {
    client.kill();
    p.remove();
  });

  test('without --stdio the command says how to run it (exit 2)', () => {
    const r = spawnCli(['lsp'], p.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cors-lint lsp: give --stdio: the server speaks the Language Server Protocol over standard input and output\n');
  });

  test('initialize: the server names itself and offers incremental sync, code actions, hover and the explain command', async () => {
    const init = await client.initialize(p.dir);
    expect(init.result.serverInfo.name).toBe('cors-lint');
    expect(init.result.capabilities.textDocumentSync.change).toBe(2);
    expect(init.result.capabilities.codeActionProvider.codeActionKinds).toEqual(['quickfix', '']);
    expect(init.result.capabilities.hoverProvider).toBe(true);
    expect(init.result.capabilities.executeCommandProvider.commands).toEqual(['cors-lint.explainRoute']);
    expect(await client.shutdown()).toBe(0);
  });

  test('opening a template publishes the findings the command line reports, at the same ranges, with rule and page', async () => {
    await client.initialize(p.dir);
    const file = join(p.dir, 'wild/template.yaml');
    client.open(file, WILDCARD);
    const ds = await client.diagnostics(file);
    const cli = cliFindings('wild/template.yaml', p.dir);
    expect(cli.length).toBeGreaterThan(0);
    expect(asFindings(ds)).toEqual(inFile(cli, file));
    const wildcard = ds.find((d) => d.code === 'wildcard-origin')!;
    expect(wildcard.source).toBe('cors-lint');
    expect(wildcard.codeDescription!.href).toMatch(/docs\/rules\/wildcard-origin\.md$/);
    expect(wildcard.range.start).toEqual({ line: 6, character: 23 });
  });

  test('a handler finding appears in the handler file; fixing the handler (unsaved buffer) clears it, breaking it again brings it back', async () => {
    await client.initialize(p.dir);
    const template = join(p.dir, 'proxy/template.yaml');
    const handler = join(p.dir, 'proxy/src/app.js');
    const cli = cliFindings('proxy/template.yaml', p.dir);
    const inHandler = inFile(cli, handler);
    expect(inHandler.map((m) => m.ruleId)).toEqual(['proxy-missing-allow-origin']);
    expect(inHandler[0]!.related.length).toBeGreaterThan(0);
    client.open(template, TEMPLATE);
    const [forTemplate, forHandler] = await Promise.all([client.diagnostics(template), client.diagnostics(handler)]);
    expect(asFindings(forTemplate)).toEqual(inFile(cli, template));
    expect(asFindings(forHandler)).toEqual(inHandler);
    expect(forHandler[0]!.range.start.line).toBe(1); // the return
    // the handler is opened and fixed without saving: the template is linted again with the buffer's text
    client.open(handler, HANDLER_WITHOUT, 'javascript');
    client.change(handler, HANDLER_WITH, 2);
    expect(await client.diagnostics(handler)).toEqual([]);
    expect(readFileSync(handler, 'utf8')).toBe(HANDLER_WITHOUT);
    // the template still depends on the handler, which now has no finding of its own: another edit lints it again
    client.change(handler, HANDLER_WITHOUT, 3);
    expect(asFindings(await client.diagnostics(handler))).toEqual(inHandler);
  });

  test('a change is linted after the debounce, from the unsaved text; the last of quick changes wins', async () => {
    await client.initialize(p.dir);
    const file = join(p.dir, 'wild/template.yaml');
    client.open(file, WILDCARD);
    expect((await client.diagnostics(file)).some((d) => d.code === 'wildcard-origin')).toBe(true);
    const fixed = WILDCARD.replace("['*']", '[https://app.example.com]');
    client.change(file, WILDCARD.replace("['*']", "['*', 'null']"), 2);
    client.change(file, fixed, 3);
    expect(await client.diagnostics(file)).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics')).toEqual([]);
  });

  test('a half-typed template is a diagnostic at its position, and the server keeps serving', async () => {
    await client.initialize(p.dir);
    const file = join(p.dir, 'wild/template.yaml');
    client.open(file, `${WILDCARD}  Broken: {Type: [\n`);
    const ds = await client.diagnostics(file);
    expect(ds).toHaveLength(1);
    expect(ds[0]!.severity).toBe(1);
    expect(ds[0]!.range.start.line).toBeGreaterThanOrEqual(7);
    client.change(file, WILDCARD, 2);
    expect((await client.diagnostics(file)).map((d) => d.code)).toContain('wildcard-origin');
    expect(await client.shutdown()).toBe(0);
  });

  test('a configuration file is honoured, and editing it re-lints the templates below it', async () => {
    await client.initialize(p.dir);
    const file = join(p.dir, 'wild/template.yaml');
    client.open(file, WILDCARD);
    expect((await client.diagnostics(file)).map((d) => d.code)).toContain('wildcard-origin');
    const config = join(p.dir, '.cors-lint.yaml');
    writeFileSync(config, 'rules:\n  wildcard-origin: off\n');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(config), type: 1 }] });
    expect((await client.diagnostics(file)).map((d) => d.code)).not.toContain('wildcard-origin');
  });

  test('a wrong configuration file is a diagnostic in it, not a crash', async () => {
    writeFileSync(join(p.dir, '.cors-lint.yaml'), 'rules:\n  wildcard-orign: off\n');
    await client.initialize(p.dir);
    const file = join(p.dir, 'wild/template.yaml');
    client.open(file, WILDCARD);
    const [inTemplate, inConfig] = await Promise.all([client.diagnostics(file), client.diagnostics(join(p.dir, '.cors-lint.yaml'))]);
    expect(inTemplate[0]!.message).toMatch(/^not linted: the configuration .*\.cors-lint\.yaml is wrong/);
    expect(inConfig[0]!.range.start.line).toBe(1);
  });

  test('code action: suppress with a reason inserts the directive above the finding, which then suppresses it', async () => {
    await client.initialize(p.dir);
    const file = join(p.dir, 'wild/template.yaml');
    client.open(file, WILDCARD);
    const ds = await client.diagnostics(file);
    const wildcard = ds.find((d) => d.code === 'wildcard-origin')!;
    const actions = await client.request('textDocument/codeAction', { textDocument: { uri: uri(file) }, range: wildcard.range, context: { diagnostics: [wildcard] } });
    const suppress = (actions.result as any[]).find((a) => a.title.startsWith('Suppress wildcard-origin'));
    const edit = suppress.edit.changes[uri(file)][0];
    expect(edit).toEqual({
      range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } },
      newText: '        # cors-lint-disable-next-line wildcard-origin -- TODO: say why this is safe\n',
    });
    const lines = WILDCARD.split('\n');
    lines.splice(6, 0, edit.newText.replace(/\n$/, ''));
    client.change(file, lines.join('\n'), 2);
    expect((await client.diagnostics(file)).map((d) => d.code)).not.toContain('wildcard-origin');
  });

  test('hover on a route shows its verdicts per allowed origin; on the API, every route; elsewhere nothing', async () => {
    await client.initialize(p.dir);
    const file = join(p.dir, 'proxy/template.yaml');
    client.open(file, TEMPLATE);
    await client.diagnostics(file);
    const hover = async (line: number, character: number) => (await client.request('textDocument/hover', { textDocument: { uri: uri(file) }, position: { line, character } })).result;
    const onRoute = await hover(16, 30); // the event's properties
    expect(onRoute.contents.kind).toBe('markdown');
    expect(onRoute.contents.value).toMatch(/^\*\*cors-lint\*\*: what browsers get from `GET \/items` of REST API 'Api'/);
    expect(onRoute.contents.value).toMatch(/^ {2}GET \/items +- +blocked: MissingAllowOriginHeader$/m);
    const onApi = await hover(6, 10); // the API's Cors
    expect(onApi.contents.value).toMatch(/^\*\*cors-lint\*\*: what browsers get from REST API 'Api'\n/);
    expect(onApi.contents.value).toContain('origins: https://app.example.com');
    expect(await hover(10, 8)).toBeNull(); // the function's Runtime
    // a half-typed template: no hover, no crash
    client.change(file, `${TEMPLATE}  Broken: [\n`, 2);
    await client.diagnostics(file);
    expect(await hover(16, 30)).toBeNull();
  });

  test('explain this route: a code action running a command that returns and shows the explain story', async () => {
    await client.initialize(p.dir);
    const file = join(p.dir, 'proxy/template.yaml');
    client.open(file, TEMPLATE);
    await client.diagnostics(file);
    const at = { line: 14, character: 9 };
    const actions = (await client.request('textDocument/codeAction', { textDocument: { uri: uri(file) }, range: { start: at, end: at }, context: { diagnostics: [] } })).result as any[];
    const explain = actions.find((a) => a.command?.command === 'cors-lint.explainRoute');
    expect(explain.title).toBe('Explain what browsers get from GET /items (cors-lint)');
    const story = (await client.request('workspace/executeCommand', explain.command)).result as string;
    expect(story).toMatch(/^Request {3}GET \/items from https:\/\/app\.example\.com$/m);
    expect(story).toMatch(/^Verdict {3}BLOCKED — MissingAllowOriginHeader$/m);
    expect(story).toContain('(src/app.js:2:10)');
    const shown = await client.waitFor((n) => n.method === 'window/showMessage');
    expect(shown.params.message).toBe(story);
    // only quick fixes asked for: no explain action
    const quick = (await client.request('textDocument/codeAction', { textDocument: { uri: uri(file) }, range: { start: at, end: at }, context: { diagnostics: [], only: ['quickfix'] } })).result as any[];
    expect(quick).toEqual([]);
  });

  test("code action: the rule's fix, the same edit --fix writes, preferred; applied, the finding goes", async () => {
    const text = WILDCARD.replace("['*']", "['https://App.example.com/']");
    const file = join(p.dir, 'wild/template.yaml');
    writeFileSync(file, text);
    const fixed = JSON.parse(spawnCli(['--fix-dry-run', '--format', 'json', 'wild/template.yaml'], p.dir).stdout)[0].output as string;
    expect(fixed).toContain('https://app.example.com');
    await client.initialize(p.dir);
    client.open(file, text);
    const ds = await client.diagnostics(file);
    const malformed = ds.find((d) => d.code === 'malformed-origin')!;
    // the client sends the diagnostic back without its data: the server finds it among those it published
    const { data: _data, ...bare } = malformed as Diagnostic & { data?: unknown };
    const actions = (await client.request('textDocument/codeAction', { textDocument: { uri: uri(file) }, range: malformed.range, context: { diagnostics: [bare] } })).result as any[];
    const fix = actions.find((a) => a.isPreferred);
    expect(fix.title).toMatch(/^Fix: /);
    expect(fix.kind).toBe('quickfix');
    const edits = fix.edit.changes[uri(file)] as Array<{ range: Diagnostic['range']; newText: string }>;
    // apply the edits (from the last) to the text, as an editor does
    const offset = (pos: { line: number; character: number }) => text.split('\n').slice(0, pos.line).reduce((n, l) => n + l.length + 1, 0) + pos.character;
    let after = text;
    for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) after = after.slice(0, offset(e.range.start)) + e.newText + after.slice(offset(e.range.end));
    expect(after).toBe(fixed);
    client.change(file, after, 2);
    expect((await client.diagnostics(file)).map((d) => d.code)).not.toContain('malformed-origin');
    // a fix offered for an older version of the text is not offered
    const stale = (await client.request('textDocument/codeAction', { textDocument: { uri: uri(file) }, range: malformed.range, context: { diagnostics: [malformed] } })).result as any[];
    expect(stale.filter((a) => a.isPreferred)).toEqual([]);
  });
});
