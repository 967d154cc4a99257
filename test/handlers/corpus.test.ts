/**
 * The handler rules over the real templates and handlers in `../shared/corpus`. Every finding listed here was
 * looked at by hand and judged right; a change in this list is a change in behaviour to look at again.
 * Skipped, with a notice, where the corpus is absent.
 */
import { existsSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { lint, rules } from '../../src/index.js';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');
const available = existsSync(CORPUS);
if (!available) console.warn(`corpus not found at ${CORPUS}: the handler corpus tests are skipped`);
const maybe = available ? test : test.skip;

const handlerRules = rules.filter((r) => r.id.startsWith('proxy-'));

const START_API = 'sam-cli/tests/integration/testdata/start_api/main.py';

/**
 * `file:line rule × count`, reviewed by hand. main.py:10 is reached from several templates: two of them make the
 * same finding there, which is reported once with both templates as related locations.
 */
const EXPECTED = [
  ...[
    [10, 5],
    [15, 1],
    [28, 2],
    [34, 1],
    [38, 1],
    [42, 1],
    [46, 1],
    [54, 1],
    [61, 1],
    [67, 1],
    [73, 1],
    [98, 2],
    [108, 1],
    [118, 1],
    [128, 1],
    [138, 2],
    [147, 1],
    [156, 1],
    [165, 1],
    [172, 1],
  ].map(([line, n]) => `${START_API}:${line} proxy-missing-allow-origin ×${n}`),
  'serverless-patterns/apigw-lambda-tenant-isolation/src/isolated/lambda_function.py:91 proxy-missing-allow-origin ×1',
  'serverless-patterns/apigw-lambda-tenant-isolation/src/isolated/lambda_function.py:132 proxy-missing-allow-origin ×1',
  'serverless-patterns/apigw-lambda-tenant-isolation/src/standard/lambda_function.py:84 proxy-missing-allow-origin ×1',
  'serverless-patterns/apigw-lambda-tenant-isolation/src/standard/lambda_function.py:122 proxy-missing-allow-origin ×1',
  // Powertools resolvers without CORS behind an API whose preflight allows '*': every response lacks the header
  'serverless-samples/owasp-api-security-controls-demo/owasp-api-security-controls-demo/fulfillment/src/api.py:14 proxy-missing-allow-origin ×1',
  'serverless-samples/owasp-api-security-controls-demo/owasp-api-security-controls-demo/order/src/index.py:20 proxy-missing-allow-origin ×1',
  'serverless-patterns/lambda-durable-order-processing-sam/src/status.js:21 proxy-missing-allow-origin ×1',
  'serverless-patterns/lambda-durable-order-processing-sam/src/status.js:34 proxy-missing-allow-origin ×1',
  'serverless-patterns/lambda-durable-order-processing-sam/src/status.js:44 proxy-missing-allow-origin ×1',
  'serverless-patterns/lambda-durable-order-processing-sam/src/status.js:61 proxy-missing-allow-origin ×1',
].sort();

maybe('serverless-patterns, serverless-samples and sam-cli give exactly the reviewed handler findings', async () => {
  const run = await lint(['serverless-patterns', 'serverless-samples', 'sam-cli'], { cwd: CORPUS, rules: handlerRules });
  const internal = run.results.flatMap((r) => r.messages.filter((m) => m.fatal && /internal error/.test(m.message)).map((m) => `${r.filePath}: ${m.message}`));
  expect(internal).toEqual([]);
  const counts = new Map<string, number>();
  for (const r of run.results) {
    for (const m of r.messages) {
      if (!m.ruleId) continue;
      const key = `${relative(CORPUS, r.filePath)}:${m.line} ${m.ruleId}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  expect([...counts].map(([k, n]) => `${k} ×${n}`).sort()).toEqual(EXPECTED);
}, 60_000);

maybe('SAM input and its CloudFormation output give the same handler findings (sam-translator)', async () => {
  const run = await lint(['sam-translator/input', 'sam-translator/output'], { cwd: CORPUS, rules: handlerRules });
  const byName = new Map<string, { input: string[]; output: string[] }>();
  for (const r of run.results) {
    const rel = relative(CORPUS, r.filePath);
    const side = rel.startsWith('sam-translator/input/') ? 'input' : rel.startsWith('sam-translator/output/') ? 'output' : undefined;
    if (!side) continue;
    const name = basename(rel).replace(/\.(ya?ml|json)$/, '');
    const entry = byName.get(name) ?? { input: [], output: [] };
    entry[side].push(...r.messages.filter((m) => m.ruleId).map((m) => `${m.ruleId}: ${m.message}`));
    byName.set(name, entry);
  }
  const found = [...byName].filter(([, e]) => e.input.length > 0 || e.output.length > 0);
  expect(found.length).toBeGreaterThan(0);
  for (const [name, e] of found) expect(`${name}: ${e.output.sort().join(' | ')}`).toBe(`${name}: ${e.input.sort().join(' | ')}`);
}, 60_000);
