/**
 * Loads one configuration file: parse (YAML 1.2 or JSON, with positions), validate against the JSON Schema,
 * then check what the schema cannot know (rule ids, rule options, origin patterns). Every problem is a
 * {@link ConfigError} that names the file, line and column.
 */
import { dirname, resolve } from 'node:path';
import { closest, parseSeverity } from '../engine/registry.js';
import { LoadError } from '../load/errors.js';
import { readRegularFile } from '../load/file.js';
import type { RuleMeta, SeverityName } from '../types.js';
import { ConfigError } from './errors.js';
import { compileIgnorePattern, type IgnorePattern } from './ignore.js';
import { parseOriginPattern } from './origins.js';
import { parseConfigText, type ParsedConfig } from './parse.js';
import { validateConfig } from './schema.js';

/** The rule sets a configuration can extend by name. */
export type Extends = 'recommended' | 'strict';

/** A configuration file as its author writes it (what the JSON Schema describes). */
export interface ConfigFile {
  $schema?: string;
  /** Stop looking for configuration files in the folders above this one. */
  root?: boolean;
  /** A rule set (`recommended`, `strict`) or a configuration file, relative to this one (`./team.yaml`). */
  extends?: Extends | string;
  rules?: Record<string, RuleEntry>;
  ignorePatterns?: string[];
  parameters?: Record<string, string | number | boolean | Array<string | number | boolean>>;
  allowedOrigins?: string[] | Record<string, string[]>;
}

export type SeverityWord = 'off' | 'warn' | 'warning' | 'error' | 0 | 1 | 2;
export type RuleEntry = SeverityWord | [SeverityWord] | [SeverityWord, Record<string, unknown>];

/** What the rules of a configuration say about one rule. */
export interface RuleSetting {
  severity: SeverityName;
  options?: Record<string, unknown>;
}

/** A configuration file, loaded and checked. */
export interface Config {
  /** The file, absolute. */
  file: string;
  /** Its folder: `ignorePatterns` are relative to it. */
  dir: string;
  /** The rule set this file extends (`recommended` when it names none, or names a file). */
  extends: Extends;
  /** The configuration file it extends, absolute, when `extends` names one. */
  extendsFile?: string;
  /** Whether the files in the folders above are ignored. */
  root: boolean;
  /** Whether the file sets `extends` at all (a cascade keeps the rule set of a file above otherwise). */
  setsExtends: boolean;
  rules: Record<string, RuleSetting>;
  ignorePatterns: IgnorePattern[];
  /** Parameter overrides, as text (lists joined with commas, as CloudFormation passes a CommaDelimitedList). */
  parameters: Record<string, string>;
  /** One list, or one list per environment; undefined when the file sets none. */
  allowedOrigins?: string[] | Record<string, string[]>;
  /** The way back to the file's lines, for errors found later (an unknown `--env`). */
  locate: ParsedConfig['locate'];
}

/** A rule as the configuration loader needs to know it: its id, and its default options when it has any. */
export type KnownRule = Pick<RuleMeta, 'id'> & { defaultOptions?: object };

export interface LoadConfigOptions {
  /** The rules this run knows; ids in `rules` are checked against them. */
  rules: readonly KnownRule[];
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value === 'object' ? 'mapping' : typeof value;
}

/** Loads and checks a configuration given as text (`file` names it in errors and anchors `ignorePatterns`). */
export function loadConfigText(text: string, file: string, options: LoadConfigOptions): Config {
  const parsed = parseConfigText(text, file);
  const data = parsed.value === null ? {} : parsed.value;
  const fail = (path: ReadonlyArray<string | number>, reason: string, which: 'value' | 'key' = 'value'): never => {
    const at = parsed.locate(path, which);
    throw new ConfigError(file, reason, at.line, at.column);
  };
  const problem = validateConfig(data);
  if (problem) fail(problem.path, problem.message, problem.key ? 'key' : 'value');
  const raw = data as ConfigFile;

  const checkOrigins = (list: readonly string[], path: Array<string | number>): void => {
    list.forEach((origin, i) => {
      const reason = parseOriginPattern(origin).error;
      if (reason) fail([...path, i], `allowedOrigins entry '${origin}' ${reason}`);
    });
  };

  const known = new Map(options.rules.map((r) => [r.id, r] as const));
  const rules: Record<string, RuleSetting> = {};
  for (const [id, entry] of Object.entries(raw.rules ?? {})) {
    const rule = known.get(id);
    if (!rule) {
      const hint = closest(id, [...known.keys()]);
      fail(['rules', id], `unknown rule '${id}'${hint ? ` (did you mean '${hint}'?)` : ''}`, 'key');
    }
    const [word, ruleOptions] = Array.isArray(entry) ? entry : [entry, undefined];
    const severity = parseSeverity(String(word))!;
    const setting: RuleSetting = { severity };
    if (ruleOptions !== undefined) {
      const defaults = rule!.defaultOptions as Record<string, unknown> | undefined;
      if (!defaults) fail(['rules', id, 1], `rule '${id}' takes no options`);
      for (const [key, value] of Object.entries(ruleOptions)) {
        if (!Object.hasOwn(defaults!, key)) {
          const hint = closest(key, Object.keys(defaults!));
          fail(['rules', id, 1, key], `rule '${id}' has no option '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}`, 'key');
        }
        const expected = typeName(defaults![key]);
        if (defaults![key] !== undefined && defaults![key] !== null && typeName(value) !== expected) {
          fail(['rules', id, 1, key], `option '${key}' of rule '${id}' is a ${typeName(value)}; expected a ${expected}`);
        }
      }
      const policy = (ruleOptions as { allowedOrigins?: unknown }).allowedOrigins;
      if (Array.isArray(policy)) checkOrigins(policy.map(String), ['rules', id, 1, 'allowedOrigins']);
      else if (policy !== undefined && policy !== null) fail(['rules', id, 1, 'allowedOrigins'], `option 'allowedOrigins' of rule '${id}' must be a list of origins`);
      setting.options = ruleOptions;
    }
    rules[id] = setting;
  }

  const parameters: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw.parameters ?? {})) {
    parameters[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }

  if (Array.isArray(raw.allowedOrigins)) checkOrigins(raw.allowedOrigins, ['allowedOrigins']);
  else if (raw.allowedOrigins) {
    for (const [env, list] of Object.entries(raw.allowedOrigins)) checkOrigins(list, ['allowedOrigins', env]);
  }

  const named = raw.extends === undefined || raw.extends === 'recommended' || raw.extends === 'strict' ? raw.extends : undefined;
  const config: Config = {
    file,
    dir: dirname(file),
    extends: named ?? 'recommended',
    root: raw.root === true,
    setsExtends: named !== undefined,
    rules,
    ignorePatterns: (raw.ignorePatterns ?? []).map(compileIgnorePattern),
    parameters,
    locate: parsed.locate,
  };
  if (raw.allowedOrigins !== undefined) config.allowedOrigins = raw.allowedOrigins;
  if (raw.extends !== undefined && named === undefined) config.extendsFile = resolve(dirname(file), raw.extends);
  return config;
}

/**
 * Configuration files larger than this are refused before they are parsed: a real one is a few kilobytes, and a
 * run must not spend its time (or memory) on a file that cannot be one.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** Reads, parses and checks a configuration file. */
export function loadConfigFile(file: string, options: LoadConfigOptions): Config {
  const abs = resolve(file);
  let text: string;
  try {
    text = readRegularFile(abs, MAX_CONFIG_BYTES, 'configuration file').toString('utf8');
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    throw new ConfigError(abs, error.code === 'not-found' ? 'no such file' : error.message);
  }
  return loadConfigText(text, abs, options);
}

/**
 * The allowed origins that apply under `env`: the one list, the environment's list, or the `default` list when
 * no environment is chosen. Throws a ConfigError pointing at `allowedOrigins` when the choice cannot be made.
 */
export function allowedOriginsFor(config: Config, env: string | undefined): { origins: string[]; name?: string } | undefined {
  const value = config.allowedOrigins;
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return { origins: value };
  const envs = Object.keys(value);
  const at = config.locate(['allowedOrigins'], 'key');
  if (env === undefined) {
    if (Object.hasOwn(value, 'default')) return { origins: value.default!, name: 'default' };
    throw new ConfigError(
      config.file,
      `allowedOrigins is set per environment (${envs.join(', ')}): choose one with --env, or add a 'default' list`,
      at.line,
      at.column,
    );
  }
  if (!Object.hasOwn(value, env)) {
    const hint = closest(env, envs);
    throw new ConfigError(
      config.file,
      `allowedOrigins has no environment '${env}' (it has ${envs.join(', ')})${hint ? `; did you mean '${hint}'?` : ''}`,
      at.line,
      at.column,
    );
  }
  return { origins: value[env]!, name: env };
}
