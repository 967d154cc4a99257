/**
 * What the JavaScript and Python readers do alike, whatever the syntax: scopes and the names declared in them,
 * the cached value of a name, return paths, calls into helpers, the changes made to an object after it was built,
 * and whether a file compares the request's `Origin` with anything. Each reader says how its language writes
 * these; this class keeps the bookkeeping (caches, guards against recursion, the step budget) in one place.
 */
import { statSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { fnKey, MAX_CALL_DEPTH, MAX_READ_MS, MAX_STEPS, TOO_COMPLEX, namedChildren, short, walk, type Env, type ReadResult } from './common.js';
import type { SyntaxNode } from './grammars.js';
import type { SourceFile } from './source.js';
import type { HandlerResponse } from './types.js';
import type { RequestGuard } from '../model/request-guard.js';
import { envVariable, NO_REACH, type Reach } from './reach.js';
import { alts, guarded, lazy, responseFacts, unknown, type AV, type Lazy, type Patch } from './values.js';
import type { Workspace } from './workspace.js';

/** What a reader knows about one scope (a function, or the module): the names declared in it, its parameters, and the expressions that may change values. */
export interface ScopeIndexBase<Site> {
  decls: Map<string, Site[]>;
  params: Map<string, unknown>;
  /** Assignments, calls, deletes and declarations below the scope, in source order. */
  effects: SyntaxNode[];
}

/** How a language writes what the shared reading needs. */
export interface Syntax {
  /** Node types that open a function scope. */
  functions: ReadonlySet<string>;
  /** Node types whose `return` statements are not the enclosing function's. */
  boundary: ReadonlySet<string>;
  /** The root node type (`program`, `module`). */
  module: string;
  /** Whether a function's body is an expression that is its value (an arrow function, a lambda). */
  expressionBody(fn: SyntaxNode, body: SyntaxNode): boolean;
  /** Node types whose parts may not run, or run many times (branches, loops, `try`): a definition inside one does not always run. */
  control: ReadonlySet<string>;
}

export type FnValue = Extract<AV, { k: 'fn' }>;

/** The parameter values a function made now sees (those of the calls it is made in), for its `closure`. */
export function closureOf(env: Env): { closure?: Map<string, Map<string, Lazy>> } {
  return env.bindings.size > 0 ? { closure: env.bindings } : {};
}

/** A parameter's position among those a caller gives (parameters given in advance, `preset`, are skipped). */
export function callPosition(fnValue: FnValue, index: number, presetIndexes: readonly number[]): number {
  if (!fnValue.preset) return index;
  return index - presetIndexes.filter((i) => i < index).length;
}
export type Rooted = (node: SyntaxNode | null | undefined) => Array<string | null> | undefined;

export abstract class ScopeReader<Site, Index extends ScopeIndexBase<Site>> {
  private readonly scopes = new Map<string, Index>();
  private readonly resolving = new Set<string>();
  private readonly checkedOrigin = new Map<string, boolean>();
  private readonly paramPatching = new Set<string>();
  /** Module-level names, once per file and import depth; function locals, once per call (its bindings). */
  private readonly moduleValues = new Map<string, AV>();
  private readonly localValues = new WeakMap<Map<string, Lazy>, Map<string, AV>>();
  /** The workspace's generation the caches above were filled in: once it frees trees, they are dropped. */
  private generation = 0;
  /** Evaluation steps of the current read: a handler that takes more is left unread. */
  private steps = 0;
  /**
   * When the current read must end (its time bound), on the clock of `cpuMicros` (CPU time on the main thread): a
   * machine busy with other work must not turn a handler that reads in time into "too complex".
   */
  private deadline = Infinity;
  /** Whether the current read ran out of steps or time. */
  protected exhausted = false;
  /** What the function being read reaches besides its folder: its layers and environment variables. */
  reach: Reach = NO_REACH;

  protected constructor(
    readonly ws: Workspace,
    private readonly syntax: Syntax,
  ) {}

  abstract eval(node: SyntaxNode, env: Env): AV;
  /** Indexes one scope (called once per scope; the result is kept). */
  protected abstract indexScope(src: SourceFile, scope: SyntaxNode): Index;
  /**
   * The value of a name from the places that define it (and the parameter's value, when no definition always runs
   * before the use), once the guard against self-reference holds, with the changes made to it after it was built.
   */
  protected abstract siteValues(name: string, sites: Site[], index: Index, env: Env, param?: Lazy, until?: SyntaxNode): AV;
  /** Where a definition is written, for the order of definitions; `undefined` for one that holds everywhere in its scope (a hoisted function, an import). */
  protected abstract siteNode(site: Site): SyntaxNode | undefined;
  /** Changes made to the object held by `name` after it was built (only those written before `until`, when given). */
  protected abstract patchesOf(name: string, index: Index, env: Env, until?: SyntaxNode): Patch[];
  /** For `originChecked`: the part of a node that compares something, when the node is a comparison or a check. */
  protected abstract comparison(node: SyntaxNode): SyntaxNode | null | undefined;
  /** The condition on the request under which the code of `fn` reaches `node` (its ifs, switches, early exits). */
  protected abstract pathGuard(node: SyntaxNode, fn: SyntaxNode, env: Env): RequestGuard | undefined;

  /** The environment of a fresh read of `src` (the step and time budgets start again). */
  protected startRead(src: SourceFile, reach: Reach = NO_REACH): Env {
    if (this.generation !== this.ws.generation) {
      // the workspace freed trees since: what was cached holds their nodes
      this.generation = this.ws.generation;
      this.scopes.clear();
      this.checkedOrigin.clear();
      this.moduleValues.clear();
    }
    this.steps = 0;
    this.exhausted = false;
    this.deadline = cpuMicros() + MAX_READ_MS * 1000;
    this.reach = reach;
    return { src, bindings: new Map(), stack: [], importDepth: 0, via: [] };
  }

  /** An unknown once the read has taken too many steps or too long (counts one step). */
  protected overBudget(): AV | undefined {
    if (this.exhausted) return unknown(TOO_COMPLEX);
    this.steps++;
    if (this.steps > MAX_STEPS || ((this.steps & 255) === 0 && cpuMicros() > this.deadline)) {
      this.exhausted = true;
      return unknown(TOO_COMPLEX);
    }
    return undefined;
  }

  /** The result of a read, or "too complex" for the whole handler when the read ran out of budget. */
  protected finishRead(result: ReadResult): ReadResult {
    return this.exhausted ? { unknown: TOO_COMPLEX } : result;
  }

  /**
   * The value of the environment variable `name` as the template sets it for the function being read (a literal
   * points at the code that reads it, with the template's value as a related place); `unset` when the template
   * does not set it.
   */
  protected envValue(name: string | undefined, node: SyntaxNode, env: Env, unset: () => AV): AV {
    const found = envVariable(this.reach, name);
    if ('unknown' in found) return unknown(found.unknown);
    if (!found.set) return unset();
    return alts(
      found.values.map((v): AV => {
        if (!v.known) return unknown(`the environment variable ${name} (${v.reason})`);
        if (v.value === null) return { k: 'none' };
        return { k: 'str', value: String(v.value), node, src: env.src, via: [...env.via, { loc: v.loc, note: `environment variable ${name} as the template sets it` }] };
      }),
    );
  }

  // ---- scopes and names -------------------------------------------------------------------------------

  protected scopeIndex(src: SourceFile, scope: SyntaxNode): Index {
    const key = fnKey(src, scope);
    const known = this.scopes.get(key);
    if (known) return known;
    const index = this.indexScope(src, scope);
    this.scopes.set(key, index);
    return index;
  }

  protected enclosingScope(node: SyntaxNode | null): SyntaxNode | undefined {
    let n = node;
    while (n) {
      if (this.syntax.functions.has(n.type) || n.type === this.syntax.module) return n;
      n = n.parent;
    }
    return undefined;
  }

  /**
   * A name's value in one scope, as the code sees it at `at`: the definitions that reach it (the last one before it
   * that runs whenever `at` runs, and those after that one which may run: in a branch, a loop, a `try`), or the
   * parameter's binding when no definition before `at` always runs. A use in a nested function (or none given: the
   * scope itself) sees the definitions as they are once the scope has run. `undefined` when the scope does not
   * declare the name.
   */
  protected nameIn(name: string, scope: SyntaxNode, index: Index, env: Env, at?: SyntaxNode): AV | undefined {
    const sites = index.decls.get(name);
    const isParam = index.params.has(name);
    if (!sites && !isParam) return undefined;
    const reaching = this.reachingSites(sites ?? [], scope, at);
    let param: Lazy | undefined;
    if (isParam && !reaching.dominated) {
      const bound = env.bindings.get(fnKey(env.src, scope))?.get(name);
      param = bound ?? (() => unknown(`parameter '${name}'`));
    }
    // the changes made to the value before `at` (all of them for a use once the scope has run): a change whose
    // own value reads the name (`r.headers = { ...r.headers, … }`) sees the object as it was before it
    const until = reaching.whole ? undefined : at;
    const changes = until ? effectsBefore(index.effects, until).length : -1;
    const value = this.cachedValue(name, { ...reaching, key: `${reaching.key}/${changes}` }, scope, index, env, param, until);
    // `if x is None: x = {}` (`if (!x) x = {}`): after it, x is never the nothing it may have held before
    return reaching.sites.some((site) => this.fillsDefault(name, site, scope)) ? withoutNone(value) : value;
  }

  /** Whether a definition is the only statement run when the name holds nothing (`if not x: x = …`, `if (!x) x = …`). */
  private fillsDefault(name: string, site: Site, scope: SyntaxNode): boolean {
    const node = this.siteNode(site);
    let branch: SyntaxNode | undefined;
    for (let n = node?.parent; n && n.id !== scope.id; n = n.parent) {
      if (!this.syntax.control.has(n.type)) continue;
      if (branch || n.type !== 'if_statement' || n.childForFieldName('alternative')) return false;
      branch = n;
    }
    const test = branch?.childForFieldName('condition')?.text.replace(/^\((.*)\)$/s, '$1').trim();
    if (!test) return false;
    const id = name.replace(/[$]/g, '\\$&');
    return new RegExp(`^(not\\s+${id}|${id}\\s+is\\s+None|${id}\\s*==\\s*None|!\\s*${id}|${id}\\s*={2,3}\\s*(undefined|null)|typeof\\s+${id}\\s*={2,3}\\s*['"]undefined['"])$`).test(test);
  }

  /** The sites of a name that reach `at` (see {@link nameIn}), and whether one of them always runs before it. */
  private reachingSites(sites: Site[], scope: SyntaxNode, at: SyntaxNode | undefined): { sites: Site[]; dominated: boolean; key: string; whole: boolean } {
    const whole = !at || at.id === scope.id || this.enclosingScope(at)?.id !== scope.id;
    const free: number[] = [];
    const placed: number[] = [];
    sites.forEach((site, i) => (this.siteNode(site) ? placed : free).push(i));
    const before = whole
      ? placed
      : placed.filter((i) => {
          const n = this.siteNode(sites[i]!)!;
          return n.startIndex < at!.startIndex && !(at!.startIndex >= n.startIndex && at!.endIndex <= n.endIndex);
        });
    const chosen: number[] = [];
    let dominated = false;
    for (let j = before.length - 1; j >= 0; j--) {
      chosen.unshift(before[j]!);
      if (this.dominates(this.siteNode(sites[before[j]!]!)!, whole ? undefined : at!, scope)) {
        dominated = true;
        break;
      }
    }
    const all = [...free, ...chosen].sort((a, b) => a - b);
    return { sites: all.map((i) => sites[i]!), dominated, key: all.join(','), whole };
  }

  /** Whether the definition at `def` runs whenever `at` runs (or, without `at`, whenever the scope runs to its end). */
  private dominates(def: SyntaxNode, at: SyntaxNode | undefined, scope: SyntaxNode): boolean {
    for (let n = def.parent; n && n.id !== scope.id; n = n.parent) {
      if (!this.syntax.control.has(n.type)) continue;
      if (!at || !(at.startIndex >= n.startIndex && at.endIndex <= n.endIndex)) return false;
    }
    return true;
  }

  private cachedValue(name: string, reaching: { sites: Site[]; key: string }, scope: SyntaxNode, index: Index, env: Env, param: Lazy | undefined, until: SyntaxNode | undefined): AV {
    let cache: Map<string, AV> | undefined;
    let key = `${name}\u0000${reaching.key}\u0000${param ? 'p' : ''}`;
    if (scope.type === this.syntax.module) {
      cache = this.moduleValues;
      key = `${env.src.file}\u0000${env.importDepth}\u0000${this.reach.key}\u0000${key}`;
    } else {
      const bound = env.bindings.get(fnKey(env.src, scope));
      if (bound) {
        cache = this.localValues.get(bound) ?? new Map();
        this.localValues.set(bound, cache);
      }
    }
    const known = cache?.get(key);
    if (known) return known;
    const value = this.valueOfSites(name, reaching, scope, index, env, param, until);
    // A value cut short by a name that refers to itself is not kept: the full one may be read later.
    if (!(value.k === 'unknown' && /refers to itself/.test(value.reason))) cache?.set(key, value);
    return value;
  }

  private valueOfSites(name: string, reaching: { sites: Site[]; key: string }, scope: SyntaxNode, index: Index, env: Env, param: Lazy | undefined, until: SyntaxNode | undefined): AV {
    const key = `${fnKey(env.src, scope)}:${name}:${reaching.key}:${param ? 'p' : ''}`;
    if (this.resolving.has(key)) return unknown(`'${name}' refers to itself`);
    this.resolving.add(key);
    try {
      return this.siteValues(name, reaching.sites, index, env, param, until);
    } finally {
      this.resolving.delete(key);
    }
  }

  // ---- functions --------------------------------------------------------------------------------------

  protected returnsOf(fn: SyntaxNode): Array<{ node: SyntaxNode; expr?: SyntaxNode }> {
    const body = fn.childForFieldName('body');
    if (!body) return [];
    if (this.syntax.expressionBody(fn, body)) return [{ node: body, expr: body }];
    const out: Array<{ node: SyntaxNode; expr?: SyntaxNode }> = [];
    walk(body, (n) => {
      if (n !== body && this.syntax.boundary.has(n.type)) return false;
      if (n.type === 'return_statement') {
        out.push({ node: n, expr: namedChildren(n)[0] });
        return false;
      }
      return true;
    });
    return out;
  }

  /** What a handler made by a framework answers (middleware, a resolver, a web app behind an adapter). */
  protected frameworkResult(entry: Extract<AV, { k: 'framework' }>, name: string): ReadResult {
    return { loc: entry.src.loc(entry.node), responses: responseFacts(entry, { at: entry.node, src: entry.src, via: [], name }, { n: 0 }) };
  }

  /** The environment of the handler function itself, its parameters bound as given (and those of the calls it was made in). */
  protected handlerEnv(fnValue: FnValue, bound: Map<string, Lazy>): Env {
    const key = fnKey(fnValue.src, fnValue.node);
    for (const [name, value] of fnValue.preset ?? []) bound.set(name, value);
    const bindings = new Map(fnValue.closure ?? []);
    bindings.set(key, bound);
    return { src: fnValue.src, bindings, stack: [key], importDepth: fnValue.importDepth, via: [] };
  }

  /** The responses the handler's `return` statements give. */
  protected returnedResponses(fn: SyntaxNode, env: Env, name: string, ordinal: { n: number }): HandlerResponse[] {
    const responses: HandlerResponse[] = [];
    for (const ret of this.returnsOf(fn)) {
      if (!ret.expr) continue;
      const when = this.pathGuard(ret.node, fn, env);
      responses.push(...responseFacts(this.eval(ret.expr, env), { at: ret.node, src: env.src, via: [], name, when }, ordinal));
    }
    return responses;
  }

  /**
   * Calls a helper: `bind` gives its parameters their values (in the callee's environment, for defaults), and the
   * value is what its `return` statements give. Recursion, deep nesting and syntax errors give an unknown.
   */
  protected callFunction(fnValue: FnValue, env: Env, callNode: SyntaxNode, bind: (calleeEnv: Env) => Map<string, Lazy>): AV {
    const key = fnKey(fnValue.src, fnValue.node);
    if (env.stack.includes(key)) return unknown(`${fnValue.name}() calls itself`);
    if (env.stack.length > MAX_CALL_DEPTH) return unknown('helpers nested too deep');
    if (fnValue.node.hasError) return unknown(`${fnValue.name}() has syntax errors`);
    const calleeEnv: Env = {
      src: fnValue.src,
      bindings: new Map(fnValue.closure ?? env.bindings),
      stack: [...env.stack, key],
      importDepth: fnValue.importDepth,
      via: [...env.via, { loc: env.src.loc(callNode), note: `returned through ${fnValue.name}()` }],
    };
    const bound = bind(calleeEnv);
    for (const [name, value] of fnValue.preset ?? []) bound.set(name, value);
    calleeEnv.bindings.set(key, bound);
    const values = this.returnsOf(fnValue.node).map((r) => guarded(r.expr ? this.eval(r.expr, calleeEnv) : { k: 'none' }, this.pathGuard(r.node, fnValue.node, calleeEnv)));
    return values.length === 0 ? { k: 'none' } : alts(values);
  }

  // ---- changes made after an object was built ---------------------------------------------------------

  /** `name.k = value` (or `name['k'] = value`): a change the object gets, or an open one for a computed key. */
  protected assignmentPatch(patches: Patch[], n: SyntaxNode, left: SyntaxNode | undefined, right: SyntaxNode | null, rooted: Rooted, env: Env): void {
    const path = left && left.type !== 'identifier' ? rooted(left) : undefined;
    if (!path || !right) return;
    if (path.includes(null)) openPatch(patches, path, `set with a computed key (${short(left!.text)})`);
    else patches.push({ path: path as string[], kind: 'set', value: lazy(() => this.eval(right, env)), at: { node: n, src: env.src } });
  }

  /**
   * The object at `path` passed to a call: a helper in this file or a local module does to it what it does to its
   * parameter (`which`, a position or a name); anything else may change it in ways not followed.
   */
  protected passedPatches(patches: Patch[], path: Array<string | null>, target: AV | undefined, which: number | string, calleeText: string): void {
    const inner = target?.k === 'fn' && !path.includes(null) ? this.paramPatches(target, which) : undefined;
    if (inner) {
      for (const p of inner) patches.push({ ...p, path: [...(path as string[]), ...p.path] });
      return;
    }
    openPatch(patches, path, `passed to ${short(calleeText)}()`);
  }

  /**
   * `other = name` (or `other = name.part`): the object is also held by `other`, so the changes made through
   * `other` in its scope are changes of `name` at `path`. Followed when `other` is defined only there (else, or for
   * a computed path, an open change: the object may be changed in ways not followed).
   */
  protected aliasPatches(patches: Patch[], path: Array<string | null>, other: SyntaxNode, env: Env): void {
    const scope = this.enclosingScope(other);
    const name = other.text;
    const key = scope ? `${fnKey(env.src, scope)}:alias:${name}` : '';
    const index = scope ? this.scopeIndex(env.src, scope) : undefined;
    if (!scope || !index || path.includes(null) || this.paramPatching.has(key) || (index.decls.get(name)?.length ?? 0) > 1 || index.params.has(name)) {
      openPatch(patches, path, `shared with ${short(name)}`, true);
      return;
    }
    this.paramPatching.add(key);
    try {
      const aliasEnv: Env = { src: env.src, bindings: new Map(), stack: [], importDepth: env.importDepth, via: [] };
      for (const p of this.patchesOf(name, index, aliasEnv)) patches.push({ ...p, path: [...(path as string[]), ...p.path] });
    } finally {
      this.paramPatching.delete(key);
    }
  }

  /** The parameter of a function that `which` (a position or a keyword) names, if it can be followed. */
  protected abstract parameterName(fnValue: FnValue, which: number | string): string | undefined;

  /** The changes a function makes to a parameter, or `undefined` when they cannot be told. */
  private paramPatches(fnValue: FnValue, which: number | string): Patch[] | undefined {
    const name = this.parameterName(fnValue, which);
    if (!name) return undefined;
    const key = `${fnKey(fnValue.src, fnValue.node)}:${name}`;
    if (this.paramPatching.has(key)) return undefined;
    this.paramPatching.add(key);
    try {
      const env: Env = { src: fnValue.src, bindings: new Map(), stack: [], importDepth: fnValue.importDepth, via: [] };
      return this.patchesOf(name, this.scopeIndex(fnValue.src, fnValue.node), env);
    } finally {
      this.paramPatching.delete(key);
    }
  }

  // ---- the request's origin ---------------------------------------------------------------------------

  /** Whether the file compares the request's Origin with anything (an allow-list check). */
  originChecked(src: SourceFile): boolean {
    const known = this.checkedOrigin.get(src.file);
    if (known !== undefined) return known;
    let checked = false;
    walk(src.root, (n) => {
      if (checked) return false;
      const test = this.comparison(n);
      if (test && /origin/i.test(test.text)) checked = true;
      return true;
    });
    this.checkedOrigin.set(src.file, checked);
    return checked;
  }
}

/**
 * For `comparison`: a call of a method that can compare (`allowed.includes(origin)`, `ALLOWED.get(origin)`) is a
 * check when an argument mentions the origin, or when the object it is called on does and the method is not `get`
 * (`headers.get('origin')` only reads).
 */
export function checkCall(call: SyntaxNode, callee: SyntaxNode | null, methodField: string): SyntaxNode | undefined {
  const args = namedChildren(call.childForFieldName('arguments')).filter((a) => a.type !== 'string');
  const object = callee?.childForFieldName('object')?.text ?? '';
  const method = callee?.childForFieldName(methodField)?.text;
  return args.find((a) => /origin/i.test(a.text)) ?? (method !== 'get' && /origin/i.test(object) ? call : undefined);
}

/** A change the reader cannot follow: the object is open from the first computed key of `path` on. */
export function openPatch(patches: Patch[], path: Array<string | null>, reason: string, alias = false): void {
  const cut = path.indexOf(null);
  patches.push({ path: (cut < 0 ? path : path.slice(0, cut)) as string[], kind: 'open', reason, ...(alias ? { alias } : {}) });
}

/** An object value with the changes made to it after it was built (with `none`: an object the changes build). */
export function patchValue(value: AV, patches: Patch[], options: { none: boolean }): AV {
  if (value.k === 'alts') return alts(value.alts.map((a) => (a.k === 'obj' || (options.none && a.k === 'none') ? patchValue(a, patches, options) : a)));
  if (value.k === 'obj') return { ...value, patches: [...value.patches, ...patches] };
  if (options.none && value.k === 'none') return { k: 'obj', entries: [], patches, via: [] };
  return value;
}

/** `a || b`, `a ?? b`, `a or b`: the request's origin with a fallback stays a reflection; an unknown stays unknown. */
export function either(left: AV, right: () => AV, operator: string): AV {
  if (left.k === 'none') return right();
  if (left.k === 'guarded') return guarded(either(left.value, right, operator), left.when);
  if (left.k === 'alts' && left.alts.some((a) => a.k === 'guarded')) return alts(left.alts.map((a) => either(a, right, operator)));
  if (left.k === 'fn' || left.k === 'fact' || left.k === 'module') return left;
  if (left.k === 'origin') return alts([left, right()]);
  if (left.k === 'requestHeaders' || left.k === 'obj' || left.k === 'str' || left.k === 'event') return left;
  if (left.k === 'alts' && left.alts.some((a) => a.k === 'origin')) return alts([left, right()]);
  return left.k === 'unknown' ? left : unknown(`a value chosen with ${operator}`);
}

/**
 * `a && b`, `a and b`: `b` when `a` is an object (always truthy), nothing when `a` is nothing; otherwise `b` or a
 * falsy value, taken as nothing (what a spread of it adds, and a header set to it is unknown either way).
 */
export function both(left: AV, right: () => AV): AV {
  if (left.k === 'none') return left;
  if (left.k === 'obj' || left.k === 'fn' || left.k === 'list' || left.k === 'event') return right();
  if (left.k === 'str' && left.value !== '') return right();
  return alts([{ k: 'none' }, right()]);
}

/** A value without its alternatives that are nothing (`undefined`, `None`). */
function withoutNone(value: AV): AV {
  if (value.k !== 'alts') return value;
  const kept = value.alts.filter((a) => a.k !== 'none');
  return kept.length === value.alts.length || kept.length === 0 ? value : alts(kept);
}

/** The effects (assignments, calls, deletes) written before `until` and not around it. */
export function effectsBefore(effects: readonly SyntaxNode[], until: SyntaxNode | undefined): readonly SyntaxNode[] {
  if (!until) return effects;
  return effects.filter((e) => e.startIndex < until.startIndex && !(until.startIndex >= e.startIndex && until.endIndex <= e.endIndex));
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * A clock for the time bound, in microseconds: on the main thread the CPU time the process has used (so a machine
 * busy with other work does not make a read "too complex"); in a worker thread, where that time is every thread's,
 * the wall clock.
 */
function cpuMicros(): number {
  if (!isMainThread) return Date.now() * 1000;
  const { user, system } = process.cpuUsage();
  return user + system;
}
