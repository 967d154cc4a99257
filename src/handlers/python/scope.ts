/**
 * What one scope of a Python module declares (functions, classes, assignments, walrus names, loop and `with`
 * variables, `global`/`nonlocal` names, imports) and the statements below it that may change a value
 * (assignments, calls, `del`): the index the reader looks names up in.
 */
import { namedChildren, short } from '../common.js';
import type { SyntaxNode } from '../grammars.js';
import { functionParams, identifiersIn, SCOPE_BOUNDARY, type Param } from './syntax.js';

/** Where a name gets its value: an expression, a function, an import, or nothing known. */
export type Site = (
  | { kind: 'value'; node: SyntaxNode }
  | { kind: 'fn'; node: SyntaxNode }
  | { kind: 'import'; level: number; module: string; imported: string | null }
  | { kind: 'unknown'; reason: string }
) & {
  /** Where the definition is written (absent for a function, a class or an import: they hold wherever they are used). */
  at?: SyntaxNode;
};

/** The names one scope declares, its parameters, its `global` names, and the statements below it that may change values. */
export interface ScopeIndex {
  decls: Map<string, Site[]>;
  params: Map<string, Param>;
  globals: Set<string>;
  effects: SyntaxNode[];
}

/** Indexes one scope (a function, or the whole module). */
export function indexScope(scope: SyntaxNode): ScopeIndex {
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
        if (!nested && left?.type === 'identifier') add(left.text, right ? { kind: 'value', node: right, at: n } : { kind: 'unknown', reason: 'declared without a value', at: n });
        else if (!nested && left && /^(pattern_list|tuple_pattern|list_pattern)$/.test(left.type)) {
          for (const id of identifiersIn(left)) add(id, { kind: 'unknown', reason: 'unpacked from a sequence', at: n });
        }
        index.effects.push(n);
        break;
      }
      case 'augmented_assignment': {
        const left = n.childForFieldName('left');
        if (!nested && left?.type === 'identifier') add(left.text, { kind: 'unknown', reason: `changed with ${short(n.text)}`, at: n });
        index.effects.push(n);
        break;
      }
      case 'named_expression': {
        const name = n.childForFieldName('name');
        const value = n.childForFieldName('value');
        if (!nested && name && value) add(name.text, { kind: 'value', node: value, at: n });
        break;
      }
      case 'for_statement':
      case 'for_in_clause': {
        const left = n.childForFieldName('left');
        if (!nested && left) for (const id of identifiersIn(left)) add(id, { kind: 'unknown', reason: 'a loop variable', at: n });
        break;
      }
      case 'as_pattern': {
        const alias = n.childForFieldName('alias');
        if (!nested && alias) for (const id of identifiersIn(alias)) add(id, { kind: 'unknown', reason: 'bound by with or except', at: n });
        break;
      }
      case 'except_clause': {
        // `except E as e` (older grammars): the name after `as`.
        const named = namedChildren(n);
        const asIndex = n.children.findIndex((c) => c?.type === 'as');
        if (!nested && asIndex >= 0 && named[1]?.type === 'identifier') add(named[1].text, { kind: 'unknown', reason: 'a caught exception', at: n });
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
