/**
 * Writing to a reader that has gone (`cors-lint … | head -1`): every command and format ends quietly, with its own
 * exit code, never an unhandled EPIPE and a stack trace. The binary is spawned with its standard output a pipe
 * that the test closes after the first bytes (as `head -1` does).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'cors-lint.js');
const built = existsSync(join(ROOT, 'dist', 'src', 'cli.js'));
if (!built) console.warn('dist/ is missing: run `npm run build` (npm test does); the closed-pipe tests are skipped');

function firstBytesThenClose(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; got: number }> {
  return new Promise((resolve, reject) => {
    const { NO_COLOR: _n, FORCE_COLOR: _f, ...env } = process.env;
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let got = 0;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (stderr += d));
    child.stdout.once('data', (d: Buffer) => {
      got = d.length;
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, got }));
  });
}

// outputs larger than a pipe's buffer, so that the writer meets the closed pipe
const commands: Array<[string, string[], number[]]> = [
  ['lint, text', ['--threads', '1', 'fixtures'], [1, 3]],
  ['lint, compact', ['--threads', '1', '-f', 'compact', 'fixtures'], [1, 3]],
  ['lint, json', ['--threads', '1', '-f', 'json', 'fixtures'], [1, 3]],
  ['lint, sarif', ['--threads', '1', '-f', 'sarif', 'fixtures'], [1, 3]],
  ['lint, github', ['--threads', '1', '-f', 'github', 'fixtures'], [1, 3]],
  ['lint, gitlab', ['--threads', '1', '-f', 'gitlab', 'fixtures'], [1, 3]],
  ['--print-rules', ['--print-rules'], [0]],
  ['--print-rules --format json', ['--print-rules', '--format', 'json'], [0]],
  ['--print-model', ['--threads', '1', '--print-model', 'fixtures'], [0, 3]],
  ['--help', ['--help'], [0]],
  ['explain', ['explain', 'fixtures/proxy-missing-allow-origin/invalid/shared-helpers/template.yaml'], [0, 1]],
];

describe.each(commands)('%s into a pipe closed after the first bytes', (_name, args, codes) => {
  (built ? test : test.skip)('ends quietly with its own exit code', async () => {
    const r = await firstBytesThenClose(args);
    expect(r.got).toBeGreaterThan(0);
    expect(r.signal).toBeNull();
    expect(codes).toContain(r.code);
    expect(r.stderr).not.toMatch(/EPIPE|internal error|Unhandled|at .*\.js:\d+/);
  }, 60_000);
});
