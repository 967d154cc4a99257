/**
 * Module lookup for the Python reader: what an import names (a package, or a local module one level deep, found
 * beside the importing file or under the function's code root, as Lambda's `sys.path` finds it), and what a module
 * defines under a name.
 */
import { dirname, join } from 'node:path';
import { MAX_IMPORT_DEPTH, namedChildren, walk, type Env } from '../common.js';
import type { SyntaxNode } from '../grammars.js';
import { isFile } from '../reader.js';
import { elsewhereNote, pythonLayerRoots, type Reach } from '../reach.js';
import type { SourceFile } from '../source.js';
import { unknown, type AV } from '../values.js';
import type { Workspace } from '../workspace.js';

/** What module lookup asks of the reader: the value of a name, and the files of the workspace. */
export interface PyNames {
  readonly ws: Workspace;
  /** The function's layers (their `/opt/python` is on `sys.path` after the code root). */
  readonly reach: Reach;
  resolveName(name: string, at: SyntaxNode, env: Env): AV;
}

/**
 * The value of an import: `from .m import x` (`level` 1, `module` 'm', `imported` 'x'), `import m` (`imported`
 * null). A module found beside the handler (or under its code root) is read one level deep; anything else is a
 * package.
 */
export function importValue(r: PyNames, level: number, module: string, imported: string | null, env: Env): AV {
  const local = findModule(level, module, env.src, r.reach);
  if (!local) {
    if (level > 0) return unknown(`local module '${'.'.repeat(level)}${module}' not found`);
    // a module of the code's own package path (`src.utils.x`) that is not there may come from a layer that is not read
    if (r.reach.elsewhere.length > 0 && !KNOWN_PACKAGE.test(module)) return unknown(`module '${module}' is not in the function's code or its local layers${elsewhereNote(r.reach)}`);
    if (module === 'os') return imported === 'environ' || imported === 'getenv' ? { k: 'other', what: `os.${imported}` } : imported ? { k: 'pkg', name: module, path: [imported] } : { k: 'other', what: 'os' };
    return { k: 'pkg', name: module, path: imported ? [imported] : [] };
  }
  if (env.importDepth >= MAX_IMPORT_DEPTH) return unknown(`'${module}' is imported through more than ${MAX_IMPORT_DEPTH} local modules`);
  const opened = r.ws.open(local, 'python', env.src.codeRoot);
  if ('error' in opened) return unknown(`cannot read '${module}': ${opened.error}`);
  const mod: AV = { k: 'module', src: opened, importDepth: env.importDepth + 1 };
  if (imported === null) return mod;
  const value = moduleExport(r, mod, imported, env);
  if (value.k === 'unknown' && /is not defined/.test(value.reason)) {
    // `from package import module`
    const sub = findModule(level, module ? `${module}.${imported}` : imported, env.src, r.reach);
    if (sub) {
      const subOpened = r.ws.open(sub, 'python', env.src.codeRoot);
      if (!('error' in subOpened)) return { k: 'module', src: subOpened, importDepth: env.importDepth + 1 };
    }
  }
  return value;
}

/** The value a module defines under `name` at its top level. */
export function moduleExport(r: PyNames, mod: Extract<AV, { k: 'module' }>, name: string, env: Env): AV {
  const moduleEnv: Env = { src: mod.src, bindings: new Map(), stack: [], importDepth: mod.importDepth, via: env.via };
  return r.resolveName(name, mod.src.root, moduleEnv);
}

/** The file of a module (`a.b` is `a/b.py` or `a/b/__init__.py`), relative to the importing file for `level` > 0. */
function findModule(level: number, module: string, from: SourceFile, reach: Reach): string | undefined {
  const rel = module.split('.').filter(Boolean).join('/');
  const roots: string[] = [];
  if (level > 0) {
    let base = dirname(from.file);
    for (let i = 1; i < level; i++) base = dirname(base);
    roots.push(base);
  } else {
    if (from.codeRoot) roots.push(from.codeRoot);
    roots.push(dirname(from.file));
    roots.push(...pythonLayerRoots(reach));
  }
  for (const root of roots) {
    for (const candidate of rel ? [join(root, `${rel}.py`), join(root, rel, '__init__.py')] : [join(root, '__init__.py')]) {
      if (isFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/** A module and every local module it imports, transitively (up to `limit` files), with the packages they import. */
export function moduleGraph(r: PyNames, src: SourceFile, limit = 200): { files: SourceFile[]; packages: Set<string>; unread: string[] } {
  const files: SourceFile[] = [];
  const packages = new Set<string>();
  /** Modules of the code's own that are not read (relative ones not found; others a layer that is not read may give). */
  const unread: string[] = [];
  const seen = new Set<string>();
  const queue: SourceFile[] = [src];
  while (queue.length > 0 && files.length < limit) {
    const file = queue.shift()!;
    if (seen.has(file.file)) continue;
    seen.add(file.file);
    files.push(file);
    const wanted: Array<{ level: number; module: string; names: string[] }> = [];
    walk(file.root, (n) => {
      if (n.type === 'import_statement') {
        for (const name of n.childrenForFieldName('name')) {
          const dotted = name?.type === 'aliased_import' ? name.childForFieldName('name')?.text : name?.text;
          if (dotted) wanted.push({ level: 0, module: dotted, names: [] });
        }
      } else if (n.type === 'import_from_statement') {
        const moduleNode = n.childForFieldName('module_name');
        if (!moduleNode) return;
        let level = 0;
        let module = moduleNode.text;
        if (moduleNode.type === 'relative_import') {
          level = namedChildren(moduleNode).find((c) => c.type === 'import_prefix')?.text.length ?? 1;
          module = namedChildren(moduleNode).find((c) => c.type === 'dotted_name')?.text ?? '';
        }
        const names = n.childrenForFieldName('name').map((c) => (c?.type === 'aliased_import' ? c.childForFieldName('name')?.text : c?.text) ?? '');
        wanted.push({ level, module, names });
      }
    });
    for (const w of wanted) {
      const found = findModule(w.level, w.module, file, r.reach);
      // `from package import module`: the names may be modules themselves
      const subs = w.names.map((name) => findModule(w.level, w.module ? `${w.module}.${name}` : name, file, r.reach)).filter((f): f is string => f !== undefined);
      if (!found && subs.length === 0) {
        if (w.level === 0) packages.add(w.module.split('.')[0]!);
        if (w.level > 0 || (r.reach.elsewhere.length > 0 && !KNOWN_PACKAGE.test(w.module))) unread.push(`${'.'.repeat(w.level)}${w.module}`);
        continue;
      }
      for (const path of [found, ...subs]) {
        if (!path) continue;
        const opened = r.ws.open(path, 'python', src.codeRoot);
        if (!('error' in opened)) queue.push(opened);
      }
    }
  }
  return { files, packages, unread };
}

/**
 * Packages a function gets from pip or the runtime, never from a layer of the code's own: with a layer that is not
 * read, any other module that is not found may be the layer's.
 */
const KNOWN_PACKAGE =
  /^(boto3|botocore|aws_lambda_powertools|aws_xray_sdk|json|os|sys|re|logging|datetime|time|uuid|decimal|typing|dataclasses|enum|base64|hashlib|hmac|urllib|http|functools|itertools|collections|traceback|random|math|copy|io|pydantic|requests|jwt|jose|simplejson|mangum|fastapi|flask|starlette|flask_cors|awsgi|serverless_wsgi|sentry_sdk|datadog_lambda|newrelic|epsagon|thundra|pytz|dateutil|yaml|botocore)(\.|$)/;
