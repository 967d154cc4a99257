/**
 * The full YAML reader: every YAML 1.1 text that SAM and `aws cloudformation package` read (anchors, aliases,
 * merge keys, directives and document markers, multi-line scalars in every context, tags, tabs where they are
 * allowed), read as they read it, and refused where they refuse it, with the place. The quick reader (`quick/`)
 * reads most templates faster; what it declines comes here.
 *
 * Steps: the characters YAML refuses (`check`), then scanner → parser → composer (`compose.ts`) → constructor
 * (`construct.ts`), and positions (`locate.ts`). None of them recurses deeper than the document's nesting, which the
 * composer bounds.
 */
import type { LoadedDocument } from '../document.js';
import { LoadError } from '../errors.js';
import { LineIndex } from '../lines.js';
import { compose, N_ALIAS, N_MAP, type YNode } from './compose.js';
import { construct } from './construct.js';
import { YamlSyntaxError } from './errors.js';
import { locator } from './locate.js';

/**
 * Characters a YAML 1.1 stream may not hold at all: control characters, U+FFFE and U+FFFF (and lone surrogates, which
 * the slower pattern finds only when the text has one).
 */
const NOT_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/;
const NOT_PRINTABLE_OR_LONE = /[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function describe(c: string): string {
  const code = c.codePointAt(0)!;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Reads YAML text; `maxDepth` bounds the nesting of collections (aliases included). */
export function parseYaml(text: string, file: string, maxDepth: number): LoadedDocument {
  const lines = new LineIndex(text);
  const wellFormed = (text as { isWellFormed?: () => boolean }).isWellFormed?.() ?? false;
  const bad = wellFormed ? NOT_PRINTABLE.exec(text) : NOT_PRINTABLE_OR_LONE.exec(text);
  if (bad) {
    const { line, column } = lines.position(bad.index);
    throw new LoadError('syntax', file, `YAML syntax error: the character ${describe(bad[0])} is not allowed in YAML text`, line, column);
  }
  let root: YNode | null | undefined;
  try {
    const composed = compose(text, maxDepth);
    root = composed.root;
    const { value, duplicateKeys, index } = construct(composed.root, maxDepth, lines);
    const { locate, aliasesOn } = locator(composed.root, text, lines, index);
    const doc: LoadedDocument = { file, text, format: 'yaml', value, duplicateKeys, locate };
    if (composed.aliases > 0 || index.size > 0) {
      doc.aliasesOn = aliasesOn;
      const first = Math.min(composed.firstAlias ?? Infinity, composed.firstMerge ?? Infinity);
      if (Number.isFinite(first)) doc.firstAlias = lines.range(first, first);
    }
    return doc;
  } catch (error) {
    if (!(error instanceof YamlSyntaxError)) throw error;
    const { line, column } = lines.position(error.at);
    let message = error.problem;
    if (error.context && error.contextAt !== undefined && error.contextAt !== error.at && error.code !== 'multiple-documents') {
      const at = lines.position(error.contextAt);
      message += ` (${error.context} begins on line ${at.line}, column ${at.column})`;
    }
    if (error.code === 'syntax') message = `YAML syntax error: ${message}`;
    const loadError = new LoadError(error.code, file, message, line, column);
    if (root !== undefined) loadError.rootKeys = root?.kind === N_MAP ? root.keys!.map((k) => (k.kind === N_ALIAS ? k.target! : k).value ?? '') : [];
    throw loadError;
  }
}
