/**
 * Expands the paths a user gives (files, directories, globs) into the files to lint. Directory walks keep
 * YAML and JSON files, skip build and dependency folders unless the user names them, and never follow
 * symbolic links.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, relative, resolve } from 'node:path';

export { repositoryRoot } from './root.js';

type FastGlob = typeof import('fast-glob');
let fastGlob: FastGlob | undefined;

/** fast-glob, loaded for the first folder or glob: a run on named files never loads it. */
function fg(): FastGlob {
  return (fastGlob ??= createRequire(import.meta.url)('fast-glob') as FastGlob);
}

export const SKIPPED_FOLDERS = ['node_modules', '.aws-sam', '.git', 'cdk.out'] as const;
export const TEMPLATE_EXTENSIONS = ['yaml', 'yml', 'json', 'template'] as const;

export interface DiscoveredFile {
  /** Absolute path. */
  path: string;
  /** Named on the command line (as a file, not found by a directory walk or a glob). */
  explicit: boolean;
}

export interface Discovery {
  files: DiscoveredFile[];
  /** Paths that name nothing: a missing file, or a glob that matches nothing. */
  missing: Array<{ input: string; reason: string }>;
}

export interface DiscoverOptions {
  cwd: string;
}

const GLOB_CHARS = /[*?[\]{}!]/;

/** Folders a walk skips, except those the user names on the command line (or a path inside them). */
function skippedFolders(named: string, cwd: string): string[] {
  const namedParts = new Set(relative(cwd, named).split(/[\\/]/));
  return SKIPPED_FOLDERS.filter((f) => !namedParts.has(f)).map((f) => `**/${f}/**`);
}

export function discover(inputs: readonly string[], options: DiscoverOptions): Discovery {
  const { cwd } = options;
  const seen = new Set<string>();
  const files: DiscoveredFile[] = [];
  const missing: Discovery['missing'] = [];
  const add = (path: string, explicit: boolean): void => {
    if (seen.has(path)) return;
    seen.add(path);
    files.push({ path, explicit });
  };

  for (const input of inputs) {
    const abs = isAbsolute(input) ? input : resolve(cwd, input);
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      const found = fg().sync(`**/*.{${TEMPLATE_EXTENSIONS.join(',')}}`, {
        cwd: abs,
        absolute: true,
        onlyFiles: true,
        followSymbolicLinks: false,
        dot: false,
        ignore: skippedFolders(abs, cwd),
        suppressErrors: true,
        objectMode: true,
      });
      for (const file of notLinks(found)) add(resolve(file), false);
      continue;
    }
    if (stat) {
      add(abs, true);
      continue;
    }
    if (GLOB_CHARS.test(input)) {
      const found = fg().sync(input.split('\\').join('/'), {
        cwd,
        absolute: true,
        onlyFiles: true,
        followSymbolicLinks: false,
        dot: false,
        ignore: skippedFolders(join(cwd, input.split(/[*?[{]/)[0] ?? ''), cwd),
        suppressErrors: true,
        objectMode: true,
      });
      if (found.length === 0) missing.push({ input, reason: 'no files match this pattern' });
      for (const file of notLinks(found)) add(resolve(file), false);
      continue;
    }
    missing.push({ input, reason: 'no such file or directory' });
  }
  return { files, missing };
}

/** The paths of entries a walk found, sorted, without symbolic links (told by the walk's own directory entries). */
function notLinks(entries: ReadonlyArray<{ path: string; dirent: { isSymbolicLink(): boolean } }>): string[] {
  return entries
    .filter((e) => !e.dirent.isSymbolicLink())
    .map((e) => e.path)
    .sort();
}

