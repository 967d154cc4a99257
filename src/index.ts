/**
 * The public API of cors-lint, and the one place that wires the shipped rules into the engine.
 *
 *   import { lint, rules } from 'cors-lint';
 *   const run = await lint(['template.yaml'], { cwd: process.cwd() });
 */
import { rules as shippedRules } from '../rules/index.js';
import type { Rule } from './engine/rule.js';
import { lintPaths, lintSource, lintSourceAsync, type LintOptions, type LintRun } from './lint.js';
import type { CorsModel } from './model/types.js';

export type { LintOptions, LintRun, Note, Skipped } from './lint.js';
export type { CorsModel } from './model/types.js';
export type { LintMessage, LintResult, RuleMeta, Range, Loc } from './types.js';
export { loadFormatter, builtinFormats, type Formatter, type FormatContext } from './report/index.js';

/** Every rule cors-lint ships. */
export const rules: ReadonlyArray<Rule<CorsModel>> = shippedRules;

export type PublicLintOptions = Partial<LintOptions>;

function withDefaults(options: PublicLintOptions): LintOptions {
  return { cwd: process.cwd(), rules: shippedRules, ...options };
}

/** Lints files, directories and globs; resolves to the ESLint-shaped results and what was skipped. */
export function lint(paths: readonly string[], options: PublicLintOptions = {}): Promise<LintRun> {
  return lintPaths(paths, withDefaults(options));
}

/**
 * Lints one template given as text; `filePath` names it in the results. Synchronous: the Lambda handlers the
 * template names are read only if their grammars are already loaded; `lintTextAsync` always reads them.
 */
export function lintText(text: string, filePath: string, options: PublicLintOptions = {}): LintRun {
  return lintSource(text, filePath, withDefaults(options));
}

/** Lints one template given as text, reading the Lambda handlers it names (relative to `filePath`). */
export function lintTextAsync(text: string, filePath: string, options: PublicLintOptions = {}): Promise<LintRun> {
  return lintSourceAsync(text, filePath, withDefaults(options));
}
