/**
 * The reporters: `text` (default), `compact`, `json`, `sarif`, and formatter packages or files loaded by name.
 */
export { FormatterError, type FormatContext, type Formatter } from './context.js';
export { builtinFormats, loadFormatter, toFormatterRulesMeta } from './load.js';
export type { FormatterPackageContext, FormatterRuleMeta } from './load.js';
export { formatText } from './text.js';
export { formatCompact } from './compact.js';
export { formatJson } from './json.js';
export { buildGitlabReport, formatGitlab, type CodeQualityIssue } from './gitlab.js';
export { formatGithub } from './github.js';
export { buildSarifLog, formatSarif, FINGERPRINT_KEY, SARIF_SCHEMA_URI } from './sarif.js';
