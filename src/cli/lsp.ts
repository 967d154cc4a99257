/**
 * `cors-lint lsp --stdio`: the language server, speaking the Language Server Protocol over standard input and
 * output. The entry point loads this module only for this command (a lint run loads none of `src/lsp/`), and this
 * module loads the server only once the command line has been read.
 */
import { Command } from 'commander';
import { EXIT_OK, UsageError, type CliCommand, type CliIO } from './io.js';
import { parseCount } from './options.js';

interface LspCliOptions {
  stdio?: boolean;
  debounce: number;
  env?: string;
}

const LSP_HELP = `
Runs a language server for editors: diagnostics for YAML and JSON templates as you type (from the unsaved text),
findings in Lambda handler files shown in the handler, re-linting when a handler, a template, a .cors-lint.yaml or
a samconfig file changes, and code actions (suppress a finding with a reason). Configuration files are found as
'cors-lint' finds them, from each template's folder up.

Setup for Neovim, VS Code, Helix and Emacs: docs/editors.md.

Examples:
  cors-lint lsp --stdio                  what an editor runs
  cors-lint lsp --stdio --debounce 400   wait 400 ms after the last keystroke before linting
`;

function buildProgram(io: CliIO): Command {
  return new Command('cors-lint lsp')
    .usage('--stdio [options]')
    .option('--stdio', 'speak the protocol over standard input and output (the only transport)')
    .option('--debounce <ms>', 'milliseconds to wait after the last change before linting', parseCount, 200)
    .option('--env <name>', 'the environment whose allowedOrigins apply (configuration allowedOrigins: { <name>: [...] })')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', LSP_HELP)
    .showHelpAfterError("(run 'cors-lint lsp --help' for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
}

/** The lsp command, ready for the entry point to parse and run. */
export function lspCommand(io: CliIO): CliCommand {
  const program = buildProgram(io);
  return {
    name: 'cors-lint lsp',
    program,
    execute: async () => {
      const options = program.opts<LspCliOptions>();
      if (!options.stdio) throw new UsageError('give --stdio: the server speaks the Language Server Protocol over standard input and output');
      if (!io.streams) throw new UsageError('no standard streams to serve on');
      const { serve } = await import('../lsp/server.js');
      const code = await serve(
        { input: io.streams.stdin, output: io.streams.stdout },
        { debounceMs: Math.max(0, options.debounce), env: options.env, log: (message) => io.stderr.write(`${message}\n`) },
      );
      // stop reading standard input, so that nothing keeps the process alive once the client said exit
      io.streams.stdin.pause();
      return code === 0 ? EXIT_OK : code;
    },
  };
}
