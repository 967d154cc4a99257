/**
 * The public API of cors-lint, and the one place that wires the shipped rules into the engine.
 *
 *   import { lint, loadConfig, formatters } from 'cors-lint';
 *   const run = await lint(['template.yaml']);
 *   process.stdout.write(formatters.text(run.results));
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { rules as shippedRules } from '../rules/index.js';
import { ConfigFinder, createConfigResolver, loadConfigFile, type Config } from './config/index.js';
import { repositoryRoot } from './discover/root.js';
import type { Rule } from './engine/rule.js';
import { DIRECTIVE_CHECKS } from './engine/suppress.js';
import { fixText as fixFileText, type FixedFile } from './fix/apply.js';
import { lintPaths, lintSource, lintSourceAsync, type LintOptions, type LintRun } from './lint.js';
import { HOMEPAGE, ruleDocUrl, VERSION } from './meta.js';
import type { RuleFacts } from './model/facts.js';
import type { CorsModel } from './model/types.js';
import { formatCompact, formatGithub, formatGitlab, formatJson, formatSarif, formatText, type FormatContext } from './report/index.js';
import type { LintResult, RuleMeta } from './types.js';

export type { FileSettings, LintOptions, LintRun, Note, Skipped } from './lint.js';
export type { CorsModel } from './model/types.js';
export type { HandlerAnalysis, HandlerAnswer, HandlerAnswers, TemplateHandlers } from './model/handlers.js';
export type { RuleFacts } from './model/facts.js';
export type { LintMessage, LintResult, NoteKind, RuleMeta, Range, Loc, SeverityName, Suppression, MessageFix, MessageSuggestion, TextEdit } from './types.js';
export { applyEdits, applyFixes, type AppliedFixes } from './fix/edits.js';
export { unifiedDiff } from './fix/diff.js';
export type { FixedFile, RefusedFix } from './fix/apply.js';
export type { Change, FixDescriptor, FixValue } from './fix/types.js';
export { loadFormatter, builtinFormats, type Formatter, type FormatContext } from './report/index.js';
export type { CodeQualityIssue } from './report/index.js';
export { ConfigError, CONFIG_FILE_NAMES, schemaPath as configSchemaPath } from './config/index.js';
export type { Config, ConfigFile, Extends, RuleEntry, RuleSetting, SeverityWord } from './config/index.js';

/** cors-lint's version. */
export const version: string = VERSION;
export { explainMatrix, explainRequest, type Explanation, type ExplainRequest, type Matrix } from './explain/index.js';
export { preflightOutcome, simulate } from './simulate/index.js';
export { loadHandlerGrammars, type HandlerGrammars } from './handlers/index.js';

/** Every rule cors-lint ships. */
export const rules: ReadonlyArray<Rule<CorsModel, Record<string, unknown>, RuleFacts>> = shippedRules;

export interface PublicLintOptions extends Partial<LintOptions> {
  /** One configuration file for every template (as `--config`); no lookup then. Relative to `cwd`. */
  config?: string;
  /** Look for `.cors-lint.yaml|yml|json` beside and above each template, up to the repository root (default true). */
  configLookup?: boolean;
  /** The environment whose `allowedOrigins` apply (as `--env`). */
  env?: string;
}

function withDefaults(options: PublicLintOptions): LintOptions {
  const { config, configLookup, env, ...rest } = options;
  const cwd = rest.cwd ?? process.cwd();
  const baseDir = rest.baseDir ?? repositoryRoot(cwd);
  const ruleList = rest.rules ?? shippedRules;
  const configure =
    rest.configure ??
    (config === undefined && configLookup === false
      ? undefined
      : createConfigResolver({ rules: ruleList, configFile: config === undefined ? undefined : resolve(cwd, config), lookup: configLookup, env }));
  return { ...rest, cwd, baseDir, rules: ruleList, configure };
}

/**
 * Lints files, directories and globs; resolves to the ESLint-shaped results and what was skipped. Rejects with
 * a {@link ConfigError} (file, line, column) when a configuration file is wrong.
 */
export async function lint(paths: readonly string[], options: PublicLintOptions = {}): Promise<LintRun> {
  return lintPaths(paths, withDefaults(options));
}

/**
 * Lints one template given as text; `filePath` names it in the results (and decides which configuration applies).
 * Synchronous, so it cannot load the grammars Lambda handlers are read with: it reads the handlers the template
 * names only in the languages `options.grammars` holds (`await loadHandlerGrammars()` once, then pass it), and
 * notes every other one as not read (`grammar-not-loaded`), whatever an earlier call loaded. `lintTextAsync` loads
 * what the template needs.
 */
export function lintText(text: string, filePath: string, options: PublicLintOptions = {}): LintRun {
  return lintSource(text, resolve(options.cwd ?? process.cwd(), filePath), withDefaults(options));
}

/** Loads and checks a configuration file; throws a {@link ConfigError} (file, line, column) when it is wrong. */
export function loadConfig(file: string, options: { cwd?: string } = {}): Config {
  return loadConfigFile(resolve(options.cwd ?? process.cwd(), file), { rules: shippedRules });
}

/** The configuration file that applies to a template (or a folder), or undefined when there is none. */
export function findConfigFile(path: string, options: { cwd?: string } = {}): string | undefined {
  const abs = resolve(options.cwd ?? process.cwd(), path);
  let isDirectory = false;
  try {
    isDirectory = statSync(abs).isDirectory();
  } catch {
    // a template that does not exist yet: start from its folder
  }
  return new ConfigFinder().find(abs, isDirectory);
}

/** What the built-in formatters of {@link formatters} may be told; everything has a default. */
export type FormatOptions = Partial<FormatContext>;

function context(options: FormatOptions): FormatContext {
  const rulesMeta: Record<string, RuleMeta> = {};
  for (const rule of [...shippedRules, ...DIRECTIVE_CHECKS]) rulesMeta[rule.id] = rule;
  const cwd = options.cwd ?? process.cwd();
  return {
    cwd,
    baseDir: repositoryRoot(cwd),
    rulesMeta,
    color: false,
    toolVersion: VERSION,
    helpUri: ruleDocUrl,
    informationUri: HOMEPAGE,
    ...options,
  };
}

export type BuiltinFormatter = (results: LintResult[], options?: FormatOptions) => string;

/** The built-in report formats, each giving the complete text of a report (paths relative to `cwd`). */
export const formatters: Readonly<Record<'text' | 'compact' | 'json' | 'sarif' | 'gitlab' | 'github', BuiltinFormatter>> = Object.freeze({
  text: (results, options = {}) => formatText(results, context(options)),
  compact: (results, options = {}) => formatCompact(results, context(options)),
  json: (results, options = {}) => formatJson(results, context(options)),
  sarif: (results, options = {}) => formatSarif(results, context(options)),
  gitlab: (results, options = {}) => formatGitlab(results, context(options)),
  github: (results, options = {}) => formatGithub(results, context(options)),
});

/** Lints one template given as text, reading the Lambda handlers it names (relative to `filePath`). */
export function lintTextAsync(text: string, filePath: string, options: PublicLintOptions = {}): Promise<LintRun> {
  return lintSourceAsync(text, filePath, withDefaults(options));
}

/**
 * Fixes one template given as text, as `--fix` does (passes of the safe fixes, each kept only when linting the
 * fixed text proves it better), without writing anything: `output` is the fixed text, `run` what remains.
 */
export async function fixText(text: string, filePath: string, options: PublicLintOptions = {}): Promise<FixedFile> {
  const file = resolve(options.cwd ?? process.cwd(), filePath);
  const opts = withDefaults(options);
  const relint = (t: string) => lintSourceAsync(t, file, opts);
  return fixFileText(file, text, await relint(text), relint);
}
