/**
 * YAML parity with the reader SAM, `aws cloudformation package` and the peer linter use (PyYAML, YAML 1.1): every
 * text is read by the quick reader, the full reader and the loader as a whole, and by `parity/reference.py`
 * (PyYAML's SafeLoader with SAM's `!` tag constructor). Same acceptance and same values, with CloudFormation's short
 * tags in their long form on both sides; the differences the loader makes by design are allowed only by name and
 * counted (`parity/compare.js`). The texts: every template of the shared corpus and the fixtures, mutations of
 * them, and seeded generated texts (`parity/generate.js`). `scripts/yaml-parity.mjs` runs the same comparison on
 * as many texts as wanted.
 *
 * Skipped, with a notice, where `python3` cannot import `yaml`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fg from 'fast-glob';
import { loadDocumentText } from '../../src/load/index.js';
import { parseYaml } from '../../src/load/full/index.js';
import { quickYaml } from '../../src/load/quick/index.js';
import { CORPUS, hasCorpus, REPO, show } from '../corpus/helpers.js';
// @ts-expect-error plain JavaScript, shared with scripts/yaml-parity.mjs
import { compareResult } from './parity/compare.js';
// @ts-expect-error plain JavaScript, shared with scripts/yaml-parity.mjs
import { generate } from './parity/generate.js';

const REFERENCE = join(__dirname, 'parity', 'reference.py');
const python = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' });
const hasReference = python.status === 0;

type Outcome = { ok: unknown } | { err: string; line: number; column: number; code: string };
interface Text {
  name: string;
  text: string;
}

const strip = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

function outcome(read: () => { value: unknown } | undefined): Outcome | undefined {
  try {
    const doc = read();
    return doc === undefined ? undefined : { ok: doc.value };
  } catch (error) {
    const e = error as { name?: string; message: string; line?: number; column?: number; code?: string };
    if (e.name !== 'LoadError') return { err: `internal error: ${e.message}`, line: 0, column: 0, code: 'internal' };
    return { err: e.message, line: e.line!, column: e.column!, code: e.code! };
  }
}

const READERS: Record<string, (text: string) => Outcome | undefined> = {
  quick: (text) => outcome(() => quickYaml(strip(text), 'parity.yaml', 100)),
  full: (text) => outcome(() => parseYaml(strip(text), 'parity.yaml', 100)),
  loader: (text) => outcome(() => loadDocumentText(text, 'parity.yaml')),
};

interface Tally {
  same: number;
  declined: number;
  differences: string[];
  allowed: Record<string, number>;
}

/** The readers `names` against the reference on `texts`: the differences (none expected), and the counts. */
function compareAll(texts: Text[], names = Object.keys(READERS)): Record<string, Tally> {
  const refs = JSON.parse(execFileSync('python3', [REFERENCE], { input: JSON.stringify(texts.map((t) => t.text)), maxBuffer: 1 << 30 }).toString());
  const tallies: Record<string, Tally> = {};
  for (const name of names) tallies[name] = { same: 0, declined: 0, differences: [], allowed: {} };
  texts.forEach((t, i) => {
    for (const name of names) {
      const read = READERS[name]!;
      const tally = tallies[name]!;
      const ours = read(t.text);
      if (ours === undefined) {
        tally.declined++;
        continue;
      }
      const difference = compareResult(refs[i], ours, tally.allowed);
      if (difference) tally.differences.push(`${name} on ${t.name}: ${difference}\n${JSON.stringify(t.text.slice(0, 1500))}`);
      else tally.same++;
    }
  });
  return tallies;
}

const read = (file: string): string => readFileSync(file, 'utf8');

const given = (): Text[] => {
  const patterns = ['fixtures/**/*.{yaml,yml}', 'examples/**/*.{yaml,yml}'];
  const files = fg.sync(patterns, { cwd: REPO, absolute: true }).sort();
  const corpus = hasCorpus ? fg.sync('**/*.{yaml,yml,template}', { cwd: CORPUS, absolute: true, onlyFiles: true }).sort() : [];
  return [...files, ...corpus].map((f) => ({ name: show(f), text: read(f) })).filter((t) => !/^\s*[[{]/.test(t.text));
};

if (!hasReference) {
  console.warn(`YAML parity test skipped: python3 cannot import yaml (${(python.stderr || python.error?.message || '').trim().split('\n').pop()})`);
  test.skip('YAML parity with the reader SAM uses: python3 with PyYAML is not available here', () => undefined);
} else {
  describe('YAML parity with the reader SAM uses (PyYAML)', () => {
    const templates = given();

    test('every template of the corpus and the fixtures reads the same', () => {
      // (the loader reads these YAML texts with one of the two readers)
      const tallies = compareAll(templates, ['quick', 'full']);
      for (const tally of Object.values(tallies)) expect(tally.differences).toEqual([]);
      expect(templates.length).toBeGreaterThan(hasCorpus ? 500 : 50);
      // the quick reader reads nearly all of them itself; the full reader reads every one
      expect(tallies.quick!.same).toBeGreaterThan(templates.length * 0.95);
      expect(tallies.full!.same).toBe(templates.length);
    });

    test('3,000 seeded generated texts and 600 mutated templates read the same (or are refused alike)', () => {
      const texts: Text[] = [
        ...generate(20260501, 3000),
        ...generate(20260502, 600, templates.map((t) => t.text)).map((t: Text) => ({ ...t, name: `mutated: ${t.name}` })),
      ];
      const tallies = compareAll(texts);
      for (const tally of Object.values(tallies)) expect(tally.differences).toEqual([]);
      const { full, quick } = tallies;
      // the texts reach every allowed difference, and the quick reader's edges: it reads some and declines others
      expect(Object.keys(full!.allowed).sort()).toEqual(
        expect.arrayContaining(['binary as text', 'error line', 'recursive alias', 'timestamp as text', 'typed key as written']),
      );
      expect(quick!.same).toBeGreaterThan(300);
      expect(quick!.declined).toBeGreaterThan(1000);
    });
  });
}
