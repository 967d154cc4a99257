/**
 * One file into one outcome: read → parse → (a template) resolve → model → handlers → rules → locate → suppress
 * (`template.ts` from the model on). The same code for the synchronous and the asynchronous paths: with `load`,
 * the handler grammars a template needs are loaded first (the result is then a promise); without it, only the
 * grammars the caller gave (`LintOptions.grammars`) are used. Scheduling files and merging their outcomes is
 * `src/lint.ts`'s (one thread) and `src/parallel.ts`'s (several), through the one merge of `outcome.ts`.
 */
import type { DiscoveredFile } from '../discover/index.js';
import {
  decodeSource,
  fileLooksLikeTemplate,
  loadDocumentText,
  LoadError,
  loadTemplateText,
  readTextFile,
  templateOutcome,
  type LoadedDocument,
  type TemplateOutcome,
} from '../load/index.js';
import type { Lane } from './lane.js';
import { timed, type FileOptions, type LintOptions } from './options.js';
import { fatalResult, newOutcome, type FileOutcome } from './outcome.js';
import { external, lintTemplate } from './template.js';

/** The outcome of one file, at once or (with `load`, when a template needs handler grammars) once they are loaded. */
export type Pending = FileOutcome | Promise<FileOutcome>;

/** Lints one file found by discovery, with what the lane already holds. */
export function lintFile(file: DiscoveredFile, fileOptions: FileOptions, lane: Lane, load: boolean): Pending {
  const out = newOutcome();
  if ('ignored' in fileOptions) {
    out.skipped.push({ file: file.path, reason: fileOptions.ignored });
    return out;
  }
  const { timings } = fileOptions;
  let doc: LoadedDocument;
  try {
    const known = lane.parsed.get(file.path);
    if (known) doc = known;
    else {
      const text = timed(timings, 'read', () => readTextFile(file.path, fileOptions));
      doc = timed(timings, 'parse', () => loadDocumentText(text, file.path, fileOptions));
    }
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    if (file.explicit || fileLooksLikeTemplate(file.path, error)) unread(out, file.path, error);
    else out.skipped.push({ file: file.path, reason: `${error.message}; it does not look like a template` });
    return out;
  }
  const outcome = templateOutcome(doc);
  // a document that is not a template may be an OpenAPI document a template includes: keep it for that template
  if (outcome.kind === 'not-template' && mayBeIncluded(doc.value)) keepDocument(lane, doc);
  return lintOutcome(out, file.path, outcome, fileOptions, lane, load);
}

/** Lints one template given as text or bytes (standard input, the API's `lintText`). */
export function lintSourceFile(source: string | Uint8Array, filePath: string, fileOptions: FileOptions, lane: Lane, load: boolean): Pending {
  const out = newOutcome();
  if ('ignored' in fileOptions) {
    out.skipped.push({ file: filePath, reason: fileOptions.ignored });
    return out;
  }
  let outcome: TemplateOutcome;
  try {
    const bytes = typeof source === 'string' ? Buffer.from(source, 'utf8') : source;
    outcome = loadTemplateText(decodeSource(bytes, filePath, fileOptions), filePath, fileOptions);
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    unread(out, filePath, error);
    return out;
  }
  return lintOutcome(out, filePath, outcome, fileOptions, lane, load);
}

/** A file that could not be read or parsed: one fatal message, added to the run as it is. */
function unread(out: FileOutcome, file: string, error: LoadError): void {
  out.results.push(fatalResult(file, error));
  out.unread = true;
}

/** Whether a document looks like an OpenAPI document (what templates include from local files). */
function mayBeIncluded(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return 'openapi' in value || 'swagger' in value || 'paths' in value;
}

function keepDocument(lane: Lane, doc: LoadedDocument): void {
  lane.parsed.set(doc.file, doc);
  lane.documents.set(doc.file, external(doc));
}

function lintOutcome(out: FileOutcome, filePath: string, outcome: TemplateOutcome, options: LintOptions, lane: Lane, load: boolean): Pending {
  if (outcome.kind === 'not-template') {
    out.skipped.push({ file: filePath, reason: `not a CloudFormation template (${outcome.reason})` });
    return out;
  }
  out.templates++;
  const linted = lintTemplate(outcome.doc, options, lane, out, load);
  return linted instanceof Promise ? linted.then(() => out) : out;
}
