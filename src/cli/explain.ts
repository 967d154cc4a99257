/**
 * `cors-lint explain <template>`: simulates one browser request (or the route matrix) against an API of the
 * template. The entry point loads this module only for this command, and this module loads the simulator
 * (`src/explain/`) only once the command line has been read.
 */
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { createConfigResolver, ORIGIN_POLICY_RULE } from '../config/index.js';
import { RuleRegistry } from '../engine/registry.js';
import { rules as shippedRules } from '../../rules/index.js';
import { lintPaths, lintSourceAsync, type LintOptions, type LintRun, type Note } from '../lint.js';
import type { GivenParameters } from '../resolve/parameters.js';
import type { Loc } from '../types.js';
import type { Where } from '../explain/index.js';
import type { TemplateHandlers } from '../model/handlers.js';
import type { CorsModel } from '../model/types.js';
import { EXIT_FINDINGS, EXIT_OK, UnreadableError, UsageError, type CliCommand, type CliIO } from './io.js';
import {
  collect,
  configEnvOption,
  maxFileSizeOption,
  rootOption,
  parameterOverridesOption,
  parametersOption,
  stdinFilenameOption,
  folderOption,
  type TemplateReadingOptions,
} from './options.js';
import { givenParameters } from './given.js';

interface ExplainCliOptions extends TemplateReadingOptions {
  origin?: string;
  method?: string;
  path?: string;
  header: string[];
  credentials?: string;
  api?: string;
  format: string;
  config?: string;
  env?: string;
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
depends on what the template does not say), 1 it blocks it or the service refuses the template (SAM's transform or
API Gateway's deployment fails), 2 bad command line or configuration, 3 the template cannot be read.
`;

function buildProgram(io: CliIO): Command {
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
    .option('-c, --config <file>', 'use this configuration file (for its parameters) instead of the .cors-lint.yaml files found beside and above the template')
    .option('--env <name>', "the environment whose allowedOrigins (configuration) the route matrix tries, besides the origins the template allows")
    .addOption(stdinFilenameOption())
    .addOption(maxFileSizeOption())
    .addOption(rootOption())
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

type ExplainModule = typeof import('../explain/index.js');

/** The explain command, ready for the entry point to parse and run. */
export function explainCommand(io: CliIO): CliCommand {
  const program = buildProgram(io);
  return {
    name: 'cors-lint explain',
    program,
    refuse: (argv) => {
      const end = argv.indexOf('--');
      const old = (end < 0 ? argv : argv.slice(0, end)).find((a) => a === '--parameter' || a.startsWith('--parameter='));
      return old === undefined
        ? undefined
        : '--parameter: give parameter values as in linting, with --parameter-overrides Name=Value (several pairs may follow it) or --parameters FILE';
    },
    execute: async () => {
      // the simulator is loaded only for this command
      const explain: ExplainModule = await import('../explain/index.js');
      try {
        return await execute(program, io, explain);
      } catch (error) {
        if (error instanceof explain.RequestError) throw new UsageError(error.message);
        throw error;
      }
    },
  };
}

/**
 * Reads one template through the lint pipeline, without its rules: parameters (given, samconfig, configuration
 * file), OpenAPI files, and the Lambda handlers behind REST proxy routes (their grammars load only when the
 * template has such a route). Returns its model and a way back from model locations to `file:line:column`.
 */
async function explainModel(
  input: string,
  options: ExplainCliOptions,
  given: GivenParameters,
  io: CliIO,
): Promise<{ model: CorsModel; handlers?: TemplateHandlers; where: Where; notes: Note[]; policy: string[] }> {
  const rules = new RuleRegistry(shippedRules).all();
  const configure = createConfigResolver({
    rules,
    configFile: options.config === undefined ? undefined : resolve(io.cwd, options.config),
    env: options.env,
    // lists per environment need --env only when the policy is asked for
    originsOptional: true,
  });
  let policy: string[] = [];
  const lintOptions: LintOptions = {
    cwd: io.cwd,
    ...(options.root !== undefined ? { root: folderOption('--root', options.root, io.cwd) } : {}),
    rules: [],
    maxBytes: options.maxFileSize,
    parameters: given.values,
    parameterSources: given.sources,
    configEnv: options.configEnv,
    modelOnly: true,
    readHandlers: true,
    // Ignore patterns say what not to lint; a template named to explain is explained, with its parameters.
    configure: (file) => {
      const config = configure(file);
      const origins = config.options[ORIGIN_POLICY_RULE]?.allowedOrigins;
      if (Array.isArray(origins)) policy = origins.map(String);
      return { parameters: config.parameters };
    },
  };
  const rel = (file: string) => relative(io.cwd, file) || file;
  let run: LintRun;
  if (input === '-') {
    run = await lintSourceAsync(await io.readStdin(options.maxFileSize + 1), resolve(io.cwd, options.stdinFilename ?? '<stdin>'), lintOptions);
  } else {
    const path = resolve(io.cwd, input);
    if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`'${input}' is a folder: explain reads one template`);
    run = await lintPaths([input], lintOptions);
    // a path that names nothing is a bad command line (exit 2), as in linting
    for (const m of run.missing) throw new UsageError(`'${m.input}': ${m.reason}`);
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
  return { model, handlers: run.handlers?.get(file), where, notes: run.notes, policy };
}

async function execute(program: Command, io: CliIO, explain: ExplainModule): Promise<number> {
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
  const { model, handlers, where, notes, policy } = await explainModel(inputs[0]!, options, given, io);
  if (options.verbose) for (const n of notes) io.stderr.write(`cors-lint explain: note: ${relative(io.cwd, n.file) || n.file}:${n.line}:${n.column}: ${n.message}\n`);

  if (!request) {
    // the policy's exact origins (patterns such as https://*.example.com name no one origin to try)
    const from = options.env !== undefined ? `the allowedOrigins of --env ${options.env}` : 'the allowedOrigins of the configuration';
    const team = policy.filter((o) => o !== '*' && !o.includes('*')).map((o) => ({ origin: parseOrigin(o).origin, from }));
    const matrix = explainMatrix(model, { apiId: options.api, origins: origin ? [origin.origin] : [], moreOrigins: team, headers, credentials, handlers });
    io.stdout.write(options.format === 'json' ? `${JSON.stringify(matrixJson(matrix, where), null, 2)}\n` : formatMatrix(matrix, where));
    return matrix.apis.some((a) => a.refusal) || matrix.rows.some((r) => r.cells.some((c) => c.outcome === 'blocked')) ? EXIT_FINDINGS : EXIT_OK;
  }
  const api = chooseApi(model, options.api, request);
  const explanation = explainRequest(model, api, request, handlers);
  io.stdout.write(options.format === 'json' ? `${JSON.stringify(explanationJson(explanation, where), null, 2)}\n` : formatExplanation(explanation, where));
  return explanation.refusal || explanation.simulation.outcome === 'blocked' ? EXIT_FINDINGS : EXIT_OK;
}
