/**
 * What one thread keeps from file to file of a run (a lane), so that nothing is read or parsed twice.
 */
import { dirname, relative } from 'node:path';
import { readRoot } from '../discover/root.js';
import { HandlerAnalyzer } from '../handlers/index.js';
import type { LoadedDocument, LoadError } from '../load/index.js';
import type { ExternalDocument } from '../model/context.js';
import type { SamconfigParameters } from '../resolve/parameters.js';

/**
 * What one thread keeps from file to file in a run, so that nothing is read or parsed twice: the Lambda handlers it
 * has read, the samconfig of each folder, and the local documents templates include (OpenAPI files).
 */
export interface Lane {
  handlers: HandlerAnalyzer;
  /** samconfig parameters by template folder. */
  samconfigs: Map<string, SamconfigParameters>;
  /** Files relative to the run's directory (for fingerprints), worked out once each. */
  relative: Map<string, string>;
  /** Documents by path: included by a template, or found by the walk and kept because one may include them. */
  documents: Map<string, ExternalDocument | IncludeFailure>;
  /** The parsed documents of {@link documents}, for positions and duplicate keys. */
  parsed: Map<string, LoadedDocument>;
  /** The read root of each template folder (`readRoot`), worked out once each. */
  roots: Map<string, string>;
}

/** An included document that could not be used: `error` for the model's note, `cause` when the file exists but cannot be read or parsed. */
export interface IncludeFailure {
  error: string;
  cause?: LoadError;
  /** Set when the file is outside the template's read root (not read, not fatal). */
  kind?: 'outside-repository';
}

export function newLane(handlers?: HandlerAnalyzer): Lane {
  return { handlers: handlers ?? new HandlerAnalyzer(), samconfigs: new Map(), documents: new Map(), parsed: new Map(), relative: new Map(), roots: new Map() };
}

/** The read root of a template (see `readRoot`), worked out once per folder in a lane. */
export function rootOf(lane: Lane, options: { cwd: string; root?: string }, templateFile: string): string {
  const dir = dirname(templateFile);
  let known = lane.roots.get(dir);
  if (known === undefined) lane.roots.set(dir, (known = readRoot(templateFile, options.cwd, options.root)));
  return known;
}

/** A file's path relative to `base`, worked out once per lane. */
export function relativeTo(lane: Lane, base: string, file: string): string {
  let known = lane.relative.get(file);
  if (known === undefined) lane.relative.set(file, (known = relative(base, file)));
  return known;
}

