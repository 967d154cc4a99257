import type { Path, Range } from '../types.js';

/** A mapping key written twice in the same mapping (CloudFormation refuses the template). */
export interface DuplicateKey {
  key: string;
  /** Path of the key (its mapping's path plus the key). */
  path: Path;
  /** Where the second (later) occurrence is written. */
  keyRange: Range;
  /** Where the first occurrence is written. */
  firstRange: Range;
}

/** A parsed YAML or JSON document: its long-form value, and the way back from a path to the source. */
export interface LoadedDocument {
  file: string;
  text: string;
  format: 'yaml' | 'json';
  /** The document as plain data, short tags in their long form (`{ "Fn::Sub": … }`). Later duplicate keys win. */
  value: unknown;
  duplicateKeys: DuplicateKey[];
  /**
   * The 1-based range of the value at `path` (or of its key, with `'key'`). A path that goes further than the
   * document gives the range of the deepest node that exists on it; an intrinsic's long-form key (`Fn::Sub`) is
   * the tagged node itself.
   */
  locate(path: Path, which?: 'value' | 'key'): Range;
  /**
   * The YAML aliases a path goes through (a merge key's alias included), outermost first, each where it is written:
   * the places a value reached through them is used. Present when the document has aliases or merge keys.
   */
  aliasesOn?(path: Path): Array<{ name: string; range: Range }>;
  /** Where the document's first alias or merge key is written (CloudFormation itself reads neither). */
  firstAlias?: Range;
}
