/** Running `cors-lint [options] <paths...>`: lint templates and write the report (also `--print-rules`, `--print-model`, `--fix`). */
import { availableParallelism } from 'node:os';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { createConfigResolver } from '../config/index.js';
import { repositoryRoot } from '../discover/root.js';
import { parseRuleOverrides, RuleRegistry } from '../engine/registry.js';
import { DIRECTIVE_CHECKS } from '../engine/suppress.js';
// the rules list itself rather than the public API, which would load the explain simulator at every start
import { rules as shippedRules } from '../../rules/index.js';
import { emptyResult, lintPaths, lintSourceAsync, tally, type LintOptions, type LintRun } from '../lint.js';
import { isNotChecked, notCheckedNotes, notCheckedSummary, withNotChecked } from '../coverage.js';
import { ruleDocUrl, VERSION } from '../meta.js';
import { createProgress } from '../progress.js';
import type { FormatContext } from '../report/context.js';
import { formatReadsSource, loadFormatter } from '../report/load.js';
import type { LintResult, RuleMeta, SeverityName } from '../types.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, UsageError, type CliIO } from './io.js';
import { givenParameters } from './given.js';
import { folderOption, type TemplateReadingOptions } from './options.js';
import { baselineStep, checkBaselineOptions } from './baseline.js';
import { nothingFound, type NothingFound } from './nothing-found.js';
import { plural, useColor, writeReport } from './output.js';
import { printModels, printRules } from './print.js';

interface LintCliOptions extends TemplateReadingOptions {
  format: string;
  output?: string;
  maxWarnings: number;
  quiet?: boolean;
  color: boolean;
  verbose?: boolean;
  rule: string[];
  printRules?: boolean;
  printModel?: boolean;
  config?: string;
  env?: string;
  reportUnusedDisableDirectives?: boolean;
  threads?: number;
  baseDir?: string;
  baseline?: string;
  writeBaseline?: string;
  fix?: boolean;
  fixDryRun?: boolean;
  failOnUnchecked?: boolean;
}

/** Runs the lint command once commander has read its command line. */
export async function execute(program: Command, io: CliIO): Promise<number> {
  const options = program.opts<LintCliOptions>();
  const paths = [...program.args];
  const registry = new RuleRegistry(shippedRules);
  if (options.printRules) {
    printRules(io, registry.all(), options.format, ruleDocUrl);
    return EXIT_OK;
  }
  const { given, paths: morePaths } = givenParameters(options, io);
  paths.push(...morePaths);
  if (paths.length === 0) throw new UsageError("no paths given: name templates, folders or globs, or '-' for standard input (see --help)");
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError("'-' (standard input) may be given once");
  const severities: Record<string, SeverityName> = parseRuleOverrides(options.rule, registry.ids());
  const formatter = await loadFormatter(options.format, io.cwd);
  const outputPath = options.output ? resolve(io.cwd, options.output) : undefined;
  const baseDir = baseDirOf(options, io);
  const root = options.root === undefined ? undefined : folderOption('--root', options.root, io.cwd);
  checkBaselineOptions(options);

  const configure = createConfigResolver({
    rules: registry.all(),
    configFile: options.config === undefined ? undefined : resolve(io.cwd, options.config),
    env: options.env,
  });
  const progress = createProgress(io.stderr, io.env);
  const lintOptions: LintOptions = {
    cwd: io.cwd,
    baseDir,
    ...(root !== undefined ? { root } : {}),
    rules: registry.all(),
    settings: { severities },
    maxBytes: options.maxFileSize,
    parameters: given.values,
    parameterSources: given.sources,
    configEnv: options.configEnv,
    modelOnly: options.printModel === true,
    keepModels: options.printModel === true,
    // a report that prints no code needs no template's text: a large run then keeps none
    sources: formatReadsSource(options.format),
    configure,
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives === true,
    // one thread fewer than the machine has: V8's own background threads (garbage collection, compilation) keep
    // another busy; on two cores a worker measured no faster (docs/performance.md)
    threads: options.threads ?? Math.max(1, availableParallelism() - 1),
    onProgress: progress ? (done: number, total: number) => progress.update(done, total) : undefined,
  };
  const fixing = options.fix === true || options.fixDryRun === true;
  if (options.fix && options.fixDryRun) throw new UsageError('--fix and --fix-dry-run cannot be used together');
  if (options.fix && paths.includes('-')) throw new UsageError("--fix cannot write standard input; use --fix-dry-run to see the fixes");
  if (fixing && (options.printModel || options.writeBaseline)) throw new UsageError(`${options.fix ? '--fix' : '--fix-dry-run'} cannot be used with ${options.printModel ? '--print-model' : '--write-baseline'}`);
  const fileInputs = paths.filter((p) => p !== '-');
  const runs: LintRun[] = [];
  const stdin = new Map<string, string>();
  if (paths.includes('-')) {
    const name = resolve(io.cwd, options.stdinFilename ?? '<stdin>');
    const bytes = await io.readStdin(options.maxFileSize + 1);
    if (options.fixDryRun) stdin.set(name, Buffer.from(bytes).toString('utf8'));
    runs.push(await lintSourceAsync(bytes, name, lintOptions));
  }
  let fileRun: LintRun;
  try {
    fileRun = await lintPaths(fileInputs, lintOptions);
  } finally {
    progress?.done();
  }
  runs.push(fileRun);
  // never a silent fall back to fewer threads: the run could not start its workers
  if (fileRun.threads?.failure) io.stderr.write(`cors-lint: warning: linted on ${fileRun.threads.used} thread${fileRun.threads.used === 1 ? '' : 's'}: ${fileRun.threads.failure}\n`);

  // a path that names nothing is a bad command line, as a glob that matches nothing is (exit 2)
  if (fileRun.missing.length > 0) throw new UsageError(fileRun.missing.map((m) => `'${m.input}': ${m.reason}`).join('; '));
  if (options.printModel) return printModels(io, runs, fileRun, outputPath, options.verbose === true, (await import('../model/print.js')).modelToJson);
  const inputs = new Set(runs.flatMap((r) => r.results.map((x) => x.filePath)));
  let linted = runs.flatMap((r) => r.results);
  const none = nothingToLint(paths, runs, linted, io, options.verbose === true);
  if (none?.usage) {
    if (options.verbose) writeVerbose(io, runs, linted);
    throw new UsageError(none.message);
  }
  if (fixing) {
    const { fixStep } = await import('./fix.js');
    const step = { write: options.fix === true, diff: options.fixDryRun === true && !/^(json|sarif|gitlab)$/.test(options.format), verbose: options.verbose === true, stdin };
    linted = await fixStep(io, linted, lintOptions, step);
  }
  const baselined = baselineStep(options, linted, baseDir, inputs, io);
  const results = options.quiet ? baselined.results.map((r) => tally({ ...r, messages: r.messages.filter((m) => m.severity === 2) })) : baselined.results;
  // what could not be checked: data on the results (JSON, SARIF, the API) and one line on standard error
  const notes = runs.flatMap((r) => r.notes);
  const reported = withNotChecked(results, notes, emptyResult);
  if (options.verbose) writeVerbose(io, runs, reported);
  let code = report(io, options, runs, reported, outputPath, await formatter(reported, formatContext(io, options, registry.all(), baseDir)));
  if (none) io.stderr.write(`cors-lint: ${none.message}\n`);
  if (baselined.note) io.stderr.write(`${baselined.note}\n`);
  const routes = { routes: 0, unchecked: 0 };
  for (const run of runs) {
    routes.routes += run.routes.routes;
    routes.unchecked += run.routes.unchecked;
  }
  const unchecked = notCheckedSummary(notes, options.verbose !== true, routes);
  if (unchecked) io.stderr.write(`cors-lint: ${unchecked}\n`);
  if (unchecked && options.failOnUnchecked && code === EXIT_OK) {
    io.stderr.write('cors-lint: --fail-on-unchecked: something relevant to CORS was not checked\n');
    code = EXIT_FINDINGS;
  }
  return code;
}

/** When no template was found and no file failed: what to say, and whether it is a bad command line. */
function nothingToLint(paths: readonly string[], runs: LintRun[], results: LintResult[], io: CliIO, verbose: boolean): NothingFound | undefined {
  const templates = runs.reduce((n, r) => n + r.templates, 0);
  if (templates > 0 || results.some((r) => r.fatalErrorCount > 0)) return undefined;
  return nothingFound(paths, runs, io.cwd, verbose);
}

/**
 * `--verbose`: notes (what was not checked, each with its kind), suppressed findings, then skipped files (which can
 * be thousands in a large repository), on standard error.
 */
function writeVerbose(io: CliIO, runs: LintRun[], results: LintResult[]): void {
  for (const n of notCheckedNotes(runs.flatMap((r) => r.notes))) {
    io.stderr.write(`cors-lint: note: ${relative(io.cwd, n.file)}:${n.line}:${n.column}: ${n.message} [not checked: ${n.kind}]\n`);
  }
  for (const r of runs) {
    for (const n of r.notes) if (!isNotChecked(n.kind)) io.stderr.write(`cors-lint: note: ${relative(io.cwd, n.file)}:${n.line}:${n.column}: ${n.message}\n`);
  }
  for (const r of results) {
    for (const m of r.suppressedMessages) {
      const why = (m.suppressions ?? []).map((s) => s.justification).filter((j) => j !== '').join('; ');
      io.stderr.write(
        `cors-lint: suppressed: ${relative(io.cwd, r.filePath)}:${m.line}:${m.column}: ${m.ruleId ?? ''}: ${m.message}${why ? ` (reason: ${why})` : ' (no reason given)'}\n`,
      );
    }
  }
  for (const r of runs) for (const s of r.skipped) io.stderr.write(`cors-lint: skipped ${relative(io.cwd, s.file)}: ${s.reason}\n`);
}

/** `--base-dir`, or the repository root around the current folder. */
function baseDirOf(options: LintCliOptions, io: CliIO): string {
  if (options.baseDir === undefined) return repositoryRoot(io.cwd);
  return folderOption('--base-dir', options.baseDir, io.cwd);
}

function formatContext(io: CliIO, options: LintCliOptions, rules: readonly RuleMeta[], baseDir: string): FormatContext {
  const rulesMeta: Record<string, RuleMeta> = {};
  for (const rule of [...rules, ...DIRECTIVE_CHECKS]) rulesMeta[rule.id] = rule;
  return {
    cwd: io.cwd,
    baseDir,
    rulesMeta,
    color: useColor(io, options),
    toolVersion: VERSION,
    helpUri: ruleDocUrl,
    informationUri: 'https://github.com/cors-lint/cors-lint',
  };
}

/** Writes the formatted report (to standard output or `--output`) and decides the exit code. */
function report(
  io: CliIO,
  options: LintCliOptions,
  runs: LintRun[],
  results: LintResult[],
  outputPath: string | undefined,
  text: string,
): number {
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  const fatal = results.reduce((n, r) => n + r.fatalErrorCount, 0);
  const templates = runs.reduce((n, r) => n + r.templates, 0);

  if (outputPath) {
    const inputs = new Set(runs.flatMap((r) => r.results.map((x) => x.filePath)));
    writeReport(outputPath, text, inputs);
    const problems = errors + warnings;
    io.stderr.write(
      `cors-lint: ${plural(problems, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${plural(templates, 'template')}; report written to ${relative(io.cwd, outputPath) || outputPath}\n`,
    );
  } else if (text.length > 0) {
    io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  if (fatal > 0) return EXIT_UNREADABLE;
  if (errors > 0) return EXIT_FINDINGS;
  if (options.maxWarnings >= 0 && warnings > options.maxWarnings) {
    io.stderr.write(`cors-lint: ${plural(warnings, 'warning')} found; --max-warnings allows ${options.maxWarnings}\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}
