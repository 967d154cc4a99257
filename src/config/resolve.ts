/**
 * From configuration files to what one template's run needs: whether it is ignored, the rules' severities
 * and options, and parameter overrides. Command-line choices (`--rule`, parameters given to the API) are
 * applied by the lint run on top of these.
 */
import type { SeverityName } from '../types.js';
import { ConfigError } from './errors.js';
import { ConfigFinder } from './find.js';
import { matchIgnore } from './ignore.js';
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
}

/** What a configuration means for any template it applies to (ignore patterns aside). */
export function settingsOf(config: Config | undefined, options: ConfigResolverOptions): Omit<FileConfig, 'ignored'> {
  const severities: Record<string, SeverityName> = {};
  const ruleOptions: Record<string, Record<string, unknown>> = {};
  if (!config) return { severities, options: ruleOptions, parameters: {} };
  if (config.extends === 'strict') for (const rule of options.rules) severities[rule.id] = 'error';
  for (const [id, setting] of Object.entries(config.rules)) {
    severities[id] = setting.severity;
    if (setting.options) ruleOptions[id] = { ...setting.options };
  }
  const policy = allowedOriginsFor(config, options.env);
  if (policy) {
    ruleOptions[ORIGIN_POLICY_RULE] = {
      ...(ruleOptions[ORIGIN_POLICY_RULE] ?? {}),
      allowedOrigins: policy.origins,
      policyName: policy.name ?? '',
    };
  }
  return { configFile: config.file, severities, options: ruleOptions, parameters: { ...config.parameters } };
}

/**
 * Returns a function that gives each template its configuration. Configuration files are read once each;
 * a bad one throws {@link ConfigError} (the CLI exits 2).
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
  const fixed = options.configFile ? load(options.configFile) : undefined;
  return (file: string): FileConfig => {
    const configFile = fixed ? fixed.file : options.lookup === false ? undefined : finder.find(file);
    const config = configFile ? load(configFile) : undefined;
    const key = config?.file ?? '';
    let base = settled.get(key);
    if (!base) {
      base = settingsOf(config, options);
      settled.set(key, base);
    }
    const pattern = config ? matchIgnore(config.ignorePatterns, config.dir, file) : undefined;
    return pattern ? { ...base, ignored: `ignored by pattern '${pattern}' in ${config!.file}` } : { ...base };
  };
}

export { ConfigError };
