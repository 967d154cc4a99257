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
const MIN_SIZE = 8;
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

/**
 * What a key's probe sequence needs of its hash, as 32-bit numbers: a slot is the probe value's low bits (tables stay
 * far below 2^32 slots), and `walker = 5 * walker + perturb + 1` taken modulo 2^32 keeps exactly those bits, so only
 * the low 32 bits of each `perturb` (the hash shifted right by 5, 10, … bits) are needed. Computed once per key:
 * SAM's order is replayed by copying the same keys again and again (twice for each event), and the hash, in
 * 64-bit BigInt arithmetic, was most of the cost. Bounded: emptied when it grows past 100,000 keys.
 */
const probes = new Map<string, number[]>();

function probeOf(key: string): number[] {
  let probe = probes.get(key);
  if (probe === undefined) {
    if (probes.size >= 100_000) probes.clear();
    probe = [];
    for (let perturb = py27Hash(key); ; perturb >>= PERTURB_SHIFT) {
      probe.push(Number(perturb & 0xffffffffn));
      if (perturb === 0n) break;
    }
    probes.set(key, probe);
  }
  return probe;
}

/** The keys of a Python 2.7 dictionary, in its iteration order (SAM's `Py27Keys`; keys are only added). */
export class Py27Keys {
  /** The table: a key in each used slot, in slot order (which is the iteration order). */
  private slots: Array<string | undefined> = new Array<string | undefined>(MIN_SIZE);
  private used = 0;
  private mask = MIN_SIZE - 1;

  constructor(keys: Iterable<string> = []) {
    for (const key of keys) this.add(key);
  }

  private slotOf(key: string): number {
    const probe = probeOf(key);
    const mask = this.mask;
    let walker = probe[0]! & mask;
    let i = walker;
    for (let j = 0; ; j++) {
      const at = this.slots[i];
      if (at === undefined || at === key) return i;
      // Python 2.7's next probe; `perturb` is 0 once the hash is shifted out
      walker = (walker * 5 + (probe[j] ?? 0) + 1) >>> 0;
      i = walker & mask;
    }
  }

  add(key: string): void {
    const i = this.slotOf(key);
    if (this.slots[i] !== undefined) return;
    this.used += 1;
    this.slots[i] = key;
    // Python 2.7 grows a dict to four times its used slots when two thirds are filled.
    if (this.used * 3 >= (this.mask + 1) * 2) this.resize(this.used * (this.used > 50000 ? 2 : 4));
  }

  private resize(request: number): void {
    let size = MIN_SIZE;
    while (size <= request) size *= 2;
    const keys = this.keys();
    this.mask = size - 1;
    this.slots = new Array<string | undefined>(size);
    this.used = 0;
    for (const key of keys) this.add(key);
  }

  keys(): string[] {
    const out: string[] = [];
    for (const key of this.slots) if (key !== undefined) out.push(key);
    return out;
  }

  /** A deep copy, as Python 2.7's `copy.deepcopy` makes one: the keys added again in iteration order. */
  copy(): Py27Keys {
    return new Py27Keys(this.keys());
  }
}
