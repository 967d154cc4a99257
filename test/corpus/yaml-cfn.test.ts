/**
 * The yaml-cfn oracle: for every YAML and JSON file of the shared corpus, the value our loader produces equals what
 * yaml-cfn (a YAML 1.2 parser with CloudFormation's tags) parses from the same file, except for the differences
 * listed in `EXPLAINED` below. Skipped with a notice where `../shared/corpus` is absent.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { loadDocumentText, readTextFile } from '../../src/load/index.js';
import { corpusFiles, hasCorpus, show } from './helpers.js';

const require = createRequire(import.meta.url);
const yamlCfn = require('yaml-cfn') as { yamlParse(text: string): unknown; schema: unknown };
/** The YAML parser yaml-cfn is built on, for its own schema with duplicate keys allowed (see `duplicate-keys`). */
const jsYaml = createRequire(require.resolve('yaml-cfn'))('js-yaml') as { load(text: string, options: object): unknown };

const maybe = hasCorpus ? test : test.skip;

/**
 * Where our loader and yaml-cfn differ by design. Each entry says why our value is the one CloudFormation sees;
 * `applies` decides whether a leaf difference (ours, theirs) is this one.
 */
const EXPLAINED: Record<string, { why: string; applies: (ours: unknown, theirs: unknown) => boolean }> = {
  'yaml-1.1-boolean': {
    why: 'CloudFormation reads YAML 1.1, where yes/no/on/off (any case form) are booleans; yaml-cfn reads YAML 1.2, where they are text',
    applies: (ours, theirs) => typeof ours === 'boolean' && typeof theirs === 'string' && /^(?:yes|no|on|off)$/i.test(theirs),
  },
  'yaml-1.1-number': {
    why: 'YAML 1.1 numbers that YAML 1.2 reads otherwise: 0755 is octal (493, not 755); 1_000 and 1:20 (base 60) are numbers, not text',
    applies: (ours, theirs) =>
      typeof ours === 'number' &&
      (typeof theirs === 'string'
        ? /^[-+]?(?:[0-9][0-9_]*(?::[0-5]?[0-9])+|[0-9][0-9_]*_[0-9_]*)(?:\.[0-9_]*)?$/.test(theirs)
        : typeof theirs === 'number' && ours === parseInt(String(theirs), 8)),
  },
  'empty-tagged-scalar': {
    why: 'a tag on an empty scalar (`!GetAZs` with nothing after it) tags the empty string, as in `Fn::GetAZs: ""`; yaml-cfn gives null',
    applies: (ours, theirs) => ours === '' && theirs === null,
  },
  'block-scalar-at-end-of-file': {
    why: 'a literal or folded block scalar that ends the file without a line break ends without one, as SAM reads it; yaml-cfn adds one',
    applies: (ours, theirs) => typeof ours === 'string' && theirs === `${ours}\n`,
  },
};

type Difference = { file: string; path: string; ours: unknown; theirs: unknown; kind: string };

function compare(file: string, ours: unknown, theirs: unknown, path: string[], out: Difference[]): void {
  if (isDeepStrictEqual(ours, theirs)) return;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (isObject(ours) && isObject(theirs) && Array.isArray(ours) === Array.isArray(theirs)) {
    for (const key of new Set([...Object.keys(ours), ...Object.keys(theirs)])) compare(file, ours[key], theirs[key], [...path, key], out);
    return;
  }
  const kind = Object.entries(EXPLAINED).find(([, e]) => e.applies(ours, theirs))?.[0] ?? 'unexplained';
  out.push({ file, path: path.join('.'), ours, theirs, kind });
}

maybe('our loader reads every corpus file as yaml-cfn does, but for the listed YAML 1.1 differences', () => {
  const differences: Difference[] = [];
  const notComparable: string[] = [];
  let compared = 0;
  let equal = 0;
  let withDuplicates = 0;
  for (const file of corpusFiles()) {
    const doc = loadDocumentText(readTextFile(file), file);
    let theirs: unknown;
    try {
      theirs = yamlCfn.yamlParse(readFileSync(file, 'utf8'));
    } catch (error) {
      // 'duplicate-keys': yaml-cfn refuses a mapping that repeats a key; our loader keeps the last value (and the
      // duplicate-key rule reports it). Compare with yaml-cfn's own schema, its parser told to keep the last value.
      if (doc.duplicateKeys.length === 0) {
        notComparable.push(`${show(file)}: ${(error as Error).message.split('\n')[0]}`);
        continue;
      }
      theirs = jsYaml.load(readFileSync(file, 'utf8'), { schema: yamlCfn.schema, json: true });
      withDuplicates++;
    }
    compared++;
    const before = differences.length;
    compare(show(file), doc.value, theirs, [], differences);
    if (differences.length === before) equal++;
  }
  const byKind = new Map<string, number>();
  for (const d of differences) byKind.set(d.kind, (byKind.get(d.kind) ?? 0) + 1);
  const files = new Set(differences.map((d) => d.file)).size;
  console.log(
    [
      `yaml-cfn oracle: ${compared} files compared, ${equal} equal, ${files} with listed differences; ${withDuplicates} compared with duplicate keys allowed`,
      ...[...byKind].map(([kind, n]) => `  ${kind}: ${n} value(s)${EXPLAINED[kind] ? ` (${EXPLAINED[kind]!.why})` : ''}`),
      ...differences.map((d) => `  ${d.kind}: ${d.file} ${d.path}: ours ${JSON.stringify(d.ours)}, yaml-cfn ${JSON.stringify(d.theirs)}`),
    ].join('\n'),
  );
  expect(notComparable).toEqual([]);
  expect(differences.filter((d) => d.kind === 'unexplained')).toEqual([]);
  expect(compared).toBeGreaterThan(500);
});

describe('the listed differences are real', () => {
  // each explanation is exercised on a small text, so the list cannot hide a difference it does not describe
  const ours = (text: string): unknown => loadDocumentText(text, 't.yaml').value;
  test.each([
    ['A: yes\n', 'yaml-1.1-boolean'],
    ['A: Off\n', 'yaml-1.1-boolean'],
    ['A: 0755\n', 'yaml-1.1-number'],
    ['A: 1_000\n', 'yaml-1.1-number'],
    ['A: 1:20\n', 'yaml-1.1-number'],
    ['A: !GetAZs\n', 'empty-tagged-scalar'],
  ])('%p differs as %s', (text, kind) => {
    const out: Difference[] = [];
    compare('t.yaml', ours(text), yamlCfn.yamlParse(text), [], out);
    expect(out.map((d) => d.kind)).toEqual([kind]);
  });

  test('and everything else agrees', () => {
    const text = 'A: !Sub "${X}"\nB: !GetAtt R.Arn\nC: [1, 1.5, "x", null, true, 2010-09-09, 0b101, 0x1F]\nD: N\nE: !If [C, !Ref A, !Ref AWS::NoValue]\nF: .\n';
    const out: Difference[] = [];
    compare('t.yaml', ours(text), yamlCfn.yamlParse(text), [], out);
    expect(out).toEqual([]);
  });
});
