/**
 * How JavaScript and TypeScript write what the reader needs: function and scope node types, the wrappers an
 * expression can hide in (parentheses, `as`, `await`…), string literals, property keys, member chains
 * (`a.b['c']`), destructuring patterns and function parameters. Pure functions of the syntax tree.
 */
import { namedChildren, short } from '../common.js';
import type { SyntaxNode } from '../grammars.js';
import type { Syntax } from '../reader.js';
import { unescapeString } from '../values.js';

export const FUNCTION_TYPES = new Set([
  'function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'generator_function',
]);
export const SCOPE_BOUNDARY = new Set([...FUNCTION_TYPES, 'class_declaration', 'class', 'class_body']);
export const SYNTAX: Syntax = {
  functions: FUNCTION_TYPES,
  boundary: SCOPE_BOUNDARY,
  module: 'program',
  expressionBody: (_fn, body) => body.type !== 'statement_block',
  control: new Set([
    'if_statement',
    'else_clause',
    'for_statement',
    'for_in_statement',
    'while_statement',
    'do_statement',
    'try_statement',
    'catch_clause',
    'finally_clause',
    'switch_statement',
    'switch_case',
    'switch_default',
    'ternary_expression',
    'binary_expression',
    'labeled_statement',
  ]),
};
/** Methods whose call can compare the request's Origin with an allow-list. */
export const CHECK_METHODS = /\.(includes|indexOf|has|test|some|find|findIndex|match|startsWith|endsWith|exec|get)$/;
export const WRAPPERS = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion', 'await_expression']);

export interface Param {
  index: number;
  path: Array<string | null>;
  dflt?: SyntaxNode;
  rest?: boolean;
  /** The default of the whole parameter a destructured name comes from (`{ a = 1 } = {}`). */
  outer?: SyntaxNode;
}

export interface PatternName {
  name: string;
  path: Array<string | null>;
  dflt?: SyntaxNode;
  rest?: boolean;
  outer?: SyntaxNode;
}

export function unwrap(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let n = node ?? undefined;
  while (n && WRAPPERS.has(n.type)) {
    const inner = n.type === 'type_assertion' ? namedChildren(n).at(-1) : namedChildren(n)[0];
    if (!inner) break;
    n = inner;
  }
  return n;
}

export function stringValue(node: SyntaxNode): string | undefined {
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
export function propertyKey(node: SyntaxNode): string | null {
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
export function memberChain(node: SyntaxNode | null | undefined): { root: SyntaxNode; path: Array<string | null> } | undefined {
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

export function patternNames(node: SyntaxNode, prefix: Array<string | null> = []): PatternName[] {
  switch (node.type) {
    case 'identifier':
      return [{ name: node.text, path: prefix }];
    case 'assignment_pattern': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right') ?? undefined;
      return left ? patternNames(left, prefix).map((p) => (p.path.length === prefix.length ? { ...p, dflt: right } : { ...p, outer: p.outer ?? right })) : [];
    }
    case 'required_parameter':
    case 'optional_parameter': {
      const pattern = node.childForFieldName('pattern');
      const value = node.childForFieldName('value') ?? undefined;
      if (!pattern) return [];
      return patternNames(pattern, prefix).map((p) => (!value ? p : p.path.length === prefix.length ? { ...p, dflt: value } : { ...p, outer: p.outer ?? value }));
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

export function functionParams(fn: SyntaxNode): Map<string, Param> {
  const params = new Map<string, Param>();
  const single = fn.childForFieldName('parameter');
  const list = single ? [single] : namedChildren(fn.childForFieldName('parameters'));
  list.forEach((param, index) => {
    for (const p of patternNames(param)) params.set(p.name, { index, path: p.path, dflt: p.dflt, rest: p.rest, outer: p.outer });
  });
  return params;
}

export function functionName(fn: SyntaxNode): string {
  const name = fn.childForFieldName('name');
  if (name) return name.text;
  const parent = fn.parent;
  if (parent?.type === 'variable_declarator') return parent.childForFieldName('name')?.text ?? 'function';
  if (parent?.type === 'pair') return parent.childForFieldName('key')?.text ?? 'function';
  if (parent?.type === 'assignment_expression') return short(parent.childForFieldName('left')?.text ?? 'function', 30);
  return 'function';
}

/** Whether a member access, a subscript or a call is part of an optional chain (`a?.b`, `a?.b.c`, `f?.()`). */
export function optionalChain(node: SyntaxNode): boolean {
  let n: SyntaxNode | undefined = node;
  while (n && (n.type === 'member_expression' || n.type === 'subscript_expression' || n.type === 'call_expression')) {
    if (n.childForFieldName('optional_chain') || namedChildren(n).some((c) => c.type === 'optional_chain')) return true;
    n = unwrap(n.childForFieldName(n.type === 'call_expression' ? 'function' : 'object'));
  }
  return false;
}
