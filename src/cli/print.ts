/** `--print-rules` and `--print-model`: what the lint command prints instead of a report. */
import { relative } from 'node:path';
import type { LintRun } from '../lint.js';
import type { modelToJson as ModelToJson } from '../model/print.js';
import type { RuleMeta } from '../types.js';
import { EXIT_OK, EXIT_UNREADABLE, UsageError, type CliIO } from './io.js';
import { writeReport } from './output.js';

/** `--print-rules`: id, default severity and summary, one rule a line; with `--format json`, the rules as data. */
export function printRules(io: CliIO, rules: ReadonlyArray<RuleMeta & { defaultOptions?: object }>, format: string, docUrl: (id: string) => string): void {
  if (format === 'json') {
    const data = rules.map((r) => ({
      id: r.id,
      severity: r.severity,
      summary: r.summary,
      tags: r.tags,
      securitySeverity: r.securitySeverity,
      ...(r.raisedSecuritySeverity !== undefined ? { raisedSecuritySeverity: r.raisedSecuritySeverity } : {}),
      ...(r.defaultOptions !== undefined ? { options: r.defaultOptions } : {}),
      url: docUrl(r.id),
    }));
    io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    return;
  }
  if (format !== 'text') throw new UsageError(`--print-rules --format ${format}: the rules print as text or json`);
  const width = Math.max(...rules.map((r) => r.id.length));
  for (const rule of rules) {
    io.stdout.write(`${rule.id.padEnd(width)}  ${rule.severity.padEnd(7)}  ${rule.summary}\n`);
  }
}

/** `--print-model`: the models as a JSON array; files that could not be read are reported on standard error. */
export function printModels(
  io: CliIO,
  runs: LintRun[],
  fileRun: LintRun,
  outputPath: string | undefined,
  verbose: boolean,
  modelToJson: typeof ModelToJson,
): number {
  const models: unknown[] = [];
  let failed = fileRun.missing.length;
  for (const m of fileRun.missing) io.stderr.write(`cors-lint: ${m.input}: ${m.reason}\n`);
  for (const r of runs) {
    for (const [file, model] of r.models) models.push(modelToJson(model, r.locators?.get(file) ?? (() => undefined), io.cwd, r.handlers?.get(file)));
    for (const result of r.results) {
      for (const m of result.messages.filter((x) => x.fatal)) {
        failed++;
        io.stderr.write(`cors-lint: ${relative(io.cwd, result.filePath) || result.filePath}:${m.line}:${m.column}: ${m.message}\n`);
      }
    }
    if (verbose) for (const n of r.notes) io.stderr.write(`cors-lint: note: ${relative(io.cwd, n.file)}:${n.line}:${n.column}: ${n.message}\n`);
  }
  const text = `${JSON.stringify(models, null, 2)}\n`;
  if (outputPath) writeReport(outputPath, text, new Set(runs.flatMap((r) => [...r.models.keys()])));
  else io.stdout.write(text);
  return failed > 0 ? EXIT_UNREADABLE : EXIT_OK;
}
