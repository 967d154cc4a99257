// Runs the command line's script, dist/bundle/cli.cjs (written by scripts/bundle.mjs), compiled with a V8 code
// cache: the code V8 compiled for an earlier run, kept in the user's cache folder, so that a run spends its time
// linting rather than compiling the linter (docs/performance.md). Node 20 has no code cache for ES modules, hence
// a CommonJS script compiled through `vm.Script` with `cachedData`.
//
// The cache is never required: a cache folder that cannot be read or written, a cache file that is missing,
// truncated, corrupt or from another version of cors-lint, Node or V8 makes the run compile the script as it
// would without one, and the run says nothing about it. A file that is missing or that V8 rejects is written
// again when the run ends, atomically (a temporary file renamed), and a file whose checksum is wrong is never
// handed to V8. Its name holds cors-lint's version with a hash of the script (the script's first line), V8's
// version and the architecture. Since V8 runs what the file holds, it is read only from a folder and a file that
// are the user's own and that no one else may write (the folder is made 0700, the file 0600); the cache is as
// trusted as the rest of the user's home. Writing one removes the others that were not written for 30 days (older
// versions). `CORS_LINT_CODE_CACHE=off` turns it off (nothing read or written).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { v8FlagsFor } from '../dist/src/cli/v8-flags.js';

const CHECKSUM = 32; // bytes of SHA-256 before V8's data
const STALE_MS = 30 * 24 * 3600 * 1000; // other caches not written for this long are removed when one is written

/** The cache file of a script key, or undefined where there is no cache folder to use. */
export function cacheFile(env, key) {
  if (env.CORS_LINT_CODE_CACHE === 'off' || !key) return undefined;
  const base = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'cors-lint', `cli-${key}-v8-${process.versions.v8}-${process.arch}.cache`);
}

/** Whether a file or folder is the user's own and no one else may write it (the cache is code V8 runs). */
function ownOnly(path) {
  const stats = statSync(path);
  return (typeof process.getuid !== 'function' || stats.uid === process.getuid()) && (stats.mode & 0o022) === 0;
}

function readCache(file) {
  try {
    if (!ownOnly(dirname(file)) || !ownOnly(file)) return undefined;
    const bytes = readFileSync(file);
    if (bytes.length <= CHECKSUM) return undefined;
    const data = bytes.subarray(CHECKSUM);
    return createHash('sha256').update(data).digest().equals(bytes.subarray(0, CHECKSUM)) ? data : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(file, data) {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    if (!ownOnly(dirname(file))) return;
    writeFileSync(temporary, Buffer.concat([createHash('sha256').update(data).digest(), data]), { mode: 0o600 });
    renameSync(temporary, file);
    const folder = dirname(file);
    for (const name of readdirSync(folder)) {
      const other = join(folder, name);
      if (/^cli-.+\.cache$/.test(name) && other !== file && Date.now() - statSync(other).mtimeMs > STALE_MS) rmSync(other, { force: true });
    }
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing to do: the cache is never required
    }
  }
}

/** Compiles and runs the script (with its cache where there is one) and gives its exports. */
export function runScript(scriptUrl, env = process.env) {
  // V8 rejects a cache made under other flags: the command line's own flags are set before compiling
  for (const flag of v8FlagsFor(process.execArgv, env.NODE_OPTIONS)) setFlagsFromString(flag);
  const filename = fileURLToPath(scriptUrl);
  const source = readFileSync(filename, 'utf8');
  let file;
  try {
    file = cacheFile(env, /^\/\/ cors-lint (\S+)\n/.exec(source)?.[1]);
  } catch {
    file = undefined; // no home folder
  }
  const cachedData = file ? readCache(file) : undefined;
  // the wrapper is on the script's first line, so line numbers are the file's
  const script = new Script(`(function (exports, require, module, __filename, __dirname, __corsLintUrl, __corsLintImport) {${source}\n})`, { filename, cachedData });
  if (file && (cachedData === undefined || script.cachedDataRejected)) {
    // at the end of the run, so that the cache holds the functions the run compiled, not only the outer ones
    process.once('exit', () => {
      try {
        writeCache(file, script.createCachedData());
      } catch {
        // nothing to do: the cache is never required
      }
    });
  }
  const module = { exports: {} };
  const bundleUrl = new URL('cli.js', scriptUrl).href;
  script.runInThisContext()(module.exports, createRequire(filename), module, filename, dirname(filename), bundleUrl, (specifier) => import(specifier));
  return module.exports;
}
