/**
 * Module lookup for the JavaScript reader: what an `import` or `require()` names (a package, or a local module one
 * level deep, found as Node.js and TypeScript find it), and what a module exports under a name (ESM exports,
 * re-exports, `exports.x =`, `module.exports =`).
 */
import { readFileSync } from 'node:fs';
import { outsideRoot } from '../../discover/root.js';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { MAX_IMPORT_DEPTH, namedChildren, short, walk, type Env, type Evaluator } from '../common.js';
import type { SyntaxNode } from '../grammars.js';
import { languageOfFile } from '../locate.js';
import { elsewhereNote, optPath, type Reach } from '../reach.js';
import { isFile } from '../reader.js';
import type { SourceFile } from '../source.js';
import { getEntry, unknown, type AV } from '../values.js';
import type { Workspace } from '../workspace.js';
import { FUNCTION_TYPES, memberChain, propertyKey, stringValue } from './syntax.js';

/** What module lookup asks of the reader: values of expressions and names, and the files of the workspace. */
export interface JsNames extends Evaluator {
  readonly ws: Workspace;
  /** The function's layers (`/opt/nodejs/...`, bare names in `/opt/nodejs/node_modules`). */
  readonly reach: Reach;
  resolveName(name: string, at: SyntaxNode, env: Env): AV;
  /** The exports being looked up (`file#name`), against modules that export from each other in a circle. */
  readonly exporting: Set<string>;
}

/** The value `imported` (`*` for the whole module, `default`, or a name) of the module `spec`, imported from `env.src`. */
export function importValue(r: JsNames, spec: string, imported: string, env: Env): AV {
  let file: string | undefined;
  if (spec.startsWith('/opt/')) {
    file = optPath(r.reach, spec, (c) => resolveModule('/', c));
    if (!file) return unknown(`'${spec}' is not in the function's local layers${r.reach.elsewhere.length === 0 ? ' (it names no other layer)' : elsewhereNote(r.reach)}`);
  } else if (!spec.startsWith('.')) {
    // a bare name: the code's own node_modules first (not read: packages), then what a local layer provides
    file = layerPackage(r.reach, spec);
    if (!file) {
      const path = imported === '*' || imported === 'default' ? [] : [imported];
      return { k: 'pkg', name: spec, path };
    }
  }
  if (env.importDepth >= MAX_IMPORT_DEPTH) return unknown(`'${spec}' is imported through more than ${MAX_IMPORT_DEPTH} local modules`);
  file ??= resolveModule(dirname(env.src.file), spec);
  if (!file) return unknown(`local module '${spec}' not found`);
  const language = languageOfFile(file);
  if (!language || language === 'python') return unknown(`'${spec}' is not a JavaScript or TypeScript file`);
  const opened = r.ws.open(file, language, env.src.codeRoot);
  if ('error' in opened) return unknown(`cannot read '${spec}': ${opened.error}`);
  const module: AV = { k: 'module', src: opened, importDepth: env.importDepth + 1 };
  if (imported === '*') return module;
  const moduleEnv: Env = { src: opened, bindings: new Map(), stack: [], importDepth: env.importDepth + 1, via: env.via };
  if (imported === 'default') {
    const value = exportValue(r, opened, 'default', moduleEnv);
    return value ?? module;
  }
  return exportValue(r, opened, imported, moduleEnv) ?? unknown(`'${imported}' is not exported by ${spec}`);
}

/** The value a module exports under `name` (ESM or CommonJS); `default` is also `module.exports = …`. The last export of the name wins. */
export function exportValue(r: JsNames, src: SourceFile, name: string, env: Env): AV | undefined {
  const key = `${src.file}#${name}`;
  if (r.exporting.has(key)) return unknown(`'${name}' is exported by modules that import each other`);
  r.exporting.add(key);
  try {
    const moduleEnv: Env = { ...env, src };
    let found: AV | undefined;
    for (const stmt of namedChildren(src.root)) {
      if (stmt.type === 'export_statement') found = esmExport(r, stmt, name, env, moduleEnv) ?? found;
      if (stmt.type === 'expression_statement') found = commonJsExport(r, stmt, name, moduleEnv) ?? found;
    }
    return found;
  } finally {
    r.exporting.delete(key);
  }
}

/** What one `export` statement exports under `name`, if it does. */
function esmExport(r: JsNames, stmt: SyntaxNode, name: string, env: Env, moduleEnv: Env): AV | undefined {
  const src = moduleEnv.src;
  let found: AV | undefined;
  const declaration = stmt.childForFieldName('declaration');
  const value = stmt.childForFieldName('value');
  if (declaration) {
    if ((declaration.type === 'function_declaration' || declaration.type === 'generator_function_declaration') && declaration.childForFieldName('name')?.text === name) {
      found = { k: 'fn', node: declaration, src, name, importDepth: env.importDepth };
    }
    if (declaration.type === 'lexical_declaration' || declaration.type === 'variable_declaration') {
      for (const d of namedChildren(declaration)) {
        const id = d.childForFieldName('name');
        if (d.type === 'variable_declarator' && id?.type === 'identifier' && id.text === name) found = r.resolveName(name, src.root, moduleEnv);
      }
    }
  } else if (value && name === 'default') {
    found = r.eval(value, moduleEnv);
  } else if (stmt.text.startsWith('export default') && name === 'default') {
    const target = namedChildren(stmt).find((c) => FUNCTION_TYPES.has(c.type) || c.type === 'identifier');
    if (target) found = FUNCTION_TYPES.has(target.type) ? { k: 'fn', node: target, src, name, importDepth: env.importDepth } : r.eval(target, moduleEnv);
  }
  // export { a as b }, export { a } from './m'
  const clause = namedChildren(stmt).find((c) => c.type === 'export_clause');
  const source = stmt.childForFieldName('source');
  for (const s of namedChildren(clause)) {
    const local = s.childForFieldName('name');
    const alias = s.childForFieldName('alias') ?? local;
    if (!local || !alias || (propertyKey(alias) ?? alias.text) !== name) continue;
    const spec = source ? stringValue(source) : undefined;
    found = spec ? importValue(r, spec, propertyKey(local) ?? local.text, moduleEnv) : r.resolveName(local.text, src.root, moduleEnv);
  }
  return found;
}

/** What one statement `exports.x = …` or `module.exports = …` exports under `name`, if it does. */
function commonJsExport(r: JsNames, stmt: SyntaxNode, name: string, moduleEnv: Env): AV | undefined {
  const assignment = namedChildren(stmt)[0];
  if (assignment?.type !== 'assignment_expression') return undefined;
  const chain = memberChain(assignment.childForFieldName('left'));
  const right = assignment.childForFieldName('right');
  if (!chain || !right) return undefined;
  const path = [chain.root.text, ...chain.path];
  const head = path[0] === 'module' && path[1] === 'exports' ? path.slice(2) : path[0] === 'exports' ? path.slice(1) : undefined;
  if (!head) return undefined;
  if (head.length === 1 && head[0] === name) return r.eval(right, moduleEnv);
  if (head.length !== 0) return undefined;
  const whole = r.eval(right, moduleEnv);
  if (name === 'default') return whole;
  if (whole.k === 'obj') {
    const entry = getEntry(whole, name, false);
    if ('found' in entry) return entry.found;
    return 'unknown' in entry ? unknown(entry.unknown) : undefined;
  }
  return whole.k !== 'fn' ? unknown(`module.exports is ${short(right.text)}`) : undefined;
}

const MODULE_EXTENSIONS = ['', '.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '/index.js', '/index.mjs', '/index.ts'];

/** The file a relative module specifier names, as Node.js and TypeScript look it up. */
export function resolveModule(fromDir: string, spec: string): string | undefined {
  const base = resolvePath(fromDir, spec);
  const candidates = MODULE_EXTENSIONS.map((ext) => base + ext);
  // TypeScript sources import their siblings by the name they will have once compiled (`./cors.js`).
  if (/\.(m|c)?js$/.test(spec)) candidates.push(base.replace(/\.(m|c)?js$/, '.ts'), base.replace(/\.(m|c)?js$/, '.mts'));
  for (const c of candidates) {
    if (isFile(c)) return c;
  }
  return undefined;
}

/** What a module and the local modules it imports (at any depth) are made of, for questions about a whole app. */
export interface ModuleGraph {
  files: SourceFile[];
  /** The packages they import or require. */
  packages: Set<string>;
  /** Modules of the code's own that are not read (not found, or in a layer that is not read). */
  unread: string[];
}

/** A module and every local module it imports or requires, transitively (up to `limit` files). */
export function moduleGraph(r: JsNames, src: SourceFile, limit = 200): ModuleGraph {
  const files: SourceFile[] = [];
  const packages = new Set<string>();
  const unread: string[] = [];
  const seen = new Set<string>();
  const queue: SourceFile[] = [src];
  while (queue.length > 0 && files.length < limit) {
    const file = queue.shift()!;
    if (seen.has(file.file)) continue;
    seen.add(file.file);
    files.push(file);
    const specs: string[] = [];
    walk(file.root, (n) => {
      if (n.type === 'import_statement' || n.type === 'export_statement') {
        const source = n.childForFieldName('source');
        const spec = source ? stringValue(source) : undefined;
        if (spec) specs.push(spec);
      } else if (n.type === 'call_expression' && n.childForFieldName('function')?.text === 'require') {
        const arg = namedChildren(n.childForFieldName('arguments'))[0];
        const spec = arg ? stringValue(arg) : undefined;
        if (spec) specs.push(spec);
      }
    });
    for (const spec of specs) {
      const fromLayer = spec.startsWith('/opt/') ? optPath(r.reach, spec, (c) => resolveModule('/', c)) : !spec.startsWith('.') ? layerPackage(r.reach, spec) : undefined;
      if (!spec.startsWith('.') && !fromLayer) {
        packages.add(spec);
        continue;
      }
      const path = fromLayer ?? (spec.startsWith('.') ? resolveModule(dirname(file.file), spec) : undefined);
      const language = path ? languageOfFile(path) : undefined;
      if (!path) unread.push(spec);
      if (!path || !language || language === 'python') continue;
      const opened = r.ws.open(path, language, src.codeRoot);
      if (!('error' in opened)) queue.push(opened);
    }
  }
  return { files, packages, unread };
}

/**
 * A bare module name that a local layer provides in `nodejs/node_modules` (on Lambda's `NODE_PATH`): its entry
 * file (`main` of its package.json, else index), when the layer's folder has its source. Packages the code
 * installs itself are not looked for in the code root (they are packages, not read).
 */
function layerPackage(reach: Reach, spec: string): string | undefined {
  if (reach.layers.length === 0) return undefined;
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  const sub = parts.slice(spec.startsWith('@') ? 2 : 1).join('/');
  return optPath(reach, `/opt/nodejs/node_modules/${name}`, (dir) => {
    if (sub) return resolveModule(dir, `./${sub}`);
    let main = 'index';
    try {
      // the package's manifest is read only inside the template's root (the entry file is checked when opened)
      if (reach.root !== undefined && outsideRoot(join(dir, 'package.json'), reach.root)) throw new Error('outside the repository');
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { main?: unknown };
      if (typeof pkg.main === 'string') main = pkg.main;
    } catch {
      // no package.json: index
    }
    return resolveModule(dir, main.startsWith('.') ? main : `./${main}`);
  });
}
