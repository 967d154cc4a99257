/**
 * Worker threads change nothing but speed: the built command line, spawned with `--threads 1` and with
 * `--threads 2` (and 3) over the same files, writes the same bytes in every format, the same `--verbose` notes
 * and the same exit code; and a run with more than one thread did start a worker (seen in Node's module log),
 * while a run with one did not. On the project's fixtures, and on the shared corpus where it is present.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { built, REPO, spawnCli } from './helpers.js';

const CORPUS = join(REPO, '..', 'shared', 'corpus');
const hasCorpus = existsSync(CORPUS);
if (!hasCorpus) console.warn(`corpus not found at ${CORPUS}: the parallel run over it is skipped`);

// the bundle's worker (dist/bundle/) where the build wrote one, else the compiled module's
const WORKER = /Storing file:\/\/\S*\/dist\/(src|bundle)\/lint-worker\.js/;

function same(paths: string[], format: string, threads: number[]): void {
  const [first, ...others] = threads.map((t) => spawnCli(['--threads', String(t), '--format', format, '--verbose', ...paths], REPO, { NODE_DEBUG: 'esm' }));
  expect(first!.stdout.length).toBeGreaterThan(1000);
  // one thread: no worker; more: a worker ran
  expect(first!.stderr).not.toMatch(WORKER);
  const notes = (stderr: string): string => stderr.split('\n').filter((l) => l.startsWith('cors-lint:')).join('\n');
  for (const other of others) {
    expect(other.stderr).toMatch(WORKER);
    expect(other.code).toBe(first!.code);
    expect(other.stdout).toBe(first!.stdout);
    expect(notes(other.stderr)).toBe(notes(first!.stderr));
  }
}

(built ? describe : describe.skip)('the same report on one thread and on several', () => {
  test.each(['json', 'sarif', 'text'])('fixtures and examples, %s', (format) => {
    same(['fixtures', 'examples'], format, [1, 2, 3]);
  });

  (hasCorpus ? test : test.skip)('the shared corpus, json', () => {
    same([CORPUS], 'json', [1, 2]);
  });
});
