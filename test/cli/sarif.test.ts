/**
 * Real SARIF from the command line (not hand-made results): valid against the official SARIF 2.1.0 schema where
 * `../shared/schemas` is present, structurally sound always, and the same bytes from one run to the next.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Sarif from 'sarif';
import { DIRECTIVE_CHECKS } from '../../src/engine/suppress.js';
import { rules } from '../../src/index.js';
import { sarifSchemaErrors, testWithSarifSchema } from '../helpers/report-schemas.js';
import { cli, project, WARNING_TEMPLATE } from './helpers.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** What the SARIF must hold whatever the schema says: the contract of design.md. */
function checkStructure(log: Sarif.Log): string[] {
  const problems: string[] = [];
  const fail = (what: string): void => {
    problems.push(what);
  };
  if (log.version !== '2.1.0') fail('version is not 2.1.0');
  if (!log.$schema?.endsWith('sarif-schema-2.1.0.json')) fail('$schema does not name SARIF 2.1.0');
  if (log.runs.length !== 1) fail('not exactly one run');
  const run = log.runs[0];
  if (!run) return problems;
  const driver = run.tool.driver;
  if (driver.name !== 'cors-lint') fail('driver is not cors-lint');
  // every rule and the two checks of suppressions, sorted; then the rules of findings raised to errors
  const ruleIds = (driver.rules ?? []).map((r) => r.id);
  const known = [...rules, ...DIRECTIVE_CHECKS].map((r) => r.id).sort();
  const raised = ruleIds.slice(known.length);
  if (JSON.stringify(ruleIds.slice(0, known.length)) !== JSON.stringify(known)) fail(`driver.rules ${ruleIds.join(',')} is not every rule, sorted`);
  if (raised.some((id) => !/^[a-z-]+\/raised$/.test(id) || !known.includes(id.replace(/\/raised$/, '')))) fail(`driver.rules ${raised.join(',')}: not raised rules`);
  for (const rule of driver.rules ?? []) {
    const own = rule.id.replace(/\/raised$/, '');
    const meta = [...rules, ...DIRECTIVE_CHECKS].find((r) => r.id === own);
    const page = DIRECTIVE_CHECKS.some((c) => c.id === own) ? '/docs/configuration.md#suppressions' : `/docs/rules/${own}.md`;
    if (!rule.shortDescription?.text || !rule.fullDescription?.text) fail(`${rule.id}: descriptions missing`);
    if (!rule.help?.text || !rule.help.markdown) fail(`${rule.id}: help missing`);
    if (!rule.helpUri?.endsWith(page)) fail(`${rule.id}: helpUri is not its doc page`);
    if (!Array.isArray(rule.properties?.tags) || rule.properties.tags.length === 0) fail(`${rule.id}: no tags`);
    const severity = rule.properties?.['security-severity'] as string | undefined;
    const score = rule.id === own ? meta?.securitySeverity : meta?.raisedSecuritySeverity;
    if (meta && score !== undefined && score > 0 && severity !== score.toFixed(1)) fail(`${rule.id}: security-severity ${severity}`);
    if (rule.id !== own && rule.defaultConfiguration?.level !== 'error') fail(`${rule.id}: not an error rule`);
  }
  if (run.columnKind !== 'utf16CodeUnits') fail('columnKind');
  if (!run.originalUriBaseIds?.['%SRCROOT%']?.uri?.startsWith('file:///')) fail('%SRCROOT% is not a file URI');
  const relative = (location: Sarif.Location | undefined, where: string): void => {
    const artifact = location?.physicalLocation?.artifactLocation;
    if (!artifact?.uri || artifact.uriBaseId !== '%SRCROOT%' || /^[a-z]+:|^\//i.test(artifact.uri)) fail(`${where}: uri ${artifact?.uri} is not relative to %SRCROOT%`);
    const region = location?.physicalLocation?.region;
    if (!region?.startLine || region.startLine < 1 || !region.startColumn || region.startColumn < 1) fail(`${where}: no 1-based region`);
  };
  for (const [i, result] of (run.results ?? []).entries()) {
    const where = `result ${i}`;
    if (result.ruleIndex === undefined || driver.rules?.[result.ruleIndex]?.id !== result.ruleId) fail(`${where}: ruleIndex does not point at ${result.ruleId}`);
    if (result.level !== 'error' && result.level !== 'warning') fail(`${where}: level ${result.level}`);
    if (!result.message.text) fail(`${where}: no message`);
    relative(result.locations?.[0], where);
    const fingerprints = Object.values(result.partialFingerprints ?? {});
    if (fingerprints.length === 0 || fingerprints.some((f) => typeof f !== 'string' || f.length < 16)) fail(`${where}: partialFingerprints`);
    for (const [k, related] of (result.relatedLocations ?? []).entries()) relative(related, `${where} related ${k}`);
  }
  for (const [i, note] of (run.invocations?.[0]?.toolExecutionNotifications ?? []).entries()) {
    // a file that cannot be read is an error; what could not be checked a note with its kind as descriptor id
    const notChecked = note.level === 'note' && typeof note.descriptor?.id === 'string' && note.properties?.notChecked === true;
    if ((note.level !== 'error' && !notChecked) || !note.message.text) fail(`notification ${i}`);
    relative(note.locations?.[0], `notification ${i}`);
  }
  return problems;
}

describe('SARIF written by the command line', () => {
  const sarifOf = async (argv: string[], cwd: string): Promise<{ text: string; log: Sarif.Log }> => {
    const r = await cli(['--format', 'sarif', ...argv], { cwd });
    // the fixtures leave handlers and remote documents unchecked: that is said on standard error, nothing else is
    expect(r.stderr.replace(/^cors-lint: not checked: .*\n/, '')).toBe('');
    return { text: r.stdout, log: JSON.parse(r.stdout) as Sarif.Log };
  };

  const INPUTS: Array<[string, string[]]> = [
    ['the examples', ['examples/']],
    ['every fixture', ['fixtures/']],
    ['a clean template only', ['fixtures/wildcard-origin/valid/specific-origins.yaml']],
  ];

  test.each(INPUTS)('%s: structurally sound, the same bytes twice', async (_name, argv) => {
    const first = await sarifOf(argv, REPO);
    const second = await sarifOf(argv, REPO);
    expect(second.text).toBe(first.text);
    expect(checkStructure(first.log)).toEqual([]);
    // two lint runs of every fixture in process: beyond jest's 5 s on a loaded machine
  }, 60_000);

  testWithSarifSchema.each(INPUTS)('%s: valid against the SARIF 2.1.0 schema', async (_name, argv) => {
    expect(sarifSchemaErrors((await sarifOf(argv, REPO)).log)).toEqual([]);
  });

  test('the fixtures give results with related locations, and every rule with a finding is there', async () => {
    const { log } = await sarifOf(['fixtures/'], REPO);
    const results = log.runs[0]?.results ?? [];
    expect([...new Set(results.map((r) => r.ruleId))]).toEqual(expect.arrayContaining(['wildcard-origin', 'duplicate-key']));
    expect(results.some((r) => (r.relatedLocations ?? []).length > 0)).toBe(true);
  });

  const withUnparsable = async (check: (log: Sarif.Log) => void): Promise<void> => {
    const p = project({ 'good.yaml': WARNING_TEMPLATE, 'bad.yaml': 'Resources:\n  A: *x\n', 'empty.yaml': '' });
    try {
      check((await sarifOf(['good.yaml', 'bad.yaml', 'empty.yaml'], p.dir)).log);
    } finally {
      p.remove();
    }
  };

  test('files that cannot be parsed are tool execution notifications', async () => {
    await withUnparsable((log) => {
      const invocation = log.runs[0]?.invocations?.[0];
      expect(invocation?.executionSuccessful).toBe(false);
      expect(invocation?.toolExecutionNotifications?.map((n) => [n.locations?.[0]?.physicalLocation?.artifactLocation?.uri, n.locations?.[0]?.physicalLocation?.region?.startLine])).toEqual([
        ['bad.yaml', 2],
        ['empty.yaml', 1],
      ]);
      expect(log.runs[0]?.results?.map((r) => r.ruleId)).toEqual(['wildcard-origin']);
      expect(checkStructure(log)).toEqual([]);
    });
  });

  testWithSarifSchema('a log with tool execution notifications is valid against the schema', async () => {
    await withUnparsable((log) => expect(sarifSchemaErrors(log)).toEqual([]));
  });

  test('the structural check does catch a broken log', async () => {
    const { log } = await sarifOf(['examples/'], REPO);
    const result = log.runs[0]?.results?.[0];
    if (!result) throw new Error('the examples give no result');
    result.ruleIndex = (result.ruleIndex ?? 0) + 1;
    result.locations![0]!.physicalLocation!.artifactLocation!.uri = '/abs/template.yaml';
    expect(checkStructure(log)).toEqual([
      `result 0: ruleIndex does not point at ${result.ruleId}`,
      'result 0: uri /abs/template.yaml is not relative to %SRCROOT%',
    ]);
  });

  const built = existsSync(join(REPO, 'dist', 'src', 'cli.js'));
  (built ? test : test.skip)('-o out.sarif from the built binary: the same bytes from two separate processes, and as printed', async () => {
    const p = project({ 'good.yaml': WARNING_TEMPLATE });
    try {
      const bin = join(REPO, 'bin', 'cors-lint.js');
      const runOnce = (out: string) => spawnSync(process.execPath, [bin, '--format', 'sarif', '-o', out, '.'], { cwd: p.dir, encoding: 'utf8' });
      expect(runOnce('a.sarif').status).toBe(0);
      expect(runOnce('b.sarif').status).toBe(0);
      const a = readFileSync(join(p.dir, 'a.sarif'), 'utf8');
      expect(readFileSync(join(p.dir, 'b.sarif'), 'utf8')).toBe(a);
      expect((await cli(['--format', 'sarif', '.'], { cwd: p.dir })).stdout).toBe(a);
      expect(checkStructure(JSON.parse(a) as Sarif.Log)).toEqual([]);
    } finally {
      p.remove();
    }
  });
});
