/**
 * `explain` loads web-tree-sitter and a grammar only when the template has a REST proxy route whose handler it
 * reads. (This file must stay on its own: jest gives each test file a fresh module registry, so nothing else has
 * loaded them before the first test.)
 */
import { join } from 'node:path';
import { run, type CliIO } from '../../src/cli.js';
import { grammarLoaded, libraryLoaded, loadCounter } from '../../src/handlers/grammars.js';

const ROOT = join(__dirname, '..', '..');

async function explain(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIO = { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => undefined }, readStdin: async () => new Uint8Array(), env: {}, cwd: ROOT };
  return { code: await run(['explain', ...args], io), out };
}

const template = (name: string) => join('test', 'explain', 'templates', name);

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
