/**
 * `json`: the results as an array of ESLint-compatible `LintResult` objects, exactly as they come, less the file
 * text (`source`). cors-lint's additions stay: `relatedLocations`, and `fingerprint` (a line-independent identity
 * of a finding, for scripts that compare two runs), and `notChecked` on a file's result: what in that file could
 * not be checked, each `{ kind, line, column, message }` with a stable kind (docs/not-checked.md); a file with such
 * items and no findings (a handler) has a result with no messages. Consumers that know only the standard keys
 * ignore them.
 */
import type { LintResult } from '../types.js';
import type { FormatContext } from './context.js';

export function formatJson(results: LintResult[], _ctx?: FormatContext): string {
  const withoutSource = results.map(({ source: _source, ...rest }) => rest);
  return `${JSON.stringify(withoutSource)}\n`;
}
