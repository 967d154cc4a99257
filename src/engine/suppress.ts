/**
 * Suppressions a reviewer can see, applied to findings after the engine has positioned them:
 *
 * - comments in YAML: `# cors-lint-disable-line [ids] [-- reason]` (the comment's own line) and
 *   `# cors-lint-disable-next-line [ids] [-- reason]` (the line after it); no ids means every rule;
 * - template `Metadata: { cors-lint: { ignore: [...] } }` (every finding of the template), and the same
 *   under a resource's `Metadata` (findings positioned inside that resource). An entry is a rule id or
 *   `{ rule: id, reason: "..." }`.
 *
 * A suppressed finding moves to `suppressedMessages` with its justification; it no longer counts. Directives
 * that name an unknown rule, or that are malformed, are reported as warnings; directives that suppress
 * nothing are reported when asked (`--report-unused-disable-directives`).
 */
import { createRequire } from 'node:module';
import type { Path, Range, SeverityLevel } from '../types.js';
import type { Finding } from './run.js';
import { closest } from './registry.js';

/** What suppression needs of a loaded document. */
export interface SuppressionDocument {
  file: string;
  text: string;
  format: 'yaml' | 'json';
  value: unknown;
  locate(path: Path, which?: 'value' | 'key'): Range;
}

export interface SuppressOptions {
  /** Every rule id the run knows (whether on or off): a directive naming another id is reported. */
  ruleIds: readonly string[];
  /** Report directives that suppress nothing, at this severity (`true` is 2, an error). */
  reportUnused?: boolean | SeverityLevel;
}

export interface SuppressOutcome {
  /** Findings that stand. */
  kept: Finding[];
  /** Findings that a directive suppressed, each with `suppressions`. */
  suppressed: Finding[];
  /** Problems with the directives themselves (no rule id). */
  problems: Finding[];
}

type Kind = 'disable-line' | 'disable-next-line' | 'resource' | 'template';

interface Directive {
  kind: Kind;
  file: string;
  /** Rule ids, or `null` for every rule. */
  rules: string[] | null;
  reason: string;
  /** Where the directive is written. */
  at: Range;
  /** Which findings it covers. */
  covers(finding: Finding): boolean;
  /** The resource it belongs to (resource Metadata). */
  resource?: string;
  used: Set<string>;
}

export const DIRECTIVE_PREFIX = 'cors-lint-';
const COMMENT_DIRECTIVE = /^#\s*(cors-lint-[a-z-]+)(?:\s+(.*))?$/;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function positionAt(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** Every comment token of a YAML text, with its offset (strings that merely contain `#` are not comments). */
export function yamlComments(text: string): Array<{ offset: number; source: string }> {
  const out: Array<{ offset: number; source: string }> = [];
  const seen = new Set<object>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    const token = node as { type?: unknown; offset?: unknown; source?: unknown };
    if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
      out.push({ offset: token.offset, source: token.source });
      return;
    }
    for (const value of Object.values(node)) walk(value);
  };
  // the `yaml` package is loaded only for a template that has a directive
  const { Parser } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  for (const token of new Parser().parse(text)) walk(token);
  return out.sort((a, b) => a.offset - b.offset);
}

function splitIds(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

interface Problem {
  file: string;
  at: Range;
  message: string;
  severity: SeverityLevel;
}

function commentDirectives(doc: SuppressionDocument, problems: Problem[]): Directive[] {
  if (doc.format !== 'yaml' || !doc.text.includes(DIRECTIVE_PREFIX)) return [];
  const starts = lineStarts(doc.text);
  const out: Directive[] = [];
  for (const comment of yamlComments(doc.text)) {
    const m = COMMENT_DIRECTIVE.exec(comment.source.trim());
    if (!m) continue;
    const start = positionAt(starts, comment.offset);
    const at: Range = { line: start.line, column: start.column, endLine: start.line, endColumn: start.column + comment.source.length };
    const name = m[1]!;
    if (name !== 'cors-lint-disable-line' && name !== 'cors-lint-disable-next-line') {
      problems.push({
        file: doc.file,
        at,
        severity: 1,
        message: `Comment '${name}' is not a cors-lint directive: use cors-lint-disable-line or cors-lint-disable-next-line, so nothing is suppressed here.`,
      });
      continue;
    }
    const rest = m[2] ?? '';
    const dashes = rest.indexOf('--');
    const idsText = dashes >= 0 ? rest.slice(0, dashes) : rest;
    const reason = dashes >= 0 ? rest.slice(dashes + 2).trim() : '';
    const ids = splitIds(idsText);
    const kind: Kind = name === 'cors-lint-disable-line' ? 'disable-line' : 'disable-next-line';
    const target = kind === 'disable-line' ? start.line : start.line + 1;
    out.push({
      kind,
      file: doc.file,
      rules: ids.length > 0 ? ids : null,
      reason,
      at,
      covers: (f) => f.filePath === doc.file && f.line === target,
      used: new Set(),
    });
  }
  return out;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `Metadata.cors-lint.ignore` at `base` (a template or a resource). */
function metadataDirectives(
  doc: SuppressionDocument,
  node: unknown,
  base: Path,
  make: (rules: string[], reason: string, at: Range) => Directive,
  problems: Problem[],
): Directive[] {
  if (!isMapping(node) || !isMapping(node.Metadata) || !Object.hasOwn(node.Metadata, 'cors-lint')) return [];
  const block = node.Metadata['cors-lint'];
  const blockPath = [...base, 'Metadata', 'cors-lint'];
  const where = base.length === 0 ? 'Template Metadata' : `Metadata of resource '${String(base[1])}'`;
  const ignore = isMapping(block) ? block.ignore : undefined;
  if (!Array.isArray(ignore)) {
    problems.push({
      file: doc.file,
      at: doc.locate(blockPath),
      severity: 1,
      message: `${where} 'cors-lint' has no 'ignore' list (ignore: [rule-id, or {rule: rule-id, reason: ...}]), so nothing is suppressed.`,
    });
    return [];
  }
  const out: Directive[] = [];
  ignore.forEach((entry, i) => {
    const at = doc.locate([...blockPath, 'ignore', i]);
    if (typeof entry === 'string' && entry.trim() !== '') {
      out.push(make([entry.trim()], '', at));
    } else if (isMapping(entry) && typeof entry.rule === 'string' && (entry.reason === undefined || typeof entry.reason === 'string')) {
      out.push(make([entry.rule.trim()], typeof entry.reason === 'string' ? entry.reason.trim() : '', at));
    } else {
      problems.push({
        file: doc.file,
        at,
        severity: 1,
        message: `${where} 'cors-lint' ignore entry ${i + 1} is neither a rule id nor {rule: rule-id, reason: ...}, so it suppresses nothing.`,
      });
    }
  });
  return out;
}

function templateDirectives(doc: SuppressionDocument, problems: Problem[]): Directive[] {
  const value = doc.value;
  const out = metadataDirectives(
    doc,
    value,
    [],
    (rules, reason, at) => ({ kind: 'template', file: doc.file, rules, reason, at, covers: () => true, used: new Set() }),
    problems,
  );
  const resources = isMapping(value) && isMapping(value.Resources) ? value.Resources : {};
  for (const [id, resource] of Object.entries(resources)) {
    if (!isMapping(resource) || !isMapping(resource.Metadata) || !Object.hasOwn(resource.Metadata, 'cors-lint')) continue;
    const path = ['Resources', id];
    const key = doc.locate(path, 'key');
    const body = doc.locate(path);
    const first = Math.min(key.line, body.line);
    // A block ends where its last value ends; a range that closes at column 1 closed on the line before.
    const last = body.endColumn <= 1 && body.endLine > body.line ? body.endLine - 1 : body.endLine;
    out.push(
      ...metadataDirectives(
        doc,
        resource,
        path,
        (rules, reason, at) => ({
          kind: 'resource',
          file: doc.file,
          rules,
          reason,
          at,
          resource: id,
          covers: (f) => f.filePath === doc.file && f.line >= first && f.line <= last,
          used: new Set(),
        }),
        problems,
      ),
    );
  }
  return out;
}

function describe(d: Directive): string {
  switch (d.kind) {
    case 'disable-line':
      return 'cors-lint-disable-line comment';
    case 'disable-next-line':
      return 'cors-lint-disable-next-line comment';
    case 'resource':
      return `Metadata cors-lint ignore of resource '${d.resource}'`;
    case 'template':
      return 'template Metadata cors-lint ignore';
  }
}

function toFinding(p: Problem): Finding {
  return { filePath: p.file, ruleId: null, severity: p.severity, message: p.message, ...p.at };
}

/**
 * Splits findings into those that stand and those that a directive suppresses; reports directives that are
 * wrong, and (when asked) those that suppress nothing.
 */
export function applySuppressions(
  findings: readonly Finding[],
  template: SuppressionDocument,
  others: readonly SuppressionDocument[],
  options: SuppressOptions,
): SuppressOutcome {
  const problems: Problem[] = [];
  const directives: Directive[] = [...templateDirectives(template, problems), ...commentDirectives(template, problems)];
  for (const doc of others) if (doc.file !== template.file) directives.push(...commentDirectives(doc, problems));

  const known = new Set(options.ruleIds);
  for (const d of directives) {
    if (!d.rules) continue;
    const unknown = d.rules.filter((id) => !known.has(id));
    for (const id of unknown) {
      const hint = closest(id, options.ruleIds);
      problems.push({
        file: d.file,
        at: d.at,
        severity: 1,
        message: `The ${describe(d)} names rule '${id}', which cors-lint does not know${hint ? ` (did you mean '${hint}'?)` : ''}, so it suppresses nothing.`,
      });
    }
    d.rules = d.rules.filter((id) => known.has(id));
  }

  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const finding of findings) {
    if (finding.ruleId === null || finding.fatal) {
      kept.push(finding);
      continue;
    }
    const matching = directives.filter((d) => (d.rules === null || d.rules.includes(finding.ruleId!)) && d.covers(finding));
    if (matching.length === 0) {
      kept.push(finding);
      continue;
    }
    for (const d of matching) d.used.add(d.rules === null ? '*' : finding.ruleId);
    suppressed.push({ ...finding, suppressions: matching.map((d) => ({ kind: 'directive', justification: d.reason })) });
  }

  if (options.reportUnused) {
    const severity: SeverityLevel = options.reportUnused === 1 ? 1 : 2;
    for (const d of directives) {
      const unused = d.rules === null ? (d.used.size === 0 ? [null] : []) : d.rules.filter((id) => !d.used.has(id));
      for (const id of unused) {
        const what = id === null ? 'no finding' : `no '${id}' finding`;
        const scope =
          d.kind === 'disable-line' || d.kind === 'disable-next-line'
            ? `on line ${d.kind === 'disable-line' ? d.at.line : d.at.line + 1}`
            : d.kind === 'resource'
              ? 'in that resource'
              : 'in the template';
        problems.push({
          file: d.file,
          at: d.at,
          severity,
          message: `Unused ${describe(d)}: ${what} ${scope} to suppress; remove it.`,
        });
      }
    }
  }

  return { kept, suppressed, problems: problems.map(toFinding) };
}
