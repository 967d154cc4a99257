/**
 * `--print-model` works on every corpus template: every template that loads gets a model, without an internal
 * error, that prints as JSON with a position for every location. Skips with a notice where `../shared` is absent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from '../../src/index.js';
import { modelToJson } from '../../src/model/print.js';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');

if (!existsSync(CORPUS)) {
  test.skip('corpus models: ../shared/corpus is absent, skipped', () => undefined);
  console.warn('corpus model test skipped: ../shared/corpus is absent');
} else {
  test('every corpus template that loads gets a model that prints as JSON, with every location positioned', async () => {
    const run = await lint([CORPUS], { cwd: CORPUS, modelOnly: true });
    const internal = run.results.flatMap((r) => r.messages.filter((m) => m.fatal && /internal error/.test(m.message)).map((m) => `${r.filePath}: ${m.message}`));
    expect(internal).toEqual([]);
    expect(run.models.size).toBeGreaterThanOrEqual(450);
    let apis = 0;
    const unpositioned: string[] = [];
    for (const [file, model] of run.models) {
      const locate = run.locators!.get(file)!;
      const json = modelToJson(model, (loc) => {
        const range = locate(loc);
        if (!range) unpositioned.push(`${file}: ${loc.path.join('.')}`);
        return range;
      }, CORPUS) as { apis: unknown[] };
      expect(JSON.parse(JSON.stringify(json))).toEqual(json);
      apis += json.apis.length;
    }
    expect(unpositioned).toEqual([]);
    expect(apis).toBeGreaterThanOrEqual(400);
  }, 120_000);
}
