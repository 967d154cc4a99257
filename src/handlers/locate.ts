/**
 * Finds the source of a Lambda function's handler from what the template says: SAM `CodeUri` (a local folder,
 * relative to the template) + `Handler` + `Runtime` (Globals already merged by the model), `InlineCode`, raw
 * `Code.ZipFile`, and SAM esbuild builds (`Metadata.BuildMethod: esbuild`, a `.ts` entry point beside the `.js`
 * name). What cannot be found is an `unknown` with the reason, never a guess.
 */
import { statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { outsideRoot } from '../discover/root.js';
import type { LambdaFunction, Scalar, SettingVal } from '../model/types.js';
import type { Loc } from '../types.js';
import type { SourceLanguage } from './types.js';

export type HandlerSource =
  | {
      kind: 'file';
      /** The handler file. */
      file: string;
      language: SourceLanguage;
      /** The exported name (`handler`; `handlers.get` for a nested export). */
      exportName: string;
      /** The folder the code is deployed from (Python's import root). */
      codeRoot: string;
      handler: string;
      loc: Loc;
    }
  | {
      kind: 'inline';
      /** The template. */
      file: string;
      language: SourceLanguage;
      exportName: string;
      handler: string;
      /** Where the code is written in the template. */
      codeLoc: Loc;
      /** The code, when the template value is known. */
      code?: string;
      loc: Loc;
    }
  | { kind: 'unknown'; reason: string; loc: Loc; handler?: string };

/** The single known, unconditional text of a setting, or why there is none. */
function single(values: readonly SettingVal<Scalar>[] | undefined, what: string): { text: string } | { missing: true } | { reason: string } {
  if (!values || values.length === 0) return { missing: true };
  if (values.length > 1) return { reason: `${what} depends on a condition` };
  const v = values[0]!;
  if (!v.known) return { reason: `${what} is not known (${v.reason})` };
  if (typeof v.value !== 'string') return { reason: `${what} is not a string` };
  return { text: v.value };
}

export function runtimeLanguage(runtime: string): 'javascript' | 'python' | undefined {
  if (/^nodejs/i.test(runtime)) return 'javascript';
  if (/^python/i.test(runtime)) return 'python';
  return undefined;
}

const JS_EXTENSIONS = ['.js', '.mjs', '.cjs'];
const TS_EXTENSIONS = ['.ts', '.mts', '.cts'];

// (a missing path answers undefined rather than throwing: templates with thousands of functions ask often)
function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

export function languageOfFile(file: string): SourceLanguage | undefined {
  const ext = extname(file).toLowerCase();
  if (JS_EXTENSIONS.includes(ext)) return 'javascript';
  if (TS_EXTENSIONS.includes(ext)) return 'typescript';
  if (ext === '.py') return 'python';
  return undefined;
}

/** Splits a Node.js handler string the way the runtime does: the module is everything up to the first dot of the last segment. */
export function splitNodeHandler(handler: string): { module: string; exportName: string } | undefined {
  const slash = handler.lastIndexOf('/');
  const dir = handler.slice(0, slash + 1);
  const last = handler.slice(slash + 1);
  const dot = last.indexOf('.');
  if (dot <= 0 || dot === last.length - 1) return undefined;
  return { module: dir + last.slice(0, dot), exportName: last.slice(dot + 1) };
}

/** Splits a Python handler string: the function is after the last dot; the module path before it (dots or slashes). */
export function splitPythonHandler(handler: string): { module: string; exportName: string } | undefined {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0 || dot === handler.length - 1) return undefined;
  const module = handler.slice(0, dot).replace(/\./g, '/');
  return { module, exportName: handler.slice(dot + 1) };
}

/**
 * Finds the handler source of a function. `templateDir` is the folder of the template that declares it; with
 * `root`, a `CodeUri` whose real path is outside it is not looked into (the reason says so).
 */
export function locateHandler(fn: LambdaFunction, templateDir: string, root?: string): HandlerSource {
  const where = fn.handler?.[0]?.loc ?? fn.loc;
  if (fn.image) return { kind: 'unknown', reason: 'the function is a container image; its code is not read', loc: fn.loc };
  const runtime = single(fn.runtime, 'Runtime');
  if ('reason' in runtime) return { kind: 'unknown', reason: runtime.reason, loc: fn.runtime?.[0]?.loc ?? fn.loc };
  if ('missing' in runtime) return { kind: 'unknown', reason: 'the function names no Runtime', loc: fn.loc };
  const language = runtimeLanguage(runtime.text);
  if (!language) return { kind: 'unknown', reason: `runtime '${runtime.text}' is not read (only Node.js and Python handlers are)`, loc: fn.runtime![0]!.loc };
  const handlerVal = single(fn.handler, 'Handler');
  if ('reason' in handlerVal) return { kind: 'unknown', reason: handlerVal.reason, loc: where };
  if ('missing' in handlerVal) return { kind: 'unknown', reason: 'the function names no Handler', loc: fn.loc };
  const handler = handlerVal.text;
  const split = language === 'python' ? splitPythonHandler(handler) : splitNodeHandler(handler);
  if (!split) return { kind: 'unknown', reason: `Handler '${handler}' is not of the form file.function`, loc: where, handler };

  if (fn.inlineCode && fn.inlineCode.length > 0) {
    if (fn.inlineCode.length > 1) return { kind: 'unknown', reason: 'the inline code depends on a condition', loc: fn.inlineCode[0]!.loc, handler };
    const code = fn.inlineCode[0]!;
    return {
      kind: 'inline',
      file: code.loc.file,
      language,
      exportName: split.exportName,
      handler,
      codeLoc: code.loc,
      code: code.known && typeof code.value === 'string' ? code.value : undefined,
      loc: where,
    };
  }

  if (fn.source === 'cfn') return { kind: 'unknown', reason: 'the code is not inline (Code.ZipFile); a package in S3 is not read', loc: fn.loc, handler };
  let codeRoot = templateDir;
  const codeUri = single(fn.codeUri, 'CodeUri');
  if ('reason' in codeUri) {
    const s3 = /a mapping/.test(codeUri.reason) ? 'CodeUri is an S3 location (Bucket and Key); the code is not read' : codeUri.reason;
    return { kind: 'unknown', reason: s3, loc: fn.codeUri?.[0]?.loc ?? fn.loc, handler };
  }
  if ('text' in codeUri) {
    const text = codeUri.text;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.startsWith('s3:')) {
      return { kind: 'unknown', reason: `CodeUri '${text}' is not a local folder`, loc: fn.codeUri![0]!.loc, handler };
    }
    codeRoot = isAbsolute(text) ? text : resolvePath(templateDir, text);
    const outside = root === undefined ? undefined : outsideRoot(codeRoot, root);
    if (outside) return { kind: 'unknown', reason: `CodeUri '${text}': ${outside}`, loc: fn.codeUri![0]!.loc, handler };
    if (/\.(zip|jar)$/i.test(text)) return { kind: 'unknown', reason: `CodeUri '${text}' is an archive; its code is not read`, loc: fn.codeUri![0]!.loc, handler };
    if (!isDirectory(codeRoot)) {
      if (!isFile(codeRoot)) return { kind: 'unknown', reason: `CodeUri folder '${text}' does not exist`, loc: fn.codeUri![0]!.loc, handler };
      // A single source file: SAM and `aws cloudformation package` zip it alone (the package's root holds just
      // that file), so the handler's module must be that file.
      return singleFileHandler(fn, text, codeRoot, split, language, handler, where);
    }
  }

  const candidates = candidateFiles(codeRoot, split.module, language, fn);
  const file = candidates.find(isFile);
  if (!file) {
    return { kind: 'unknown', reason: `handler file '${split.module}' not found in ${codeUri && 'text' in codeUri ? `CodeUri '${codeUri.text}'` : 'the template folder'}`, loc: where, handler };
  }
  const fileLanguage = languageOfFile(file) ?? language;
  return { kind: 'file', file, language: fileLanguage, exportName: split.exportName, codeRoot, handler, loc: where };
}

function singleFileHandler(
  fn: LambdaFunction,
  text: string,
  file: string,
  split: { module: string; exportName: string },
  language: 'javascript' | 'python',
  handler: string,
  where: Loc,
): HandlerSource {
  const codeRoot = dirname(file);
  if (!candidateFiles(codeRoot, split.module, language, fn).includes(file)) {
    return { kind: 'unknown', reason: `handler file '${split.module}' not found in CodeUri '${text}', a single file packaged alone`, loc: where, handler };
  }
  return { kind: 'file', file, language: languageOfFile(file) ?? language, exportName: split.exportName, codeRoot, handler, loc: where };
}

function candidateFiles(root: string, module: string, language: 'javascript' | 'python', fn: LambdaFunction): string[] {
  const base = join(root, module);
  if (language === 'python') return [`${base}.py`, join(base, '__init__.py')];
  const out: string[] = [];
  if (fn.buildMethod === 'esbuild') {
    // esbuild names its output after the entry point: app.ts → app.js, so the source is the entry point whose
    // name (or path without extension) is the handler's module.
    for (const entry of fn.entryPoints ?? []) {
      const withoutExt = entry.slice(0, entry.length - extname(entry).length);
      if (withoutExt === module || basename(withoutExt) === basename(module)) out.push(join(root, entry));
    }
  }
  for (const ext of JS_EXTENSIONS) out.push(base + ext);
  // A TypeScript source beside the JavaScript name (a SAM esbuild build, or a build that compiles in place).
  for (const ext of TS_EXTENSIONS) out.push(base + ext);
  // A handler under dist/ or build/ whose source is under src/.
  const m = /^(.*?)(?:^|\/)(dist|build|out)\/(.*)$/.exec(module);
  if (m) for (const ext of TS_EXTENSIONS) out.push(join(root, m[1] ?? '', 'src', m[3]!) + ext);
  return out;
}
