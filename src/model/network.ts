/**
 * Whether a REST API answers only requests from a network: a PRIVATE endpoint, or a resource policy that allows
 * only some source IP ranges, VPCs or VPC endpoints. A page on any website that a user inside that network opens
 * reaches such an API with the user's network position, which the browser brings by itself.
 */
import { intrinsicName, isMapping, type Node } from '../resolve/types.js';
import type { BuildContext } from './context.js';
import type { Api } from './types.js';

const NETWORK_KEYS = ['aws:sourceip', 'aws:sourcevpc', 'aws:sourcevpce'];
/** Operators that allow only the listed networks (on an Allow) or refuse all others (on a Deny). */
const ALLOW_ONLY = ['ipaddress', 'stringequals', 'stringequalsignorecase', 'stringlike', 'forallvalues:stringequals', 'foranyvalue:stringequals'];
const DENY_OTHERS = ['notipaddress', 'stringnotequals', 'stringnotequalsignorecase', 'stringnotlike'];

/** The network an API is limited to, read from SAM (`EndpointConfiguration`, `Auth.ResourcePolicy`) or a RestApi. */
export function networkOf(ctx: BuildContext, props: Node | undefined, source: 'sam' | 'cfn'): Api['network'] {
  const endpoint = ctx.prop(props, 'EndpointConfiguration');
  if (endpoint) {
    const types = source === 'sam' ? [ctx.str(endpoint) ?? ctx.str(endpoint, 'Type')] : ctx.listValues(ctx.prop(endpoint, 'Types')).map((v) => (v.known ? String(v.value) : undefined));
    if (types.some((t) => t?.toUpperCase() === 'PRIVATE')) return { reason: 'a private network (EndpointConfiguration PRIVATE)', loc: endpoint.loc };
  }
  if (source === 'sam') {
    const policy = ctx.prop(ctx.prop(props, 'Auth'), 'ResourcePolicy');
    for (const key of ['IpRangeWhitelist', 'SourceVpcWhitelist', 'IntrinsicVpcWhitelist', 'IntrinsicVpceWhitelist']) {
      const node = ctx.prop(policy, key);
      if (node) return { reason: `the networks its resource policy allows (${key})`, loc: { ...node.loc, key: true } };
    }
    const custom = ctx.prop(policy, 'CustomStatements');
    if (custom && limitsNetwork(custom.raw)) return { reason: 'the networks its resource policy allows (CustomStatements)', loc: { ...custom.loc, key: true } };
    return undefined;
  }
  const document = ctx.prop(props, 'Policy');
  if (document && limitsNetwork(document.raw)) return { reason: 'the networks its resource policy allows (Policy)', loc: { ...document.loc, key: true } };
  return undefined;
}

/** Whether a policy document (or a list of statements) allows only some networks. */
function limitsNetwork(raw: unknown): boolean {
  if (typeof raw === 'string') {
    try {
      return limitsNetwork(JSON.parse(raw));
    } catch {
      return false;
    }
  }
  const written: unknown[] = Array.isArray(raw) ? raw : isMapping(raw) ? (Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement ?? raw]) : [];
  const statements = written.filter((st): st is Record<string, unknown> => isMapping(st) && !intrinsicName(st));
  // A statement the template computes (an Fn::If) may allow anyone.
  const effect = (st: Record<string, unknown>): string => (typeof st.Effect === 'string' ? st.Effect.toLowerCase() : '');
  const tests = (st: Record<string, unknown>, operators: readonly string[]): boolean =>
    isMapping(st.Condition) &&
    Object.entries(st.Condition).some(([operator, test]) => operators.includes(operator.toLowerCase()) && isMapping(test) && Object.keys(test).some((k) => NETWORK_KEYS.includes(k.toLowerCase())));
  // A Deny of every other network wins over any Allow; otherwise every Allow must name the networks it allows.
  if (statements.some((st) => effect(st) === 'deny' && tests(st, DENY_OTHERS))) return true;
  if (statements.length < written.length) return false;
  const allows = statements.filter((st) => effect(st) === 'allow');
  return allows.length > 0 && allows.every((st) => tests(st, ALLOW_ONLY));
}
