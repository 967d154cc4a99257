/**
 * The command line: argument parsing, output and exit codes. The only module that knows about the process
 * (its arguments, streams, environment and exit code).
 *
 * Exit codes: 0 nothing at or above the failing level; 1 findings (errors, or warnings beyond
 * `--max-warnings`); 2 a bad command line; 3 a file could not be read or parsed.
 */
import { existsSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError, createConfigResolver } from './config/index.js';
import { parseRuleOverrides, RegistryError, RuleRegistry } from './engine/registry.js';
// the rules list itself rather than the public API, which would load the explain simulator at every start
import { rules as shippedRules } from '../rules/index.js';
import { emptyResult, lintPaths, lintSourceAsync, tally, type LintOptions, type LintRun, type Note } from './lint.js';
import { ruleDocUrl, VERSION } from './meta.js';
import { createProgress } from './progress.js';
import { FormatterError, type FormatContext } from './report/context.js';
import { loadFormatter } from './report/load.js';
import { looksLikeOverride, mergeParameters, overridesFromWords, ParameterError, readParametersFile, type GivenParameters } from './resolve/parameters.js';
import type { LintResult, Loc, RuleMeta, SeverityName } from './types.js';
import type { Where } from './explain/index.js';
import type { CorsModel } from './model/types.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
export const EXIT_UNREADABLE = 3;

export interface Writable {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** The process as the CLI sees it; tests pass their own. */
export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  /** Reads standard input; may stop once it holds more than `limit` bytes (the size check then refuses it). */
  readStdin: (limit?: number) => Promise<Uint8Array>;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

class UsageError extends Error {}

interface CliOptions {
  format: string;
  output?: string;
  maxWarnings: number;
  quiet?: boolean;
  color: boolean;
  verbose?: boolean;
  rule: string[];
  stdinFilename?: string;
  maxFileSize: number;
  printRules?: boolean;
  parameterOverrides?: string[];
  parameters?: string;
  configEnv?: string;
  printModel?: boolean;
  config?: string;
  env?: string;
  reportUnusedDisableDirectives?: boolean;
  threads?: number;
}

function parseCount(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number');
  const n = Number(value);
  if (n < -1) throw new InvalidArgumentError('expected -1 or more');
  return n;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** Reads a size such as `10MB`, `512k` or `1048576`. */
export function parseSize(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new InvalidArgumentError('expected a size such as 10MB, 512KB or 1048576');
  return Math.floor(Number(m[1]) * unit);
}

function parseThreads(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number, 1 or more');
  return Number(value);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

const EXAMPLES = `
Examples:
  cors-lint template.yaml                       lint one template
  cors-lint .                                   lint every template below this folder
  cors-lint 'stacks/**/*.yaml'                  lint the templates a glob matches
  cors-lint --format sarif -o cors.sarif .      write SARIF 2.1.0 for code scanning
  cors-lint --format json template.yaml         ESLint-compatible JSON
  cors-lint --rule wildcard-origin:off .        turn a rule off
  cors-lint --format gitlab -o gl-code-quality.json .   GitLab Code Quality report
  cors-lint --config ci/cors-lint.yaml --env prod .     one configuration, prod's allowed origins
  cat template.yaml | cors-lint --stdin-filename template.yaml -
  cors-lint --print-rules                       list the rules
  cors-lint --parameter-overrides Stage=prod FrontendOrigin=https://app.example.com -- template.yaml
  cors-lint --parameters params.json --print-model template.yaml
  cors-lint explain template.yaml --origin https://app.example.com --method PUT --path /orders/42
                                                simulate one browser request (see 'cors-lint explain --help')

Exit codes: 0 no problems at or above the failing level, 1 problems found,
2 bad command line, 3 a file could not be read or parsed.
Documentation: https://github.com/cors-lint/cors-lint#readme
`;

// Options that say how a template is read, shared by linting and `explain` (the same flags, the same meaning).
const parameterOverridesOption = () =>
  new Option(
    '--parameter-overrides <Key=Value...>',
    "template parameter values (Key=Value or ParameterKey=Key,ParameterValue=Value); they win over --parameters and samconfig",
  );
const parametersOption = () => new Option('--parameters <file>', 'template parameter values from a JSON or YAML file (a map, or CloudFormation [{ParameterKey, ParameterValue}])');
const configEnvOption = () => new Option('--config-env <name>', "samconfig environment whose parameter_overrides apply (samconfig.toml/.yaml beside the template; default 'default')");
const stdinFilenameOption = () => new Option('--stdin-filename <name>', "name of the template read from standard input ('-')");
const maxFileSizeOption = () => new Option('--max-file-size <size>', 'largest file to read, e.g. 10MB').argParser(parseSize).default(10 * 1024 * 1024, '10MB');

function buildProgram(io: CliIO): Command {
  const program = new Command();
  program
    .name('cors-lint')
    .description('Find CORS misconfigurations in AWS SAM and CloudFormation templates, at the exact line.')
    .usage('[options] <paths...>')
    .argument('[paths...]', "templates, folders or globs to lint; '-' reads a template from standard input")
    .addOption(new Option('-f, --format <name>', 'output format: text, compact, json, sarif, gitlab, or an ESLint formatter package or file').default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('--max-warnings <n>', 'fail (exit 1) when there are more than n warnings; -1 never', parseCount, -1)
    .option('--quiet', 'report errors only')
    .option('--no-color', 'plain output without colours (also when NO_COLOR is set)')
    .option('--verbose', 'also list skipped files and what could not be checked, on standard error')
    .addOption(new Option('--rule <id:severity>', 'set a rule to off, warn or error (repeatable, or comma-separated)').argParser(collect).default([], 'none'))
    .addOption(stdinFilenameOption())
    .addOption(maxFileSizeOption())
    .option('--print-rules', 'list the rules (id, default severity, summary) and exit')
    .addOption(parameterOverridesOption())
    .addOption(parametersOption())
    .addOption(configEnvOption())
    .option('--print-model', 'print the CORS model of each template as JSON (what the rules read, with where each value comes from) and exit')
    .option('-c, --config <file>', 'use this configuration file for every template (instead of .cors-lint.yaml found beside or above each)')
    .option('--env <name>', 'the environment whose allowedOrigins apply (configuration allowedOrigins: { <name>: [...] })')
    .option('--report-unused-disable-directives', 'report suppression comments and Metadata that suppress nothing, as errors')
    .option('--threads <n>', 'lint many files on up to n threads (1: the main thread only); default: one fewer than the CPUs', parseThreads)
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError("(run 'cors-lint --help' for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  return program;
}

function useColor(io: CliIO, options: CliOptions): boolean {
  if (!options.color) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (options.output) return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.stdout.isTTY === true;
}

function printRules(io: CliIO, rules: readonly RuleMeta[]): void {
  const width = Math.max(...rules.map((r) => r.id.length));
  for (const rule of rules) {
    io.stdout.write(`${rule.id.padEnd(width)}  ${rule.severity.padEnd(7)}  ${rule.summary}\n`);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Writes the report to a file without ever clobbering an input, and without a half-written file on failure. */
function writeReport(target: string, text: string, inputs: ReadonlySet<string>): void {
  if (inputs.has(target)) throw new UsageError(`--output ${basename(target)}: that file is one of the files being linted`);
  if (existsSync(target) && statSync(target).isDirectory()) throw new UsageError(`--output ${target}: is a directory`);
  if (!existsSync(dirname(target))) throw new UsageError(`--output ${target}: folder ${dirname(target)} does not exist`);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, target);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // nothing to clean up
    }
    throw new UsageError(`--output ${target}: ${(error as Error).message}`);
  }
}

/**
 * The template parameters given on the command line (samconfig, per template, comes under them in the run):
 * --parameters FILE < --parameter-overrides. Words after --parameter-overrides that are not Key=Value pairs are
 * paths (commander's variadic option takes them); they are returned as `paths`.
 */
function givenParameters(
  options: { parameterOverrides?: string[]; parameters?: string; maxFileSize: number },
  io: CliIO,
): { given: GivenParameters; paths: string[] } {
  const overrideWords = (options.parameterOverrides ?? []).filter(looksLikeOverride);
  const paths = (options.parameterOverrides ?? []).filter((w) => !looksLikeOverride(w));
  try {
    const given = mergeParameters(
      options.parameters ? readParametersFile(resolve(io.cwd, options.parameters), { maxBytes: options.maxFileSize }) : undefined,
      overridesFromWords(overrideWords),
    );
    return { given, paths };
  } catch (error) {
    if (!(error instanceof ParameterError)) throw error;
    const where = error.file ? `--parameters ${relative(io.cwd, error.file) || error.file}${error.line ? `:${error.line}:${error.column}` : ''}` : '--parameter-overrides';
    throw new UsageError(`${where}: ${error.message}`);
  }
}

/** Runs the command line; resolves to the exit code. Never throws. */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  if (argv[0] === 'explain') return runExplain(argv.slice(1), io);
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help'
        ? EXIT_OK
        : EXIT_USAGE;
    }
    return internalError(io, error);
  }
  try {
    return await execute(program, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof RegistryError || error instanceof FormatterError) {
      io.stderr.write(`cors-lint: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`cors-lint: ${error.describe(relative(io.cwd, error.file) || error.file)}\n`);
      return EXIT_USAGE;
    }
    return internalError(io, error);
  }
}

function internalError(io: CliIO, error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`cors-lint: internal error: ${message}\n`);
  if (io.env.CORS_LINT_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  else io.stderr.write('Please report this with the template that caused it (set CORS_LINT_DEBUG=1 for details).\n');
  return EXIT_UNREADABLE;
}

async function execute(program: Command, io: CliIO): Promise<number> {
  const options = program.opts<CliOptions>();
  const paths = [...program.args];
  const registry = new RuleRegistry(shippedRules);
  if (options.printRules) {
    printRules(io, registry.all());
    return EXIT_OK;
  }
  const { given, paths: morePaths } = givenParameters(options, io);
  paths.push(...morePaths);
  if (paths.length === 0) throw new UsageError("no paths given: name templates, folders or globs, or '-' for standard input (see --help)");
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError("'-' (standard input) may be given once");
  const severities: Record<string, SeverityName> = parseRuleOverrides(options.rule, registry.ids());
  const formatter = await loadFormatter(options.format, io.cwd);
  const outputPath = options.output ? resolve(io.cwd, options.output) : undefined;

  const configure = createConfigResolver({
    rules: registry.all(),
    configFile: options.config === undefined ? undefined : resolve(io.cwd, options.config),
    env: options.env,
  });
  const progress = createProgress(io.stderr, io.env);
  const lintOptions = {
    cwd: io.cwd,
    rules: registry.all(),
    settings: { severities },
    maxBytes: options.maxFileSize,
    parameters: given.values,
    parameterSources: given.sources,
    configEnv: options.configEnv,
    modelOnly: options.printModel === true,
    keepModels: options.printModel === true,
    configure,
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives === true,
    // one thread fewer than the machine has: V8's own background threads (garbage collection, compilation) keep
    // another busy; on two cores a worker measured no faster (docs/performance.md)
    threads: options.threads ?? Math.max(1, availableParallelism() - 1),
    onProgress: progress ? (done: number, total: number) => progress.update(done, total) : undefined,
  };
  const fileInputs = paths.filter((p) => p !== '-');
  const runs: LintRun[] = [];
  if (paths.includes('-')) {
    const name = resolve(io.cwd, options.stdinFilename ?? '<stdin>');
    runs.push(await lintSourceAsync(await io.readStdin(options.maxFileSize + 1), name, lintOptions));
  }
  let fileRun: LintRun;
  try {
    fileRun = await lintPaths(fileInputs, lintOptions);
  } finally {
    progress?.done();
  }
  runs.push(fileRun);

  const unmatched = fileRun.missing.filter((m) => m.reason !== 'no such file or directory');
  if (unmatched.length > 0) throw new UsageError(unmatched.map((m) => `'${m.input}': ${m.reason}`).join('; '));
  if (options.printModel) return printModels(io, runs, fileRun, outputPath, options.verbose === true, (await import('./model/print.js')).modelToJson);
  let results: LintResult[] = runs.flatMap((r) => r.results);
  for (const m of fileRun.missing) {
    const result = emptyResult(resolve(io.cwd, m.input));
    result.messages.push({ ruleId: null, severity: 2, fatal: true, message: m.reason, line: 1, column: 1 });
    results.push(tally(result));
  }
  if (options.quiet) {
    results = results.map((r) => tally({ ...r, messages: r.messages.filter((m) => m.severity === 2) }));
  }

  if (options.verbose) {
    for (const r of runs) {
      for (const s of r.skipped) io.stderr.write(`cors-lint: skipped ${relative(io.cwd, s.file)}: ${s.reason}\n`);
      for (const n of r.notes) io.stderr.write(`cors-lint: note: ${relative(io.cwd, n.file)}:${n.line}:${n.column}: ${n.message}\n`);
    }
    for (const r of results) {
      for (const m of r.suppressedMessages) {
        const why = (m.suppressions ?? []).map((s) => s.justification).filter((j) => j !== '').join('; ');
        io.stderr.write(
          `cors-lint: suppressed: ${relative(io.cwd, r.filePath)}:${m.line}:${m.column}: ${m.ruleId ?? ''}: ${m.message}${why ? ` (reason: ${why})` : ' (no reason given)'}\n`,
        );
      }
    }
  }

  const rulesMeta: Record<string, RuleMeta> = {};
  for (const rule of registry.all()) rulesMeta[rule.id] = rule;
  const context: FormatContext = {
    cwd: io.cwd,
    rulesMeta,
    color: useColor(io, options),
    toolVersion: VERSION,
    helpUri: ruleDocUrl,
    informationUri: 'https://github.com/cors-lint/cors-lint',
  };
  const report = await formatter(results, context);
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  const fatal = results.reduce((n, r) => n + r.fatalErrorCount, 0);
  const templates = runs.reduce((n, r) => n + r.templates, 0);

  if (outputPath) {
    const inputs = new Set(runs.flatMap((r) => r.results.map((x) => x.filePath)));
    writeReport(outputPath, report, inputs);
    const problems = errors + warnings;
    io.stderr.write(
      `cors-lint: ${plural(problems, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${plural(templates, 'template')}; report written to ${relative(io.cwd, outputPath) || outputPath}\n`,
    );
  } else if (report.length > 0) {
    io.stdout.write(report.endsWith('\n') ? report : `${report}\n`);
  }
  if (templates === 0 && fatal === 0) io.stderr.write('cors-lint: no CloudFormation templates found in the given paths\n');

  if (fatal > 0) return EXIT_UNREADABLE;
  if (errors > 0) return EXIT_FINDINGS;
  if (options.maxWarnings >= 0 && warnings > options.maxWarnings) {
    io.stderr.write(`cors-lint: ${plural(warnings, 'warning')} found; --max-warnings allows ${options.maxWarnings}\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

/** `--print-model`: the models as a JSON array; files that could not be read are reported on standard error. */
function printModels(
  io: CliIO,
  runs: LintRun[],
  fileRun: LintRun,
  outputPath: string | undefined,
  verbose: boolean,
  modelToJson: typeof import('./model/print.js').modelToJson,
): number {
  const models: unknown[] = [];
  let failed = fileRun.missing.length;
  for (const m of fileRun.missing) io.stderr.write(`cors-lint: ${m.input}: ${m.reason}\n`);
  for (const r of runs) {
    for (const [file, model] of r.models) models.push(modelToJson(model, r.locators?.get(file) ?? (() => undefined), io.cwd));
    for (const result of r.results) {
      for (const m of result.messages.filter((x) => x.fatal)) {
        failed++;
        io.stderr.write(`cors-lint: ${relative(io.cwd, result.filePath) || result.filePath}:${m.line}:${m.column}: ${m.message}\n`);
      }
    }
    if (verbose) for (const n of r.notes) io.stderr.write(`cors-lint: note: ${relative(io.cwd, n.file)}:${n.line}:${n.column}: ${n.message}\n`);
  }
  const text = `${JSON.stringify(models, null, 2)}\n`;
  if (outputPath) writeReport(outputPath, text, new Set(runs.flatMap((r) => [...r.models.keys()])));
  else io.stdout.write(text);
  return failed > 0 ? EXIT_UNREADABLE : EXIT_OK;
}

/** Entry point of the `cors-lint` binary. */
export function main(): void {
  const io: CliIO = {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: async (limit = Number.POSITIVE_INFINITY) => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        size += (chunk as Buffer).length;
        if (size > limit) break; // enough to know it is too large; the rest is never held in memory
      }
      return Buffer.concat(chunks);
    },
    env: process.env,
    cwd: process.cwd(),
  };
  run(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`cors-lint: internal error: ${String(error)}\n`);
      process.exit(EXIT_UNREADABLE);
    },
  );
}

// ---------------------------------------------------------------- cors-lint explain

interface ExplainCliOptions {
  origin?: string;
  method?: string;
  path?: string;
  header: string[];
  credentials?: string;
  api?: string;
  format: string;
  maxFileSize: number;
  parameterOverrides?: string[];
  parameters?: string;
  configEnv?: string;
  config?: string;
  stdinFilename?: string;
  verbose?: boolean;
}

const EXPLAIN_HELP = `
Simulates a page's request against an API of the template: which route matches, whether the browser sends a
preflight and what API Gateway answers to it, the browser's verdict with Chromium's own error, and, when the
request is blocked, the smallest template change that lets it through. A Lambda proxy's answer comes from
reading its handler's source, as in linting.
Without --method and --path, prints a matrix of every route and method against every allowed origin.
Template parameters are given as in linting: --parameter-overrides, --parameters FILE, the samconfig beside the
template (--config-env), and the parameters of the configuration file.

Examples:
  cors-lint explain template.yaml --origin https://app.example.com --method PUT --path /orders/42 \\
      --header Authorization --header Content-Type:application/json
  cors-lint explain template.yaml --origin https://app.example.com --method GET --path /me --credentials include
  cors-lint explain template.yaml --parameter-overrides Stage=prod --origin ...    a parameter's value
  cat template.yaml | cors-lint explain - --stdin-filename template.yaml    a template on standard input
  cors-lint explain template.yaml                          the route matrix
  cors-lint explain template.yaml --format json ...        the same as data

Exit codes: 0 the browser allows the request (or, for the matrix, no request is blocked; also when the outcome
depends on what the template does not say), 1 it blocks it, 2 bad command line or configuration, 3 the template
cannot be read.
`;

function buildExplainProgram(io: CliIO): Command {
  return new Command('cors-lint explain')
    .usage('<template> [--origin URL --method M --path /p] [options]')
    .argument('[template]', "the SAM or CloudFormation template; '-' reads it from standard input")
    .option('--origin <url>', "the page's origin, e.g. https://app.example.com")
    .option('--method <method>', 'the method the script uses, e.g. PUT (as written: fetch upper-cases only the six standard methods)')
    .option('--path <path>', 'the resource path, without the stage, e.g. /orders/42')
    .option('--header <name[:value]>', 'a request header the script sets (repeatable); a name alone gets a typical value', collect, [])
    .option('--credentials <mode>', "fetch's credentials mode: include, same-origin (fetch's default) or omit")
    .option('--api <logicalId>', 'the API to ask, when the template has several')
    .addOption(new Option('-f, --format <name>', 'text or json').default('text'))
    .addOption(parameterOverridesOption())
    .addOption(parametersOption())
    .addOption(configEnvOption())
    .option('-c, --config <file>', 'use this configuration file (for its parameters) instead of .cors-lint.yaml found beside or above the template')
    .addOption(stdinFilenameOption())
    .addOption(maxFileSizeOption())
    .option('--verbose', 'also say, on standard error, what could not be read (a handler, an OpenAPI file)')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', EXPLAIN_HELP)
    .showHelpAfterError("(run 'cors-lint explain --help' for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
}

type ExplainModule = typeof import('./explain/index.js');

/** Thrown for a template that cannot be explained because it cannot be read (exit 3). */
class UnreadableError extends Error {}

async function runExplain(argv: readonly string[], io: CliIO): Promise<number> {
  const end = argv.indexOf('--');
  const old = (end < 0 ? argv : argv.slice(0, end)).find((a) => a === '--parameter' || a.startsWith('--parameter='));
  if (old !== undefined) {
    io.stderr.write("cors-lint explain: --parameter: give parameter values as in linting, with --parameter-overrides Name=Value (several pairs may follow it) or --parameters FILE\n");
    return EXIT_USAGE;
  }
  // the simulator is loaded only for this command
  const explain: ExplainModule = await import('./explain/index.js');
  const program = buildExplainProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.code === 'commander.helpDisplayed' || error.code === 'commander.help' ? EXIT_OK : EXIT_USAGE;
    return internalError(io, error);
  }
  try {
    return await executeExplain(program, io, explain);
  } catch (error) {
    if (error instanceof UsageError || error instanceof explain.RequestError) {
      io.stderr.write(`cors-lint explain: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`cors-lint explain: ${error.describe(relative(io.cwd, error.file) || error.file)}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof UnreadableError) {
      io.stderr.write(`cors-lint explain: ${error.message}\n`);
      return EXIT_UNREADABLE;
    }
    return internalError(io, error);
  }
}

/**
 * Reads one template through the lint pipeline, without its rules: parameters (given, samconfig, configuration
 * file), OpenAPI files, and the Lambda handlers behind REST proxy routes (their grammars load only when the
 * template has such a route). Returns its model and a way back from model locations to `file:line:column`.
 */
async function explainModel(input: string, options: ExplainCliOptions, given: GivenParameters, io: CliIO): Promise<{ model: CorsModel; where: Where; notes: Note[] }> {
  const rules = new RuleRegistry(shippedRules).all();
  const configure = createConfigResolver({ rules, configFile: options.config === undefined ? undefined : resolve(io.cwd, options.config) });
  const lintOptions: LintOptions = {
    cwd: io.cwd,
    rules: [],
    maxBytes: options.maxFileSize,
    parameters: given.values,
    parameterSources: given.sources,
    configEnv: options.configEnv,
    modelOnly: true,
    readHandlers: true,
    // Ignore patterns say what not to lint; a template named to explain is explained, with its parameters.
    configure: (file) => ({ parameters: configure(file).parameters }),
  };
  const rel = (file: string) => relative(io.cwd, file) || file;
  let run: LintRun;
  if (input === '-') {
    run = await lintSourceAsync(await io.readStdin(options.maxFileSize + 1), resolve(io.cwd, options.stdinFilename ?? '<stdin>'), lintOptions);
  } else {
    const path = resolve(io.cwd, input);
    if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`'${input}' is a folder: explain reads one template`);
    run = await lintPaths([input], lintOptions);
    for (const m of run.missing) {
      if (m.reason === 'no such file or directory') throw new UnreadableError(`${rel(path)}:1:1: no such file`);
      throw new UsageError(`'${m.input}': ${m.reason}`);
    }
  }
  for (const result of run.results) {
    const fatal = result.messages.find((m) => m.fatal);
    if (fatal) throw new UnreadableError(`${rel(result.filePath)}:${fatal.line}:${fatal.column}: ${fatal.message}`);
  }
  if (run.models.size > 1) throw new UsageError(`'${input}' names ${run.models.size} templates: explain reads one`);
  const [entry] = run.models;
  if (!entry) {
    const skipped = run.skipped[0];
    throw new UnreadableError(skipped ? `${rel(skipped.file)}:1:1: ${skipped.reason}` : `'${input}': no template`);
  }
  const [file, model] = entry;
  const locate = run.locators?.get(file);
  const where: Where = (loc: Loc) => {
    const range = locate?.(loc);
    return range ? `${rel(loc.file)}:${range.line}:${range.column}` : undefined;
  };
  return { model, where, notes: run.notes };
}

async function executeExplain(program: Command, io: CliIO, explain: ExplainModule): Promise<number> {
  const {
    chooseApi,
    explainMatrix,
    explainRequest,
    explanationJson,
    formatExplanation,
    formatMatrix,
    matrixJson,
    parseCredentials,
    parseHeader,
    parseMethod,
    parseOrigin,
    parsePath,
  } = explain;
  const options = program.opts<ExplainCliOptions>();
  if (options.format !== 'text' && options.format !== 'json') throw new UsageError(`--format ${options.format}: explain prints text or json`);
  const { given, paths } = givenParameters(options, io);
  const inputs = [...program.args, ...paths];
  if (inputs.length === 0) throw new UsageError("no template given: name one, or '-' for standard input (see --help)");
  if (inputs.length > 1) throw new UsageError(`explain reads one template, not ${inputs.length} (${inputs.join(', ')})`);
  const single = options.method !== undefined || options.path !== undefined;
  if (single && (options.method === undefined || options.path === undefined || options.origin === undefined)) {
    throw new UsageError('a single request needs --origin, --method and --path (leave out --method and --path for the route matrix)');
  }
  const origin = options.origin !== undefined ? parseOrigin(options.origin) : undefined;
  if (origin?.note) io.stderr.write(`cors-lint explain: note: ${origin.note}\n`);
  const headers = options.header.map((h) => parseHeader(h).header);
  const credentials = options.credentials !== undefined ? parseCredentials(options.credentials) : undefined;
  const request = single ? { origin: origin!.origin, method: parseMethod(options.method!), path: parsePath(options.path!), headers, credentials: credentials ?? 'same-origin' } : undefined;
  const { model, where, notes } = await explainModel(inputs[0]!, options, given, io);
  if (options.verbose) for (const n of notes) io.stderr.write(`cors-lint explain: note: ${relative(io.cwd, n.file) || n.file}:${n.line}:${n.column}: ${n.message}\n`);

  if (!request) {
    const matrix = explainMatrix(model, { apiId: options.api, origins: origin ? [origin.origin] : [], headers, credentials });
    io.stdout.write(options.format === 'json' ? `${JSON.stringify(matrixJson(matrix, where), null, 2)}\n` : formatMatrix(matrix, where));
    return matrix.rows.some((r) => r.cells.some((c) => c.outcome === 'blocked')) ? EXIT_FINDINGS : EXIT_OK;
  }
  const api = chooseApi(model, options.api, request);
  const explanation = explainRequest(model, api, request);
  io.stdout.write(options.format === 'json' ? `${JSON.stringify(explanationJson(explanation, where), null, 2)}\n` : formatExplanation(explanation, where));
  return explanation.simulation.outcome === 'blocked' ? EXIT_FINDINGS : EXIT_OK;
}
