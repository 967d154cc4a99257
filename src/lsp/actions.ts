/**
 * Code actions the language server offers for cors-lint's diagnostics. Pure functions of the document text and
 * the diagnostics the client sends back: no I/O.
 *
 * - The fixes and suggestions of the fix machinery (the same edits `--fix` writes), from the diagnostic's `data`,
 *   when it was linted from this version of the document: the rule's fix as the preferred quick fix.
 * - "Explain this route": the command {@link EXPLAIN_COMMAND}, for the route or API under the cursor.
 * - "Suppress with a reason": a `# cors-lint-disable-next-line <rule> -- <reason>` comment above the finding's line,
 *   indented as that line, in YAML templates (JSON has no comments: there the `Metadata` of the resource is the way,
 *   which the docs show). The reason is a placeholder the user replaces; the suppression shows it in `--verbose`.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SOURCE, type DiagnosticData } from './diagnostics.js';

/** The command that returns (and shows) the explain story of the route under the cursor. */
export const EXPLAIN_COMMAND = 'cors-lint.explainRoute';

/** "Explain this route": runs {@link EXPLAIN_COMMAND} for the route (or API) at the position. */
export function explainAction(uri: string, position: Position, label: string): CodeAction {
  return {
    title: `Explain what browsers get from ${label} (cors-lint)`,
    kind: CodeActionKind.Empty,
    command: { title: `Explain ${label}`, command: EXPLAIN_COMMAND, arguments: [uri, position] },
  };
}

/** The reason the inserted directive carries until the user writes theirs. */
export const REASON_PLACEHOLDER = 'TODO: say why this is safe';

/** Whether a document is YAML (comments allowed), from its name or its language. */
export function isYaml(doc: TextDocument): boolean {
  return doc.languageId === 'yaml' || /\.ya?ml$/i.test(doc.uri);
}

/** The code actions for the cors-lint diagnostics among those the client sent. */
export function codeActions(doc: TextDocument, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== SOURCE || typeof d.code !== 'string') continue;
    actions.push(...fixActions(doc, d));
    if (isYaml(doc)) actions.push(suppressAction(doc, d, d.code));
  }
  return actions;
}

function fixActions(doc: TextDocument, d: Diagnostic): CodeAction[] {
  const data = d.data as DiagnosticData | undefined;
  if (!data || data.version !== doc.version || !Array.isArray(data.fixes)) return [];
  return data.fixes.map((fix) => ({
    title: fix.preferred ? `Fix: ${fix.title}` : fix.title,
    kind: CodeActionKind.QuickFix,
    isPreferred: fix.preferred,
    diagnostics: [d],
    edit: {
      changes: {
        [doc.uri]: fix.edits.map((e) => ({ range: { start: doc.positionAt(e.range[0]), end: doc.positionAt(e.range[1]) }, newText: e.text })),
      },
    },
  }));
}

function suppressAction(doc: TextDocument, d: Diagnostic, rule: string): CodeAction {
  const line = d.range.start.line;
  const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
  const newText = `${indent}# cors-lint-disable-next-line ${rule} -- ${REASON_PLACEHOLDER}\n`;
  return {
    title: `Suppress ${rule} on this line (with a reason)`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: { changes: { [doc.uri]: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText }] } },
  };
}
