/** The shared corpus of real templates (`../shared/corpus/`), when it is there. */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const CORPUS = join(REPO, '..', 'shared', 'corpus');
export const hasCorpus = existsSync(CORPUS);
if (!hasCorpus) console.warn(`corpus not found at ${CORPUS}: the corpus tests (no crash, yaml-cfn oracle) are skipped`);

/** Every YAML and JSON file of the corpus (absolute paths, sorted), the extensions a directory walk reads. */
export function corpusFiles(): string[] {
  if (!hasCorpus) return [];
  return fg.sync('**/*.{yaml,yml,json,template}', { cwd: CORPUS, absolute: true, onlyFiles: true, followSymbolicLinks: false }).sort();
}

/** The corpus's top-level folders (one per source repository). */
export function corpusFolders(): string[] {
  if (!hasCorpus) return [];
  return fg.sync('*', { cwd: CORPUS, onlyDirectories: true }).sort();
}

export const show = (file: string): string => relative(CORPUS, file);
