/**
 * `github`: GitHub Actions workflow commands, one per finding, which the runner shows in the job log and as
 * annotations on the pull request's files (`::error file=…,line=…,endLine=…,col=…,endColumn=…,title=…::message`).
 * No code scanning needed, so it works on private repositories without GitHub Advanced Security.
 *
 * - Paths are relative to the repository root (`ctx.baseDir`, else `ctx.cwd`), with `/`: the runner resolves them
 *   against the workspace, so a step with `working-directory: infra` still annotates `infra/template.yaml`.
 * - `error` for errors and files that cannot be read, `warning` for warnings; the title is the rule id (`cors-lint`
 *   for a file that cannot be read); the message's second line is the rule's page.
 * - Control characters in messages (template values are quoted in them) are shown as escapes, as in `compact`.
 * - Escaped as the runner reads commands: `%`, CR and LF in the message (`%25`, `%0D`, `%0A`), and also `:` and
 *   `,` in property values (`%3A`, `%2C`).
 * - Suppressed findings are not annotated. The runner shows at most 10 error and 10 warning annotations per step
 *   (and 50 per job); the others still print in the log.
 */
import { isAbsolute, relative, sep } from 'node:path';

import type { LintMessage, LintResult } from '../types.js';
import { escapeControls, isError, oneLine, type FormatContext } from './context.js';

/** A workflow command's message (`data`), escaped as GitHub's toolkit escapes it. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value, escaped as GitHub's toolkit escapes it. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function repositoryPath(filePath: string, root: string): string {
  const rel = relative(root, filePath);
  return (rel === '' || isAbsolute(rel) ? filePath : rel).split(sep).join('/');
}

function command(file: string, message: LintMessage, ctx: FormatContext): string {
  const properties: Array<[string, string | number]> = [['file', file], ['line', Math.max(1, message.line)]];
  if (message.endLine !== undefined && message.endLine > message.line) properties.push(['endLine', message.endLine]);
  properties.push(['col', Math.max(1, message.column)]);
  if (message.endColumn !== undefined && (message.endLine ?? message.line) === message.line && message.endColumn > message.column) {
    properties.push(['endColumn', message.endColumn]);
  }
  const rule = message.fatal ? undefined : (message.ruleId ?? undefined);
  properties.push(['title', rule ?? 'cors-lint']);
  const page = rule ? ctx.helpUri(rule) : '';
  const text = escapeControls(oneLine(message.message)) + (page ? `\n${page}` : '');
  const level = isError(message) ? 'error' : 'warning';
  return `::${level} ${properties.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(text)}`;
}

export function formatGithub(results: LintResult[], ctx: FormatContext): string {
  const root = ctx.baseDir ?? ctx.cwd;
  const lines: string[] = [];
  for (const result of results) {
    const file = repositoryPath(result.filePath, root);
    for (const message of result.messages) lines.push(command(file, message, ctx));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
