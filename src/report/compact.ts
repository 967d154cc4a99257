/**
 * `compact`: one line per message, `file:line:col: severity: message [rule-id]`, in the order given; nothing at
 * all for a clean run. Made for editors' problem matchers and for grep, so it never wraps and never colours.
 */
import type { LintResult } from '../types.js';
import { displayPath, escapeControls, FATAL_LABEL, isError, oneLine, type FormatContext } from './context.js';

export function formatCompact(results: LintResult[], ctx: FormatContext): string {
  const lines: string[] = [];
  for (const result of results) {
    const file = displayPath(result.filePath, ctx.cwd);
    for (const message of result.messages) {
      const severity = isError(message) ? 'error' : 'warning';
      const label = message.fatal ? FATAL_LABEL : message.ruleId;
      const text = escapeControls(oneLine(message.message));
      lines.push(`${file}:${message.line}:${message.column}: ${severity}: ${text}${label ? ` [${label}]` : ''}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
