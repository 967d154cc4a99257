#!/usr/bin/env node
// The YAML parity test at any size, for exploration: seeded generated texts (and, with --corpus, every template of
// ../shared/corpus and fixtures/, and mutations of them) read by the loader's readers — the quick reader, the full
// reader, and the loader as a whole — and by the reader SAM uses (PyYAML, through test/load/parity/reference.py),
// compared as test/load/parity.test.ts compares them. Uses the build (npm run build first).
//
//   node scripts/yaml-parity.mjs [--seed N] [--count N] [--corpus] [--show N]
//
//   --seed N     first seed (default 1); texts come in batches of 2,000, each batch from the next seed
//   --count N    how many generated texts (default 20000)
//   --corpus     also every YAML template of the shared corpus and the fixtures, and mutations of them
//   --show N     print the first N differences of each reader in full (default 5)
//   --large N    also N large texts (the readable ones of 2,000 generated documents each, as one text)
//
// Prints, per reader, how many texts read the same, differ, or were declined (the quick reader), and the allowed
// differences by name; exits 1 when any reader differs.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';
import { compareResult } from '../test/load/parity/compare.js';
import { generate } from '../test/load/parity/generate.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const { loadDocumentText } = await import(join(REPO, 'dist/src/load/index.js'));
const { quickYaml } = await import(join(REPO, 'dist/src/load/quick/index.js'));
const { parseYaml } = await import(join(REPO, 'dist/src/load/full/index.js'));

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seed = option('--seed', 1);
const total = option('--count', 20000);
const showCount = option('--show', 5);

const strip = (text) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
const outcome = (read) => {
  try {
    const doc = read();
    return doc === undefined ? undefined : { ok: doc.value };
  } catch (error) {
    if (error?.name !== 'LoadError') return { err: `internal error: ${error?.stack ?? error}`, line: 0, column: 0, code: 'internal' };
    return { err: error.message, line: error.line, column: error.column, code: error.code };
  }
};
const READERS = {
  quick: (text) => outcome(() => quickYaml(strip(text), 'parity.yaml', 100)),
  full: (text) => outcome(() => parseYaml(strip(text), 'parity.yaml', 100)),
  loader: (text) => outcome(() => loadDocumentText(text, 'parity.yaml')),
};

function reference(texts) {
  const out = execFileSync('python3', [join(REPO, 'test/load/parity/reference.py')], { input: JSON.stringify(texts), maxBuffer: 1 << 30 });
  return JSON.parse(out.toString());
}

const batches = [];
if (args.includes('--corpus')) {
  const files = fg
    .sync(['../shared/corpus/**/*.{yaml,yml,template}', 'fixtures/**/*.{yaml,yml}'], { cwd: REPO, absolute: true, ignore: ['**/node_modules/**'] })
    .sort();
  const given = files.map((f) => ({ name: relative(REPO, f), text: readFileSync(f, 'utf8') })).filter((t) => !/^\s*[[{]/.test(t.text));
  batches.push(given);
  batches.push(generate(seed + 100000, given.length, given.map((t) => t.text)).map((t) => ({ ...t, name: `mutated: ${t.name}` })));
}
for (let done = 0, s = seed; done < total; done += 2000, s++) batches.push(generate(s, Math.min(2000, total - done)));
const large = option('--large', 0);
if (large > 0) {
  // large texts: generated documents, each indented under a key of its own, as one text
  const texts = [];
  for (let i = 0; i < large; i++) {
    // (documents the full reader reads, so that the text is read to its end)
    const parts = generate(seed + 200000 + i, 2000).filter((t) => !/^(?:\ufeff|%|---)/.test(t.text) && 'ok' in (READERS.full(t.text) ?? {}));
    const body = parts.map((t, k) => `K${k}:\n${t.text.replace(/\r\n/g, '\n').split('\n').map((l) => (l ? `  ${l}` : l)).join('\n')}`).join('\n');
    texts.push({ name: `large text ${i}`, text: body });
  }
  batches.push(texts);
}

const stats = Object.fromEntries(Object.keys(READERS).map((k) => [k, { same: 0, differ: 0, declined: 0, allowed: {}, shown: [], slowest: { ms: 0, name: '' } }]));
let texts = 0;
const started = Date.now();
for (const batch of batches) {
  const refs = reference(batch.map((t) => t.text));
  batch.forEach((t, i) => {
    texts++;
    for (const [name, read] of Object.entries(READERS)) {
      const s = stats[name];
      const started = performance.now();
      const ours = read(t.text);
      const ms = performance.now() - started;
      if (ms > s.slowest.ms) s.slowest = { ms, name: `${t.name} (${t.text.length} characters)` };
      if (ours === undefined) {
        s.declined++;
        continue;
      }
      const d = compareResult(refs[i], ours, s.allowed);
      if (!d) s.same++;
      else {
        s.differ++;
        if (s.shown.length < showCount) s.shown.push(`${t.name}: ${d}\n    ${JSON.stringify(t.text)}`);
      }
    }
  });
}
console.log(`${texts} texts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const [name, s] of Object.entries(stats)) {
  const allowed = Object.entries(s.allowed).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  console.log(`${name}: ${s.same} same, ${s.differ} differ${name === 'quick' ? `, ${s.declined} declined` : ''}; allowed: ${allowed}`);
  console.log(`  slowest: ${s.slowest.ms.toFixed(1)} ms, ${s.slowest.name}`);
  for (const line of s.shown) console.log(`  ${line}`);
}
process.exitCode = Object.values(stats).some((s) => s.differ > 0) ? 1 : 0;
