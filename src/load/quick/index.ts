/**
 * A quick reader for the YAML that templates are written in: block mappings and sequences, plain scalars on one
 * line, quoted scalars (over several lines too), literal and folded block scalars, flow collections (over several
 * lines, indented as CloudFormation allows), comments and CloudFormation's short tags. It reads a template
 * several times faster than the `yaml` package builds its document, and gives the same value, the same duplicate
 * keys and the same positions (`test/load/quick.test.ts` checks that against `yaml.ts` on every template it can
 * find).
 *
 * It declines (returns `undefined`) as soon as it meets anything else: anchors and aliases, merge keys, complex
 * keys, plain scalars over several lines, explicit indentation indicators, tabs where they would separate tokens,
 * directives and several documents, nesting near the depth limit, and anything that is not valid YAML. The loader
 * then reads the text with the `yaml` package, which handles all of YAML and says what is wrong, and where.
 *
 * The reader is three layers, each a class on the one before: `scanner.ts` (the cursor: lines, blanks, comments,
 * document markers), `scalars.ts` (scalars, keys and tags), `collections.ts` (block and flow collections and the
 * entries of mappings). `node.ts` records where each node is written, and `locate.ts` answers paths from it. The
 * character codes they compare with are `../chars.ts`.
 */
import type { LoadedDocument } from '../document.js';
import { CollectionReader } from './collections.js';
import { locator } from './locate.js';
import { DECLINE } from './scanner.js';

/**
 * What the reader leaves to the `yaml` package: control characters, YAML 1.1's other line breaks, a byte-order
 * mark inside the text, a carriage return that is not part of a CRLF.
 */
const UNUSUAL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]|\r(?!\n)/;

/**
 * Reads YAML text as `parseYaml` in `../yaml.ts` does, or returns `undefined` when the text uses YAML this
 * reader leaves to it. `maxDepth` is the loader's nesting limit: near it, the reader declines too, so that the
 * loader's own depth check decides.
 */
export function quickYaml(text: string, file: string, maxDepth: number): LoadedDocument | undefined {
  if (UNUSUAL.test(text)) return undefined;
  const reader = new CollectionReader(text, maxDepth - 2);
  let read: { value: unknown } | undefined;
  try {
    read = reader.document();
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  }
  if (read === undefined) return undefined;
  const locate = locator(text, reader.node, () => reader.lineIndex());
  return { file, text, format: 'yaml', value: read.value, duplicateKeys: reader.duplicateKeys, locate };
}
