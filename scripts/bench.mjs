#!/usr/bin/env node
// The benchmark: `npm run bench` (builds first). Prints a table of figures measured in this one run, each speed
// target next to a baseline measured in the same run, because the machines are shared and noisy.
//
//   node scripts/bench.mjs [--json FILE] [--runs N] [--no-peer] [--synthetic] [--cold-only] [--before DIR]
//
//   --json FILE   also write the figures as JSON (for tracking)
//   --runs N      repetitions for medians (default 7)
//   --no-peer     skip the comparison with cfn-lint
//   --peer-runs N runs of each side of the comparison (default 3; cfn-lint takes minutes on the corpus)
//   --no-scaling  skip the scaling figures; --no-memory skip the memory figure (each takes minutes)
//   --synthetic   use the generated corpus even where ../shared/corpus exists
//   --cold-only   the cold starts only
//   --skip LIST   leave out sections: corpus,floor,large,peer,scaling,memory
//   --before DIR  also time the cold starts of another built checkout (DIR/bin/cors-lint.js), in the same run
//
// What it measures (docs/performance.md explains each target):
//   cold start   wall time of whole processes, median of N, each ÷ `node -e 0` timed among them: a small HTTP API
//                template with the text report and with compact, a REST template with an inline JavaScript proxy
//                handler with --format json, --version and --help; the bundle (with its code cache, in .bench/, and
//                without: CORS_LINT_CODE_CACHE=off), the compiled modules, --before
//   corpus       every template of ../shared/corpus (and the 1,000 generated ones): templates and files per second,
//                wall and peak RSS of the whole process, with the default threads and with two
//   floor        the same files read and parsed by the loader (the same parsers: the quick YAML reader, JSON.parse
//                with its scanner, the yaml package for what the quick reader declines) and nothing else,
//                in-process, against the whole lint of them on one thread; lint ÷ parse, and where lint time goes
//   large        a 3,000-resource CDK-style JSON template and a 1 MB SAM YAML template, whole process, default report
//   peer         cfn-lint and cors-lint on the same files, one call each (each tool's start-up paid once, as a user
//                pays it): every template of the corpus, and the SAM translator's 165 inputs; wall and CPU time,
//                medians and range of --peer-runs runs (default 3)
//   scaling      each shape of the targets at two sizes (resources in one JSON and one YAML template, HTTP APIs in
//                one template, templates in one run), CPU time less start-up, the ratio and its exponent
//   memory       peak RSS of one run over 1,000 and over 20,000 small SAM REST templates with a handler file each
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generate, manyApis, manyResources, restWithHandlers } from './gen-corpus.mjs';

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
// each row is also written to standard error as it is measured, so that a long run that is stopped keeps what it had
const row = (what, value, target = '', verdict = '') => {
  rows.push([what, value, target, verdict]);
  process.stderr.write(`bench: ${[what, value, target, verdict].filter((c) => c !== '').join(' | ')}\n`);
};
// --skip corpus,floor,large,peer,scaling,memory leaves sections out (--no-peer, --no-scaling, --no-memory too)
const skipped = new Set((option('--skip', '') || '').split(',').filter(Boolean));
const skip = (section) => skipped.has(section) || flag(`--no-${section}`);
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
// The bundle's code cache (bin/code-cache.js) goes to a folder of the bench's own, emptied first: the first run
// of the bundle writes it, the others read it (the median is theirs), as a user's runs after the first.
const codeCacheHome = join(benchDir, 'code-cache');
rmSync(codeCacheHome, { recursive: true, force: true });
process.env.XDG_CACHE_HOME = codeCacheHome; // every process the bench starts: never the user's cache folder
const coldOf = (entry, argv, env = {}) => () => {
  const r = timeProcess(process.execPath, [entry, ...argv], { env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: codeCacheHome, ...env } });
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
// bundle: what bin/cors-lint.js runs (the script with its code cache); esm: the ES module bundle without the cache
const coldEntries = [['bundle', bin], ['esm', bin, { CORS_LINT_CODE_CACHE: 'off' }], ['dist', distBin], ...(beforeBin ? [['before', beforeBin]] : [])];
const coldCommands = [() => timeProcess(process.execPath, ['-e', '0'])];
for (const [, , argv] of coldCases) for (const [, entry, env] of coldEntries) coldCommands.push(coldOf(entry, argv, env));
const [nodeFloor, ...coldMedians] = interleaved(coldCommands, RUNS);
figures.coldStart = { nodeMedianMs: nodeFloor, before: beforeDir, cases: {} };
row('cold start: node -e 0 (median)', fmtMs(nodeFloor));
coldCases.forEach(([key, label, , target], i) => {
  const m = Object.fromEntries(coldEntries.map(([name], j) => [name, coldMedians[i * coldEntries.length + j]]));
  figures.coldStart.cases[key] = Object.fromEntries(Object.entries(m).map(([name, ms]) => [name, { medianMs: ms, ratio: ms / nodeFloor }]));
  const names = { esm: 'no code cache', dist: 'dist/src', before: 'before' };
  const others = coldEntries.slice(1).map(([name]) => `${names[name]} ${fmtX(m[name] / nodeFloor)}`).join(', ');
  row(`cold start, ${label} ÷ node -e 0`, `${fmtX(m.bundle / nodeFloor)} (${fmtMs(m.bundle)}; ${others})`, target ? `≤ ${fmtX(target)}` : '', target ? check(m.bundle / nodeFloor <= target) : '');
});
if (flag('--cold-only')) {
  figures.machine.loadAverageAtEnd = loadavg().map((l) => Number(l.toFixed(2)));
  printReport();
  process.exit(0);
}

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

// ── corpus, whole process ─────────────────────────────────────────────────────────────────────────────────────
if (!skip('corpus')) {
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
}

// ── floor: parse only vs lint, in-process ─────────────────────────────────────────────────────────────────────
if (!skip('floor')) {
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
}

// ── large inputs ──────────────────────────────────────────────────────────────────────────────────────────────
if (!skip('large')) {
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
}

// ── peer ──────────────────────────────────────────────────────────────────────────────────────────────────────
// cfn-lint and cors-lint on the same template files, one call each, as a user runs them (each tool's start-up
// paid once): the templates of the corpus, and the SAM translator's inputs (small templates, where start-up
// weighs most). Wall time and CPU time (user + system, from /usr/bin/time where it is installed), medians of
// --peer-runs runs (default 3) interleaved, and the range over those runs.
const peerVersion = skip('peer') ? undefined : spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
const hasPeer = peerVersion !== undefined && peerVersion.status === 0;
const PEER_RUNS = Math.max(1, Number(option('--peer-runs', '3')));
const hasTime = existsSync('/usr/bin/time');
/** A whole process timed, with its CPU time when /usr/bin/time can measure it. */
function timeWithCpu(command, argv, env) {
  const r = hasTime ? timeProcess('/usr/bin/time', ['-f', '@@cpu %U %S', command, ...argv], { env }) : timeProcess(command, argv, { env });
  const m = /@@cpu ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  return { ...r, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : undefined };
}
const isTemplate = (f) => {
  try {
    return notTemplateReason(loadDocumentText(readTextFile(f), f).value) === undefined;
  } catch {
    return false;
  }
};
const range = (values) => (values.length > 1 ? ` (${fmtMs(Math.min(...values))}–${fmtMs(Math.max(...values))})` : '');
if (hasPeer && useShared) {
  figures.peer = { tool: peerVersion.stdout.trim(), runs: PEER_RUNS, sets: {} };
  const translator = join(shared, 'sam-translator', 'input');
  const sets = [
    ['corpus', `every template of ${main.name}`, main.files.filter(isTemplate)],
    ...(existsSync(translator) ? [['translator', 'the SAM translator inputs', discover([translator], { cwd: root }).files.map((f) => f.path).filter(isTemplate)]] : []),
  ];
  const peerEnv = { ...process.env, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION ?? 'us-east-1' };
  for (const [key, label, files] of sets) {
    const peerRuns = [];
    const ourRuns = [];
    for (let i = 0; i < PEER_RUNS; i++) {
      peerRuns.push(timeWithCpu('cfn-lint', ['--format', 'parseable', '--', ...files], peerEnv));
      ourRuns.push(timeWithCpu(process.execPath, [bin, '--format', 'compact', ...files], { ...process.env, NO_COLOR: '1' }));
    }
    const stat = (runs, k) => median(runs.map((r) => r[k] ?? Number.NaN));
    const f = {
      files: files.length,
      peer: { wallMs: stat(peerRuns, 'wall'), cpuMs: stat(peerRuns, 'cpuMs'), walls: peerRuns.map((r) => r.wall), exitCode: peerRuns[0].status },
      ours: { wallMs: stat(ourRuns, 'wall'), cpuMs: stat(ourRuns, 'cpuMs'), walls: ourRuns.map((r) => r.wall), exitCode: ourRuns[0].status },
    };
    f.wallRatio = f.peer.wallMs / f.ours.wallMs;
    f.cpuRatio = f.peer.cpuMs / f.ours.cpuMs;
    f.wallRatios = peerRuns.map((r, i) => r.wall / ourRuns[i].wall);
    figures.peer.sets[key] = f;
    const cpu = (ms) => (Number.isNaN(ms) ? 'CPU unknown' : `CPU ${fmtMs(ms)}`);
    row(`peer: ${figures.peer.tool}, ${label} (${files.length}), one call`, `${fmtMs(f.peer.wallMs)}${range(f.peer.walls)}, ${cpu(f.peer.cpuMs)}`);
    row(`  cors-lint, the same ${files.length} files, one call`, `${fmtMs(f.ours.wallMs)}${range(f.ours.walls)}, ${cpu(f.ours.cpuMs)}`);
    const spread = f.wallRatios.length > 1 ? ` (${fmtX(Math.min(...f.wallRatios))}–${fmtX(Math.max(...f.wallRatios))})` : '';
    row('  cfn-lint ÷ cors-lint: wall; CPU', `${fmtX(f.wallRatio)}${spread}; ${Number.isNaN(f.cpuRatio) ? '—' : fmtX(f.cpuRatio)}`, key === 'corpus' ? '≥ 100× wall' : '', key === 'corpus' ? check(f.wallRatio >= 100) : '');
  }
} else {
  row('peer: cfn-lint', hasPeer ? 'skipped (needs ../shared/corpus)' : 'skipped (not installed, or --no-peer)');
}

// ── scaling and memory ────────────────────────────────────────────────────────────────────────────────────────
// Each shape of the targets at two sizes, one whole process each (one thread), timed by CPU time (user + system,
// from /usr/bin/time; wall where it is absent), which a loaded machine disturbs far less than wall time. The
// start-up (the CPU time of a run over one small template) is taken off both before the ratio, so that the
// exponent log(t2 / t1) / log(n2 / n1) is the lint's own: 1 is linear, and the target is a ratio within 1.05× of
// the size ratio. Then peak RSS over many small SAM REST templates with a handler file each.
const cpuOf = (argv) => {
  const r = timeWithCpu(process.execPath, ['--import', RSS_HOOK, bin, '--threads', '1', '--format', 'compact', '--max-file-size', '64MB', ...argv], { ...process.env, NO_COLOR: '1' });
  if (![0, 1].includes(r.status)) throw new Error(`cors-lint ${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return { ms: r.cpuMs ?? r.wall, wall: r.wall, rssMb: (r.rssKb ?? 0) / 1024 };
};
if (!skip('scaling')) {
  const scaleDir = join(benchDir, 'scaling');
  const startup = median([0, 1, 2].map(() => cpuOf([small]).ms));
  figures.scaling = { measure: hasTime ? 'cpu' : 'wall', startupMs: startup, shapes: {} };
  row(`scaling (${hasTime ? 'CPU' : 'wall'} time, one thread): start-up, one small template`, fmtMs(startup));
  const shapes = [
    ['jsonResources', 'resources, JSON template', 10000, 30000, (n) => manyResources(join(scaleDir, `resources-${n}.json`), n, 'json')],
    ['yamlResources', 'resources, YAML template', 10000, 30000, (n) => manyResources(join(scaleDir, `resources-${n}.yaml`), n, 'yaml')],
    ['apis', 'HTTP APIs with a route each, one template', 10000, 20000, (n) => manyApis(join(scaleDir, `apis-${n}.yaml`), n)],
    ['templates', 'templates (the synthetic kinds), one run', 5000, 20000, (n) => generate(join(scaleDir, `templates-${n}`), n, { large: false }).dir],
  ];
  for (const [key, label, n1, n2, make] of shapes) {
    const [a, b] = [make(n1), make(n2)].map((input) => cpuOf([input]));
    const ratio = (b.ms - startup) / (a.ms - startup);
    const exponent = Math.log(ratio) / Math.log(n2 / n1);
    const target = 1.05 * (n2 / n1);
    figures.scaling.shapes[key] = { sizes: [n1, n2], ms: [a.ms, b.ms], wallMs: [a.wall, b.wall], peakRssMb: [a.rssMb, b.rssMb], ratio, exponent, target };
    row(`  ${n2.toLocaleString('en')} ÷ ${n1.toLocaleString('en')} ${label}`, `${fmtX(ratio)} (${fmtMs(a.ms)} → ${fmtMs(b.ms)}), exponent ${exponent.toFixed(2)}`, `≤ ${fmtX(target)}`, check(ratio <= target));
  }
}
if (!skip('memory')) {
  const memDir = join(benchDir, 'memory');
  const sizes = [1000, 20000];
  const peaks = sizes.map((n) => cpuOf([restWithHandlers(join(memDir, `rest-handlers-${n}`), n)]));
  const [small1k, big] = peaks;
  figures.memory = { shape: 'small SAM REST templates, each with a JavaScript proxy handler file', sizes, peakRssMb: peaks.map((p) => p.rssMb), cpuMs: peaks.map((p) => p.ms) };
  row(`memory: ${sizes[0].toLocaleString('en')} small SAM REST templates with a handler file each, peak RSS`, `${small1k.rssMb.toFixed(0)} MB (${fmtMs(small1k.ms)} CPU)`);
  row(`  ${sizes[1].toLocaleString('en')} of them, peak RSS`, `${big.rssMb.toFixed(0)} MB (${fmtMs(big.ms)} CPU)`, '< 300 MB', check(big.rssMb < 300));
  row(`  ${sizes[1].toLocaleString('en')} ÷ ${sizes[0].toLocaleString('en')}`, fmtX(big.rssMb / small1k.rssMb), '≤ 1.50×', check(big.rssMb / small1k.rssMb <= 1.5));
}
figures.machine.loadAverageAtEnd = loadavg().map((l) => Number(l.toFixed(2)));

// ── report ────────────────────────────────────────────────────────────────────────────────────────────────────
printReport();
