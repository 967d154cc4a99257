/** What the JavaScript and Python readers share: the evaluation environment and small syntax helpers. */
import type { Loc, Via } from '../types.js';
import type { SyntaxNode } from './grammars.js';
import type { SourceFile } from './source.js';
import type { HandlerResponse } from './types.js';
import type { AV, Lazy } from './values.js';

export interface Env {
  src: SourceFile;
  /** Parameter values of the functions being evaluated, by function (`file#id`). */
  bindings: Map<string, Map<string, Lazy>>;
  /** Functions being evaluated (against recursion). */
  stack: string[];
  /** 0 in the handler's file, 1 in a local module it imports, 2 in a module that one imports, … */
  importDepth: number;
  via: Via[];
}

/** What the parts of a reader (module lookup, framework support) ask of it: the value of an expression. */
export interface Evaluator {
  eval(node: SyntaxNode, env: Env): AV;
  /** Calls a function value with these argument expressions (a wrapper's handler, a middleware's hook). */
  invoke(fn: AV, args: SyntaxNode[], env: Env, at: SyntaxNode): AV;
}

export const MAX_CALL_DEPTH = 6;

/** How many local modules deep imports are followed (a chain longer than this is left unknown). */
export const MAX_IMPORT_DEPTH = 12;

/** Evaluation steps one handler may take; beyond, it is left unread (a guard against pathological code). */
export const MAX_STEPS = 50_000;

/** How long one handler's read may take (milliseconds); beyond, it is left unread, like one over {@link MAX_STEPS}. */
export const MAX_READ_MS = 1000;

/** Why a handler that exceeded the reader's budget is not read. */
export const TOO_COMPLEX = `too complex (the reader stops after ${MAX_STEPS.toLocaleString('en')} evaluation steps or ${MAX_READ_MS / 1000} s per handler)`;

/** What reading a handler found: its responses, or why it could not be read. */
export type ReadResult = { loc?: Loc; responses: HandlerResponse[] } | { unknown: string };

export function fnKey(src: SourceFile, node: SyntaxNode): string {
  return `${src.file}#${node.startIndex}:${node.endIndex}`;
}

export function namedChildren(node: SyntaxNode | null | undefined): SyntaxNode[] {
  if (!node) return [];
  const out: SyntaxNode[] = [];
  for (let i = 0; i < node.namedChildCount; i++) {
    const child = node.namedChild(i);
    if (child && child.type !== 'comment') out.push(child);
  }
  return out;
}

/** Walks a subtree depth first; `enter` returns false to skip a node's children. */
export function walk(node: SyntaxNode, enter: (n: SyntaxNode) => boolean | void): void {
  const stack: SyntaxNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (enter(n) === false) continue;
    for (let i = n.namedChildCount - 1; i >= 0; i--) {
      const child = n.namedChild(i);
      if (child) stack.push(child);
    }
  }
}

export function short(text: string, max = 40): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** Callees that read their arguments without changing them. */
export const READ_ONLY_CALLEE =
  /^(JSON\.(stringify|parse)|console\.\w+|String|Number|Boolean|Array\.isArray|Object\.(keys|values|entries|freeze|isFrozen)|encodeURIComponent|decodeURIComponent|parseInt|parseFloat|Buffer\.from|structuredClone|util\.(inspect|format)|(logger|log|logging|LOGGER|Logger|tracer|metrics|self\.logger|this\.logger)\.\w+|print|str|repr|len|bool|int|float|isinstance|type|json\.(dumps|loads)|copy\.(copy|deepcopy)|dict|list|sorted|callback|cb|done|resolve|reject|context\.(succeed|done|fail))$/;

/** Methods that only read the object they are called on. */
export const READ_ONLY_METHODS = new Set([
  'hasOwnProperty',
  'toString',
  'get',
  'has',
  'includes',
  'indexOf',
  'keys',
  'values',
  'entries',
  'items',
  'map',
  'filter',
  'forEach',
  'some',
  'every',
  'find',
  'slice',
  'concat',
  'join',
  'startsWith',
  'endsWith',
  'startswith',
  'endswith',
  'toLowerCase',
  'toUpperCase',
  'lower',
  'upper',
  'trim',
  'strip',
  'split',
  'copy',
  'json',
  'toJSON',
]);
