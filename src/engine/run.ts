import { createHash } from 'node:crypto';
import type { Cond, Loc, LintMessage, Path, Range, RelatedLocation, SeverityName } from '../types.js';
import { isLoc, type Rule, type Target } from './rule.js';

/** What the engine needs of a source file to turn locations into positions. */
export interface PositionSource {
  locate(path: Path, which?: 'value' | 'key'): Range;
}

/** Finds the document that a location's file names; `undefined` when the engine has never seen that file. */
export type DocumentLookup = (file: string) => PositionSource | undefined;

export interface RuleSettings {
  /** Severity per rule id set by the user (configuration, `--rule`); rules not listed run at their defaults. */
  severities?: Readonly<Record<string, SeverityName>>;
  /** Options per rule id, merged over the rule's `defaultOptions`. */
  options?: Readonly<Record<string, Record<string, unknown>>>;
}

/** A finding before it is grouped by file: an ESLint message plus the file it belongs to. */
export interface Finding extends LintMessage {
  filePath: string;
}

export class RuleError extends Error {
  constructor(
    readonly ruleId: string,
    readonly failure: unknown,
  ) {
    super(`rule '${ruleId}' failed: ${failure instanceof Error ? failure.message : String(failure)}`);
  }
}

const FALLBACK_RANGE: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };

function describeConditions(when: readonly Cond[] | undefined): string {
  if (!when || when.length === 0) return '';
  const parts = when.map((c) => `${c.name} is ${c.value ? 'true' : 'false'}`);
  return ` (when ${parts.join(' and ')})`;
}

/** Puts a condition note at the end of the sentence, before its final period. */
export function withConditions(message: string, note: string): string {
  if (!note) return message;
  return message.endsWith('.') ? `${message.slice(0, -1)}${note}.` : `${message}${note}`;
}

/** Stable text of a location, independent of line numbers: the logical path, or the source line's text. */
function logicalKey(loc: Loc): string {
  if (loc.path.length > 0) return loc.path.map(String).join('\u0000');
  return loc.range ? `@${loc.range.line}:${loc.range.column}` : '';
}

/**
 * Runs rules over a model and turns their reports into positioned findings. The engine knows nothing of any
 * particular rule: rules are handed to it.
 */
export function runRules<Model>(
  rules: ReadonlyArray<Rule<Model>>,
  model: Model,
  documents: DocumentLookup,
  settings: RuleSettings = {},
  relativePath: (file: string) => string = (f) => f,
): Finding[] {
  const findings: Finding[] = [];
  const position = (loc: Loc): Range => {
    if (loc.range) return loc.range;
    const doc = documents(loc.file);
    return doc ? doc.locate(loc.path, loc.key ? 'key' : 'value') : FALLBACK_RANGE;
  };
  const toLoc = (target: Target): { loc: Loc; via: Target[]; viaNotes: string[]; when?: readonly Cond[] } => {
    if (isLoc(target)) return { loc: target, via: [], viaNotes: [] };
    const via = target.via ?? [];
    return { loc: target.loc, via: via.map((v) => v.loc), viaNotes: via.map((v) => v.note), when: target.when };
  };

  for (const rule of rules) {
    const configured = settings.severities?.[rule.id];
    if (configured === 'off') continue;
    const options = { ...(rule.defaultOptions ?? {}), ...(settings.options?.[rule.id] ?? {}) };
    const seen = new Map<string, number>();
    try {
      rule.check(model, {
        options,
        report(descriptor) {
          const primary = toLoc(descriptor.at);
          const range = position(primary.loc);
          const severityName = configured ?? descriptor.severity ?? rule.severity;
          const related: RelatedLocation[] = [];
          const addRelated = (loc: Loc, message: string): void => {
            const r = position(loc);
            related.push({ filePath: loc.file, ...r, message });
          };
          primary.via.forEach((v, i) => addRelated(isLoc(v) ? v : v.loc, primary.viaNotes[i] ?? 'via'));
          for (const extra of descriptor.related ?? []) {
            addRelated(isLoc(extra.at) ? extra.at : extra.at.loc, extra.message);
          }
          const message = withConditions(descriptor.message, describeConditions(primary.when));
          const base = [rule.id, relativePath(primary.loc.file), logicalKey(primary.loc), message].join('\u0001');
          const n = seen.get(base) ?? 0;
          seen.set(base, n + 1);
          const fingerprint = createHash('sha256').update(`${base}\u0001${n}`).digest('hex').slice(0, 32);
          const finding: Finding = {
            filePath: primary.loc.file,
            ruleId: rule.id,
            severity: severityName === 'error' ? 2 : 1,
            message,
            ...range,
            fingerprint,
          };
          if (related.length > 0) finding.relatedLocations = related;
          findings.push(finding);
        },
      });
    } catch (error) {
      throw new RuleError(rule.id, error);
    }
  }
  return findings;
}

export function compareFindings(a: LintMessage, b: LintMessage): number {
  return (
    a.line - b.line ||
    a.column - b.column ||
    (a.ruleId ?? '').localeCompare(b.ruleId ?? '') ||
    a.message.localeCompare(b.message)
  );
}
