/**
 * Fixes that more than one part of cors-lint offers, described once: a rule attaches the descriptor to its
 * finding (`--fix` writes it as an edit, the reports show it as a patch), and `explain` shows the same
 * descriptor as a snippet to paste (`snippetOf`).
 */
import type { Loc } from '../types.js';
import { yamlEntries, type Style } from './render.js';
import type { FixDescriptor, FixValue } from './types.js';

/** How a snippet is written when there is no document to match: YAML, two spaces, double quotes. */
const SNIPPET_STYLE: Style = { format: 'yaml', unit: 2, quote: '"', indentedLists: true, eol: '\n' };

/**
 * SAM's preflight flag: `AddDefaultAuthorizerToCorsPreflight: false` (`which: 'auth'`) or
 * `AddApiKeyRequiredToCorsPreflight: false` (`'apiKey'`) in the `Auth` mapping at `auth`, so that the OPTIONS
 * methods SAM generates are left open and every other method keeps its authorization.
 */
export function preflightFlagFix(auth: Loc, which: 'auth' | 'apiKey'): FixDescriptor {
  const key = which === 'auth' ? 'AddDefaultAuthorizerToCorsPreflight' : 'AddApiKeyRequiredToCorsPreflight';
  return { desc: `Set Auth.${key}: false, so that SAM leaves the preflight open`, changes: [{ kind: 'put', at: { file: auth.file, path: auth.path }, key, value: false }] };
}

/** The name a change's place is written under: the last key of its path (a list item: its list's key). */
function keyName(path: readonly (string | number)[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return String(path[i]);
  return undefined;
}

/**
 * A fix as a YAML snippet to paste: each change under the key that holds it (`Auth:\n  Key: false` for a key put
 * into `Auth`, `AllowOrigin: "'https://a.example'"` for a value set). `undefined` for a change a snippet cannot
 * show (a removal, a text edit in handler code).
 */
export function snippetOf(fix: FixDescriptor): string | undefined {
  const parts: string[] = [];
  for (const change of fix.changes) {
    let entry: Record<string, FixValue> | undefined;
    if (change.kind === 'put') {
      const parent = keyName(change.at.path);
      entry = parent === undefined ? { [change.key]: change.value } : { [parent]: { [change.key]: change.value } };
    } else if (change.kind === 'set') {
      const name = keyName(change.at.path);
      if (name !== undefined) entry = { [name]: change.value };
    } else if (change.kind === 'append') {
      const name = keyName(change.at.path);
      if (name !== undefined) entry = { [name]: [change.value] };
    }
    if (!entry) return undefined;
    parts.push(yamlEntries(entry, 0, SNIPPET_STYLE).join('\n'));
  }
  return parts.length > 0 ? parts.join('\n') : undefined;
}
