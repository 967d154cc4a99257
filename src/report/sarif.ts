/**
 * `sarif`: SARIF 2.1.0 for code scanning, written by hand.
 *
 * - One run. `tool.driver.rules` lists every known rule, sorted by id, with its help, `security-severity` and
 *   default level; each result points at its rule with `ruleIndex`.
 * - Paths are relative to the repository root (`ctx.baseDir`, else `ctx.cwd`) and based on `%SRCROOT%`
 *   (`originalUriBaseIds` holds the only absolute path), so the same tree gives the same file wherever it is
 *   checked out and whichever folder the run starts from.
 * - `partialFingerprints['corsLint/v1']` is the finding's own fingerprint, or, when it has none, a digest of rule,
 *   path and message (never the line), so alerts survive unrelated edits above them.
 * - Suppressed findings are results with `suppressions: [{ kind: 'inSource' }]` (a directive in the template), or
 *   `kind: 'external'` for a finding a baseline file holds (`--baseline`).
 * - Files that could not be read or parsed are not results: they are `toolExecutionNotifications` of the
 *   invocation, which is then not `executionSuccessful`.
 * - What could not be checked (`LintResult.notChecked`) is a `toolExecutionNotification` of level `note` each,
 *   whose `descriptor.id` is the item's kind (`unreadable-handler`, `remote-openapi`, …; docs/not-checked.md).
 * - No timestamps and a fixed key order: the same input gives the same bytes.
 * - GitHub's limits are kept: at most 25,000 results per run (errors kept first when there are more, with a
 *   notification saying how many were left out), at most 10 tags per rule (the number GitHub shows); related
 *   locations are capped at 10 per result and messages at 1,000 characters.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

import type * as Sarif from 'sarif';

import type { LintMessage, LintResult, RelatedLocation, RuleMeta } from '../types.js';
import { compareStrings, isError, oneLine, type FormatContext } from './context.js';
import { markdownToText, ruleHelpMarkdown, ruleHelpText } from './markdown.js';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const TOOL_NAME = 'cors-lint';
export const SRCROOT = '%SRCROOT%';
export const FINGERPRINT_KEY = 'corsLint/v1';
/** GitHub code scanning rejects a run with more results. */
export const MAX_RESULTS = 25_000;
export const MAX_RELATED_LOCATIONS = 10;
/** GitHub shows this many tags per rule (and rejects more than 20). */
export const MAX_TAGS = 10;
export const MAX_MESSAGE_LENGTH = 1_000;

/** `credentials-with-wildcard` → `CredentialsWithWildcard`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join('');
}

/** Cuts `text` to `max` characters (an ellipsis included), never between the two halves of a surrogate pair. */
export function shorten(text: string, max = MAX_MESSAGE_LENGTH): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** One path segment as a URI segment: percent-encoded except unreserved characters and `$&+,;=@`. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%(?:24|26|2B|2C|3B|3D|40)/g, (escape) =>
    decodeURIComponent(escape),
  );
}

/** `%SRCROOT%`-relative URI with forward slashes; an absolute `file:` URI when the file has no relative path. */
export function artifactLocationOf(filePath: string, cwd: string): { uri: string; uriBaseId?: string } {
  const rel = relative(cwd, filePath);
  if (rel === '' || isAbsolute(rel)) return { uri: pathToFileURL(filePath).href };
  return { uri: rel.split(sep).map(encodeSegment).join('/'), uriBaseId: SRCROOT };
}

/** The `%SRCROOT%` base: the file URL of `cwd`, with a trailing slash. */
export function srcRootUri(cwd: string): string {
  const href = pathToFileURL(cwd).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : undefined;
}

/** A 1-based region; an end that does not come after the start is left out. */
export function regionOf(pos: { line: number; column: number; endLine?: number; endColumn?: number }): Sarif.Region {
  const startLine = positive(pos.line) ?? 1;
  const startColumn = positive(pos.column) ?? 1;
  const region: Sarif.Region = { startLine, startColumn };
  const endLine = positive(pos.endLine) ?? startLine;
  const endColumn = positive(pos.endColumn);
  if (endLine < startLine) return region;
  if (endLine > startLine) region.endLine = endLine;
  if (endColumn !== undefined && (endLine > startLine || endColumn >= startColumn)) {
    region.endLine = endLine;
    region.endColumn = endColumn;
  }
  return region;
}

/** Artifacts in order of first mention, each once; locations refer to them by index. */
class ArtifactTable {
  readonly artifacts: Sarif.Artifact[] = [];
  private readonly indexes = new Map<string, number>();

  constructor(private readonly cwd: string) {}

  locate(filePath: string): Sarif.ArtifactLocation {
    const location = artifactLocationOf(filePath, this.cwd);
    let index = this.indexes.get(filePath);
    if (index === undefined) {
      index = this.artifacts.length;
      this.indexes.set(filePath, index);
      this.artifacts.push({ location: { ...location } });
    }
    return { ...location, index };
  }
}

function escapeLinkText(text: string): string {
  return text.replace(/[[\]\\]/g, (ch) => `\\${ch}`);
}

/** Keeps text that merely looks like an embedded link (`[x](1)`) from being read as one. */
function escapeLinkLookalikes(text: string): string {
  return text.replace(/\[([^\]]*)\]\(/g, (_m, inner: string) => `\\[${inner}\\](`);
}

function levelOf(message: LintMessage): 'error' | 'warning' {
  return isError(message) ? 'error' : 'warning';
}

/**
 * A message's fix, then its suggestions, as SARIF fixes: one description each, and text replacements in the file
 * (offsets in UTF-16 code units, as the columns are counted).
 */
function fixesOf(message: LintMessage, artifactLocation: Sarif.ArtifactLocation): Sarif.Fix[] {
  const proposed = [...(message.fix ? [message.fix] : []), ...(message.suggestions ?? []).map((s) => s.fix)];
  return proposed.map((fix) => ({
    description: { text: fix.desc },
    artifactChanges: [
      {
        artifactLocation,
        replacements: fix.edits.map((e) => ({
          deletedRegion: { charOffset: e.range[0], charLength: e.range[1] - e.range[0] },
          ...(e.text !== '' ? { insertedContent: { text: e.text } } : {}),
        })),
      },
    ],
  }));
}

/** The rule a finding the rule raised (it has a security severity of its own) is reported under. */
export function raisedRuleId(ruleId: string): string {
  return `${ruleId}/raised`;
}

/**
 * A rule as SARIF describes it; with `raised`, the rule for the findings it raises to errors (`<id>/raised`),
 * whose security severity is `raisedSecuritySeverity`: code scanning reads the security severity from the rule
 * alone.
 */
function ruleDescriptor(meta: RuleMeta, ctx: FormatContext, raised = false): Sarif.ReportingDescriptor {
  const helpUri = ctx.helpUri(meta.id);
  const tags = [...new Set(meta.tags)].slice(0, MAX_TAGS);
  const properties: Sarif.PropertyBag = { tags, precision: 'high' };
  const score = raised ? (meta.raisedSecuritySeverity ?? meta.securitySeverity) : meta.securitySeverity;
  // 0 means no security impact: leave the score out, so that code scanning ranks the alert by its level.
  if (Number.isFinite(score) && score > 0) {
    properties['security-severity'] = Math.min(10, Math.max(0, score)).toFixed(1);
  }
  return {
    id: raised ? raisedRuleId(meta.id) : meta.id,
    name: raised ? `${pascalCase(meta.id)}Raised` : pascalCase(meta.id),
    shortDescription: { text: raised ? `${meta.summary} (a finding the rule raises to an error)` : meta.summary },
    fullDescription: { text: markdownToText(meta.docs.why) || meta.summary },
    help: { text: ruleHelpText(meta, helpUri), markdown: ruleHelpMarkdown(meta, helpUri) },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: raised ? 'error' : meta.severity },
    properties,
  };
}

interface Pending {
  result: Sarif.Result;
  error: boolean;
  suppressed: boolean;
}

/** Builds the SARIF log object (see {@link formatSarif} for the text). */
export function buildSarifLog(results: LintResult[], ctx: FormatContext): Sarif.Log {
  const metas = Object.values(ctx.rulesMeta).sort((a, b) => compareStrings(a.id, b.id));
  const rules = metas.map((meta) => ruleDescriptor(meta, ctx));
  const ruleIndexes = new Map(metas.map((meta, index) => [meta.id, index] as const));
  // the rules of findings raised to errors, after the others, in the order of their first finding
  const reportedUnder = (ruleId: string, message: LintMessage): string => {
    const meta = ctx.rulesMeta[ruleId];
    if (!meta || message.securitySeverity === undefined || message.securitySeverity !== meta.raisedSecuritySeverity) return ruleId;
    const raised = raisedRuleId(ruleId);
    if (!ruleIndexes.has(raised)) {
      ruleIndexes.set(raised, rules.length);
      rules.push(ruleDescriptor(meta!, ctx, true));
    }
    return raised;
  };

  const root = ctx.baseDir ?? ctx.cwd;
  const table = new ArtifactTable(root);
  for (const result of results) table.locate(result.filePath);

  const pending: Pending[] = [];
  const notifications: Sarif.Notification[] = [];
  let fatalCount = 0;
  const occurrences = new Map<string, number>();

  const fingerprintOf = (message: LintMessage, ruleId: string, uri: string): string => {
    if (message.fingerprint) return message.fingerprint;
    const key = `${ruleId}\u0000${uri}\u0000${message.message}`;
    const seen = (occurrences.get(key) ?? 0) + 1;
    occurrences.set(key, seen);
    return createHash('sha256').update(`${key}\u0000${seen}`).digest('hex').slice(0, 32);
  };

  const relatedOf = (locations: RelatedLocation[]): Sarif.Location[] =>
    locations.slice(0, MAX_RELATED_LOCATIONS).map((loc, index) => ({
      id: index + 1,
      physicalLocation: { artifactLocation: table.locate(loc.filePath), region: regionOf(loc) },
      message: { text: shorten(oneLine(loc.message) || `${artifactLocationOf(loc.filePath, root).uri}:${loc.line}`) },
    }));

  const toResult = (file: string, message: LintMessage, ownRuleId: string, suppressed: boolean): Pending => {
    const ruleId = reportedUnder(ownRuleId, message);
    const artifactLocation = table.locate(file);
    const related = relatedOf(message.relatedLocations ?? []);
    let text = escapeLinkLookalikes(shorten(oneLine(message.message)));
    if (related.length > 0) {
      const links = related.map((loc) => `[${escapeLinkText(loc.message?.text ?? '')}](${loc.id ?? 0})`);
      const more = (message.relatedLocations?.length ?? 0) - related.length;
      text += ` Related: ${links.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`;
    }
    const ruleIndex = ruleIndexes.get(ruleId);
    const result: Sarif.Result = {
      ruleId,
      ...(ruleIndex !== undefined ? { ruleIndex } : {}),
      level: levelOf(message),
      message: { text },
      locations: [{ physicalLocation: { artifactLocation, region: regionOf(message) } }],
      ...(related.length > 0 ? { relatedLocations: related } : {}),
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprintOf(message, ownRuleId, artifactLocation.uri ?? file) },
    };
    const fixes = suppressed ? [] : fixesOf(message, artifactLocation);
    if (fixes.length > 0) result.fixes = fixes;
    if (suppressed) {
      const given = message.suppressions ?? [];
      result.suppressions = (given.length > 0 ? given : [{ justification: '' }]).map((s) => ({
        // a baseline file is outside the source; a directive is in it
        kind: 'kind' in s && s.kind === 'baseline' ? 'external' : 'inSource',
        ...(s.justification ? { justification: s.justification } : {}),
      }));
    }
    return { result, error: isError(message), suppressed };
  };

  for (const lint of results) {
    for (const message of lint.messages) {
      if (message.fatal || message.ruleId === null) {
        if (message.fatal) fatalCount += 1;
        notifications.push({
          level: levelOf(message),
          message: { text: shorten(oneLine(message.message)) },
          locations: [
            { physicalLocation: { artifactLocation: table.locate(lint.filePath), region: regionOf(message) } },
          ],
        });
      } else {
        pending.push(toResult(lint.filePath, message, message.ruleId, false));
      }
    }
    for (const message of lint.suppressedMessages) {
      if (message.ruleId !== null && !message.fatal) {
        pending.push(toResult(lint.filePath, message, message.ruleId, true));
      }
    }
    // what could not be checked: a notification each, its kind the descriptor's stable id
    for (const item of lint.notChecked ?? []) {
      notifications.push({
        level: 'note',
        descriptor: { id: item.kind },
        message: { text: shorten(oneLine(item.message)) },
        locations: [{ physicalLocation: { artifactLocation: table.locate(lint.filePath), region: regionOf(item) } }],
        properties: { notChecked: true, ...(item.reason ? { reason: item.reason } : {}), ...(item.detail ? { detail: item.detail } : {}) },
      });
    }
  }

  let kept = pending;
  if (pending.length > MAX_RESULTS) {
    // Keep unsuppressed errors first, then unsuppressed warnings, then suppressed ones; print them in the
    // original order.
    const rank = (p: Pending): number => (p.suppressed ? 2 : p.error ? 0 : 1);
    const chosen = pending
      .map((p, index) => ({ p, index }))
      .sort((a, b) => rank(a.p) - rank(b.p) || a.index - b.index)
      .slice(0, MAX_RESULTS)
      .sort((a, b) => a.index - b.index);
    kept = chosen.map(({ p }) => p);
    notifications.push({
      level: 'warning',
      message: {
        text: `${pending.length - MAX_RESULTS} of ${pending.length} results were left out: code scanning accepts at most ${MAX_RESULTS} results per run.`,
      },
    });
  }

  const semver = ctx.toolVersion.replace(/^v/, '');
  const driver: Sarif.ToolComponent = {
    name: TOOL_NAME,
    version: ctx.toolVersion,
    ...(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(semver) ? { semanticVersion: semver } : {}),
    ...(ctx.informationUri ? { informationUri: ctx.informationUri } : {}),
    rules,
  };

  const invocation: Sarif.Invocation = {
    executionSuccessful: fatalCount === 0,
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
  };

  const run: Sarif.Run = {
    tool: { driver },
    invocations: [invocation],
    originalUriBaseIds: { [SRCROOT]: { uri: srcRootUri(root) } },
    artifacts: table.artifacts,
    columnKind: 'utf16CodeUnits',
    results: kept.map((p) => p.result),
  };

  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

export function formatSarif(results: LintResult[], ctx: FormatContext): string {
  return `${JSON.stringify(buildSarifLog(results, ctx), null, 2)}\n`;
}
