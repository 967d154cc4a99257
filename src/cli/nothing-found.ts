/**
 * A lint run that found no template. Named files that are not templates are not a mistake (the pre-commit hook
 * passes every YAML and JSON file of a commit): the run says so and exits 0. A folder or a glob in which no
 * template was found is one (a gate pointed at the wrong place would pass forever): exit 2, as ESLint exits for a
 * pattern that lints nothing, with what was skipped and, in a CDK app, where its templates are.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { LintRun } from '../lint.js';
import { plural } from './output.js';

const GLOB_CHARS = /[*?[\]{}!]/;

export interface NothingFound {
  /** The line to print on standard error (without `cors-lint: ` and the line break). */
  message: string;
  /** True when the run is a bad command line (a folder or a glob), false for named files. */
  usage: boolean;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The nearest folder at or above `from` (up to the filesystem root) that holds a `cdk.json`. */
function cdkApp(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'cdk.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** `path` as the user would type it from `cwd`. */
function shown(path: string, cwd: string): string {
  return relative(cwd, path) || '.';
}

/** What a run in which no template was found (and no file failed) says, given the paths it was given. */
export function nothingFound(inputs: readonly string[], runs: readonly LintRun[], cwd: string, verbose = false): NothingFound {
  const folders = inputs.filter((i) => i !== '-' && isFolder(resolve(cwd, i)));
  const globs = inputs.filter((i) => i !== '-' && !folders.includes(i) && GLOB_CHARS.test(i) && !existsSync(resolve(cwd, i)));
  const skipped = runs.reduce((n, r) => n + r.skipped.length, 0);
  const where = [...folders, ...globs].map((i) => `'${i}'`).join(', ');
  if (folders.length === 0 && globs.length === 0) {
    return { message: 'no CloudFormation templates found in the given paths', usage: false };
  }
  let message = `no CloudFormation templates found in ${where}`;
  if (skipped > 0) message += ` (${plural(skipped, 'file')} read, none a template${verbose ? '' : '; --verbose says why each was skipped'})`;
  const app = [...new Set(folders.map((f) => cdkApp(resolve(cwd, f))).filter((d): d is string => d !== undefined))][0];
  if (app) {
    const out = join(app, 'cdk.out');
    const lintOut = `cors-lint ${shown(out, cwd)}`;
    message += existsSync(out)
      ? `. This is a CDK app: its templates are in cdk.out, which a folder walk skips; lint them with \`${lintOut}\` (after \`npx cdk synth\`, so that they are current)`
      : `. This is a CDK app: its templates are written by \`npx cdk synth\` to cdk.out, which a folder walk skips; run \`npx cdk synth\`, then \`${lintOut}\``;
  }
  return { message, usage: true };
}
