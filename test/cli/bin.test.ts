/**
 * The built binary, spawned as a user runs it (`npm test` builds first). This is the README's first command,
 * `npx cors-lint examples/`, minus npx.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { project, WARNING_TEMPLATE } from './helpers.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(REPO, 'bin', 'cors-lint.js');
const built = existsSync(join(REPO, 'dist', 'src', 'cli.js'));
if (!built) console.warn('dist/ is missing: run `npm run build` (npm test does); the spawned-binary tests are skipped');
const maybe = built ? test : test.skip;

function spawn(args: string[], cwd: string, input?: string | Buffer, env: Record<string, string> = {}) {
  const { NO_COLOR: _n, FORCE_COLOR: _f, ...rest } = process.env;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, input, env: { ...rest, ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

maybe('examples/: findings in the text format, exit 1', () => {
  const r = spawn(['examples/'], REPO);
  expect(r.code).toBe(1);
  expect(r.stderr).toBe('');
  // every example shows at least one finding, with a code frame
  for (const example of ['examples/sam-rest-api/template.yaml', 'examples/sam-http-api/template.yaml', 'examples/cdk-rest-api/template.json']) {
    expect(r.stdout).toMatch(new RegExp(`${example.replace(/[./]/g, '\\$&')}:\\d+:\\d+\\n`));
  }
  expect(r.stdout).toMatch(/^\s+> \d+ \| /m);
  expect(r.stdout).toMatch(/✘ \d+ problems \(\d+ errors?, \d+ warnings?\)/);
  expect(r.stdout).not.toMatch(/\u001b\[/); // not a terminal: no colour
});

maybe('bad input and good input together: exit 3, the good file linted, no stack trace', () => {
  const p = project({ 'bad.yaml': 'Resources:\n  A: *x\n', 'good.yaml': WARNING_TEMPLATE });
  try {
    const r = spawn(['--format', 'compact', 'bad.yaml', 'good.yaml'], p.dir);
    expect(r.code).toBe(3);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      "bad.yaml:2:6: error: the alias '*x' names no anchor written before it [fatal]",
      "good.yaml:7:13: warning: REST API 'PublicApi' allows any origin ('*'): any website passes its preflights and can send it requests (a cross-site write). [wildcard-origin]",
    ]);
    expect(r.stderr).toBe('');
  } finally {
    p.remove();
  }
});

maybe('standard input, formatter files (an ES module, a CommonJS .js file), and a bad flag', () => {
  const p = project({
    'fmt.mjs': 'export default (results) => results.map((r) => `${r.filePath.split("/").pop()} ${r.warningCount}`).join("\\n");\n',
    'fmt.js': 'module.exports = (results, context) => `${results.length} result(s); ${Object.keys(context.rulesMeta).length} rules`;\n',
  });
  try {
    const piped = spawn(['--format', './fmt.mjs', '--stdin-filename', 'piped.yaml', '-'], p.dir, WARNING_TEMPLATE);
    expect(piped).toEqual({ code: 0, stdout: 'piped.yaml 1\n', stderr: '' });
    const js = spawn(['--format', 'fmt.js', '-'], p.dir, WARNING_TEMPLATE);
    expect(js.stdout).toMatch(/^1 result\(s\); \d+ rules\n$/);
    const big = spawn(['--format', 'compact', '--max-file-size', '64KB', '-'], p.dir, Buffer.alloc(8 * 1024 * 1024, 0x20));
    expect(big).toEqual({ code: 3, stdout: expect.stringMatching(/^<stdin>:1:1: error: file is \d+ KB, larger than the limit of 64 KB \[fatal\]\n$/), stderr: '' });
    const bad = spawn(['--no-such-flag'], p.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("error: unknown option '--no-such-flag'\n(run 'cors-lint --help' for usage)\n");
  } finally {
    p.remove();
  }
});

maybe('NO_COLOR and FORCE_COLOR reach the binary', () => {
  const p = project({ 'good.yaml': WARNING_TEMPLATE });
  try {
    expect(spawn(['good.yaml'], p.dir, undefined, { FORCE_COLOR: '1' }).stdout).toMatch(/\u001b\[/);
    expect(spawn(['good.yaml'], p.dir, undefined, { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toMatch(/\u001b\[/);
  } finally {
    p.remove();
  }
});
