import type { Cond, Loc, Path, Via } from '../types.js';
import { combine, dedupe, isUnder, MAX_ALTERNATIVES, mergeVia, mergeWhen, product, truncate, unknownAt, type Part } from './combine.js';
import { intrinsicName, isMapping, isScalar, type Node, type Scalar, type UnknownVal, type Val } from './types.js';

export { compatible } from './combine.js';

export interface ResolveOptions {
  /** Parameter values given by the user (command line, parameters file, samconfig); they override defaults. */
  parameters?: Readonly<Record<string, string>>;
  /**
   * Where each given parameter value comes from, for messages: `--parameter-overrides`,
   * `--parameters params.json`, `samconfig.toml [default.deploy]`. Keys are parameter names.
   */
  parameterSources?: Readonly<Record<string, string>>;
}

/** Where a merged mapping's children come from, when they do not sit under the mapping's own path. */
interface ChildOrigin {
  loc: Loc;
  via: Via[];
}

/** One structural alternative of a node; `node` is absent where the alternative is `AWS::NoValue`. */
export interface Branch {
  node?: Node;
  when: Cond[];
  via: Via[];
}

/** One alternative of a list-valued node: its items, or why they cannot be known. */
export interface ListAlternative {
  items?: Node[];
  reason?: string;
  loc: Loc;
  when: Cond[];
  via: Via[];
}

/** How deep intrinsics may nest (and conditions refer to each other) before evaluation gives up. */
export const MAX_DEPTH = 48;

const LIST_PARAMETER = /^(CommaDelimitedList|List<.*>)$/;
const PSEUDO_AT_DEPLOYMENT = new Set(['AWS::Region', 'AWS::AccountId', 'AWS::StackName', 'AWS::StackId', 'AWS::NotificationARNs']);

/** `!Ref`, `!Sub`, … for messages. */
export function shortName(fn: string): string {
  return fn === 'Ref' || fn === 'Condition' ? `!${fn}` : `!${fn.replace(/^Fn::/, '')}`;
}

/** The AWS partition of a region: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`, else `aws`. */
export function partitionOf(region: string | undefined): string {
  if (region?.startsWith('cn-')) return 'aws-cn';
  if (region?.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Values, or a list item that is absent (`AWS::NoValue`) under some conditions. */
type Slot = { val: Val<Scalar> } | { absent: true; when: Cond[] };

/**
 * Reads a template's raw (long-form) tree as far as the template lets it be known. Structural intrinsics
 * (`Fn::If`, `AWS::NoValue`) become alternatives tagged with their conditions; values are evaluated by
 * `values()`: parameters (given values, defaults, `AllowedValues`), pseudo parameters, `Fn::Sub`, `Fn::Join`,
 * `Fn::Select`, `Fn::Split`, `Fn::FindInMap` and conditions. Nothing here throws on odd input: what cannot be
 * known is reported as unknown, with the reason.
 *
 * Conditions are decided as they would be for every deployment the template allows: a condition that depends
 * on a parameter is decided only when the parameter's value is given (overrides, parameters file, samconfig)
 * or every one of its `AllowedValues` gives the same answer. A parameter's default does not decide a condition
 * (deployments commonly override it per environment), so both branches are kept, each tagged; a value, on the
 * other hand, is read from the default and located there.
 */
export class Resolver {
  readonly file: string;
  readonly template: Record<string, unknown>;
  readonly parameters: Readonly<Record<string, string>>;
  readonly parameterSources: Readonly<Record<string, string>>;
  private readonly childOrigins = new WeakMap<object, Map<string | number, ChildOrigin>>();
  private depth = 0;
  /** Above zero while a condition is evaluated: parameter defaults then do not count as values. */
  private conditionMode = 0;
  private readonly conditionCache = new Map<string, boolean | undefined>();
  private readonly conditionStack = new Set<string>();

  constructor(file: string, template: unknown, options: ResolveOptions = {}) {
    this.file = file;
    this.template = isMapping(template) ? template : {};
    this.parameters = options.parameters ?? {};
    this.parameterSources = options.parameterSources ?? {};
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
    // most nodes are neither an `Fn::If` nor `AWS::NoValue`: the node itself, without building its branches
    const fn = intrinsicName(node.raw);
    if (fn !== 'Fn::If' && fn !== 'Ref') return [node];
    return this.branches(node, depth).flatMap((b) => (b.node ? [b.node] : []));
  }

  /** Like `alts`, but keeps the alternatives that are `AWS::NoValue` (as branches without a node). */
  branches(node: Node, depth = 0): Branch[] {
    if (depth > MAX_DEPTH) return [{ node, when: node.when, via: node.via }];
    const fn = intrinsicName(node.raw);
    if (fn === 'Ref' && (node.raw as Record<string, unknown>).Ref === 'AWS::NoValue') return [{ when: node.when, via: node.via }];
    if (fn !== 'Fn::If') return [{ node, when: node.when, via: node.via }];
    const args = (node.raw as Record<string, unknown>)['Fn::If'];
    if (!Array.isArray(args) || args.length !== 3 || typeof args[0] !== 'string') return [{ node, when: node.when, via: node.via }];
    const name = args[0];
    const ifNode = this.child(node, 'Fn::If')!;
    const decided = this.condition(name, node.when);
    const out: Branch[] = [];
    for (const branch of [true, false]) {
      if (decided !== undefined && decided !== branch) continue;
      const child = this.child(ifNode, branch ? 1 : 2);
      if (!child) continue;
      const when = decided === undefined ? mergeWhen(node.when, [{ name, value: branch }]) : node.when;
      if (!when) continue;
      const via: Via[] = [...node.via, { loc: node.loc, note: `!If ${name} (${branch ? 'true' : 'false'} branch)` }];
      out.push(...this.branches({ ...child, via, when }, depth + 1));
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
   * expanded yields that one node, whose `values()` are unknown. A single value where a list is expected is
   * one item.
   */
  items(node: Node): Node[] {
    const out: Node[] = [];
    for (const alt of this.alts(node)) {
      if (Array.isArray(alt.raw)) {
        alt.raw.forEach((_, i) => {
          const child = this.child(alt, i);
          if (child) out.push(...this.alts(child));
        });
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
        out.push(
          this.unknown(alt, Array.isArray(alt.raw) ? 'a list where a single value is expected' : 'a mapping where a single value is expected'),
        );
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

  /**
   * The alternatives of a list-valued node: a written list, `Fn::Split`, a `Ref` to a list parameter, a
   * `Fn::FindInMap` that gives a list. Items are not expanded further (an item may still be an `Fn::If`).
   */
  listAlternatives(node: Node, depth = 0): ListAlternative[] {
    const out: ListAlternative[] = [];
    for (const alt of this.alts(node)) {
      const base = { loc: alt.loc, when: alt.when, via: alt.via };
      if (Array.isArray(alt.raw)) {
        const items: Node[] = [];
        alt.raw.forEach((_, i) => {
          const child = this.child(alt, i);
          if (child) items.push(child);
        });
        out.push({ ...base, items });
        continue;
      }
      const fn = intrinsicName(alt.raw);
      if (!fn) {
        out.push({ ...base, reason: 'a single value where a list is expected' });
        continue;
      }
      if (depth > MAX_DEPTH || this.depth >= MAX_DEPTH) {
        out.push({ ...base, reason: 'too deeply nested to evaluate' });
        continue;
      }
      this.depth++;
      try {
        out.push(...this.listCall(alt, fn, depth));
      } finally {
        this.depth--;
      }
    }
    return out;
  }

  private listCall(node: Node, fn: string, depth: number): ListAlternative[] {
    const base = { loc: node.loc, when: node.when, via: node.via };
    const argNode = this.child(node, fn);
    const arg = (node.raw as Record<string, unknown>)[fn];
    if (fn === 'Fn::Split') {
      if (!argNode || !Array.isArray(arg) || arg.length !== 2) return [{ ...base, reason: 'a malformed !Split' }];
      const delimiter = this.literal(this.child(argNode, 0));
      if (typeof delimiter !== 'string' || delimiter === '') return [{ ...base, reason: 'a !Split whose delimiter is not known' }];
      return this.values(this.child(argNode, 1)!).map((val): ListAlternative => {
        if (!val.known) return { ...base, when: val.when, reason: val.reason };
        const pieces = String(val.value ?? '').split(delimiter);
        return { ...base, when: val.when, items: pieces.map((raw) => ({ raw, loc: val.loc, via: val.via, when: val.when })) };
      });
    }
    if (fn === 'Ref' && typeof arg === 'string') return this.listParameter(node, arg);
    if (fn === 'Fn::FindInMap') {
      return this.findInMap(node).flatMap((found): ListAlternative[] =>
        'reason' in found ? [{ ...base, when: found.when, reason: found.reason }] : this.listAlternatives(found.node, depth + 1),
      );
    }
    if (fn === 'Fn::GetAZs') return [{ ...base, reason: '!GetAZs is only known at deployment' }];
    if (fn === 'Fn::GetAtt') return [{ ...base, reason: `${describeGetAtt(arg)} is only known after deployment` }];
    if (fn === 'Fn::ImportValue') return [{ ...base, reason: '!ImportValue comes from another stack' }];
    return [{ ...base, reason: `${shortName(fn)} is not evaluated as a list` }];
  }

  /** The list a `Ref` to a `CommaDelimitedList` / `List<…>` parameter gives. */
  private listParameter(node: Node, name: string): ListAlternative[] {
    const base = { loc: node.loc, when: node.when, via: node.via };
    const declNode = this.at(['Parameters', name]);
    if (!declNode || !isMapping(declNode.raw)) {
      if (this.isResource(name)) return [{ ...base, reason: `!Ref ${name} is only known after deployment` }];
      return [{ ...base, reason: `!Ref ${name} names nothing in this template` }];
    }
    const type = typeof declNode.raw.Type === 'string' ? declNode.raw.Type : 'String';
    if (!LIST_PARAMETER.test(type)) return [{ ...base, reason: `parameter ${name} is not a list` }];
    const given = this.parameters[name];
    if (given !== undefined) {
      const via = [...node.via, this.givenNote(name, given, declNode)];
      return [{ ...base, items: given.split(',').map((raw) => ({ raw: raw.trim(), loc: node.loc, via, when: node.when })) }];
    }
    if (this.conditionMode > 0) return [{ ...base, reason: `parameter ${name} may be set at deployment` }];
    const def = this.child(declNode, 'Default');
    const via = [...node.via, { loc: node.loc, note: `!Ref ${name}` }];
    if (def && typeof def.raw === 'string') {
      return [{ ...base, items: def.raw.split(',').map((raw) => ({ raw: raw.trim(), loc: def.loc, via, when: node.when })) }];
    }
    if (def && Array.isArray(def.raw)) {
      const items: Node[] = [];
      def.raw.forEach((_, i) => {
        const child = this.child(def, i);
        if (child) items.push({ ...child, via, when: node.when });
      });
      return [{ ...base, items }];
    }
    return [{ ...base, reason: `parameter ${name} has no default; give its value with --parameter-overrides` }];
  }

  /** Evaluates an intrinsic function call. */
  protected evaluate(node: Node): Val<Scalar>[] {
    if (this.depth >= MAX_DEPTH) return [this.unknown(node, 'too deeply nested to evaluate')];
    this.depth++;
    try {
      return this.evaluateCall(node);
    } finally {
      this.depth--;
    }
  }

  private evaluateCall(node: Node): Val<Scalar>[] {
    const fn = intrinsicName(node.raw)!;
    const arg = (node.raw as Record<string, unknown>)[fn];
    switch (fn) {
      case 'Ref':
        if (typeof arg !== 'string') return [this.unknown(node, 'a !Ref that does not name anything')];
        return this.ref(node, arg, `!Ref ${arg}`);
      case 'Fn::Sub':
        return this.sub(node);
      case 'Fn::Join':
        return this.join(node);
      case 'Fn::Select':
        return this.select(node);
      case 'Fn::FindInMap':
        return this.findInMap(node).flatMap((found): Val<Scalar>[] => {
          if ('reason' in found) return [{ known: false, reason: found.reason, loc: node.loc, via: node.via, when: found.when }];
          if (Array.isArray(found.node.raw)) return [this.unknown(found.node, 'a list where a single value is expected')];
          return this.values(found.node);
        });
      case 'Fn::Split': {
        const reason = this.listAlternatives(node).find((a) => a.reason)?.reason;
        return [this.unknown(node, reason ?? 'a list where a single value is expected')];
      }
      case 'Fn::GetAtt':
        return [this.unknown(node, `${describeGetAtt(arg)} is only known after deployment`)];
      case 'Fn::ImportValue':
        return [this.unknown(node, '!ImportValue comes from another stack')];
      case 'Fn::GetAZs':
        return [this.unknown(node, '!GetAZs is only known at deployment')];
      case 'Fn::If':
        return [this.unknown(node, 'a malformed !If')];
      case 'Condition':
        return [this.unknown(node, 'a condition where a value is expected')];
      default:
        return [this.unknown(node, `${shortName(fn)} is not evaluated`)];
    }
  }

  /** The values of `Ref name` (also `${name}` in a `!Sub`); `note` names the reference in related locations. */
  private ref(node: Node, name: string, note: string): Val<Scalar>[] {
    if (name.startsWith('AWS::')) return this.pseudo(node, name);
    const declNode = this.at(['Parameters', name]);
    if (declNode && isMapping(declNode.raw)) return this.parameter(node, name, declNode, note);
    if (this.isResource(name)) return [this.unknown(node, `!Ref ${name} is only known after deployment`)];
    return [this.unknown(node, `!Ref ${name} names nothing in this template`)];
  }

  private parameter(node: Node, name: string, declNode: Node, note: string): Val<Scalar>[] {
    const decl = declNode.raw as Record<string, unknown>;
    const type = typeof decl.Type === 'string' ? decl.Type : 'String';
    if (type.startsWith('AWS::SSM::Parameter::Value')) {
      return [this.unknown(node, `parameter ${name} is read from the SSM Parameter Store at deployment`)];
    }
    if (LIST_PARAMETER.test(type)) return [this.unknown(node, `parameter ${name} is a list where a single value is expected`)];
    const given = this.parameters[name];
    if (given !== undefined) {
      return [{ known: true, value: given, loc: node.loc, via: [...node.via, this.givenNote(name, given, declNode)], when: node.when }];
    }
    const allowed = this.child(declNode, 'AllowedValues');
    const fromAllowed = (): Val<Scalar>[] => {
      if (!allowed || !Array.isArray(allowed.raw) || allowed.raw.length === 0) return [];
      const out: Val<Scalar>[] = [];
      allowed.raw.forEach((raw, i) => {
        if (!isScalar(raw)) return;
        const item = this.child(allowed, i)!;
        out.push({ known: true, value: raw, loc: item.loc, via: [...node.via, { loc: node.loc, note: `${note} (one of its AllowedValues)` }], when: node.when });
      });
      return out;
    };
    if (this.conditionMode > 0) {
      const vals = fromAllowed();
      return vals.length > 0 ? vals : [this.unknown(node, `parameter ${name} may be set at deployment`)];
    }
    const def = this.child(declNode, 'Default');
    // A value no one gives is any of its AllowedValues, each one a deployment of its own (named like a condition:
    // "when Stage is prod"); the one the default picks is located at the default.
    const choices = fromAllowed();
    if (choices.length > 1) {
      const tag = (v: Val<Scalar>): Val<Scalar> => ({ ...v, when: [...v.when, { name, value: String(v.known ? v.value : '') }] });
      return choices.map((v) => tag(def && v.known && def.raw === v.value ? { ...v, loc: def.loc, via: [...node.via, { loc: node.loc, note }] } : v));
    }
    if (def && isScalar(def.raw) && def.raw !== null) {
      return [{ known: true, value: def.raw, loc: def.loc, via: [...node.via, { loc: node.loc, note }], when: node.when }];
    }
    if (def) return [this.unknown(node, `the default of parameter ${name} is not a single value`)];
    const vals = choices;
    return vals.length > 0 ? vals : [this.unknown(node, `parameter ${name} has no default; give its value with --parameter-overrides`)];
  }

  /** The related location of a value the user gave: the parameter's declaration (or the use, for a pseudo parameter). */
  private givenNote(name: string, value: string, declNode: Node | undefined, at?: Loc): Via {
    const source = this.parameterSources[name] ?? 'the given parameters';
    const loc = declNode ? { ...declNode.loc, key: true } : at!;
    return { loc, note: `${name} is '${truncate(value)}' from ${source}` };
  }

  private pseudo(node: Node, name: string): Val<Scalar>[] {
    const given = this.parameters[name];
    if (given !== undefined) {
      return [{ known: true, value: given, loc: node.loc, via: [...node.via, this.givenNote(name, given, undefined, node.loc)], when: node.when }];
    }
    const region = this.parameters['AWS::Region'];
    if (name === 'AWS::Partition') return [{ known: true, value: partitionOf(region), loc: node.loc, via: node.via, when: node.when }];
    if (name === 'AWS::URLSuffix') {
      const value = partitionOf(region) === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
      return [{ known: true, value, loc: node.loc, via: node.via, when: node.when }];
    }
    if (name === 'AWS::NoValue') return [];
    if (PSEUDO_AT_DEPLOYMENT.has(name)) return [this.unknown(node, `${name} is only known at deployment`)];
    return [this.unknown(node, `${name} is not a pseudo parameter this tool knows`)];
  }

  private sub(node: Node): Val<Scalar>[] {
    const argNode = this.child(node, 'Fn::Sub');
    let textNode: Node | undefined;
    let varsNode: Node | undefined;
    if (argNode && typeof argNode.raw === 'string') textNode = argNode;
    else if (argNode && Array.isArray(argNode.raw) && typeof argNode.raw[0] === 'string') {
      textNode = this.child(argNode, 0);
      varsNode = this.child(argNode, 1);
    }
    if (!textNode) return [this.unknown(node, 'a !Sub whose text is not a string')];
    const text = textNode.raw as string;
    const note = `!Sub ${JSON.stringify(truncate(text))}`;
    const parts: Part[] = [];
    const pattern = /\$\{([^}]*)\}/g;
    let last = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      if (m.index > last) parts.push({ text: text.slice(last, m.index) });
      last = m.index + m[0].length;
      const inner = m[1]!;
      if (inner.startsWith('!')) {
        parts.push({ text: `\${${inner.slice(1)}}` });
        continue;
      }
      const name = inner.trim();
      const varNode = varsNode && isMapping(varsNode.raw) && !intrinsicName(varsNode.raw) ? this.child(varsNode, name) : undefined;
      let vals: Val<Scalar>[];
      if (varNode) vals = this.values(varNode);
      else if (name.includes('.')) vals = [this.unknown(node, `\${${name}} is only known after deployment`)];
      else vals = this.ref(node, name, note);
      parts.push({ label: `\${${name}}`, vals });
    }
    if (last < text.length) parts.push({ text: text.slice(last) });
    return combine(node, parts, note);
  }

  private join(node: Node): Val<Scalar>[] {
    const argNode = this.child(node, 'Fn::Join');
    if (!argNode || !Array.isArray(argNode.raw) || argNode.raw.length !== 2) return [this.unknown(node, 'a malformed !Join')];
    const delimiter = this.literal(this.child(argNode, 0));
    if (typeof delimiter !== 'string') return [this.unknown(node, 'a !Join whose delimiter is not known')];
    const out: Val<Scalar>[] = [];
    for (const list of this.listAlternatives(this.child(argNode, 1)!)) {
      if (!list.items) {
        out.push({ known: false, reason: list.reason ?? 'the list is not known', loc: node.loc, via: node.via, when: list.when });
        continue;
      }
      const slots = list.items.map((item) => this.slots(item));
      for (const combo of product(slots)) {
        if (combo === undefined) return [this.unknown(node, 'too many combinations to evaluate')];
        const parts: Part[] = [];
        let when: Cond[] | undefined = list.when;
        combo.forEach((slot, i) => {
          if ('absent' in slot) {
            when = when && mergeWhen(when, slot.when);
            return;
          }
          if (parts.length > 0) parts.push({ text: delimiter });
          parts.push({ label: `item ${i + 1}`, vals: [slot.val] });
        });
        if (!when) continue;
        out.push(...combine({ ...node, when }, parts, '!Join'));
      }
    }
    return dedupe(out);
  }

  /** The alternatives of one list item: its values, or its absence (`AWS::NoValue` in an `!If` branch). */
  private slots(item: Node): Slot[] {
    const out: Slot[] = [];
    for (const b of this.branches(item)) {
      if (!b.node) out.push({ absent: true, when: b.when });
      else for (const val of this.values(b.node)) out.push({ val });
    }
    return out;
  }

  private select(node: Node): Val<Scalar>[] {
    const argNode = this.child(node, 'Fn::Select');
    if (!argNode || !Array.isArray(argNode.raw) || argNode.raw.length !== 2) return [this.unknown(node, 'a malformed !Select')];
    const out: Val<Scalar>[] = [];
    const indexes = this.values(this.child(argNode, 0)!);
    const lists = this.listAlternatives(this.child(argNode, 1)!);
    if (indexes.length * lists.length > MAX_ALTERNATIVES) return [this.unknown(node, 'too many combinations to evaluate')];
    for (const index of indexes) {
      for (const list of lists) {
        const when = mergeWhen(index.when, list.when);
        if (!when) continue;
        if (!index.known) {
          out.push({ known: false, reason: index.reason, loc: node.loc, via: node.via, when });
          continue;
        }
        const n = typeof index.value === 'number' ? index.value : Number(index.value);
        if (!Number.isInteger(n) || n < 0) {
          out.push({ known: false, reason: `!Select index '${String(index.value)}' is not a whole number`, loc: node.loc, via: node.via, when });
          continue;
        }
        if (!list.items) {
          out.push({ known: false, reason: list.reason ?? 'the list is not known', loc: node.loc, via: node.via, when });
          continue;
        }
        if (list.items.some((item) => this.branches(item).some((b) => !b.node))) {
          out.push({ known: false, reason: 'the !Select list has items that may be absent', loc: node.loc, via: node.via, when });
          continue;
        }
        const item = list.items[n];
        if (!item) {
          out.push({ known: false, reason: `!Select index ${n} is beyond the end of the list`, loc: node.loc, via: node.via, when });
          continue;
        }
        for (const val of this.values({ ...item, when: mergeWhen(item.when, when) ?? when })) out.push(val);
      }
    }
    return dedupe(out);
  }

  /** The mapping entries a `Fn::FindInMap` names (one per combination of key values), or why not. */
  private findInMap(node: Node): Array<{ node: Node } | { reason: string; when: Cond[] }> {
    const argNode = this.child(node, 'Fn::FindInMap');
    if (!argNode || !Array.isArray(argNode.raw) || argNode.raw.length < 3 || argNode.raw.length > 4) {
      return [{ reason: 'a malformed !FindInMap', when: node.when }];
    }
    const combos = this.mapKeyCombos(argNode);
    if (!combos) return [{ reason: 'too many combinations to evaluate', when: node.when }];
    const options = this.child(argNode, 3);
    const fallback = options && isMapping(options.raw) ? this.child(options, 'DefaultValue') : undefined;
    const out: Array<{ node: Node } | { reason: string; when: Cond[] }> = [];
    for (const combo of combos) {
      const when = mergeWhen(node.when, ...combo.map((v) => v.when));
      if (!when) continue;
      const unknown = combo.find((v): v is UnknownVal => !v.known);
      const names = combo.map((v) => (v.known ? String(v.value) : '?'));
      const keyVia = combo.flatMap((v) => (v.known && !isUnder(v.loc, node.loc) ? [...v.via, { loc: v.loc, note: `map key '${truncate(String(v.value))}'` }] : []));
      const via = mergeVia(node.via, keyVia, [{ loc: node.loc, note: `!FindInMap [${names.join(', ')}]` }]);
      if (unknown) {
        out.push({ reason: unknown.reason, when });
        continue;
      }
      const found = this.at(['Mappings', ...names]);
      if (found && found.raw !== null) out.push({ node: { ...found, via, when } });
      else if (fallback) out.push({ node: { ...fallback, via: mergeVia(fallback.via, keyVia), when } });
      else out.push({ reason: `!FindInMap: Mappings has no entry [${names.join(', ')}]`, when });
    }
    return out;
  }

  /**
   * The (map, top-level key, second-level key) combinations a `Fn::FindInMap` may read, or `undefined` beyond
   * `MAX_ALTERNATIVES`. A key that is a parameter no one gives (or a pseudo parameter such as `AWS::Region`) may
   * be any key the mapping has at that level (of its `AllowedValues`): each is a choice of its own, tagged like a
   * condition (`AWS::Region` is `eu-west-1`), rather than the parameter's default or an unknown.
   */
  private mapKeyCombos(argNode: Node): Val<Scalar>[][] | undefined {
    const out: Val<Scalar>[][] = [];
    for (const map of this.values(this.child(argNode, 0)!)) {
      const level1 = map.known ? this.at(['Mappings', String(map.value)]) : undefined;
      for (const top of this.keyChoices(this.child(argNode, 1)!, level1)) {
        const level2 = level1 && top.known ? this.child(level1, String(top.value)) : undefined;
        for (const second of this.keyChoices(this.child(argNode, 2)!, level2)) {
          out.push([map, top, second]);
          if (out.length > MAX_ALTERNATIVES) return undefined;
        }
      }
    }
    return out;
  }

  /** The values a `Fn::FindInMap` key may take at one level of the mapping (see `mapKeyCombos`). */
  private keyChoices(keyNode: Node, level: Node | undefined): Val<Scalar>[] {
    const choice = this.openChoice(keyNode);
    if (!choice || !level || !isMapping(level.raw)) return this.values(keyNode);
    const keys = Object.keys(level.raw).filter((k) => !choice.allowed || choice.allowed.includes(k));
    if (keys.length === 0) return this.values(keyNode);
    return keys.map((k) => ({ known: true, value: k, loc: keyNode.loc, via: keyNode.via, when: [...keyNode.when, { name: choice.name, value: k }] }));
  }

  /** A `!Ref` to a parameter no one gives, or to `AWS::Region`/`AccountId`/`StackName`: what it names, and its `AllowedValues`. */
  private openChoice(node: Node): { name: string; allowed?: string[] } | undefined {
    const raw = node.raw;
    if (!isMapping(raw) || intrinsicName(raw) !== 'Ref' || typeof raw.Ref !== 'string') return undefined;
    const name = raw.Ref;
    if (this.parameters[name] !== undefined) return undefined;
    if (name.startsWith('AWS::')) return ['AWS::Region', 'AWS::AccountId', 'AWS::StackName'].includes(name) ? { name } : undefined;
    const decl = this.at(['Parameters', name])?.raw;
    if (!isMapping(decl)) return undefined;
    const type = typeof decl.Type === 'string' ? decl.Type : 'String';
    if (type.startsWith('AWS::SSM::') || LIST_PARAMETER.test(type)) return undefined;
    const allowed = Array.isArray(decl.AllowedValues) ? decl.AllowedValues.filter(isScalar).map(String) : undefined;
    return { name, allowed: allowed && allowed.length > 0 ? allowed : undefined };
  }

  /** Expands a list-valued intrinsic (`Fn::Split`, a list parameter, …) into item nodes, when possible. */
  protected expandList(node: Node): Node[] | undefined {
    const fn = intrinsicName(node.raw);
    if (fn !== 'Fn::Split' && fn !== 'Ref' && fn !== 'Fn::FindInMap') return undefined;
    if (fn === 'Ref' && !this.isListParameter((node.raw as Record<string, unknown>).Ref)) return undefined;
    const out: Node[] = [];
    let unresolved = false;
    for (const list of this.listAlternatives(node)) {
      if (!list.items) {
        unresolved = true;
        continue;
      }
      for (const item of list.items) {
        const when = mergeWhen(item.when, list.when);
        if (when) out.push(...this.alts({ ...item, when }));
      }
    }
    if (unresolved) out.push(node);
    return out;
  }

  private isListParameter(name: unknown): boolean {
    if (typeof name !== 'string') return false;
    const decl = this.at(['Parameters', name])?.raw;
    return isMapping(decl) && typeof decl.Type === 'string' && LIST_PARAMETER.test(decl.Type);
  }

  private isResource(name: string): boolean {
    const resources = this.template.Resources;
    return isMapping(resources) && Object.prototype.hasOwnProperty.call(resources, name);
  }

  /**
   * Decides a named condition; `undefined` when it depends on what is not known. `assume` lists conditions
   * already assumed (the branch of an enclosing `Fn::If`).
   */
  condition(name: string, assume: readonly Cond[] = []): boolean | undefined {
    const assumed = assume.find((c): c is Cond & { value: boolean } => c.name === name && typeof c.value === 'boolean');
    if (assumed) return assumed.value;
    const cacheable = assume.length === 0;
    if (cacheable && this.conditionCache.has(name)) return this.conditionCache.get(name);
    if (this.conditionStack.has(name)) return undefined;
    const node = this.at(['Conditions', name]);
    if (!node) return undefined;
    this.conditionStack.add(name);
    this.conditionMode++;
    let result: boolean | undefined;
    try {
      result = this.conditionValue(node, assume, 0);
    } finally {
      this.conditionMode--;
      this.conditionStack.delete(name);
    }
    if (cacheable) this.conditionCache.set(name, result);
    return result;
  }

  private conditionValue(node: Node, assume: readonly Cond[], depth: number): boolean | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const raw = node.raw;
    if (typeof raw === 'boolean') return raw;
    const fn = intrinsicName(raw);
    if (!fn) return undefined;
    const arg = (raw as Record<string, unknown>)[fn];
    const argNode = this.child(node, fn);
    const operands = (): Node[] => (argNode && Array.isArray(arg) ? arg.map((_, i) => this.child(argNode, i)).filter((n): n is Node => !!n) : []);
    switch (fn) {
      case 'Condition':
        return typeof arg === 'string' ? this.condition(arg, assume) : undefined;
      case 'Fn::Equals': {
        const [a, b] = operands();
        if (!a || !b || (arg as unknown[]).length !== 2) return undefined;
        const left = this.values(a);
        const right = this.values(b);
        if (left.length === 0 || right.length === 0 || left.length * right.length > MAX_ALTERNATIVES) return undefined;
        const results = new Set<boolean>();
        for (const x of left) {
          for (const y of right) {
            if (!x.known || !y.known) return undefined;
            if (!mergeWhen(x.when, y.when)) continue;
            results.add(String(x.value) === String(y.value));
          }
        }
        return results.size === 1 ? [...results][0] : undefined;
      }
      case 'Fn::Not': {
        const [c] = operands();
        const v = c ? this.conditionValue(c, assume, depth + 1) : undefined;
        return v === undefined ? undefined : !v;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const list = operands();
        if (list.length === 0) return undefined;
        const decisive = fn === 'Fn::Or';
        let undecided = false;
        for (const c of list) {
          const v = this.conditionValue(c, assume, depth + 1);
          if (v === decisive) return decisive;
          if (v === undefined) undecided = true;
        }
        return undecided ? undefined : !decisive;
      }
      default:
        return undefined;
    }
  }

  private unknown(node: Node, reason: string): UnknownVal {
    return unknownAt(node, reason);
  }
}

function describeGetAtt(arg: unknown): string {
  if (Array.isArray(arg)) return `!GetAtt ${arg.map((a) => (typeof a === 'string' ? a : '…')).join('.')}`;
  return typeof arg === 'string' ? `!GetAtt ${arg}` : '!GetAtt';
}

export function isNoValue(raw: unknown): boolean {
  return isMapping(raw) && intrinsicName(raw) === 'Ref' && raw.Ref === 'AWS::NoValue';
}

