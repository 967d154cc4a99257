/**
 * Reads a Node.js handler written in JavaScript or TypeScript: the exported handler (`exports.handler =`,
 * `module.exports`, `export const handler`, `export function`, re-exports), its return paths and callback
 * calls, and the objects they return (literals, spreads, module constants, variables changed after they were
 * built, helpers in the same file, helpers and constants imported from a local module one level deep).
 *
 * This file is the evaluation: names, expressions, objects, calls and the changes made to objects. The rest is in
 * `js/`: the syntax helpers (`syntax.ts`), what a scope declares (`scope.ts`), module lookup (`modules.ts`), and
 * the frameworks and middleware that answer for a handler (`frameworks.ts`: `@middy/http-cors`, the Powertools
 * event handler's `cors`, an Express app with `cors()` behind `serverless-http` or `@vendia/serverless-express`).
 */
import { basename } from 'node:path';
import { namedChildren, READ_ONLY_CALLEE, READ_ONLY_METHODS, short, walk, type Env, type ReadResult } from './common.js';
import type { SyntaxNode } from './grammars.js';
import type { RequestGuard } from '../model/request-guard.js';
import { frameworkMethodCall, middyStatementUses, middyVerdict, packageCall } from './js/frameworks.js';
import { pathGuard, ternaryGuards } from './js/guards.js';
import { exportValue, importValue } from './js/modules.js';
import { indexScope, type ScopeIndex, type Site } from './js/scope.js';
import { CHECK_METHODS, functionName, optionalChain, functionParams, memberChain, propertyKey, stringValue, SYNTAX, unwrap } from './js/syntax.js';
import { both, checkCall, closureOf, effectsBefore, either, openPatch, patchValue, ScopeReader, type FnValue } from './reader.js';
import type { SourceFile } from './source.js';
import { casedFact, dispatch, eventMember, joinText } from './request.js';
import { alts, getEntry, guarded, lazy, mapGuarded, responseFacts, unknown, type AV, type Entry, type Lazy, type Patch } from './values.js';
import type { Reach } from './reach.js';
import type { Workspace } from './workspace.js';


export class JsReader extends ScopeReader<Site, ScopeIndex> {
  readonly exporting = new Set<string>();

  constructor(ws: Workspace) {
    super(ws, SYNTAX);
  }

  /** Reads the handler exported as `exportName` (`handler`, or a nested `handlers.get`). */
  read(src: SourceFile, exportName: string, reach?: Reach): ReadResult {
    const env = this.startRead(src, reach);
    const [first, ...rest] = exportName.split('.');
    let entry = this.exportValue(src, first!, env);
    if (!entry) return this.finishRead({ unknown: `'${first}' is not exported by ${basename(src.file)}${src.root.hasError ? ' (the file has syntax errors)' : ''}` });
    for (const key of rest) entry = this.member(entry, key, env);
    return this.finishRead(this.readEntry(entry, exportName, env));
  }

  private readEntry(entry: AV, name: string, env: Env): ReadResult {
    switch (entry.k) {
      case 'fn':
        return this.readFunction(entry, name);
      case 'framework':
        return this.frameworkResult(entry, name);
      case 'middy':
        return this.readEntry(middyVerdict(entry), name, env);
      case 'alts':
        return { unknown: 'the exported handler depends on a condition' };
      case 'unknown':
        return { unknown: entry.reason };
      case 'instance':
        return { unknown: `the handler is made by ${short(entry.node.childForFieldName('function')?.text ?? entry.node.text, 30)}() from '${entry.of.name}'; its responses are not read` };
      default:
        void env;
        return { unknown: `the export '${name}' is not a function that can be read` };
    }
  }

  private readFunction(fnAV: FnValue, name: string): ReadResult {
    const fn = fnAV.node;
    const src = fnAV.src;
    if (fn.hasError) return { unknown: 'the handler function has syntax errors' };
    const params = [...functionParams(fn).entries()];
    const byIndex = (i: number) => params.find(([, p]) => p.index === i && p.path.length === 0)?.[0];
    const eventName = byIndex(0);
    const contextName = byIndex(1);
    const callbackName = byIndex(2);
    const bound = new Map<string, Lazy>();
    for (const [pname, p] of params) {
      if (p.index === 0) {
        bound.set(
          pname,
          lazy(() => {
            let v: AV = { k: 'event' };
            for (const key of p.path) v = key === null ? unknown('a computed or rest element of the event') : this.member(v, key, env, fn);
            return v;
          }),
        );
      } else if (p.index === 2 && p.path.length === 0) bound.set(pname, () => ({ k: 'callback' }));
      else bound.set(pname, () => unknown(`parameter '${pname}'`));
    }
    void eventName;
    const env = this.handlerEnv(fnAV, bound);
    const ordinal = { n: 0 };
    const responses = this.returnedResponses(fn, env, name, ordinal);
    // Callback-style handlers: callback(null, response), context.succeed(response), context.done(null, response).
    walk(fn, (n) => {
      if (n.type !== 'call_expression') return;
      const callee = unwrap(n.childForFieldName('function'));
      const args = namedChildren(n.childForFieldName('arguments'));
      let response: SyntaxNode | undefined;
      if (callee?.type === 'identifier' && callbackName && callee.text === callbackName) response = args[1];
      else if (callee?.type === 'member_expression' && contextName) {
        const chain = memberChain(callee);
        if (chain?.root.text === contextName && chain.path.length === 1) {
          if (chain.path[0] === 'succeed') response = args[0];
          if (chain.path[0] === 'done') response = args[1];
        }
      }
      if (response) responses.push(...responseFacts(this.eval(response, env), { at: n, src, via: [], name, when: this.pathGuard(n, fn, env) }, ordinal));
    });
    return { loc: src.loc(fn), responses };
  }

  // ---- scopes and names -------------------------------------------------------------------------------

  protected indexScope(_src: SourceFile, scope: SyntaxNode): ScopeIndex {
    return indexScope(scope);
  }

  resolveName(name: string, at: SyntaxNode, env: Env): AV {
    if (name === 'undefined') return { k: 'none' };
    for (let scope = this.enclosingScope(at); scope; scope = this.enclosingScope(scope.parent)) {
      const value = this.nameIn(name, scope, this.scopeIndex(env.src, scope), env, at);
      if (value) return value;
    }
    if (name === 'process') return { k: 'other', what: 'process' };
    return unknown(`'${name}' is not defined in ${basename(env.src.file)}`);
  }

  protected siteNode(site: Site): SyntaxNode | undefined {
    return site.at;
  }

  protected siteValues(name: string, sites: Site[], index: ScopeIndex, env: Env, param?: Lazy, until?: SyntaxNode): AV {
    const values: AV[] = param ? [param()] : [];
    for (const site of sites) {
      switch (site.kind) {
        case 'value':
          values.push(this.eval(site.node, env));
          break;
        case 'pattern': {
          let v = this.eval(site.value, env);
          for (const k of site.path) v = k === null ? unknown('a computed or rest element') : this.member(v, k, env, site.value);
          if (site.dflt) v = v.k === 'none' ? this.eval(site.dflt, env) : v.k === 'origin' ? alts([v, this.eval(site.dflt, env)]) : v;
          values.push(v);
          break;
        }
        case 'fn':
          values.push({ k: 'fn', node: site.node, src: env.src, name, importDepth: env.importDepth, ...closureOf(env) });
          break;
        case 'import':
          values.push(importValue(this, site.source, site.imported, env));
          break;
        case 'none':
          break;
        case 'unknown':
          values.push(unknown(site.reason));
          break;
      }
    }
    if (values.length === 0) return { k: 'none' };
    let value = alts(values);
    if (value.k === 'obj' || (value.k === 'alts' && value.alts.some((v) => v.k === 'obj')) || value.k === 'none') {
      const patches = this.patchesOf(name, index, env, until);
      if (patches.length > 0) value = patchValue(value, patches, { none: true });
    }
    if (value.k === 'middy') value = middyStatementUses(this, name, index.effects, value, env);
    return value;
  }

  /** Changes made to the object held by `name` after it was built. */
  protected patchesOf(name: string, index: ScopeIndex, env: Env, until?: SyntaxNode): Patch[] {
    const patches: Patch[] = [];
    const rooted = (node: SyntaxNode | null | undefined) => {
      const chain = memberChain(node);
      return chain && chain.root.type === 'identifier' && chain.root.text === name ? chain.path : undefined;
    };
    const open = (path: Array<string | null>, reason: string): void => openPatch(patches, path, reason);
    for (const n of effectsBefore(index.effects, until)) {
      switch (n.type) {
        case 'assignment_expression': {
          const left = unwrap(n.childForFieldName('left'));
          const right = n.childForFieldName('right');
          this.assignmentPatch(patches, n, left, right, rooted, env);
          // `other = name`: the changes made through `other` are `name`'s too. (`obj.k = name` is followed as `obj`'s change.)
          const alias = left?.type === 'identifier' && right ? rooted(right) : undefined;
          if (alias) this.aliasPatches(patches, alias, left!, env);
          break;
        }
        case 'variable_declarator': {
          const value = n.childForFieldName('value');
          const alias = rooted(value);
          const id = n.childForFieldName('name');
          if (alias) {
            if (id?.type === 'identifier') this.aliasPatches(patches, alias, id, env);
            else openPatch(patches, alias, `shared with ${short(id?.text ?? '?')}`, true);
          }
          break;
        }
        case 'augmented_assignment_expression':
        case 'update_expression': {
          const target = n.type === 'update_expression' ? namedChildren(n)[0] : n.childForFieldName('left');
          const path = unwrap(target)?.type !== 'identifier' ? rooted(target) : undefined;
          const op = n.type === 'augmented_assignment_expression' ? n.childForFieldName('operator')?.text : undefined;
          const right = n.childForFieldName('right');
          // `o.headers ??= {}`, `o.headers ||= {}`: set only where there is none yet
          if (path && (op === '??=' || op === '||=') && right && !path.includes(null)) patches.push({ path: path as string[], kind: 'default', value: lazy(() => this.eval(right, env)), at: { node: n, src: env.src } });
          else if (path) open(path, `changed with ${short(n.text)}`);
          break;
        }
        case 'unary_expression': {
          const path = rooted(namedChildren(n)[0]);
          if (path) open(path, `deleted with ${short(n.text)}`);
          break;
        }
        case 'call_expression':
        case 'new_expression': {
          const callee = unwrap(n.childForFieldName(n.type === 'call_expression' ? 'function' : 'constructor'));
          const calleeText = callee?.text.replace(/\s+/g, '') ?? '';
          const args = namedChildren(n.childForFieldName('arguments'));
          const methodPath = callee?.type === 'member_expression' ? rooted(callee) : undefined;
          if (methodPath && methodPath.length > 0) {
            const method = methodPath[methodPath.length - 1];
            if (!(method && READ_ONLY_METHODS.has(method))) {
              const target = methodPath.slice(0, -1);
              if (target.length === 0 && method) patches.push({ path: [], kind: 'open', reason: `changed by ${short(calleeText)}()`, method });
              else open(target, `changed by ${short(calleeText)}()`);
            }
          }
          args.forEach((arg, i) => {
            if (arg.type === 'spread_element') return;
            const path = rooted(arg);
            if (!path) return;
            if (calleeText === 'Object.assign' && i > 0) return;
            if (calleeText === 'Object.assign' && i === 0) {
              if (path.includes(null)) open(path, 'Object.assign on a computed key');
              else for (const source of args.slice(1)) patches.push({ path: path as string[], kind: 'merge', value: lazy(() => this.spreadValue(source, env)) });
              return;
            }
            if (n.type === 'call_expression' && READ_ONLY_CALLEE.test(calleeText)) return;
            // `map.get(k, value)`, `list.includes(value)`: a method that only reads its arguments
            if (n.type === 'call_expression' && callee?.type === 'member_expression' && READ_ONLY_METHODS.has(propertyKey(callee.childForFieldName('property')!) ?? '')) return;
            if (n.type === 'call_expression' && callee?.type === 'identifier' && this.isCallbackParam(callee, env)) return;
            // A helper in this file or a local module: what it does to that parameter is done to this object.
            this.passedPatches(patches, path, n.type === 'call_expression' && callee ? this.eval(callee, env) : undefined, i, calleeText);
          });
          break;
        }
        default:
          break;
      }
    }
    return patches;
  }

  protected parameterName(fnAV: FnValue, index: number | string): string | undefined {
    return [...functionParams(fnAV.node)].find(([, p]) => p.index === index && p.path.length === 0 && !p.rest)?.[0];
  }

  private isCallbackParam(callee: SyntaxNode, env: Env): boolean {
    const v = this.resolveName(callee.text, callee, env);
    return v.k === 'callback';
  }

  private spreadValue(node: SyntaxNode, env: Env): AV {
    return node.type === 'spread_element' ? this.eval(namedChildren(node)[0]!, env) : this.eval(node, env);
  }

  // ---- expressions ------------------------------------------------------------------------------------

  eval(node: SyntaxNode, env: Env): AV {
    const over = this.overBudget();
    if (over) return over;
    const n = unwrap(node);
    if (!n) return unknown('an empty expression');
    switch (n.type) {
      case 'object':
        return this.object(n, env);
      case 'string':
      case 'template_string': {
        const value = stringValue(n);
        if (value !== undefined) return { k: 'str', value, node: n, src: env.src, via: env.via };
        return this.templateString(n, env) ?? unknown(`a template string (${short(n.text)})`);
      }
      case 'number':
        return { k: 'other', what: n.text };
      case 'true':
      case 'false':
        return { k: 'other', what: n.text };
      case 'null':
      case 'undefined':
        return { k: 'none' };
      case 'array': {
        const items = namedChildren(n);
        return { k: 'list', node: n, items: items.map((item) => lazy(() => this.eval(item, env))), open: items.some((i) => i.type === 'spread_element') };
      }
      case 'identifier':
        return this.resolveName(n.text, n, env);
      case 'this':
        return unknown('this');
      case 'member_expression': {
        const object = n.childForFieldName('object');
        const prop = n.childForFieldName('property');
        if (!object || !prop) return unknown('a member');
        const key = propertyKey(prop);
        const base = this.eval(object, env);
        return key === null ? unknown(`a computed member (${short(n.text)})`) : this.member(base, key, env, n);
      }
      case 'subscript_expression': {
        const object = n.childForFieldName('object');
        const index = unwrap(n.childForFieldName('index'));
        if (!object || !index) return unknown('a subscript');
        const key = stringValue(index) ?? (index.type === 'number' ? index.text : undefined);
        if (key === undefined) {
          // a dispatch table read with the request's method or resource: each entry for the requests it answers
          const computed = this.eval(index, env);
          const table = computed.k === 'fact' ? dispatch(this.eval(object, env), computed, { k: 'none' }) : undefined;
          return table ?? unknown(`a computed member (${short(n.text)})`);
        }
        return this.member(this.eval(object, env), key, env, n);
      }
      case 'ternary_expression': {
        const a = n.childForFieldName('consequence');
        const b = n.childForFieldName('alternative');
        if (!a || !b) return unknown('a conditional');
        const [whenA, whenB] = ternaryGuards(this, n, env);
        return alts([guarded(this.eval(a, env), whenA), guarded(this.eval(b, env), whenB)]);
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text;
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if (!left || !right) return unknown('an operation');
        if (op === '||' || op === '??') return either(this.eval(left, env), () => this.eval(right, env), '|| or ??');
        // `a && b` is `b` when `a` holds, else the falsy `a` (which a spread adds nothing from: `...(body && { body })`)
        if (op === '&&') return both(this.eval(left, env), () => this.eval(right, env));
        if (op === '+') return joinText([this.eval(left, env), this.eval(right, env)], n, env.src, (value) => ({ k: 'str', value, node: n, src: env.src, via: env.via })) ?? unknown(`a string built with + (${short(n.text)})`);
        return { k: 'other', what: `the result of ${op}` };
      }
      case 'call_expression':
        return this.call(n, env);
      case 'new_expression': {
        const ctor = n.childForFieldName('constructor');
        const c = ctor ? this.eval(ctor, env) : unknown('new');
        if (c.k === 'pkg') return { k: 'instance', of: { name: c.name, path: c.path }, node: n, src: env.src };
        return unknown(`new ${short(ctor?.text ?? '?')}()`);
      }
      case 'arrow_function':
      case 'function_expression':
      case 'function':
        return { k: 'fn', node: n, src: env.src, name: functionName(n), importDepth: env.importDepth, ...closureOf(env) };
      case 'assignment_expression': {
        const right = n.childForFieldName('right');
        return right ? this.eval(right, env) : unknown('an assignment');
      }
      case 'sequence_expression': {
        const last = namedChildren(n).at(-1);
        return last ? this.eval(last, env) : unknown('a sequence');
      }
      default:
        return unknown(`${n.type.replace(/_/g, ' ')} (${short(n.text)})`);
    }
  }

  private object(n: SyntaxNode, env: Env): AV {
    const entries: Entry[] = [];
    for (const child of namedChildren(n)) {
      switch (child.type) {
        case 'pair': {
          const keyNode = child.childForFieldName('key');
          const valueNode = child.childForFieldName('value');
          const key = keyNode ? propertyKey(keyNode) : null;
          if (key === null || !valueNode) entries.push({ kind: 'open', node: child, reason: `a computed key (${short(keyNode?.text ?? '?')})` });
          else entries.push({ kind: 'pair', key, node: child, value: lazy(() => this.eval(valueNode, env)) });
          break;
        }
        case 'shorthand_property_identifier':
          entries.push({ kind: 'pair', key: child.text, node: child, value: lazy(() => this.resolveName(child.text, child, env)) });
          break;
        case 'spread_element': {
          const inner = namedChildren(child)[0];
          entries.push({ kind: 'spread', node: child, value: lazy(() => (inner ? this.eval(inner, env) : unknown('a spread'))) });
          break;
        }
        case 'method_definition': {
          const key = child.childForFieldName('name');
          entries.push({ kind: 'pair', key: key ? (propertyKey(key) ?? '?') : '?', node: child, value: () => ({ k: 'other', what: 'a method' }) });
          break;
        }
        default:
          break;
      }
    }
    return { k: 'obj', node: n, src: env.src, entries, patches: [], via: env.via };
  }

  member(base: AV, key: string, env: Env, node?: SyntaxNode): AV {
    switch (base.k) {
      case 'event':
        return node ? eventMember(base.path ?? [], key, node, env.src) : unknown(`event.${key}`);
      case 'guarded':
        return mapGuarded(base, (v) => this.member(v, key, env, node));
      case 'requestHeaders':
        if (key.toLowerCase() === 'origin' && node) return { k: 'origin', node, src: env.src, checked: this.originChecked(env.src), via: env.via };
        return unknown(`the request header ${key}`);
      case 'obj': {
        const r = getEntry(base, key, false);
        if ('found' in r) return r.found;
        if ('absent' in r) return { k: 'none' };
        return unknown(r.unknown);
      }
      case 'alts':
        return alts(base.alts.map((a) => this.member(a, key, env, node)));
      case 'module':
        return this.exportValue(base.src, key, { ...env, src: base.src, importDepth: base.importDepth, bindings: new Map(), stack: [] }) ?? unknown(`'${key}' is not exported by ${basename(base.src.file)}`);
      case 'pkg':
        return { k: 'pkg', name: base.name, path: [...base.path, key] };
      case 'framework':
        return base;
      case 'other':
        if (base.what === 'process' && key === 'env') return { k: 'other', what: 'process.env' };
        if (base.what === 'process.env') return node ? this.envValue(key, node, env, () => ({ k: 'none' })) : unknown(`the environment variable ${key}`);
        return unknown(`${base.what}.${key}`);
      case 'none':
        // `a?.b` (and `a?.b.c`) of nothing is nothing
        return node && optionalChain(node) ? { k: 'none' } : unknown(`a property of nothing (${key})`);
      default:
        return unknown(base.k === 'unknown' ? base.reason : `${key} of ${base.k}`);
    }
  }

  private call(n: SyntaxNode, env: Env): AV {
    const calleeNode = unwrap(n.childForFieldName('function'));
    const argsNode = n.childForFieldName('arguments');
    const args = namedChildren(argsNode);
    if (!calleeNode) return unknown('a call');
    const calleeText = calleeNode.text.replace(/\s+/g, '');
    if (calleeNode.type === 'identifier' && calleeNode.text === 'require') {
      const spec = args[0] ? stringValue(args[0]) : undefined;
      return spec ? importValue(this, spec, '*', env) : unknown('require() of a computed name');
    }
    if (calleeNode.type === 'import') return unknown('a dynamic import');
    if (calleeText === 'Object.assign') {
      return {
        k: 'obj',
        node: n,
        src: env.src,
        entries: args.map((a) => ({ kind: 'spread' as const, node: a, value: lazy(() => this.spreadValue(a, env)) })),
        patches: [],
        via: env.via,
      };
    }
    if (/^JSON\.stringify$/.test(calleeText)) return { k: 'other', what: 'a JSON string' };
    // A method call: router.resolve(event, context), middy(...).use(...), awsServerlessExpress.proxy(...).
    if (calleeNode.type === 'member_expression') {
      const objectNode = calleeNode.childForFieldName('object');
      const method = propertyKey(calleeNode.childForFieldName('property')!);
      const object = objectNode ? this.eval(objectNode, env) : unknown('?');
      const framework = frameworkMethodCall(this, object, method, args, objectNode, n, env);
      if (framework) return framework;
      if (object.k === 'fact' && method) {
        const cased = casedFact(object, method);
        if (cased) return cased;
      }
      if (object.k === 'obj' || object.k === 'module') {
        const target = method === null ? unknown('a computed method') : this.member(object, method, env);
        if (target.k === 'fn') return this.callHelper(target, args, env, n);
      }
    }
    return this.callValue(this.eval(calleeNode, env), args, env, n, calleeText, false);
  }

  /** Calls what a callee evaluates to; each alternative of a dispatch table is called for the requests it answers. */
  private callValue(callee: AV, args: SyntaxNode[], env: Env, n: SyntaxNode, calleeText: string, inAlternatives: boolean): AV {
    switch (callee.k) {
      case 'fn':
        return this.callHelper(callee, args, env, n);
      case 'guarded':
        return guarded(this.callValue(callee.value, args, env, n, calleeText, true), callee.when);
      case 'alts':
        if (!callee.alts.some((a) => a.k === 'guarded')) break;
        return alts(callee.alts.map((a) => this.callValue(a, args, env, n, calleeText, true)));
      case 'none':
        // calling nothing throws: that alternative gives no response
        if (inAlternatives) return { k: 'alts', alts: [] };
        break;
      case 'framework':
        return callee;
      case 'middy':
        return callee;
      case 'pkg':
        return packageCall(this, callee, args, n, env);
      case 'callback':
        return { k: 'other', what: 'the callback result' };
      default:
        break;
    }
    return unknown(`the result of ${short(calleeText)}()${callee.k === 'unknown' ? ` (${callee.reason})` : ''}`);
  }

  invoke(fn: AV, args: SyntaxNode[], env: Env, at: SyntaxNode): AV {
    return this.callValue(fn, args, env, at, short(at.text), false);
  }

  private callHelper(fnAV: FnValue, args: SyntaxNode[], env: Env, callNode: SyntaxNode): AV {
    return this.callFunction(fnAV, env, callNode, (calleeEnv) => {
      const bound = new Map<string, Lazy>();
      for (const [name, p] of functionParams(fnAV.node)) {
        const arg = args[p.index];
        bound.set(
          name,
          lazy(() => {
            if (p.rest || (arg && arg.type === 'spread_element') || args.slice(0, p.index).some((a) => a.type === 'spread_element')) return unknown('a rest or spread argument');
            let v: AV = arg ? this.eval(arg, env) : { k: 'none' };
            if (v.k === 'none' && p.outer) v = this.eval(p.outer, calleeEnv);
            for (const k of p.path) v = k === null ? unknown('a computed element') : this.member(v, k, env);
            if (v.k === 'none' && p.dflt) v = this.eval(p.dflt, calleeEnv);
            return v;
          }),
        );
      }
      return bound;
    });
  }

  // ---- modules (js/modules.ts) ------------------------------------------------------------------------

  /** The value a module exports under `name` (ESM or CommonJS); `default` is also `module.exports = …`. */
  exportValue(src: SourceFile, name: string, env: Env): AV | undefined {
    return exportValue(this, src, name, env);
  }

  /** A template string whose substitutions are literal strings or request facts (`${method} ${resource}`). */
  private templateString(n: SyntaxNode, env: Env): AV | undefined {
    const parts: AV[] = [];
    for (let i = 0; i < n.namedChildCount; i++) {
      const child = n.namedChild(i)!;
      if (child.type === 'string_fragment') parts.push({ k: 'str', value: child.text, node: child, src: env.src, via: env.via });
      else if (child.type === 'escape_sequence') parts.push({ k: 'str', value: stringValue({ type: 'string', text: `"${child.text}"` } as SyntaxNode) ?? child.text, node: child, src: env.src, via: env.via });
      else if (child.type === 'template_substitution') {
        const inner = namedChildren(child)[0];
        if (!inner) return undefined;
        parts.push(this.eval(inner, env));
      } else return undefined;
    }
    return joinText(parts, n, env.src, (value) => ({ k: 'str', value, node: n, src: env.src, via: env.via }));
  }

  protected pathGuard(node: SyntaxNode, fn: SyntaxNode, env: Env): RequestGuard | undefined {
    return pathGuard(this, node, fn, env);
  }

  /** `if`, `while`, `?:` and `switch` tests, comparisons, and calls of methods that can compare. */
  protected comparison(n: SyntaxNode): SyntaxNode | null | undefined {
    if (n.type === 'if_statement' || n.type === 'while_statement' || n.type === 'ternary_expression') return n.childForFieldName('condition');
    if (n.type === 'switch_statement') return n.childForFieldName('value');
    if (n.type === 'binary_expression' && /^(===?|!==?|in)$/.test(n.childForFieldName('operator')?.text ?? '')) return n;
    const callee = n.type === 'call_expression' ? n.childForFieldName('function') : null;
    if (callee && CHECK_METHODS.test(callee.text)) return checkCall(n, callee, 'property');
    return undefined;
  }
}
