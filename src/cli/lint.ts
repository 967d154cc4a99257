/**
 * `cors-lint [options] <paths...>`: the command line's options, help and version. Running a lint (also
 * `--print-rules`, `--print-model`, `--fix`) is in `lint-run.ts`, loaded only once the command line has been read,
 * so that `--help`, `--version` and a bad option are answered without loading the linter.
 */
import { Command, Option } from 'commander';
import { VERSION } from '../meta.js';
import type { CliCommand, CliIO } from './io.js';
import {
  collect,
  configEnvOption,
  maxFileSizeOption,
  rootOption,
  parameterOverridesOption,
  parametersOption,
  parseCount,
  parseThreads,
  stdinFilenameOption,
} from './options.js';

const EXAMPLES = `
Examples:
  cors-lint template.yaml                       lint one template
  cors-lint .                                   lint every template below this folder
  cors-lint 'stacks/**/*.yaml'                  lint the templates a glob matches
  cors-lint --format sarif -o cors.sarif .      write SARIF 2.1.0 for code scanning
  cors-lint --format json template.yaml         ESLint-compatible JSON
  cors-lint --rule wildcard-origin:off .        turn a rule off
  cors-lint --format gitlab -o gl-code-quality.json .   GitLab Code Quality report
  cors-lint --format github .                   annotations in a GitHub Actions job
  cors-lint --write-baseline .cors-lint-baseline.json .   record today's findings
  cors-lint --baseline .cors-lint-baseline.json .         report only new ones
  cors-lint --config ci/cors-lint.yaml --env prod .     one configuration, prod's allowed origins
  cat template.yaml | cors-lint --stdin-filename template.yaml -
  cors-lint --fix-dry-run template.yaml         show the safe fixes as a diff, without writing
  cors-lint --fix .                             apply them, and report what remains
  npx cdk synth && cors-lint cdk.out            a CDK app's templates (a folder walk skips cdk.out)
  cors-lint --print-rules                       list the rules (--format json: as data)
  cors-lint --parameter-overrides Stage=prod FrontendOrigin=https://app.example.com -- template.yaml
  cors-lint --parameters params.json --print-model template.yaml
  cors-lint explain template.yaml --origin https://app.example.com --method PUT --path /orders/42
                                                simulate one browser request (see 'cors-lint explain --help')
  cors-lint lsp --stdio                         the language server for editors (see 'cors-lint lsp --help')

Exit codes: 0 no problems at or above the failing level, 1 problems found,
2 bad command line (also a path that names nothing, or a folder with no template),
3 a file could not be read or parsed.
Documentation: https://github.com/cors-lint/cors-lint#readme
`;

function buildProgram(io: CliIO): Command {
  const program = new Command();
  program
    .name('cors-lint')
    .description('Find CORS misconfigurations in AWS SAM and CloudFormation templates, at the exact line.')
    .usage('[options] <paths...>')
    .argument('[paths...]', "templates, folders or globs to lint; '-' reads a template from standard input")
    .addOption(new Option('-f, --format <name>', 'output format: text, compact, json, sarif, gitlab, github (workflow annotations), or an ESLint formatter package or file').default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('--max-warnings <n>', 'fail (exit 1) when there are more than n warnings; -1 never', parseCount, -1)
    .option('--quiet', 'report errors only')
    .option('--no-color', 'plain output without colours (also when NO_COLOR is set)')
    .option('--verbose', 'also list what could not be checked (each with its place and reason), suppressed findings and skipped files, on standard error')
    .option('--fail-on-unchecked', 'fail (exit 1) when something relevant to CORS could not be checked (a handler not read, an OpenAPI document outside the repository, ...)')
    .addOption(new Option('--rule <id:severity>', 'set a rule to off, warn or error (repeatable, or comma-separated)').argParser(collect).default([], 'none'))
    .addOption(stdinFilenameOption())
    .addOption(maxFileSizeOption())
    .option('--print-rules', 'list the rules (id, default severity, summary) and exit; with --format json, as data')
    .addOption(parameterOverridesOption())
    .addOption(parametersOption())
    .addOption(configEnvOption())
    .option('--print-model', 'print the CORS model of each template as JSON (what the rules read, with where each value comes from) and exit')
    .option('-c, --config <file>', 'use this configuration file for every template (instead of .cors-lint.yaml found beside or above each)')
    .option('--env <name>', 'the environment whose allowedOrigins apply (configuration allowedOrigins: { <name>: [...] })')
    .option('--report-unused-disable-directives', 'report suppression comments and Metadata that suppress nothing, as errors')
    .option('--threads <n>', 'lint many files on up to n threads (1: the main thread only); default: one fewer than the CPUs', parseThreads)
    .option('--baseline <file>', 'report and fail only on findings not in this baseline file (written by --write-baseline); the others count as suppressed')
    .option('--write-baseline <file>', "record every finding in a baseline file, for --baseline (the run then passes unless a file cannot be read)")
    .option('--fix', 'fix what can be fixed safely, in place (each file written atomically), and report what remains')
    .option('--fix-dry-run', 'show the fixes --fix would make (a unified diff; with --format json, each result\'s "output") without writing')
    .option('--base-dir <dir>', 'the folder that SARIF and GitLab paths and fingerprints are relative to (default: the root of the git repository around the current folder, else the current folder)')
    .addOption(rootOption())
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

/** The lint command, ready for the entry point to parse and run. */
export function lintCommand(io: CliIO): CliCommand {
  const program = buildProgram(io);
  return { name: 'cors-lint', program, execute: async () => (await import('./lint-run.js')).execute(program, io) };
}

