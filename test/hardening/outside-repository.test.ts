/**
 * Issue 12 item 5: nothing outside the repository is read. A template in a git work tree names files outside it
 * (a relative `../outside` CodeUri, an absolute one, a symbolic link inside the tree that points out, a helper
 * module the handler requires from outside, a `DefinitionUri` and an `AWS::Include` location, a samconfig that is
 * a link out): none is read, each is a note of kind `outside-repository` at the place that names it, counted in
 * the default line, and `--fail-on-unchecked` fails on them. A marker planted in every outside file never appears
 * in any output (text, compact, json, sarif, --verbose, --print-model, explain); the same run with `--root` set
 * to the folder above reads them, and the marker appears, so the check can fail. A link that stays inside is read.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cli } from '../cli/helpers.js';
import { lintTextAsync } from '../../src/index.js';
import { readRoot } from '../../src/discover/root.js';

const MARKER = 'marker-7c1e';

const events = (path: string) => `      Events: { Get: { Type: Api, Properties: { RestApiId: !Ref Api, Path: ${path}, Method: get } } }`;
const fn = (id: string, codeUri: string, path: string) => [`  ${id}:`, '    Type: AWS::Serverless::Function', '    Properties:', `      CodeUri: ${codeUri}`, '      Handler: app.handler', '      Runtime: nodejs20.x', events(path)];

function template(outside: string): string {
  return [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    'Parameters:',
    '  Origin:',
    '    Type: String',
    '    Default: https://app.example.com',
    'Resources:',
    '  Api:',
    '    Type: AWS::Serverless::Api',
    '    Properties:',
    '      StageName: prod',
    '      Cors:',
    `        AllowOrigin: !Sub "'\${Origin}'"`,
    ...fn('Relative', '../outside', '/relative'), // CodeUri 17:16
    ...fn('Absolute', outside, '/absolute'), // 24:16
    ...fn('Linked', 'linked', '/linked'), // 31:16
    ...fn('Helper', 'lib', '/helper'), // 38:16 (the helper's note is in lib/app.js)
    ...fn('Inside', 'inside-link', '/inside'), // 45:16
    '  Spec:',
    '    Type: AWS::Serverless::Api',
    '    Properties:',
    '      StageName: prod',
    '      DefinitionUri: ../outside/api.yaml', // 53:22
    '  Included:',
    '    Type: AWS::Serverless::Api',
    '    Properties:',
    '      StageName: prod',
    '      DefinitionBody:',
    '        Fn::Transform:',
    '          Name: AWS::Include',
    '          Parameters:',
    `            Location: ${join(outside, 'api.yaml')}`, // 62:23
    '',
  ].join('\n');
}

const OPENAPI = [
  'openapi: 3.0.1',
  `info: { title: ${MARKER}, version: '1' }`,
  'paths:',
  `  /${MARKER}:`,
  '    get:',
  '      x-amazon-apigateway-integration: { type: mock }',
  '',
].join('\n');

interface Tree {
  top: string;
  repo: string;
  outside: string;
  remove: () => void;
}

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** top/outside (the files with the marker) and top/repo (a git work tree: `.git` folder) with the template. */
function tree(): Tree {
  const top = realpathSync(mkdtempSync(join(tmpdir(), 'cors-lint-outside-')));
  const repo = join(top, 'repo');
  const outside = join(top, 'outside');
  write(join(outside, 'app.js'), `exports.handler = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'https://${MARKER}.example' }, body: '${MARKER}' });\n`);
  write(join(outside, 'helper.js'), `exports.headers = () => ({ 'Access-Control-Allow-Origin': 'https://${MARKER}.example' });\n`);
  write(join(outside, 'api.yaml'), OPENAPI);
  write(join(outside, 'samconfig.toml'), `version = 0.1\n[default.deploy.parameters]\nparameter_overrides = "Origin=http://${MARKER}.example"\n`);
  mkdirSync(join(repo, '.git'), { recursive: true });
  write(join(repo, 'template.yaml'), template(outside));
  write(join(repo, 'lib', 'app.js'), "const h = require('../../outside/helper');\nexports.handler = async () => ({ statusCode: 200, headers: h.headers() });\n");
  write(join(repo, 'inside-real', 'app.js'), "exports.handler = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' } });\n");
  symlinkSync('../outside', join(repo, 'linked'));
  symlinkSync('inside-real', join(repo, 'inside-link'));
  symlinkSync('../outside/samconfig.toml', join(repo, 'samconfig.toml'));
  return { top, repo, outside, remove: () => rmSync(top, { recursive: true, force: true }) };
}

/** The notes `--verbose` lists, as `place [kind]`. */
function notes(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('cors-lint: note: '))
    .map((l) => `${l.slice('cors-lint: note: '.length).split(': ')[0]} ${/\[not checked: ([a-z-]+)\]$/.exec(l)?.[1] ?? '-'}`);
}

let t: Tree;
beforeAll(() => {
  t = tree();
});
afterAll(() => t.remove());

test('each file outside is a note of kind outside-repository at the place that names it, in the default line, and fails --fail-on-unchecked', async () => {
  const r = await cli(['--verbose', 'template.yaml'], { cwd: t.repo });
  expect(notes(r.stderr).filter((n) => n.endsWith('outside-repository')).sort()).toEqual(
    [
      'samconfig.toml:1:1 outside-repository',
      'template.yaml:17:16 outside-repository',
      `template.yaml:24:16 outside-repository`,
      'template.yaml:31:16 outside-repository',
      'template.yaml:53:22 outside-repository',
      'template.yaml:62:23 outside-repository',
      'lib/app.js:2:32 outside-repository',
    ].sort(),
  );
  expect(r.stderr).toContain(`template.yaml:31:16: the handler of function 'Linked' is not read: CodeUri 'linked': ${join(t.repo, 'linked')} (a link to ${t.outside}) is outside the repository (${t.repo})`);
  expect(r.stderr).toContain(`template.yaml:53:22: '../outside/api.yaml' is not read: ${join(t.outside, 'api.yaml')} is outside the repository (${t.repo}) [not checked: outside-repository]`);
  const plain = await cli(['template.yaml'], { cwd: t.repo });
  expect(plain.code).toBe(0);
  expect(plain.stderr).toMatch(/^cors-lint: not checked: .*7 files outside the repository \(not read\) \(--verbose lists them\)\n$/);
  const strict = await cli(['--fail-on-unchecked', 'template.yaml'], { cwd: t.repo });
  expect(strict.code).toBe(1);
  const sarif = JSON.parse((await cli(['--format', 'sarif', 'template.yaml'], { cwd: t.repo })).stdout) as {
    runs: Array<{ invocations: Array<{ toolExecutionNotifications?: Array<{ descriptor: { id: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }> }> }>;
  };
  const outside = (sarif.runs[0]!.invocations[0]!.toolExecutionNotifications ?? []).filter((n) => n.descriptor.id === 'outside-repository');
  expect(outside.map((n) => { const p = n.locations[0]!.physicalLocation; return `${p.artifactLocation.uri}:${p.region.startLine}:${p.region.startColumn}`; }).sort()).toEqual(
    ['lib/app.js:2:32', 'samconfig.toml:1:1', 'template.yaml:17:16', 'template.yaml:24:16', 'template.yaml:31:16', 'template.yaml:53:22', 'template.yaml:62:23'].sort(),
  );
});

test('a link that stays inside the repository is read: its handler has a finding in the file it reaches', async () => {
  const r = await cli(['--format', 'json', 'template.yaml'], { cwd: t.repo });
  const results = JSON.parse(r.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number; column: number }>; notChecked?: Array<{ kind: string; line: number; column: number }> }>;
  const inside = results.find((x) => x.filePath === join(t.repo, 'inside-link', 'app.js'));
  expect(inside?.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['proxy-origin-mismatch', 1, 93]]);
  const own = results.find((x) => x.filePath === join(t.repo, 'template.yaml'));
  expect(own?.notChecked?.filter((n) => n.kind === 'outside-repository').map((n) => [n.line, n.column])).toEqual([
    [53, 22],
    [62, 23],
    [17, 16],
    [24, 16],
    [31, 16],
  ]);
});

const OUTPUTS: string[][] = [
  ['template.yaml'],
  ['--verbose', 'template.yaml'],
  ['--format', 'compact', '--verbose', 'template.yaml'],
  ['--format', 'json', 'template.yaml'],
  ['--format', 'sarif', 'template.yaml'],
  ['--print-model', 'template.yaml'],
  ['explain', 'template.yaml', '--api', 'Api', '--origin', 'https://app.example.com', '--method', 'GET', '--path', '/relative'],
  ['explain', 'template.yaml', '--api', 'Api', '--origin', 'https://app.example.com', '--method', 'GET', '--path', '/helper'],
  ['explain', 'template.yaml', '--api', 'Spec', '--origin', 'https://app.example.com', '--method', 'GET', '--path', '/other'],
];

test.each(OUTPUTS.map((argv) => [argv.join(' '), argv]))('no output prints what an outside file holds: %s', async (_name, argv) => {
  const r = await cli(argv as string[], { cwd: t.repo });
  expect(r.code).not.toBe(3);
  expect(r.stdout + r.stderr).not.toContain(MARKER);
});

test('with --root the folder above, the same files are read and the marker shows (so the checks above can fail)', async () => {
  const text = await cli(['--root', '..', 'template.yaml'], { cwd: t.repo });
  expect(text.stdout).toContain(`https://${MARKER}.example`);
  expect(notes((await cli(['--root', '..', '--verbose', 'template.yaml'], { cwd: t.repo })).stderr).filter((n) => n.endsWith('outside-repository'))).toEqual([]);
  const model = await cli(['--root', '..', '--print-model', 'template.yaml'], { cwd: t.repo });
  expect(model.stdout).toContain(`/${MARKER}`);
  const explained = await cli(['explain', '--root', '..', 'template.yaml', '--api', 'Api', '--origin', 'https://app.example.com', '--method', 'GET', '--path', '/relative'], { cwd: t.repo });
  expect(explained.stdout + explained.stderr).toContain(MARKER);
});

test('--root that is not a folder is a usage error', async () => {
  const r = await cli(['--root', 'nope', 'template.yaml'], { cwd: t.repo });
  expect(r).toEqual({ code: 2, stdout: '', stderr: expect.stringContaining('--root nope: no such folder') });
});

test('the API: lintTextAsync reads nothing outside by default, and what `root` allows', async () => {
  const text = template(t.outside);
  const file = join(t.repo, 'template.yaml');
  const run = await lintTextAsync(text, file, { cwd: t.top, configLookup: false });
  expect(run.notes.filter((n) => n.kind === 'outside-repository')).toHaveLength(7);
  expect(JSON.stringify(run.results)).not.toContain(MARKER);
  const wide = await lintTextAsync(text, file, { cwd: t.top, root: t.top, configLookup: false });
  expect(wide.notes.filter((n) => n.kind === 'outside-repository')).toEqual([]);
  expect(JSON.stringify(wide.results)).toContain(MARKER);
});

describe('the read root of a template', () => {
  test('the git work tree around its folder (a .git folder or file), after links; else the current folder; else its own folder', () => {
    const top = realpathSync(mkdtempSync(join(tmpdir(), 'cors-lint-root-')));
    try {
      write(join(top, 'wt', '.git'), 'gitdir: /elsewhere/.git/worktrees/wt\n');
      write(join(top, 'wt', 'infra', 'template.yaml'), '');
      write(join(top, 'plain', 'a', 'template.yaml'), '');
      symlinkSync(join(top, 'wt', 'infra'), join(top, 'plain', 'to-wt'));
      expect(readRoot(join(top, 'wt', 'infra', 'template.yaml'), '/')).toBe(join(top, 'wt'));
      // through a link, the real folder's work tree
      expect(readRoot(join(top, 'plain', 'to-wt', 'template.yaml'), join(top, 'plain'))).toBe(join(top, 'wt'));
      expect(readRoot(join(top, 'plain', 'a', 'template.yaml'), join(top, 'plain'))).toBe(join(top, 'plain'));
      // outside both: its own folder
      expect(readRoot(join(top, 'plain', 'a', 'template.yaml'), join(top, 'wt'))).toBe(join(top, 'plain', 'a'));
      expect(readRoot('template.yaml', join(top, 'plain', 'a'), '..')).toBe(join(top, 'plain'));
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  });
});

describe('a configuration file in the repository', () => {
  // `extends` is followed from a configuration a pull request can change: in a git work tree it must stay there,
  // or its error messages (unknown keys, rule names) would print another file's contents
  const setup = (git: boolean) => {
    const top = realpathSync(mkdtempSync(join(tmpdir(), 'cors-lint-config-')));
    write(join(top, 'team.yaml'), `rules:\n  ${MARKER}: error\n`);
    if (git) mkdirSync(join(top, 'repo', '.git'), { recursive: true });
    write(join(top, 'repo', '.cors-lint.yaml'), 'extends: ../team.yaml\n');
    write(join(top, 'repo', 'template.yaml'), 'Resources: {}\n');
    return { top, repo: join(top, 'repo'), remove: () => rmSync(top, { recursive: true, force: true }) };
  };

  test('extends a file outside the git work tree: not read, exit 2 at the extends, nothing of the file shown', async () => {
    const s = setup(true);
    try {
      const r = await cli(['template.yaml'], { cwd: s.repo });
      expect(r).toEqual({ code: 2, stdout: '', stderr: `cors-lint: .cors-lint.yaml:1:10: extends '${join(s.top, 'team.yaml')}': ${join(s.top, 'team.yaml')} is outside the repository (${s.repo}): not read\n` });
    } finally {
      s.remove();
    }
  });

  test('outside a git work tree, extends is followed as before (and the file is read: its bad rule name shows)', async () => {
    const s = setup(false);
    try {
      const r = await cli(['template.yaml'], { cwd: s.repo });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(MARKER);
    } finally {
      s.remove();
    }
  });
});
