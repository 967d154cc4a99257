/**
 * The conditions on the request under which Python code reaches a `return` (or a value): the tests of the `if`,
 * `elif` and `else` branches around it, the `case` patterns of a `match` on a request fact, and the early exits
 * before it (`if event["httpMethod"] != "POST": return …`). Conditions on anything but the request's method,
 * resource and path add nothing: the path stays reachable.
 */
import type { RequestGuard } from '../../model/request-guard.js';
import { namedChildren, type Env, type Evaluator } from '../common.js';
import type { SyntaxNode } from '../grammars.js';
import { allOf, anyOf, listMembers, membership, stringTest, truthGuard } from '../request.js';
import { FUNCTION_TYPES, stringValue, unwrap } from './syntax.js';

const NEVER: RequestGuard = { op: 'or', args: [] };

/** The operator of a two-operand comparison (`==`, `!=`, `in`, `not in`, `is`, `is not`). */
function comparisonOperator(n: SyntaxNode): string | undefined {
  const ops = n.children.filter((c): c is SyntaxNode => c !== null && !c.isNamed).map((c) => c.text);
  return ops.length > 0 ? ops.join(' ') : undefined;
}

/** The guard under which a test is `positive` (true) or false; `undefined` when it says nothing about the request. */
export function conditionGuard(r: Evaluator, node: SyntaxNode | null | undefined, env: Env, positive: boolean): RequestGuard | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'not_operator') return conditionGuard(r, n.childForFieldName('argument'), env, !positive);
  if (n.type === 'boolean_operator') {
    const op = n.childForFieldName('operator')?.text;
    const a = conditionGuard(r, n.childForFieldName('left'), env, positive);
    const b = conditionGuard(r, n.childForFieldName('right'), env, positive);
    return (op === 'and') === positive ? allOf(a, b) : anyOf([a, b]);
  }
  if (n.type === 'comparison_operator') {
    const operands = namedChildren(n);
    const op = comparisonOperator(n);
    if (operands.length !== 2 || !op) return undefined;
    const [left, right] = operands.map((o) => r.eval(o, env)) as [ReturnType<Evaluator['eval']>, ReturnType<Evaluator['eval']>];
    if (op === '==' || op === '!=' || op === 'is' || op === 'is not') {
      const equal = (op === '==' || op === 'is') === positive;
      const [subject, other] = left.k === 'fact' ? [left, right] : [right, left];
      if (subject.k === 'fact' && other.k === 'str') return membership(subject, [other.value], equal);
      if (other.k === 'none') return truthGuard(subject, !equal);
      if (subject.k === 'none') return truthGuard(other, !equal);
      return undefined;
    }
    if (op === 'in' || op === 'not in') {
      const inside = (op === 'in') === positive;
      const members = listMembers(right);
      if (members) return membership(left, members, inside);
      if (left.k === 'str') return stringTest(right, 'contains', left.value, inside);
    }
    return undefined;
  }
  if (n.type === 'call') {
    const fn = unwrap(n.childForFieldName('function'));
    const arg = namedChildren(n.childForFieldName('arguments'))[0];
    if (fn?.type !== 'attribute' || !arg) return undefined;
    const method = fn.childForFieldName('attribute')?.text;
    const prefix = stringValue(arg);
    if ((method === 'startswith' || method === 'endswith') && prefix !== undefined) {
      return stringTest(r.eval(fn.childForFieldName('object')!, env), method === 'startswith' ? 'starts' : 'ends', prefix, positive);
    }
    return undefined;
  }
  return truthGuard(r.eval(n, env), positive);
}

/** Whether control never goes past a statement (it returns, raises, breaks or continues on every path). */
export function exits(stmt: SyntaxNode | null | undefined): boolean {
  if (!stmt) return false;
  switch (stmt.type) {
    case 'return_statement':
    case 'raise_statement':
    case 'break_statement':
    case 'continue_statement':
      return true;
    case 'block':
      return namedChildren(stmt).some(exits);
    case 'if_statement': {
      const branches = ifBranches(stmt);
      return branches.some((b) => b.kind === 'else') && branches.every((b) => exits(b.body));
    }
    default:
      return false;
  }
}

interface Branch {
  kind: 'if' | 'elif' | 'else';
  node: SyntaxNode;
  condition?: SyntaxNode;
  body?: SyntaxNode;
}

function ifBranches(stmt: SyntaxNode): Branch[] {
  const out: Branch[] = [{ kind: 'if', node: stmt, condition: stmt.childForFieldName('condition') ?? undefined, body: stmt.childForFieldName('consequence') ?? undefined }];
  for (const alt of stmt.childrenForFieldName('alternative')) {
    if (!alt) continue;
    if (alt.type === 'elif_clause') out.push({ kind: 'elif', node: alt, condition: alt.childForFieldName('condition') ?? undefined, body: alt.childForFieldName('consequence') ?? undefined });
    else if (alt.type === 'else_clause') out.push({ kind: 'else', node: alt, body: alt.childForFieldName('body') ?? undefined });
  }
  return out;
}

/** The guard of one branch of an if/elif/else chain: the earlier tests false, its own true. */
function branchGuard(r: Evaluator, branches: Branch[], index: number, env: Env): RequestGuard | undefined {
  const guards: Array<RequestGuard | undefined> = [];
  for (let i = 0; i < index; i++) guards.push(conditionGuard(r, branches[i]!.condition, env, false));
  const own = branches[index]!;
  if (own.kind !== 'else') guards.push(conditionGuard(r, own.condition, env, true));
  return allOf(...guards);
}

/** The guard under which code placed after `stmt` in the same block runs; `undefined` when it says nothing. */
function afterGuard(r: Evaluator, stmt: SyntaxNode, env: Env): RequestGuard | undefined {
  if (stmt.type !== 'if_statement') return undefined;
  const branches = ifBranches(stmt);
  const options: Array<RequestGuard | undefined> = [];
  branches.forEach((b, i) => {
    if (!exits(b.body)) options.push(branchGuard(r, branches, i, env));
  });
  if (!branches.some((b) => b.kind === 'else')) options.push(allOf(...branches.map((b) => conditionGuard(r, b.condition, env, false))));
  return options.length === 0 ? NEVER : anyOf(options);
}

/** The string literals a case pattern matches (`"GET"`, `"GET" | "HEAD"`), `[]` for the wildcard `_`, `undefined` for anything else. */
function patternLabels(clause: SyntaxNode): string[] | undefined {
  const patterns = namedChildren(clause).filter((c) => c.type === 'case_pattern');
  const labels: string[] = [];
  for (const p of patterns) {
    if (p.text.trim() === '_') return [];
    const inner = namedChildren(p)[0];
    const strings = inner?.type === 'union_pattern' ? namedChildren(inner) : inner ? [inner] : [];
    for (const s of strings) {
      const text = stringValue(s);
      if (text === undefined) return undefined;
      labels.push(text);
    }
  }
  return labels;
}

/** The guard of one `case` of a `match` on a request fact: its labels, or for `_`, none of the earlier ones. */
function caseGuard(r: Evaluator, clause: SyntaxNode, env: Env): RequestGuard | undefined {
  const match = clause.parent?.parent;
  if (match?.type !== 'match_statement') return undefined;
  const subject = r.eval(match.childForFieldName('subject')!, env);
  const labels = patternLabels(clause);
  if (labels === undefined) return undefined;
  const guardedClause = clause.childForFieldName('guard') !== null;
  if (labels.length > 0) return membership(subject, labels, true);
  if (guardedClause) return undefined;
  const earlier: string[] = [];
  for (const c of namedChildren(clause.parent)) {
    if (c.id === clause.id) break;
    const l = patternLabels(c);
    if (l === undefined) return undefined;
    if (c.childForFieldName('guard') === null) earlier.push(...l);
  }
  return membership(subject, earlier, false);
}

/** The guard under which the code reaches `node` inside the function `fn` (its if/elif/else, `match` and early exits). */
export function pathGuard(r: Evaluator, node: SyntaxNode, fn: SyntaxNode, env: Env): RequestGuard | undefined {
  const guards: Array<RequestGuard | undefined> = [];
  let child = node;
  for (let n = node.parent; n && n.id !== fn.id && !FUNCTION_TYPES.has(n.type); child = n, n = n.parent) {
    if (n.type === 'if_statement' || n.type === 'elif_clause' || n.type === 'else_clause') {
      const stmt = n.type === 'if_statement' ? n : n.parent;
      if (stmt?.type === 'if_statement') {
        const branches = ifBranches(stmt);
        const at = branches.findIndex((b) => (n.type === 'if_statement' ? b.kind === 'if' && b.body?.id === child.id : b.node.id === n.id));
        if (at >= 0 && (n.type !== 'if_statement' || branches[at]!.body?.id === child.id)) guards.push(branchGuard(r, branches, at, env));
      }
    }
    if (n.type === 'case_clause' && n.childForFieldName('consequence')?.id === child.id) guards.push(caseGuard(r, n, env));
    if (n.type === 'conditional_expression') {
      const [a, cond, b] = namedChildren(n);
      if (a?.id === child.id) guards.push(conditionGuard(r, cond, env, true));
      else if (b?.id === child.id) guards.push(conditionGuard(r, cond, env, false));
    }
    if (n.type === 'block' || n.type === 'module') {
      for (const sibling of namedChildren(n)) {
        if (sibling.id === child.id || sibling.startIndex >= child.startIndex) break;
        if (sibling.type === 'if_statement') guards.push(afterGuard(r, sibling, env));
      }
    }
  }
  return allOf(...guards);
}

/** `a if cond else b` as alternatives, each under its branch's guard. */
export function conditionalGuards(r: Evaluator, cond: SyntaxNode, env: Env): [RequestGuard | undefined, RequestGuard | undefined] {
  return [conditionGuard(r, cond, env, true), conditionGuard(r, cond, env, false)];
}
