/** The quick reader's record of where each node is written, from which `locate` answers. */

export const SCALAR = 0;
export const MAP = 1;
export const SEQ = 2;
/** No value (`Key:` with nothing after it), or a tag on nothing. */
export const EMPTY = 3;

/** Where a node is written: the range both readers give it. */
export interface QNode {
  kind: number;
  /** Start of the node (after its tag). */
  s: number;
  /** End of its value. */
  e: number;
  /** End of the node with the comments that belong to it (what a parent collection's end reaches to). */
  e2: number;
  /** The short tag as written (`!Sub`), if any. */
  tag?: string;
  /** A mapping's keys, in order (duplicates included). */
  keys?: string[];
  /** A mapping's key ranges, two offsets per key. */
  kr?: number[];
  /** A mapping's values (one per key) or a sequence's items. */
  items?: QNode[];
  /** A block collection's indentation. */
  ind?: number;
  /** A block collection. */
  blk?: boolean;
  /** A large mapping's keys by name (the last occurrence of each), made the first time a path is located in it. */
  index?: Map<string, number>;
  /** A node the comments after it may join (a scalar on one line, a flow collection): a token that may end its line. */
  end?: boolean;
}
