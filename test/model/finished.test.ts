/**
 * A finished model: each stage returns its own result and none writes into another's. The model stage's model is
 * frozen as soon as it is built (under test), the handler stage's answers too; duplicate keys come from the load
 * stage into the model stage, and handler answers reach the rules through their context.
 */
import { join } from 'node:path';
import { defineRule } from '../../src/engine/rule.js';
import { lint, rules as shipped } from '../../src/index.js';
import type { RuleFacts } from '../../src/model/facts.js';
import type { CorsModel } from '../../src/model/types.js';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');

/** Every object and array reachable from a value that is not frozen, by path (at most a few). */
function unfrozen(value: unknown): string[] {
  const found: string[] = [];
  const seen = new Set<object>();
  const walk = (v: unknown, path: string): void => {
    if (typeof v !== 'object' || v === null || seen.has(v) || found.length >= 5) return;
    seen.add(v);
    if (!Object.isFrozen(v)) found.push(path || '(root)');
    if (v instanceof Map) for (const [k, x] of v) walk(x, `${path}.get(${String(k)})`);
    for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(value, '');
  return found;
}

const templates = [
  join(FIXTURES, 'proxy-missing-allow-origin', 'invalid', 'node-commonjs-error-paths', 'template.yaml'),
  join(FIXTURES, 'proxy-origin-mismatch', 'invalid'),
  join(FIXTURES, 'duplicate-key', 'invalid'),
  join(FIXTURES, 'globals-cors-merge', 'invalid'),
];

describe('the model and the handler answers are finished when their stage returns them', () => {
  test('every model and every handler result of a run is frozen, all the way down', async () => {
    const run = await lint(templates, { cwd: FIXTURES, configLookup: false });
    expect(run.models.size).toBeGreaterThan(5);
    for (const [file, model] of run.models) {
      expect([file, unfrozen(model)]).toEqual([file, []]);
      const handlers = run.handlers?.get(file);
      expect(handlers).toBeDefined();
      expect([file, unfrozen(handlers)]).toEqual([file, []]);
    }
    // the handler stage did answer for the proxy template
    const proxy = run.models.get(templates[0]!)!;
    const route = proxy.apis[0]!.routes.find((r) => r.integration.type === 'lambda-proxy')!;
    expect(run.handlers!.get(templates[0]!)!.answerFor(route)?.responses.length).toBeGreaterThan(0);
  });

  test('a rule that writes into the model fails (an internal error for that template), and the other templates are not touched', async () => {
    const writer = defineRule<CorsModel>({
      id: 'writes-into-the-model',
      severity: 'error',
      summary: 'A rule that changes what it reads.',
      tags: [],
      securitySeverity: 0,
      docs: { why: '', invalid: '', valid: '', fix: '', links: [] },
      check(model) {
        (model.apis as unknown[]).push({});
      },
    });
    const run = await lint([templates[3]!], { cwd: FIXTURES, configLookup: false, rules: [writer] });
    const messages = run.results.flatMap((r) => r.messages);
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) {
      expect(m.fatal).toBe(true);
      expect(m.message).toMatch(/^internal error: rule 'writes-into-the-model' failed: .*(not extensible|read.only|frozen)/i);
    }
  });

  test('rules read what a handler returns from their context, not from the model', async () => {
    const seen: string[] = [];
    const reader = defineRule<CorsModel, Record<string, unknown>, RuleFacts>({
      id: 'reads-handlers',
      severity: 'warning',
      summary: 'Lists the functions whose handler was read.',
      tags: [],
      securitySeverity: 0,
      docs: { why: '', invalid: '', valid: '', fix: '', links: [] },
      check(model, context) {
        for (const fn of model.functions) {
          const analysis = context.handlers.forFunction(fn.id);
          if (analysis) seen.push(`${fn.id}: ${analysis.status}, ${analysis.responses.length} responses`);
          expect(Object.keys(fn)).not.toContain('handlerAnalysis');
        }
        for (const route of model.apis.flatMap((a) => a.routes)) expect(Object.keys(route)).not.toContain('handler');
      },
    });
    await lint([templates[0]!], { cwd: FIXTURES, configLookup: false, rules: [reader, ...shipped] });
    expect(seen).toEqual(['ItemFunction: analysed, 3 responses']);
  });

  test('duplicate keys come from the load stage: the template first, then each OpenAPI file it reads, once', async () => {
    const run = await lint([join(FIXTURES, 'duplicate-key', 'invalid', 'openapi-file')], { cwd: FIXTURES, configLookup: false });
    const [model] = [...run.models.values()];
    expect(model!.documents.map((d) => [d.file.slice(FIXTURES.length + 1), d.duplicateKeys.map((k) => [k.key, k.loc.range?.line, k.first.range?.line])])).toEqual([
      ['duplicate-key/invalid/openapi-file/template.yaml', []],
      ['duplicate-key/invalid/openapi-file/openapi.yaml', [['get', 11, 7]]],
    ]);
    const found = run.results.flatMap((r) => r.messages.map((m) => [r.filePath.slice(FIXTURES.length + 1), m.ruleId, m.line]));
    expect(found.filter(([, rule]) => rule === 'duplicate-key')).toEqual([['duplicate-key/invalid/openapi-file/openapi.yaml', 'duplicate-key', 11]]);
  });
});
