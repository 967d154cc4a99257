/**
 * Finding the configuration files that apply to a template: `.cors-lint.yaml`, `.cors-lint.yml` or
 * `.cors-lint.json` in the template's folder and in each folder above it, up to the repository root (the folder
 * holding `.git`), or up to the file system root outside a repository. `find` gives the nearest; `findAll` every
 * one, nearest first, which the resolver merges (stopping at a file that says `root: true`).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from './errors.js';

export const CONFIG_FILE_NAMES = ['.cors-lint.yaml', '.cors-lint.yml', '.cors-lint.json'] as const;

/** Looks up configuration files folder by folder, remembering each folder's answer. */
export class ConfigFinder {
  private readonly byDir = new Map<string, string | null>();

  /** The configuration file for a file or folder, or undefined when there is none up to the repository root. */
  find(start: string, isDirectory = false): string | undefined {
    const visited: string[] = [];
    let dir = isDirectory ? start : dirname(start);
    let found: string | null = null;
    for (;;) {
      const known = this.byDir.get(dir);
      if (known !== undefined) {
        found = known;
        break;
      }
      visited.push(dir);
      const here = CONFIG_FILE_NAMES.map((name) => join(dir, name)).filter((f) => existsSync(f));
      if (here.length > 1) {
        throw new ConfigError(here[1]!, `two configuration files in one folder (${here.map((f) => f.slice(dir.length + 1)).join(' and ')}): keep one`);
      }
      if (here.length === 1) {
        found = here[0]!;
        break;
      }
      const parent = dirname(dir);
      if (existsSync(join(dir, '.git')) || parent === dir) break;
      dir = parent;
    }
    for (const d of visited) this.byDir.set(d, found);
    return found ?? undefined;
  }

  /** Every configuration file for a file or folder, nearest first, up to the repository root. */
  findAll(start: string, isDirectory = false): string[] {
    const found: string[] = [];
    let next = this.find(start, isDirectory);
    while (next !== undefined) {
      found.push(next);
      const dir = dirname(next);
      const parent = dirname(dir);
      if (existsSync(join(dir, '.git')) || parent === dir) break;
      next = this.find(parent, true);
    }
    return found;
  }
}
