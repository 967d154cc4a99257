/**
 * What every command of the command line shares: the process as the commands see it (`CliIO`, which the entry
 * point `src/cli.ts` builds from the real process and tests build from their own), the exit codes, and the
 * errors a command throws to choose one.
 *
 * Exit codes: 0 nothing at or above the failing level; 1 findings (errors, or warnings beyond
 * `--max-warnings`); 2 a bad command line; 3 a file could not be read or parsed.
 */
import type { Command } from 'commander';

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
  /** The raw standard streams, for `cors-lint lsp --stdio` (the protocol runs over them); absent in most tests. */
  streams?: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream };
}

/** A bad command line: the message is printed after the command's name, and the exit code is 2. */
export class UsageError extends Error {}

/** Something named on the command line cannot be read (exit 3). */
export class UnreadableError extends Error {}

/**
 * One command (`cors-lint`, `cors-lint explain`): its commander program, and what runs once commander has read
 * the command line. The entry point parses, runs, and turns what is thrown into a message and an exit code.
 */
export interface CliCommand {
  /** How the command's messages start: `cors-lint` or `cors-lint explain`. */
  name: string;
  program: Command;
  /** A reason to refuse the command line before commander reads it (printed after the name; exit 2). */
  refuse?: (argv: readonly string[]) => string | undefined;
  /** Runs the command with the options commander read; resolves to the exit code. */
  execute: () => Promise<number>;
}
