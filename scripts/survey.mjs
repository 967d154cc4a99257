#!/usr/bin/env node
// Runs cors-lint on folders (each a repository, linted as its users would: `cors-lint .` from its root) and
// prints, per folder and in total, what the run read and found: templates read, files that failed to load,
// findings by rule and severity, what could not be checked (grouped by reason), and what the handler analysis
// decided for each Lambda proxy route of a CORS-enabled REST API.
//
//   node scripts/survey.mjs [--bin PATH] [--json FILE] [--raw DIR] [--no-model] [--timeout SECONDS] FOLDER...
//
//   --bin PATH        the cors-lint binary to run (default: this tree's bin/cors-lint.js)
//   --json FILE       write the figures as JSON (per folder, and the totals)
//   --raw DIR         keep each folder's raw outputs in DIR/<folder name>.json (the JSON report, the standard
//                     error lines, the exit code, and the model pass's summary)
//   --no-model        skip the model pass (the handler figures then stay empty)
//   --timeout SECONDS how long one run may take before it is counted as a hang (default 300)
//
// Two processes per folder:
//   1. the user's run: `<bin> --format json --verbose --no-color .` in the folder. Findings, fatal files and
//      notes come from it. Notes are read from the JSON report when it carries them as data (an object with
//      `results` and `notes`/`unchecked`/`coverage`, or such a list on each result), else from the `--verbose`
//      lines on standard error (`cors-lint: note: file:line:column: message`, `cors-lint: skipped file: reason`).
//   2. the model pass: the same build's API (`lint` with `modelOnly` and `readHandlers`) in a child process, for
//      the number of templates read, the CORS-configured APIs and routes, and each proxy route's handler answer
//      (with the header on every return path, without it on some, unknown, or not read, with the reason).
// Exit 0 when every folder ran (whatever it found), 2 when the command line is wrong or a run could not complete.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function usage(message) {
  if (message) console.error(`survey: ${message}`);
  console.error('usage: node scripts/survey.mjs [--bin PATH] [--json FILE] [--raw DIR] [--no-model] [--timeout SECONDS] FOLDER...');
  process.exit(2);
}

function parseArgs(argv) {
  const options = { bin: resolve(here, '..', 'bin', 'cors-lint.js'), json: undefined, raw: undefined, model: true, timeout: 300, folders: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${arg} needs a value`));
    if (arg === '--bin') options.bin = resolve(value());
    else if (arg === '--json') options.json = resolve(value());
    else if (arg === '--raw') options.raw = resolve(value());
    else if (arg === '--no-model') options.model = false;
    else if (arg === '--timeout') options.timeout = Number(value());
    else if (arg === '-h' || arg === '--help') usage();
    else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
    else options.folders.push(resolve(arg));
  }
  if (options.folders.length === 0) usage('no folders given');
  if (!existsSync(options.bin)) usage(`no cors-lint binary at ${options.bin}`);
  if (!Number.isFinite(options.timeout) || options.timeout <= 0) usage('--timeout takes a number of seconds');
  for (const f of options.folders) if (!existsSync(f)) usage(`no folder ${f}`);
  return options;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading what one run printed

/** A message with the names, routes, paths and numbers taken out, so that notes with the same cause group together. */
export function reasonOf(message) {
  return String(message)
    .replace(/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY|\$default) \S*: /, '')
    .replace(/'[^']*'/g, "'…'")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\b\d+\b/g, 'N')
    .trim();
}

/** The `--verbose` lines on standard error: notes, skipped files, and anything else. */
export function parseStderr(text) {
  const notes = [];
  const skipped = [];
  const other = [];
  for (const line of String(text).split(/\r?\n/)) {
    if (line.trim() === '') continue;
    let m = /^cors-lint: note: (.+?):(\d+):(\d+): (.*)$/.exec(line);
    if (m) {
      notes.push({ file: m[1], line: Number(m[2]), column: Number(m[3]), message: m[4] });
      continue;
    }
    m = /^cors-lint: skipped (.+?): (.*)$/.exec(line);
    if (m) {
      skipped.push({ file: m[1], reason: m[2] });
      continue;
    }
    other.push(line);
  }
  return { notes, skipped, other };
}

const NOTE_KEYS = ['notes', 'unchecked', 'notChecked', 'coverage'];

/** A note given as data: `{ file?, line?, column?, message?, reason?, id? }` in any of the usual spellings. */
function noteFromData(entry, fallbackFile) {
  if (entry === null || typeof entry !== 'object') return { message: String(entry) };
  const message = entry.message ?? entry.text ?? entry.reason ?? JSON.stringify(entry);
  return {
    file: entry.file ?? entry.filePath ?? fallbackFile,
    line: entry.line,
    column: entry.column,
    message,
    // cors-lint's notChecked items: grouped by their stable kind (and a finer reason where one is given)
    reason: entry.kind !== undefined ? (entry.reason !== undefined ? `${entry.kind}: ${entry.reason}` : entry.kind) : (entry.reason ?? entry.id ?? entry.code),
  };
}

/** Lists of notes found under the usual keys of an object (or an object's `items`/`entries`). */
function notesUnder(object, fallbackFile) {
  const out = [];
  for (const key of NOTE_KEYS) {
    const value = object?.[key];
    const list = Array.isArray(value) ? value : Array.isArray(value?.items) ? value.items : Array.isArray(value?.entries) ? value.entries : undefined;
    if (list) out.push(...list.map((n) => noteFromData(n, fallbackFile)));
  }
  return out;
}

/**
 * The JSON report: ESLint's `LintResult[]`, or an object with `results` beside data about what was not checked.
 * Returns the results and the structured notes (undefined when the report carries none as data).
 */
export function parseReport(text) {
  const parsed = JSON.parse(text);
  const results = Array.isArray(parsed) ? parsed : Array.isArray(parsed?.results) ? parsed.results : undefined;
  if (!results) throw new Error('the JSON report is neither a list of results nor an object with results');
  let structured;
  const top = Array.isArray(parsed) ? [] : notesUnder(parsed);
  const perResult = results.flatMap((r) => notesUnder(r, r.filePath));
  if (top.length > 0 || perResult.length > 0 || (!Array.isArray(parsed) && NOTE_KEYS.some((k) => k in parsed))) structured = [...top, ...perResult];
  return { results, structured };
}

/** Whether a file's text looks like a CloudFormation template (as cors-lint decides which files to lint). */
function looksLikeTemplate(file) {
  if (!['.yaml', '.yml', '.json', '.template'].includes(extname(file).toLowerCase())) return false;
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  return /^(Resources|AWSTemplateFormatVersion|Transform)\s*:/m.test(text) || /^\s*"(Resources|AWSTemplateFormatVersion|Transform)"\s*:/m.test(text);
}

const SEVERITY = { 1: 'warning', 2: 'error' };

/** Figures from the user's run: fatal files, findings, notes and skipped files. */
export function summarizeRun(folder, results, notes, skipped) {
  const rel = (file) => (file ? relative(folder, resolve(folder, file)) || file : file);
  const fatal = [];
  const internal = [];
  const findings = [];
  let suppressed = 0;
  const templateFiles = new Set();
  for (const r of results) {
    suppressed += r.suppressedMessages?.length ?? 0;
    if (looksLikeTemplate(r.filePath)) templateFiles.add(rel(r.filePath));
    for (const m of r.messages) {
      const at = { file: rel(r.filePath), line: m.line, column: m.column, message: m.message };
      if (m.fatal) fatal.push(at);
      else if (m.ruleId === null || m.ruleId === undefined) internal.push(at);
      else findings.push({ rule: m.ruleId, severity: SEVERITY[m.severity] ?? String(m.severity), ...at });
    }
  }
  const byRule = {};
  for (const f of findings) {
    byRule[f.rule] ??= { error: 0, warning: 0 };
    byRule[f.rule][f.severity] = (byRule[f.rule][f.severity] ?? 0) + 1;
  }
  return {
    templateFilesInReport: templateFiles.size,
    fatal,
    internal,
    findings,
    suppressed,
    byRule,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    notes: notes.map((n) => ({ ...n, file: rel(n.file) })),
    notesByReason: countBy(notes, (n) => n.reason ?? reasonOf(n.message)),
    skippedByReason: countBy(skipped, (s) => reasonOf(s.reason)),
  };
}

function countBy(items, key) {
  const out = {};
  for (const item of items) {
    const k = key(item);
    out[k] = (out[k] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

// ---------------------------------------------------------------------------------------------------------------
// The model pass: the build's own API, in a child process

/** The package entry of the build a binary belongs to (`<root>/package.json` `main`). */
function apiEntry(bin) {
  let dir = dirname(bin);
  for (let i = 0; i < 4; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        const main = JSON.parse(readFileSync(pkg, 'utf8')).main;
        if (main) return resolve(dir, main);
      } catch {
        return undefined;
      }
    }
    dir = dirname(dir);
  }
  return undefined;
}

// Runs in the child: builds every template's model (reading handlers) and prints a summary as JSON. Reads the
// model through the build's own `proxyRoutes` and `corsIntent` when the build has them (the same question the
// rules ask), else through a copy of their definition.
const MODEL_PASS = String.raw`
const [entry, folder] = process.argv.slice(1);
const api = await import(entry);
let routesModule;
for (const path of ['./model/proxy-routes.js', './handlers/routes.js']) {
  if (routesModule) break;
  try { routesModule = await import(new URL(path, 'file://' + entry).href); } catch {}
}
let guardModule;
try { guardModule = await import(new URL('./model/request-guard.js', 'file://' + entry).href); } catch {}
// the kind of each unknown's reason (builds that give reason kinds)
let reasonsModule;
try { reasonsModule = await import(new URL('./handlers/reasons.js', 'file://' + entry).href); } catch {}
const kindOf = (reason) => {
  if (!reasonsModule || reason === undefined) return {};
  const k = reasonsModule.handlerReason(reason);
  return { kind: k.detail ? k.reason + ' (' + k.detail + ')' : k.reason, outside: reasonsModule.OUTSIDE_REACH.has(k.reason) };
};
// a return path the route's requests never take is not its answer (builds that record request guards)
const reaches = (response, route) => !guardModule || guardModule.reachesRoute(response.guard, route);
const ACAO = 'access-control-allow-origin';
const corsIntent = routesModule?.corsIntent ?? ((a) => a.kind === 'rest' && (Boolean(a.cors) || a.routes.some((r) => r.method === 'OPTIONS') ||
  a.gatewayResponses.some((g) => g.headerKeys.some((k) => k.name.toLowerCase() === ACAO)) ||
  a.routes.some((r) => r.integration.responses.some((x) => x.headerKeys.some((k) => k.name.toLowerCase() === ACAO)) ||
    r.methodResponses.some((x) => x.headerKeys.some((k) => k.name.toLowerCase() === ACAO)))));
const proxyRoutes = routesModule?.proxyRoutes ?? ((m) => m.apis.filter(corsIntent).flatMap((a) => a.routes
  .filter((r) => r.integration.type === 'lambda-proxy')
  .map((r) => ({ api: a, route: r, fn: m.functions.find((f) => f.id === r.integration.functionId) }))));
const first = (vals) => (Array.isArray(vals) ? vals.find((v) => v.known)?.value : undefined);
const run = await api.lint(['.'], { cwd: folder, modelOnly: true, readHandlers: true, keepModels: true, threads: 1 });
const out = { templates: run.templates, apis: [], policies: {}, proxyRoutes: [] };
for (const [file, model] of run.models) {
  for (const p of model.policies) out.policies[p.surface] = (out.policies[p.surface] ?? 0) + 1;
  for (const a of model.apis) {
    const cors = a.kind === 'rest' ? corsIntent(a) : Boolean(a.cors);
    out.apis.push({ file, id: a.id, kind: a.kind, source: a.source, implicit: a.implicit, cors,
      routes: a.routes.filter((r) => r.method !== 'OPTIONS').length, bodyUnknown: Boolean(a.bodyUnknown) });
  }
  for (const { api: a, route, fn } of proxyRoutes(model)) {
    const entry = { file, api: a.id, method: route.method, path: route.path, functionId: route.integration.functionId };
    // the handler stage's answers (run.handlers), or, from a build before them, the analysis written on the function
    const analysis = fn && (run.handlers?.get(file)?.forFunction(fn.id) ?? fn.handlerAnalysis);
    if (fn) Object.assign(entry, { runtime: first(fn.runtime), handler: first(fn.handler) ?? analysis?.handler,
      source: analysis?.file, language: analysis?.language });
    if (!fn) Object.assign(entry, { state: 'not-read', reason: route.integration.functionId === undefined
      ? (route.integration.stackOutput ? 'the integration calls a function of a nested application or stack (its output ' + route.integration.stackOutput.output + ')'
        : 'the integration calls a function the template does not name')
      : "the integration calls function '" + route.integration.functionId + "', which is not in this template" });
    else if (!analysis) Object.assign(entry, { state: 'not-read', reason: 'the handler analysis did not run for this function' });
    else if (analysis.status !== 'analysed') Object.assign(entry, { state: 'not-read', reason: analysis.reason ?? 'unknown' });
    else {
      const responses = (analysis.responses ?? []).filter((r) => reaches(r, route));
      const missing = responses.filter((r) => r.allowOrigin === 'missing');
      const unknown = responses.filter((r) => r.allowOrigin === 'unknown');
      entry.responses = responses.length;
      if (responses.length === 0) Object.assign(entry, { state: 'unknown', reason: 'returns no response object that can be read' });
      else if (missing.length > 0) Object.assign(entry, { state: 'without', statuses: missing.map((r) => r.statusCode ?? '?'),
        unknownReasons: unknown.map((r) => r.note ?? 'unknown') });
      else if (unknown.length > 0) Object.assign(entry, { state: 'unknown', reason: unknown[0].note ?? 'unknown', reasons: unknown.map((r) => r.note ?? 'unknown') });
      else entry.state = 'with';
    }
    if (entry.reason !== undefined) Object.assign(entry, kindOf(entry.reason));
    out.proxyRoutes.push(entry);
  }
}
process.stdout.write(JSON.stringify(out));
`;

// Reasons a handler cannot be read that lie outside any reader: the code is not in the repository, or is not
// in a language the project reads. The rest are the reader's own limits (a construct it does not follow).
const OUTSIDE_REACH =
  /S3|s3:\/\/|not a local|archive|\.zip|is not read \(only|runtime '[^']*' is not read|not in this template|does not name|image|no Handler|names no Handler|no such file|not found|does not exist|outside the repository|Code\.ZipFile/i;

export function reachOf(reason) {
  return OUTSIDE_REACH.test(reason ?? '') ? 'outside the reader' : 'reader limit';
}

/** Figures from the model pass. */
export function summarizeModel(model, folder) {
  const rel = (file) => relative(folder, file) || file;
  const corsApis = model.apis.filter((a) => a.cors);
  const states = { with: 0, without: 0, unknown: 0, 'not-read': 0 };
  for (const r of model.proxyRoutes) states[r.state] = (states[r.state] ?? 0) + 1;
  const unknownRoutes = model.proxyRoutes.filter((r) => r.state === 'unknown' || r.state === 'not-read');
  return {
    templates: model.templates,
    apis: { total: model.apis.length, cors: corsApis.length, byKind: countBy(corsApis, (a) => a.kind), bodyUnknown: corsApis.filter((a) => a.bodyUnknown).length },
    corsRoutes: corsApis.reduce((n, a) => n + a.routes, 0),
    policies: model.policies,
    proxy: {
      routes: model.proxyRoutes.length,
      ...states,
      byReason: countBy(unknownRoutes, (r) => `${r.state}: ${reasonOf(r.reason)}`),
      byReach: countBy(unknownRoutes, (r) => (r.outside === undefined ? reachOf(r.reason) : r.outside ? 'outside the reader' : 'reader limit')),
      byKind: countBy(unknownRoutes, (r) => `${r.state}: ${r.kind ?? 'no kind (the build gives none)'}`),
      list: model.proxyRoutes.map((r) => ({ ...r, file: rel(r.file), source: r.source ? rel(r.source) : undefined })),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Running one folder

function spawn(command, argv, cwd, timeoutSeconds) {
  const started = Date.now();
  const out = spawnSync(command, argv, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    timeout: timeoutSeconds * 1000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1' },
  });
  return { ...out, ms: Date.now() - started, timedOut: out.error?.code === 'ETIMEDOUT' };
}

function surveyFolder(folder, options) {
  const name = basename(folder);
  const run = spawn(process.execPath, [options.bin, '--format', 'json', '--verbose', '--no-color', '.'], folder, options.timeout);
  const figures = { name, folder, exitCode: run.status, ms: run.ms, timedOut: run.timedOut };
  const raw = { name, folder, bin: options.bin, exitCode: run.status, ms: run.ms, timedOut: run.timedOut, stderr: run.stderr?.split(/\r?\n/) ?? [] };
  const stderr = parseStderr(run.stderr ?? '');
  try {
    const report = parseReport(run.stdout);
    raw.report = JSON.parse(run.stdout);
    const notes = report.structured ?? stderr.notes;
    figures.notesFrom = report.structured ? 'report' : 'stderr';
    Object.assign(figures, summarizeRun(folder, report.results, notes, stderr.skipped));
  } catch (error) {
    figures.failed = run.timedOut ? `timed out after ${options.timeout} s` : `no JSON report (exit ${run.status}): ${error.message}`;
    raw.stdout = run.stdout;
  }
  figures.stderrOther = stderr.other;
  if (options.model) {
    const entry = apiEntry(options.bin);
    if (!entry) figures.model = { failed: 'the build has no package.json with a main entry' };
    else {
      const pass = spawn(process.execPath, ['--input-type=module', '-e', MODEL_PASS, entry, folder], folder, options.timeout);
      try {
        const model = JSON.parse(pass.stdout);
        raw.model = model;
        figures.model = summarizeModel(model, folder);
      } catch {
        figures.model = { failed: pass.timedOut ? `timed out after ${options.timeout} s` : `exit ${pass.status}: ${(pass.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}` };
      }
    }
  }
  if (options.raw) {
    mkdirSync(options.raw, { recursive: true });
    writeFileSync(join(options.raw, `${name}.json`), `${JSON.stringify(raw, null, 1)}\n`);
  }
  return figures;
}

// ---------------------------------------------------------------------------------------------------------------
// Totals and printing

function add(into, from) {
  for (const [k, v] of Object.entries(from ?? {})) {
    if (typeof v === 'number') into[k] = (into[k] ?? 0) + v;
    else if (v && typeof v === 'object' && !Array.isArray(v)) add((into[k] ??= {}), v);
  }
  return into;
}

export function totals(figures) {
  const t = { folders: figures.length, failed: 0, templates: 0, fatal: 0, internal: 0, errors: 0, warnings: 0, suppressed: 0, byRule: {}, notesByReason: {}, skipped: 0 };
  const model = { apis: {}, corsRoutes: 0, policies: {}, proxy: {} };
  for (const f of figures) {
    if (f.failed) t.failed++;
    t.templates += f.model?.templates ?? f.templateFilesInReport ?? 0;
    t.fatal += f.fatal?.length ?? 0;
    t.internal += f.internal?.length ?? 0;
    t.errors += f.errors ?? 0;
    t.warnings += f.warnings ?? 0;
    t.suppressed += f.suppressed ?? 0;
    add(t.byRule, f.byRule);
    add(t.notesByReason, f.notesByReason);
    t.skipped += Object.values(f.skippedByReason ?? {}).reduce((a, b) => a + b, 0);
    if (f.model && !f.model.failed) {
      add(model.apis, f.model.apis);
      model.corsRoutes += f.model.corsRoutes;
      add(model.policies, f.model.policies);
      const { list: _list, ...proxy } = f.model.proxy;
      add(model.proxy, proxy);
    }
  }
  const sorted = (counts) => Object.fromEntries(Object.entries(counts ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
  t.notesByReason = sorted(t.notesByReason);
  model.proxy.byReason = sorted(model.proxy.byReason);
  model.proxy.byReach = sorted(model.proxy.byReach);
  model.proxy.byKind = sorted(model.proxy.byKind);
  return { ...t, model };
}

function ruleLine(byRule) {
  return Object.entries(byRule)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([rule, c]) => `${rule} ${[c.error ? `${c.error}E` : '', c.warning ? `${c.warning}W` : ''].filter(Boolean).join('+')}`)
    .join(', ');
}

function reasons(counts, indent, limit = 12) {
  const entries = Object.entries(counts ?? {});
  const lines = entries.slice(0, limit).map(([reason, n]) => `${indent}${String(n).padStart(4)}  ${reason}`);
  if (entries.length > limit) lines.push(`${indent}      … and ${entries.length - limit} more`);
  return lines;
}

function proxyLine(p) {
  return `${p.routes} proxy routes: ${p.with} with the header, ${p.without} without on some path, ${p.unknown} unknown, ${p['not-read']} not read`;
}

function printFolder(f) {
  const lines = [`${f.name}  (exit ${f.exitCode ?? '-'}, ${(f.ms / 1000).toFixed(1)} s)`];
  if (f.failed) lines.push(`  FAILED: ${f.failed}`);
  else {
    const templates = f.model?.templates ?? f.templateFilesInReport;
    lines.push(`  templates ${templates}, fatal ${f.fatal.length}, internal errors ${f.internal.length}; findings ${f.errors} errors, ${f.warnings} warnings (${f.suppressed} suppressed); notes from ${f.notesFrom}`);
    for (const x of f.fatal) lines.push(`    fatal ${x.file}:${x.line}:${x.column}: ${x.message}`);
    for (const x of f.internal) lines.push(`    internal ${x.file}:${x.line}:${x.column}: ${x.message}`);
    if (f.findings.length > 0) lines.push(`  rules: ${ruleLine(f.byRule)}`);
    if (f.notes.length > 0) lines.push(`  not checked (${f.notes.length} notes):`, ...reasons(f.notesByReason, '    '));
  }
  if (f.model?.failed) lines.push(`  model pass FAILED: ${f.model.failed}`);
  else if (f.model) {
    const m = f.model;
    lines.push(`  CORS APIs ${m.apis.cors} of ${m.apis.total} (${Object.entries(m.apis.byKind).map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}${m.apis.bodyUnknown ? `, ${m.apis.bodyUnknown} with an unread OpenAPI body` : ''}), ${m.corsRoutes} routes on them; policies ${Object.entries(m.policies).map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}`);
    if (m.proxy.routes > 0) lines.push(`  handlers: ${proxyLine(m.proxy)}`, ...reasons(m.proxy.byReason, '    '));
  }
  for (const line of f.stderrOther ?? []) lines.push(`  stderr: ${line}`);
  return lines.join('\n');
}

function printTotals(t) {
  const m = t.model;
  return [
    `TOTAL  ${t.folders} folders${t.failed ? ` (${t.failed} failed)` : ''}`,
    `  templates ${t.templates}, fatal ${t.fatal}, internal errors ${t.internal}; findings ${t.errors} errors, ${t.warnings} warnings (${t.suppressed} suppressed); ${t.skipped} files skipped`,
    ...Object.entries(t.byRule)
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([rule, c]) => `    ${rule.padEnd(34)} ${String(c.error ?? 0).padStart(4)} errors ${String(c.warning ?? 0).padStart(4)} warnings`),
    `  not checked (${Object.values(t.notesByReason).reduce((a, b) => a + b, 0)} notes):`,
    ...reasons(t.notesByReason, '    ', 30),
    `  CORS APIs ${m.apis.cors ?? 0} of ${m.apis.total ?? 0} (${Object.entries(m.apis.byKind ?? {}).map(([k, n]) => `${n} ${k}`).join(', ')}), ${m.corsRoutes} routes on them; policies ${Object.entries(m.policies).map(([k, n]) => `${n} ${k}`).join(', ')}`,
    `  handlers: ${proxyLine({ routes: 0, with: 0, without: 0, unknown: 0, 'not-read': 0, ...m.proxy })}`,
    ...reasons(m.proxy.byReach, '    '),
    '    by kind:',
    ...reasons(m.proxy.byKind, '    '),
    '    by reason:',
    ...reasons(m.proxy.byReason, '    ', 30),
  ].join('\n');
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const figures = [];
  for (const folder of options.folders) {
    const f = surveyFolder(folder, options);
    figures.push(f);
    console.log(printFolder(f));
    console.log('');
  }
  const t = totals(figures);
  console.log(printTotals(t));
  if (options.json) {
    mkdirSync(dirname(options.json), { recursive: true });
    writeFileSync(options.json, `${JSON.stringify({ bin: options.bin, folders: figures, totals: t }, null, 1)}\n`);
  }
  process.exit(figures.some((f) => f.failed) ? 2 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
