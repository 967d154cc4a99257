/**
 * What one scope of a JavaScript or TypeScript file declares (functions, variables, destructured names, imports,
 * loop variables, caught errors) and the expressions below it that may change a value (assignments, calls,
 * deletes, updates): the index the reader looks names up in.
 */
import { namedChildren, short } from '../common.js';
import type { SyntaxNode } from '../grammars.js';
import { FUNCTION_TYPES, functionParams, patternNames, propertyKey, stringValue, unwrap, type Param } from './syntax.js';

/** Where a name gets its value: an expression, part of a destructured value, a function, an import, or nothing known. */
export type Site = (
  | { kind: 'value'; node: SyntaxNode }
  | { kind: 'pattern'; value: SyntaxNode; path: Array<string | null>; dflt?: SyntaxNode }
  | { kind: 'fn'; node: SyntaxNode }
  | { kind: 'import'; source: string; imported: string }
  | { kind: 'none' }
  | { kind: 'unknown'; reason: string }
) & {
  /** Where the definition is written (absent for a hoisted function declaration, an import or a class). */
  at?: SyntaxNode;
};

/** The names one scope declares, its parameters, and the expressions below it that may change values. */
export interface ScopeIndex {
  decls: Map<string, Site[]>;
  params: Map<string, Param>;
  /** Assignments, calls, deletes and declarations anywhere below the scope (nested functions included). */
  effects: SyntaxNode[];
}

/** Indexes one scope (a function, or the whole program). */
export function indexScope(scope: SyntaxNode): ScopeIndex {
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
            if (name.type === 'identifier') add(name.text, value ? { kind: 'value', node: value, at: n } : { kind: 'none', at: n });
            else if (value) for (const p of patternNames(name)) add(p.name, { kind: 'pattern', value, path: p.path, dflt: p.dflt, at: n });
            else for (const p of patternNames(name)) add(p.name, { kind: 'unknown', reason: 'declared without a value', at: n });
          }
          if (value) index.effects.push(n);
          break;
        }
        case 'assignment_expression': {
          const left = unwrap(n.childForFieldName('left'));
          const right = n.childForFieldName('right');
          if (!nested && left?.type === 'identifier' && right) add(left.text, { kind: 'value', node: right, at: n });
          else if (!nested && left && (left.type === 'object_pattern' || left.type === 'array_pattern') && right) {
            for (const p of patternNames(left)) add(p.name, { kind: 'pattern', value: right, path: p.path, dflt: p.dflt, at: n });
          }
          index.effects.push(n);
          break;
        }
        case 'augmented_assignment_expression': {
          const left = unwrap(n.childForFieldName('left'));
          if (!nested && left?.type === 'identifier') add(left.text, { kind: 'unknown', reason: `changed with ${short(n.text)}`, at: n });
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
          if (!nested && left) for (const p of patternNames(left)) add(p.name, { kind: 'unknown', reason: 'a loop variable', at: n });
          break;
        }
        case 'catch_clause': {
          const param = n.childForFieldName('parameter');
          if (!nested && param) for (const p of patternNames(param)) add(p.name, { kind: 'unknown', reason: 'a caught error', at: n });
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
