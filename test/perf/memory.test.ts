/**
 * Flat memory (issue 16): what a run keeps from template to template is bounded. Parsed handler files (their
 * syntax trees live in web-tree-sitter's WebAssembly memory, which never shrinks) and handlers' answers are counted,
 * not measured in bytes or time: the figures are in `npm run bench`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HandlerAnalyzer } from '../../src/handlers/index.js';
import { formatters, lint } from '../../src/index.js';
import { builtinFormats, formatReadsSource } from '../../src/report/load.js';
import type { LintResult } from '../../src/types.js';

const COUNT = 30;
const ORIGINS = ['https://app.example.com', 'https://admin.example.com', 'http://localhost:3000'];

const template = (n: number, codeUri: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: "'${ORIGINS[n % 3]}'"
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: app.handler
      CodeUri: ${codeUri}
      Events:
        Proxy:
          Type: Api
          Properties: {RestApiId: !Ref Api, Path: '/{proxy+}', Method: any}
`;

const handler = (n: number) => `const { corsHeaders } = require('./cors');
exports.handler = async (event) => {
  if (event.httpMethod === 'DELETE') return { statusCode: 405, body: 'no ${n}' };
  return { statusCode: 200, headers: corsHeaders, body: 'ok' };
};
`;

const corsModule = (n: number) => `exports.corsHeaders = { 'Access-Control-Allow-Origin': '${ORIGINS[(n + 1) % 3]}' };\n`;

/** What a run reports, without what depends on the order files were parsed in. */
const shape = (results: LintResult[]) =>
  results.map((r) => ({ file: r.filePath, source: r.source, messages: r.messages.map(({ ruleId, line, column, message, relatedLocations }) => ({ ruleId, line, column, message, relatedLocations })) }));

describe('a run over many templates with handler files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cors-lint-memory-'));
    // every template has its own handler folder (a handler and the module it imports); the first and the last
    // share one, so the last reads it after it was let go
    for (let n = 0; n < COUNT; n++) {
      const folder = join(dir, String(n).padStart(2, '0'));
      mkdirSync(join(folder, 'src'), { recursive: true });
      writeFileSync(join(folder, 'template.yaml'), template(n, n === COUNT - 1 ? '../00/src/' : 'src/'));
      writeFileSync(join(folder, 'src', 'app.js'), handler(n));
      writeFileSync(join(folder, 'src', 'cors.js'), corsModule(n));
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('keeps a bounded number of syntax trees and answers, and reports what an unbounded run reports', async () => {
    const limits = { files: 4, answers: 6 };
    const bounded = new HandlerAnalyzer({ limits });
    let most = { trees: 0, answers: 0 };
    const run = await lint([dir], {
      cwd: dir,
      handlers: bounded,
      keepModels: false,
      onProgress: () => {
        const held = bounded.held();
        most = { trees: Math.max(most.trees, held.trees), answers: Math.max(most.answers, held.answers) };
      },
    });
    expect(run.templates).toBe(COUNT);
    // between two templates at most `files`; a template's own two files (handler and module) on top
    expect(most.trees).toBeGreaterThanOrEqual(2);
    expect(most.trees).toBeLessThanOrEqual(limits.files + 2);
    expect(most.answers).toBe(limits.answers);
    // the last template's handler file was parsed for the first template and let go since: it is read again
    expect(bounded.parses).toBeGreaterThan(2 * (COUNT - 1));

    const unbounded = new HandlerAnalyzer();
    const reference = await lint([dir], { cwd: dir, handlers: unbounded, keepModels: false });
    expect(unbounded.held().trees).toBe(2 * (COUNT - 1));
    expect(unbounded.parses).toBe(2 * (COUNT - 1));
    expect(shape(run.results)).toEqual(shape(reference.results));

    // findings in handler files carry the file's text (code frames), also for a file let go before its findings
    const shared = run.results.find((r) => r.filePath === join(dir, '00', 'src', 'app.js'));
    expect(shared?.source).toBe(readFileSync(join(dir, '00', 'src', 'app.js'), 'utf8'));
    // one finding, made for both templates (the first and the last): both routes are its related locations
    const [missing, ...more] = shared?.messages.filter((m) => m.ruleId === 'proxy-missing-allow-origin') ?? [];
    expect(more).toHaveLength(0);
    expect(missing?.relatedLocations?.map((l) => l.filePath)).toEqual([join(dir, '00', 'template.yaml'), join(dir, '29', 'template.yaml')]);
    const handlerResults = run.results.filter((r) => r.filePath.endsWith('app.js'));
    expect(handlerResults).toHaveLength(COUNT - 1);
    for (const r of handlerResults) expect(r.source).toBe(readFileSync(r.filePath, 'utf8'));

    bounded.dispose();
    unbounded.dispose();
    expect(bounded.held().trees).toBe(0);
    expect(unbounded.held().trees).toBe(0);
  });

  test('dispose frees every tree; the answers stay for a later run', async () => {
    const handlers = new HandlerAnalyzer();
    const run = await lint([join(dir, '00'), join(dir, '01')], { cwd: dir, handlers });
    expect(run.templates).toBe(2);
    expect(handlers.held().trees).toBe(4);
    handlers.dispose();
    expect(handlers.held()).toEqual({ trees: 0, answers: 2 });
  });

  test('the reports that keep no file text print what they print with it', async () => {
    const run = await lint([join(dir, '00'), join(dir, '01')], { cwd: dir });
    expect(run.results.filter((r) => r.source !== undefined).length).toBeGreaterThanOrEqual(4);
    const without = run.results.map(({ source: _source, ...rest }) => rest);
    const sourceless = builtinFormats.filter((name) => !formatReadsSource(name));
    expect(sourceless.sort()).toEqual(['compact', 'github', 'gitlab', 'json', 'sarif']);
    for (const name of sourceless) {
      const format = formatters[name as keyof typeof formatters];
      expect(format(without, { cwd: dir })).toBe(format(run.results, { cwd: dir }));
    }
    // the text report's code frames need it; so may any formatter package
    expect(formatReadsSource('text')).toBe(true);
    expect(formatReadsSource('eslint-formatter-friendly')).toBe(true);
    expect(formatters.text(without, { cwd: dir })).not.toBe(formatters.text(run.results, { cwd: dir }));
  });

  test('a run asked for no file text (as the command line asks for those reports) gives the same results without it', async () => {
    const handlers = new HandlerAnalyzer();
    const sourceless = await lint([join(dir, '00')], { cwd: dir, handlers, sources: false });
    const full = await lint([join(dir, '00')], { cwd: dir });
    // the template, its handler and the module the handler imports
    expect(full.results).toHaveLength(3);
    expect(full.results.every((r) => r.source !== undefined)).toBe(true);
    expect(sourceless.results.every((r) => r.source === undefined)).toBe(true);
    expect(sourceless.results.map(({ source: _source, ...rest }) => rest)).toEqual(full.results.map(({ source: _source, ...rest }) => rest));
    expect(formatters.json(sourceless.results, { cwd: dir })).toBe(formatters.json(full.results, { cwd: dir }));
    handlers.dispose();
  });
});
