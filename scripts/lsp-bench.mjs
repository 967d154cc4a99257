#!/usr/bin/env node
// Measures the language server (`cors-lint lsp`) as an editor uses it, in process (the built dist/, through the
// same `serve` the command runs, over in-memory streams with the protocol's framing):
//
//   node --expose-gc scripts/lsp-bench.mjs [--out .bench] [--changes 60] [--session 3600]
//   (npm run bench:lsp builds first)
//
// 1. Keystroke to diagnostics: the time from a didChange to the publishDiagnostics of that template, with the
//    debounce at 0 (the lint alone); an editor's user waits that plus the debounce (`--debounce`, default 200 ms).
//    On a small SAM template, a 3,000-resource CDK-style JSON template and a 1 MB SAM YAML template (both from
//    scripts/gen-corpus.mjs). Each change alternates the template between its text and the text with its first
//    https origin made http, so the findings change too. Median and 95th percentile; the first lint (open) apart.
// 2. Memory over an hour-like session: `--session` changes (default 3,600: one a second for an hour) spread over
//    40 generated templates and 6 REST APIs whose proxy handlers are JavaScript and Python files (read with
//    web-tree-sitter at every lint), each opened, edited a few times and closed in turn, one lint per change. The heap after
//    a full garbage collection (and rss, external: web-tree-sitter's memory is outside the heap) after warm-up and
//    every sixth of the session.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generate } from './gen-corpus.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const out = join(root, opt('out', '.bench'));
const CHANGES = Number(opt('changes', '60'));
const SESSION = Number(opt('session', '3600'));
if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc (npm run bench:lsp does)');
  process.exit(2);
}

mkdirSync(out, { recursive: true });
const { dir: synthetic } = generate(out, 40);
const { serve } = await import(pathToFileURL(join(root, 'dist/src/lsp/server.js')).href);

/** A client over in-memory streams, speaking JSON-RPC with Content-Length framing to an in-process server. */
function startClient() {
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  const exited = serve({ input: toServer, output: fromServer }, { debounceMs: 0 });
  let buffer = Buffer.alloc(0);
  let nextId = 1;
  const pending = new Map();
  const waiting = new Map(); // uri -> resolve of the next publishDiagnostics
  fromServer.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
      if (buffer.length < end + 4 + length) return;
      const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString('utf8'));
      buffer = buffer.subarray(end + 4 + length);
      if (message.id !== undefined && message.method === undefined) pending.get(message.id)?.(message);
      else if (message.method === 'textDocument/publishDiagnostics') {
        const resolve = waiting.get(message.params.uri);
        if (resolve) {
          waiting.delete(message.params.uri);
          resolve(message.params.diagnostics);
        }
      }
    }
  });
  const send = (message) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    toServer.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  const request = (method, params) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      send({ id, method, params });
    });
  const published = (uri) => new Promise((resolve) => waiting.set(uri, resolve));
  return {
    async initialize() {
      await request('initialize', { processId: null, rootUri: null, capabilities: {} });
      send({ method: 'initialized', params: {} });
    },
    /** Opens a document; resolves with the milliseconds until its diagnostics. */
    async open(uri, text, languageId) {
      const done = published(uri);
      const started = performance.now();
      send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId, version: 1, text } } });
      await done;
      return performance.now() - started;
    },
    /** Replaces a document's text; resolves with the milliseconds until its diagnostics. */
    async change(uri, text, version) {
      const done = published(uri);
      const started = performance.now();
      send({ method: 'textDocument/didChange', params: { textDocument: { uri, version }, contentChanges: [{ text }] } });
      await done;
      return performance.now() - started;
    },
    close(uri) {
      send({ method: 'textDocument/didClose', params: { textDocument: { uri } } });
    },
    async stop() {
      await request('shutdown', null);
      send({ method: 'exit' });
      return exited;
    },
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const round = (x) => Math.round(x * 10) / 10;
const edited = (text) => text.replace('https://', 'http://');

const figures = { changes: CHANGES, debounceDefaultMs: 200, latency: {}, session: {} };
const client = startClient();
await client.initialize();

const small = join(synthetic, '0000.yaml');
for (const [key, file, count] of [
  ['small', small, CHANGES],
  ['large3000', join(out, 'large-cdk.json'), Math.max(10, Math.floor(CHANGES / 3))],
  ['yaml1MB', join(out, 'large.yaml'), Math.max(10, Math.floor(CHANGES / 3))],
]) {
  const text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).href;
  const openMs = await client.open(uri, text, file.endsWith('.json') ? 'json' : 'yaml');
  const times = [];
  for (let i = 0; i < count; i++) times.push(await client.change(uri, i % 2 === 0 ? edited(text) : text, i + 2));
  client.close(uri);
  figures.latency[key] = { file: file.slice(root.length + 1), bytes: Buffer.byteLength(text), openMs: round(openMs), changes: count, medianMs: round(median(times)), p95Ms: round(p95(times)) };
  console.log(`${key.padEnd(10)} ${(Buffer.byteLength(text) / 1024).toFixed(0).padStart(5)} KB  open ${round(openMs)} ms  change→diagnostics median ${round(median(times))} ms, p95 ${round(p95(times))} ms (${count} changes, debounce 0; add the debounce, 200 ms by default)`);
}

// ── an hour-like session ─────────────────────────────────────────────────────────────────────────────────────────
/** A REST API with a Lambda proxy route whose handler file the analysis reads (JavaScript or Python). */
function handlerProject(n) {
  const dir = join(out, 'lsp-session', `api${n}`);
  const python = n % 2 === 1;
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(
    join(dir, 'template.yaml'),
    [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Api:',
      '    Type: AWS::Serverless::Api',
      '    Properties:',
      '      StageName: prod',
      `      Cors: "'https://app${n}.example.com'"`,
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      `      Runtime: ${python ? 'python3.12' : 'nodejs20.x'}`,
      '      Handler: app.handler',
      '      CodeUri: src/',
      '      Events:',
      '        Get:',
      '          Type: Api',
      `          Properties: {RestApiId: !Ref Api, Path: /items${n}, Method: get}`,
      '',
    ].join('\n'),
  );
  if (python) writeFileSync(join(dir, 'src', 'app.py'), `def handler(event, context):\n    if event.get('httpMethod') == 'GET':\n        return {'statusCode': 200, 'headers': {'Access-Control-Allow-Origin': 'https://app${n}.example.com'}, 'body': '[]'}\n    return {'statusCode': 405, 'body': ''}\n`);
  else writeFileSync(join(dir, 'src', 'app.js'), `exports.handler = async (event) => {\n  if (event.httpMethod !== 'GET') return { statusCode: 405, body: '' };\n  return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'https://app${n}.example.com' }, body: '[]' };\n};\n`);
  return join(dir, 'template.yaml');
}
const files = [...readdirSync(synthetic).sort().map((f) => join(synthetic, f)), ...[0, 1, 2, 3, 4, 5].map(handlerProject)];
const texts = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
const memory = () => {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return { heapUsedMb: round(m.heapUsed / 2 ** 20), externalMb: round(m.external / 2 ** 20), rssMb: round(m.rss / 2 ** 20) };
};
const marks = [];
let done = 0;
let version = 1;
const started = performance.now();
const sessionTimes = [];
while (done < SESSION) {
  for (const file of files) {
    if (done >= SESSION) break;
    const uri = pathToFileURL(file).href;
    const text = texts.get(file);
    await client.open(uri, text, file.endsWith('.json') ? 'json' : 'yaml');
    for (let i = 0; i < 5 && done < SESSION; i++, done++) {
      sessionTimes.push(await client.change(uri, `${i % 2 === 0 ? edited(text) : text}${file.endsWith('.json') ? '' : `# edit ${done}\n`}`, ++version));
      if (done === files.length * 5 - 1 || (done + 1) % Math.floor(SESSION / 6) === 0) marks.push({ changes: done + 1, ...memory() });
    }
    client.close(uri);
  }
}
figures.session = { templates: files.length, changes: done, seconds: round((performance.now() - started) / 1000), medianMs: round(median(sessionTimes)), marks };
console.log(`session: ${done} changes over ${files.length} templates in ${figures.session.seconds} s (median ${figures.session.medianMs} ms a change)`);
for (const m of marks) console.log(`  after ${String(m.changes).padStart(5)} changes: heap ${m.heapUsedMb} MB after GC, external ${m.externalMb} MB, rss ${m.rssMb} MB`);
await client.stop();
console.log(JSON.stringify(figures));
