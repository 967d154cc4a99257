import type { Loc } from '../types.js';
import type { Resolver } from './resolver.js';
import { intrinsicName, isMapping, type Node } from './types.js';

/**
 * Merges a SAM `Globals` section into a resource's properties exactly as SAM does: mappings are merged key by
 * key (recursively), lists are concatenated with the global entries first, and for anything else (scalars,
 * intrinsics, or values of different kinds) the resource's value wins. Every merged child remembers where it is
 * written; values taken from `Globals` carry a note naming the resource they apply to.
 */
export interface MergeTarget {
  /** How messages name the resource, e.g. `MyApi`. */
  name: string;
  /** Where the resource is written (the related location of inherited values). */
  loc: Loc;
}

export function mergeGlobals(
  resolver: Resolver,
  global: Node | undefined,
  local: Node | undefined,
  target: MergeTarget,
): Node | undefined {
  if (!global) return local;
  if (!local) return inherit(global, target);
  const g = global.raw;
  const l = local.raw;
  if (isPlainMapping(g) && isPlainMapping(l)) {
    const merged: Record<string, unknown> = {};
    const keys = [...Object.keys(g), ...Object.keys(l).filter((k) => !(k in g))];
    for (const key of keys) {
      const child = mergeGlobals(resolver, resolver.child(global, key), resolver.child(local, key), target);
      if (!child) continue;
      merged[key] = child.raw;
      resolver.setChildOrigin(merged, key, { loc: child.loc, via: child.via });
    }
    return { raw: merged, loc: local.loc, via: local.via, when: local.when };
  }
  if (Array.isArray(g) && Array.isArray(l)) {
    const merged: unknown[] = [];
    const add = (from: Node, count: number, inherited: boolean): void => {
      for (let i = 0; i < count; i++) {
        const child = resolver.child(from, i)!;
        const node = inherited ? inherit(child, target) : child;
        resolver.setChildOrigin(merged, merged.length, { loc: node.loc, via: node.via });
        merged.push(node.raw);
      }
    };
    add(global, g.length, true);
    add(local, l.length, false);
    return { raw: merged, loc: local.loc, via: local.via, when: local.when };
  }
  return local;
}

function isPlainMapping(raw: unknown): raw is Record<string, unknown> {
  return isMapping(raw) && !intrinsicName(raw);
}

function inherit(node: Node, target: MergeTarget): Node {
  return { ...node, via: [...node.via, { loc: target.loc, note: `inherited from Globals by ${target.name}` }] };
}
