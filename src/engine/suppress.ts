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
import type { Path, Range, RuleMeta, SeverityLevel } from '../types.js';
import { fingerprintOf, type Finding } from './run.js';
import { closest } from './registry.js';
import { ruleDocUrl } from '../meta.js';

/** The rule id of a directive that suppresses nothing (`--report-unused-disable-directives`). */
export const UNUSED_DIRECTIVE = 'unused-disable-directive';
/** The rule id of a directive that is malformed or names a rule cors-lint does not know. */
export const INVALID_DIRECTIVE = 'invalid-disable-directive';

const DIRECTIVE_LINKS = [ruleDocUrl(UNUSED_DIRECTIVE)];

/**
 * The two checks of the suppressions themselves, described as rules are (for SARIF's rule list and formatter
 * packages): their findings carry these ids in every format. They are not rules: `--rule` and configuration do
 * not name them; `--report-unused-disable-directives` turns the first on.
 */
export const DIRECTIVE_CHECKS: readonly RuleMeta[] = Object.freeze([
  {
    id: INVALID_DIRECTIVE,
    severity: 'warning',
    summary: 'A suppression comment or Metadata entry is malformed or names a rule cors-lint does not know, so it suppresses nothing.',
    tags: ['maintainability'],
    securitySeverity: 0,
    docs: {
      why: 'A suppression that names a misspelt rule, or a `Metadata` entry in another shape, suppresses nothing: the finding it was meant for still fails the run, or a later one slips past a reviewer who believes it waived.',
      invalid: "AllowOrigins: ['*'] # cors-lint-disable-line wildcard-orign -- public data",
      valid: "AllowOrigins: ['*'] # cors-lint-disable-line wildcard-origin -- public data",
      fix: 'Name the rule as `--print-rules` lists it, and write `Metadata` entries as a rule id or `{ rule: id, reason: ... }`.',
      links: DIRECTIVE_LINKS,
    },
  },
  {
    id: UNUSED_DIRECTIVE,
    severity: 'error',
    summary: 'A suppression comment or Metadata entry suppresses nothing (reported with --report-unused-disable-directives).',
    tags: ['maintainability'],
    securitySeverity: 0,
    docs: {
      why: 'A suppression that no longer matches a finding (the value was fixed, or the line moved) is a stale exception: it would silently waive the next finding that appears there.',
      invalid: "AllowOrigins: [https://app.example.com] # cors-lint-disable-line wildcard-origin -- public data",
      valid: 'AllowOrigins: [https://app.example.com]',
      fix: 'Remove the comment or the `Metadata` entry.',
      links: DIRECTIVE_LINKS,
    },
  },
]);

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
  /** A file's path relative to the repository root, for the fingerprints of the directives' own findings. */
  relativePath?: (file: string) => string;
}

export interface SuppressOutcome {
  /** Findings that stand. */
  kept: Finding[];
  /** Findings that a directive suppressed, each with `suppressions`. */
  suppressed: Finding[];
  /** Problems with the directives themselves ({@link INVALID_DIRECTIVE}, {@link UNUSED_DIRECTIVE}). */
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
  /** Its place as fingerprints read it: the comment's text, or the entry's path in the document. */
  place: string;
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
  ruleId: typeof INVALID_DIRECTIVE | typeof UNUSED_DIRECTIVE;
  file: string;
  at: Range;
  /** What the fingerprint reads of the place: the directive's text or its path in the document, not its line. */
  place: string;
  /** The rule id or entry the problem is about. */
  value: string;
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
    const place = `comment:${comment.source.trim()}`;
    const name = m[1]!;
    if (name !== 'cors-lint-disable-line' && name !== 'cors-lint-disable-next-line') {
      problems.push({
        ruleId: INVALID_DIRECTIVE,
        file: doc.file,
        at,
        place,
        value: name,
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
      place,
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
  make: (rules: string[], reason: string, at: Range, place: string) => Directive,
  problems: Problem[],
): Directive[] {
  if (!isMapping(node) || !isMapping(node.Metadata) || !Object.hasOwn(node.Metadata, 'cors-lint')) return [];
  const block = node.Metadata['cors-lint'];
  const blockPath = [...base, 'Metadata', 'cors-lint'];
  const where = base.length === 0 ? 'Template Metadata' : `Metadata of resource '${String(base[1])}'`;
  const ignore = isMapping(block) ? block.ignore : undefined;
  if (!Array.isArray(ignore)) {
    problems.push({
      ruleId: INVALID_DIRECTIVE,
      file: doc.file,
      at: doc.locate(blockPath),
      place: blockPath.join('\u0000'),
      value: '',
      severity: 1,
      message: `${where} 'cors-lint' has no 'ignore' list (ignore: [rule-id, or {rule: rule-id, reason: ...}]), so nothing is suppressed.`,
    });
    return [];
  }
  const out: Directive[] = [];
  ignore.forEach((entry, i) => {
    const at = doc.locate([...blockPath, 'ignore', i]);
    // the entry's rule rather than its index, so that an entry keeps its place when another is added before it
    const place = (rule: string) => [...blockPath, 'ignore', rule].join('\u0000');
    if (typeof entry === 'string' && entry.trim() !== '') {
      out.push(make([entry.trim()], '', at, place(entry.trim())));
    } else if (isMapping(entry) && typeof entry.rule === 'string' && (entry.reason === undefined || typeof entry.reason === 'string')) {
      out.push(make([entry.rule.trim()], typeof entry.reason === 'string' ? entry.reason.trim() : '', at, place(entry.rule.trim())));
    } else {
      problems.push({
        ruleId: INVALID_DIRECTIVE,
        file: doc.file,
        at,
        place: place(JSON.stringify(entry) ?? ''),
        value: '',
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
    (rules, reason, at, place) => ({ kind: 'template', file: doc.file, rules, reason, at, place, covers: () => true, used: new Set() }),
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
        (rules, reason, at, place) => ({
          kind: 'resource',
          file: doc.file,
          rules,
          reason,
          at,
          place,
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

/** The problems as findings, each with its fingerprint (from its rule, file, place and value; never its line). */
function toFindings(problems: readonly Problem[], relativePath: (file: string) => string): Finding[] {
  const seen = new Map<string, number>();
  return problems.map((p) => {
    const parts = { ruleId: p.ruleId, file: relativePath(p.file), place: p.place, value: p.value };
    const same = fingerprintOf(parts, 0);
    const n = seen.get(same) ?? 0;
    seen.set(same, n + 1);
    return { filePath: p.file, ruleId: p.ruleId, severity: p.severity, message: p.message, ...p.at, fingerprint: n === 0 ? same : fingerprintOf(parts, n) };
  });
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
        ruleId: INVALID_DIRECTIVE,
        file: d.file,
        at: d.at,
        place: d.place,
        value: id,
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
          ruleId: UNUSED_DIRECTIVE,
          file: d.file,
          at: d.at,
          place: d.place,
          value: id ?? '*',
          severity,
          message: `Unused ${describe(d)}: ${what} ${scope} to suppress; remove it.`,
        });
      }
    }
  }

  return { kept, suppressed, problems: toFindings(problems, options.relativePath ?? ((f) => f)) };
}
