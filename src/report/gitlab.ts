/**
 * `gitlab`: a GitLab Code Quality report (the subset of the Code Climate issue format that GitLab reads): a JSON
 * array of issues with `description`, `check_name`, `fingerprint`, `severity` and `location.path` /
 * `location.lines.begin`. Point `artifacts.reports.codequality` at the file and merge requests show the
 * findings.
 *
 * - Paths are relative to the repository root (`ctx.baseDir`, else `ctx.cwd`) with forward slashes (GitLab matches
 *   them against the repository's paths).
 * - Severities: error → `major`, warning → `minor`; a file that could not be read or parsed → `blocker`
 *   (check name `cors-lint/fatal`).
 * - The fingerprint is the finding's own line-independent fingerprint (so an issue keeps its identity when
 *   lines move), or a digest of rule, path and message; an occurrence number keeps equal findings apart, because
 *   GitLab shows only one issue per fingerprint.
 * - Suppressed findings are left out: the format has no way to show them.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';

import type { LintMessage, LintResult } from '../types.js';
import { isError, oneLine, type FormatContext } from './context.js';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface CodeQualityIssue {
  type: 'issue';
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  categories: string[];
  location: { path: string; lines: { begin: number; end?: number } };
}

export const FATAL_CHECK_NAME = 'cors-lint/fatal';

function repositoryPath(filePath: string, cwd: string): string {
  const rel = relative(cwd, filePath);
  if (rel === '' || isAbsolute(rel)) return filePath.split(sep).join('/');
  return rel.split(sep).join('/');
}

function severityOf(message: LintMessage): CodeQualitySeverity {
  if (message.fatal) return 'blocker';
  return isError(message) ? 'major' : 'minor';
}

export function buildGitlabReport(results: LintResult[], ctx: Pick<FormatContext, 'cwd' | 'baseDir' | 'rulesMeta'>): CodeQualityIssue[] {
  const issues: CodeQualityIssue[] = [];
  const used = new Map<string, number>();
  for (const result of results) {
    const path = repositoryPath(result.filePath, ctx.baseDir ?? ctx.cwd);
    for (const message of result.messages) {
      const checkName = message.ruleId ?? (message.fatal ? FATAL_CHECK_NAME : 'cors-lint');
      const base =
        message.fingerprint ?? createHash('sha256').update(`${checkName}\u0000${path}\u0000${message.message}`).digest('hex').slice(0, 32);
      const n = used.get(base) ?? 0;
      used.set(base, n + 1);
      const fingerprint = n === 0 ? base : createHash('sha256').update(`${base}\u0000${n}`).digest('hex').slice(0, 32);
      const tags = message.ruleId ? (ctx.rulesMeta[message.ruleId]?.tags ?? []) : [];
      const begin = Math.max(1, Math.floor(message.line || 1));
      const end = message.endLine !== undefined && message.endLine > begin ? Math.floor(message.endLine) : undefined;
      issues.push({
        type: 'issue',
        description: oneLine(message.message),
        check_name: checkName,
        fingerprint,
        severity: severityOf(message),
        categories: tags.includes('security') ? ['Security'] : ['Bug Risk'],
        location: { path, lines: end === undefined ? { begin } : { begin, end } },
      });
    }
  }
  return issues;
}

export function formatGitlab(results: LintResult[], ctx: FormatContext): string {
  return `${JSON.stringify(buildGitlabReport(results, ctx), null, 2)}\n`;
}
