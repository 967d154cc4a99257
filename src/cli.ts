/**
 * The command line's entry point: the only module that knows about the process (its arguments, streams,
 * environment and exit code). It picks the command (`cors-lint explain …` or linting), lets commander read the
 * command line, runs the command and turns what it throws into a message and an exit code. The commands live in
 * `src/cli/`: `lint.ts` (with `print.ts` for `--print-rules` and `--print-model`), `explain.ts` (loaded only for
 * `explain`), `lsp.ts` (the language server, loaded only for `lsp`), the options they share in `options.ts`, report writing in `output.ts`, and `io.ts` for the exit
 * codes and what the commands see of the process.
 *
 * Exit codes: 0 nothing at or above the failing level; 1 findings (errors, or warnings beyond
 * `--max-warnings`); 2 a bad command line; 3 a file could not be read or parsed.
 */
import { relative } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { CommanderError } from 'commander';
import { ConfigError } from './config/errors.js';
import { RegistryError } from './engine/registry.js';
import { FormatterError } from './report/context.js';
import { EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE, UnreadableError, UsageError, type CliCommand, type CliIO, type Writable } from './cli/io.js';
import { lintCommand } from './cli/lint.js';
import { v8FlagsFor } from './cli/v8-flags.js';

export { EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE, type CliIO, type Writable } from './cli/io.js';
export { parseSize } from './cli/options.js';

/** Runs the command line; resolves to the exit code. Never throws. */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  if (argv[0] === 'explain') {
    const { explainCommand } = await import('./cli/explain.js');
    return runCommand(explainCommand(io), argv.slice(1), io);
  }
  if (argv[0] === 'lsp') {
    const { lspCommand } = await import('./cli/lsp.js');
    return runCommand(lspCommand(io), argv.slice(1), io);
  }
  return runCommand(lintCommand(io), argv, io);
}

const HELP_OR_VERSION = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

async function runCommand(command: CliCommand, argv: readonly string[], io: CliIO): Promise<number> {
  const refused = command.refuse?.(argv);
  if (refused !== undefined) {
    io.stderr.write(`${command.name}: ${refused}\n`);
    return EXIT_USAGE;
  }
  try {
    await command.program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return HELP_OR_VERSION.has(error.code) ? EXIT_OK : EXIT_USAGE;
    return internalError(io, error);
  }
  try {
    return await command.execute();
  } catch (error) {
    if (error instanceof UsageError || error instanceof RegistryError || error instanceof FormatterError) {
      io.stderr.write(`${command.name}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`${command.name}: ${error.describe(relative(io.cwd, error.file) || error.file)}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof UnreadableError) {
      io.stderr.write(`${command.name}: ${error.message}\n`);
      return EXIT_UNREADABLE;
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

/**
 * A standard stream whose reader has gone (`cors-lint … | head -1`): what is written after that is dropped and
 * the command ends as it would have, with its own exit code, never with an unhandled EPIPE and a stack trace.
 * Any other write failure (a full disk) stops the process with one line and exit 3.
 */
function quietOnClose(stream: NodeJS.WriteStream): Writable {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    closed = true;
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    if (stream !== process.stderr) process.stderr.write(`cors-lint: cannot write the output: ${error.message}\n`);
    process.exit(EXIT_UNREADABLE);
  });
  return {
    write: (text: string) => (closed ? true : stream.write(text)),
    isTTY: stream.isTTY,
  };
}

/** Entry point of the `cors-lint` binary. */
export function main(): void {
  for (const flag of v8FlagsFor(process.execArgv, process.env.NODE_OPTIONS)) setFlagsFromString(flag);
  const io: CliIO = {
    stdout: quietOnClose(process.stdout),
    stderr: quietOnClose(process.stderr),
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
    streams: { stdin: process.stdin, stdout: process.stdout },
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
