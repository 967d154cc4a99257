/**
 * `text`, the default format: eslint-formatter-friendly with code frames, errors before warnings, a "via" line
 * under a message for each of its related locations, and what to do: a "fix:" line for its fix and a "suggestion:"
 * line for each suggestion, or, when it has neither, a link to the rule's page.
 *
 * The package reads its options from environment variables (`EFF_*`, compared with the string `'true'`) and takes
 * its colours from chalk 2, whose level is decided once, at load time, from the terminal. This reporter sets
 * what it needs for the length of one call and puts everything back afterwards:
 * - `EFF_NO_LINK_RULES=true`, so rule ids print as plain ids instead of links to another project's rule pages;
 * - chalk on or off as `ctx.color` says; with colour off, any escape sequence left (the code frame highlighter
 *   decides on its own) is stripped;
 * - the terminal "current directory" escape that the package writes on some terminals is always removed: it
 *   carries an absolute path and depends on the terminal, not on the results.
 * The user's other `EFF_*` settings (editor links, no source, grouping, filter) keep working.
 */
import { resolve } from 'node:path';

import type friendlyFormatter from 'eslint-formatter-friendly';

import type { LintMessage, LintResult, RelatedLocation } from '../types.js';
import {
  blankControls,
  displayPath,
  escapeControls,
  FATAL_LABEL,
  oneLine,
  stripAnsi,
  type FormatContext,
} from './context.js';
import { friendlyModules } from './friendly-modules.js';

/** Where the message text starts in the package's layout; "via" lines sit two columns further in. */
const VIA_INDENT = ' '.repeat(7);

let friendlyModule: typeof friendlyFormatter | undefined;

/** The package, loaded the first time a text report is written (runs with another format never load it). */
function friendly(...args: Parameters<typeof friendlyFormatter>): ReturnType<typeof friendlyFormatter> {
  if (!friendlyModule) {
    keepFrameLines();
    friendlyModule = friendlyModules.friendly();
  }
  return friendlyModule(...args);
}

/** Line breaks as `@babel/code-frame` splits a text into lines. */
const FRAME_NEWLINE = /\r\n|[\n\r\u2028\u2029]/;

/** While a report is written: each text's lines, and its highlighted text, made once. */
let frameTexts: { lines: Map<string, string[]>; highlighted: Map<string, string> } | undefined;

/** A text whose `split` gives its lines, split once per report. */
function splitOnce(text: string): string {
  let lines = frameTexts!.lines.get(text);
  if (!lines) frameTexts!.lines.set(text, (lines = text.split(FRAME_NEWLINE)));
  const boxed = new String(text) as String & { split: () => string[] };
  const known = lines;
  boxed.split = () => known;
  return boxed as unknown as string;
}

/**
 * The package draws each code frame with `@babel/code-frame`, which splits the file's whole text into lines (and,
 * on a terminal, highlights all of it) for every message: a template with 600 findings took seconds, and minutes
 * in colour. Before the package loads, the two functions it reaches are wrapped so that, while a report is
 * written, each text is split and highlighted once; the functions themselves still draw every frame, so the
 * output is the same (`test/perf/text-frames.test.ts` compares it with the package's own). Left alone where the
 * modules are not the expected ones.
 */
function keepFrameLines(): void {
  try {
    const codeFrame = friendlyModules.codeFrame() as { codeFrameColumns?: (...args: unknown[]) => string };
    const highlight = friendlyModules.highlight() as {
      __esModule?: boolean;
      default?: (code: string, options?: { forceColor?: boolean }) => string;
    };
    const frame = codeFrame.codeFrameColumns;
    const paint = highlight.default;
    if (typeof frame !== 'function' || typeof paint !== 'function' || highlight.__esModule !== true) return;
    codeFrame.codeFrameColumns = (rawLines: unknown, ...rest: unknown[]) =>
      frame(frameTexts && typeof rawLines === 'string' ? splitOnce(rawLines) : rawLines, ...rest);
    highlight.default = (code: string, options: { forceColor?: boolean } = {}) => {
      if (!frameTexts || !(typeof code === 'string' || (code as unknown) instanceof String)) return paint(code, options);
      const text = String(code);
      const key = `${options.forceColor ? 1 : 0}${text}`;
      let done = frameTexts.highlighted.get(key);
      if (done === undefined) frameTexts.highlighted.set(key, (done = paint(text, options)));
      return splitOnce(done);
    };
  } catch {
    // the frames are drawn the package's own way
  }
}

interface ChalkSwitches {
  enabled: boolean;
  level: number;
}

let chalkSwitches: ChalkSwitches | null | undefined;

/** The chalk instance the package prints with (resolved from the package, so it is the very same module). */
function friendlyChalk(): ChalkSwitches | null {
  if (chalkSwitches !== undefined) return chalkSwitches;
  chalkSwitches = null;
  try {
    const chalk = friendlyModules.chalk();
    if (
      (typeof chalk === 'function' || (typeof chalk === 'object' && chalk !== null)) &&
      typeof (chalk as Partial<ChalkSwitches>).enabled === 'boolean' &&
      typeof (chalk as Partial<ChalkSwitches>).level === 'number'
    ) {
      chalkSwitches = chalk as ChalkSwitches;
    }
  } catch {
    // No way to switch colours: the output is still stripped of escapes when colour is off.
  }
  return chalkSwitches;
}

/** Runs `fn` with some environment variables set (or removed, for `undefined`), then restores them. */
function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(vars)) {
    saved.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    return fn();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Runs `fn` with the package's chalk switched on or off, then restores it. */
function withColor<T>(color: boolean, fn: () => T): T {
  const chalk = friendlyChalk();
  if (!chalk) return fn();
  const saved = { enabled: chalk.enabled, level: chalk.level };
  chalk.enabled = color;
  chalk.level = color ? Math.max(saved.level, 1) : 0;
  try {
    return fn();
  } finally {
    chalk.enabled = saved.enabled;
    chalk.level = saved.level;
  }
}

/** Stands in for the text of a file that has none; never shown. */
const NO_SOURCE = 'cors_lint_source_unavailable';

/** Removes the code frame lines drawn from {@link NO_SOURCE}: the placeholder line and the caret line under it. */
function dropPlaceholderFrames(output: string): string {
  const lines = output.split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    if (stripAnsi(lines[i] ?? '').includes(NO_SOURCE)) {
      if (/^\s*\|\s*\^+\s*$/.test(stripAnsi(lines[i + 1] ?? ''))) i += 1;
      continue;
    }
    kept.push(lines[i] ?? '');
  }
  return kept.join('\n');
}

function viaLine(loc: RelatedLocation, cwd: string, absolute: boolean): string {
  const file = absolute ? resolve(loc.filePath) : displayPath(loc.filePath, cwd);
  const note = escapeControls(oneLine(loc.message));
  return `${VIA_INDENT}via ${file}:${loc.line}:${loc.column}${note ? ` (${note})` : ''}`;
}

/**
 * The lines under a finding that say what to do: its fix and its suggestions, each in the words of its one
 * description (`src/fix/`), or, when it has neither, a link to the rule's page, which says how to fix it. None for a
 * file that could not be read.
 */
function remedyLines(message: LintMessage, ctx: FormatContext): string[] {
  if (message.fatal || message.ruleId === null) return [];
  const fixes = [
    ...(message.fix ? [`${VIA_INDENT}fix: ${escapeControls(oneLine(message.fix.desc))} (cors-lint --fix)`] : []),
    ...(message.suggestions ?? []).map((s) => `${VIA_INDENT}suggestion: ${escapeControls(oneLine(s.desc))}`),
  ];
  return fixes.length > 0 ? fixes : [`${VIA_INDENT}see ${ctx.helpUri(message.ruleId)}`];
}

/**
 * The message text handed to the package: one line, safe to print, then one "via" line per related location and
 * the lines that say what to do.
 */
function describe(message: LintMessage, ctx: FormatContext, absolute: boolean): string {
  const text = escapeControls(oneLine(message.message));
  const below = [...(message.relatedLocations ?? []).map((loc) => viaLine(loc, ctx.cwd, absolute)), ...remedyLines(message, ctx)];
  if (below.length === 0) return text;
  // The package drops a final period from the message it prints; drop it here, where it belongs to the message,
  // rather than from the last line under it.
  return [text.replace(/\.$/, ''), ...below].join('\n');
}

export function formatText(results: LintResult[], ctx: FormatContext): string {
  const absolute = process.env.EFF_ABSOLUTE_PATHS === 'true';
  const input = results.map((result) => ({
    // The package makes paths relative to the process's directory, which leaves a relative path as it is.
    filePath: absolute ? resolve(result.filePath) : displayPath(result.filePath, ctx.cwd),
    // The package reads the file itself when it is given no text: never let it (the path is relative now, and
    // a file without text is one that could not be read). The placeholder's code frame is removed below.
    source: result.source ? blankControls(result.source) : NO_SOURCE,
    messages: result.messages.map((message) => ({
      ruleId: message.fatal ? FATAL_LABEL : (message.ruleId ?? 'cors-lint'),
      // The package sorts by severity, lowest first, and marks a message as an error when it is fatal or of
      // severity 2: errors go in as fatal with severity 0, so that they come before warnings.
      ...(message.severity === 2 || message.fatal ? { severity: 0, fatal: true } : { severity: message.severity }),
      message: describe(message, ctx, absolute),
      line: message.line,
      column: message.column,
      ...(message.endLine !== undefined ? { endLine: message.endLine } : {}),
      ...(message.endColumn !== undefined ? { endColumn: message.endColumn } : {}),
    })),
  }));

  let output: string;
  frameTexts = { lines: new Map(), highlighted: new Map() };
  try {
    output = withEnv({ EFF_NO_LINK_RULES: 'true' }, () => withColor(ctx.color, () => friendly(input)));
  } finally {
    frameTexts = undefined;
  }
  // The terminal "current directory" escape (OSC 1337) is dropped in every case.
  let cleaned = output.replace(/\u001B\]1337;[^\u0007]*\u0007/g, '');
  if (!ctx.color) cleaned = stripAnsi(cleaned);
  if (input.some((result) => result.source === NO_SOURCE)) cleaned = dropPlaceholderFrames(cleaned);
  return cleaned === '' || cleaned.endsWith('\n') ? cleaned : `${cleaned}\n`;
}
