/**
 * The repository root: the folder that report paths and fingerprints are relative to, so that they are the same
 * whichever folder cors-lint runs from (a CI step with `working-directory: infra` gives `infra/template.yaml`).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The work tree of the git repository that holds `start` (the nearest folder above it, itself included, with a
 * `.git` folder or file: a worktree or a submodule has a file), or `start` itself outside a repository.
 */
export function repositoryRoot(start: string): string {
  const from = resolve(start);
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}
