/**
 * The conditions on the request under which JavaScript code reaches a `return` (or a value): the tests of the `if`
 * statements around it (`else` branches negated), the `case` labels of a `switch` on a request fact, and the early
 * exits before it (`if (event.httpMethod !== 'POST') return …;`, a `switch` whose every case returns). Conditions on
 * anything but the request's method, resource and path add nothing: the path stays reachable.
 */
import { namedChildren, type Env, type Evaluator } from '../common.js';
import type { SyntaxNode } from '../grammars.js';
import { allOf, anyOf, listMembers, membership, negate, stringTest, truthGuard } from '../request.js';
import type { AV } from '../values.js';
import type { RequestGuard } from '../../model/request-guard.js';
import { FUNCTION_TYPES, stringValue, unwrap } from './syntax.js';

/** `never`: the code cannot get there; `undefined`: no condition known (always possible). */
const NEVER: RequestGuard = { op: 'or', args: [] };

/** The guard under which a test is `positive` (true) or false; `undefined` when it says nothing about the request. */
export function conditionGuard(r: Evaluator, node: SyntaxNode | null | undefined, env: Env, positive: boolean): RequestGuard | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'unary_expression' && n.childForFieldName('operator')?.text === '!') return conditionGuard(r, n.childForFieldName('argument'), env, !positive);
  if (n.type === 'binary_expression') {
    const op = n.childForFieldName('operator')?.text;
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (op === '&&' || op === '||') {
      const a = conditionGuard(r, left, env, positive);
      const b = conditionGuard(r, right, env, positive);
      return (op === '&&') === positive ? allOf(a, b) : anyOf([a, b]);
    }
    if (op === '===' || op === '==' || op === '!==' || op === '!=') {
      const equal = op.startsWith('=') === positive;
      return equality(r, left, right, env, equal);
    }
    return undefined;
  }
  if (n.type === 'call_expression') {
    const callee = unwrap(n.childForFieldName('function'));
    const arg = namedChildren(n.childForFieldName('arguments'))[0];
    if (callee?.type !== 'member_expression' || !arg) return undefined;
    const method = callee.childForFieldName('property')?.text;
    const object = r.eval(callee.childForFieldName('object')!, env);
    const argValue = r.eval(arg, env);
    if (method === 'includes' || method === 'has' || method === 'indexOf') {
      if (method === 'indexOf') return undefined;
      const members = listMembers(object);
      if (members) return membership(argValue, members, positive);
      if (method === 'includes' && argValue.k === 'str') return stringTest(object, 'contains', argValue.value, positive);
      return undefined;
    }
    if ((method === 'startsWith' || method === 'endsWith') && argValue.k === 'str') return stringTest(object, method === 'startsWith' ? 'starts' : 'ends', argValue.value, positive);
    return undefined;
  }
  return truthGuard(r.eval(n, env), positive);
}

function equality(r: Evaluator, left: SyntaxNode | null, right: SyntaxNode | null, env: Env, equal: boolean): RequestGuard | undefined {
  if (!left || !right) return undefined;
  const l = r.eval(left, env);
  const rv = r.eval(right, env);
  const [subject, other] = l.k === 'fact' ? [l, rv] : [rv, l];
  if (subject.k === 'fact' && other.k === 'str') return membership(subject, [other.value], equal);
  // `handler === undefined`, `x == null`: the value's falsy alternatives
  if (other.k === 'none') return truthGuard(subject, !equal);
  if (subject.k === 'none') return truthGuard(other, !equal);
  return undefined;
}

/** Whether control never goes past a statement (it returns, throws, breaks or continues on every path). */
export function exits(stmt: SyntaxNode | null | undefined): boolean {
  if (!stmt) return false;
  switch (stmt.type) {
    case 'return_statement':
    case 'throw_statement':
    case 'break_statement':
    case 'continue_statement':
      return true;
    case 'statement_block':
      return namedChildren(stmt).some(exits);
    case 'else_clause':
      return exits(namedChildren(stmt)[0]);
    case 'if_statement': {
      const alt = stmt.childForFieldName('alternative');
      return !!alt && exits(stmt.childForFieldName('consequence')) && exits(alt);
    }
    default:
      return false;
  }
}

function caseBody(c: SyntaxNode): SyntaxNode[] {
  return c.childrenForFieldName('body').filter((x): x is SyntaxNode => x !== null && x.type !== 'comment');
}

/** Whether a case's statements end the switch (a break, a return or a throw). */
function caseExits(c: SyntaxNode): boolean {
  return caseBody(c).some(exits);
}

/** The guard under which code placed after `stmt` in the same block runs; `undefined` when it says nothing. */
function afterGuard(r: Evaluator, stmt: SyntaxNode, env: Env): RequestGuard | undefined {
  if (stmt.type === 'if_statement') {
    const consequence = stmt.childForFieldName('consequence');
    const alternative = stmt.childForFieldName('alternative');
    const cond = stmt.childForFieldName('condition');
    const throughConsequence = exits(consequence) ? NEVER : conditionGuard(r, cond, env, true);
    let throughAlternative: RequestGuard | undefined;
    if (!alternative) throughAlternative = conditionGuard(r, cond, env, false);
    else {
      const inner = namedChildren(alternative)[0];
      const not = conditionGuard(r, cond, env, false);
      if (inner?.type === 'if_statement') throughAlternative = allOf(not, afterGuard(r, inner, env));
      else throughAlternative = exits(inner) ? NEVER : not;
    }
    if (throughConsequence === NEVER && throughAlternative === NEVER) return NEVER;
    const options = [throughConsequence, throughAlternative].filter((g) => g !== NEVER);
    return anyOf(options);
  }
  if (stmt.type === 'switch_statement') {
    // every case returns or throws, and there is no default: only the requests no case takes get past
    const cases = namedChildren(stmt.childForFieldName('body'));
    if (cases.some((c) => c.type === 'switch_default')) return undefined;
    if (!cases.every((c) => caseBody(c).length === 0 || caseBody(c).some((s) => s.type === 'return_statement' || s.type === 'throw_statement'))) return undefined;
    const labels = caseLabels(cases);
    return labels ? membership(r.eval(stmt.childForFieldName('value')!, env), labels, false) : undefined;
  }
  return undefined;
}

function caseLabels(cases: SyntaxNode[]): string[] | undefined {
  const labels: string[] = [];
  for (const c of cases) {
    if (c.type !== 'switch_case') continue;
    const value = c.childForFieldName('value');
    const text = value ? stringValue(value) : undefined;
    if (text === undefined) return undefined;
    labels.push(text);
  }
  return labels;
}

/** The guard for code inside one case of a switch: its own label and those of the cases that fall into it. */
function caseGuard(r: Evaluator, c: SyntaxNode, env: Env): RequestGuard | undefined {
  const body = c.parent;
  const sw = body?.parent;
  if (!body || sw?.type !== 'switch_statement') return undefined;
  const subject = r.eval(sw.childForFieldName('value')!, env);
  const cases = namedChildren(body);
  const at = cases.findIndex((x) => x.id === c.id);
  if (c.type === 'switch_default') {
    if (at > 0 && !caseExits(cases[at - 1]!)) return undefined;
    const labels = caseLabels(cases);
    return labels ? membership(subject, labels, false) : undefined;
  }
  const own = [c];
  for (let i = at - 1; i >= 0 && !caseExits(cases[i]!); i--) {
    if (cases[i]!.type === 'switch_default') return undefined;
    own.push(cases[i]!);
  }
  const labels = caseLabels(own);
  return labels ? membership(subject, labels, true) : undefined;
}

/** The guard under which the code reaches `node` inside the function `fn` (its `if`s, `switch`es and early exits). */
export function pathGuard(r: Evaluator, node: SyntaxNode, fn: SyntaxNode, env: Env): RequestGuard | undefined {
  const guards: Array<RequestGuard | undefined> = [];
  let child = node;
  for (let n = node.parent; n && n.id !== fn.id && !FUNCTION_TYPES.has(n.type); child = n, n = n.parent) {
    switch (n.type) {
      case 'if_statement': {
        const cond = n.childForFieldName('condition');
        if (n.childForFieldName('consequence')?.id === child.id) guards.push(conditionGuard(r, cond, env, true));
        else if (n.childForFieldName('alternative')?.id === child.id) guards.push(conditionGuard(r, cond, env, false));
        break;
      }
      case 'ternary_expression': {
        const cond = n.childForFieldName('condition');
        if (n.childForFieldName('consequence')?.id === child.id) guards.push(conditionGuard(r, cond, env, true));
        else if (n.childForFieldName('alternative')?.id === child.id) guards.push(conditionGuard(r, cond, env, false));
        break;
      }
      case 'switch_case':
      case 'switch_default':
        if (n.childForFieldName('value')?.id !== child.id) guards.push(caseGuard(r, n, env));
        break;
      default:
        break;
    }
    if (n.type === 'statement_block' || n.type === 'program' || n.type === 'switch_case' || n.type === 'switch_default') {
      for (const sibling of namedChildren(n)) {
        if (sibling.id === child.id || sibling.startIndex >= child.startIndex) break;
        if (sibling.type === 'if_statement' || sibling.type === 'switch_statement') guards.push(afterGuard(r, sibling, env));
      }
    }
  }
  return allOf(...guards);
}

/** `cond ? a : b` as alternatives, each under its branch's guard. */
export function ternaryGuards(r: Evaluator, n: SyntaxNode, env: Env): [RequestGuard | undefined, RequestGuard | undefined] {
  const cond = n.childForFieldName('condition');
  return [conditionGuard(r, cond, env, true), conditionGuard(r, cond, env, false)];
}

export type { AV };
export { negate };
