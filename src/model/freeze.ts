/** Freezing what a stage returns, so that a later stage or a rule that writes into it fails (used under test). */

/** Freezes a value and every object and array reachable from it (each once), and returns it. */
export function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null || seen.has(next)) continue;
    seen.add(next);
    // Maps and sets keep their entries outside the object: freeze those too (their methods still write, so none is
    // used in a model)
    if (next instanceof Map) for (const [k, v] of next) pending.push(k, v);
    else if (next instanceof Set) for (const v of next) pending.push(v);
    for (const key of Reflect.ownKeys(next)) pending.push((next as Record<PropertyKey, unknown>)[key]);
    Object.freeze(next);
  }
  return value;
}
