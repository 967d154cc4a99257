/**
 * The parity test's comparison: what the reference reader (`reference.py`, the reader SAM uses) made of a text
 * against what one of ours made of it. Same acceptance, same values; the differences the loader makes by design
 * are allowed only by name, and counted, so that none hides another:
 *
 * - `timestamp as text`: a date or timestamp stays the text written (CloudFormation has no date type);
 * - `binary as text`: `!!binary` stays the text written;
 * - `set as mapping`: `!!set` is a mapping to nulls;
 * - `pairs as mappings`: `!!omap` and `!!pairs` are lists of one-key mappings;
 * - `typed key as written`: a key the reference types (`200`, `on`, `2024-01-01`) is the text written;
 * - `large integer`: an integer past 2^53 is the nearest JavaScript number;
 * - `nesting limit`, `expansion limit`: nesting deeper than the loader's limit, or aliases that expand past its
 *   bound, are refused (the reference reads them);
 * - `recursive alias`: an alias inside the node its anchor names is refused (the reference builds a structure
 *   no template can be, or merges a mapping into itself);
 * - `error line`: both refuse the text, at different lines (counted, not a difference: a message's position is
 *   the loader's own).
 *
 * Plain JavaScript (ESM), shared by the jest test and `scripts/yaml-parity.mjs`.
 */

const MAX_SAFE = 2 ** 53;

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function show(v) {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

/**
 * Compares a reference value (encoded as `reference.py` encodes it) with ours; returns where they first differ, or
 * undefined, and counts the allowed differences in `allowed`.
 */
export function compareValue(ref, ours, allowed, path = '') {
  const at = path || '(the document)';
  if (ref === null || typeof ref === 'boolean' || typeof ref === 'string') {
    return Object.is(ref, ours) ? undefined : `${at}: ${show(ours)}, the reference reads ${show(ref)}`;
  }
  if (Array.isArray(ref)) {
    if (!Array.isArray(ours) || ours.length !== ref.length) return `${at}: ${show(ours)}, the reference reads a list of ${ref.length}`;
    for (let i = 0; i < ref.length; i++) {
      const d = compareValue(ref[i], ours[i], allowed, `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if ('i' in ref || 'f' in ref) {
    if (typeof ours !== 'number') return `${at}: ${show(ours)}, the reference reads the number ${ref.i ?? ref.f}`;
    if ('f' in ref && ref.f === 'nan') return Number.isNaN(ours) ? undefined : `${at}: ${ours}, the reference reads NaN`;
    const n = Number('i' in ref ? ref.i : ref.f.replace('inf', 'Infinity'));
    if (n === ours) return undefined;
    if ('i' in ref && Math.abs(n) >= MAX_SAFE && Math.abs(n - ours) <= Math.abs(n) * 1e-15) {
      count(allowed, 'large integer');
      return undefined;
    }
    return `${at}: ${ours}, the reference reads ${ref.i ?? ref.f}`;
  }
  if ('ts' in ref || 'bin' in ref) {
    const text = ref.ts ?? ref.bin;
    if (ours !== text) return `${at}: ${show(ours)}, the reference reads ${'ts' in ref ? 'the date' : 'binary'} ${show(text)}`;
    count(allowed, 'ts' in ref ? 'timestamp as text' : 'binary as text');
    return undefined;
  }
  if ('set' in ref) {
    const keys = isObject(ours) ? Object.keys(ours).sort() : undefined;
    if (!keys || show(keys) !== show([...ref.set].sort()) || keys.some((k) => ours[k] !== null)) return `${at}: ${show(ours)}, the reference reads the set ${show(ref.set)}`;
    count(allowed, 'set as mapping');
    return undefined;
  }
  if ('pairs' in ref) {
    if (!Array.isArray(ours) || ours.length !== ref.pairs.length) return `${at}: ${show(ours)}, the reference reads ${ref.pairs.length} pairs`;
    for (let i = 0; i < ref.pairs.length; i++) {
      const [key, value] = ref.pairs[i];
      const item = ours[i];
      if (!isObject(item) || Object.keys(item).length !== 1 || !(key in item)) return `${at}[${i}]: ${show(item)}, the reference reads the pair ${show(key)}`;
      const d = compareValue(value, item[key], allowed, `${path}[${i}].${key}`);
      if (d) return d;
    }
    count(allowed, 'pairs as mappings');
    return undefined;
  }
  // a mapping
  if (!isObject(ours)) return `${at}: ${show(ours)}, the reference reads a mapping`;
  const keys = Object.keys(ours).sort();
  const refKeys = ref.m.map(([k]) => k).sort();
  if (show(keys) !== show(refKeys)) return `${at}: keys ${show(keys)}, the reference reads ${show(refKeys)}`;
  for (const [key, value] of ref.m) {
    const d = compareValue(value, ours[key], allowed, path ? `${path}.${key}` : key);
    if (d) return d;
  }
  return undefined;
}

function count(allowed, what) {
  allowed[what] = (allowed[what] ?? 0) + 1;
}

/**
 * Compares the reference's result on a text with ours (`{ ok: value }` or `{ err, line, column, code }`): the
 * difference, or undefined; allowed differences are counted in `allowed`.
 */
export function compareResult(ref, ours, allowed) {
  // an internal error is never a refusal, whatever the reference makes of the text
  if (ours.code === 'internal') return `internal error: ${ours.err}`;
  if ('ok' in ref && 'ok' in ours) {
    const d = compareValue(ref.ok, ours.ok, allowed);
    if (!d && ref.typedKeys) count(allowed, 'typed key as written');
    return d;
  }
  if ('err' in ref && 'err' in ours) {
    if (ref.recursive && ours.code === 'alias') count(allowed, 'recursive alias');
    else if (ref.line > 0 && ref.line !== ours.line) count(allowed, 'error line');
    return undefined;
  }
  if ('ok' in ref) {
    if (ours.code === 'alias' && /inside the node its anchor names/.test(ours.err)) {
      count(allowed, 'recursive alias');
      return undefined;
    }
    if (ours.code === 'too-deep') {
      count(allowed, 'nesting limit');
      return undefined;
    }
    if (ours.code === 'alias' && /expand the document past/.test(ours.err)) {
      count(allowed, 'expansion limit');
      return undefined;
    }
    return `refused at ${ours.line}:${ours.column} (${ours.err}); the reference reads ${show(ref.ok)}`;
  }
  return `read as ${show(ours.ok)}; the reference refuses it at ${ref.line}:${ref.column} (${ref.err})`;
}
