import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { locateHandler, splitNodeHandler, splitPythonHandler } from '../../src/handlers/locate.js';
import { inlineBlock } from '../../src/handlers/source.js';
import type { LambdaFunction, Scalar, SettingVal } from '../../src/model/types.js';

const loc = { file: '/t/template.yaml', path: ['Resources', 'Fn'] };
const val = (value: Scalar): SettingVal<Scalar>[] => [{ known: true, value, loc, via: [], when: [] }];
const fn = (props: Partial<LambdaFunction>): LambdaFunction => ({ id: 'Fn', source: 'sam', loc, ...props });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cors-lint-locate-'));
  for (const file of ['src/app.js', 'src/esm.mjs', 'ts/app.ts', 'esb/handlers/create.ts', 'py/api/orders.py', 'py/pkg/__init__.py', 'built/src/main.ts', 'root.py']) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), '');
  }
  writeFileSync(join(dir, 'code.zip'), 'PK');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('handler strings', () => {
  test('Node.js: the module ends at the first dot of the last segment', () => {
    expect(splitNodeHandler('index.handler')).toEqual({ module: 'index', exportName: 'handler' });
    expect(splitNodeHandler('src/handlers/app.routes.get')).toEqual({ module: 'src/handlers/app', exportName: 'routes.get' });
    expect(splitNodeHandler('bootstrap')).toBeUndefined();
  });

  test('Python: the function follows the last dot; the module path uses dots or slashes', () => {
    expect(splitPythonHandler('app.lambda_handler')).toEqual({ module: 'app', exportName: 'lambda_handler' });
    expect(splitPythonHandler('src.api.orders.handler')).toEqual({ module: 'src/api/orders', exportName: 'handler' });
    expect(splitPythonHandler('src/api/orders.handler')).toEqual({ module: 'src/api/orders', exportName: 'handler' });
  });
});

describe('finding the handler file', () => {
  const at = (f: LambdaFunction) => {
    const found = locateHandler(f, dir);
    return found.kind === 'file' ? `${found.language} ${found.file.slice(dir.length + 1)} ${found.exportName}` : found.kind === 'unknown' ? `unknown: ${found.reason}` : found.kind;
  };

  test.each([
    ['CodeUri + Handler', fn({ runtime: val('nodejs20.x'), codeUri: val('src/'), handler: val('app.handler') }), 'javascript src/app.js handler'],
    ['an .mjs module', fn({ runtime: val('nodejs22.x'), codeUri: val('src'), handler: val('esm.handler') }), 'javascript src/esm.mjs handler'],
    ['a TypeScript source beside the .js name', fn({ runtime: val('nodejs20.x'), codeUri: val('ts/'), handler: val('app.handler') }), 'typescript ts/app.ts handler'],
    [
      'an esbuild entry point',
      fn({ runtime: val('nodejs20.x'), codeUri: val('esb/'), handler: val('create.handler'), buildMethod: 'esbuild', entryPoints: ['handlers/create.ts'] }),
      'typescript esb/handlers/create.ts handler',
    ],
    ['a dist/ name built from src/', fn({ runtime: val('nodejs20.x'), codeUri: val('built/'), handler: val('dist/main.handler') }), 'typescript built/src/main.ts handler'],
    ['a Python module path', fn({ runtime: val('python3.12'), codeUri: val('py/'), handler: val('api.orders.handler') }), 'python py/api/orders.py handler'],
    ['a Python package', fn({ runtime: val('python3.12'), codeUri: val('py/'), handler: val('pkg.handler') }), 'python py/pkg/__init__.py handler'],
    ['no CodeUri: the template folder', fn({ runtime: val('python3.12'), handler: val('root.handler') }), 'python root.py handler'],
    ['a CodeUri naming the source file itself (packaged alone)', fn({ runtime: val('python3.12'), codeUri: val('py/api/orders.py'), handler: val('orders.handler') }), 'python py/api/orders.py handler'],
    ['a JavaScript source file as CodeUri', fn({ runtime: val('nodejs20.x'), codeUri: val('src/app.js'), handler: val('app.handler') }), 'javascript src/app.js handler'],
  ])('%s', (_name, f, expected) => {
    expect(at(f)).toBe(expected);
  });

  test.each([
    ['a container image', fn({ image: true, handler: val('app.handler') }), /container image/],
    ['a runtime that is not read', fn({ runtime: val('java21'), codeUri: val('src/'), handler: val('a.B::c') }), /runtime 'java21' is not read/],
    ['no runtime', fn({ codeUri: val('src/'), handler: val('app.handler') }), /no Runtime/],
    ['an archive', fn({ runtime: val('nodejs20.x'), codeUri: val('code.zip'), handler: val('app.handler') }), /archive/],
    ['an S3 URI', fn({ runtime: val('nodejs20.x'), codeUri: val('s3://bucket/key.zip'), handler: val('app.handler') }), /not a local folder/],
    ['a source file as CodeUri that is not the handler module', fn({ runtime: val('python3.12'), codeUri: val('py/api/orders.py'), handler: val('app.handler') }), /'app' not found in CodeUri 'py\/api\/orders.py', a single file packaged alone/],
    ['a missing folder', fn({ runtime: val('nodejs20.x'), codeUri: val('nowhere/'), handler: val('app.handler') }), /does not exist/],
    ['a missing file', fn({ runtime: val('nodejs20.x'), codeUri: val('src/'), handler: val('gone.handler') }), /'gone' not found/],
    [
      'a Handler that depends on a condition',
      fn({ runtime: val('nodejs20.x'), codeUri: val('src/'), handler: [...val('app.handler'), ...val('esm.handler')] }),
      /depends on a condition/,
    ],
    [
      'a Runtime that is not known',
      fn({ runtime: [{ known: false, reason: 'a parameter without a default', loc, via: [], when: [] }], handler: val('app.handler') }),
      /not known/,
    ],
    ['raw CloudFormation code in S3', fn({ source: 'cfn', runtime: val('python3.12'), handler: val('index.handler') }), /S3/],
  ])('%s is unknown', (_name, f, reason) => {
    expect(at(f)).toMatch(reason);
  });

  test('inline code wins over CodeUri', () => {
    const found = locateHandler(fn({ runtime: val('python3.12'), handler: val('index.handler'), inlineCode: val('def handler(e, c):\n    return {}\n') }), dir);
    expect(found).toMatchObject({ kind: 'inline', language: 'python', exportName: 'handler', code: 'def handler(e, c):\n    return {}\n' });
  });
});

describe('inline code inside a template', () => {
  const template = ['Resources:', '  Fn:', '    Properties:', '      InlineCode: |', '        line one', '', '          indented', '      Handler: x', ''].join('\n');

  test('a literal block maps each code line to its template line and column', () => {
    const block = inlineBlock(template, { line: 4, column: 19, endLine: 7, endColumn: 19 });
    expect(block?.code).toBe('line one\n\n  indented\n');
    expect(block?.map).toEqual({ lines: [5, 6, 7], indent: 8 });
    expect(block?.substitutions).toBe(false);
  });

  test('a !Sub block is marked; folded and quoted scalars are not mapped', () => {
    const sub = template.replace('InlineCode: |', 'InlineCode: !Sub |');
    expect(inlineBlock(sub, { line: 4, column: 19, endLine: 7, endColumn: 19 })?.substitutions).toBe(true);
    expect(inlineBlock(template.replace('InlineCode: |', 'InlineCode: >'), { line: 4, column: 19, endLine: 7, endColumn: 19 })).toBeUndefined();
    expect(inlineBlock('  Code: "x = 1"', { line: 1, column: 9, endLine: 1, endColumn: 16 })).toBeUndefined();
  });
});
