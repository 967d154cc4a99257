/**
 * The one error type the loader throws. Every problem with the input (missing file, bad encoding, YAML syntax,
 * aliases, absurd nesting) becomes a `LoadError` with a short code, a one-line message and a 1-based position.
 */

export type LoadErrorCode =
  | 'not-found'
  | 'is-directory'
  | 'unreadable'
  | 'too-large'
  | 'empty'
  | 'binary'
  | 'encoding'
  | 'too-deep'
  | 'syntax'
  | 'alias'
  | 'multiple-documents';

export class LoadError extends Error {
  readonly code: LoadErrorCode;
  readonly file: string;
  /** 1-based; 1 for problems that concern the whole file. */
  readonly line: number;
  /** 1-based, in UTF-16 code units; 1 for problems that concern the whole file. */
  readonly column: number;
  /**
   * The top-level keys of a document that was read whole before the problem was found (a tag no template can hold,
   * an alias bomb): what tells a template from another YAML file.
   */
  rootKeys?: readonly string[];

  constructor(code: LoadErrorCode, file: string, message: string, line = 1, column = 1) {
    super(oneLine(message));
    this.name = 'LoadError';
    this.code = code;
    this.file = file;
    this.line = line >= 1 ? Math.floor(line) : 1;
    this.column = column >= 1 ? Math.floor(column) : 1;
  }
}

/** Collapses a message to a single line (messages from libraries may carry code frames or line breaks). */
export function oneLine(message: string): string {
  const first = message.split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';
  return first.replace(/\s+/g, ' ').trim() || 'unknown error';
}

export function isLoadError(e: unknown): e is LoadError {
  return e instanceof LoadError;
}
