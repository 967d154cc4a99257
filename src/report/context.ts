/**
 * What every reporter receives, and the small helpers they share: paths relative to the working directory and
 * text that is safe to print on a terminal.
 */
import { isAbsolute, relative } from 'node:path';

import type { LintResult, RuleMeta } from '../types.js';

export interface FormatContext {
  /** Results' `filePath`s are absolute; the text and compact reports print them relative to this directory. */
  cwd: string;
  /**
   * The repository root: SARIF (`%SRCROOT%`) and GitLab paths are relative to it, so that they match the
   * repository's paths whichever folder the run starts from. Default: `cwd`.
   */
  baseDir?: string;
  /** Every known rule, by id. SARIF lists all of them in `tool.driver.rules`. */
  rulesMeta: Record<string, RuleMeta>;
  /** False under `--no-color`, `NO_COLOR`, or when stdout is not a terminal. */
  color: boolean;
  /** cors-lint's version. */
  toolVersion: string;
  /** The rule's documentation page. */
  helpUri: (ruleId: string) => string;
  /** The project's home page (SARIF `tool.driver.informationUri`); left out of the SARIF when absent. */
  informationUri?: string;
}

/**
 * Turns results into the complete text to print: the caller writes it as it is (it ends with a newline, or is
 * empty when there is nothing to say).
 */
export type Formatter = (results: LintResult[], ctx: FormatContext) => string | Promise<string>;

/** A formatter could not be found or loaded. The message is one line, fit to print as it is. */
export class FormatterError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(oneLine(message), options);
    this.name = 'FormatterError';
  }
}

/** Printed in place of a rule id for a file that could not be read or parsed. */
export const FATAL_LABEL = 'fatal';

/** `filePath` relative to `cwd`, with the platform's separators; absolute when there is no relative form. */
export function displayPath(filePath: string, cwd: string): string {
  const rel = relative(cwd, filePath);
  if (rel === '' || isAbsolute(rel)) return filePath;
  return rel;
}

/** Collapses line breaks and the blanks around them into one space. */
export function oneLine(text: string): string {
  // split and trim rather than one /\s*[\r\n]+\s*/ replace, which backtracks over every run of spaces (quadratic)
  if (!/[\r\n\u2028\u2029]/.test(text)) return text.trim();
  return text
    .split(/[\r\n\u2028\u2029]/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}

/**
 * Control characters (other than tab and line feed) and bidirectional overrides, which could move the cursor,
 * recolour the terminal or reorder what the reader sees. Template values are quoted in messages, so they must
 * not reach a terminal raw.
 */
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Shows unsafe characters as `\u001b`-style escapes. Keeps line feeds and tabs. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Replaces unsafe characters with U+FFFD, one code unit for one, so that columns stay where they were. */
export function blankControls(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(UNSAFE, (ch) => (ch === '\r' ? '\n' : '\uFFFD'));
}

/** Removes ANSI escape sequences (CSI and OSC). */
export function stripAnsi(text: string): string {
  return text.replace(/\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g, '').replace(/\u001B\[[0-?]*[ -/]*[@-~]/g, '');
}

/** A fatal message, or one of severity 2, is an error. */
export function isError(message: { fatal?: boolean; severity: number }): boolean {
  return message.fatal === true || message.severity === 2;
}

/** Code-unit order, the same on every machine (unlike `localeCompare`). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
