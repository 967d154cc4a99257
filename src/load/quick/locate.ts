/** `locate` for a document the quick reader read: from a path to the range the full reader gives too. */
import type { Path, Range } from '../../types.js';
import type { LineIndex } from '../lines.js';
import { longFormKey } from '../tags.js';
import { EMPTY, MAP, SEQ, type QNode } from './node.js';

/** Where a tagged node starts: at its tag, when only blanks or line breaks come between the tag and the node. */
function startWithTag(text: string, node: QNode): number {
  const tag = node.tag;
  if (!tag) return node.s;
  const found = text.lastIndexOf(tag, node.s);
  return found >= 0 && /^\s*$/.test(text.slice(found + tag.length, node.s)) ? found : node.s;
}

/** The key `name` of a mapping node: its index (the last occurrence, found through an index in a large mapping). */
function keyIndex(node: QNode, name: string): number {
  const keys = node.keys!;
  if (keys.length <= 16) return keys.lastIndexOf(name);
  if (!node.index) {
    node.index = new Map();
    for (let k = 0; k < keys.length; k++) node.index.set(keys[k]!, k);
  }
  return node.index.get(name) ?? -1;
}

/** The `locate` of a document whose root node is `root`; `lines` is made when first needed. */
export function locator(text: string, root: QNode, lines: () => LineIndex): (target: Path, which?: 'value' | 'key') => Range {
  return (target, which = 'value') => {
    let node: QNode | null = root;
    let ks = -1;
    let ke = -1;
    let insideTag = false;
    for (const seg of target) {
      if (!node) break;
      const fn = node.tag ? longFormKey(node.tag) : undefined;
      if (fn && !insideTag && seg === fn) {
        // the long-form key of a short tag: the tagged node itself
        insideTag = true;
        ks = -1;
        continue;
      }
      let next: QNode | undefined;
      let nks = -1;
      let nke = -1;
      if (node.kind === MAP) {
        // the last occurrence of a key is the one whose value counts
        const j = keyIndex(node, String(seg));
        if (j >= 0) {
          next = node.items![j];
          nks = node.kr![2 * j]!;
          nke = node.kr![2 * j + 1]!;
        }
      } else if (node.kind === SEQ && typeof seg === 'number') {
        next = node.items![seg];
      }
      if (next === undefined) break;
      ks = nks;
      ke = nke;
      insideTag = false;
      node = next;
      if (node.kind === EMPTY) {
        node = null; // `Key:` with nothing after it: point at the key
        break;
      }
    }
    if ((which === 'key' && ks >= 0) || !node) return ks >= 0 ? lines().range(ks, ke) : lines().range(0, 0);
    return lines().range(insideTag ? node.s : startWithTag(text, node), node.e);
  };
}
