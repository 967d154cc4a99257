/** Configuration files: finding, loading, validating, and what they mean for each template. */
export { ConfigError } from './errors.js';
export { CONFIG_FILE_NAMES, ConfigFinder } from './find.js';
export { compileIgnorePattern, ignoreVerdict, matchIgnore, type IgnorePattern } from './ignore.js';
export {
  allowedOriginsFor,
  loadConfigFile,
  loadConfigText,
  type Config,
  type ConfigFile,
  type Extends,
  type KnownRule,
  type LoadConfigOptions,
  type RuleEntry,
  type RuleSetting,
  type SeverityWord,
} from './load.js';
export { originCovered, parseOriginPattern, parseOriginPatterns, type OriginPattern } from './origins.js';
export { configSchema, schemaPath, validateConfig } from './schema.js';
export { createConfigResolver, ORIGIN_POLICY_RULE, settingsOf, type ConfigResolverOptions, type FileConfig } from './resolve.js';
