/**
 * What a Lambda function's code can reach besides its own folder, as the template says: the layers it uses
 * (`Layers`) and its environment variables (`Environment.Variables`). SAM functions have their `Globals` merged
 * in before this is read (lists concatenated, Globals first; mappings merged key by key).
 */
import { intrinsicName, isMapping, type Node } from '../resolve/types.js';
import type { BuildContext } from './context.js';
import type { ResourceEntry } from './resources.js';
import type { FunctionEnvironment, FunctionLayer, Val } from './types.js';

/** The function's environment variables (`Environment.Variables` of its properties); `undefined` when it has none. */
export function readEnvironment(ctx: BuildContext, props: Node | undefined): FunctionEnvironment | undefined {
  const env = ctx.prop(props, 'Environment');
  if (!env) return undefined;
  if (!isMapping(env.raw) || intrinsicName(env.raw)) return { variables: {}, unknown: `Environment is built by ${intrinsicName(env.raw) ?? 'a value that is not a mapping'}` };
  const vars = ctx.prop(env, 'Variables');
  if (!vars) return { variables: {} };
  if (!isMapping(vars.raw) || intrinsicName(vars.raw)) return { variables: {}, unknown: `Environment.Variables is built by ${intrinsicName(vars.raw) ?? 'a value that is not a mapping'}` };
  const variables: Record<string, Val[]> = {};
  for (const [name, child] of ctx.resolver.entries(vars)) variables[name] = ctx.values(child);
  return { variables };
}

/** The layers of a function (`Layers`), each a local folder of this template or a reason it is not; `undefined` when it has none. */
export function readLayers(ctx: BuildContext, props: Node | undefined, byId: ReadonlyMap<string, ResourceEntry>): FunctionLayer[] | undefined {
  const node = ctx.prop(props, 'Layers');
  if (!node) return undefined;
  if (!Array.isArray(node.raw)) return [{ kind: 'elsewhere', reason: 'Layers is built by an intrinsic function', loc: node.loc }];
  const out: FunctionLayer[] = [];
  node.raw.forEach((_, i) => {
    const item = ctx.resolver.child(node, i);
    if (item) out.push(layerOf(ctx, item, byId));
  });
  return out;
}

function layerOf(ctx: BuildContext, item: Node, byId: ReadonlyMap<string, ResourceEntry>): FunctionLayer {
  const loc = item.loc;
  const raw = item.raw;
  const ref = isMapping(raw) && intrinsicName(raw) === 'Ref' ? (raw as Record<string, unknown>).Ref : undefined;
  const id = typeof ref === 'string' ? ref : undefined;
  const entry = id ? byId.get(id) : undefined;
  if (id && entry?.type === 'AWS::Serverless::LayerVersion') {
    const uri = ctx.str(entry.props, 'ContentUri');
    const dir = uri !== undefined ? ctx.localPath(uri) : undefined;
    if (!dir) return { kind: 'elsewhere', reason: `layer '${id}' has its ContentUri in S3${uri === undefined ? ' or built by an intrinsic function' : ` ('${uri}')`}`, loc };
    const buildMethod = ctx.str(ctx.prop(entry.node, 'Metadata'), 'BuildMethod');
    return { kind: 'local', id, dir, ...(buildMethod ? { buildMethod } : {}), loc };
  }
  if (id && entry?.type === 'AWS::Lambda::LayerVersion') {
    const content = ctx.str(entry.props, 'Content');
    const dir = content !== undefined ? ctx.localPath(content) : undefined;
    return dir ? { kind: 'local', id, dir, loc } : { kind: 'elsewhere', reason: `layer '${id}' has its content in S3`, loc };
  }
  if (id) return { kind: 'elsewhere', reason: entry ? `'${id}' is a ${entry.type}, not a layer of this template` : `the layer is given by parameter '${id}'`, loc };
  const fn = isMapping(raw) ? intrinsicName(raw) : undefined;
  if (fn === 'Fn::ImportValue') {
    const name = typeof raw === 'object' && raw && typeof (raw as Record<string, unknown>)['Fn::ImportValue'] === 'string' ? ` '${(raw as Record<string, string>)['Fn::ImportValue']}'` : '';
    return { kind: 'elsewhere', reason: `the layer is imported from another stack (Fn::ImportValue${name})`, loc };
  }
  const values = ctx.values(item);
  const text = values.length === 1 && values[0]!.known && typeof values[0]!.value === 'string' ? values[0]!.value : typeof raw === 'string' ? raw : undefined;
  if (text !== undefined && /\{\{resolve:ssm/.test(text)) return { kind: 'elsewhere', reason: `the layer's ARN is read from Parameter Store (${text})`, loc };
  if (text !== undefined) return { kind: 'elsewhere', reason: `layer '${text}' is not defined in this template`, loc };
  const why = values.find((v) => !v.known);
  return { kind: 'elsewhere', reason: `the layer is not one of this template (${why && !why.known ? why.reason : `built by ${fn ?? 'a value'}`})`, loc };
}
