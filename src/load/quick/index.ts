/**
 * A quick reader for the YAML that templates are written in: block mappings and sequences, plain scalars on one
 * line, quoted scalars (over several lines too), literal and folded block scalars, flow collections (over several
 * lines, indented as CloudFormation allows), comments and CloudFormation's short tags. It reads a template about
 * twice as fast as the full reader (`../full/`), and gives the same value, the same duplicate keys and the same
 * positions (`test/load/quick.test.ts` checks that against the full reader on every template it can find, and
 * `test/load/parity.test.ts` both against the reader SAM uses).
 *
 * It declines (returns `undefined`) as soon as it meets anything else: anchors and aliases, merge keys, complex
 * keys, plain scalars over several lines, explicit indentation indicators, tabs where they would separate tokens,
 * directives and several documents, a `?` inside brackets, a date that names no day, nesting near the depth limit,
 * and anything that is not valid YAML. The loader then reads the text with the full reader, which reads all of
 * YAML 1.1 and says what is wrong, and where.
 *
 * The reader is three layers, each a class on the one before: `scanner.ts` (the cursor: lines, blanks, comments,
 * document markers), `scalars.ts` (scalars, keys and tags), `collections.ts` (block and flow collections and the
 * entries of mappings). `node.ts` records where each node is written, and `locate.ts` answers paths from it. The
 * character codes they compare with are `../chars.ts`.
 */
import type { LoadedDocument } from '../document.js';
import { ScalarError } from '../scalars.js';
import { CollectionReader } from './collections.js';
import { locator } from './locate.js';
import { DECLINE } from './scanner.js';

/**
 * What the reader leaves to the full reader: control characters, YAML 1.1's other line breaks, a byte-order mark
 * inside the text, U+FFFE and U+FFFF, a carriage return that is not part of a CRLF (and lone surrogates).
 */
const UNUSUAL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|\r(?!\n)/;

/**
 * Reads YAML text as `parseYaml` in `../full/` does, or returns `undefined` when the text uses YAML this reader
 * leaves to it. `maxDepth` is the loader's nesting limit: near it, the reader declines too, so that the full
 * reader's own depth check decides.
 */
export function quickYaml(text: string, file: string, maxDepth: number): LoadedDocument | undefined {
  if (UNUSUAL.test(text) || !((text as { isWellFormed?: () => boolean }).isWellFormed?.() ?? false)) return undefined;
  const reader = new CollectionReader(text, maxDepth - 2);
  let read: { value: unknown } | undefined;
  try {
    read = reader.document();
  } catch (error) {
    // (a scalar the readers SAM uses refuse, such as a date that names no day, is the full reader's to report)
    if (error === DECLINE || error instanceof ScalarError) return undefined;
    throw error;
  }
  if (read === undefined) return undefined;
  const locate = locator(text, reader.node, () => reader.lineIndex());
  return { file, text, format: 'yaml', value: read.value, duplicateKeys: reader.duplicateKeys, locate };
}
