/**
 * Reads a Python handler: the module-level function the handler names (decorated or not) or a module-level
 * `handler = Mangum(app)`, its return paths, the dicts they return (literals, `dict(...)`, `**` spreads, module
 * constants, dicts changed after they were built, helpers in the same file and helpers and constants imported from
 * a local module one level deep), and the frameworks that answer for it (Powertools resolvers with
 * `cors=CORSConfig(...)`, Flask behind `aws-wsgi`/`serverless-wsgi` with `flask_cors`, FastAPI or Starlette
 * behind Mangum with `CORSMiddleware`).
 */
import { basename, dirname, join } from 'node:path';
import { namedChildren, READ_ONLY_CALLEE, READ_ONLY_METHODS, short, walk, type Env, type ReadResult } from './common.js';
import type { SyntaxNode } from './grammars.js';
import { checkCall, either, isFile, openPatch, patchValue, ScopeReader, type FnValue, type Syntax } from './reader.js';
import type { SourceFile } from './source.js';
import { alts, getEntry, lazy, unescapeString, unknown, type AV, type Entry, type FrameworkVerdict, type Lazy, type Patch } from './values.js';
import type { Workspace } from './workspace.js';

const FUNCTION_TYPES = new Set(['function_definition', 'lambda']);
const SCOPE_BOUNDARY = new Set([...FUNCTION_TYPES, 'class_definition']);
const SYNTAX: Syntax = {
  functions: FUNCTION_TYPES,
  boundary: SCOPE_BOUNDARY,
  module: 'module',
  expressionBody: (fn) => fn.type === 'lambda',
};
/** Methods whose call can compare the request's Origin with an allow-list. */
const CHECK_METHODS = /\.(startswith|endswith|match|fullmatch|search|get|index|count)$/;

type Site =
  | { kind: 'value'; node: SyntaxNode }
  | { kind: 'fn'; node: SyntaxNode }
  | { kind: 'import'; level: number; module: string; imported: string | null }
  | { kind: 'unknown'; reason: string };

interface Param {
  index: number;
  dflt?: SyntaxNode;
  splat?: boolean;
}

interface ScopeIndex {
  decls: Map<string, Site[]>;
  params: Map<string, Param>;
  globals: Set<string>;
  effects: SyntaxNode[];
}

const RESOLVERS = new Set([
  'APIGatewayRestResolver',
  'ApiGatewayResolver',
  'APIGatewayHttpResolver',
  'ALBResolver',
  'LambdaFunctionUrlResolver',
  'VPCLatticeResolver',
  'VPCLatticeV2Resolver',
]);

function unwrap(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let n = node ?? undefined;
  while (n && (n.type === 'parenthesized_expression' || n.type === 'await')) {
    const inner = namedChildren(n)[0];
    if (!inner) break;
    n = inner;
  }
  return n;
}

/** The value of a plain string literal (no f-string interpolation). */
function stringValue(node: SyntaxNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'concatenated_string') {
    const parts = namedChildren(node).map(stringValue);
    return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
  }
  if (node.type !== 'string') return undefined;
  const start = node.child(0)?.text ?? '';
  let out = '';
  for (const child of namedChildren(node)) {
    if (child.type === 'interpolation') return undefined;
    if (child.type === 'string_content') out += /r/i.test(start) ? child.text : unescapeString(child.text);
    if (child.type === 'escape_sequence') out += unescapeString(child.text);
  }
  return out;
}

/** `a['b']['c']` → root `a`, path `['b', 'c']`; attributes and computed keys give `null`. */
function subscriptChain(node: SyntaxNode | null | undefined): { root: SyntaxNode; path: Array<string | null> } | undefined {
  const path: Array<string | null> = [];
  let n = unwrap(node);
  while (n) {
    if (n.type === 'subscript') {
      const index = n.childForFieldName('subscript');
      path.unshift(stringValue(index ?? undefined) ?? null);
      n = unwrap(n.childForFieldName('value'));
    } else if (n.type === 'attribute') {
      path.unshift(null);
      n = unwrap(n.childForFieldName('object'));
    } else if (n.type === 'identifier') {
      return { root: n, path };
    } else return undefined;
  }
  return undefined;
}

/** `a.b.c` written with attributes: `['a', 'b', 'c']`. */
function dotted(node: SyntaxNode | null | undefined): string[] | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'identifier') return [n.text];
  if (n.type === 'attribute') {
    const base = dotted(n.childForFieldName('object'));
    const attr = n.childForFieldName('attribute');
    return base && attr ? [...base, attr.text] : undefined;
  }
  return undefined;
}

function functionParams(fn: SyntaxNode): Map<string, Param> {
  const params = new Map<string, Param>();
  namedChildren(fn.childForFieldName('parameters')).forEach((p, index) => {
    switch (p.type) {
      case 'identifier':
        params.set(p.text, { index });
        break;
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = p.childForFieldName('name');
        if (name) params.set(name.text, { index, dflt: p.childForFieldName('value') ?? undefined });
        break;
      }
      case 'typed_parameter': {
        const name = namedChildren(p).find((c) => c.type === 'identifier');
        if (name) params.set(name.text, { index });
        break;
      }
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern': {
        const name = namedChildren(p)[0];
        if (name) params.set(name.text, { index, splat: true });
        break;
      }
      default:
        break;
    }
  });
  return params;
}

function keywordArgs(args: SyntaxNode[]): { positional: SyntaxNode[]; keywords: Map<string, SyntaxNode>; splats: boolean } {
  const positional: SyntaxNode[] = [];
  const keywords = new Map<string, SyntaxNode>();
  let splats = false;
  for (const a of args) {
    if (a.type === 'keyword_argument') {
      const name = a.childForFieldName('name');
      const value = a.childForFieldName('value');
      if (name && value) keywords.set(name.text, value);
    } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') splats = true;
    else positional.push(a);
  }
  return { positional, keywords, splats };
}

export class PyReader extends ScopeReader<Site, ScopeIndex> {
  constructor(ws: Workspace) {
    super(ws, SYNTAX);
  }

  read(src: SourceFile, name: string): ReadResult {
    const env = this.startRead(src);
    const index = this.scopeIndex(src, src.root);
    const sites = index.decls.get(name);
    if (!sites) return { unknown: `'${name}' is not defined at the top of ${basename(src.file)}${src.root.hasError ? ' (the file has syntax errors)' : ''}` };
    const entry = this.resolveName(name, src.root, env);
    switch (entry.k) {
      case 'fn':
        return this.readFunction(entry, name);
      case 'framework':
        return this.frameworkResult(entry, name);
      case 'unknown':
        return { unknown: entry.reason };
      default:
        return { unknown: `'${name}' is not a function that can be read` };
    }
  }

  private readFunction(fnAV: FnValue, name: string): ReadResult {
    const fn = fnAV.node;
    const src = fnAV.src;
    if (fn.hasError) return { unknown: 'the handler function has syntax errors' };
    const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
    for (const d of namedChildren(decorated).filter((c) => c.type === 'decorator')) {
      if (/cors|header/i.test(d.text)) return { unknown: `the decorator ${short(d.text)} may set the response headers` };
    }
    const bound = new Map<string, Lazy>();
    for (const [pname, p] of functionParams(fn)) {
      bound.set(pname, () => (p.index === 0 && !p.splat ? { k: 'event' } : unknown(`parameter '${pname}'`)));
    }
    return { loc: src.loc(fn), responses: this.returnedResponses(fn, this.handlerEnv(fnAV, bound), name, { n: 0 }) };
  }

  // ---- scopes -----------------------------------------------------------------------------------------

  protected indexScope(_src: SourceFile, scope: SyntaxNode): ScopeIndex {
    const index: ScopeIndex = { decls: new Map(), params: scope.type === 'module' ? new Map() : functionParams(scope), globals: new Set(), effects: [] };
    const add = (name: string, site: Site) => {
      const list = index.decls.get(name) ?? [];
      list.push(site);
      index.decls.set(name, list);
    };
    const body = scope.type === 'module' ? scope : scope.childForFieldName('body');
    const visit = (n: SyntaxNode, nested: boolean): void => {
      if (n !== body && SCOPE_BOUNDARY.has(n.type)) {
        if (!nested && n.type === 'function_definition') {
          const name = n.childForFieldName('name');
          if (name) add(name.text, { kind: 'fn', node: n });
        }
        if (!nested && n.type === 'class_definition') {
          const name = n.childForFieldName('name');
          if (name) add(name.text, { kind: 'unknown', reason: `class ${name.text}` });
        }
        nested = true;
      }
      switch (n.type) {
        case 'assignment': {
          const left = n.childForFieldName('left');
          const right = n.childForFieldName('right');
          if (!nested && left?.type === 'identifier') add(left.text, right ? { kind: 'value', node: right } : { kind: 'unknown', reason: 'declared without a value' });
          else if (!nested && left && /^(pattern_list|tuple_pattern|list_pattern)$/.test(left.type)) {
            for (const id of identifiersIn(left)) add(id, { kind: 'unknown', reason: 'unpacked from a sequence' });
          }
          index.effects.push(n);
          break;
        }
        case 'augmented_assignment': {
          const left = n.childForFieldName('left');
          if (!nested && left?.type === 'identifier') add(left.text, { kind: 'unknown', reason: `changed with ${short(n.text)}` });
          index.effects.push(n);
          break;
        }
        case 'named_expression': {
          const name = n.childForFieldName('name');
          const value = n.childForFieldName('value');
          if (!nested && name && value) add(name.text, { kind: 'value', node: value });
          break;
        }
        case 'for_statement':
        case 'for_in_clause': {
          const left = n.childForFieldName('left');
          if (!nested && left) for (const id of identifiersIn(left)) add(id, { kind: 'unknown', reason: 'a loop variable' });
          break;
        }
        case 'as_pattern': {
          const alias = n.childForFieldName('alias');
          if (!nested && alias) for (const id of identifiersIn(alias)) add(id, { kind: 'unknown', reason: 'bound by with or except' });
          break;
        }
        case 'except_clause': {
          // `except E as e` (older grammars): the name after `as`.
          const named = namedChildren(n);
          const asIndex = n.children.findIndex((c) => c?.type === 'as');
          if (!nested && asIndex >= 0 && named[1]?.type === 'identifier') add(named[1].text, { kind: 'unknown', reason: 'a caught exception' });
          break;
        }
        case 'global_statement':
        case 'nonlocal_statement':
          if (!nested) for (const id of namedChildren(n)) index.globals.add(id.text);
          break;
        case 'call':
        case 'delete_statement':
          index.effects.push(n);
          break;
        case 'import_from_statement': {
          if (nested) break;
          const moduleNode = n.childForFieldName('module_name');
          if (!moduleNode) break;
          let level = 0;
          let module = moduleNode.text;
          if (moduleNode.type === 'relative_import') {
            const prefix = namedChildren(moduleNode).find((c) => c.type === 'import_prefix');
            level = prefix?.text.length ?? 1;
            module = namedChildren(moduleNode).find((c) => c.type === 'dotted_name')?.text ?? '';
          }
          for (const nameNode of n.childrenForFieldName('name').filter((c): c is SyntaxNode => c !== null)) {
            if (nameNode.type === 'aliased_import') {
              const imported = nameNode.childForFieldName('name')?.text;
              const alias = nameNode.childForFieldName('alias')?.text;
              if (imported && alias) add(alias, { kind: 'import', level, module, imported });
            } else add(nameNode.text, { kind: 'import', level, module, imported: nameNode.text });
          }
          break;
        }
        case 'import_statement': {
          if (nested) break;
          for (const nameNode of n.childrenForFieldName('name').filter((c): c is SyntaxNode => c !== null)) {
            if (nameNode.type === 'aliased_import') {
              const imported = nameNode.childForFieldName('name')?.text;
              const alias = nameNode.childForFieldName('alias')?.text;
              if (imported && alias) add(alias, { kind: 'import', level: 0, module: imported, imported: null });
            } else {
              const first = nameNode.text.split('.')[0]!;
              add(first, { kind: 'import', level: 0, module: first, imported: null });
            }
          }
          break;
        }
        default:
          break;
      }
      for (const child of namedChildren(n)) visit(child, nested);
    };
    if (body) visit(body, false);
    index.effects.sort((a, b) => a.startIndex - b.startIndex);
    return index;
  }

  private resolveName(name: string, at: SyntaxNode, env: Env): AV {
    if (name === 'None') return { k: 'none' };
    if (name === 'True' || name === 'False') return { k: 'other', what: name };
    let scope = this.enclosingScope(at);
    while (scope) {
      const index = this.scopeIndex(env.src, scope);
      if (index.globals.has(name)) {
        scope = env.src.root;
        continue;
      }
      const value = this.nameIn(name, scope, index, env);
      if (value) return value;
      if (scope.type === 'module') break;
      scope = this.enclosingScope(scope.parent);
    }
    if (name === 'dict') return { k: 'other', what: 'dict' };
    return unknown(`'${name}' is not defined in ${basename(env.src.file)}`);
  }

  protected siteValues(name: string, sites: Site[], index: ScopeIndex, env: Env): AV {
    const values = sites.map((site): AV => {
      switch (site.kind) {
        case 'value':
          return this.eval(site.node, env);
        case 'fn':
          return { k: 'fn', node: site.node, src: env.src, name, importDepth: env.importDepth };
        case 'import':
          return this.importValue(site.level, site.module, site.imported, env);
        case 'unknown':
          return unknown(site.reason);
      }
    });
    let value = alts(values);
    if (value.k === 'obj' || (value.k === 'alts' && value.alts.some((v) => v.k === 'obj'))) {
      const patches = this.patchesOf(name, index, env);
      if (patches.length > 0) value = patchValue(value, patches, { none: false });
    }
    return value;
  }

  protected patchesOf(name: string, index: ScopeIndex, env: Env): Patch[] {
    const patches: Patch[] = [];
    const rooted = (node: SyntaxNode | null | undefined) => {
      const chain = subscriptChain(node);
      return chain && chain.root.text === name ? chain.path : undefined;
    };
    const open = (path: Array<string | null>, reason: string): void => openPatch(patches, path, reason);
    for (const n of index.effects) {
      switch (n.type) {
        case 'assignment': {
          const left = unwrap(n.childForFieldName('left'));
          const right = n.childForFieldName('right');
          this.assignmentPatch(patches, n, left, right, rooted, env);
          // `other = name`: changes made through `other` are not followed. (`obj['k'] = name` is followed as `obj`'s change.)
          const alias = left?.type === 'identifier' ? rooted(right) : undefined;
          if (alias) open(alias, `shared with ${short(left?.text ?? '?')}`);
          break;
        }
        case 'augmented_assignment': {
          const left = unwrap(n.childForFieldName('left'));
          const right = n.childForFieldName('right');
          const op = n.childForFieldName('operator')?.text;
          const path = rooted(left);
          if (!path) break;
          if (op === '|=' && right && !path.includes(null)) patches.push({ path: path as string[], kind: 'merge', value: lazy(() => this.eval(right, env)) });
          else open(path, `changed with ${short(n.text)}`);
          break;
        }
        case 'delete_statement':
          for (const target of namedChildren(n).flatMap((c) => (c.type === 'expression_list' ? namedChildren(c) : [c]))) {
            const path = rooted(target);
            if (path) open(path, `deleted with ${short(n.text)}`);
          }
          break;
        case 'call': {
          const fnNode = unwrap(n.childForFieldName('function'));
          const args = namedChildren(n.childForFieldName('arguments'));
          const calleeText = fnNode?.text.replace(/\s+/g, '') ?? '';
          if (fnNode?.type === 'attribute') {
            const object = fnNode.childForFieldName('object');
            const method = fnNode.childForFieldName('attribute')?.text ?? '';
            const path = rooted(object);
            if (path) {
              if (method === 'update' && !path.includes(null)) {
                const { positional, keywords, splats } = keywordArgs(args);
                if (splats) open(path, `changed by ${short(calleeText)}()`);
                else {
                  for (const a of positional) patches.push({ path: path as string[], kind: 'merge', value: lazy(() => this.eval(a, env)) });
                  if (keywords.size > 0) patches.push({ path: path as string[], kind: 'merge', value: () => this.keywordObject(keywords, n, env) });
                }
              } else if (!READ_ONLY_METHODS.has(method)) open(path, `changed by ${short(calleeText)}()`);
            }
          }
          const merging = fnNode?.type === 'attribute' && fnNode.childForFieldName('attribute')?.text === 'update';
          args.forEach((arg, i) => {
            const keyword = arg.type === 'keyword_argument' ? arg.childForFieldName('name')?.text : undefined;
            const value = arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg;
            const path = rooted(value);
            if (!path) return;
            if (READ_ONLY_CALLEE.test(calleeText) || merging) return;
            // A helper in this file or a local module: what it does to that parameter is done to this dict.
            this.passedPatches(patches, path, fnNode ? this.eval(fnNode, env) : undefined, keyword ?? i, calleeText);
          });
          break;
        }
        default:
          break;
      }
    }
    return patches;
  }

  protected parameterName(fnAV: FnValue, which: number | string): string | undefined {
    const params = [...functionParams(fnAV.node)];
    return typeof which === 'string' ? params.find(([n, p]) => n === which && !p.splat)?.[0] : params.find(([, p]) => p.index === which && !p.splat)?.[0];
  }

  // ---- expressions ------------------------------------------------------------------------------------

  eval(node: SyntaxNode, env: Env): AV {
    const over = this.overBudget();
    if (over) return over;
    const n = unwrap(node);
    if (!n) return unknown('an empty expression');
    switch (n.type) {
      case 'dictionary':
        return this.dictionary(n, env);
      case 'string':
      case 'concatenated_string': {
        const value = stringValue(n);
        return value !== undefined ? { k: 'str', value, node: n, src: env.src, via: env.via } : unknown(`an f-string (${short(n.text)})`);
      }
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
        return { k: 'other', what: n.text };
      case 'none':
        return { k: 'none' };
      case 'list':
      case 'tuple':
      case 'set':
      case 'list_comprehension':
        return { k: 'other', what: 'a list' };
      case 'identifier':
        return this.resolveName(n.text, n, env);
      case 'attribute': {
        const object = n.childForFieldName('object');
        const attr = n.childForFieldName('attribute');
        if (!object || !attr) return unknown('an attribute');
        return this.attribute(this.eval(object, env), attr.text, env);
      }
      case 'subscript': {
        const value = n.childForFieldName('value');
        const key = stringValue(n.childForFieldName('subscript') ?? undefined);
        if (!value) return unknown('a subscript');
        if (key === undefined) return unknown(`a computed item (${short(n.text)})`);
        return this.item(this.eval(value, env), key, env, n);
      }
      case 'conditional_expression': {
        const parts = namedChildren(n);
        return parts.length === 3 ? alts([this.eval(parts[0]!, env), this.eval(parts[2]!, env)]) : unknown('a conditional');
      }
      case 'boolean_operator': {
        const op = n.childForFieldName('operator')?.text;
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if (op !== 'or' || !left || !right) return unknown(`a boolean ${op ?? 'operation'}`);
        return either(this.eval(left, env), () => this.eval(right, env), 'or');
      }
      case 'binary_operator': {
        const op = n.childForFieldName('operator')?.text;
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if (op === '|' && left && right) {
          const entries: Entry[] = [left, right].map((side) => ({ kind: 'spread' as const, node: side, value: lazy(() => this.eval(side, env)) }));
          return { k: 'obj', node: n, src: env.src, entries, patches: [], via: env.via };
        }
        if (op === '+' || op === '%') return unknown(`a string built with ${op} (${short(n.text)})`);
        return { k: 'other', what: `the result of ${op}` };
      }
      case 'call':
        return this.call(n, env);
      case 'lambda':
        return { k: 'fn', node: n, src: env.src, name: 'lambda', importDepth: env.importDepth };
      default:
        return unknown(`${n.type.replace(/_/g, ' ')} (${short(n.text)})`);
    }
  }

  private dictionary(n: SyntaxNode, env: Env): AV {
    const entries: Entry[] = [];
    for (const child of namedChildren(n)) {
      if (child.type === 'pair') {
        const keyNode = child.childForFieldName('key');
        const valueNode = child.childForFieldName('value');
        const key = stringValue(keyNode ?? undefined);
        if (key === undefined || !valueNode) entries.push({ kind: 'open', node: child, reason: `a computed key (${short(keyNode?.text ?? '?')})` });
        else entries.push({ kind: 'pair', key, node: child, value: lazy(() => this.eval(valueNode, env)) });
      } else if (child.type === 'dictionary_splat') {
        const inner = namedChildren(child)[0];
        entries.push({ kind: 'spread', node: child, value: lazy(() => (inner ? this.eval(inner, env) : unknown('a spread'))) });
      } else {
        entries.push({ kind: 'open', node: child, reason: `a ${child.type.replace(/_/g, ' ')}` });
      }
    }
    return { k: 'obj', node: n, src: env.src, entries, patches: [], via: env.via };
  }

  private keywordObject(keywords: Map<string, SyntaxNode>, node: SyntaxNode, env: Env): AV {
    const entries: Entry[] = [...keywords].map(([key, value]) => ({ kind: 'pair' as const, key, node: value, value: lazy(() => this.eval(value, env)) }));
    return { k: 'obj', node, src: env.src, entries, patches: [], via: env.via };
  }

  private attribute(base: AV, name: string, env: Env): AV {
    switch (base.k) {
      case 'module':
        return this.moduleExport(base, name, env);
      case 'pkg':
        return { k: 'pkg', name: base.name, path: [...base.path, name] };
      case 'alts':
        return alts(base.alts.map((a) => this.attribute(a, name, env)));
      case 'other':
        if (base.what === 'os' && name === 'environ') return { k: 'other', what: 'os.environ' };
        return unknown(`${base.what}.${name}`);
      default:
        return unknown(base.k === 'unknown' ? base.reason : `the attribute ${name}`);
    }
  }

  private item(base: AV, key: string, env: Env, node: SyntaxNode): AV {
    switch (base.k) {
      case 'event':
        return key === 'headers' ? { k: 'requestHeaders' } : unknown(`event['${key}']`);
      case 'requestHeaders':
        return key.toLowerCase() === 'origin' ? { k: 'origin', node, src: env.src, checked: this.originChecked(env.src), via: env.via } : unknown(`the request header ${key}`);
      case 'obj': {
        const r = getEntry(base, key, false);
        if ('found' in r) return r.found;
        if ('absent' in r) return unknown(`a missing key '${key}'`);
        return unknown(r.unknown);
      }
      case 'alts':
        return alts(base.alts.map((a) => this.item(a, key, env, node)));
      default:
        return unknown(base.k === 'unknown' ? base.reason : `['${key}'] of ${base.k}`);
    }
  }

  private call(n: SyntaxNode, env: Env): AV {
    const fnNode = unwrap(n.childForFieldName('function'));
    const args = namedChildren(n.childForFieldName('arguments'));
    if (!fnNode) return unknown('a call');
    const calleeText = fnNode.text.replace(/\s+/g, '');
    const { positional, keywords, splats } = keywordArgs(args);
    if (calleeText === 'dict') {
      const entries: Entry[] = positional.map((a) => ({ kind: 'spread' as const, node: a, value: lazy(() => this.eval(a, env)) }));
      for (const [key, value] of keywords) entries.push({ kind: 'pair', key, node: value, value: lazy(() => this.eval(value, env)) });
      if (splats) entries.push({ kind: 'open', node: n, reason: 'a ** argument' });
      return { k: 'obj', node: n, src: env.src, entries, patches: [], via: env.via };
    }
    if (/^json\.dumps$/.test(calleeText)) return { k: 'other', what: 'a JSON string' };
    if (fnNode.type === 'attribute') {
      const objectNode = fnNode.childForFieldName('object')!;
      const method = fnNode.childForFieldName('attribute')?.text ?? '';
      const object = this.eval(objectNode, env);
      if (method === 'get' && positional[0]) {
        const key = stringValue(positional[0]);
        if (object.k === 'event' && key === 'headers') return { k: 'requestHeaders' };
        if (object.k === 'requestHeaders' && key?.toLowerCase() === 'origin') return { k: 'origin', node: n, src: env.src, checked: this.originChecked(env.src), via: env.via };
        if (object.k === 'obj' && key !== undefined) {
          const r = getEntry(object, key, false);
          if ('found' in r) return r.found;
          if ('absent' in r) return positional[1] ? this.eval(positional[1], env) : { k: 'none' };
          return unknown(r.unknown);
        }
        if (object.k === 'other' && object.what === 'os.environ') return unknown(`the environment variable ${key ?? '?'}`);
      }
      if (object.k === 'instance' && method === 'resolve' && object.of.name.startsWith('aws_lambda_powertools.event_handler') && RESOLVERS.has(object.of.path.at(-1) ?? '')) {
        return this.powertools(object, env);
      }
      if (object.k === 'framework') return object;
      if (object.k === 'pkg' && /^(awsgi|aws_wsgi|serverless_wsgi)$/.test(object.name) && /^(response|handle_request)$/.test(method) && positional[0]) {
        return this.webApp(this.eval(positional[0], env), n, env);
      }
      if (object.k === 'module') {
        const target = this.moduleExport(object, method, env);
        if (target.k === 'fn') return this.callHelper(target, positional, keywords, splats, env, n);
      }
    }
    if (/^os\.getenv$/.test(calleeText)) return unknown(`the environment variable ${stringValue(positional[0]) ?? '?'}`);
    const callee = this.eval(fnNode, env);
    switch (callee.k) {
      case 'fn':
        return this.callHelper(callee, positional, keywords, splats, env, n);
      case 'framework':
        return callee;
      case 'pkg': {
        if (callee.name === 'mangum' && callee.path.at(-1) === 'Mangum' && positional[0]) return this.webApp(this.eval(positional[0], env), n, env);
        if (callee.name === 'aws_wsgi' || callee.name === 'awsgi') return positional[0] ? this.webApp(this.eval(positional[0], env), n, env) : unknown('no app');
        return { k: 'instance', of: { name: callee.name, path: callee.path }, node: n, src: env.src };
      }
      default:
        return unknown(`the result of ${short(calleeText)}()${callee.k === 'unknown' ? ` (${callee.reason})` : ''}`);
    }
  }

  private callHelper(fnAV: FnValue, positional: SyntaxNode[], keywords: Map<string, SyntaxNode>, splats: boolean, env: Env, callNode: SyntaxNode): AV {
    return this.callFunction(fnAV, env, callNode, (calleeEnv) => {
      const bound = new Map<string, Lazy>();
      for (const [name, p] of functionParams(fnAV.node)) {
        const arg = keywords.get(name) ?? positional[p.index];
        bound.set(
          name,
          lazy(() => {
            if (p.splat || splats) return unknown('a * or ** argument');
            if (arg) return this.eval(arg, env);
            return p.dflt ? this.eval(p.dflt, calleeEnv) : unknown(`parameter '${name}' without a value`);
          }),
        );
      }
      return bound;
    });
  }

  // ---- modules ----------------------------------------------------------------------------------------

  private importValue(level: number, module: string, imported: string | null, env: Env): AV {
    const local = this.findModule(level, module, env.src);
    if (!local) {
      if (level > 0) return unknown(`local module '${'.'.repeat(level)}${module}' not found`);
      if (module === 'os') return { k: 'other', what: 'os' };
      return { k: 'pkg', name: module, path: imported ? [imported] : [] };
    }
    if (env.importDepth >= 1) return unknown(`'${module}' is imported by an imported module (one level of local imports is read)`);
    const opened = this.ws.open(local, 'python', env.src.codeRoot);
    if ('error' in opened) return unknown(`cannot read '${module}': ${opened.error}`);
    const mod: AV = { k: 'module', src: opened, importDepth: env.importDepth + 1 };
    if (imported === null) return mod;
    const value = this.moduleExport(mod, imported, env);
    if (value.k === 'unknown' && /is not defined/.test(value.reason)) {
      // `from package import module`
      const sub = this.findModule(level, module ? `${module}.${imported}` : imported, env.src);
      if (sub) {
        const subOpened = this.ws.open(sub, 'python', env.src.codeRoot);
        if (!('error' in subOpened)) return { k: 'module', src: subOpened, importDepth: env.importDepth + 1 };
      }
    }
    return value;
  }

  private moduleExport(mod: Extract<AV, { k: 'module' }>, name: string, env: Env): AV {
    const moduleEnv: Env = { src: mod.src, bindings: new Map(), stack: [], importDepth: mod.importDepth, via: env.via };
    return this.resolveName(name, mod.src.root, moduleEnv);
  }

  private findModule(level: number, module: string, from: SourceFile): string | undefined {
    const rel = module.split('.').filter(Boolean).join('/');
    const roots: string[] = [];
    if (level > 0) {
      let base = dirname(from.file);
      for (let i = 1; i < level; i++) base = dirname(base);
      roots.push(base);
    } else {
      if (from.codeRoot) roots.push(from.codeRoot);
      roots.push(dirname(from.file));
    }
    for (const root of roots) {
      for (const candidate of rel ? [join(root, `${rel}.py`), join(root, rel, '__init__.py')] : [join(root, '__init__.py')]) {
        if (isFile(candidate)) return candidate;
      }
    }
    return undefined;
  }

  // ---- frameworks -------------------------------------------------------------------------------------

  private powertools(resolver: Extract<AV, { k: 'instance' }>, env: Env): AV {
    const args = keywordArgs(namedChildren(resolver.node.childForFieldName('arguments')));
    const cors = args.keywords.get('cors');
    const at = { node: resolver.node, src: resolver.src };
    let verdict: FrameworkVerdict;
    if (!cors) verdict = { allowOrigin: 'unknown', note: 'a Powertools resolver without cors=CORSConfig(...); its routes are not read' };
    else {
      const value = this.eval(cors, { ...env, src: resolver.src });
      verdict =
        value.k === 'none'
          ? { allowOrigin: 'unknown', note: 'a Powertools resolver with cors=None; its routes are not read' }
          : {
              allowOrigin: 'present',
              note: 'the Powertools resolver sets Access-Control-Allow-Origin (cors=CORSConfig)',
              origins: [{ kind: 'dynamic', loc: at.src.loc(cors), reason: 'chosen by CORSConfig for each request' }],
            };
    }
    return { k: 'framework', verdict, node: resolver.node, src: resolver.src };
  }

  /** A Flask, FastAPI or Starlette app behind aws-wsgi, serverless-wsgi or Mangum: does it use a CORS middleware? */
  private webApp(app: AV, at: SyntaxNode, env: Env): AV {
    const src = app.k === 'instance' || app.k === 'module' ? app.src : undefined;
    if (!src) {
      return { k: 'framework', verdict: { allowOrigin: 'unknown', note: `a web app wrapped for Lambda (${app.k === 'unknown' ? app.reason : 'not read here'})` }, node: at, src: env.src };
    }
    const appEnv: Env = { src, bindings: new Map(), stack: [], importDepth: app.k === 'module' ? app.importDepth : env.importDepth, via: [] };
    let corsAt: SyntaxNode | undefined;
    walk(src.root, (n) => {
      if (corsAt) return false;
      if (n.type === 'call') {
        const fnNode = unwrap(n.childForFieldName('function'));
        const name = dotted(fnNode);
        const callee = fnNode ? this.eval(fnNode, appEnv) : unknown('?');
        const args = namedChildren(n.childForFieldName('arguments'));
        if (callee.k === 'pkg' && callee.name === 'flask_cors' && (callee.path.at(-1) === 'CORS' || callee.path.at(-1) === 'cross_origin')) corsAt = n;
        if (name && name.at(-1) === 'add_middleware' && args[0]) {
          const mw = this.eval(args[0], appEnv);
          if (mw.k === 'pkg' && /(^|\.)middleware\.cors$/.test(mw.name) && mw.path.at(-1) === 'CORSMiddleware') corsAt = n;
          if (mw.k === 'pkg' && /^(fastapi|starlette)/.test(mw.name) && mw.path.at(-1) === 'CORSMiddleware') corsAt = n;
        }
        if (name && name.at(-1) === 'Middleware' && args[0]) {
          const mw = this.eval(args[0], appEnv);
          if (mw.k === 'pkg' && mw.path.at(-1) === 'CORSMiddleware') corsAt = n;
        }
      }
      return true;
    });
    if (corsAt) {
      return {
        k: 'framework',
        verdict: {
          allowOrigin: 'present',
          note: 'the app uses a CORS middleware',
          origins: [{ kind: 'dynamic', loc: src.loc(corsAt), reason: 'chosen by the CORS middleware for each request' }],
        },
        node: corsAt,
        src,
      };
    }
    const note = /access-control-allow-origin/i.test(src.text) ? 'a web app that sets CORS headers in its own code' : 'a web app without a CORS middleware; its routes are not read';
    return { k: 'framework', verdict: { allowOrigin: 'unknown', note }, node: at, src: env.src };
  }

  /** `if`, `elif`, `while`, conditional expressions, comparisons, `match`, and calls of methods that can compare. */
  protected comparison(n: SyntaxNode): SyntaxNode | null | undefined {
    if (n.type === 'if_statement' || n.type === 'elif_clause' || n.type === 'while_statement') return n.childForFieldName('condition');
    if (n.type === 'conditional_expression') return namedChildren(n)[1];
    if (n.type === 'comparison_operator') return n;
    if (n.type === 'match_statement') return n.childForFieldName('subject');
    const callee = n.type === 'call' ? n.childForFieldName('function') : null;
    if (callee && CHECK_METHODS.test(callee.text)) return checkCall(n, callee, 'attribute');
    return undefined;
  }
}

function identifiersIn(node: SyntaxNode): string[] {
  if (node.type === 'identifier') return [node.text];
  return namedChildren(node).flatMap(identifiersIn);
}
