/** Reads a handler given as source text, the way the analysis step does, for focused tests of the readers. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadGrammars } from '../../src/handlers/grammars.js';
import { JsReader } from '../../src/handlers/javascript.js';
import { PyReader } from '../../src/handlers/python.js';
import type { Reach } from '../../src/handlers/reach.js';
import type { HandlerResponse, SourceLanguage } from '../../src/handlers/types.js';
import { Workspace } from '../../src/handlers/workspace.js';

export interface Read {
  unknown?: string;
  responses: HandlerResponse[];
  /** `allowOrigin` of each response, in order. */
  verdicts: string[];
  /** Each present response's origins as `kind:value`. */
  origins: string[][];
}

const EXT: Record<SourceLanguage, string> = { javascript: 'js', typescript: 'ts', python: 'py' };

/**
 * Writes `files` (the first is the handler) to a temporary folder and reads the handler's `exportName`.
 * Other files are local modules the handler may import.
 */
export async function readHandler(
  language: SourceLanguage,
  source: string,
  exportName = 'handler',
  files: Record<string, string> = {},
  /** What the function reaches besides its folder (layers relative to the temporary folder, environment variables). */
  reach?: (dir: string) => Reach,
): Promise<Read> {
  await loadGrammars([language]);
  const dir = mkdtempSync(join(tmpdir(), 'cors-lint-handler-'));
  try {
    const main = join(dir, `app.${EXT[language]}`);
    writeFileSync(main, source);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const ws = new Workspace();
    const opened = ws.open(main, language, dir);
    if ('error' in opened) throw new Error(opened.error);
    const r = reach?.(dir);
    const result = language === 'python' ? new PyReader(ws).read(opened, exportName, r) : new JsReader(ws).read(opened, exportName, r);
    if ('unknown' in result) return { unknown: result.unknown, responses: [], verdicts: [], origins: [] };
    return {
      responses: result.responses,
      verdicts: result.responses.map((r) => r.allowOrigin),
      origins: result.responses.filter((r) => r.allowOrigin === 'present').map((r) => (r.origins ?? []).map((o) => `${o.kind}:${o.kind === 'literal' ? o.value : ''}`)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
