/**
 * `--format <name>`: a built-in format, a formatter file, or a formatter package in the ESLint convention (a
 * function `(results, context)` as the module's default export, with `context = { cwd, rulesMeta }`).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { LintResult } from '../types.js';
import { compareStrings, FormatterError, oneLine, type FormatContext, type Formatter } from './context.js';

/** The built-in formats, each loaded when it is asked for (a run loads only the one it prints). */
const BUILTINS: Readonly<Record<string, () => Promise<Formatter>>> = {
  text: async () => (await import('./text.js')).formatText,
  compact: async () => (await import('./compact.js')).formatCompact,
  json: async () => (await import('./json.js')).formatJson,
  sarif: async () => (await import('./sarif.js')).formatSarif,
  gitlab: async () => (await import('./gitlab.js')).formatGitlab,
  github: async () => (await import('./github.js')).formatGithub,
};

export const builtinFormats: readonly string[] = Object.freeze(Object.keys(BUILTINS));

/** The built-in formats that never read a result's `source` (its file's text): a run for them need not keep it. */
const WITHOUT_SOURCE: ReadonlySet<string> = new Set(['compact', 'json', 'sarif', 'gitlab', 'github']);

/** Whether the report `name` may read results' `source` (the text report's code frames; any formatter package). */
export function formatReadsSource(name: string): boolean {
  return !WITHOUT_SOURCE.has(name);
}

/** What a formatter package is told about each rule, in the ESLint `rulesMeta` shape. */
export interface FormatterRuleMeta {
  type: 'problem';
  docs: { description: string; url: string };
}

/** The second argument of a formatter package. */
export interface FormatterPackageContext {
  cwd: string;
  rulesMeta: Record<string, FormatterRuleMeta>;
}

type PackageFormatter = (results: LintResult[], context: FormatterPackageContext) => unknown;

export function toFormatterRulesMeta(ctx: FormatContext): Record<string, FormatterRuleMeta> {
  const out: Record<string, FormatterRuleMeta> = {};
  const metas = Object.values(ctx.rulesMeta).sort((a, b) => compareStrings(a.id, b.id));
  for (const meta of metas) {
    out[meta.id] = { type: 'problem', docs: { description: meta.summary, url: ctx.helpUri(meta.id) } };
  }
  return out;
}

/** A path rather than a package name: `./x`, `../x`, `/x`, `C:\x`, `dir/x` (not `@scope/x`), `x.js`. */
export function isPathLike(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.includes('\\') ||
    isAbsolute(name) ||
    (name.includes('/') && !name.startsWith('@')) ||
    /\.[cm]?js$/i.test(name)
  );
}

/** The package names to try for `name`, in order: `eslint-formatter-x` then `x`, scoped alike. */
export function packageCandidates(name: string): string[] {
  if (name.startsWith('@')) {
    const slash = name.indexOf('/');
    if (slash === -1) return [`${name}/eslint-formatter`];
    const scope = name.slice(0, slash);
    const rest = name.slice(slash + 1);
    return rest.startsWith('eslint-formatter') ? [name] : [`${scope}/eslint-formatter-${rest}`, name];
  }
  return name.startsWith('eslint-formatter-') ? [name] : [`eslint-formatter-${name}`, name];
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error as { code: unknown };
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return oneLine(text.split('\n')[0] ?? text);
}

/** The entry of a package whose `exports` offer no `require` condition: `import`, `node` or `default`. */
function pickImportEntry(exportsField: unknown): string | undefined {
  if (typeof exportsField === 'string') return exportsField;
  if (Array.isArray(exportsField)) {
    for (const item of exportsField) {
      const entry = pickImportEntry(item);
      if (entry) return entry;
    }
    return undefined;
  }
  if (typeof exportsField !== 'object' || exportsField === null) return undefined;
  const map = exportsField as Record<string, unknown>;
  if ('.' in map) return pickImportEntry(map['.']);
  for (const condition of ['import', 'node', 'default']) {
    if (condition in map) {
      const entry = pickImportEntry(map[condition]);
      if (entry) return entry;
    }
  }
  return undefined;
}

/** Finds `node_modules/<pkg>` above `cwd` and its import entry, for packages that `require.resolve` refuses. */
function resolveImportOnly(pkg: string, cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', pkg, 'package.json');
    if (existsSync(manifest)) {
      const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
      const fields = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
      const entry = pickImportEntry(fields.exports);
      return entry ? join(dirname(manifest), entry) : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** Resolves a package from `cwd`, as `require` would from a file there; undefined when it is not installed. */
function resolvePackage(pkg: string, cwd: string): string | undefined {
  const requireFromCwd = createRequire(join(resolve(cwd), 'noop.js'));
  try {
    return requireFromCwd.resolve(pkg);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return resolveImportOnly(pkg, cwd);
    if (code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/** The cached script's `import()` (src/outside-import.ts says why; the reporters import nothing outside src/report/). */
declare const __corsLintImport: ((specifier: string) => Promise<unknown>) | undefined;

/** Imports a file. Where `import()` of a file URL is unavailable (a CommonJS sandbox), requires it instead. */
async function importFile(file: string): Promise<unknown> {
  try {
    const href = pathToFileURL(file).href;
    return (await (typeof __corsLintImport === 'function' ? __corsLintImport(href) : import(href))) as unknown;
  } catch (error) {
    if (errorCode(error) !== 'MODULE_NOT_FOUND') throw error;
    try {
      return createRequire(file)(file) as unknown;
    } catch {
      throw error;
    }
  }
}

/** The formatter function of a module: the module itself, its default export, or a default of a default. */
function formatterFunction(mod: unknown): PackageFormatter | undefined {
  let current = mod;
  for (let depth = 0; depth < 4; depth += 1) {
    if (typeof current === 'function') return current as PackageFormatter;
    if (typeof current !== 'object' || current === null || !('default' in current)) return undefined;
    current = (current as { default: unknown }).default;
  }
  return undefined;
}

async function loadFile(name: string, file: string): Promise<Formatter> {
  let mod: unknown;
  try {
    mod = await importFile(file);
  } catch (error) {
    throw new FormatterError(`cannot load formatter '${name}' (${file}): ${errorText(error)}`, { cause: error });
  }
  const fn = formatterFunction(mod);
  if (!fn) throw new FormatterError(`formatter '${name}' (${file}) does not export a function`);
  return async (results, ctx) => {
    const output: unknown = await fn(results, { cwd: ctx.cwd, rulesMeta: toFormatterRulesMeta(ctx) });
    if (output === undefined || output === null) return '';
    if (typeof output !== 'string') throw new FormatterError(`formatter '${name}' returned ${typeof output}, not text`);
    return output === '' || output.endsWith('\n') ? output : `${output}\n`;
  };
}

/**
 * The formatter for `--format <name>`: a built-in format first; then, for a path, the file resolved against `cwd`;
 * otherwise the package `eslint-formatter-<name>` or `<name>` installed where `cwd` can see it. External
 * formatters' output is given a final newline when it has none. Throws {@link FormatterError} when nothing fits.
 */
export async function loadFormatter(name: string, cwd: string): Promise<Formatter> {
  const builtin = Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
  if (builtin) return builtin();
  if (name.trim() === '') throw new FormatterError(`empty formatter name; built-in formats: ${builtinFormats.join(', ')}`);

  if (isPathLike(name)) {
    const file = resolve(cwd, name);
    if (!existsSync(file) || !statSync(file).isFile()) {
      throw new FormatterError(`cannot find formatter '${name}': no file at ${file}`);
    }
    return loadFile(name, file);
  }

  const candidates = packageCandidates(name);
  for (const candidate of candidates) {
    let file: string | undefined;
    try {
      file = resolvePackage(candidate, cwd);
    } catch (error) {
      throw new FormatterError(`cannot load formatter '${name}' (${candidate}): ${errorText(error)}`, { cause: error });
    }
    if (file) return loadFile(name, file);
  }
  // a package name (eslint-formatter-junit), so that the message says what to install
  throw new FormatterError(
    `cannot find formatter '${name}': tried ${candidates.join(', ')}; install it in the project (npm install --save-dev ${candidates[0]}) or use a built-in format: ${builtinFormats.join(', ')}`,
  );
}
