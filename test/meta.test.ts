/** Keeps the rules, their fixtures, their doc pages, the README table and the layout rules in step. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { renderRuleDoc, renderRuleTable, TABLE_END, TABLE_START } from '../src/docs.js';
import { lint, rules } from '../src/index.js';

const root = join(__dirname, '..');
const read = (...p: string[]): string => readFileSync(join(root, ...p), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const rel = join(dir, name);
    return statSync(join(root, rel)).isDirectory() ? sources(rel) : rel.endsWith('.ts') ? [rel] : [];
  });
}

describe('every rule is complete', () => {
  const files = readdirSync(join(root, 'rules')).filter((f) => f.endsWith('.ts') && f !== 'index.ts');

  test('each rule file is in the index, and each indexed rule has its file (file name == id)', () => {
    expect(rules.map((r) => `${r.id}.ts`).sort()).toEqual(files.sort());
  });

  test.each(rules.map((r) => [r.id, r] as const))('%s has fixtures, a doc page and a README row', (id, rule) => {
    for (const kind of ['invalid', 'valid']) {
      const dir = join(root, 'fixtures', id, kind);
      expect(existsSync(dir) && readdirSync(dir).length > 0).toBe(true);
    }
    expect(existsSync(join(root, 'docs', 'rules', `${id}.md`))).toBe(true);
    expect(read('docs', 'rules', `${id}.md`)).toBe(renderRuleDoc(rule));
    expect(read('README.md')).toContain(`| [\`${id}\`](docs/rules/${id}.md) |`);
    expect(rule.summary.length).toBeGreaterThan(10);
    expect(rule.docs.links.length).toBeGreaterThan(0);
    expect(rule.securitySeverity).toBeGreaterThanOrEqual(0);
    expect(rule.securitySeverity).toBeLessThanOrEqual(10);
  });

  test('the README rule table is up to date (npm run docs)', () => {
    const readme = read('README.md');
    const table = readme.slice(readme.indexOf(TABLE_START), readme.indexOf(TABLE_END) + TABLE_END.length);
    expect(table).toBe(renderRuleTable(rules));
  });

  test('no doc page without a rule', () => {
    const pages = readdirSync(join(root, 'docs', 'rules')).map((f) => f.replace(/\.md$/, ''));
    expect(pages.sort()).toEqual(rules.map((r) => r.id).sort());
  });
});

/** The ids of issue 4's rule table: fixed, because users write them in configuration and suppressions. */
const ISSUE_4_IDS = [
  'wildcard-origin',
  'credentials-with-wildcard',
  'malformed-origin',
  'multiple-origins',
  'null-origin',
  'insecure-origin',
  'unsupported-origin-pattern',
  'missing-inner-quotes',
  'allow-credentials-not-boolean',
  'unknown-cors-key',
  'preflight-authorizer',
  'default-route-swallows-preflight',
  'auth-header-not-allowed',
  'missing-allow-headers',
  'route-method-not-allowed',
  'methods-broader-than-routes',
  'wildcard-headers',
  'gateway-responses-missing-cors',
  'response-header-not-declared',
  'max-age-over-cap',
  'globals-cors-merge',
];

test('a warning rule with a security severity that raises findings to errors says how those rank (raisedSecuritySeverity)', async () => {
  const raising: string[] = [];
  for (const rule of rules.filter((r) => r.severity === 'warning' && r.securitySeverity > 0)) {
    const run = await lint([join(root, 'fixtures', rule.id, 'invalid')], { configLookup: false, threads: 1 });
    if (run.results.some((r) => r.messages.some((m) => m.ruleId === rule.id && m.severity === 2))) raising.push(rule.id);
  }
  expect(raising.length).toBeGreaterThan(0);
  expect(raising.filter((id) => rules.find((r) => r.id === id)!.raisedSecuritySeverity === undefined)).toEqual([]);
});

test('every id of the rule catalogue (issue 4) exists as a rule', () => {
  const ids = new Set(rules.map((r) => r.id));
  expect(ISSUE_4_IDS.length).toBe(21);
  expect(ISSUE_4_IDS.filter((id) => !ids.has(id))).toEqual([]);
});

describe('the layout is honest', () => {
  test('src/engine does not import rules/', () => {
    for (const file of sources('src/engine')) expect(`${file}: ${/from '(\.\.\/)+rules\//.test(read(file))}`).toBe(`${file}: false`);
  });

  test('rules read the model, not YAML', () => {
    for (const file of sources('rules')) {
      const text = read(file);
      expect(`${file}: ${/from '(yaml|yaml-cfn)'|src\/load\//.test(text)}`).toBe(`${file}: false`);
    }
  });

  test('rules ask the simulator (src/simulate), never the explain command (src/explain)', () => {
    for (const file of sources('rules')) expect(`${file}: ${/from '\.\.\/src\/explain\//.test(read(file))}`).toBe(`${file}: false`);
  });

  test('the simulator depends on the model only: not on the explain command, the engine or the pipeline', () => {
    for (const file of sources('src/simulate')) {
      const imports = [...read(file).matchAll(/^(?:import|export)\b[^;]*? from '([^']+)';$/gm)].map((m) => m[1]!);
      const outside = imports.filter((i) => !/^\.\/[a-z-]+\.js$/.test(i) && !/^\.\.\/(model\/[a-z-]+|types)\.js$/.test(i));
      expect(`${file}: ${outside.join(', ')}`).toBe(`${file}: `);
    }
  });

  test('only cli.ts knows about process.exit', () => {
    const offenders = [...sources('src'), ...sources('rules')].filter((f) => f !== join('src', 'cli.ts') && /process\.exit/.test(read(f)));
    expect(offenders).toEqual([]);
  });
});
