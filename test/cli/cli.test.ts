/** The command line, driven in process through `run(argv, io)` with a fake process. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules } from '../../src/index.js';
import { VERSION } from '../../src/meta.js';
import type { LintResult } from '../../src/types.js';
import { CLEAN_TEMPLATE, cli, ERROR_TEMPLATE, lastStdinLimit, project, WARNING_TEMPLATE } from './helpers.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const ANSI = /\u001b\[/;

const json = (stdout: string): LintResult[] => JSON.parse(stdout) as LintResult[];
const compactLines = (stdout: string): string[] => stdout.split('\n').filter((l) => l !== '');

let p: ReturnType<typeof project>;
beforeEach(() => {
  p = project({
    'warn.yaml': WARNING_TEMPLATE,
    'error.yaml': ERROR_TEMPLATE,
    'clean.yaml': CLEAN_TEMPLATE,
    'stacks/api.yml': WARNING_TEMPLATE,
    'stacks/clean.json': JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket' } } }),
    'stacks/package.json': JSON.stringify({ name: 'not-a-template' }),
    'stacks/node_modules/dep/template.yaml': ERROR_TEMPLATE,
    'notes.txt': 'not yaml at all',
  });
});
afterEach(() => p.remove());

describe('exit codes', () => {
  test('0: no problems, and nothing printed', async () => {
    const r = await cli(['clean.yaml'], { cwd: p.dir });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  test('0: warnings only (warnings fail only beyond --max-warnings)', async () => {
    const r = await cli(['--format', 'compact', 'warn.yaml'], { cwd: p.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`warn.yaml:7:13: warning: REST API 'PublicApi' allows any origin ('*'): any website passes its preflights and can send it requests (a cross-site write). [wildcard-origin]\n`);
  });

  test('1: an error finding', async () => {
    const r = await cli(['--format', 'compact', 'error.yaml'], { cwd: p.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^error\.yaml:10:22: error: REST API 'PrivateApi' allows any origin \('\*'\) although it answers only a private network/);
  });

  test.each([
    [['--bogus', 'warn.yaml'], /unknown option '--bogus'/],
    [[], /no paths given/],
    [['--rule', 'no-such-rule:off', 'warn.yaml'], /no-such-rule/],
    [['--rule', 'wildcard-origin:loud', 'warn.yaml'], /wildcard-origin:loud/],
    [['--format', 'no-such-format-xyz', 'warn.yaml'], /cannot find formatter 'no-such-format-xyz'/],
    [['--max-warnings', 'many', 'warn.yaml'], /expected a whole number/],
    [['--max-file-size', 'huge', 'warn.yaml'], /expected a size/],
    [['nothing/*.yaml'], /'nothing\/\*\.yaml': no files match this pattern/],
    [['-', '-'], /'-' \(standard input\) may be given once/],
  ])('2: a bad command line %j', async (argv, message) => {
    const r = await cli(argv, { cwd: p.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  test('3: a file that cannot be parsed; the other files are still linted; 3 wins over 1', async () => {
    writeFileSync(join(p.dir, 'broken.yaml'), 'Resources:\n  A: [1, 2\n  B: 3\n');
    const r = await cli(['--format', 'compact', 'broken.yaml', 'error.yaml', 'warn.yaml'], { cwd: p.dir });
    expect(r.code).toBe(3);
    expect(compactLines(r.stdout).map((l) => l.replace(/: .*\[/, ' [')).sort()).toEqual([
      'broken.yaml:3:4 [fatal]',
      'error.yaml:10:22 [wildcard-origin]',
      'warn.yaml:7:13 [wildcard-origin]',
    ]);
  });

  test('2: a path that names nothing, as a glob that matches nothing (a bad command line; nothing is written)', async () => {
    const r = await cli(['--format', 'json', 'missing.yaml', 'warn.yaml'], { cwd: p.dir });
    expect(r).toEqual({ code: 2, stdout: '', stderr: "cors-lint: 'missing.yaml': no such file or directory\n" });
    const glob = await cli(['--format', 'json', 'nowhere/**/*.yaml', 'warn.yaml'], { cwd: p.dir });
    expect(glob).toEqual({ code: 2, stdout: '', stderr: "cors-lint: 'nowhere/**/*.yaml': no files match this pattern\n" });
  });

  test('2: a folder or a glob in which no template is found, with what was skipped; named non-templates are 0', async () => {
    mkdirSync(join(p.dir, 'empty'));
    const empty = await cli(['empty'], { cwd: p.dir });
    expect(empty).toEqual({ code: 2, stdout: '', stderr: "cors-lint: no CloudFormation templates found in 'empty'\n" });
    writeFileSync(join(p.dir, 'empty/values.yaml'), 'replicas: 2\n');
    const read = await cli(['--verbose', 'empty', '*.txt'], { cwd: p.dir });
    expect(read.code).toBe(2);
    expect(read.stderr).toBe(
      'cors-lint: skipped empty/values.yaml: not a CloudFormation template (no Resources section)\n' +
        'cors-lint: skipped notes.txt: not a CloudFormation template (the document is not a mapping)\n' +
        "cors-lint: no CloudFormation templates found in 'empty', '*.txt' (2 files read, none a template)\n",
    );
    // what pre-commit does: it names each staged file, templates or not
    const named = await cli(['stacks/package.json', 'empty/values.yaml'], { cwd: p.dir });
    expect(named).toEqual({ code: 0, stdout: '', stderr: 'cors-lint: no CloudFormation templates found in the given paths\n' });
  });

  test('2: a CDK app, where the templates are in cdk.out, which a walk skips: the message says how to lint them', async () => {
    mkdirSync(join(p.dir, 'app/bin'), { recursive: true });
    writeFileSync(join(p.dir, 'app/cdk.json'), JSON.stringify({ app: 'npx ts-node bin/app.ts' }));
    const before = await cli(['app'], { cwd: p.dir });
    expect(before.code).toBe(2);
    expect(before.stderr).toBe(
      "cors-lint: no CloudFormation templates found in 'app' (1 file read, none a template; --verbose says why each was skipped). " +
        'This is a CDK app: its templates are written by `npx cdk synth` to cdk.out, which a folder walk skips; run `npx cdk synth`, then `cors-lint app/cdk.out`\n',
    );
    mkdirSync(join(p.dir, 'app/cdk.out'));
    writeFileSync(join(p.dir, 'app/cdk.out/AppStack.template.json'), JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket' } } }));
    writeFileSync(join(p.dir, 'app/cdk.out/manifest.json'), JSON.stringify({ version: '36.0.0' }));
    const synthesized = await cli(['.'], { cwd: join(p.dir, 'app') });
    expect(synthesized.code).toBe(2);
    expect(synthesized.stderr).toContain('This is a CDK app: its templates are in cdk.out, which a folder walk skips; lint them with `cors-lint cdk.out`');
    const out = await cli(['--format', 'json', 'cdk.out'], { cwd: join(p.dir, 'app') });
    expect(out.code).toBe(0);
    expect(json(out.stdout).map((x) => x.filePath)).toEqual([join(p.dir, 'app/cdk.out/AppStack.template.json')]);
  });
});

describe('what to lint', () => {
  test('several files, in the order given', async () => {
    const r = await cli(['--format', 'json', 'warn.yaml', 'clean.yaml', 'error.yaml'], { cwd: p.dir });
    expect(json(r.stdout).map((x) => [x.filePath, x.errorCount, x.warningCount])).toEqual([
      [join(p.dir, 'warn.yaml'), 0, 1],
      [join(p.dir, 'clean.yaml'), 0, 0],
      [join(p.dir, 'error.yaml'), 1, 0],
    ]);
  });

  test('a directory: its templates, without node_modules and non-templates; --verbose names what it skipped', async () => {
    const r = await cli(['--format', 'json', 'stacks'], { cwd: p.dir });
    expect(r.code).toBe(0);
    expect(json(r.stdout).map((x) => x.filePath)).toEqual([join(p.dir, 'stacks/api.yml'), join(p.dir, 'stacks/clean.json')]);
    expect(r.stderr).toBe('');
    const verbose = await cli(['--format', 'json', '--verbose', 'stacks'], { cwd: p.dir });
    expect(verbose.stderr).toContain('cors-lint: skipped stacks/package.json: not a CloudFormation template (no Resources section)');
    expect(verbose.stderr).not.toContain('node_modules');
  });

  test('node_modules is linted when named', async () => {
    const r = await cli(['--format', 'compact', 'stacks/node_modules'], { cwd: p.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('stacks/node_modules/dep/template.yaml:10:22: error:');
  });

  test('a glob', async () => {
    const r = await cli(['--format', 'json', '**/*.yml'], { cwd: p.dir });
    expect(json(r.stdout).map((x) => x.filePath)).toEqual([join(p.dir, 'stacks/api.yml')]);
  });

  test('a named file that is not a template is skipped, and the run says it found no template', async () => {
    const r = await cli(['stacks/package.json'], { cwd: p.dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('cors-lint: no CloudFormation templates found in the given paths\n');
  });

  test('standard input with --stdin-filename: findings under that name, at the right place', async () => {
    const r = await cli(['--format', 'compact', '--stdin-filename', 'stacks/piped.yaml', '-'], { cwd: p.dir, stdin: WARNING_TEMPLATE });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^stacks\/piped\.yaml:7:13: warning: .*\[wildcard-origin\]\n$/);
    const named = await cli(['--format', 'json', '--stdin-filename', 'piped.yaml', '-'], { cwd: p.dir, stdin: WARNING_TEMPLATE });
    expect(json(named.stdout)[0]?.filePath).toBe(join(p.dir, 'piped.yaml'));
  });

  test('standard input without a name, together with files', async () => {
    const r = await cli(['--format', 'json', '-', 'error.yaml'], { cwd: p.dir, stdin: WARNING_TEMPLATE });
    expect(r.code).toBe(1);
    expect(json(r.stdout).map((x) => x.filePath)).toEqual([join(p.dir, '<stdin>'), join(p.dir, 'error.yaml')]);
  });

  test('standard input that cannot be read as a template: one fatal message, exit 3', async () => {
    const r = await cli(['--format', 'compact', '--stdin-filename', 't.yaml', '-'], { cwd: p.dir, stdin: Buffer.from([0x41, 0x3a, 0x20, 0xff, 0x0a]) });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('t.yaml:1:4: error: not valid UTF-8 (byte 0xFF) [fatal]\n');
  });

  test('standard input over --max-file-size: read no further than the limit, refused as too large', async () => {
    const r = await cli(['--format', 'compact', '--max-file-size', '1KB', '-'], { cwd: p.dir, stdin: `${WARNING_TEMPLATE}#${'x'.repeat(2000)}\n` });
    expect(lastStdinLimit).toBe(1025);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('<stdin>:1:1: error: file is 2.1 KB, larger than the limit of 1 KB [fatal]\n');
  });

  test('a duplicate key is an error finding (exit 1), not a fatal one', async () => {
    writeFileSync(join(p.dir, 'dup.yaml'), 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n  B:\n    Type: AWS::S3::Bucket\n');
    const r = await cli(['--format', 'compact', 'dup.yaml'], { cwd: p.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("dup.yaml:4:3: error: Resources has the key 'B' twice: only the last one counts, and some tools refuse the template. [duplicate-key]\n");
  });
});

describe('bad input: one clear line with file, line and column, exit 3, the other files still linted, no stack trace', () => {
  const deep = `Resources:\n  A: ${'['.repeat(150)}${']'.repeat(150)}\n`;
  test.each<[string, string | Uint8Array, string]>([
    ['an alias inside its own anchor', 'Resources:\n  A: &shared\n    Type: X\n    Self: *shared\n', "bad.yaml:4:11: error: the alias '*shared' is inside the node its anchor names: the value would never end [fatal]"],
    ['an alias to no anchor', 'Resources:\n  A:\n    Type: X\n  B: *nowhere\n', "bad.yaml:4:6: error: the alias '*nowhere' names no anchor written before it [fatal]"],
    ['a file over the size limit', `Resources: {}\n# ${'x'.repeat(2000)}\n`, 'bad.yaml:1:1: error: file is 2 KB, larger than the limit of 1 KB [fatal]'],
    ['nesting too deep', deep, 'bad.yaml:2:104: error: nesting deeper than 100 levels [fatal]'],
    ['invalid UTF-8', Buffer.concat([Buffer.from('Resources:\n  A: caf'), Buffer.from([0xc3, 0x28, 0x0a])]), 'bad.yaml:2:9: error: not valid UTF-8 (byte 0xC3) [fatal]'],
    ['an empty file', '', 'bad.yaml:1:1: error: file is empty [fatal]'],
    ['a file with only comments', '# Resources: later\n', 'bad.yaml:1:1: error: file contains only comments [fatal]'],
    ['a binary file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'bad.yaml:1:1: error: file looks binary (a NUL byte at offset 8), not like a text template [fatal]'],
    ['UTF-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Resources: {}\n', 'utf16le')]), 'bad.yaml:1:1: error: file is encoded as UTF-16 LE; save it as UTF-8 [fatal]'],
    ['two documents', 'Resources: {}\n---\nResources: {}\n', 'bad.yaml:2:1: error: the file holds more than one YAML document; a template is one document [fatal]'],
    ['a syntax error', 'Resources:\n  A:\n    Type: X\n   B: 1\n', 'bad.yaml:4:4: error: YAML syntax error: this key is indented differently from the keys of its mapping (the mapping begins on line 2, column 3) [fatal]'],
  ])('%s', async (_name, content, line) => {
    writeFileSync(join(p.dir, 'bad.yaml'), content);
    const r = await cli(['--format', 'compact', '--max-file-size', '1KB', 'bad.yaml', 'warn.yaml'], { cwd: p.dir });
    expect(r.code).toBe(3);
    const lines = compactLines(r.stdout);
    expect(lines.filter((l) => l.startsWith('bad.yaml'))).toEqual([line]);
    expect(lines.filter((l) => l.startsWith('warn.yaml'))).toHaveLength(1);
    expect(r.stderr).toBe('');

    const text = await cli(['--max-file-size', '1KB', 'bad.yaml', 'warn.yaml'], { cwd: p.dir });
    expect(text.code).toBe(3);
    const [, position, message] = /^bad\.yaml:(\d+:\d+): error: (.*) \[fatal\]$/.exec(line) ?? [];
    expect(text.stdout).toContain(`bad.yaml:${position}`);
    expect(text.stdout).toContain(message);
    expect(text.stdout).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m);

    const results = json((await cli(['--format', 'json', '--max-file-size', '1KB', 'bad.yaml'], { cwd: p.dir })).stdout);
    expect(results).toHaveLength(1);
    expect(results[0]?.messages).toEqual([
      { ruleId: null, severity: 2, fatal: true, message, line: Number(position?.split(':')[0]), column: Number(position?.split(':')[1]) },
    ]);
  });

  test('a broken file found in a directory walk that does not look like a template is skipped, not fatal', async () => {
    writeFileSync(join(p.dir, 'stacks', 'notes.yaml'), 'just: [some, notes\n');
    writeFileSync(join(p.dir, 'stacks', 'broken.yaml'), 'Resources:\n  A: [1\n');
    const r = await cli(['--format', 'compact', '--verbose', 'stacks'], { cwd: p.dir });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('stacks/broken.yaml:');
    expect(r.stdout).not.toContain('notes.yaml');
    expect(r.stderr).toMatch(/skipped stacks\/notes\.yaml: YAML syntax error: .*; it does not look like a template/);
  });

  test('a YAML file read whole but refused (a Python tag) is judged by its top-level keys, not by a nested `Resources:`', async () => {
    writeFileSync(join(p.dir, 'stacks', 'mkdocs.yml'), 'nav:\n  - Resources: resources.md\nslugify: !!python/name:slugs.slugify\n');
    writeFileSync(join(p.dir, 'stacks', 'tagged.yaml'), 'Resources:\n  A:\n    Type: !!python/name:x\n');
    const r = await cli(['--format', 'compact', '--verbose', 'stacks'], { cwd: p.dir });
    expect(r.stdout).toContain("stacks/tagged.yaml:3:11: error: YAML syntax error: the tag '!!python/name:x' is not one a template can use [fatal]");
    expect(r.stdout).not.toContain('mkdocs.yml');
    expect(r.stderr).toMatch(/skipped stacks\/mkdocs\.yml: YAML syntax error: the tag .*; it does not look like a template/);
  });

  test('a template that is not SAM\'s and uses YAML aliases gets a note: CloudFormation itself refuses them', async () => {
    const text = 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: &tags\n        - {Key: a, Value: b}\n  Other:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: *tags\n';
    writeFileSync(join(p.dir, 'aliases.yaml'), text);
    writeFileSync(join(p.dir, 'aliases-sam.yaml'), `Transform: AWS::Serverless-2016-10-31\n${text}`);
    const r = await cli(['--format', 'compact', '--verbose', 'aliases.yaml', 'aliases-sam.yaml'], { cwd: p.dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'cors-lint: note: aliases.yaml:10:13: the template uses YAML aliases or merge keys: they are read as `aws cloudformation package` and SAM expand them, but CloudFormation itself refuses a template that still holds them (deploy it through `aws cloudformation package`)',
    );
    expect(r.stderr).not.toContain('aliases-sam.yaml');
  });

  test('in a directory walk, a template that cannot be read is reported, other unreadable files are skipped', async () => {
    const utf16 = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const files: Record<string, string | Buffer> = {
      'walk/utf16-template.yaml': utf16(WARNING_TEMPLATE),
      'walk/utf16-notes.yaml': utf16('notes: [a, b]\n'),
      'walk/latin1-template.yaml': Buffer.concat([Buffer.from('Resources:\n  A:\n    Description: caf'), Buffer.from([0xe9, 0x0a])]),
      'walk/big-template.json': `{"Resources": {}, "Pad": "${'x'.repeat(3000)}"}`,
      'walk/big-data.json': `[${'1,'.repeat(1500)}1]`,
      'walk/empty.yaml': '',
    };
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(p.dir, 'walk'), { recursive: true });
      writeFileSync(join(p.dir, name), content);
    }
    const r = await cli(['--format', 'compact', '--verbose', '--max-file-size', '2KB', 'walk'], { cwd: p.dir });
    expect(r.code).toBe(3);
    expect(compactLines(r.stdout)).toEqual([
      'walk/big-template.json:1:1: error: file is 3 KB, larger than the limit of 2 KB [fatal]',
      'walk/latin1-template.yaml:3:21: error: not valid UTF-8 (byte 0xE9) [fatal]',
      'walk/utf16-template.yaml:1:1: error: file is encoded as UTF-16 LE; save it as UTF-8 [fatal]',
    ]);
    for (const skipped of ['big-data.json', 'empty.yaml', 'utf16-notes.yaml']) expect(r.stderr).toContain(`cors-lint: skipped walk/${skipped}: `);
  });

  const maybeRoot = process.getuid?.() === 0 ? test.skip : test;
  if (process.getuid?.() === 0) console.warn('running as root: the unreadable-file CLI test is skipped (root reads everything)');
  maybeRoot('a file that cannot be read', async () => {
    const { chmodSync } = await import('node:fs');
    chmodSync(join(p.dir, 'error.yaml'), 0o000);
    const r = await cli(['--format', 'compact', 'error.yaml', 'warn.yaml'], { cwd: p.dir });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('error.yaml:1:1: error: permission denied [fatal]');
  });
});

describe('--max-warnings and --quiet', () => {
  test('--max-warnings: exit 1 beyond the number, 0 within it', async () => {
    const over = await cli(['--max-warnings', '1', 'warn.yaml', 'stacks/api.yml'], { cwd: p.dir });
    expect(over.code).toBe(1);
    expect(over.stderr).toBe('cors-lint: 2 warnings found; --max-warnings allows 1\n');
    const within = await cli(['--max-warnings', '2', 'warn.yaml', 'stacks/api.yml'], { cwd: p.dir });
    expect(within.code).toBe(0);
    expect((await cli(['--max-warnings', '0', 'clean.yaml'], { cwd: p.dir })).code).toBe(0);
    expect((await cli(['--max-warnings', '-1', 'warn.yaml'], { cwd: p.dir })).code).toBe(0);
  });

  test('--quiet reports errors only; warnings then neither print nor count', async () => {
    const r = await cli(['--quiet', '--format', 'compact', 'warn.yaml', 'error.yaml'], { cwd: p.dir });
    expect(r.code).toBe(1);
    expect(compactLines(r.stdout)).toHaveLength(1);
    expect(r.stdout).toContain('error.yaml:10:22: error:');
    const quietWarnings = await cli(['--quiet', '--max-warnings', '0', 'warn.yaml'], { cwd: p.dir });
    expect(quietWarnings).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  test('--rule changes a severity or turns a rule off', async () => {
    const error = await cli(['--rule', 'wildcard-origin:error', '--format', 'compact', 'warn.yaml'], { cwd: p.dir });
    expect(error.code).toBe(1);
    expect(error.stdout).toContain('warn.yaml:7:13: error:');
    const off = await cli(['--rule', 'wildcard-origin:off', 'warn.yaml', 'error.yaml'], { cwd: p.dir });
    expect(off).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('--output', () => {
  test('writes the report to the file, replaces an older one whole, leaves no temporary file, says so on stderr', async () => {
    writeFileSync(join(p.dir, 'report.json'), 'x'.repeat(100_000));
    const r = await cli(['--format', 'json', '-o', 'report.json', 'warn.yaml', 'error.yaml'], { cwd: p.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('cors-lint: 2 problems (1 error, 1 warning) in 2 templates; report written to report.json\n');
    const written = json(readFileSync(join(p.dir, 'report.json'), 'utf8'));
    expect(written.map((x) => x.messages.length)).toEqual([1, 1]);
    expect(readdirSync(p.dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  test('never overwrites a file being linted', async () => {
    const r = await cli(['-o', 'warn.yaml', 'warn.yaml', 'clean.yaml'], { cwd: p.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cors-lint: --output warn.yaml: that file is one of the files being linted\n');
    expect(readFileSync(join(p.dir, 'warn.yaml'), 'utf8')).toBe(WARNING_TEMPLATE);
    const walked = await cli(['-o', 'stacks/api.yml', 'stacks'], { cwd: p.dir });
    expect(walked.code).toBe(2);
    expect(readFileSync(join(p.dir, 'stacks/api.yml'), 'utf8')).toBe(WARNING_TEMPLATE);
    const piped = await cli(['--stdin-filename', 'clean.yaml', '-o', 'clean.yaml', '-'], { cwd: p.dir, stdin: WARNING_TEMPLATE });
    expect(piped.code).toBe(2);
    expect(readFileSync(join(p.dir, 'clean.yaml'), 'utf8')).toBe(CLEAN_TEMPLATE);
  });

  test('a folder that does not exist is created; a folder as the target: exit 2 and nothing written', async () => {
    const created = await cli(['-o', 'out/deeper/report.txt', 'warn.yaml'], { cwd: p.dir });
    expect(created.code).toBe(0);
    expect(created.stderr).toMatch(/report written to out\/deeper\/report\.txt\n$/);
    expect(readFileSync(join(p.dir, 'out', 'deeper', 'report.txt'), 'utf8')).toContain('wildcard-origin');
    const blocked = await cli(['-o', 'warn.yaml/report.txt', 'clean.yaml'], { cwd: p.dir });
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toMatch(/^cors-lint: --output .*warn\.yaml\/report\.txt: cannot create folder .*warn\.yaml: /);
    const folder = await cli(['-o', 'stacks', 'warn.yaml'], { cwd: p.dir });
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/is a directory/);
  });

  test('the file gets no colour even when the terminal would', async () => {
    await cli(['-o', 'report.txt', 'warn.yaml'], { cwd: p.dir, tty: true, env: { FORCE_COLOR: '1' } });
    const text = readFileSync(join(p.dir, 'report.txt'), 'utf8');
    expect(text).toContain('wildcard-origin');
    expect(text).not.toMatch(ANSI);
  });
});

describe('colour', () => {
  test('on a terminal, or with FORCE_COLOR; never with --no-color or NO_COLOR, or off a terminal', async () => {
    const run = async (argv: string[], env: Record<string, string>, tty: boolean): Promise<boolean> =>
      ANSI.test((await cli([...argv, 'warn.yaml'], { cwd: p.dir, env, tty })).stdout);
    expect(await run([], {}, true)).toBe(true);
    expect(await run([], { FORCE_COLOR: '1' }, false)).toBe(true);
    expect(await run([], {}, false)).toBe(false);
    expect(await run(['--no-color'], {}, true)).toBe(false);
    expect(await run(['--no-color'], { FORCE_COLOR: '1' }, true)).toBe(false);
    expect(await run([], { NO_COLOR: '1' }, true)).toBe(false);
    expect(await run([], { NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
  });
});

describe('information', () => {
  test('--print-rules: id, default severity and summary of every rule, then exit 0', async () => {
    const r = await cli(['--print-rules'], { cwd: p.dir });
    expect(r.code).toBe(0);
    const lines = compactLines(r.stdout);
    const width = Math.max(...rules.map((rule) => rule.id.length));
    const expected = [...rules]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((rule) => `${rule.id.padEnd(width)}  ${rule.severity.padEnd(7)}  ${rule.summary}`);
    expect(lines).toEqual(expected);
    expect(lines.some((line) => /^wildcard-origin +warning +An allowed-origin list contains/.test(line))).toBe(true);
  });

  test('--version and -v', async () => {
    expect(await cli(['--version'], { cwd: p.dir })).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    expect((await cli(['-v'], { cwd: p.dir })).stdout).toBe(`${VERSION}\n`);
  });

  test('--help: usage, every option, examples and exit codes', async () => {
    const r = await cli(['--help'], { cwd: p.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cors-lint \[options\] <paths\.\.\.>/);
    for (const option of ['--format', '--output', '--max-warnings', '--quiet', '--no-color', '--verbose', '--rule', '--stdin-filename', '--max-file-size', '--print-rules', '--version', '--help']) {
      expect(r.stdout).toContain(option);
    }
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('cors-lint --format sarif -o cors.sarif .');
    expect(r.stdout).toMatch(/Exit codes: 0 .* 1 .*\n2 bad command line \(also a path that names nothing, or a folder with no template\),\n3 a file could not be read/);
    expect((await cli(['-h'], { cwd: p.dir })).stdout).toBe(r.stdout);
  });
});

describe('--format', () => {
  test('json: ESLint LintResult objects', async () => {
    const r = await cli(['--format', 'json', 'warn.yaml'], { cwd: p.dir });
    const [result] = json(r.stdout);
    expect(result).toMatchObject({ filePath: join(p.dir, 'warn.yaml'), errorCount: 0, warningCount: 1, fatalErrorCount: 0 });
    expect(result?.messages[0]).toMatchObject({ ruleId: 'wildcard-origin', severity: 1, line: 7, column: 13, endLine: 7, endColumn: 18 });
  });

  test('sarif: one run with results at the right region', async () => {
    const r = await cli(['--format', 'sarif', 'warn.yaml'], { cwd: p.dir });
    const log = JSON.parse(r.stdout) as { version: string; runs: Array<{ results: Array<{ ruleId: string; locations: unknown[] }> }> };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]?.results.map((x) => x.ruleId)).toEqual(['wildcard-origin']);
    expect(log.runs[0]?.results[0]?.locations[0]).toMatchObject({
      physicalLocation: { artifactLocation: { uri: 'warn.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 7, startColumn: 13 } },
    });
  });

  test('compact and text', async () => {
    expect((await cli(['--format', 'compact', 'warn.yaml'], { cwd: p.dir })).stdout).toMatch(/^warn\.yaml:7:13: warning: /);
    const text = (await cli(['--format', 'text', 'warn.yaml'], { cwd: p.dir })).stdout;
    expect(text).toContain('warn.yaml:7:13');
    expect(text).toContain(`> 7 |       Cors: "'*'"`);
    expect(text).not.toContain('eslint.org');
  });

  test('an ESLint formatter package by short and full name (eslint-formatter-junit)', async () => {
    for (const name of ['junit', 'eslint-formatter-junit']) {
      const r = await cli(['--format', name, 'fixtures/wildcard-origin/invalid/sam-cors-string.yaml'], { cwd: REPO });
      expect(r.stdout.startsWith('<?xml')).toBe(true);
      expect(r.stdout).toContain('wildcard-origin');
    }
  });

  test('a formatter file, relative to the working directory', async () => {
    writeFileSync(join(p.dir, 'count.cjs'), 'module.exports = (results, context) => `${results.length} files, rules: ${Object.keys(context.rulesMeta).join(" ")}`;\n');
    const r = await cli(['--format', './count.cjs', 'warn.yaml', 'clean.yaml'], { cwd: p.dir });
    expect(r.code).toBe(0);
    // the rules, and the checks of suppressions, whose findings carry their ids
    expect(r.stdout).toBe(`2 files, rules: ${[...rules.map((rule) => rule.id), 'invalid-disable-directive', 'unused-disable-directive'].sort().join(' ')}\n`);
  });
});
