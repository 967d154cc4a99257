/**
 * The quick YAML reader (`src/load/quick/`) against the full reader (`src/load/full/`): on every
 * YAML text it reads, it must give the same value (key order and number signs included), the same duplicate keys
 * and the same position for every path, key and value alike; on the rest it must decline. Checked on the
 * project's fixtures and examples, on the shared corpus (skipped with a notice where it is absent), and on
 * seeded generated and mutated texts, with the edge cases that positions depend on (comments after the last
 * item of a collection, empty values, block scalars, flow collections over several lines).
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import fg from 'fast-glob';
import { loadDocumentText } from '../../src/load/index.js';
import { quickYaml } from '../../src/load/quick/index.js';
import { parseYaml } from '../../src/load/full/index.js';
import type { Path } from '../../src/types.js';
import { CORPUS, hasCorpus, REPO, show } from '../corpus/helpers.js';

type Outcome = { status: 'same' } | { status: 'declined' } | { status: 'different'; detail: string };

/** Every path into a value, and one step further at each place (a missing key, an index past the end). */
function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
    out.push([...prefix, value.length]);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
    out.push([...prefix, 'NoSuchKey']);
  } else out.push([...prefix, 'deeper']);
  return out;
}

function compare(text: string, file = 'template.yaml'): Outcome {
  const quick = quickYaml(text, file, 100);
  if (!quick) return { status: 'declined' };
  let slow;
  try {
    slow = parseYaml(text, file, 100);
  } catch (error) {
    return { status: 'different', detail: `the yaml-package reader refuses it: ${(error as Error).message}` };
  }
  if (!isDeepStrictEqual(quick.value, slow.value) || JSON.stringify(quick.value) !== JSON.stringify(slow.value)) {
    return { status: 'different', detail: `value: ${JSON.stringify(quick.value)?.slice(0, 300)} vs ${JSON.stringify(slow.value)?.slice(0, 300)}` };
  }
  if (!isDeepStrictEqual(quick.duplicateKeys, slow.duplicateKeys)) {
    return { status: 'different', detail: `duplicate keys: ${JSON.stringify(quick.duplicateKeys)} vs ${JSON.stringify(slow.duplicateKeys)}` };
  }
  for (const path of pathsOf(slow.value)) {
    for (const which of ['value', 'key'] as const) {
      const a = quick.locate(path, which);
      const b = slow.locate(path, which);
      if (!isDeepStrictEqual(a, b)) return { status: 'different', detail: `${which} of ${JSON.stringify(path)}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}` };
    }
  }
  return { status: 'same' };
}

function expectAgreement(texts: Array<{ name: string; text: string }>): { same: number; declined: number } {
  const differences: string[] = [];
  let same = 0;
  let declined = 0;
  for (const { name, text } of texts) {
    const outcome = compare(text, name);
    if (outcome.status === 'same') same++;
    else if (outcome.status === 'declined') declined++;
    else differences.push(`${name}: ${outcome.detail}\n${JSON.stringify(text.length > 2000 ? `${text.slice(0, 2000)}…` : text)}`);
  }
  expect(differences).toEqual([]);
  return { same, declined };
}

const read = (file: string): string => {
  const text = readFileSync(file, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
};

/** The fixtures written in YAML the quick reader leaves to the full reader, on purpose. */
const FULL_READER_FIXTURES = [
  'fixtures/wildcard-origin/invalid/include-quoted-template/api.yaml', // a quoted scalar less indented than its key
  'fixtures/wildcard-origin/invalid/yaml-aliases.yaml', // anchors and aliases
  'fixtures/wildcard-origin/valid/yaml-merge-keys.yaml', // merge keys
];

describe('the quick YAML reader agrees with the full reader', () => {
  test('on the fixtures and examples, which it reads all but those written for the full reader', () => {
    const files = fg.sync(['fixtures/**/*.{yaml,yml}', 'examples/**/*.{yaml,yml}'], { cwd: REPO, absolute: true }).sort();
    const { same, declined } = expectAgreement(files.map((f) => ({ name: f, text: read(f) })));
    expect(files.length).toBeGreaterThan(50);
    expect(same + declined).toBe(files.length);
    const left = files.filter((f) => quickYaml(read(f), f, 100) === undefined).map((f) => f.slice(REPO.length));
    expect(left).toEqual(FULL_READER_FIXTURES);
  });

  (hasCorpus ? test : test.skip)('on every YAML file of the shared corpus, and reads nine in ten of them', () => {
    const files = fg.sync('**/*.{yaml,yml,template}', { cwd: CORPUS, absolute: true, onlyFiles: true }).sort();
    const texts = files.map((f) => ({ name: show(f), text: read(f) })).filter((t) => !/^\s*[[{]/.test(t.text));
    const { same } = expectAgreement(texts);
    expect(texts.length).toBeGreaterThan(400);
    expect(same / texts.length).toBeGreaterThan(0.9);
  });

  test('where positions depend on comments after the last item, empty values and block scalars', () => {
    const cases = [
      'a:\n  b:\n    c: 1\n  # at 2\nx: 1\n',
      'a:\n  b:\n    c: 1\n    # at 4\n  # at 2\n# at 0\nx: 1\n',
      'k:\n  - a: 1\n    b: 2\n   # c3\nz: 1\n',
      'k:\n  - a: 1\n    b: 2\n     # c5\nz: 1\n',
      'k:\n  - a: 1\n    b: 2\n # c1\nz: 1\n',
      'k:\n  a:\n    b: 1\n   # c3\nz: 1\n',
      'k:\n  a: x\n   # c3\n# c0\n    # c4\nz: 1\n',
      'k:\n  a:\n# c0\nz: 1\n',
      'k:\n  -   # same line\n # c1\nz: 1\n',
      'k:\n- a\n# c0\nz: 1\n',
      'k:\n- a: 1\n  b: 2\n # c1\nz: 1\n',
      'k:\n  a: [1,\n 2]   # c\n   # c3\nz: 1\n',
      'k:\n  a: |\n    x\n\n   # c3\nz: 1\n',
      'k:\n  a: |+\n    x\n\n\nz: |-\n  y\n  # content\n',
      'k:\n  a: >\n    x\n    y\n\n      more\n    z\n\n',
      'k:\n  a: !Sub\n    - "${A}"\n    - {A: !Ref B}\n  b: !GetAtt R.Arn\n  c: !If [C, [x, !Ref y], {}]\n',
      '---\nk: \'it\'\'s\' # c\n"q k": "\\x41\\u00e9\\t"\nk: 2\nk: 3\n',
      'k:\r\n  - - a\r\n    - b\r\n  - c: 1\r\n    d: {e: f,}\r\n',
      'n: [0755, 0x1F, 1_000, -0, 1:20, 1.5e+3, .inf, 08, 1e3, yes, y, N, ~, null, 2024-01-01, .]\n',
      'a:\n  b: "multi\n      line\\\n   next  \n\n     end"\n  c: "\\x41\n\n\n    \\t b"\n',
      "a:\n  - 'p\n\n    q  \n   r'\nz: [\"x\n  y\", 'u\n v']\n",
      'a: !GetAZs\nb: [0, !GetAZs ]\nc: {k: !GetAZs , j: 1}\nd:\n  x: !GetAZs # c\n  # d\n',
      'a: "x\\\n  y \\\n   \\ z"\n"k\\"2": 1\n',
    ];
    const { same } = expectAgreement(cases.map((text, i) => ({ name: `case ${i}`, text })));
    expect(same).toBe(cases.length);
  });

  test('on seeded generated texts and on mutations of the fixtures', () => {
    const texts = fuzzTexts(20260101, 1500);
    const { same, declined } = expectAgreement(texts);
    // both outcomes occur, so the generator reaches the reader's edges
    expect(same).toBeGreaterThan(300);
    expect(declined).toBeGreaterThan(100);
  });
});

describe('what the quick reader leaves to the full reader', () => {
  test.each([
    ['an anchor', 'a: &x 1\nb: 2\n'],
    ['an alias', 'a: 1\nb: *x\n'],
    ['a second document', 'a: 1\n---\nb: 2\n'],
    ['a directive', '%YAML 1.1\n---\na: 1\n'],
    ['a complex key', '? a\n: 1\n'],
    ['a plain scalar over two lines', 'a: one\n  two\n'],
    ['a quoted scalar whose next line is not indented enough', 'a:\n  b: "one\n  two"\n'],
    ['a quoted key over two lines', '- "a\n  b": 1\n'],
    ['an explicit indentation indicator', 'a: |2\n   x\n'],
    ['a tab between tokens', 'a:\t1\n'],
    ['a merge key', 'a:\n  <<: {b: 1}\n'],
    ['a tag the loader does not turn into an intrinsic', 'a: !!str 1\n'],
    ['a bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['a mapping in a compact value', 'a: b: c\n'],
    ['a sequence that is not a template', '- a\n- b\n'],
  ])('%s', (_what, text) => {
    expect(quickYaml(text, 'x.yaml', 100)).toBeUndefined();
    // and the loader reads it, or says what is wrong, through the full reader
    const outcome = (read: () => unknown): unknown => {
      try {
        return read();
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
    };
    expect(outcome(() => loadDocumentText(text, 'x.yaml').value)).toEqual(outcome(() => parseYaml(text, 'x.yaml', 100).value));
  });

  test('near the nesting limit, so that the loader applies it', () => {
    const deep = (levels: number): string => {
      let text = '';
      for (let i = 0; i < levels; i++) text += `${' '.repeat(i * 2)}k${i}:\n`;
      return `${text}${' '.repeat(levels * 2)}v: 1\n`;
    };
    expect(quickYaml(deep(5), 'x.yaml', 10)).toBeDefined();
    expect(quickYaml(deep(9), 'x.yaml', 10)).toBeUndefined();
    expect(() => loadDocumentText(deep(12), 'x.yaml', { maxDepth: 10 })).toThrow(/nesting deeper than 10 levels/);
  });
});

// ---- seeded texts

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Template-like texts from a small grammar, and fixtures with a few characters or lines changed. */
function fuzzTexts(seed: number, count: number): Array<{ name: string; text: string }> {
  const r = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const spaces = (n: number): string => ' '.repeat(n);
  const fixtures = fg
    .sync('fixtures/**/*.{yaml,yml}', { cwd: REPO, absolute: true })
    .sort()
    .map(read)
    .filter((t) => t.length < 20000);
  const SCALARS = ['v', 'a b', '"dq \\" \\n \\x41"', "'it''s'", '!Ref X', '!GetAtt A.Arn', '!Sub "${X}"', '123', '0755', '1_000', '-0', '1.5e+3', '.inf', 'yes', 'y', 'N', 'null', '~', '2024-01-01', '1:20', '0x1F', 'a:b', 'http://x', '""', "''", 'trailing   ', '{}', '[]', '!If [C, a, b]', '[a, "b", !Ref c]', 'x # c', '[\n  a,\n b]', '{k: v,}', '"multi\n      line\\\n   next  \n\n     end"', "'a\n\n     b  \n c'", '"x\n y"'];
  const ODD = ['!Ref', '@bad', '`bad', '%bad', 'a: b', '!!str 1', '&anchor v', '*alias', '- x', '? x', '[a: 1]', '"open', '{a}'];
  const scalar = (): string => (r() < 0.85 ? pick(SCALARS) : pick(ODD));
  const flow = (depth: number): string => {
    if (depth > 2 || r() < 0.3) return scalar();
    const items = Array.from({ length: Math.floor(r() * 3) }, () => flow(depth + 1));
    const nl = r() < 0.3 ? `\n${spaces(Math.floor(r() * 6))}` : '';
    if (r() < 0.5) return `[${nl}${items.join(`,${nl}`)}${r() < 0.2 ? ',' : ''}]`;
    return `{${nl}${items.map((v, i) => `${pick(['k', '"k"', 'Fn::If', `k${i}`])}: ${v}`).join(`, ${nl}`)}}`;
  };
  const block = (depth: number, indent: number): string[] => {
    const lines: string[] = [];
    const pad = spaces(indent);
    for (let i = 0, n = 1 + Math.floor(r() * 4); i < n; i++) {
      if (r() < 0.15) lines.push(`${spaces(Math.floor(r() * (indent + 4)))}# comment ${i}`);
      if (r() < 0.1) lines.push(r() < 0.5 ? '' : spaces(Math.floor(r() * 6)));
      const key = pick(['Key', 'a b', '"quoted"', "'sq'", 'Fn::Sub', '200', 'on', 'Key', 'x:y', '~']);
      const kind = r();
      if (depth > 3 || kind < 0.35) lines.push(`${pad}${key}: ${scalar()}${r() < 0.2 ? ' # trailing' : ''}`);
      else if (kind < 0.55) {
        lines.push(`${pad}${key}:${r() < 0.1 ? ' # c' : ''}`, ...block(depth + 1, indent + pick([1, 2, 4])));
      } else if (kind < 0.7) {
        lines.push(`${pad}${key}:${r() < 0.3 ? ' !If' : ''}`);
        const si = indent + (r() < 0.3 ? 0 : 2);
        for (let j = 0; j < 1 + r() * 3; j++) {
          if (r() < 0.2) lines.push(`${spaces(Math.floor(r() * (si + 4)))}# c`);
          const t = r();
          if (t < 0.5) lines.push(`${spaces(si)}- ${scalar()}`);
          else if (t < 0.7) lines.push(`${spaces(si)}- k: ${scalar()}`, `${spaces(si + 2)}k2: ${scalar()}`);
          else if (t < 0.8) lines.push(`${spaces(si)}- - ${scalar()}`, `${spaces(si + 2)}- ${scalar()}`);
          else lines.push(`${spaces(si)}-`, ...block(depth + 1, si + 2));
        }
      } else if (kind < 0.85) {
        lines.push(`${pad}${key}: ${r() < 0.3 ? '!Sub ' : ''}${pick(['|', '|-', '|+', '>', '>-', '>+'])}`);
        const ci = indent + 2 + Math.floor(r() * 2);
        for (let j = 0; j < 1 + r() * 4; j++) {
          const t = r();
          lines.push(t < 0.15 ? '' : t < 0.25 ? spaces(Math.floor(r() * (ci + 3))) : t < 0.35 ? `${spaces(ci + 2)}more ${j}` : `${spaces(ci)}${pick(['line', '# not a comment', 'a: b', '"q"', 'x  y'])}${j}`);
        }
      } else lines.push(`${pad}${key}: ${flow(0)}`);
    }
    return lines;
  };
  const CHANGES = [' ', '  ', '\n', '#', ':', '- ', '"', "'", '[', ']', '{', '}', ',', '!Ref ', '|', '>', '\t', '\r\n', '&a', '*a', '?', '%', '---', 'x', '0', '~', '\\', '|-', '>+', '#c'];
  const out: Array<{ name: string; text: string }> = [];
  for (let i = 0; i < count; i++) {
    let text: string;
    if (r() < 0.5 && fixtures.length > 0) {
      text = pick(fixtures);
      for (let k = 0, m = 1 + Math.floor(r() * 3); k < m; k++) {
        const at = Math.floor(r() * text.length);
        const op = r();
        if (op < 0.4) text = text.slice(0, at) + pick(CHANGES) + text.slice(at);
        else if (op < 0.7) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 3));
        else {
          const lines = text.split('\n');
          const li = Math.floor(r() * lines.length);
          if (r() < 0.5) lines.splice(li, 0, lines[li]!);
          else lines[li] = spaces(Math.floor(r() * 3)) + lines[li];
          text = lines.join('\n');
        }
      }
    } else {
      text = block(0, 0).join(r() < 0.1 ? '\r\n' : '\n') + (r() < 0.8 ? '\n' : '');
      if (r() < 0.1) text = `---\n${text}`;
    }
    out.push({ name: `seeded text ${i}`, text });
  }
  return out;
}

