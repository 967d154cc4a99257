/**
 * The source files of one run, parsed with web-tree-sitter and kept in a bounded cache (see {@link Workspace}).
 */
import { readFileSync, statSync } from 'node:fs';
import { outsideRoot } from '../discover/root.js';
import type { Range } from '../types.js';
import { grammarLoaded, parse } from './grammars.js';
import { SourceFile, type InlineMap } from './source.js';
import type { SourceLanguage } from './types.js';

/** Handler files larger than this are not read (they are bundles, not sources). */
export const MAX_SOURCE_BYTES = 1024 * 1024;

export type Opened = SourceFile | { error: string };

/** The text of a file as an editor holds it (unsaved changes), or undefined to read it from disk. */
export type Overlay = (file: string) => string | undefined;

/**
 * How much a workspace keeps parsed between templates: at most `files` entries (handler files, local modules,
 * inline code; one that could not be read counts too) and `bytes` of their text. Past either, the entries used
 * least recently are let go, down to half of each, before the next template is read.
 */
export interface WorkspaceLimits {
  files: number;
  bytes: number;
}

export const DEFAULT_WORKSPACE_LIMITS: WorkspaceLimits = Object.freeze({ files: 64, bytes: 8 * 1024 * 1024 });

/**
 * The source files a run reads: each handler file (and each local module a handler imports, and each piece of
 * inline code) is read and parsed once while it is in use, however many routes share it. Syntax trees live in
 * web-tree-sitter's WebAssembly memory, which the garbage collector does not see and which never shrinks, so the
 * workspace keeps a bounded number of them: templates are read one after another, and between two templates
 * ({@link release}) the files used least recently are freed (`tree.delete()`). A file asked for again later is
 * read and parsed again. Readers that cache what they found in trees watch {@link generation}: it changes
 * whenever trees are freed, and their caches must then be dropped.
 */
export class Workspace {
  /** `overlay`: texts that take the place of the files on disk (the language server's open buffers). */
  constructor(
    private readonly overlay?: Overlay,
    private readonly limits: WorkspaceLimits = DEFAULT_WORKSPACE_LIMITS,
  ) {}

  /** Files and inline code by key, least recently used first. */
  private readonly entries = new Map<string, { opened: Opened; bytes: number }>();
  private bytes = 0;
  /** Every file asked for since the last {@link dispose} (found or not), for a caller that watches them. */
  private readonly asked = new Set<string>();
  /** How many files were parsed (a file shared by many routes counts once while it stays open). */
  parses = 0;
  /** Changes every time trees are freed: what a reader cached from them is then stale. */
  generation = 0;

  /** The read root of the template being analysed (see {@link within}); undefined: every file may be read. */
  private root?: string;
  /** Why a file is not read under a root (outside it), by root and file; undefined when it is inside. */
  private readonly outside = new Map<string, string | undefined>();

  /**
   * Runs `fn` with `root` as the read root: a file whose real path is outside it is not read (not from disk, not
   * from the overlay), whatever an earlier template with another root read. The analysis is synchronous, so the
   * root holds for exactly the reads of one template's handlers.
   */
  within<T>(root: string | undefined, fn: () => T): T {
    const before = this.root;
    this.root = root;
    try {
      return fn();
    } finally {
      this.root = before;
    }
  }

  /** Why `file` is not read under the current root, or undefined when it may be. */
  refused(file: string): string | undefined {
    if (this.root === undefined) return undefined;
    const key = `${this.root}\u0000${file}`;
    if (this.outside.has(key)) return this.outside.get(key);
    const why = outsideRoot(file, this.root);
    this.outside.set(key, why);
    return why;
  }

  /** Reads and parses a file, or gives the one already open (never one outside the current read root). */
  open(file: string, language: SourceLanguage, codeRoot: string): Opened {
    const refused = this.refused(file);
    if (refused !== undefined) return { error: refused };
    const key = `${language}\u0000${file}`;
    this.asked.add(file);
    const known = this.touch(key);
    if (known) return known;
    const opened = this.read(file, language, codeRoot);
    this.keep(key, opened);
    return opened;
  }

  /** Parses inline code from a template (cached by the place it is written). */
  openInline(
    key: string,
    templateFile: string,
    code: string,
    language: SourceLanguage,
    inline: { map?: InlineMap; fallback: Range; substitutions: boolean },
  ): Opened {
    const entryKey = `inline\u0000${key}`;
    const known = this.touch(entryKey);
    if (known) return known;
    let opened: Opened;
    if (!grammarLoaded(language)) opened = { error: `the ${language} grammar is not loaded` };
    else {
      const tree = parse(language, code);
      this.parses++;
      opened = tree ? new SourceFile(templateFile, code, language, tree, '', inline) : { error: 'the code cannot be parsed' };
    }
    this.keep(entryKey, opened);
    return opened;
  }

  /**
   * Called between templates, when no tree of the previous one is in use: past the limits, frees the files used
   * least recently, down to half of each limit.
   */
  release(): void {
    // what the read-root checks found is kept for as many files as the limit on entries allows, times 64
    if (this.outside.size > 64 * this.limits.files) this.outside.clear();
    if (this.entries.size <= this.limits.files && this.bytes <= this.limits.bytes) return;
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.limits.files / 2 && this.bytes <= this.limits.bytes / 2) break;
      this.drop(key, entry);
    }
    this.generation++;
  }

  /** How many syntax trees are held now (what {@link release} bounds). */
  get trees(): number {
    let n = 0;
    for (const { opened } of this.entries.values()) if (opened instanceof SourceFile) n++;
    return n;
  }

  /** Frees every syntax tree (they live in web-tree-sitter's memory, which the garbage collector does not see). */
  dispose(): void {
    for (const [key, entry] of this.entries) this.drop(key, entry);
    this.asked.clear();
    this.generation++;
  }

  /** Every file this workspace was asked to read (found or not), so a caller can watch them. */
  filesAsked(): string[] {
    return [...this.asked];
  }

  /**
   * The text of a handler file read in this run, for code frames in reports: the open file's, else read again (a
   * template whose handler answers were kept may report into a file let go since; it is read as it was, from the
   * editor's buffer when one is open).
   */
  text(file: string): string | undefined {
    for (const language of ['javascript', 'typescript', 'python'] as const) {
      const opened = this.entries.get(`${language}\u0000${file}`)?.opened;
      if (opened instanceof SourceFile) return opened.text;
    }
    if (!this.asked.has(file)) return undefined;
    const unsaved = this.overlay?.(file);
    const text = unsaved === undefined ? readSource(file) : unsaved.replace(/^\uFEFF/, '');
    return typeof text === 'string' ? text : undefined;
  }

  private touch(key: string): Opened | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.opened;
  }

  private keep(key: string, opened: Opened): void {
    const bytes = opened instanceof SourceFile ? opened.text.length : 0;
    this.entries.set(key, { opened, bytes });
    this.bytes += bytes;
  }

  private drop(key: string, entry: { opened: Opened; bytes: number }): void {
    if (entry.opened instanceof SourceFile) entry.opened.tree.delete();
    this.bytes -= entry.bytes;
    this.entries.delete(key);
  }

  private read(file: string, language: SourceLanguage, codeRoot: string): Opened {
    const unsaved = this.overlay?.(file);
    const text = unsaved === undefined ? readSource(file) : unsaved.replace(/^\uFEFF/, '');
    if (typeof text !== 'string') return text;
    if (!grammarLoaded(language)) return { error: `the ${language} grammar is not loaded` };
    const tree = parse(language, text);
    this.parses++;
    if (!tree) return { error: 'it cannot be parsed' };
    return new SourceFile(file, text, language, tree, codeRoot);
  }
}

/** A handler file's text from disk, or why it cannot be read. */
function readSource(file: string): string | { error: string } {
  try {
    const size = statSync(file).size;
    if (size > MAX_SOURCE_BYTES) return { error: `${file} is larger than ${MAX_SOURCE_BYTES} bytes` };
    const bytes = readFileSync(file);
    if (bytes.includes(0)) return { error: 'it is not a text file' };
    return bytes.toString('utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'no such file' : 'it cannot be read' };
  }
}
