/**
 * The source files of one run: each handler file (and each local module a handler imports) is read and parsed
 * once, however many routes and templates share it.
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

export class Workspace {
  /** `overlay`: texts that take the place of the files on disk (the language server's open buffers). */
  constructor(private readonly overlay?: Overlay) {}

  private readonly files = new Map<string, Opened>();
  private readonly inline = new Map<string, Opened>();
  private readonly texts = new Map<string, string>();
  /** How many files were parsed (a file shared by many routes counts once). */
  parses = 0;

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

  /** Reads and parses a file once per run (never one outside the current read root). */
  open(file: string, language: SourceLanguage, codeRoot: string): Opened {
    const refused = this.refused(file);
    if (refused !== undefined) return { error: refused };
    const key = `${language}\u0000${file}`;
    const known = this.files.get(key);
    if (known) return known;
    const opened = this.read(file, language, codeRoot);
    this.files.set(key, opened);
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
    const known = this.inline.get(key);
    if (known) return known;
    let opened: Opened;
    if (!grammarLoaded(language)) opened = { error: `the ${language} grammar is not loaded` };
    else {
      const tree = parse(language, code);
      this.parses++;
      opened = tree ? new SourceFile(templateFile, code, language, tree, '', inline) : { error: 'the code cannot be parsed' };
    }
    this.inline.set(key, opened);
    return opened;
  }

  /** Frees the syntax trees (they live in web-tree-sitter's memory, which the garbage collector does not see). */
  dispose(): void {
    for (const opened of [...this.files.values(), ...this.inline.values()]) {
      if (opened instanceof SourceFile) opened.tree.delete();
    }
    this.files.clear();
    this.inline.clear();
  }

  /** Every file this workspace was asked to read (found or not), so a caller can watch them. */
  filesAsked(): string[] {
    return [...new Set([...this.files.keys()].map((key) => key.slice(key.indexOf('\u0000') + 1)))];
  }

  /** The text of every handler file read, for code frames in reports. */
  text(file: string): string | undefined {
    return this.texts.get(file);
  }

  private read(file: string, language: SourceLanguage, codeRoot: string): Opened {
    const unsaved = this.overlay?.(file);
    const text = unsaved === undefined ? readSource(file) : unsaved.replace(/^\uFEFF/, '');
    if (typeof text !== 'string') return text;
    if (!grammarLoaded(language)) return { error: `the ${language} grammar is not loaded` };
    const tree = parse(language, text);
    this.parses++;
    if (!tree) return { error: 'it cannot be parsed' };
    this.texts.set(file, text);
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
