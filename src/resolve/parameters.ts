/**
 * Parameter values the user gives: `--parameter-overrides` (SAM's `Key=Value` and
 * `ParameterKey=Key,ParameterValue=Value` forms), `--parameters FILE` (JSON or YAML: a plain map, the
 * CloudFormation `[{ParameterKey, ParameterValue}]` list, or `{Parameters: {...}}`), and the
 * `parameter_overrides` of a `samconfig.toml` / `samconfig.yaml` beside a template. Everything that can go wrong
 * is a {@link ParameterError} with a one-line message (and a position, for files).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { LoadError, loadDocumentText, readRegularFile, readTextFile, type LoadedDocument, type LoadOptions } from '../load/index.js';

/** Parameter values with, for each, where it was given (for messages). */
export interface GivenParameters {
  values: Record<string, string>;
  sources: Record<string, string>;
}

export function emptyParameters(): GivenParameters {
  return { values: {}, sources: {} };
}

/** Later sets win: `mergeParameters(samconfig, file, commandLine)`. */
export function mergeParameters(...sets: ReadonlyArray<GivenParameters | undefined>): GivenParameters {
  const out = emptyParameters();
  for (const set of sets) {
    if (!set) continue;
    Object.assign(out.values, set.values);
    Object.assign(out.sources, set.sources);
  }
  return out;
}

export class ParameterError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'ParameterError';
  }
}

const KEY = /^[A-Za-z0-9"':]+/;
const EXAMPLE = "expected Key=Value or ParameterKey=Key,ParameterValue=Value";

/** Removes one pair of wrapping quotes (double or single) and the escapes `\ `, `\"` and `\'`, as SAM does. */
function unquote(text: string): string {
  let value = text;
  if (value.length >= 2 && ((value[0] === '"' && value.at(-1) === '"') || (value[0] === "'" && value.at(-1) === "'"))) value = value.slice(1, -1);
  return value.replace(/\\ /g, ' ').replace(/\\"/g, '"').replace(/\\'/g, "'");
}

/** Reads one value at `text[i]`: a double- or single-quoted string (backslash escapes), or a run without blanks. */
function readValue(text: string, start: number): { raw: string; end: number } {
  const quote = text[start];
  let i = start;
  if (quote === '"' || quote === "'") {
    i++;
    while (i < text.length && text[i] !== quote) i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) throw new ParameterError(`unterminated ${quote === '"' ? 'double' : 'single'} quote in '${text.slice(start)}'`);
    return { raw: text.slice(start, i + 1), end: i + 1 };
  }
  while (i < text.length && !/\s/.test(text[i]!) && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return { raw: text.slice(start, Math.min(i, text.length)), end: Math.min(i, text.length) };
}

/**
 * Parses `Key=Value Key2="a value"` or `ParameterKey=Key,ParameterValue=Value ...` into pairs, as SAM's
 * `--parameter-overrides` does (wrapping quotes are removed: `Origin="'*'"` gives `'*'`).
 */
export function parseOverrides(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) return out;
    const rest = text.slice(i);
    let key: string;
    if (rest.startsWith('ParameterKey=')) {
      const m = /^ParameterKey=([A-Za-z0-9"':]+),ParameterValue=/.exec(rest);
      if (!m) throw new ParameterError(`cannot read '${firstWord(rest)}' (${EXAMPLE})`);
      key = m[1]!;
      i += m[0].length;
    } else {
      const m = KEY.exec(rest);
      if (!m || rest[m[0].length] !== '=') throw new ParameterError(`cannot read '${firstWord(rest)}' (${EXAMPLE})`);
      key = m[0];
      i += m[0].length + 1;
    }
    const value = readValue(text, i);
    i = value.end;
    if (i < text.length && !/\s/.test(text[i]!)) throw new ParameterError(`cannot read '${firstWord(rest)}' (${EXAMPLE})`);
    out.push([unquote(key), unquote(value.raw)]);
  }
}

function firstWord(text: string): string {
  const word = text.split(/\s/)[0] ?? text;
  return word.length > 60 ? `${word.slice(0, 59)}…` : word;
}

/** Whether a command-line word is a parameter override (`Key=…`, `ParameterKey=…`) rather than a path. */
export function looksLikeOverride(word: string): boolean {
  return /^\s*(ParameterKey=|[A-Za-z0-9"':]+=)/.test(word);
}

/** Parameters from `--parameter-overrides` words (each may hold several pairs). */
export function overridesFromWords(words: readonly string[], source = '--parameter-overrides'): GivenParameters {
  const out = emptyParameters();
  for (const word of words) {
    for (const [key, value] of parseOverrides(word)) {
      out.values[key] = value;
      out.sources[key] = source;
    }
  }
  return out;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) return value.map(String).join(',');
  return undefined;
}

/**
 * Reads a parameters file: JSON or YAML holding a plain map (`{"Origin": "*"}`), the CloudFormation list
 * (`[{"ParameterKey": "Origin", "ParameterValue": "*"}]`), or either under `Parameters`.
 */
export function readParametersFile(file: string, options?: LoadOptions): GivenParameters {
  const name = basename(file);
  let doc: LoadedDocument;
  try {
    doc = loadDocumentText(readTextFile(file, options), file, options);
  } catch (error) {
    if (error instanceof LoadError) {
      const whole = ['not-found', 'unreadable', 'is-directory', 'too-large', 'empty', 'binary', 'encoding'].includes(error.code);
      throw new ParameterError(error.message, file, whole ? undefined : error.line, whole ? undefined : error.column);
    }
    throw error;
  }
  const source = `--parameters ${name}`;
  const fail = (path: Array<string | number>, message: string): never => {
    const at = doc.locate(path);
    throw new ParameterError(message, file, at.line, at.column);
  };
  let root: unknown = doc.value;
  const base: Array<string | number> = [];
  if (root !== null && typeof root === 'object' && !Array.isArray(root) && 'Parameters' in root) {
    root = (root as Record<string, unknown>).Parameters;
    base.push('Parameters');
  }
  const out = emptyParameters();
  if (Array.isArray(root)) {
    root.forEach((entry, i) => {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) fail([...base, i], 'expected {ParameterKey, ParameterValue}');
      const e = entry as Record<string, unknown>;
      if (typeof e.ParameterKey !== 'string') fail([...base, i], 'expected a ParameterKey string');
      if (e.UsePreviousValue === true && !('ParameterValue' in e)) return;
      const value = scalarText(e.ParameterValue);
      if (value === undefined) fail([...base, i, 'ParameterValue'], `parameter ${e.ParameterKey as string}: expected a ParameterValue string`);
      out.values[e.ParameterKey as string] = value!;
      out.sources[e.ParameterKey as string] = source;
    });
    return out;
  }
  if (root === null || typeof root !== 'object') {
    return fail(base, 'expected a map of parameter values, a [{ParameterKey, ParameterValue}] list, or either under Parameters');
  }
  for (const [key, raw] of Object.entries(root as Record<string, unknown>)) {
    const value = scalarText(raw);
    if (value === undefined) fail([...base, key], `parameter ${key}: expected a string, number or boolean`);
    out.values[key] = value!;
    out.sources[key] = source;
  }
  return out;
}

export const SAMCONFIG_NAMES = ['samconfig.toml', 'samconfig.yaml', 'samconfig.yml'];
/** The samconfig sections read, lowest precedence first: `global`, then `deploy`. */
const SAMCONFIG_COMMANDS = ['global', 'deploy'];

/** A samconfig larger than this is refused unread (real ones are a few kilobytes). */
export const MAX_SAMCONFIG_BYTES = 1024 * 1024;

export interface SamconfigParameters extends GivenParameters {
  /** The samconfig file read, if any. */
  file?: string;
  /**
   * Why the file could not be used, with a position where known. `fatal`: the file cannot be read or parsed (not a
   * regular file, too large, a syntax error), which SAM refuses too, so the templates beside it are not linted;
   * otherwise (an environment or parameter_overrides it does not have) the templates are linted without it.
   */
  problem?: { message: string; line: number; column: number; fatal?: boolean; outside?: boolean };
}

/**
 * The `parameter_overrides` that a `samconfig.toml` (or `.yaml`) in the template's folder sets for the
 * environment `env`: `[env.global.parameters]` then `[env.deploy.parameters]` (deploy wins). `explicitEnv` says
 * whether the user named the environment (then a missing one is a problem to report). `refuse` says why a file
 * must not be read (a link out of the repository): then it is not, and the problem says why (`outside`).
 */
export function samconfigParameters(templateFile: string, env = 'default', explicitEnv = false, refuse?: (file: string) => string | undefined): SamconfigParameters {
  const dir = dirname(templateFile);
  const file = SAMCONFIG_NAMES.map((n) => join(dir, n)).find((f) => existsSync(f));
  const out: SamconfigParameters = emptyParameters();
  if (!file) return out;
  out.file = file;
  const refused = refuse?.(file);
  if (refused !== undefined) {
    out.problem = { message: refused, line: 1, column: 1, outside: true };
    return out;
  }
  let config: unknown;
  // smol-toml is loaded only when a samconfig.toml is read
  const toml = file.endsWith('.toml') ? (createRequire(import.meta.url)('smol-toml') as typeof import('smol-toml')) : undefined;
  try {
    const text = readRegularFile(file, MAX_SAMCONFIG_BYTES).toString('utf8');
    if (toml) config = toml.parse(text);
    else config = loadDocumentText(text, file).value;
  } catch (error) {
    if (toml && error instanceof toml.TomlError) out.problem = { message: error.message.split('\n')[0]!, line: error.line, column: error.column, fatal: true };
    else if (error instanceof LoadError) out.problem = { message: error.message, line: error.line, column: error.column, fatal: true };
    else out.problem = { message: `cannot read the file (${(error as Error).message})`, line: 1, column: 1, fatal: true };
    return out;
  }
  const envSection = isObject(config) ? config[env] : undefined;
  if (!isObject(envSection)) {
    if (explicitEnv) out.problem = { message: `no environment '${env}' in ${basename(file)}`, line: 1, column: 1 };
    return out;
  }
  for (const command of SAMCONFIG_COMMANDS) {
    const section = envSection[command];
    const params = isObject(section) ? section.parameters : undefined;
    const overrides = isObject(params) ? params.parameter_overrides : undefined;
    if (overrides === undefined) continue;
    const words = typeof overrides === 'string' ? [overrides] : Array.isArray(overrides) ? overrides.filter((w): w is string => typeof w === 'string') : [];
    try {
      const given = overridesFromWords(words, `${basename(file)} [${env}.${command}]`);
      Object.assign(out.values, given.values);
      Object.assign(out.sources, given.sources);
    } catch (error) {
      if (!(error instanceof ParameterError)) throw error;
      out.problem = { message: `${env}.${command}.parameters.parameter_overrides: ${error.message}`, line: 1, column: 1 };
    }
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
