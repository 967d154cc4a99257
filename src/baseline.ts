/**
 * Baselines, for adopting cors-lint in a repository that already has findings: `--write-baseline FILE` records
 * today's findings by fingerprint, `--baseline FILE` reports (and fails on) only the others. A baselined finding
 * is a suppressed one (`suppressedMessages`, suppression kind `baseline`): SARIF marks it suppressed (`external`),
 * the other reports leave it out, `--verbose` lists it.
 *
 * The file is JSON: `{ "version": 1, "findings": [{ "fingerprint", "ruleId", "file", "message" }] }`, sorted by
 * file, rule and fingerprint so that it diffs well. Only the fingerprint is matched (it already holds the rule
 * and the file, relative to the repository root); the rest is for the people who review the file. Files that
 * cannot be read are never baselined: they have no fingerprint, and fail the run until they are fixed.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { isLoadError, loadDocumentText } from './load/index.js';
import type { LintMessage, LintResult } from './types.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  /** Relative to the repository root, with `/`. */
  file: string;
  message: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  findings: BaselineEntry[];
}

/** A baseline file that cannot be used; the message names the file and, where it can, the line and column. */
export class BaselineError extends Error {}

function repositoryPath(file: string, baseDir: string): string {
  const rel = relative(baseDir, file);
  return (rel === '' || isAbsolute(rel) ? file : rel).split(sep).join('/');
}

/** The baseline of these results: every finding that stands (not suppressed, not a file that cannot be read). */
export function createBaseline(results: readonly LintResult[], baseDir: string): Baseline {
  const findings: BaselineEntry[] = [];
  for (const result of results) {
    for (const m of result.messages) {
      if (m.fatal || m.ruleId === null || m.fingerprint === undefined) continue;
      findings.push({ fingerprint: m.fingerprint, ruleId: m.ruleId, file: repositoryPath(result.filePath, baseDir), message: m.message });
    }
  }
  const key = (e: BaselineEntry) => `${e.file}\u0000${e.ruleId}\u0000${e.fingerprint}`;
  findings.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { version: BASELINE_VERSION, findings };
}

export function formatBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** Where the document loader (which places every syntax error) finds text that `JSON.parse` refused. */
function positionOf(text: string): string {
  try {
    loadDocumentText(text, 'baseline.json');
  } catch (error) {
    if (isLoadError(error)) return `${error.line}:${error.column}`;
  }
  return '1:1';
}

/** Reads a baseline file's text; `name` is how messages name the file. */
export function parseBaseline(text: string, name: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message.split(/, \.\.\."|, "|\n| in JSON at position/)[0];
    throw new BaselineError(`${name}:${positionOf(text)}: not valid JSON: ${reason}`);
  }
  const findings = (data as { findings?: unknown } | null)?.findings;
  if (typeof data !== 'object' || data === null || (data as { version?: unknown }).version !== BASELINE_VERSION || !Array.isArray(findings)) {
    throw new BaselineError(`${name}: not a cors-lint baseline (expected {"version": ${BASELINE_VERSION}, "findings": [...]}, as --write-baseline writes)`);
  }
  findings.forEach((entry, i) => {
    if (typeof (entry as { fingerprint?: unknown } | null)?.fingerprint !== 'string') {
      throw new BaselineError(`${name}: findings[${i}] has no fingerprint`);
    }
  });
  return data as Baseline;
}

/** What applying a baseline did. */
export interface BaselineOutcome {
  results: LintResult[];
  /** Findings the baseline holds, now suppressed. */
  known: number;
  /** Baseline entries that match no finding any more (fixed, or changed). */
  stale: number;
}

/**
 * Moves the findings whose fingerprint the baseline holds to `suppressedMessages` (kind `baseline`, with `name` in
 * the justification) and recounts errors and warnings. Each entry covers one finding.
 */
export function applyBaseline(results: readonly LintResult[], baseline: Baseline, name: string): BaselineOutcome {
  const open = new Set(baseline.findings.map((e) => e.fingerprint));
  let known = 0;
  const out = results.map((result) => {
    const kept: LintMessage[] = [];
    const suppressed: LintMessage[] = [...result.suppressedMessages];
    for (const m of result.messages) {
      if (!m.fatal && m.fingerprint !== undefined && open.delete(m.fingerprint)) {
        known++;
        suppressed.push({ ...m, suppressions: [{ kind: 'baseline', justification: `in the baseline ${name}` }] });
      } else {
        kept.push(m);
      }
    }
    if (kept.length === result.messages.length) return result;
    return {
      ...result,
      messages: kept,
      suppressedMessages: suppressed,
      errorCount: kept.filter((m) => m.severity === 2).length,
      warningCount: kept.filter((m) => m.severity === 1).length,
      fatalErrorCount: kept.filter((m) => m.fatal).length,
    };
  });
  return { results: out, known, stale: open.size };
}
