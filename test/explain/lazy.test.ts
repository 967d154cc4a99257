/**
 * What `explain` loads, in process. A lint run loads none of the `explain` command's modules, even when a rule asks
 * the simulator; `explain` loads them, and web-tree-sitter and a grammar only when the template has a REST proxy
 * route whose handler it reads. (This file must stay on its own: jest gives each test file a fresh module
 * registry, so nothing else has loaded them before the first test.)
 */
import { join } from 'node:path';
import { run, type CliIO } from '../../src/cli.js';
import { grammarLoaded, libraryLoaded, loadCounter } from '../../src/handlers/grammars.js';

// Each of explain's modules records that it was loaded (jest runs a mock's factory on the first require only; the
// factories run while the imports above load, so the record is reached through a hoisted function).
function mockLoaded(): Set<string> {
  const store = globalThis as { corsLintLoaded?: Set<string> };
  return (store.corsLintLoaded ??= new Set());
}
jest.mock('../../src/cli/explain.js', () => (mockLoaded().add('cli/explain'), jest.requireActual('../../src/cli/explain.js')));
jest.mock('../../src/explain/index.js', () => (mockLoaded().add('explain/index'), jest.requireActual('../../src/explain/index.js')));
jest.mock('../../src/explain/explain.js', () => (mockLoaded().add('explain/explain'), jest.requireActual('../../src/explain/explain.js')));
jest.mock('../../src/explain/fix.js', () => (mockLoaded().add('explain/fix'), jest.requireActual('../../src/explain/fix.js')));
jest.mock('../../src/explain/format.js', () => (mockLoaded().add('explain/format'), jest.requireActual('../../src/explain/format.js')));
jest.mock('../../src/explain/request.js', () => (mockLoaded().add('explain/request'), jest.requireActual('../../src/explain/request.js')));
jest.mock('../../src/simulate/outcome.js', () => (mockLoaded().add('simulate/outcome'), jest.requireActual('../../src/simulate/outcome.js')));

const ROOT = join(__dirname, '..', '..');

async function explain(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIO = { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => undefined }, readStdin: async () => new Uint8Array(), env: {}, cwd: ROOT };
  return { code: await run(['explain', ...args], io), out };
}

const template = (name: string) => join('test', 'explain', 'templates', name);

async function lint(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIO = { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => undefined }, readStdin: async () => new Uint8Array(), env: {}, cwd: ROOT };
  return { code: await run(args, io), out };
}

test('a lint run loads none of the explain command, although rules ask the simulator', async () => {
  const swallowing = join('fixtures', 'default-route-swallows-preflight', 'invalid', 'sam-default-route.yaml');
  const { code, out } = await lint('--format', 'compact', swallowing, template('http-api-cors.yaml'));
  expect(code).toBe(1);
  expect(out).toContain('[default-route-swallows-preflight]');
  expect([...mockLoaded()]).toEqual(['simulate/outcome']);
});

test('explain loads its modules, the fix search among them', async () => {
  await explain(template('http-api-cors.yaml'));
  expect([...mockLoaded()].sort()).toEqual(['cli/explain', 'explain/explain', 'explain/fix', 'explain/format', 'explain/index', 'explain/request', 'simulate/outcome']);
});

test('a template without a REST proxy route loads no grammar', async () => {
  const { out } = await explain(template('http-api-cors.yaml'));
  expect(out).toContain("HTTP API 'CatalogApi'");
  expect(await explain(template('cfn-rest-mock.yaml'), '--origin', 'https://app.example.com', '--method', 'GET', '--path', '/health')).toMatchObject({ code: 0 });
  expect(libraryLoaded()).toBe(false);
  expect(loadCounter).toEqual({ library: 0, grammars: 0 });
});

test('a REST proxy route with a Python handler loads web-tree-sitter and the Python grammar only, once', async () => {
  const file = template(join('sam-rest-proxy-python', 'template.yaml'));
  await explain(file);
  await explain(file, '--origin', 'https://app.example.com', '--method', 'GET', '--path', '/account');
  expect(loadCounter).toEqual({ library: 1, grammars: 1 });
  expect(grammarLoaded('python')).toBe(true);
  expect(grammarLoaded('javascript')).toBe(false);
});
