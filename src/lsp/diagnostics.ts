/**
 * The language server's view of a lint run: the results the pipeline gives (the same `LintResult`s every report
 * prints) turned into LSP diagnostics, grouped by the file each one points at (a template, or a handler file).
 * Pure functions of the run: no I/O, no protocol.
 */
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { LintRun } from '../lint.js';
import { ruleDocUrl } from '../meta.js';
import type { LintMessage, MessageFix, RelatedLocation, TextEdit } from '../types.js';

/** What every diagnostic of cors-lint says it comes from. */
export const SOURCE = 'cors-lint';

/** 1-based line and column (UTF-16 code units, as the pipeline counts) to the protocol's 0-based position. */
function position(line: number, column: number): { line: number; character: number } {
  return { line: Math.max(0, line - 1), character: Math.max(0, column - 1) };
}

/** The range of a message: its own end when it has one, else one character (a parse error's point). */
export function messageRange(m: Pick<LintMessage, 'line' | 'column' | 'endLine' | 'endColumn'>): Diagnostic['range'] {
  const start = position(m.line, m.column);
  const end = m.endLine !== undefined && m.endColumn !== undefined ? position(m.endLine, m.endColumn) : { line: start.line, character: start.character + 1 };
  return { start, end };
}

function related(r: RelatedLocation): DiagnosticRelatedInformation {
  return { location: { uri: pathToFileURL(r.filePath).href, range: messageRange(r) }, message: r.message };
}

/** A fix or suggestion of a finding, carried in the diagnostic's `data` for the code actions. */
export interface FixData {
  title: string;
  /** The rule's one sure fix (what `--fix` applies), as opposed to a suggestion that needs a person's choice. */
  preferred: boolean;
  /** Offsets into the text as it was linted (UTF-16 code units), as the fix machinery gives them. */
  edits: TextEdit[];
}

/** What a diagnostic of cors-lint carries for its code actions: the fixes, and the document version they fit. */
export interface DiagnosticData {
  version: number;
  fixes: FixData[];
}

function fixesOf(m: LintMessage): FixData[] {
  const fix = (f: MessageFix, title: string, preferred: boolean): FixData => ({ title, preferred, edits: f.edits.length > 0 ? f.edits : [{ range: f.range, text: f.text }] });
  const out: FixData[] = [];
  if (m.fix) out.push(fix(m.fix, m.fix.desc, true));
  for (const s of m.suggestions ?? []) out.push(fix(s.fix, s.desc, false));
  return out;
}

/**
 * One finding (or a fatal read error) as a diagnostic. `version`: the version of the document the text came from,
 * when the finding is in that document: its fixes and suggestions then go with it (`data`).
 */
export function toDiagnostic(m: LintMessage, version?: number): Diagnostic {
  const diagnostic: Diagnostic = {
    range: messageRange(m),
    severity: m.severity === 2 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: SOURCE,
    message: m.message,
  };
  if (m.ruleId) {
    diagnostic.code = m.ruleId;
    diagnostic.codeDescription = { href: ruleDocUrl(m.ruleId) };
  }
  if (m.relatedLocations?.length) diagnostic.relatedInformation = m.relatedLocations.map(related);
  if (version !== undefined) {
    const fixes = fixesOf(m);
    if (fixes.length > 0) diagnostic.data = { version, fixes } satisfies DiagnosticData;
  }
  return diagnostic;
}

/**
 * Every diagnostic of a run, by file path: findings (in the template, or in the handler files they point at),
 * and what could not be checked (the run's notes, as information: never pass silently). The findings in `source`
 * (the linted document, at `version`) carry their fixes.
 */
export function diagnosticsByFile(run: LintRun, source?: { file: string; version: number }): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
  const add = (file: string, d: Diagnostic) => {
    let list = byFile.get(file);
    if (!list) byFile.set(file, (list = []));
    list.push(d);
  };
  for (const result of run.results) {
    if (!byFile.has(result.filePath)) byFile.set(result.filePath, []);
    const version = source && result.filePath === source.file ? source.version : undefined;
    for (const m of result.messages) add(result.filePath, toDiagnostic(m, version));
  }
  for (const note of run.notes) {
    add(note.file, {
      range: messageRange({ line: note.line, column: note.column }),
      severity: DiagnosticSeverity.Information,
      source: SOURCE,
      message: `not checked: ${note.message}`,
    });
  }
  return byFile;
}

/** A diagnostic at the start of a file (a configuration error that stops the template from being linted). */
export function problemAt(line: number, column: number, message: string): Diagnostic {
  return { range: messageRange({ line, column }), severity: DiagnosticSeverity.Error, source: SOURCE, message };
}
