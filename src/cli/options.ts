/**
 * Option definitions the commands share: value parsers, the options that say how a template is read (the same
 * flags with the same meaning for linting and `explain`). They load nothing of the linter, so that `--help` does
 * not wait for it; the template parameters the options give are read in `given.ts`.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option } from 'commander';
import { UsageError } from './io.js';

export function parseCount(value: string): number {
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

export function parseThreads(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number, 1 or more');
  return Number(value);
}

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

// Options that say how a template is read, shared by linting and `explain` (the same flags, the same meaning).
export const parameterOverridesOption = () =>
  new Option(
    '--parameter-overrides <Key=Value...>',
    "template parameter values (Key=Value or ParameterKey=Key,ParameterValue=Value); they win over --parameters and samconfig",
  );
export const parametersOption = () => new Option('--parameters <file>', 'template parameter values from a JSON or YAML file (a map, or CloudFormation [{ParameterKey, ParameterValue}])');
export const configEnvOption = () => new Option('--config-env <name>', "samconfig environment whose parameter_overrides apply (samconfig.toml/.yaml beside the template; default 'default')");
export const stdinFilenameOption = () => new Option('--stdin-filename <name>', "name of the template read from standard input ('-')");
export const rootOption = () =>
  new Option(
    '--root <dir>',
    'read the files templates name (handler code and modules, layers, included and OpenAPI files, samconfig) only inside this folder, after symbolic links (default: per template, the root of the git repository around it, else the current folder if it is inside, else its own folder)',
  );
export const maxFileSizeOption = () => new Option('--max-file-size <size>', 'largest file to read, e.g. 10MB').argParser(parseSize).default(10 * 1024 * 1024, '10MB');

/** The options above, as commander gives them. */
export interface TemplateReadingOptions {
  parameterOverrides?: string[];
  parameters?: string;
  configEnv?: string;
  stdinFilename?: string;
  maxFileSize: number;
  root?: string;
}

/** A folder an option names (`--root`, `--base-dir`), resolved from `cwd`; a usage error when it is not a folder. */
export function folderOption(name: string, value: string, cwd: string): string {
  const dir = resolve(cwd, value);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${name} ${value}: no such folder`);
  return dir;
}
