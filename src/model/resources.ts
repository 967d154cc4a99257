import type { Cond } from '../types.js';
import type { Node } from '../resolve/types.js';
import type { BuildContext } from './context.js';

/** One resource of the template, with the condition under which it exists. */
export interface ResourceEntry {
  id: string;
  type: string;
  /** The resource's own node (its mapping under `Resources`). */
  node: Node;
  /** `Properties`, when present. */
  props?: Node;
  when: Cond[];
}

/** The template's resources; those whose `Condition` is known to be false are left out. */
export function listResources(ctx: BuildContext): ResourceEntry[] {
  const out: ResourceEntry[] = [];
  const resources = ctx.prop(ctx.resolver.root(), 'Resources');
  if (!resources) return out;
  for (const [id, node] of ctx.resolver.entries(resources)) {
    const type = ctx.str(node, 'Type');
    if (!type) continue;
    const conditionName = ctx.str(node, 'Condition');
    let when: Cond[] = [];
    if (conditionName) {
      const decided = ctx.resolver.condition(conditionName);
      if (decided === false) continue;
      if (decided === undefined) when = [{ name: conditionName, value: true }];
    }
    const withWhen: Node = { ...node, when };
    out.push({ id, type, node: withWhen, props: ctx.prop(withWhen, 'Properties'), when });
  }
  return out;
}
