/**
 * From configuration files to what one template's run needs: whether it is ignored, the rules' severities
 * and options, and parameter overrides. Command-line choices (`--rule`, parameters given to the API) are
 * applied by the lint run on top of these.
 */
import { gitRootOf, outsideRoot } from '../discover/root.js';
import type { SeverityName } from '../types.js';
import { ConfigError } from './errors.js';
import { ConfigFinder } from './find.js';
import { ignoreVerdict } from './ignore.js';
import { allowedOriginsFor, loadConfigFile, type Config, type KnownRule } from './load.js';

/** The rule that the `allowedOrigins` policy feeds. */
export const ORIGIN_POLICY_RULE = 'origin-not-allowed';

/** What the configuration decides for one template. */
export interface FileConfig {
  /** The configuration file that applies, if any. */
  configFile?: string;
  /** Why the template is not linted (an ignore pattern), when it is not. */
  ignored?: string;
  severities: Record<string, SeverityName>;
  options: Record<string, Record<string, unknown>>;
  parameters: Record<string, string>;
}

export interface ConfigResolverOptions {
  /** The rules this run knows (for `extends: strict` and rule-id checks). */
  rules: readonly KnownRule[];
  /** One configuration file for every template (`--config`); no lookup then. */
  configFile?: string;
  /** Look for configuration files beside and above each template (default true; ignored with `configFile`). */
  lookup?: boolean;
  /** The environment whose `allowedOrigins` apply (`--env`). */
  env?: string;
  /**
   * Lists per environment without `env` and without a `default` list are not an error: no policy applies (for
   * `explain`, which only tries the policy's origins when asked).
   */
  originsOptional?: boolean;
}

/**
 * What a list of configurations means for any template they apply to (ignore patterns aside), applied in order,
 * each over the ones before it (the cascade gives them farthest first): a rule set (`extends: strict`) sets every
 * rule, then `rules` set theirs one by one (a rule's options stay when a later file gives only its severity),
 * `parameters` merge by name, `allowedOrigins` given per environment merge by environment (a single list replaces
 * what came before, and is replaced by what comes after).
 */
export function settingsOf(configs: Config | undefined | readonly Config[], options: ConfigResolverOptions): Omit<FileConfig, 'ignored'> {
  const layers = configs === undefined ? [] : Array.isArray(configs) ? (configs as readonly Config[]) : [configs as Config];
  const severities: Record<string, SeverityName> = {};
  const ruleOptions: Record<string, Record<string, unknown>> = {};
  const parameters: Record<string, string> = {};
  let origins: Config | undefined;
  for (const config of layers) {
    if (config.setsExtends && config.extends === 'strict') for (const rule of options.rules) severities[rule.id] = 'error';
    for (const [id, setting] of Object.entries(config.rules)) {
      severities[id] = setting.severity;
      if (setting.options) ruleOptions[id] = { ...setting.options };
    }
    Object.assign(parameters, config.parameters);
    if (config.allowedOrigins !== undefined) origins = mergeOrigins(origins, config);
  }
  const perEnvOnly = (c: Config) => !Array.isArray(c.allowedOrigins) && !Object.hasOwn(c.allowedOrigins ?? {}, 'default');
  const policy = origins && !(options.originsOptional && options.env === undefined && perEnvOnly(origins)) ? allowedOriginsFor(origins, options.env) : undefined;
  if (policy) {
    ruleOptions[ORIGIN_POLICY_RULE] = {
      ...(ruleOptions[ORIGIN_POLICY_RULE] ?? {}),
      allowedOrigins: policy.origins,
      policyName: policy.name ?? '',
    };
  }
  const nearest = layers.at(-1);
  return { ...(nearest ? { configFile: nearest.file } : {}), severities, options: ruleOptions, parameters };
}

/** `allowedOrigins` of `later` over those merged so far: per-environment lists merge by environment. */
function mergeOrigins(earlier: Config | undefined, later: Config): Config {
  const before = earlier?.allowedOrigins;
  const after = later.allowedOrigins;
  if (before === undefined || Array.isArray(before) || Array.isArray(after) || after === undefined) return later;
  // errors about the merged lists (an unknown --env) point at the nearer file
  return { ...later, allowedOrigins: { ...before, ...after } };
}

/**
 * Returns a function that gives each template its configuration: the configuration files from the repository
 * root (or the nearest one that says `root: true`) down to the template's folder, merged, the nearest winning;
 * each file's `extends: ./file.yaml` comes in just before it. With `configFile` (`--config`), that file (and what
 * it extends) alone. Configuration files are read once each; a bad one throws {@link ConfigError} (the CLI exits 2).
 */
export function createConfigResolver(options: ConfigResolverOptions): (file: string) => FileConfig {
  const finder = new ConfigFinder();
  const loaded = new Map<string, Config>();
  const settled = new Map<string, Omit<FileConfig, 'ignored'>>();
  const load = (file: string): Config => {
    let config = loaded.get(file);
    if (!config) {
      config = loadConfigFile(file, { rules: options.rules });
      loaded.set(file, config);
    }
    return config;
  };
  /** A file and what it extends, the extended first; a cycle is an error at the `extends` that closes it. */
  const expand = (config: Config, seen: readonly string[] = []): Config[] => {
    if (!config.extendsFile) return [config];
    if (seen.includes(config.extendsFile) || config.extendsFile === config.file) {
      const at = config.locate(['extends']);
      throw new ConfigError(config.file, `extends '${config.extendsFile}' comes back to this file: a configuration cannot extend itself`, at.line, at.column);
    }
    // a configuration in a repository (a pull request's) must not make the run read, and print parts of, files
    // outside it: `extends` stays in the git work tree around the file that names it
    const root = gitRootOf(config.file);
    const outside = root === undefined ? undefined : outsideRoot(config.extendsFile, root);
    if (outside) {
      const at = config.locate(['extends']);
      throw new ConfigError(config.file, `extends '${config.extendsFile}': ${outside}: not read`, at.line, at.column);
    }
    let base: Config;
    try {
      base = load(config.extendsFile);
    } catch (error) {
      if (!(error instanceof ConfigError) || error.file !== config.extendsFile || error.line !== 1 || error.column !== 1) throw error;
      const at = config.locate(['extends']);
      throw new ConfigError(config.file, `extends '${config.extendsFile}': ${error.reason}`, at.line, at.column);
    }
    return [...expand(base, [...seen, config.file]), config];
  };
  const chainOf = (file: string): Config[] => {
    if (options.configFile) return expand(load(options.configFile));
    if (options.lookup === false) return [];
    const chain: Config[] = [];
    for (const found of finder.findAll(file)) {
      const config = load(found);
      chain.unshift(...expand(config));
      if (config.root) break;
    }
    return chain;
  };
  return (file: string): FileConfig => {
    const chain = chainOf(file);
    const key = chain.map((c) => c.file).join('\u0000');
    let base = settled.get(key);
    if (!base) {
      base = settingsOf(chain, options);
      settled.set(key, base);
    }
    // farthest first, so that a nearer file's '!pattern' takes back what one above ignores
    let ignored: string | undefined;
    for (const config of chain) {
      const verdict = ignoreVerdict(config.ignorePatterns, config.dir, file);
      if (verdict) ignored = verdict.ignoredBy === undefined ? undefined : `ignored by pattern '${verdict.ignoredBy}' in ${config.file}`;
    }
    return ignored ? { ...base, ignored } : { ...base };
  };
}

export { ConfigError };
