/**
 * web-tree-sitter and the grammars for JavaScript, TypeScript and Python, loaded on first need only: a run whose
 * templates have no Lambda proxy route behind a CORS-enabled REST API never imports web-tree-sitter.
 *
 * Every `.wasm` is read from the installed packages and handed over as bytes (loading by path makes
 * web-tree-sitter import `fs` dynamically, which jest's CommonJS sandbox refuses).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Language as TsLanguage, Node as TsNode, Parser as TsParser, Tree as TsTree } from 'web-tree-sitter';

export type SyntaxNode = TsNode;
export type SyntaxTree = TsTree;

import { loaderImport } from '../outside-import.js';
import type { SourceLanguage } from './types.js';

const GRAMMAR_FILES: Record<SourceLanguage, string> = {
  javascript: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  python: 'tree-sitter-python/tree-sitter-python.wasm',
};

type WebTreeSitter = typeof import('web-tree-sitter');

let library: Promise<WebTreeSitter> | undefined;
const languages = new Map<SourceLanguage, Promise<TsLanguage>>();
const loaded = new Map<SourceLanguage, TsParser>();

/** How many times web-tree-sitter itself was imported in this process (for tests of the lazy loading). */
export const loadCounter = { library: 0, grammars: 0 };

function resolvePackageFile(file: string): string {
  return createRequire(import.meta.url).resolve(file);
}

async function loadLibrary(): Promise<WebTreeSitter> {
  loadCounter.library++;
  const module = (await (loaderImport()?.('web-tree-sitter') ?? import('web-tree-sitter'))) as WebTreeSitter;
  const wasmBinary = readFileSync(resolvePackageFile('web-tree-sitter/web-tree-sitter.wasm'));
  await module.Parser.init({ wasmBinary } as Parameters<WebTreeSitter['Parser']['init']>[0]);
  return module;
}

/** Loads the grammars of the languages given (and web-tree-sitter, the first time). */
export async function loadGrammars(wanted: Iterable<SourceLanguage>): Promise<void> {
  for (const lang of new Set(wanted)) {
    if (loaded.has(lang)) continue;
    library ??= loadLibrary();
    const lib = await library;
    let pending = languages.get(lang);
    if (!pending) {
      loadCounter.grammars++;
      pending = lib.Language.load(readFileSync(resolvePackageFile(GRAMMAR_FILES[lang])));
      languages.set(lang, pending);
    }
    const language = await pending;
    if (!loaded.has(lang)) {
      const parser = new lib.Parser();
      parser.setLanguage(language);
      loaded.set(lang, parser);
    }
  }
}

/** Whether a language's grammar is ready, so that {@link parse} can be called synchronously. */
export function grammarLoaded(lang: SourceLanguage): boolean {
  return loaded.has(lang);
}

/** Whether web-tree-sitter has been imported at all in this process. */
export function libraryLoaded(): boolean {
  return library !== undefined;
}

/** Parses a source text; the grammar must have been loaded. */
export function parse(lang: SourceLanguage, text: string): SyntaxTree | undefined {
  const parser = loaded.get(lang);
  if (!parser) return undefined;
  return parser.parse(text) ?? undefined;
}
