#!/usr/bin/env node
// The benchmark: `npm run bench` (builds first). Prints a table of figures measured in this one run, each speed
// target next to a baseline measured in the same run, because the machines are shared and noisy.
//
//   node scripts/bench.mjs [--json FILE] [--runs N] [--no-peer] [--synthetic] [--cold-only] [--before DIR]
//
//   --json FILE   also write the figures as JSON (for tracking)
//   --runs N      repetitions for medians (default 7)
//   --no-peer     skip the comparison with cfn-lint
//   --synthetic   use the generated corpus even where ../shared/corpus exists
//   --cold-only   the cold starts only
//   --before DIR  also time the cold starts of another built checkout (DIR/bin/cors-lint.js), in the same run
//
// What it measures (docs/performance.md explains each target):
//   cold start   wall time of whole processes, median of N, each ÷ `node -e 0` timed among them: a small HTTP API
//                template with the text report and with compact, a REST template with an inline JavaScript proxy
//                handler with --format json, --version and --help; the bundle, the compiled modules, --before
//   corpus       every template of ../shared/corpus (and the 1,000 generated ones): templates and files per second,
//                wall and peak RSS of the whole process, with the default threads and with two
//   floor        the same files read and parsed by the loader (the same parsers: the quick YAML reader, JSON.parse
//                with its scanner, the yaml package for what the quick reader declines) and nothing else,
//                in-process, against the whole lint of them on one thread; lint ÷ parse, and where lint time goes
//   large        a 3,000-resource CDK-style JSON template and a 1 MB SAM YAML template, whole process, default report
//   peer         cfn-lint on a fixed sample of 20 corpus templates in one invocation, and cors-lint on the same 20;
//                the per-file ratio cfn-lint ÷ cors-lint, and against the whole-corpus run (the target)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
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
const load = (file) => import(pathToFileURL(join(dist, file)).href);

// A preload that reports the process's peak resident set size (worker threads included) on exit, so that
// whole-process runs can be measured without any tool outside Node. Cold starts are timed without it.
const RSS_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\n@@maxrss '+process.resourceUsage().maxRSS+'\\n'))`;

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs a command as a whole process; wall time in ms and peak RSS in KB (node processes with the hook only). */
function timeProcess(command, argv, options = {}) {
  const started = performance.now();
  const result = spawnSync(command, argv, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  const wall = performance.now() - started;
  if (result.error) throw result.error;
  const rss = /@@maxrss (\d+)/.exec(result.stderr ?? '');
  return { wall, rssKb: rss ? Number(rss[1]) : undefined, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function lintProcess(paths, extra = [], { rss = true } = {}) {
  const r = timeProcess(process.execPath, [...(rss ? ['--import', RSS_HOOK] : []), bin, ...extra, ...paths], { env: { ...process.env, NO_COLOR: '1' } });
  if (![0, 1, 3].includes(r.status)) throw new Error(`cors-lint exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return r;
}

/** Runs each command `runs` times, interleaved (so that drift on a shared machine hits them alike). */
function interleaved(commands, runs) {
  const walls = commands.map(() => []);
  for (let i = 0; i < runs; i++) commands.forEach((run, j) => walls[j].push(run().wall));
  return walls.map(median);
}

const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
const fmtX = (x) => `${x.toFixed(x < 10 ? 2 : 0)}×`;
const rows = [];
const figures = { machine: { node: process.version, cpus: cpus().length, loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))) }, runs: RUNS };
const row = (what, value, target = '', verdict = '') => rows.push([what, value, target, verdict]);
const check = (ok) => (ok ? 'met' : 'NOT met');

function printReport() {
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => String(r[c]).length), ['what', 'measured', 'target', ''][c].length));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
  console.log(`node ${figures.machine.node}, ${figures.machine.cpus} CPUs, load average ${figures.machine.loadAverageAtStart.join(' ')} at start, ${figures.machine.loadAverageAtEnd.join(' ')} at end`);
  console.log(line(['what', 'measured', 'target', '']));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
  const jsonOut = option('--json', undefined);
  if (jsonOut) {
    writeFileSync(jsonOut, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`\nfigures written to ${jsonOut}`);
  }
}

// ── inputs ────────────────────────────────────────────────────────────────────────────────────────────────────
const shared = join(root, '..', 'shared', 'corpus');
const benchDir = join(root, '.bench');
const { dir: syntheticDir, large } = generate(benchDir, 1000);
const useShared = existsSync(shared) && !flag('--synthetic');
const { discover } = await load('discover/index.js');
const { lint } = await load('index.js');
const { loadDocumentText, notTemplateReason, readTextFile } = await load('load/index.js');
const corpora = [
  ...(useShared ? [{ key: 'corpus', name: '../shared/corpus', dir: shared }] : []),
  { key: 'synthetic', name: 'generated, .bench/synthetic', dir: syntheticDir },
];
for (const c of corpora) c.files = discover([c.dir], { cwd: root }).files.map((f) => f.path);
const main = corpora[0];

// ── cold start ────────────────────────────────────────────────────────────────────────────────────────────────
// The bundle (bin/cors-lint.js runs dist/bundle/ where it is built), the compiled modules it replaces
// (dist/src/, through test/perf/dist-cli.mjs) and, with --before DIR, another checkout's build, all interleaved
// with `node -e 0` so that the ratios come from one run.
const small = join(root, 'examples', 'sam-http-api', 'template.yaml');
const restInline = join(benchDir, 'cold-rest-inline', 'template.yaml');
mkdirSync(dirname(restInline), { recursive: true });
writeFileSync(
  restInline,
  [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Api:',
    '    Type: AWS::Serverless::Api',
    '    Properties:',
    '      StageName: prod',
    '      Cors: "\'https://app.example.com\'"',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Runtime: nodejs20.x',
    '      Handler: index.handler',
    '      InlineCode: |',
    '        exports.handler = async (event) => {',
    "          const origin = event.headers && event.headers.origin;",
    "          return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': origin }, body: '{}' };",
    '        };',
    '      Events:',
    '        Proxy:',
    '          Type: Api',
    "          Properties: {RestApiId: !Ref Api, Path: '/{proxy+}', Method: any}",
    '',
  ].join('\n'),
);
const distBin = join(root, 'test', 'perf', 'dist-cli.mjs');
const beforeDir = option('--before', undefined);
const beforeBin = beforeDir ? join(beforeDir, 'bin', 'cors-lint.js') : undefined;
const coldOf = (entry, argv) => () => {
  const r = timeProcess(process.execPath, [entry, ...argv], { env: { ...process.env, NO_COLOR: '1' } });
  if (![0, 1].includes(r.status)) throw new Error(`${entry} ${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return r;
};
const coldCases = [
  ['text', 'small HTTP API template, text report', [small], 2.0],
  ['json', 'REST template with an inline JavaScript proxy handler, --format json', ['--format', 'json', restInline], 3.0],
  ['compact', 'small HTTP API template, --format compact', ['--format', 'compact', small], undefined],
  ['version', '--version', ['--version'], undefined],
  ['help', '--help', ['--help'], undefined],
];
const coldEntries = [['bundle', bin], ['dist', distBin], ...(beforeBin ? [['before', beforeBin]] : [])];
const coldCommands = [() => timeProcess(process.execPath, ['-e', '0'])];
for (const [, , argv] of coldCases) for (const [, entry] of coldEntries) coldCommands.push(coldOf(entry, argv));
const [nodeFloor, ...coldMedians] = interleaved(coldCommands, RUNS);
figures.coldStart = { nodeMedianMs: nodeFloor, before: beforeDir, cases: {} };
row('cold start: node -e 0 (median)', fmtMs(nodeFloor));
coldCases.forEach(([key, label, , target], i) => {
  const m = Object.fromEntries(coldEntries.map(([name], j) => [name, coldMedians[i * coldEntries.length + j]]));
  figures.coldStart.cases[key] = Object.fromEntries(Object.entries(m).map(([name, ms]) => [name, { medianMs: ms, ratio: ms / nodeFloor }]));
  const others = coldEntries.slice(1).map(([name]) => `${name === 'dist' ? 'dist/src' : 'before'} ${fmtX(m[name] / nodeFloor)}`).join(', ');
  row(`cold start, ${label} ÷ node -e 0`, `${fmtX(m.bundle / nodeFloor)} (${fmtMs(m.bundle)}; ${others})`, target ? `≤ ${fmtX(target)}` : '', target ? check(m.bundle / nodeFloor <= target) : '');
});
if (flag('--cold-only')) {
  figures.machine.loadAverageAtEnd = loadavg().map((l) => Number(l.toFixed(2)));
  printReport();
  process.exit(0);
}

// ── corpus, whole process ─────────────────────────────────────────────────────────────────────────────────────
for (const c of corpora) {
  const probe = await lint(c.files, { cwd: root });
  c.templates = probe.templates;
  const runs = [];
  const parallelRuns = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    runs.push(lintProcess([c.dir], ['--format', 'compact']));
    parallelRuns.push(lintProcess([c.dir], ['--format', 'compact', '--threads', '2']));
  }
  const wall = median(runs.map((r) => r.wall));
  const wall2 = median(parallelRuns.map((r) => r.wall));
  const rssMb = Math.max(...runs.map((r) => r.rssKb ?? 0)) / 1024;
  const rss2Mb = Math.max(...parallelRuns.map((r) => r.rssKb ?? 0)) / 1024;
  figures[c.key] = {
    source: c.name,
    files: c.files.length,
    templates: c.templates,
    wallMs: wall,
    templatesPerSecond: (c.templates / wall) * 1000,
    filesPerSecond: (c.files.length / wall) * 1000,
    peakRssMb: rssMb,
    twoThreads: { wallMs: wall2, peakRssMb: rss2Mb },
  };
  row(`${c.key}: ${c.templates} templates of ${c.files.length} files (${c.name})`, fmtMs(wall));
  row('  templates per second; files per second', `${figures[c.key].templatesPerSecond.toFixed(0)}; ${figures[c.key].filesPerSecond.toFixed(0)}`);
  row('  peak RSS', `${rssMb.toFixed(0)} MB`, '< 300 MB', check(rssMb < 300));
  row('  with --threads 2: wall, peak RSS', `${fmtMs(wall2)}, ${rss2Mb.toFixed(0)} MB`);
}

// ── floor: parse only vs lint, in-process ─────────────────────────────────────────────────────────────────────
const parseOnly = (files) => {
  for (const file of files) {
    try {
      loadDocumentText(readTextFile(file), file);
    } catch {
      // a file the loader refuses costs what it costs
    }
  }
};
const timeIt = async (fn) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};
const lintOnce = (files, timings) => lint(files, { cwd: root, threads: 1, timings });
await timeIt(() => parseOnly(main.files)); // warm up both
await timeIt(() => lintOnce(main.files));
const parseTimes = [];
const lintTimes = [];
const stages = [];
for (let i = 0; i < Math.min(RUNS, 5); i++) {
  parseTimes.push(await timeIt(() => parseOnly(main.files)));
  lintTimes.push(await timeIt(() => lintOnce(main.files)));
  const timings = {};
  await lintOnce(main.files, timings);
  stages.push(timings);
}
const stageMedians = Object.fromEntries(Object.keys(stages[0]).map((k) => [k, median(stages.map((s) => s[k] ?? 0))]));
figures.floor = { corpus: main.key, parseMs: median(parseTimes), lintMs: median(lintTimes), ratio: median(lintTimes) / median(parseTimes), stagesMs: stageMedians };
row(`floor (${main.key}): read + parse only, in-process (median)`, fmtMs(figures.floor.parseMs));
row('  lint on one thread, in-process (median)', fmtMs(figures.floor.lintMs));
row('  lint ÷ parse', fmtX(figures.floor.ratio), '≤ 2×', check(figures.floor.ratio <= 2));
const topStages = Object.entries(stageMedians)
  .sort((a, b) => b[1] - a[1])
  .slice(0, 6)
  .map(([k, v]) => `${k} ${v.toFixed(0)}`)
  .join(', ');
row('  where lint time goes (ms)', topStages);

// ── large inputs ──────────────────────────────────────────────────────────────────────────────────────────────
for (const [key, file, target] of [
  ['largeJson', large.json, 1000],
  ['largeYaml', large.yaml, undefined],
]) {
  const walls = [];
  const compact = [];
  let rss = 0;
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    const r = lintProcess([file]);
    walls.push(r.wall);
    rss = Math.max(rss, r.rssKb ?? 0);
    compact.push(lintProcess([file], ['--format', 'compact']).wall);
  }
  parseOnly([file]);
  const parse = median([0, 1, 2].map(() => {
    const t = performance.now();
    parseOnly([file]);
    return performance.now() - t;
  }));
  const bytes = readFileSync(file).length;
  const resources = Object.keys(loadDocumentText(readTextFile(file), file).value.Resources ?? {}).length;
  figures[key] = { file: relative(root, file), bytes, resources, wallMs: median(walls), compactWallMs: median(compact), parseMs: parse, peakRssMb: rss / 1024 };
  const label = key === 'largeJson' ? `large: CDK-style JSON, ${resources} resources, ${(bytes / 1e6).toFixed(1)} MB` : `large: SAM YAML, ${resources} resources, ${(bytes / 1e6).toFixed(1)} MB`;
  row(`${label}, text report`, fmtMs(figures[key].wallMs), target ? `< ${fmtMs(target)}` : '', target ? check(figures[key].wallMs < target) : '');
  row('  compact report; peak RSS', `${fmtMs(figures[key].compactWallMs)}; ${(rss / 1024).toFixed(0)} MB`);
  row('  of which read + parse alone (in-process)', fmtMs(parse));
}

// ── peer ──────────────────────────────────────────────────────────────────────────────────────────────────────
const peerVersion = flag('--no-peer') ? undefined : spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
const hasPeer = peerVersion !== undefined && peerVersion.status === 0;
if (hasPeer && useShared) {
  // a fixed sample: 20 templates evenly spaced over the sorted templates of the corpus
  const templates = main.files.filter((f) => {
    try {
      return notTemplateReason(loadDocumentText(readTextFile(f), f).value) === undefined;
    } catch {
      return false;
    }
  });
  const sample = Array.from({ length: 20 }, (_, i) => templates[Math.floor((i * templates.length) / 20)]);
  const peer = timeProcess('cfn-lint', ['--format', 'parseable', '--', ...sample], { env: { ...process.env, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION ?? 'us-east-1' } });
  const ours = median([0, 1, 2].map(() => lintProcess(sample, ['--format', 'compact']).wall));
  const peerPerFile = peer.wall / sample.length;
  const oursPerFile = ours / sample.length;
  const corpusPerFile = figures[main.key].wallMs / main.templates;
  figures.peer = {
    tool: peerVersion.stdout.trim(),
    exitCode: peer.status,
    sample: sample.map((f) => relative(main.dir, f)),
    peerWallMs: peer.wall,
    oursWallMs: ours,
    ratioSample: peerPerFile / oursPerFile,
    ratioCorpus: peerPerFile / corpusPerFile,
  };
  row(`peer: ${figures.peer.tool}, 20 templates in one invocation`, `${fmtMs(peer.wall)} (${fmtMs(peerPerFile)} a file)`);
  row('  cors-lint, the same 20 (median)', fmtMs(ours));
  row('  per file, cfn-lint ÷ cors-lint (same 20)', fmtX(figures.peer.ratioSample));
  row('  per file, cfn-lint ÷ cors-lint (whole-corpus run)', fmtX(figures.peer.ratioCorpus), '≥ 100×', check(figures.peer.ratioCorpus >= 100));
} else {
  row('peer: cfn-lint', hasPeer ? 'skipped (needs ../shared/corpus)' : 'skipped (not installed, or --no-peer)');
}
figures.machine.loadAverageAtEnd = loadavg().map((l) => Number(l.toFixed(2)));

// ── report ────────────────────────────────────────────────────────────────────────────────────────────────────
printReport();
