/**
 * What the language server keeps between requests: which templates are open, what each one's findings depend on
 * (handler files, configuration files, samconfig), the diagnostics it last published per file, and the debounced
 * queue of templates to lint. Linting goes through the same pipeline as the command line (`lintSourceAsync`, with
 * configuration files looked up as `cors-lint` looks them up), in process, one template at a time.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { rules as shippedRules } from '../../rules/index.js';
import { CONFIG_FILE_NAMES, ConfigError, createConfigResolver } from '../config/index.js';
import { repositoryRoot } from '../discover/root.js';
import { HandlerAnalyzer } from '../handlers/index.js';
import { lintSourceAsync, type LintOptions, type LintRun } from '../lint.js';
import { diagnosticsByFile, problemAt } from './diagnostics.js';

/** What the session needs of the editor: the open buffers, and a way to show diagnostics. */
export interface SessionHost {
  /** The text and version of an open document, by file path; undefined when it is not open. */
  openText(file: string): { text: string; version: number } | undefined;
  publish(uri: string, diagnostics: Diagnostic[]): void;
  /** Something went wrong that is not the template's fault (logged, never thrown at the client). */
  log(message: string): void;
}

export interface SessionOptions {
  /** Milliseconds to wait after the last change before linting (default 200). */
  debounceMs?: number;
  /** The environment whose allowedOrigins apply (as `--env`). */
  env?: string;
}

/** Files whose change re-lints every template in or below their folder. */
const FOLDER_WIDE = new Set<string>([...CONFIG_FILE_NAMES, 'samconfig.toml', 'samconfig.yaml', 'samconfig.yml']);

/** Whether a file name is one the LSP lints as a (possible) template. */
export function isTemplateName(file: string): boolean {
  return /\.(ya?ml|json|template)$/i.test(file) && !FOLDER_WIDE.has(basename(file));
}

export class Session {
  private readonly debounceMs: number;
  private configure: ReturnType<typeof createConfigResolver>;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Per template (path): the diagnostics it produced, by file path. */
  private readonly produced = new Map<string, Map<string, Diagnostic[]>>();
  /** Per template (path): the files besides itself its findings depend on. */
  private readonly dependsOn = new Map<string, Set<string>>();
  /** Templates linted since the session started (closed ones included, so a handler edit re-lints them too). */
  private readonly known = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  /** How many lints ran (tests and the measuring script read it). */
  lints = 0;

  constructor(
    private readonly host: SessionHost,
    private readonly options: SessionOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 200;
    this.configure = this.newResolver();
  }

  private newResolver(): ReturnType<typeof createConfigResolver> {
    return createConfigResolver({ rules: shippedRules, env: this.options.env });
  }

  /** A template was opened or changed: lint it after the debounce (a later change restarts the wait). */
  schedule(file: string, delay = this.debounceMs): void {
    if (!isTemplateName(file)) {
      this.changed(file);
      return;
    }
    this.known.add(file);
    const pending = this.timers.get(file);
    if (pending) clearTimeout(pending);
    this.timers.set(
      file,
      setTimeout(() => {
        this.timers.delete(file);
        this.enqueue(file);
      }, delay),
    );
  }

  /**
   * A file that is not an open template changed (edited, saved, created or deleted): re-lint the templates that
   * depend on it. A configuration or samconfig file counts for every template in and below its folder.
   */
  changed(file: string): void {
    if (FOLDER_WIDE.has(basename(file))) {
      if ((CONFIG_FILE_NAMES as readonly string[]).includes(basename(file))) this.configure = this.newResolver();
      const folder = dirname(file) + sep;
      for (const t of this.known) if (t.startsWith(folder)) this.schedule(t);
      return;
    }
    if (this.known.has(file)) {
      this.schedule(file);
      return;
    }
    for (const [template, deps] of this.dependsOn) if (deps.has(file)) this.schedule(template);
  }

  /** A template was closed: its own diagnostics stay until it is linted again (its handlers' stay too). */
  closed(file: string): void {
    const pending = this.timers.get(file);
    if (pending) clearTimeout(pending);
    this.timers.delete(file);
  }

  /** Resolves once every lint scheduled so far has run (timers included). */
  async settled(): Promise<void> {
    while (this.timers.size > 0) await new Promise((r) => setTimeout(r, Math.max(5, this.debounceMs / 2)));
    await this.queue;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private enqueue(file: string): void {
    this.queue = this.queue.then(() =>
      this.lint(file).catch((error: unknown) => {
        this.host.log(`cors-lint: internal error linting ${file}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        this.publishFor(file, new Map([[file, [problemAt(1, 1, `cors-lint could not lint this file (internal error: ${error instanceof Error ? error.message : String(error)})`)]]]));
      }),
    );
  }

  /** Lints one template from its open buffer (or from disk when closed) and publishes what it found. */
  async lint(file: string): Promise<void> {
    const open = this.host.openText(file);
    let text: string;
    if (open) text = open.text;
    else {
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        this.known.delete(file);
        this.publishFor(file, new Map());
        return;
      }
    }
    const handlers = new HandlerAnalyzer({ overlay: (f) => this.host.openText(f)?.text });
    const options: LintOptions = {
      cwd: dirname(file),
      baseDir: repositoryRoot(dirname(file)),
      rules: shippedRules,
      configure: this.configure,
      handlers,
      keepModels: false,
      threads: 1,
    };
    let run: LintRun;
    // the handler files the lint asked for (found or not), taken before dispose() clears them: the template
    // depends on them whether or not they hold a finding now
    let asked: string[] = [];
    this.lints++;
    try {
      run = await lintSourceAsync(text, file, options);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const diagnostics = new Map<string, Diagnostic[]>([[file, [problemAt(1, 1, `not linted: the configuration ${error.file} is wrong (${error.line}:${error.column}: ${error.reason})`)]]]);
      diagnostics.set(error.file, [problemAt(error.line, error.column, error.reason)]);
      this.dependsOn.set(file, new Set([error.file]));
      this.publishFor(file, diagnostics);
      return;
    } finally {
      asked = handlers.filesAsked();
      handlers.dispose();
    }
    // a newer version arrived while this one was linted: its own lint is scheduled, so drop this result
    const now = this.host.openText(file);
    if (open && now && now.version !== open.version) return;
    // fixes are offsets into the text linted: they go with the open document's version (none for a closed file)
    const byFile = diagnosticsByFile(run, open ? { file, version: open.version } : undefined);
    if (!byFile.has(file)) byFile.set(file, []);
    this.dependsOn.set(file, new Set([...asked, ...[...byFile.keys()].filter((f) => f !== file)]));
    this.publishFor(file, byFile);
  }

  /** Replaces a template's diagnostics and publishes every file whose union of diagnostics changed. */
  private publishFor(template: string, byFile: Map<string, Diagnostic[]>): void {
    const before = this.produced.get(template) ?? new Map<string, Diagnostic[]>();
    this.produced.set(template, byFile);
    for (const file of new Set([...before.keys(), ...byFile.keys()])) {
      const all: Diagnostic[] = [];
      for (const produced of this.produced.values()) all.push(...(produced.get(file) ?? []));
      this.host.publish(pathToFileURL(file).href, all);
    }
  }

  /** The diagnostics last published for a file (for code actions). */
  diagnosticsOf(file: string): Diagnostic[] {
    return [...this.produced.values()].flatMap((m) => m.get(file) ?? []);
  }
}

/** A document URI to a file path, or undefined for URIs that are not files (untitled buffers). */
export function fileOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
