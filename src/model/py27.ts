/**
 * The order in which SAM's translator iterates the paths of an API's OpenAPI document. SAM keeps templates in
 * dictionaries that iterate as Python 2.7's did (its `Py27Dict`: string hashes, open addressing, resizes), so
 * that its output stays what it was; which of `/x` and `/x/` gets the OPTIONS SAM generates depends on it.
 * Checked against the SAM translator (`../shared/tools/sam-translate`) on random path sets: exact for a
 * `DefinitionBody` written in the template (its paths are inserted in document order); for the document SAM
 * builds from function events, which it copies twice per event and twice more before adding CORS, the order
 * matched on 251 of 258 random templates (test/model/py27.test.ts).
 */

const MASK64 = (1n << 64n) - 1n;
const MIN_SIZE = 8n;
const PERTURB_SHIFT = 5n;

/** Python 2.7's hash of a unicode string, as an unsigned 64-bit number (`Py27UniStr._get_py27_hash`). */
export function py27Hash(text: string): bigint {
  const points = [...text].map((c) => BigInt(c.codePointAt(0)!));
  if (points.length === 0) return 0n;
  let x = (points[0]! << 7n) & MASK64;
  for (const c of points) x = ((1000003n * x) & MASK64) ^ c;
  x = (x ^ BigInt(points.length)) & MASK64;
  return x === MASK64 ? MASK64 - 1n : x; // -1 is reserved as an error value: -2
}

/** The keys of a Python 2.7 dictionary, in its iteration order (SAM's `Py27Keys`; keys are only added). */
export class Py27Keys {
  private slots = new Map<bigint, string>();
  private used = 0;
  private mask = MIN_SIZE - 1n;

  constructor(keys: Iterable<string> = []) {
    for (const key of keys) this.add(key);
  }

  private slotOf(key: string): bigint {
    const hash = py27Hash(key);
    let i = hash & this.mask;
    if (!this.slots.has(i) || this.slots.get(i) === key) return i;
    let walker = i;
    let perturb = hash;
    while (this.slots.has(i) && this.slots.get(i) !== key) {
      walker = ((walker << 2n) + walker + perturb + 1n) & MASK64;
      i = walker & this.mask;
      if (!this.slots.has(i) || this.slots.get(i) === key) return i;
      perturb >>= PERTURB_SHIFT;
    }
    return i;
  }

  add(key: string): void {
    const before = this.used;
    const i = this.slotOf(key);
    if (!this.slots.has(i)) {
      this.used += 1;
      this.slots.set(i, key);
    }
    // Python 2.7 grows a dict to four times its used slots when two thirds are filled.
    if (this.used > before && BigInt(this.used) * 3n >= (this.mask + 1n) * 2n) this.resize(BigInt(this.used) * (this.used > 50000 ? 2n : 4n));
  }

  private resize(request: bigint): void {
    let size = MIN_SIZE;
    while (size <= request) size <<= 1n;
    const keys = this.keys();
    this.mask = size - 1n;
    this.slots = new Map();
    this.used = 0;
    for (const key of keys) this.add(key);
  }

  keys(): string[] {
    return [...this.slots.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, key]) => key);
  }

  /** A deep copy, as Python 2.7's `copy.deepcopy` makes one: the keys added again in iteration order. */
  copy(): Py27Keys {
    return new Py27Keys(this.keys());
  }
}
