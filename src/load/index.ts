/**
 * The loader: bytes → text (safety checks first) → a parsed document with positions. Everything that can go wrong
 * with an input is a {@link LoadError} with a one-line message and a 1-based position; nothing else is thrown.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { decodeSource, lenientText } from './decode.js';
import { readRegularFile } from './file.js';
import type { LoadedDocument } from './document.js';
import { LoadError } from './errors.js';
import { looksLikeJson, parseJson } from './json.js';
import { resolveOptions, type LoadOptions } from './options.js';
import { quickYaml } from './quick/index.js';
import { parseYaml } from './full/index.js';

export { decodeSource } from './decode.js';
export { LoadError, isLoadError, type LoadErrorCode } from './errors.js';
export type { DuplicateKey, LoadedDocument } from './document.js';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, type LoadOptions } from './options.js';
export { LineIndex } from './lines.js';
export { readRegularFile, fileSystemError } from './file.js';

export type TemplateOutcome = { kind: 'template'; doc: LoadedDocument } | { kind: 'not-template'; reason: string };

/** Parses YAML or JSON text into a document (any document: templates, OpenAPI files, parameter files). */
export function loadDocumentText(source: string, file: string, options?: LoadOptions): LoadedDocument {
  const { maxDepth } = resolveOptions(options);
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source; // a byte-order mark is no column
  if (looksLikeJson(text)) {
    const doc = parseJson(text, file, maxDepth);
    if (doc) return doc;
  }
  // most templates are read by the quick reader; what it declines, the full reader reads
  const quick = quickYaml(text, file, maxDepth);
  if (quick) return quick;
  return parseYaml(text, file, maxDepth);
}

/** Why a parsed value is not a CloudFormation template, or undefined when it is one. */
export function notTemplateReason(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the document is not a mapping';
  const v = value as Record<string, unknown>;
  if (typeof v.Resources === 'object' && v.Resources !== null && !Array.isArray(v.Resources)) return undefined;
  if ('AWSTemplateFormatVersion' in v) return undefined;
  if (isSamTemplate(value)) return undefined;
  return 'no Resources section';
}

/** Whether a template names SAM's transform (`Transform: AWS::Serverless-2016-10-31`, alone or in a list). */
export function isSamTemplate(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const transform = (value as Record<string, unknown>).Transform;
  const names = Array.isArray(transform) ? transform : [transform];
  return names.some((t) => typeof t === 'string' && t.startsWith('AWS::Serverless'));
}

/**
 * The note for a template that is not SAM's and uses YAML aliases or merge keys: read here as
 * `aws cloudformation package` expands them, though CloudFormation itself refuses them.
 */
export const ALIAS_NOTE =
  'the template uses YAML aliases or merge keys: they are read as `aws cloudformation package` and SAM expand them, ' +
  'but CloudFormation itself refuses a template that still holds them (deploy it through `aws cloudformation package`)';

/** A quick look at text that could not be parsed: does it try to be a template? (A top-level YAML key, or a JSON one.) */
export function looksLikeTemplate(text: string): boolean {
  return /^\s*["']?(Resources|AWSTemplateFormatVersion|Transform)["']?\s*:|"(Resources|AWSTemplateFormatVersion|Transform)"\s*:/m.test(text);
}

/**
 * A quick look at the start of a file that could not be loaded (it may be too large, UTF-16 or not valid UTF-8):
 * does it try to be a template? Empty and binary files do not. A file that cannot be read at all (permission
 * denied) may be one: nothing says it is not, so it is reported rather than skipped in silence.
 */
export function fileLooksLikeTemplate(file: string, error: LoadError): boolean {
  if (error.code === 'unreadable') return true;
  if (!['syntax', 'alias', 'multiple-documents', 'too-deep', 'too-large', 'encoding'].includes(error.code)) return false;
  // a document read whole before the problem: its top-level keys tell
  if (error.rootKeys) return error.rootKeys.some((k) => k === 'Resources' || k === 'AWSTemplateFormatVersion' || k === 'Transform');
  try {
    const head = Buffer.alloc(64 * 1024);
    const fd = openSync(file, 'r');
    try {
      const n = readSync(fd, head, 0, head.length, 0);
      return looksLikeTemplate(lenientText(head.subarray(0, n)));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** Whether a loaded document is a template; a document that is not is an outcome, not an error. */
export function templateOutcome(doc: LoadedDocument): TemplateOutcome {
  const reason = notTemplateReason(doc.value);
  return reason ? { kind: 'not-template', reason } : { kind: 'template', doc };
}

/** Loads template text; a document that is not a template is an outcome, not an error. */
export function loadTemplateText(text: string, file: string, options?: LoadOptions): TemplateOutcome {
  return templateOutcome(loadDocumentText(text, file, options));
}

/** Reads and loads a template file. Size is checked before the file is read. */
export async function loadTemplateFile(file: string, options?: LoadOptions): Promise<TemplateOutcome> {
  return loadTemplateText(readTextFile(file, options), file, options);
}

/** Reads a file as text with every safety check of {@link decodeSource}; file system failures become LoadErrors. */
export function readTextFile(file: string, options?: LoadOptions): string {
  const { maxBytes } = resolveOptions(options);
  return decodeSource(readRegularFile(file, maxBytes, 'template file'), file, options);
}
