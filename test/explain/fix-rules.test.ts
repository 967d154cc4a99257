/**
 * explain's fixes use the facts the rules read: a fix never writes what another rule then reports. For every
 * request the route matrix finds blocked, on the explain templates and the rule fixtures, the fixed template (the
 * fixes applied to the model) has no finding of these rules that the template had not.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runRules } from '../../src/engine/run.js';
import { explainableApis, explainMatrix, explainRequest } from '../../src/explain/index.js';
import type { Api, CorsModel, CorsPolicy } from '../../src/model/types.js';
import { rules } from '../../rules/index.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { modelOf, TEMPLATES } from './helpers.js';
import { lintPaths } from '../../src/lint.js';

/** The rules that judge the values a fix writes. */
const JUDGES = [
  'wildcard-origin',
  'wildcard-headers',
  'credentials-with-wildcard',
  'auth-header-not-allowed',
  'route-method-not-allowed',
  'missing-allow-headers',
  'methods-broader-than-routes',
  'null-origin',
  'missing-inner-quotes',
];

function counts(model: CorsModel): Map<string, number> {
  const judges = rules.filter((r) => JUDGES.includes(r.id));
  const out = new Map<string, number>();
  for (const f of runRules(judges, model, () => undefined)) out.set(f.ruleId!, (out.get(f.ruleId!) ?? 0) + 1);
  return out;
}

function policiesOf(api: Api): CorsPolicy[] {
  return [...new Set([api.cors, ...api.routes.map((r) => r.preflight)].filter((p): p is CorsPolicy => p !== undefined))];
}

/** The model with one API replaced by its fixed copy. */
function withApi(model: CorsModel, fixed: Api): CorsModel {
  return { ...model, apis: model.apis.map((a) => (a.id === fixed.id ? fixed : a)), policies: [...model.policies.filter((p) => p.apiId !== fixed.id), ...policiesOf(fixed)] };
}

function check(model: CorsModel, name: string): { fixed: number; wrong: string[] } {
  const before = counts(model);
  const wrong: string[] = [];
  let fixed = 0;
  for (const api of explainableApis(model)) {
    const matrix = explainMatrix(model, { apiId: api.id });
    for (const row of matrix.rows) {
      for (const cell of row.cells) {
        if (cell.outcome !== 'blocked') continue;
        const e = explainRequest(model, api, { origin: cell.origin, method: row.method, path: row.path, headers: row.headers, credentials: row.credentials });
        if (!e.fixedApi) continue;
        fixed++;
        const after = counts(withApi(model, e.fixedApi));
        for (const [rule, n] of after) if (n > (before.get(rule) ?? 0)) wrong.push(`${name} ${row.method} ${row.path} from ${cell.origin}: ${rule} ${before.get(rule) ?? 0} → ${n}`);
      }
    }
  }
  return { fixed, wrong };
}

test('the explain templates: no fix brings a finding the template did not have', () => {
  const names = readdirSync(TEMPLATES).filter((n) => n.endsWith('.yaml'));
  let fixed = 0;
  const wrong: string[] = [];
  for (const name of names) {
    const r = check(modelOf(name), name);
    fixed += r.fixed;
    wrong.push(...r.wrong);
  }
  expect(wrong).toEqual([]);
  expect(fixed).toBeGreaterThan(3);
});

test('the rule fixtures: no fix brings a finding the template did not have', async () => {
  const files: string[] = [];
  for (const rule of readdirSync(FIXTURES)) {
    for (const kind of ['invalid', 'valid']) {
      const dir = join(FIXTURES, rule, kind);
      let entries: string[] = [];
      try {
        entries = readdirSync(dir);
      } catch {
        continue;
      }
      for (const entry of entries) {
        const path = join(dir, entry);
        files.push(statSync(path).isDirectory() ? join(path, 'template.yaml') : path);
      }
    }
  }
  const run = await lintPaths(files.filter((f) => /\.ya?ml$/.test(f)), { cwd: FIXTURES, modelOnly: true, readHandlers: true });
  let fixed = 0;
  const wrong: string[] = [];
  for (const [file, model] of run.models) {
    const r = check(model, file.slice(FIXTURES.length + 1));
    fixed += r.fixed;
    wrong.push(...r.wrong);
  }
  expect(wrong).toEqual([]);
  expect(fixed).toBeGreaterThan(50);
}, 120_000);
