/**
 * SAM ⇄ CloudFormation on the fixtures of the preflight, route and response rules: each SAM fixture is turned
 * into the CloudFormation SAM makes of it (`../shared/tools/sam-translate`), and the rules must find the same
 * problems (the same set of rule ids) in both. Skips with a notice where the tool or the translator is absent.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { lint } from '../../src/index.js';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const tool = join(root, '..', 'shared', 'tools', 'sam-translate');
const RULES = [
  'preflight-authorizer',
  'default-route-swallows-preflight',
  'auth-header-not-allowed',
  'missing-allow-headers',
  'route-method-not-allowed',
  'methods-broader-than-routes',
  'gateway-responses-missing-cors',
  'response-header-not-declared',
];

const samFixtures = RULES.flatMap((rule) =>
  ['invalid', 'valid'].flatMap((kind) => {
    const dir = join(root, 'fixtures', rule, kind);
    return readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f) && readFileSync(join(dir, f), 'utf8').includes('Transform: AWS::Serverless'))
      .map((f) => join(dir, f));
  }),
);

/** Loads `sam-translate` as a module and runs its `main` on each (input, output) pair of the arguments. */
const BATCH = [
  'import sys, importlib.machinery, importlib.util',
  'loader = importlib.machinery.SourceFileLoader("sam_translate", sys.argv[1])',
  'spec = importlib.util.spec_from_loader("sam_translate", loader)',
  'tool = importlib.util.module_from_spec(spec); loader.exec_module(tool)',
  'args = sys.argv[2:]',
  'codes = [tool.main(["sam-translate", args[i], args[i + 1]]) for i in range(0, len(args), 2)]',
  'sys.exit(max(codes) if codes else 0)',
].join('\n');

async function ruleIds(file: string): Promise<string[]> {
  const result = await lint([file], { cwd: root });
  const ids = result.results.flatMap((r) => r.messages.map((m) => m.ruleId ?? 'fatal'));
  return [...new Set(ids.filter((id) => RULES.includes(id) || id === 'fatal'))].sort();
}

describe('SAM fixtures find the same problems as their CloudFormation', () => {
  let work = '';
  let available = false;
  const translated = new Map<string, string>();

  beforeAll(async () => {
    if (!existsSync(tool)) return;
    work = mkdtempSync(join(tmpdir(), 'cors-lint-oracle-'));
    const probe = join(work, 'probe.yaml');
    writeFileSync(probe, 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Q:\n    Type: AWS::SNS::Topic\n');
    try {
      await run(tool, [probe]);
      available = true;
    } catch {
      return;
    }
    const pairs = samFixtures.map((file, i) => [file, join(work, `${i}.json`)] as const);
    try {
      // One interpreter for all of them: the tool's `main(argv)` called once per fixture.
      await run('python3', ['-c', BATCH, tool, ...pairs.flat()], { maxBuffer: 1 << 24 });
    } catch {
      for (const [file, out] of pairs) await run(tool, [file, out]);
    }
    for (const [file, out] of pairs) translated.set(file, out);
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('there are SAM fixtures to compare', () => {
    expect(samFixtures.length).toBeGreaterThan(10);
  });

  test.each(samFixtures.map((f) => [f.slice(root.length + 1), f]))('%s', async (_name, file) => {
    if (!available) {
      console.warn(`skipped: ${tool} or the SAM translator is not available`);
      return;
    }
    const cfn = translated.get(file);
    expect(cfn).toBeDefined();
    expect(await ruleIds(cfn!)).toEqual(await ruleIds(file));
  });
});
