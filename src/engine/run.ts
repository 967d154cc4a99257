import { createHash } from 'node:crypto';
import type { Cond, Loc, LintMessage, Path, Range, RelatedLocation, SeverityName } from '../types.js';
import { resolveFixes, type EditorLookup, type PendingFix } from '../fix/message.js';
import { isLoc, type ReportDescriptor, type Rule, type Target } from './rule.js';

/** What the engine needs of a source file to turn locations into positions. */
export interface PositionSource {
  locate(path: Path, which?: 'value' | 'key'): Range;
  /** The YAML aliases a path goes through, outermost first: where a value reached through them is used. */
  aliasesOn?(path: Path): ReadonlyArray<{ name: string; range: Range }>;
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

/** How a message names a pseudo parameter that takes one of several values (`(when the region is eu-west-1)`). */
const CHOICE_SUBJECTS: Record<string, string> = { 'AWS::Region': 'the region', 'AWS::AccountId': 'the account', 'AWS::StackName': 'the stack name' };

function describeConditions(when: readonly Cond[] | undefined): string {
  if (!when || when.length === 0) return '';
  const parts = when.map((c) => (typeof c.value === 'string' ? `${CHOICE_SUBJECTS[c.name] ?? c.name} is ${c.value}` : `${c.name} is ${c.value ? 'true' : 'false'}`));
  return ` (when ${parts.join(' and ')})`;
}

/** Puts a condition note at the end of the sentence, before its final period. */
/** An echoed value longer than this is shortened in messages. */
export const MAX_ECHOED = 120;

/**
 * Values a message quotes (`'…'`, or `"…"` for a value holding a single quote) are shortened to a readable
 * length: a 60 KB origin is echoed as its first characters, an ellipsis and its length. Linear in the message (a
 * scan from an opening quote stops at the next quote).
 */
export function shortenEchoes(message: string): string {
  if (message.length <= MAX_ECHOED) return message;
  // a quote opens after a blank or bracket and closes before a blank, bracket or punctuation, so that the text
  // between two quoted values ("'A' (and … 'B'") is never taken for one
  return message.replace(/(^|[\s([])(?:'([^'\n]{121,}?)'|"([^"\n]{121,}?)")(?=$|[\s),.;:!?\]])/g, (_all, before: string, single?: string, double?: string) => {
    const q = single !== undefined ? "'" : '"';
    const value = single ?? double ?? '';
    return `${before}${q}${value.slice(0, 80).trimEnd()}…${q} (${value.length} characters)`;
  });
}

export function withConditions(message: string, note: string): string {
  if (!note) return message;
  return message.endsWith('.') ? `${message.slice(0, -1)}${note}.` : `${message}${note}`;
}

/** The text of a source file at a range, for the fingerprints of findings in files that are not templates. */
export type SnippetLookup = (file: string, range: Range) => string | undefined;

/** A template value as a fingerprint reads it: a known scalar as written (trimmed), anything else as JSON. */
function normalizedValue(target: Target): string {
  if (isLoc(target)) return '';
  const val = target as { known?: unknown; value?: unknown };
  if (val.known !== true) return '';
  return typeof val.value === 'string' ? val.value.trim() : JSON.stringify(val.value) ?? '';
}

/**
 * What a finding is about, independent of line numbers and of how its message is worded: the logical path of
 * its place in the document (resource and property path); for a place given as a range (code in a handler, a
 * key written twice), that path and the text at the range with its blanks collapsed.
 */
function placeKey(loc: Loc, snippet: SnippetLookup | undefined): string {
  const path = loc.path.map(String).join('\u0000');
  if (!loc.range) return path;
  const text = snippet?.(loc.file, loc.range);
  if (text !== undefined) return `${path}\u0000code:${text.replace(/\s+/g, ' ').trim()}`;
  return path !== '' ? path : `@${loc.range.line}:${loc.range.column}`;
}

/** What a finding's fingerprint is made of (see {@link fingerprintOf}). */
export interface FindingIdentity {
  ruleId: string;
  /** The file, relative to the repository root. */
  file: string;
  place: string;
  value: string;
  key?: string;
  /** For a finding in a file other than the template's (a handler): the template, relative to the root. */
  template?: string;
}

/** What the engine needs to give findings their fingerprints. */
export interface IdentityContext {
  /** A file's path relative to the repository root (default: as given). */
  relativePath?: (file: string) => string;
  /** The text of a file that is not a template, at a range. */
  snippet?: SnippetLookup;
  /** The template the rules run on. */
  template?: string;
}

/** The identity of a finding a rule reports at `loc` (its primary location). */
export function identityOf(ruleId: string, file: string, loc: Loc, descriptor: Pick<ReportDescriptor, 'at' | 'key'>, snippet?: SnippetLookup): FindingIdentity {
  return { ruleId, file, place: placeKey(loc, snippet), value: normalizedValue(descriptor.at), key: descriptor.key };
}

/**
 * The fingerprint of a finding (32 hex digits): a digest of its rule, its file (relative to the repository root,
 * with `/`), its place (see {@link placeKey}), the value it reports, the rule's `key` and, for a finding outside
 * the template, the template; and how many findings before it of the template's run share all of these. Never the message, the line or the routes and subjects a message
 * names: adding a route, rewording a message or moving lines keeps it.
 */
export function fingerprintOf(parts: FindingIdentity, occurrence: number): string {
  const base = [parts.ruleId, parts.file.split('\\').join('/'), parts.place, parts.value, parts.key ?? '', (parts.template ?? '').split('\\').join('/')].join('\u0001');
  // the first 16 bytes in hex: a string of its own (a slice of the whole digest's text would keep all of it)
  return createHash('sha256').update(`${base}\u0001${occurrence}`).digest().toString('hex', 0, 16);
}

/**
 * Runs rules over a model and turns their reports into positioned findings. The engine knows nothing of any
 * particular rule: rules are handed to it. `facts` goes into every rule's context as it is. With `editors`, a
 * rule's fix and suggestions become text edits on the finding's file (`src/fix/`).
 */
export function runRules<Model, Facts extends object = object>(
  rules: ReadonlyArray<Rule<Model, Record<string, unknown>, Facts>>,
  model: Model,
  documents: DocumentLookup,
  settings: RuleSettings = {},
  identity: IdentityContext = {},
  facts: Facts = {} as Facts,
  editors?: EditorLookup,
): Finding[] {
  const relativePath = identity.relativePath ?? ((f: string) => f);
  const template = identity.template === undefined ? undefined : relativePath(identity.template);
  const findings: Finding[] = [];
  // fixes are checked together once every rule has reported (one read of each edited document, not one a fix);
  // the fields set after them keep their place in each finding
  const pending: PendingFix[] = [];
  const raisedSeverities: Array<[Finding, number]> = [];
  const position = (loc: Loc): Range => {
    if (loc.range) return loc.range;
    const doc = documents(loc.file);
    return doc ? doc.locate(loc.path, loc.key ? 'key' : 'value') : FALLBACK_RANGE;
  };
  /** A value reached through YAML aliases is located at its anchor; each alias on the way is where it is used. */
  const uses = (loc: Loc): RelatedLocation[] => {
    if (loc.range) return [];
    const aliases = documents(loc.file)?.aliasesOn?.(loc.path) ?? [];
    return aliases.map(({ name, range }) => ({ filePath: loc.file, ...range, message: `used here, through the alias '*${name}'` }));
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
        ...facts,
        options,
        report(descriptor) {
          const primary = toLoc(descriptor.at);
          const range = position(primary.loc);
          const severityName = configured ?? descriptor.severity ?? rule.severity;
          const related: RelatedLocation[] = uses(primary.loc);
          const addRelated = (loc: Loc, message: string): void => {
            const r = position(loc);
            related.push({ filePath: loc.file, ...r, message: shortenEchoes(message) });
          };
          primary.via.forEach((v, i) => addRelated(isLoc(v) ? v : v.loc, primary.viaNotes[i] ?? 'via'));
          for (const extra of descriptor.related ?? []) {
            addRelated(isLoc(extra.at) ? extra.at : extra.at.loc, extra.message);
          }
          const message = shortenEchoes(withConditions(descriptor.message, describeConditions(primary.when)));
          const file = relativePath(primary.loc.file);
          const parts = identityOf(rule.id, file, primary.loc, descriptor, identity.snippet);
          // a finding in another file (a handler several templates reach) is told apart by the template too
          if (template !== undefined && file !== template) parts.template = template;
          const same = fingerprintOf(parts, 0);
          const n = seen.get(same) ?? 0;
          seen.set(same, n + 1);
          const fingerprint = n === 0 ? same : fingerprintOf(parts, n);
          const finding: Finding = {
            filePath: primary.loc.file,
            ruleId: rule.id,
            severity: severityName === 'error' ? 2 : 1,
            message,
            ...range,
            fingerprint,
          };
          if (related.length > 0) finding.relatedLocations = related;
          if (editors && (descriptor.fix || (descriptor.suggest && descriptor.suggest.length > 0))) {
            pending.push({ target: finding, file: primary.loc.file, fix: descriptor.fix, suggest: descriptor.suggest });
          }
          // a finding the rule raises above its default, which the rule rates higher: whatever severity is configured
          const raised = rule.raisedSecuritySeverity;
          if (descriptor.severity === 'error' && rule.severity === 'warning' && raised !== undefined && raised !== rule.securitySeverity) raisedSeverities.push([finding, raised]);
          findings.push(finding);
        },
      });
    } catch (error) {
      throw new RuleError(rule.id, error);
    }
  }
  if (editors && pending.length > 0) resolveFixes(pending, editors);
  for (const [finding, raised] of raisedSeverities) finding.securitySeverity = raised;
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
