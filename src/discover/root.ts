/**
 * The repository root: the folder that report paths and fingerprints are relative to, so that they are the same
 * whichever folder cors-lint runs from (a CI step with `working-directory: infra` gives `infra/template.yaml`).
 *
 * And the read root of a template: the folder every file the template names (handler code, helper modules,
 * layers, included and OpenAPI files, its samconfig) must be inside, after symbolic links, to be read. A template
 * in a pull request must not be able to make a CI runner print its other files (`CodeUri: ../../../etc`, a link to
 * `~/.ssh`); see docs/not-checked.md, "What is read".
 */
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * The work tree of the git repository that holds `start` (the nearest folder above it, itself included, with a
 * `.git` folder or file: a worktree or a submodule has a file), or `start` itself outside a repository.
 */
export function repositoryRoot(start: string): string {
  const from = resolve(start);
  return gitWorkTree(from) ?? from;
}

/** The nearest folder at or above `dir` with a `.git` folder or file, if any (git is not run). */
function gitWorkTree(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/**
 * The git work tree around a file's real folder, if any: the root a configuration file's `extends` must stay in
 * (outside a git checkout, the files a user keeps are theirs, and `extends` is followed wherever it points).
 */
export function gitRootOf(file: string): string | undefined {
  return gitWorkTree(realPath(dirname(resolve(file))));
}

/**
 * The real path of `file` (symbolic links followed); for a path that does not exist, the real path of its nearest
 * existing folder with the rest appended, so that a missing file behind a link is placed where the link goes.
 */
export function realPath(file: string): string {
  const abs = resolve(file);
  const rest: string[] = [];
  for (let p = abs; ; p = dirname(p)) {
    try {
      const real = realpathSync.native(p);
      return rest.length === 0 ? real : join(real, ...rest.reverse());
    } catch {
      if (dirname(p) === p) return abs;
      rest.push(basename(p));
    }
  }
}

/** Whether `file` is `dir` or inside it (both real paths). */
export function isInside(file: string, dir: string): boolean {
  const rel = relative(dir, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * The read root of a template (a real path): `given` when the caller names one (`--root`, the API's `root`);
 * otherwise the git work tree that holds the template's own folder, after symbolic links (`.git` looked for, git
 * never run); else the current folder, when the template is inside it; else the template's own folder, so that a
 * template outside any repository and outside the current folder reads nothing beside its own folder's tree.
 */
export function readRoot(templateFile: string, cwd: string, given?: string): string {
  if (given !== undefined) return realPath(resolve(cwd, given));
  const dir = realPath(dirname(resolve(cwd, templateFile)));
  const tree = gitWorkTree(dir);
  if (tree) return tree;
  const here = realPath(cwd);
  return isInside(dir, here) ? here : dir;
}

/**
 * Why `file` is not read from a template whose read root is `root`: undefined when its real path is inside the
 * root, else a reason a user understands (`/x/a.js is outside the repository (/repo)`, naming where a link goes).
 */
export function outsideRoot(file: string, root: string): string | undefined {
  const real = realPath(file);
  if (isInside(real, root)) return undefined;
  const shown = real === resolve(file) ? real : `${resolve(file)} (a link to ${real})`;
  return `${shown} is outside the repository (${root})`;
}
