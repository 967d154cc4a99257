/**
 * Reads a Python handler: the module-level function the handler names (decorated or not) or a module-level
 * `handler = Mangum(app)`, its return paths, and the dicts they return (literals, `dict(...)`, `**` spreads,
 * module constants, dicts changed after they were built, helpers in the same file and helpers and constants
 * imported from a local module one level deep).
 *
 * This file is the evaluation: names, expressions, dicts, calls and the changes made to dicts. The rest is in
 * `python/`: the syntax helpers (`syntax.ts`), what a scope declares (`scope.ts`), module lookup (`modules.ts`),
 * and the frameworks that answer for a handler (`frameworks.ts`: Powertools resolvers with
 * `cors=CORSConfig(...)`, Flask behind `aws-wsgi`/`serverless-wsgi` with `flask_cors`, FastAPI or Starlette behind
 * Mangum with `CORSMiddleware`).
 */
import { basename } from 'node:path';
import { namedChildren, READ_ONLY_CALLEE, READ_ONLY_METHODS, short, type Env, type ReadResult } from './common.js';
import type { SyntaxNode } from './grammars.js';
import type { RequestGuard } from '../model/request-guard.js';
import { frameworkMethodCall, packageCall } from './python/frameworks.js';
import { conditionalGuards, pathGuard } from './python/guards.js';
import { importValue, moduleExport } from './python/modules.js';
import { indexScope, type ScopeIndex, type Site } from './python/scope.js';
import { CHECK_METHODS, functionParams, keywordArgs, stringValue, subscriptChain, SYNTAX, unwrap, type CallArgs } from './python/syntax.js';
import { checkCall, closureOf, effectsBefore, either, openPatch, patchValue, ScopeReader, type FnValue } from './reader.js';
import type { SourceFile } from './source.js';
import { casedFact, dispatch, eventMember, joinText } from './request.js';
import { alts, getEntry, guarded, lazy, mapGuarded, unescapeString, unknown, type AV, type Entry, type Lazy, type Patch } from './values.js';
import type { Reach } from './reach.js';
import type { Workspace } from './workspace.js';

export class PyReader extends ScopeReader<Site, ScopeIndex> {
  constructor(ws: Workspace) {
    super(ws, SYNTAX);
  }

  read(src: SourceFile, name: string, reach?: Reach): ReadResult {
    return this.finishRead(this.readHandler(src, name, reach));
  }

  private readHandler(src: SourceFile, name: string, reach?: Reach): ReadResult {
    const env = this.startRead(src, reach);
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
    const bound = new Map<string, Lazy>();
    // the event is the first parameter the runtime gives (a middleware's handler parameter is given in advance)
    const given = [...functionParams(fn)].filter(([pname]) => !fnAV.preset?.has(pname));
    given.forEach(([pname, p], i) => {
      bound.set(pname, () => (i === 0 && !p.splat ? { k: 'event' } : unknown(`parameter '${pname}'`)));
    });
    return { loc: src.loc(fn), responses: this.returnedResponses(fn, this.handlerEnv(fnAV, bound), name, { n: 0 }) };
  }

  /**
   * A function as its decorators leave it: a decorator defined in the code is called with it (so the wrapper it
   * returns is what runs, with the function in its closure); a Powertools `lambda_handler_decorator` middleware
   * gets it as its handler; a decorator from a package is taken as passing the response through, unless its name
   * says it deals with headers or responses.
   */
  private decorated(fnAV: FnValue, env: Env): AV {
    const parent = fnAV.node.parent;
    if (parent?.type !== 'decorated_definition') return fnAV;
    let value: AV = fnAV;
    for (const d of namedChildren(parent).filter((c) => c.type === 'decorator').reverse()) {
      const expr = namedChildren(d)[0];
      if (!expr) continue;
      value = this.applyDecorator(expr, value, env);
    }
    return value;
  }

  private applyDecorator(expr: SyntaxNode, target: AV, env: Env): AV {
    const decorator = this.eval(expr, env);
    switch (decorator.k) {
      case 'fn':
        return this.callWithValues(decorator, [target], env, expr);
      case 'middleware':
        if (target.k !== 'fn') return unknown(`the middleware ${short(expr.text)} around a value that is not a function`);
        return this.withHandler(decorator.fn, target);
      case 'pkg':
        if (decorator.name.startsWith('aws_lambda_powertools') && decorator.path.at(-1) === 'lambda_handler_decorator' && target.k === 'fn') return { k: 'middleware', fn: target };
        break;
      default:
        break;
    }
    if (/cors|header|response|http/i.test(expr.text)) return unknown(`the decorator @${short(expr.text)} may set the response headers`);
    return target;
  }

  /** A Powertools middleware (`def mw(handler, event, context)`) with the handler given. */
  private withHandler(middleware: FnValue, handler: AV): AV {
    const first = [...functionParams(middleware.node)].find(([, p]) => p.index === 0)?.[0];
    if (!first) return unknown('a middleware without parameters');
    return { ...middleware, preset: new Map([[first, () => handler]]) };
  }

  /** Calls a function with values rather than argument expressions (a decorator with the function it decorates). */
  private callWithValues(fnAV: FnValue, values: AV[], env: Env, at: SyntaxNode): AV {
    return this.callFunction(fnAV, env, at, (calleeEnv) => {
      const bound = new Map<string, Lazy>();
      for (const [name, p] of functionParams(fnAV.node)) {
        const v = values[p.index];
        bound.set(name, lazy(() => (p.splat ? unknown('a * or ** parameter') : v ? v : p.dflt ? this.eval(p.dflt, calleeEnv) : unknown(`parameter '${name}' without a value`))));
      }
      return bound;
    });
  }

  invoke(fn: AV, args: SyntaxNode[], env: Env, at: SyntaxNode): AV {
    return this.callValue(fn, keywordArgs(args), env, at, short(at.text), false);
  }

  // ---- scopes and names (python/scope.ts) -------------------------------------------------------------

  protected indexScope(_src: SourceFile, scope: SyntaxNode): ScopeIndex {
    return indexScope(scope);
  }

  resolveName(name: string, at: SyntaxNode, env: Env): AV {
    if (name === 'None') return { k: 'none' };
    if (name === 'True' || name === 'False') return { k: 'other', what: name };
    let scope = this.enclosingScope(at);
    while (scope) {
      const index = this.scopeIndex(env.src, scope);
      if (index.globals.has(name)) {
        scope = env.src.root;
        continue;
      }
      const value = this.nameIn(name, scope, index, env, at);
      if (value) return value;
      if (scope.type === 'module') break;
      scope = this.enclosingScope(scope.parent);
    }
    if (name === 'dict') return { k: 'other', what: 'dict' };
    return unknown(`'${name}' is not defined in ${basename(env.src.file)}`);
  }

  protected siteNode(site: Site): SyntaxNode | undefined {
    return site.at;
  }

  protected siteValues(name: string, sites: Site[], index: ScopeIndex, env: Env, param?: Lazy, until?: SyntaxNode): AV {
    const values = sites.map((site): AV => {
      switch (site.kind) {
        case 'value':
          return this.eval(site.node, env);
        case 'fn':
          return this.decorated({ k: 'fn', node: site.node, src: env.src, name, importDepth: env.importDepth, ...closureOf(env) }, env);
        case 'import':
          return importValue(this, site.level, site.module, site.imported, env);
        case 'unknown':
          return unknown(site.reason);
      }
    });
    if (param) values.unshift(param());
    let value = alts(values);
    if (value.k === 'obj' || (value.k === 'alts' && value.alts.some((v) => v.k === 'obj'))) {
      const patches = this.patchesOf(name, index, env, until);
      if (patches.length > 0) value = patchValue(value, patches, { none: false });
    }
    return value;
  }

  protected patchesOf(name: string, index: ScopeIndex, env: Env, until?: SyntaxNode): Patch[] {
    const patches: Patch[] = [];
    const rooted = (node: SyntaxNode | null | undefined) => {
      const chain = subscriptChain(node);
      return chain && chain.root.text === name ? chain.path : undefined;
    };
    const open = (path: Array<string | null>, reason: string): void => openPatch(patches, path, reason);
    for (const n of effectsBefore(index.effects, until)) {
      switch (n.type) {
        case 'assignment': {
          const left = unwrap(n.childForFieldName('left'));
          const right = n.childForFieldName('right');
          this.assignmentPatch(patches, n, left, right, rooted, env);
          // `other = name`: the changes made through `other` are `name`'s too. (`obj['k'] = name` is followed as `obj`'s change.)
          const alias = left?.type === 'identifier' ? rooted(right) : undefined;
          if (alias) this.aliasPatches(patches, alias, left!, env);
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
              } else if (method === 'setdefault' && !path.includes(null) && args[0] && stringValue(args[0]) !== undefined) {
                const value = args[1];
                patches.push({ path: [...(path as string[]), stringValue(args[0])!], kind: 'default', value: lazy(() => (value ? this.eval(value, env) : { k: 'none' })), at: { node: n, src: env.src } });
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
            // `d.get(k, value)`, `', '.join(value)`: a method that only reads its arguments
            if (fnNode?.type === 'attribute' && READ_ONLY_METHODS.has(fnNode.childForFieldName('attribute')?.text ?? '')) return;
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
        if (value !== undefined) return { k: 'str', value, node: n, src: env.src, via: env.via };
        return this.fString(n, env) ?? unknown(`an f-string (${short(n.text)})`);
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
      case 'set': {
        const items = namedChildren(n);
        return { k: 'list', node: n, items: items.map((item) => lazy(() => this.eval(item, env))), open: items.some((i) => i.type === 'list_splat' || i.type === 'dictionary_splat') };
      }
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
        return { k: 'list', node: n, items: [], open: true };
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
        if (key === undefined) {
          // a dispatch table read with the request's method or resource (a missing key raises)
          const index = n.childForFieldName('subscript');
          const computed = index ? this.eval(index, env) : unknown('?');
          const table = computed.k === 'fact' ? dispatch(this.eval(value, env), computed, undefined) : undefined;
          return table ?? unknown(`a computed item (${short(n.text)})`);
        }
        return this.item(this.eval(value, env), key, env, n);
      }
      case 'conditional_expression': {
        const parts = namedChildren(n);
        if (parts.length !== 3) return unknown('a conditional');
        const [whenA, whenB] = conditionalGuards(this, parts[1]!, env);
        return alts([guarded(this.eval(parts[0]!, env), whenA), guarded(this.eval(parts[2]!, env), whenB)]);
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
        if (op === '+' && left && right) {
          const text = joinText([this.eval(left, env), this.eval(right, env)], n, env.src, (value) => ({ k: 'str', value, node: n, src: env.src, via: env.via }));
          if (text) return text;
        }
        if (op === '+' || op === '%') return unknown(`a string built with ${op} (${short(n.text)})`);
        return { k: 'other', what: `the result of ${op}` };
      }
      case 'call':
        return this.call(n, env);
      case 'lambda':
        return { k: 'fn', node: n, src: env.src, name: 'lambda', importDepth: env.importDepth, ...closureOf(env) };
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
      case 'guarded':
        return mapGuarded(base, (v) => this.attribute(v, name, env));
      case 'module':
        return moduleExport(this, base, name, env);
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
        return eventMember(base.path ?? [], key, node, env.src);
      case 'guarded':
        return mapGuarded(base, (v) => this.item(v, key, env, node));
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
      case 'other':
        if (base.what === 'os.environ') return this.envValue(key, node, env, () => unknown(`the environment variable ${key}, which the template does not set (os.environ['${key}'] raises KeyError)`));
        return unknown(`['${key}'] of ${base.what}`);
      default:
        return unknown(base.k === 'unknown' ? base.reason : `['${key}'] of ${base.k}`);
    }
  }

  private call(n: SyntaxNode, env: Env): AV {
    const fnNode = unwrap(n.childForFieldName('function'));
    const args = namedChildren(n.childForFieldName('arguments'));
    if (!fnNode) return unknown('a call');
    const calleeText = fnNode.text.replace(/\s+/g, '');
    const callArgs = keywordArgs(args);
    const { positional, keywords, splats } = callArgs;
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
      if (object.k === 'fact') {
        const cased = casedFact(object, method);
        if (cased) return cased;
      }
      if (method === 'get' && positional[0]) {
        const key = stringValue(positional[0]);
        if (object.k === 'event' && key !== undefined) {
          const part = eventMember(object.path ?? [], key, n, env.src);
          return part.k === 'none' && positional[1] ? this.eval(positional[1], env) : part;
        }
        if (object.k === 'obj' && key === undefined) {
          const computed = this.eval(positional[0], env);
          const table = computed.k === 'fact' ? dispatch(object, computed, positional[1] ? this.eval(positional[1], env) : { k: 'none' }) : undefined;
          if (table) return table;
        }
        if (object.k === 'requestHeaders' && key?.toLowerCase() === 'origin') return { k: 'origin', node: n, src: env.src, checked: this.originChecked(env.src), via: env.via };
        if (object.k === 'obj' && key !== undefined) {
          const r = getEntry(object, key, false);
          if ('found' in r) return r.found;
          if ('absent' in r) return positional[1] ? this.eval(positional[1], env) : { k: 'none' };
          return unknown(r.unknown);
        }
        if (object.k === 'other' && object.what === 'os.environ') return this.envValue(key, n, env, () => (positional[1] ? this.eval(positional[1], env) : { k: 'none' }));
      }
      const framework = frameworkMethodCall(this, object, method, positional, n, env);
      if (framework) return framework;
      if (object.k === 'module') {
        const target = moduleExport(this, object, method, env);
        if (target.k === 'fn') return this.callHelper(target, callArgs, env, n);
      }
    }
    if (/^os\.getenv$/.test(calleeText) || (fnNode.type === 'identifier' && isOther(this.eval(fnNode, env), 'os.getenv'))) {
      const fallback = positional[1] ?? callArgs.keywords.get('default');
      return this.envValue(positional[0] ? stringValue(positional[0]) : undefined, n, env, () => (fallback ? this.eval(fallback, env) : { k: 'none' }));
    }
    return this.callValue(this.eval(fnNode, env), callArgs, env, n, calleeText, false);
  }

  /** Calls what a callee evaluates to; each alternative of a dispatch table is called for the requests it answers. */
  private callValue(
    callee: AV,
    args: CallArgs,
    env: Env,
    n: SyntaxNode,
    calleeText: string,
    inAlternatives: boolean,
  ): AV {
    switch (callee.k) {
      case 'fn':
        return this.callHelper(callee, args, env, n);
      case 'framework':
      case 'middleware':
        return callee;
      case 'pkg':
        return packageCall(this, callee, args.positional, n, env);
      case 'guarded':
        return guarded(this.callValue(callee.value, args, env, n, calleeText, true), callee.when);
      case 'alts':
        if (!callee.alts.some((a) => a.k === 'guarded')) break;
        return alts(callee.alts.map((a) => this.callValue(a, args, env, n, calleeText, true)));
      case 'none':
        // calling None raises: that alternative gives no response
        if (inAlternatives) return { k: 'alts', alts: [] };
        break;
      default:
        break;
    }
    return unknown(`the result of ${short(calleeText)}()${callee.k === 'unknown' ? ` (${callee.reason})` : ''}`);
  }

  /** An f-string whose parts are literal text or request facts (`f"{method} {resource}"`). */
  private fString(n: SyntaxNode, env: Env): AV | undefined {
    if (n.type !== 'string') return undefined;
    const parts: AV[] = [];
    for (const child of namedChildren(n)) {
      if (child.type === 'string_start' || child.type === 'string_end') continue;
      if (child.type === 'string_content' || child.type === 'escape_sequence') {
        parts.push({ k: 'str', value: child.type === 'escape_sequence' ? unescapeString(child.text) : child.text, node: child, src: env.src, via: env.via });
      }
      else if (child.type === 'interpolation') {
        const expr = child.childForFieldName('expression');
        if (!expr || namedChildren(child).length !== 1) return undefined;
        parts.push(this.eval(expr, env));
      } else return undefined;
    }
    return joinText(parts, n, env.src, (value) => ({ k: 'str', value, node: n, src: env.src, via: env.via }));
  }

  protected pathGuard(node: SyntaxNode, fn: SyntaxNode, env: Env): RequestGuard | undefined {
    return pathGuard(this, node, fn, env);
  }

  /**
   * Calls a helper with the call's arguments bound as Python binds them: positions, keywords, `**mapping` (each key
   * to its parameter), defaults (in the helper's module), the rest of the positions to `*args` and the other keywords
   * to `**kwargs`.
   */
  private callHelper(fnAV: FnValue, args: CallArgs, env: Env, callNode: SyntaxNode): AV {
    const params = functionParams(fnAV.node);
    return this.callFunction(fnAV, env, callNode, (calleeEnv) => {
      const bound = new Map<string, Lazy>();
      const named = new Set([...params].filter(([, p]) => !p.splat).map(([name]) => name));
      const fromSplats = (name: string): AV | undefined => {
        let found: AV | undefined;
        for (const splat of args.dictSplats) {
          const r = getEntry(this.eval(splat, env), name, false);
          if ('unknown' in r) return unknown(`a ** argument (${r.unknown})`);
          if ('found' in r) found = r.found;
        }
        return found;
      };
      for (const [name, p] of params) {
        bound.set(
          name,
          lazy(() => {
            if (p.splat === 'list') {
              const rest = args.positional.slice(p.index);
              return { k: 'list', node: callNode, items: rest.map((a) => lazy(() => this.eval(a, env))), open: args.listSplatAt !== undefined };
            }
            if (p.splat === 'dict') {
              const entries: Entry[] = [...args.keywords].filter(([key]) => !named.has(key)).map(([key, value]) => ({ kind: 'pair' as const, key, node: value, value: lazy(() => this.eval(value, env)) }));
              for (const splat of args.dictSplats) entries.push({ kind: 'spread', node: splat, value: lazy(() => this.eval(splat, env)) });
              return { k: 'obj', node: callNode, src: env.src, entries, patches: [], via: env.via };
            }
            const keyword = args.keywords.get(name);
            if (keyword) return this.eval(keyword, env);
            const position = p.index - [...params].filter(([other, q]) => fnAV.preset?.has(other) && q.index < p.index).length;
            if (args.listSplatAt !== undefined && position >= args.listSplatAt) return unknown('a * argument');
            const arg = args.positional[position];
            if (arg) return this.eval(arg, env);
            const splat = fromSplats(name);
            if (splat) return splat;
            return p.dflt ? this.eval(p.dflt, calleeEnv) : unknown(`parameter '${name}' without a value`);
          }),
        );
      }
      return bound;
    });
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

function isOther(v: AV, what: string): boolean {
  return v.k === 'other' && v.what === what;
}
