#!/usr/bin/env node
// Times the YAML/JSON loader of this build against another build, for a change to the readers: the quick YAML
// reader alone, and the whole loader with a `locate` of every path three levels deep (both keys and values), over
// every YAML and JSON file of ../shared/corpus (or, without it, of fixtures/). The two builds run in one process,
// alternately, and the figure is CPU time (user + system of this process), which shared machines disturb less
// than wall time. Build both first (`npm run build`).
//
//   node scripts/time-loader.mjs --base DIR [--rounds N]
//
//   --base DIR    the root of the other build (a checkout with dist/, e.g. a git worktree of main, built)
//   --rounds N    rounds per build (default 21); the median and the fastest round are printed
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const base = option('--base', undefined);
const rounds = Math.max(1, Number(option('--rounds', '21')));
if (!base) {
  console.error('time-loader: --base DIR is required (the root of another built checkout)');
  process.exit(2);
}

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name.startsWith('.') ? [] : files(path);
    return /\.(ya?ml|json|template)$/.test(name) ? [path] : [];
  });
}

const corpus = resolve(root, '..', 'shared', 'corpus');
let inputs;
try {
  inputs = files(corpus);
} catch {
  inputs = files(join(root, 'fixtures'));
}
const texts = inputs.map((f) => readFileSync(f, 'utf8'));
const yamlTexts = texts.filter((_, i) => !inputs[i].endsWith('.json'));

/** The quick reader and the loader of one build (the quick reader moved from load/quick.js to load/quick/index.js). */
async function build(dir) {
  const dist = join(resolve(dir), 'dist', 'src', 'load');
  let quick;
  for (const p of ['quick/index.js', 'quick.js']) {
    try {
      quick = (await import(pathToFileURL(join(dist, p)).href)).quickYaml;
      break;
    } catch {
      // the other layout
    }
  }
  const { loadDocumentText } = await import(pathToFileURL(join(dist, 'index.js')).href);
  if (!quick || !loadDocumentText) throw new Error(`no built loader under ${dist}`);
  return { quick, load: loadDocumentText };
}

function paths(value, prefix, depth, out) {
  if (depth === 0 || value === null || typeof value !== 'object') return;
  for (const key of Object.keys(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    paths(value[key], path, depth - 1, out);
  }
}

function cpu(run) {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const builds = [await build(base), await build(root)];
const tasks = {
  'quick reader (YAML files)': (b) => () => {
    for (const t of yamlTexts) b.quick(t, 'x.yaml', 64);
  },
  'loader + locate (all files)': (b) => () => {
    for (const t of texts) {
      let doc;
      try {
        doc = b.load(t, 'x.yaml');
      } catch {
        continue;
      }
      const ps = [];
      paths(doc.value, [], 3, ps);
      for (const p of ps) {
        doc.locate(p);
        doc.locate(p, 'key');
      }
    }
  },
};
const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
console.log(`${texts.length} files (${yamlTexts.length} YAML), ${rounds} rounds per build, CPU ms`);
for (const [name, task] of Object.entries(tasks)) {
  const times = [[], []];
  for (let r = 0; r < rounds; r++) {
    for (const k of r % 2 ? [1, 0] : [0, 1]) times[k].push(cpu(task(builds[k])));
  }
  const line = (label, t) => `${label} median ${median(t).toFixed(1)}, fastest ${Math.min(...t).toFixed(1)}`;
  console.log(`${name}: ${line('base', times[0])}; ${line('this tree', times[1])}`);
}
