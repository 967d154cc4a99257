/**
 * No crash on real templates: every YAML and JSON file of the shared corpus loads, and every template in it lints
 * without throwing and without a fatal result. Skipped with a notice where `../shared/corpus` is absent.
 */
import { join } from 'node:path';
import { lint } from '../../src/index.js';
import { loadDocumentText, notTemplateReason, readTextFile } from '../../src/load/index.js';
import { CORPUS, corpusFiles, corpusFolders, hasCorpus, show } from './helpers.js';

const maybe = hasCorpus ? test : test.skip;

describe('the shared corpus', () => {
  const templates = new Set<string>();

  maybe('every YAML and JSON file loads', () => {
    const failures: string[] = [];
    const files = corpusFiles();
    const started = performance.now();
    for (const file of files) {
      try {
        const doc = loadDocumentText(readTextFile(file), file);
        if (notTemplateReason(doc.value) === undefined) templates.add(file);
      } catch (error) {
        const e = error as { message: string; line?: number; column?: number };
        failures.push(`${show(file)}:${e.line ?? '?'}:${e.column ?? '?'}: ${e.message}`);
      }
    }
    const ms = performance.now() - started;
    console.log(`corpus: ${files.length} YAML/JSON files loaded in ${ms.toFixed(0)} ms, ${templates.size} of them templates`);
    expect(failures).toEqual([]);
    expect(files.length).toBeGreaterThan(500);
    expect(templates.size).toBeGreaterThan(300);
  });

  maybe('every template lints without throwing and without a fatal result', async () => {
    const lines: string[] = [];
    const fatal: string[] = [];
    let linted = 0;
    let findings = 0;
    const started = performance.now();
    for (const folder of corpusFolders()) {
      const t0 = performance.now();
      const run = await lint([join(CORPUS, folder)], { cwd: CORPUS });
      for (const result of run.results) {
        for (const m of result.messages) {
          if (m.fatal) fatal.push(`${show(result.filePath)}:${m.line}:${m.column}: ${m.message}`);
          else findings++;
        }
      }
      linted += run.templates;
      lines.push(`${folder}: ${run.templates} templates in ${(performance.now() - t0).toFixed(0)} ms`);
    }
    const ms = performance.now() - started;
    console.log(`corpus: ${linted} templates linted in ${ms.toFixed(0)} ms (${findings} findings)\n  ${lines.join('\n  ')}`);
    expect(fatal).toEqual([]);
    // every file the loader calls a template is linted as one (the walk reads the same extensions)
    expect(linted).toBe(templates.size);
  });
});
