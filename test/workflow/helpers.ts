/** Running the CLI in-process with a fake process, and temporary project folders. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run } from '../../src/cli.js';

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  stdin?: string;
  stderrIsTTY?: boolean;
  stdoutIsTTY?: boolean;
}

export async function runCli(argv: string[], options: CliRunOptions): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.stdoutIsTTY ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: options.stderrIsTTY ?? false },
    readStdin: async () => Buffer.from(options.stdin ?? ''),
    env: options.env ?? {},
    cwd: options.cwd,
  });
  return { code, stdout, stderr };
}

/** A temporary folder with the given files (paths relative to it); `.git` marks it as a repository root. */
export function project(files: Record<string, string>, { git = true } = {}): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cors-lint-test-'));
  if (git) mkdirSync(join(dir, '.git'));
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A small SAM template with one HTTP API whose CORS list allows `origins`. */
export function httpApiTemplate(origins: string[], name = 'Api'): string {
  return [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    `  ${name}:`,
    '    Type: AWS::Serverless::HttpApi',
    '    Properties:',
    '      CorsConfiguration:',
    '        AllowOrigins:',
    ...origins.map((o) => `          - '${o}'`),
    '',
  ].join('\n');
}
