/**
 * Reads a configuration file's text (YAML 1.2 or JSON) into plain data, keeping the way back from a path to a
 * line and column so that every configuration error can point at its place.
 *
 * Configuration is read as YAML 1.2 (unlike templates, which CloudFormation reads as YAML 1.1), so that
 * `wildcard-origin: off` is the word `off`, not the boolean `false`.
 */
import { createRequire } from 'node:module';
import type { Document, Node as YamlNode } from 'yaml';
import { ConfigError } from './errors.js';

export type ConfigPath = ReadonlyArray<string | number>;

export interface Position {
  line: number;
  column: number;
}

export interface ParsedConfig {
  file: string;
  value: unknown;
  /** Where the value at `path` is written, or its key with `'key'`; the deepest existing node on the path. */
  locate(path: ConfigPath, which?: 'value' | 'key'): Position;
}

function jsonErrorPosition(text: string, error: Error): Position {
  const m = /position (\d+)/.exec(error.message);
  let offset = m ? Number(m[1]) : text.length;
  if (!Number.isFinite(offset)) offset = text.length;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

export function parseConfigText(text: string, file: string): ParsedConfig {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (/\.json$/i.test(file)) {
    try {
      JSON.parse(source);
    } catch (error) {
      const at = jsonErrorPosition(source, error as Error);
      const reason = (error as Error).message.replace(/\s*(in JSON )?at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
      throw new ConfigError(file, `not valid JSON: ${reason}`, at.line, at.column);
    }
  }
  // the `yaml` package is loaded only when a configuration file is read
  const { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const lineCounter = new LineCounter();
  const doc: Document.Parsed = parseDocument(source, {
    version: '1.2',
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    merge: false,
  });
  const problem = doc.errors[0];
  if (problem) {
    const at = lineCounter.linePos(problem.pos[0]);
    const reason = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '');
    throw new ConfigError(file, `not valid YAML: ${reason}`, at.line, at.col);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ConfigError(file, `cannot be read: ${(error as Error).message}`);
  }
  const position = (offset: number | undefined): Position => {
    const at = lineCounter.linePos(offset ?? 0);
    return { line: at.line, column: at.col };
  };
  return {
    file,
    value: value === undefined ? null : value,
    locate(path, which = 'value') {
      let node: unknown = doc.contents;
      let keyNode: unknown;
      for (const step of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
          if (!pair) break;
          keyNode = pair.key;
          node = pair.value;
        } else if (isSeq(node) && typeof step === 'number' && node.items[step] !== undefined) {
          keyNode = undefined;
          node = node.items[step];
        } else {
          break;
        }
      }
      const target = (which === 'key' && keyNode ? keyNode : node ?? keyNode) as YamlNode | undefined;
      return position(target?.range?.[0]);
    },
  };
}
