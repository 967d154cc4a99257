/**
 * Paths → positions in a document the full reader composed, as the quick reader answers them (`quick/locate.ts`),
 * and further: a path may pass through aliases and merge keys. A value reached through an alias is located where
 * its anchor's node is written, and the aliases on the way are the places it is "used".
 */
import type { Path, Range } from '../../types.js';
import type { LineIndex } from '../lines.js';
import { intrinsicKey } from '../tags.js';
import { N_ALIAS, N_MAP, N_SEQ, type YNode } from './compose.js';
import type { Entry } from './construct.js';

interface Walk {
  /** The node at the end of the path (null: an empty value, pointed at through its key). */
  node: YNode | null;
  key: YNode | null;
  insideTag: boolean;
  /** The aliases the path went through, outermost first. */
  aliases: YNode[];
}

export interface Locator {
  locate(path: Path, which?: 'value' | 'key'): Range;
  aliasesOn(path: Path): Array<{ name: string; range: Range }>;
}

export function locator(root: YNode | null, text: string, lines: LineIndex, index: Map<YNode, Map<string, Entry>>): Locator {
  /** A large mapping's keys by text (the last occurrence of each), made the first time a path goes through it. */
  const byText = new Map<YNode, Map<string, number>>();

  const keyText = (key: YNode): string => (key.kind === N_ALIAS ? key.target!.value : key.value) ?? '';

  const lookup = (node: YNode, name: string, aliases: YNode[]): { value: YNode; key: YNode } | undefined => {
    const entries = index.get(node);
    if (entries) {
      const entry = entries.get(name);
      if (!entry) return undefined;
      for (let via = entry.via; via; via = via.next) aliases.push(via.alias);
      return { value: entry.value, key: entry.key };
    }
    const keys = node.keys!;
    let j = -1;
    if (keys.length > 16) {
      let map = byText.get(node);
      if (!map) {
        map = new Map();
        for (let k = 0; k < keys.length; k++) map.set(keyText(keys[k]!), k);
        byText.set(node, map);
      }
      j = map.get(name) ?? -1;
    } else {
      for (let k = keys.length - 1; k >= 0; k--) {
        if (keyText(keys[k]!) === name) {
          j = k;
          break;
        }
      }
    }
    return j < 0 ? undefined : { value: node.values![j]!, key: keys[j]! };
  };

  const walk = (path: Path): Walk => {
    let node: YNode | null = root;
    let key: YNode | null = null;
    let insideTag = false;
    const aliases: YNode[] = [];
    for (const seg of path) {
      if (!node) break;
      const fn = intrinsicKey(node.tag);
      if (fn && !insideTag && seg === fn) {
        // the long-form key of a short tag: the tagged node itself
        insideTag = true;
        key = null;
        continue;
      }
      let found: { value: YNode; key: YNode | null } | undefined;
      if (node.kind === N_MAP) found = lookup(node, String(seg), aliases);
      else if (node.kind === N_SEQ && typeof seg === 'number') {
        const item = node.values![seg];
        if (item) found = { value: item, key: null };
      }
      if (!found) break;
      key = found.key;
      insideTag = false;
      node = found.value;
      if (node.kind === N_ALIAS) {
        aliases.push(node);
        node = node.target!;
      }
      if (node.empty) {
        node = null; // `Key:` with nothing after it: point at the key
        break;
      }
    }
    return { node, key, insideTag, aliases };
  };

  /** Where a tagged node starts: at its short tag, when only blanks or line breaks come between the two. */
  const startWithTag = (node: YNode): number => {
    if (node.tagAt === undefined || !intrinsicKey(node.tag)) return node.s;
    return /^\s*$/.test(text.slice(node.tagEnd, node.s)) ? node.tagAt : node.s;
  };

  return {
    locate(path, which = 'value') {
      const { node, key, insideTag } = walk(path);
      if ((which === 'key' && key) || !node) return key ? lines.range(key.s, key.e) : lines.range(0, 0);
      return lines.range(insideTag ? node.s : startWithTag(node), node.e);
    },
    aliasesOn(path) {
      return walk(path).aliases.map((alias) => ({ name: alias.name!, range: lines.range(alias.s, alias.e) }));
    },
  };
}
