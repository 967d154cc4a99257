/** Spawning the built command line for the behaviour tests of the performance work (`npm test` builds first). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(REPO, 'bin', 'cors-lint.js');
/** The command line from the compiled modules (dist/src/) rather than the bundle that bin/cors-lint.js prefers. */
export const DIST_BIN = fileURLToPath(new URL('./dist-cli.mjs', import.meta.url));
export const built = existsSync(join(REPO, 'dist', 'src', 'cli.js'));
if (!built) console.warn('dist/ is missing: run `npm run build` (npm test does); the spawned-binary performance tests are skipped');

export interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function spawnCli(args: string[], cwd: string, env: Record<string, string> = {}, nodeArgs: string[] = [], bin = BIN): Spawned {
  const { NO_COLOR: _n, FORCE_COLOR: _f, NODE_DEBUG: _d, ...rest } = process.env;
  const r = spawnSync(process.execPath, [...nodeArgs, bin, ...args], { cwd, env: { ...rest, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A scratch folder with the given files (paths relative to it). */
export function project(files: Record<string, string>): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cors-lint-perf-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
