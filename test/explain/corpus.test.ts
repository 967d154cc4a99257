/**
 * `explain` on real templates: the route matrix of every template in `../shared/corpus` is computed without an
 * exception, and every blocked cell carries Chromium's error. Skips with a notice where `../shared` is absent.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { explainMatrix, RequestError } from '../../src/explain/index.js';
import { loadTemplateText, LoadError } from '../../src/load/index.js';
import { buildModel } from '../../src/model/build.js';
import { SHARED } from './browser-scenarios.js';
import { skipNotice } from './helpers.js';

const CORPUS = join(SHARED, 'corpus');

function templates(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) templates(path, out);
    else if (/\.(ya?ml|json|template)$/.test(name) && name !== 'INDEX.json' && !path.includes(`${join('sam-translator', 'schema')}`)) out.push(path);
  }
  return out;
}

let exists = true;
try {
  statSync(CORPUS);
} catch {
  exists = false;
}

if (!exists) {
  skipNotice(`skipping explain on the corpus: ${CORPUS} is absent`);
  test.skip('explain on the corpus (../shared is absent)', () => undefined);
} else {
  test('the route matrix of every corpus template is computed without an exception', () => {
    let explained = 0;
    let cells = 0;
    const failures: string[] = [];
    for (const file of templates(CORPUS)) {
      let value: unknown;
      try {
        const outcome = loadTemplateText(readFileSync(file, 'utf8'), file);
        if (outcome.kind !== 'template') continue;
        value = outcome.doc.value;
      } catch (error) {
        if (error instanceof LoadError) continue;
        throw error;
      }
      try {
        const matrix = explainMatrix(buildModel(file, value));
        explained++;
        for (const row of matrix.rows) {
          for (const cell of row.cells) {
            cells++;
            if (cell.outcome === 'blocked' && !cell.error?.message) failures.push(`${file}: ${row.method} ${row.path}: blocked without an error`);
          }
        }
      } catch (error) {
        if (error instanceof RequestError) continue; // no REST or HTTP API
        failures.push(`${file}: ${(error as Error).stack ?? String(error)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(explained).toBeGreaterThan(200);
    expect(cells).toBeGreaterThan(explained);
  });
}
