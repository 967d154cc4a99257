#!/usr/bin/env node
// The benchmark: `npm run bench` (builds first). Prints a table of figures measured in this one run, each speed
// target as a ratio to a baseline measured in the same run, because the machines are shared and noisy.
//
//   node scripts/bench.mjs [--json FILE] [--runs N] [--no-peer] [--synthetic]
//
//   --json FILE   also write the figures as JSON (for tracking)
//   --runs N      repetitions for medians (default 7)
//   --no-peer     skip the comparison with cfn-lint
//   --synthetic   use the generated corpus even where ../shared/corpus exists
//
// What it measures (docs/performance.md explains each target):
//   cold start   wall time of the CLI on one small template, median of N whole processes, next to `node -e 0`
//   corpus       every template of ../shared/corpus (or 1,000 generated ones): templates/s, wall, peak RSS
//   floor        the same files read and parsed by the same parsers and nothing else, in-process; lint ÷ parse
//   large        a 3,000-resource CDK-style JSON template and a 1 MB YAML template, whole process
//   peer         cfn-lint on a fixed sample of 20 corpus templates in one invocation, and cors-lint on the same
//                20; the per-file ratio cfn-lint ÷ cors-lint
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generate } from './gen-corpus.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const RUNS = Math.max(1, Number(option('--runs', '7')));
const bin = join(root, 'bin', 'cors-lint.js');
const dist = join(root, 'dist', 'src');
if (!existsSync(join(dist, 'cli.js'))) {
  console.error('bench: no build found; run `npm run build` first (or use `npm run bench`).');
  process.exit(2);
}

// A preload that reports the process's peak resident set size on exit, so that whole-process runs can be
// measured without any tool outside Node.
const RSS_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\n@@maxrss '+process.resourceUsage().maxRSS+'\\n'))`;

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs a command as a whole process; wall time in ms and peak RSS in KB (node processes only). */
function timeProcess(command, argv, options = {}) {
  const started = performance.now();
  const result = spawnSync(command, argv, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  const wall = performance.now() - started;
  const rss = /@@maxrss (\d+)/.exec(result.stderr ?? '');
  if (result.error) throw result.error;
  return { wall, rssKb: rss ? Number(rss[1]) : undefined, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function lintProcess(paths, extra = []) {
  const r = timeProcess(process.execPath, ['--import', RSS_HOOK, bin, '--format', 'compact', ...extra, ...paths]);
  if (![0, 1, 3].includes(r.status)) throw new Error(`cors-lint exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return r;
}

const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
const fmtX = (x) => `${x.toFixed(x < 10 ? 2 : 0)}×`;
const rows = [];
const figures = { machine: { node: process.version, cpus: (await import('node:os')).cpus().length }, runs: RUNS };
const row = (what, value, target = '', verdict = '') => rows.push([what, value, target, verdict]);
const check = (ok) => (ok ? 'met' : 'NOT met');

// ── inputs ────────────────────────────────────────────────────────────────────────────────────────────────────
const shared = join(root, '..', 'shared', 'corpus');
const benchDir = join(root, '.bench');
const { dir: syntheticDir, large } = generate(benchDir, 1000);
const useShared = existsSync(shared) && !flag('--synthetic');
const corpusDir = useShared ? shared : syntheticDir;
const { discover } = await import(pathToFileURL(join(dist, 'discover', 'index.js')).href);
const corpusFiles = discover([corpusDir], { cwd: root }).files.map((f) => f.path);
figures.corpus = { source: useShared ? '../shared/corpus' : 'generated (.bench/synthetic)', files: corpusFiles.length };

// ── cold start ────────────────────────────────────────────────────────────────────────────────────────────────
const small = join(root, 'examples', 'sam-http-api', 'template.yaml');
const nodeFloor = [];
const cold = [];
for (let i = 0; i < RUNS; i++) {
  nodeFloor.push(timeProcess(process.execPath, ['-e', '0']).wall);
  cold.push(lintProcess([small]).wall);
}
figures.coldStart = { template: relative(root, small), medianMs: median(cold), nodeMedianMs: median(nodeFloor), ratio: median(cold) / median(nodeFloor) };
row('cold start, one small template (median)', fmtMs(figures.coldStart.medianMs), '< 300 ms', check(figures.coldStart.medianMs < 300));
row('  node -e 0 (median)', fmtMs(figures.coldStart.nodeMedianMs));
row('  cold start ÷ node -e 0', fmtX(figures.coldStart.ratio), '< 2.5×', check(figures.coldStart.ratio < 2.5));

// ── corpus, whole process ─────────────────────────────────────────────────────────────────────────────────────
const { lint } = await import(pathToFileURL(join(dist, 'index.js')).href);
const probe = await lint(corpusFiles, { cwd: root });
const templates = probe.templates;
const corpusRuns = [];
for (let i = 0; i < Math.min(RUNS, 3); i++) corpusRuns.push(lintProcess([corpusDir]));
const corpusWall = median(corpusRuns.map((r) => r.wall));
const corpusRss = Math.max(...corpusRuns.map((r) => r.rssKb ?? 0));
figures.corpus = { ...figures.corpus, templates, wallMs: corpusWall, templatesPerSecond: (templates / corpusWall) * 1000, peakRssMb: corpusRss / 1024 };
row(`corpus: ${templates} templates of ${corpusFiles.length} files (${figures.corpus.source})`, fmtMs(corpusWall));
row('  templates per second', figures.corpus.templatesPerSecond.toFixed(0));
row('  peak RSS', `${figures.corpus.peakRssMb.toFixed(0)} MB`, '< 300 MB', check(figures.corpus.peakRssMb < 300));

// ── floor: parse only vs lint, in-process ─────────────────────────────────────────────────────────────────────
const { parseAllDocuments } = await import(pathToFileURL(join(root, 'node_modules', 'yaml', 'dist', 'index.js')).href).catch(
  () => import('yaml'),
);
const parseOnly = (files) => {
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (/^\s*[[{]/.test(text)) {
      try {
        JSON.parse(text);
        continue;
      } catch {
        // read as YAML below, as the loader does
      }
    }
    parseAllDocuments(text, { version: '1.1', uniqueKeys: false, strict: false });
  }
};
const lintInProcess = async (files) => {
  await lint(files, { cwd: root });
};
const timeIt = async (fn) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};
await timeIt(() => parseOnly(corpusFiles)); // warm up
await timeIt(() => lintInProcess(corpusFiles));
const parseTimes = [];
const lintTimes = [];
for (let i = 0; i < Math.min(RUNS, 5); i++) {
  parseTimes.push(await timeIt(() => parseOnly(corpusFiles)));
  lintTimes.push(await timeIt(() => lintInProcess(corpusFiles)));
}
figures.floor = { parseMs: median(parseTimes), lintMs: median(lintTimes), ratio: median(lintTimes) / median(parseTimes) };
row('floor: parse only, in-process (median)', fmtMs(figures.floor.parseMs));
row('  lint, in-process (median)', fmtMs(figures.floor.lintMs));
row('  lint ÷ parse', fmtX(figures.floor.ratio), '≤ 2×', check(figures.floor.ratio <= 2));

// ── large inputs ──────────────────────────────────────────────────────────────────────────────────────────────
for (const [key, file, target] of [
  ['largeJson', large.json, 1000],
  ['largeYaml', large.yaml, undefined],
]) {
  const walls = [];
  let rss = 0;
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    const r = lintProcess([file]);
    walls.push(r.wall);
    rss = Math.max(rss, r.rssKb ?? 0);
  }
  const parse = median([0, 1, 2].map(() => {
    const t = performance.now();
    parseOnly([file]);
    return performance.now() - t;
  }));
  const bytes = readFileSync(file).length;
  figures[key] = { file: relative(root, file), bytes, wallMs: median(walls), parseMs: parse, peakRssMb: rss / 1024 };
  const label = key === 'largeJson' ? `large: CDK-style JSON, 3,000 resources, ${(bytes / 1e6).toFixed(1)} MB` : `large: YAML, ${(bytes / 1e6).toFixed(1)} MB`;
  row(label, fmtMs(figures[key].wallMs), target ? `< ${fmtMs(target)}` : '', target ? check(figures[key].wallMs < target) : '');
  row('  of which parsing alone (in-process)', fmtMs(parse));
}

// ── peer ──────────────────────────────────────────────────────────────────────────────────────────────────────
const hasPeer = !flag('--no-peer') && spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
if (hasPeer && useShared) {
  const candidates = corpusFiles.filter((f) => /\.(ya?ml|json|template)$/.test(f) && !/\/(INDEX|package|tsconfig)[^/]*\.json$/.test(f) && !f.includes('/schema/'));
  const step = Math.max(1, Math.floor(candidates.length / 20));
  const sample = candidates.filter((_, i) => i % step === 0).slice(0, 20);
  const peer = timeProcess('cfn-lint', ['--format', 'parseable', '--', ...sample], { env: { ...process.env, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION ?? 'us-east-1' } });
  const ours = median([0, 1, 2].map(() => lintProcess(sample).wall));
  const peerPerFile = peer.wall / sample.length;
  const oursPerFile = ours / sample.length;
  const corpusPerFile = corpusWall / templates;
  figures.peer = {
    tool: spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).stdout.trim(),
    sample: sample.map((f) => relative(corpusDir, f)),
    peerWallMs: peer.wall,
    oursWallMs: ours,
    ratioSample: peerPerFile / oursPerFile,
    ratioCorpus: peerPerFile / corpusPerFile,
  };
  row(`peer: cfn-lint, 20 templates in one invocation`, fmtMs(peer.wall));
  row('  cors-lint, the same 20', fmtMs(ours));
  row('  per file, cfn-lint ÷ cors-lint (same 20)', fmtX(figures.peer.ratioSample));
  row('  per file, cfn-lint ÷ cors-lint (whole corpus run)', fmtX(figures.peer.ratioCorpus), '≥ 100×', check(figures.peer.ratioCorpus >= 100));
} else {
  row('peer: cfn-lint', hasPeer ? 'skipped (needs ../shared/corpus)' : 'skipped (not installed, or --no-peer)');
}

// ── report ────────────────────────────────────────────────────────────────────────────────────────────────────
const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => String(r[c]).length), ['what', 'measured', 'target', ''][c].length));
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
console.log(line(['what', 'measured', 'target', '']));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));
const jsonOut = option('--json', undefined);
if (jsonOut) {
  writeFileSync(jsonOut, `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`\nfigures written to ${jsonOut}`);
}
