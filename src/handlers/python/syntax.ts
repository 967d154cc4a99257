/**
 * How Python writes what the reader needs: function and scope node types, parentheses and `await`, string
 * literals (concatenated, raw, without f-string interpolation), subscript chains (`a['b']`), dotted names, a
 * function's parameters and a call's arguments. Pure functions of the syntax tree.
 */
import { namedChildren } from '../common.js';
import type { SyntaxNode } from '../grammars.js';
import type { Syntax } from '../reader.js';
import { unescapeString } from '../values.js';

export const FUNCTION_TYPES = new Set(['function_definition', 'lambda']);
export const SCOPE_BOUNDARY = new Set([...FUNCTION_TYPES, 'class_definition']);
export const SYNTAX: Syntax = {
  functions: FUNCTION_TYPES,
  boundary: SCOPE_BOUNDARY,
  module: 'module',
  expressionBody: (fn) => fn.type === 'lambda',
  control: new Set([
    'if_statement',
    'elif_clause',
    'else_clause',
    'for_statement',
    'while_statement',
    'try_statement',
    'except_clause',
    'except_group_clause',
    'finally_clause',
    'match_statement',
    'case_clause',
    'conditional_expression',
    'boolean_operator',
    'list_comprehension',
    'dictionary_comprehension',
    'set_comprehension',
    'generator_expression',
  ]),
};
/** Methods whose call can compare the request's Origin with an allow-list. */
export const CHECK_METHODS = /\.(startswith|endswith|match|fullmatch|search|get|index|count)$/;

export interface Param {
  index: number;
  dflt?: SyntaxNode;
  /** `*args` (`list`) or `**kwargs` (`dict`). */
  splat?: 'list' | 'dict';
}

export function unwrap(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let n = node ?? undefined;
  while (n && (n.type === 'parenthesized_expression' || n.type === 'await')) {
    const inner = namedChildren(n)[0];
    if (!inner) break;
    n = inner;
  }
  return n;
}

/** The value of a plain string literal (no f-string interpolation). */
export function stringValue(node: SyntaxNode | undefined): string | undefined {
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
export function subscriptChain(node: SyntaxNode | null | undefined): { root: SyntaxNode; path: Array<string | null> } | undefined {
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
export function dotted(node: SyntaxNode | null | undefined): string[] | undefined {
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

export function functionParams(fn: SyntaxNode): Map<string, Param> {
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
        if (name) params.set(name.text, { index, splat: p.type === 'list_splat_pattern' ? 'list' : 'dict' });
        break;
      }
      default:
        break;
    }
  });
  return params;
}

/** A call's arguments: positional ones (up to the first `*args`), keywords, and `**mapping` arguments. */
export interface CallArgs {
  positional: SyntaxNode[];
  keywords: Map<string, SyntaxNode>;
  /** Whether the call has any `*` or `**` argument. */
  splats: boolean;
  /** The mappings passed with `**`. */
  dictSplats: SyntaxNode[];
  /** With a `*sequence` argument: how many positional arguments come before it (the later positions are unknown). */
  listSplatAt?: number;
}

export function keywordArgs(args: SyntaxNode[]): CallArgs {
  const positional: SyntaxNode[] = [];
  const keywords = new Map<string, SyntaxNode>();
  const dictSplats: SyntaxNode[] = [];
  let listSplatAt: number | undefined;
  for (const a of args) {
    if (a.type === 'keyword_argument') {
      const name = a.childForFieldName('name');
      const value = a.childForFieldName('value');
      if (name && value) keywords.set(name.text, value);
    } else if (a.type === 'dictionary_splat') {
      const inner = namedChildren(a)[0];
      if (inner) dictSplats.push(inner);
    } else if (a.type === 'list_splat') listSplatAt ??= positional.length;
    else if (listSplatAt === undefined) positional.push(a);
  }
  return { positional, keywords, splats: dictSplats.length > 0 || listSplatAt !== undefined, dictSplats, listSplatAt };
}

export function identifiersIn(node: SyntaxNode): string[] {
  if (node.type === 'identifier') return [node.text];
  return namedChildren(node).flatMap(identifiersIn);
}
