import type { Cond, Loc, Path, Via } from '../types.js';
import { intrinsicName, isMapping, isScalar, type Node, type Scalar, type Val } from './types.js';

export interface ResolveOptions {
  /** Parameter values given by the user (command line, parameters file, samconfig); they override defaults. */
  parameters?: Readonly<Record<string, string>>;
}

/** Where a merged mapping's children come from, when they do not sit under the mapping's own path. */
interface ChildOrigin {
  loc: Loc;
  via: Via[];
}

/**
 * Reads a template's raw (long-form) tree as far as the template lets it be known. Structural intrinsics
 * (`Fn::If`, `AWS::NoValue`) become alternatives tagged with their conditions; values are evaluated by
 * `values()`. Nothing here throws on odd input: what cannot be known is reported as unknown.
 */
export class Resolver {
  readonly file: string;
  readonly template: Record<string, unknown>;
  readonly parameters: Readonly<Record<string, string>>;
  private readonly childOrigins = new WeakMap<object, Map<string | number, ChildOrigin>>();

  constructor(file: string, template: unknown, options: ResolveOptions = {}) {
    this.file = file;
    this.template = isMapping(template) ? template : {};
    this.parameters = options.parameters ?? {};
  }

  root(): Node {
    return { raw: this.template, loc: { file: this.file, path: [] }, via: [], when: [] };
  }

  /** A node for a path under the template root, without following intrinsics. */
  at(path: Path): Node | undefined {
    let node: Node | undefined = this.root();
    for (const key of path) {
      if (!node) return undefined;
      node = this.child(node, key);
    }
    return node;
  }

  /** The child of a concrete mapping or list node; `undefined` when absent. */
  child(node: Node, key: string | number): Node | undefined {
    const raw = node.raw;
    let value: unknown;
    if (Array.isArray(raw) && typeof key === 'number') value = raw[key];
    else if (isMapping(raw) && Object.prototype.hasOwnProperty.call(raw, key)) value = raw[String(key)];
    else return undefined;
    if (value === undefined) return undefined;
    const origin = isMapping(raw) || Array.isArray(raw) ? this.childOrigins.get(raw)?.get(key) : undefined;
    if (origin) return { raw: value, loc: origin.loc, via: origin.via, when: node.when };
    return { raw: value, loc: { file: node.loc.file, path: [...node.loc.path, key] }, via: node.via, when: node.when };
  }

  /** Records that a (merged) container's child `key` is written elsewhere. */
  setChildOrigin(container: object, key: string | number, origin: ChildOrigin): void {
    let map = this.childOrigins.get(container);
    if (!map) {
      map = new Map();
      this.childOrigins.set(container, map);
    }
    map.set(key, origin);
  }

  /**
   * The structural alternatives of a node: the branches of `Fn::If` (each tagged with its condition, or only
   * the branch taken when the condition can be decided), nothing for `Ref: AWS::NoValue`, else the node itself.
   */
  alts(node: Node, depth = 0): Node[] {
    if (depth > 32) return [node];
    const fn = intrinsicName(node.raw);
    if (fn === 'Ref' && (node.raw as Record<string, unknown>).Ref === 'AWS::NoValue') return [];
    if (fn !== 'Fn::If') return [node];
    const args = (node.raw as Record<string, unknown>)['Fn::If'];
    if (!Array.isArray(args) || args.length !== 3 || typeof args[0] !== 'string') return [node];
    const name = args[0];
    const ifNode = this.child(node, 'Fn::If')!;
    const decided = this.condition(name);
    const out: Node[] = [];
    for (const branch of [true, false]) {
      if (decided !== undefined && decided !== branch) continue;
      const child = this.child(ifNode, branch ? 1 : 2)!;
      const when: Cond[] = decided === undefined ? [...node.when, { name, value: branch }] : node.when;
      if (contradicts(when)) continue;
      const via: Via[] = [...node.via, { loc: ifNode.loc, note: `!If ${name} (${branch ? 'true' : 'false'} branch)` }];
      out.push(...this.alts({ ...child, via, when }, depth + 1));
    }
    return out;
  }

  /** The entries of a mapping node (after `alts`), skipping `AWS::NoValue` values. */
  entries(node: Node): Array<[string, Node]> {
    if (!isMapping(node.raw) || intrinsicName(node.raw)) return [];
    const out: Array<[string, Node]> = [];
    for (const key of Object.keys(node.raw)) {
      const child = this.child(node, key);
      if (child && !isNoValue(child.raw)) out.push([key, child]);
    }
    return out;
  }

  /**
   * The items of a list node: every alternative of the list, every item of each (items that are `Fn::If`
   * become their branches; `AWS::NoValue` items disappear). A list written as an intrinsic that cannot be
   * expanded yields that one node, whose `values()` are unknown.
   */
  items(node: Node): Node[] {
    const out: Node[] = [];
    for (const alt of this.alts(node)) {
      if (Array.isArray(alt.raw)) {
        alt.raw.forEach((_, i) => out.push(...this.alts(this.child(alt, i)!)));
      } else {
        const expanded = this.expandList(alt);
        if (expanded) out.push(...expanded);
        else out.push(alt);
      }
    }
    return out;
  }

  /** Every value a node may take: one per alternative; intrinsics are evaluated as far as possible. */
  values(node: Node): Val<Scalar>[] {
    const out: Val<Scalar>[] = [];
    for (const alt of this.alts(node)) {
      if (isScalar(alt.raw)) {
        out.push({ known: true, value: alt.raw, loc: alt.loc, via: alt.via, when: alt.when });
      } else if (intrinsicName(alt.raw)) {
        out.push(...this.evaluate(alt));
      } else {
        out.push({
          known: false,
          reason: Array.isArray(alt.raw) ? 'a list where a single value is expected' : 'a mapping where a single value is expected',
          loc: alt.loc,
          via: alt.via,
          when: alt.when,
        });
      }
    }
    return out;
  }

  /** The first value of a node when it is known and unconditional, else `undefined`. */
  literal(node: Node | undefined): Scalar | undefined {
    if (!node) return undefined;
    const vals = this.values(node);
    if (vals.length !== 1) return undefined;
    const v = vals[0]!;
    return v.known && v.when.length === 0 ? v.value : undefined;
  }

  /** Evaluates an intrinsic function call. */
  protected evaluate(node: Node): Val<Scalar>[] {
    const fn = intrinsicName(node.raw) ?? 'an intrinsic';
    return [{ known: false, reason: `${fn} is not evaluated`, loc: node.loc, via: node.via, when: node.when }];
  }

  /** Expands a list-valued intrinsic (`Fn::Split`, a list parameter, …) into item nodes, when possible. */
  protected expandList(_node: Node): Node[] | undefined {
    return undefined;
  }

  /** Decides a named condition; `undefined` when it depends on what is not known. */
  condition(_name: string): boolean | undefined {
    return undefined;
  }
}

export function isNoValue(raw: unknown): boolean {
  return isMapping(raw) && intrinsicName(raw) === 'Ref' && raw.Ref === 'AWS::NoValue';
}

/** True when a list of condition assumptions says both `X is true` and `X is false`. */
export function contradicts(when: readonly Cond[]): boolean {
  const seen = new Map<string, boolean>();
  for (const c of when) {
    const prev = seen.get(c.name);
    if (prev !== undefined && prev !== c.value) return true;
    seen.set(c.name, c.value);
  }
  return false;
}

/** True when two sets of assumptions can hold together. */
export function compatible(a: readonly Cond[], b: readonly Cond[]): boolean {
  return !contradicts([...a, ...b]);
}
