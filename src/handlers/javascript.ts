/**
 * Reads a Node.js handler written in JavaScript or TypeScript: the exported handler (`exports.handler =`,
 * `module.exports`, `export const handler`, `export function`, re-exports), its return paths and callback
 * calls, the objects they return (literals, spreads, module constants, variables changed after they were built,
 * helpers in the same file, helpers and constants imported from a local module one level deep), and the
 * middleware that answers for the handler (`@middy/http-cors`, the Powertools event handler's `cors`, an
 * Express app with `cors()` behind `serverless-http` or `@vendia/serverless-express`).
 */
import { basename, dirname, resolve as resolvePath } from 'node:path';
import { namedChildren, READ_ONLY_CALLEE, READ_ONLY_METHODS, short, walk, type Env, type ReadResult } from './common.js';
import type { SyntaxNode } from './grammars.js';
import { languageOfFile } from './locate.js';
import { checkCall, either, isFile, openPatch, patchValue, ScopeReader, type FnValue, type Syntax } from './reader.js';
import type { SourceFile } from './source.js';
import type { HandlerOrigin } from './types.js';
import { alts, classifyOrigin, getEntry, lazy, responseFacts, unescapeString, unknown, type AV, type Entry, type FrameworkVerdict, type Lazy, type Patch } from './values.js';
import type { Workspace } from './workspace.js';

const FUNCTION_TYPES = new Set([
  'function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'generator_function',
]);
const SCOPE_BOUNDARY = new Set([...FUNCTION_TYPES, 'class_declaration', 'class', 'class_body']);
const SYNTAX: Syntax = {
  functions: FUNCTION_TYPES,
  boundary: SCOPE_BOUNDARY,
  module: 'program',
  expressionBody: (_fn, body) => body.type !== 'statement_block',
};
/** Methods whose call can compare the request's Origin with an allow-list. */
const CHECK_METHODS = /\.(includes|indexOf|has|test|some|find|findIndex|match|startsWith|endsWith|exec|get)$/;
const WRAPPERS = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion', 'await_expression']);

type Site =
  | { kind: 'value'; node: SyntaxNode }
  | { kind: 'pattern'; value: SyntaxNode; path: Array<string | null>; dflt?: SyntaxNode }
  | { kind: 'fn'; node: SyntaxNode }
  | { kind: 'import'; source: string; imported: string }
  | { kind: 'none' }
  | { kind: 'unknown'; reason: string };

interface Param {
  index: number;
  path: Array<string | null>;
  dflt?: SyntaxNode;
  rest?: boolean;
}

interface ScopeIndex {
  decls: Map<string, Site[]>;
  params: Map<string, Param>;
  /** Assignments, calls, deletes and declarations anywhere below the scope (nested functions included). */
  effects: SyntaxNode[];
}

interface PatternName {
  name: string;
  path: Array<string | null>;
  dflt?: SyntaxNode;
  rest?: boolean;
}

function unwrap(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let n = node ?? undefined;
  while (n && WRAPPERS.has(n.type)) {
    const inner = n.type === 'type_assertion' ? namedChildren(n).at(-1) : namedChildren(n)[0];
    if (!inner) break;
    n = inner;
  }
  return n;
}

function stringValue(node: SyntaxNode): string | undefined {
  if (node.type === 'string') {
    const raw = node.text.slice(1, -1);
    return unescapeString(raw);
  }
  if (node.type === 'template_string' && !namedChildren(node).some((c) => c.type === 'template_substitution')) {
    return unescapeString(node.text.slice(1, -1));
  }
  return undefined;
}

/** The key a property name stands for, or `null` for a computed one. */
function propertyKey(node: SyntaxNode): string | null {
  switch (node.type) {
    case 'property_identifier':
    case 'identifier':
    case 'shorthand_property_identifier':
    case 'shorthand_property_identifier_pattern':
    case 'private_property_identifier':
      return node.text;
    case 'number':
      return node.text;
    case 'string':
      return stringValue(node) ?? null;
    case 'computed_property_name': {
      const inner = unwrap(namedChildren(node)[0]);
      return inner ? (stringValue(inner) ?? null) : null;
    }
    default:
      return null;
  }
}

/** `a.b['c']` → root `a`, path `['b', 'c']`; a computed index that is not a literal gives `null`. */
function memberChain(node: SyntaxNode | null | undefined): { root: SyntaxNode; path: Array<string | null> } | undefined {
  const path: Array<string | null> = [];
  let n = unwrap(node);
  while (n) {
    if (n.type === 'member_expression') {
      const prop = n.childForFieldName('property');
      path.unshift(prop ? propertyKey(prop) : null);
      n = unwrap(n.childForFieldName('object'));
    } else if (n.type === 'subscript_expression') {
      const index = unwrap(n.childForFieldName('index'));
      path.unshift(index ? (stringValue(index) ?? (index.type === 'number' ? index.text : null)) : null);
      n = unwrap(n.childForFieldName('object'));
    } else if (n.type === 'identifier' || n.type === 'this') {
      return { root: n, path };
    } else {
      return undefined;
    }
  }
  return undefined;
}

function patternNames(node: SyntaxNode, prefix: Array<string | null> = []): PatternName[] {
  switch (node.type) {
    case 'identifier':
      return [{ name: node.text, path: prefix }];
    case 'assignment_pattern': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right') ?? undefined;
      return left ? patternNames(left, prefix).map((p) => ({ ...p, dflt: p.path.length === prefix.length ? right : p.dflt })) : [];
    }
    case 'required_parameter':
    case 'optional_parameter': {
      const pattern = node.childForFieldName('pattern');
      const value = node.childForFieldName('value') ?? undefined;
      return pattern ? patternNames(pattern, prefix).map((p) => ({ ...p, dflt: value && p.path.length === prefix.length ? value : p.dflt })) : [];
    }
    case 'object_pattern':
      return namedChildren(node).flatMap((child) => {
        if (child.type === 'shorthand_property_identifier_pattern') return [{ name: child.text, path: [...prefix, child.text] }];
        if (child.type === 'object_assignment_pattern') {
          const left = child.childForFieldName('left');
          const right = child.childForFieldName('right') ?? undefined;
          return left ? [{ name: left.text, path: [...prefix, left.text], dflt: right }] : [];
        }
        if (child.type === 'pair_pattern') {
          const key = child.childForFieldName('key');
          const value = child.childForFieldName('value');
          return key && value ? patternNames(value, [...prefix, propertyKey(key)]) : [];
        }
        if (child.type === 'rest_pattern') return namedChildren(child).flatMap((c) => patternNames(c, [...prefix, null])).map((p) => ({ ...p, rest: true }));
        return [];
      });
    case 'array_pattern':
      return namedChildren(node).flatMap((c) => patternNames(c, [...prefix, null]));
    case 'rest_pattern':
      return namedChildren(node).flatMap((c) => patternNames(c, prefix)).map((p) => ({ ...p, rest: true }));
    default:
      return [];
  }
}

function functionParams(fn: SyntaxNode): Map<string, Param> {
  const params = new Map<string, Param>();
  const single = fn.childForFieldName('parameter');
  const list = single ? [single] : namedChildren(fn.childForFieldName('parameters'));
  list.forEach((param, index) => {
    for (const p of patternNames(param)) params.set(p.name, { index, path: p.path, dflt: p.dflt, rest: p.rest });
  });
  return params;
}

function functionName(fn: SyntaxNode): string {
  const name = fn.childForFieldName('name');
  if (name) return name.text;
  const parent = fn.parent;
  if (parent?.type === 'variable_declarator') return parent.childForFieldName('name')?.text ?? 'function';
  if (parent?.type === 'pair') return parent.childForFieldName('key')?.text ?? 'function';
  if (parent?.type === 'assignment_expression') return short(parent.childForFieldName('left')?.text ?? 'function', 30);
  return 'function';
}

export class JsReader extends ScopeReader<Site, ScopeIndex> {
  constructor(ws: Workspace) {
    super(ws, SYNTAX);
  }

  /** Reads the handler exported as `exportName` (`handler`, or a nested `handlers.get`). */
  read(src: SourceFile, exportName: string): ReadResult {
    const env = this.startRead(src);
    const [first, ...rest] = exportName.split('.');
    let entry = this.exportValue(src, first!, env);
    if (!entry) return { unknown: `'${first}' is not exported by ${basename(src.file)}${src.root.hasError ? ' (the file has syntax errors)' : ''}` };
    for (const key of rest) entry = this.member(entry, key, env);
    return this.readEntry(entry, exportName, env);
  }

  private readEntry(entry: AV, name: string, env: Env): ReadResult {
    switch (entry.k) {
      case 'fn':
        return this.readFunction(entry, name);
      case 'framework':
        return this.frameworkResult(entry, name);
      case 'middy':
        return this.readEntry(this.middyVerdict(entry), name, env);
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
      if (p.index === 0) bound.set(pname, () => (p.path.length === 0 ? { k: 'event' } : p.path.length === 1 && p.path[0] === 'headers' ? { k: 'requestHeaders' } : unknown('the event')));
      else if (p.index === 2 && p.path.length === 0) bound.set(pname, () => ({ k: 'callback' }));
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
      if (response) responses.push(...responseFacts(this.eval(response, env), { at: n, src, via: [], name }, ordinal));
    });
    return { loc: src.loc(fn), responses };
  }

  // ---- scopes and names -------------------------------------------------------------------------------

  protected indexScope(_src: SourceFile, scope: SyntaxNode): ScopeIndex {
    const index: ScopeIndex = { decls: new Map(), params: scope.type === 'program' ? new Map() : functionParams(scope), effects: [] };
    const add = (name: string, site: Site) => {
      const list = index.decls.get(name) ?? [];
      list.push(site);
      index.decls.set(name, list);
    };
    const body = scope.type === 'program' ? scope : scope.childForFieldName('body');
    if (body) {
      // Declarations: this scope only. Effects: the whole subtree.
      const visit = (n: SyntaxNode, nested: boolean): void => {
        if (n !== body && FUNCTION_TYPES.has(n.type)) {
          if (!nested && (n.type === 'function_declaration' || n.type === 'generator_function_declaration')) {
            const name = n.childForFieldName('name');
            if (name) add(name.text, { kind: 'fn', node: n });
          }
          nested = true;
        }
        if (n.type === 'class_declaration' && !nested) {
          const name = n.childForFieldName('name');
          if (name) add(name.text, { kind: 'unknown', reason: `class ${name.text}` });
        }
        switch (n.type) {
          case 'variable_declarator': {
            const name = n.childForFieldName('name');
            const value = n.childForFieldName('value');
            if (!nested && name) {
              if (name.type === 'identifier') add(name.text, value ? { kind: 'value', node: value } : { kind: 'none' });
              else if (value) for (const p of patternNames(name)) add(p.name, { kind: 'pattern', value, path: p.path, dflt: p.dflt });
              else for (const p of patternNames(name)) add(p.name, { kind: 'unknown', reason: 'declared without a value' });
            }
            if (value) index.effects.push(n);
            break;
          }
          case 'assignment_expression': {
            const left = unwrap(n.childForFieldName('left'));
            const right = n.childForFieldName('right');
            if (!nested && left?.type === 'identifier' && right) add(left.text, { kind: 'value', node: right });
            else if (!nested && left && (left.type === 'object_pattern' || left.type === 'array_pattern') && right) {
              for (const p of patternNames(left)) add(p.name, { kind: 'pattern', value: right, path: p.path, dflt: p.dflt });
            }
            index.effects.push(n);
            break;
          }
          case 'augmented_assignment_expression': {
            const left = unwrap(n.childForFieldName('left'));
            if (!nested && left?.type === 'identifier') add(left.text, { kind: 'unknown', reason: `changed with ${short(n.text)}` });
            index.effects.push(n);
            break;
          }
          case 'update_expression':
          case 'call_expression':
          case 'new_expression':
            index.effects.push(n);
            break;
          case 'unary_expression':
            if (n.child(0)?.type === 'delete') index.effects.push(n);
            break;
          case 'for_in_statement': {
            const left = n.childForFieldName('left');
            if (!nested && left) for (const p of patternNames(left)) add(p.name, { kind: 'unknown', reason: 'a loop variable' });
            break;
          }
          case 'catch_clause': {
            const param = n.childForFieldName('parameter');
            if (!nested && param) for (const p of patternNames(param)) add(p.name, { kind: 'unknown', reason: 'a caught error' });
            break;
          }
          case 'import_statement': {
            if (nested) break;
            const source = n.childForFieldName('source');
            const spec = source ? stringValue(source) : undefined;
            if (!spec) break;
            const clause = namedChildren(n).find((c) => c.type === 'import_clause');
            for (const part of namedChildren(clause)) {
              if (part.type === 'identifier') add(part.text, { kind: 'import', source: spec, imported: 'default' });
              if (part.type === 'namespace_import') {
                const id = namedChildren(part)[0];
                if (id) add(id.text, { kind: 'import', source: spec, imported: '*' });
              }
              if (part.type === 'named_imports') {
                for (const s of namedChildren(part)) {
                  if (s.type !== 'import_specifier') continue;
                  const imported = s.childForFieldName('name');
                  const alias = s.childForFieldName('alias') ?? imported;
                  if (imported && alias) add(alias.text, { kind: 'import', source: spec, imported: propertyKey(imported) ?? imported.text });
                }
              }
            }
            break;
          }
          default:
            break;
        }
        for (const child of namedChildren(n)) visit(child, nested);
      };
      visit(body, false);
      if (scope.type !== 'program') index.effects.sort((a, b) => a.startIndex - b.startIndex);
    }
    return index;
  }

  private resolveName(name: string, at: SyntaxNode, env: Env): AV {
    if (name === 'undefined') return { k: 'none' };
    for (let scope = this.enclosingScope(at); scope; scope = this.enclosingScope(scope.parent)) {
      const value = this.nameIn(name, scope, this.scopeIndex(env.src, scope), env);
      if (value) return value;
    }
    if (name === 'process') return { k: 'other', what: 'process' };
    return unknown(`'${name}' is not defined in ${basename(env.src.file)}`);
  }

  protected siteValues(name: string, sites: Site[], index: ScopeIndex, env: Env): AV {
    const values: AV[] = [];
    for (const site of sites) {
      switch (site.kind) {
        case 'value':
          values.push(this.eval(site.node, env));
          break;
        case 'pattern': {
          let v = this.eval(site.value, env);
          for (const k of site.path) v = k === null ? unknown('a computed or rest element') : this.member(v, k, env);
          if (site.dflt) v = v.k === 'none' ? this.eval(site.dflt, env) : v.k === 'origin' ? alts([v, this.eval(site.dflt, env)]) : v;
          values.push(v);
          break;
        }
        case 'fn':
          values.push({ k: 'fn', node: site.node, src: env.src, name, importDepth: env.importDepth });
          break;
        case 'import':
          values.push(this.importValue(site.source, site.imported, env));
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
      const patches = this.patchesOf(name, index, env);
      if (patches.length > 0) value = patchValue(value, patches, { none: true });
    }
    if (value.k === 'middy') value = this.middyStatementUses(name, index, value, env);
    return value;
  }

  /** Changes made to the object held by `name` after it was built. */
  protected patchesOf(name: string, index: ScopeIndex, env: Env): Patch[] {
    const patches: Patch[] = [];
    const rooted = (node: SyntaxNode | null | undefined) => {
      const chain = memberChain(node);
      return chain && chain.root.type === 'identifier' && chain.root.text === name ? chain.path : undefined;
    };
    const open = (path: Array<string | null>, reason: string): void => openPatch(patches, path, reason);
    for (const n of index.effects) {
      switch (n.type) {
        case 'assignment_expression': {
          const left = unwrap(n.childForFieldName('left'));
          const right = n.childForFieldName('right');
          this.assignmentPatch(patches, n, left, right, rooted, env);
          // `other = name`: changes made through `other` are not followed. (`obj.k = name` is followed as `obj`'s change.)
          const alias = left?.type === 'identifier' && right ? rooted(right) : undefined;
          if (alias) open(alias, `shared with ${short(left?.text ?? '?')}`);
          break;
        }
        case 'variable_declarator': {
          const value = n.childForFieldName('value');
          const alias = rooted(value);
          if (alias) open(alias, `shared with ${short(n.childForFieldName('name')?.text ?? '?')}`);
          break;
        }
        case 'augmented_assignment_expression':
        case 'update_expression': {
          const target = n.type === 'update_expression' ? namedChildren(n)[0] : n.childForFieldName('left');
          const path = unwrap(target)?.type !== 'identifier' ? rooted(target) : undefined;
          if (path) open(path, `changed with ${short(n.text)}`);
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
            if (!(method && READ_ONLY_METHODS.has(method))) open(methodPath.slice(0, -1), `changed by ${short(calleeText)}()`);
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
        return unknown(`a template string (${short(n.text)})`);
      }
      case 'number':
        return { k: 'other', what: n.text };
      case 'true':
      case 'false':
        return { k: 'other', what: n.text };
      case 'null':
      case 'undefined':
        return { k: 'none' };
      case 'array':
        return { k: 'other', what: 'a list' };
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
        if (key === undefined) return unknown(`a computed member (${short(n.text)})`);
        return this.member(this.eval(object, env), key, env, n);
      }
      case 'ternary_expression': {
        const a = n.childForFieldName('consequence');
        const b = n.childForFieldName('alternative');
        return a && b ? alts([this.eval(a, env), this.eval(b, env)]) : unknown('a conditional');
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text;
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if (!left || !right) return unknown('an operation');
        if (op === '||' || op === '??') return either(this.eval(left, env), () => this.eval(right, env), '|| or ??');
        if (op === '+') return unknown(`a string built with + (${short(n.text)})`);
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
        return { k: 'fn', node: n, src: env.src, name: functionName(n), importDepth: env.importDepth };
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
        if (key === 'headers') return { k: 'requestHeaders' };
        return unknown(`event.${key}`);
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
        if (base.what === 'process.env') return unknown(`the environment variable ${key}`);
        return unknown(`${base.what}.${key}`);
      case 'none':
        return unknown(`a property of nothing (${key})`);
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
      return spec ? this.importValue(spec, '*', env) : unknown('require() of a computed name');
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
      if (object.k === 'middy') {
        if (method === 'use') return this.middyUse(object, args, env);
        if (method === 'handler' && args[0]) return { ...object, inner: lazy(() => this.eval(args[0]!, env)) };
        return object;
      }
      if (object.k === 'instance' && method === 'resolve' && /^@aws-lambda-powertools\/event-handler/.test(object.of.name)) {
        return this.powertoolsRouter(object, objectNode!, env);
      }
      if (object.k === 'pkg' && object.name === 'aws-serverless-express' && method === 'proxy') {
        const server = args[0] ? this.eval(args[0], env) : unknown('no server');
        const app = server.k === 'instance' && server.of.path.join('.') === 'createServer' ? namedChildren(server.node.childForFieldName('arguments'))[0] : undefined;
        return this.expressApp(app ? this.eval(app, { ...env, src: server.k === 'instance' ? server.src : env.src }) : unknown('the server passed to proxy()'), n, env);
      }
      if (object.k === 'framework') return object;
      if (object.k === 'obj' || object.k === 'module') {
        const target = method === null ? unknown('a computed method') : this.member(object, method, env);
        if (target.k === 'fn') return this.callHelper(target, args, env, n);
      }
    }
    const callee = this.eval(calleeNode, env);
    switch (callee.k) {
      case 'fn':
        return this.callHelper(callee, args, env, n);
      case 'framework':
        return callee;
      case 'middy':
        return callee;
      case 'pkg':
        return this.packageCall(callee, args, n, env);
      case 'callback':
        return { k: 'other', what: 'the callback result' };
      default:
        return unknown(`the result of ${short(calleeText)}()${callee.k === 'unknown' ? ` (${callee.reason})` : ''}`);
    }
  }

  private packageCall(callee: Extract<AV, { k: 'pkg' }>, args: SyntaxNode[], n: SyntaxNode, env: Env): AV {
    const name = callee.name;
    const path = callee.path.join('.');
    if ((name === '@middy/core' || name === 'middy') && (path === '' || path === 'default' || path === 'middy')) {
      return { k: 'middy', node: n, src: env.src, inner: args[0] ? lazy(() => this.eval(args[0]!, env)) : undefined };
    }
    if (name === 'serverless-http' && (path === '' || path === 'default')) {
      return this.expressApp(args[0] ? this.eval(args[0], env) : unknown('no app'), n, env);
    }
    if ((name === '@vendia/serverless-express' || name === '@codegenie/serverless-express') && (path === '' || path === 'default' || path === 'configure')) {
      const options = args[0] ? this.eval(args[0], env) : unknown('no options');
      const app = getEntry(options, 'app', false);
      return this.expressApp('found' in app ? app.found : unknown('the app passed to serverless-express'), n, env);
    }
    return { k: 'instance', of: { name, path: callee.path }, node: n, src: env.src };
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
            for (const k of p.path) v = k === null ? unknown('a computed element') : this.member(v, k, env);
            if (v.k === 'none' && p.dflt) v = this.eval(p.dflt, calleeEnv);
            return v;
          }),
        );
      }
      return bound;
    });
  }

  // ---- modules ----------------------------------------------------------------------------------------

  private importValue(spec: string, imported: string, env: Env): AV {
    if (!spec.startsWith('.')) {
      const path = imported === '*' || imported === 'default' ? [] : [imported];
      return { k: 'pkg', name: spec, path };
    }
    if (env.importDepth >= 1) return unknown(`'${spec}' is imported by an imported module (one level of local imports is read)`);
    const file = resolveModule(dirname(env.src.file), spec);
    if (!file) return unknown(`local module '${spec}' not found`);
    const language = languageOfFile(file);
    if (!language || language === 'python') return unknown(`'${spec}' is not a JavaScript or TypeScript file`);
    const opened = this.ws.open(file, language, env.src.codeRoot);
    if ('error' in opened) return unknown(`cannot read '${spec}': ${opened.error}`);
    const module: AV = { k: 'module', src: opened, importDepth: env.importDepth + 1 };
    if (imported === '*') return module;
    const moduleEnv: Env = { src: opened, bindings: new Map(), stack: [], importDepth: env.importDepth + 1, via: env.via };
    if (imported === 'default') {
      const value = this.exportValue(opened, 'default', moduleEnv);
      return value ?? module;
    }
    return this.exportValue(opened, imported, moduleEnv) ?? unknown(`'${imported}' is not exported by ${spec}`);
  }

  /** The value a module exports under `name` (ESM or CommonJS); `default` is also `module.exports = …`. */
  exportValue(src: SourceFile, name: string, env: Env): AV | undefined {
    const program = src.root;
    const moduleEnv: Env = { ...env, src };
    let found: AV | undefined;
    for (const stmt of namedChildren(program)) {
      if (stmt.type === 'export_statement') {
        const declaration = stmt.childForFieldName('declaration');
        const value = stmt.childForFieldName('value');
        if (declaration) {
          if ((declaration.type === 'function_declaration' || declaration.type === 'generator_function_declaration') && declaration.childForFieldName('name')?.text === name) {
            found = { k: 'fn', node: declaration, src, name, importDepth: env.importDepth };
          }
          if (declaration.type === 'lexical_declaration' || declaration.type === 'variable_declaration') {
            for (const d of namedChildren(declaration)) {
              const id = d.childForFieldName('name');
              if (d.type === 'variable_declarator' && id?.type === 'identifier' && id.text === name) found = this.resolveName(name, d, moduleEnv);
            }
          }
        } else if (value && name === 'default') {
          found = this.eval(value, moduleEnv);
        } else if (stmt.text.startsWith('export default') && name === 'default') {
          const target = namedChildren(stmt).find((c) => FUNCTION_TYPES.has(c.type) || c.type === 'identifier');
          if (target) found = FUNCTION_TYPES.has(target.type) ? { k: 'fn', node: target, src, name, importDepth: env.importDepth } : this.eval(target, moduleEnv);
        }
        const clause = namedChildren(stmt).find((c) => c.type === 'export_clause');
        const source = stmt.childForFieldName('source');
        for (const s of namedChildren(clause)) {
          const local = s.childForFieldName('name');
          const alias = s.childForFieldName('alias') ?? local;
          if (!local || !alias || (propertyKey(alias) ?? alias.text) !== name) continue;
          const spec = source ? stringValue(source) : undefined;
          found = spec ? this.importValue(spec, propertyKey(local) ?? local.text, moduleEnv) : this.resolveName(local.text, stmt, moduleEnv);
        }
      }
      if (stmt.type === 'expression_statement') {
        const assignment = namedChildren(stmt)[0];
        if (assignment?.type !== 'assignment_expression') continue;
        const chain = memberChain(assignment.childForFieldName('left'));
        const right = assignment.childForFieldName('right');
        if (!chain || !right) continue;
        const path = [chain.root.text, ...chain.path];
        const head = path[0] === 'module' && path[1] === 'exports' ? path.slice(2) : path[0] === 'exports' ? path.slice(1) : undefined;
        if (!head) continue;
        if (head.length === 1 && head[0] === name) found = this.eval(right, moduleEnv);
        else if (head.length === 0) {
          const whole = this.eval(right, moduleEnv);
          if (name === 'default') found = whole;
          else if (whole.k === 'obj') {
            const r = getEntry(whole, name, false);
            if ('found' in r) found = r.found;
            else if ('unknown' in r) found = unknown(r.unknown);
          } else if (whole.k !== 'fn') found = unknown(`module.exports is ${short(right.text)}`);
        }
      }
    }
    return found;
  }

  // ---- frameworks -------------------------------------------------------------------------------------

  private middyUse(middy: Extract<AV, { k: 'middy' }>, args: SyntaxNode[], env: Env): AV {
    let result = middy;
    const items = args.flatMap((a) => (unwrap(a)?.type === 'array' ? namedChildren(unwrap(a)) : [a]));
    for (const item of items) {
      const call = unwrap(item);
      if (call?.type !== 'call_expression') continue;
      const fnNode = call.childForFieldName('function');
      const callee = fnNode ? this.eval(fnNode, env) : unknown('?');
      const isCors =
        callee.k === 'pkg' &&
        ((callee.name === '@middy/http-cors' && (callee.path.length === 0 || callee.path[0] === 'default' || callee.path[0] === 'cors')) ||
          (callee.name === 'middy/middlewares' && callee.path[0] === 'cors'));
      if (isCors) result = { ...result, cors: { node: call, src: env.src, options: lazy(() => (namedChildren(call.childForFieldName('arguments'))[0] ? this.eval(namedChildren(call.childForFieldName('arguments'))[0]!, env) : { k: 'none' })) } };
    }
    return result;
  }

  /** `handler.use(cors())` written as its own statement. */
  private middyStatementUses(name: string, index: ScopeIndex, value: Extract<AV, { k: 'middy' }>, env: Env): AV {
    let result: AV = value;
    for (const n of index.effects) {
      if (n.type !== 'call_expression') continue;
      const callee = unwrap(n.childForFieldName('function'));
      const chain = memberChain(callee);
      if (chain?.root.text === name && chain.path.length === 1 && chain.path[0] === 'use' && result.k === 'middy') {
        result = this.middyUse(result, namedChildren(n.childForFieldName('arguments')), env);
      }
    }
    return result;
  }

  /** What a middy-wrapped handler answers: the CORS middleware's verdict, or the inner handler's responses. */
  middyVerdict(middy: Extract<AV, { k: 'middy' }>): AV {
    if (middy.cors) {
      const options = middy.cors.options();
      const verdict = corsOptionsVerdict('@middy/http-cors', options, middy.cors, {
        absent: 'from version 6 @middy/http-cors adds no Access-Control-Allow-Origin unless given an origin (before, it sent *)',
      });
      return { k: 'framework', verdict, node: middy.cors.node, src: middy.cors.src };
    }
    return middy.inner ? middy.inner() : unknown('middy() without a handler');
  }

  private powertoolsRouter(router: Extract<AV, { k: 'instance' }>, objectNode: SyntaxNode, env: Env): AV {
    const routerName = unwrap(objectNode)?.type === 'identifier' ? unwrap(objectNode)!.text : undefined;
    let corsCall: SyntaxNode | undefined;
    walk(router.src.root, (n) => {
      if (n.type !== 'call_expression' || corsCall) return;
      const chain = memberChain(n.childForFieldName('function'));
      if (!chain || chain.path.length !== 1 || chain.path[0] !== 'use' || (routerName && chain.root.text !== routerName)) return;
      for (const arg of namedChildren(n.childForFieldName('arguments'))) {
        const call = unwrap(arg);
        if (call?.type !== 'call_expression') continue;
        const fnNode = call.childForFieldName('function');
        const callee = fnNode ? this.eval(fnNode, { ...env, src: router.src }) : unknown('?');
        if (callee.k === 'pkg' && /^@aws-lambda-powertools\/event-handler/.test(callee.name) && callee.path.at(-1) === 'cors') corsCall = call;
      }
    });
    if (!corsCall) {
      return { k: 'framework', verdict: { allowOrigin: 'unknown', note: 'a Powertools router without the cors middleware; its routes are not read' }, node: router.node, src: router.src };
    }
    const optionsNode = namedChildren(corsCall.childForFieldName('arguments'))[0];
    const options = optionsNode ? this.eval(optionsNode, { ...env, src: router.src }) : { k: 'none' as const };
    const verdict = corsOptionsVerdict('the Powertools cors middleware', options, { node: corsCall, src: router.src }, {
      absent: 'the Powertools cors middleware without an origin option',
    });
    return { k: 'framework', verdict, node: corsCall, src: router.src };
  }

  /** An Express app behind serverless-http or serverless-express: does it use the `cors` middleware? */
  private expressApp(app: AV, at: SyntaxNode, env: Env): AV {
    let src: SourceFile | undefined;
    if (app.k === 'instance' && (app.of.name === 'express' || app.of.name === 'koa' || app.of.name === 'fastify')) src = app.src;
    else if (app.k === 'module') src = app.src;
    if (!src) {
      return { k: 'framework', verdict: { allowOrigin: 'unknown', note: `an app wrapped for Lambda (${app.k === 'unknown' ? app.reason : 'not an Express app read here'})` }, node: at, src: env.src };
    }
    const appEnv: Env = { src, bindings: new Map(), stack: [], importDepth: app.k === 'module' ? app.importDepth : env.importDepth, via: [] };
    let corsCall: SyntaxNode | undefined;
    walk(src.root, (n) => {
      if (n.type !== 'call_expression' || corsCall) return;
      const chain = memberChain(n.childForFieldName('function'));
      if (!chain || chain.path.at(-1) !== 'use') return;
      for (const arg of namedChildren(n.childForFieldName('arguments'))) {
        const call = unwrap(arg);
        if (call?.type !== 'call_expression') continue;
        const fnNode = call.childForFieldName('function');
        const callee = fnNode ? this.eval(fnNode, appEnv) : unknown('?');
        if (callee.k === 'pkg' && callee.name === 'cors') corsCall = call;
      }
    });
    if (corsCall) {
      const optionsNode = namedChildren(corsCall.childForFieldName('arguments'))[0];
      const options = optionsNode ? this.eval(optionsNode, appEnv) : ({ k: 'none' } as AV);
      const verdict = corsOptionsVerdict('the cors middleware', options, { node: corsCall, src }, { absentOrigin: '*' });
      return { k: 'framework', verdict, node: corsCall, src };
    }
    const note = /access-control-allow-origin/i.test(src.text)
      ? 'an Express app that sets CORS headers in its own code'
      : 'an Express app without the cors middleware; its routes are not read';
    return { k: 'framework', verdict: { allowOrigin: 'unknown', note }, node: at, src: env.src };
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

/** The options of a CORS middleware (`origin`, `origins`, `getOrigin`) as a verdict. */
export function corsOptionsVerdict(
  what: string,
  options: AV,
  at: { node: SyntaxNode; src: SourceFile },
  defaults: { absent?: string; absentOrigin?: string },
): FrameworkVerdict {
  const note = `${what} sets Access-Control-Allow-Origin`;
  const get = (key: string) => (options.k === 'none' ? ({ absent: true } as const) : getEntry(options, key, false));
  const origin = get('origin');
  const origins = get('origins');
  const custom = get('getOrigin');
  if ('unknown' in origin || 'unknown' in origins || 'unknown' in custom) {
    return { allowOrigin: 'unknown', note: `${what} with options that cannot be read` };
  }
  if ('found' in custom) return { allowOrigin: 'present', note, origins: [{ kind: 'dynamic', loc: at.src.loc(at.node), reason: 'chosen by getOrigin()' }] };
  if ('found' in origins) return { allowOrigin: 'present', note, origins: [{ kind: 'dynamic', loc: at.src.loc(at.node), reason: 'chosen from an allow-list' }] };
  if ('found' in origin) {
    const v = origin.found;
    if (v.k === 'other' && v.what === 'true') {
      return { allowOrigin: 'present', note, origins: [{ kind: 'reflected', loc: at.src.loc(at.node, ['origin', 'request']), how: 'origin: true' }] };
    }
    if (v.k === 'str' || v.k === 'alts') return { allowOrigin: 'present', note, origins: classifyOrigin(v, at) };
    const origins: HandlerOrigin[] = [{ kind: 'dynamic', loc: at.src.loc(at.node), reason: 'chosen by the origin option' }];
    return { allowOrigin: 'present', note, origins };
  }
  if (defaults.absentOrigin) {
    return { allowOrigin: 'present', note, origins: [{ kind: 'literal', value: defaults.absentOrigin, loc: at.src.loc(at.node, ['origin', defaults.absentOrigin]) }] };
  }
  return { allowOrigin: 'unknown', note: defaults.absent ?? `${what} without an origin` };
}

const MODULE_EXTENSIONS = ['', '.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '/index.js', '/index.mjs', '/index.ts'];

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
