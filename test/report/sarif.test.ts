import type * as Sarif from 'sarif';

import { buildSarifLog, FINGERPRINT_KEY, formatSarif, SARIF_SCHEMA_URI } from '../../src/report/index.js';
import { MAX_RELATED_LOCATIONS, MAX_RESULTS, artifactLocationOf, pascalCase, regionOf, shorten } from '../../src/report/sarif.js';
import type { LintMessage, LintResult, RelatedLocation } from '../../src/types.js';
import { sarifSchemaErrors, testWithSarifSchema } from '../helpers/report-schemas.js';
import { CWD, RULES, fixtureContext, fixtureResults } from './fixtures.js';

function run(log: Sarif.Log): Sarif.Run {
  const first = log.runs[0];
  if (!first) throw new Error('no run');
  return first;
}

function result(file: string, messages: LintMessage[], suppressed: LintMessage[] = []): LintResult {
  return {
    filePath: file,
    messages,
    suppressedMessages: suppressed,
    errorCount: messages.filter((m) => m.severity === 2).length,
    warningCount: messages.filter((m) => m.severity === 1).length,
    fatalErrorCount: messages.filter((m) => m.fatal).length,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
  };
}

function finding(overrides: Partial<LintMessage> = {}): LintMessage {
  return { ruleId: 'wildcard-origin', severity: 1, message: "AllowOrigin is '*'.", line: 3, column: 5, ...overrides };
}

describe('SARIF against the official schema', () => {
  testWithSarifSchema.each([
    ['the fixture', fixtureResults()],
    ['no results at all', []],
    ['only clean files', [result('/project/a.yaml', [])]],
    ['a file outside the working directory', [result('/elsewhere/b.yaml', [finding()])]],
  ])('%s gives a valid log', (_name, results) => {
    const log: unknown = JSON.parse(formatSarif(results as LintResult[], fixtureContext()));
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  testWithSarifSchema('the validator does reject a broken log', () => {
    const log = JSON.parse(formatSarif(fixtureResults(), fixtureContext())) as Sarif.Log;
    const first = run(log).results?.[0];
    if (!first) throw new Error('the fixture gives no result');
    (first as { level: string }).level = 'fatal';
    expect(sarifSchemaErrors(log)).not.toEqual([]);
  });
});

describe('SARIF structure', () => {
  const log = buildSarifLog(fixtureResults(), fixtureContext());
  const theRun = run(log);
  const rules = theRun.tool.driver.rules ?? [];
  const results = theRun.results ?? [];
  const artifacts = theRun.artifacts ?? [];

  test('header, one run, tool driver', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(log.runs).toHaveLength(1);
    const { driver } = theRun.tool;
    expect(driver.name).toBe('cors-lint');
    expect(driver.version).toBe('0.1.0');
    expect(driver.semanticVersion).toBe('0.1.0');
    expect(driver.informationUri).toBe('https://github.com/example/cors-lint');
    expect(theRun.columnKind).toBe('utf16CodeUnits');
    expect(theRun.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///project/' } });
  });

  test('every known rule is listed once, sorted by id, with help and severity', () => {
    expect(rules.map((r) => r.id)).toEqual(Object.keys(RULES).sort());
    for (const rule of rules) {
      const meta = RULES[rule.id];
      if (!meta) throw new Error(`unknown rule ${rule.id}`);
      expect(rule.name).toBe(pascalCase(rule.id));
      expect(rule.shortDescription?.text).toBe(meta.summary);
      expect(rule.fullDescription?.text).not.toMatch(/`|\*\*|\]\(/);
      expect(rule.help?.markdown).toContain('```yaml\n');
      expect(rule.help?.markdown).toContain(meta.docs.valid.trimEnd());
      expect(rule.help?.text).not.toContain('```');
      expect(rule.helpUri).toBe(`https://github.com/example/cors-lint/blob/main/docs/rules/${rule.id}.md`);
      expect(rule.defaultConfiguration?.level).toBe(meta.severity);
      expect(rule.properties?.tags).toEqual(meta.tags);
      expect(rule.properties?.precision).toBe('high');
      if (meta.securitySeverity > 0) {
        expect(rule.properties?.['security-severity']).toBe(meta.securitySeverity.toFixed(1));
        expect(rule.properties?.['security-severity']).toMatch(/^\d+\.\d$/);
      } else {
        expect(rule.properties).not.toHaveProperty('security-severity');
      }
    }
    expect(pascalCase('credentials-with-wildcard')).toBe('CredentialsWithWildcard');
  });

  test("every result's ruleIndex points at the rule with its id", () => {
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(typeof r.ruleIndex).toBe('number');
      expect(rules[r.ruleIndex ?? -1]?.id).toBe(r.ruleId);
      expect(r.level).toMatch(/^(error|warning)$/);
    }
  });

  test('locations: relative URIs under %SRCROOT%, artifact indexes, 1-based regions', () => {
    const locations = results.flatMap((r) => [...(r.locations ?? []), ...(r.relatedLocations ?? [])]);
    const notes = theRun.invocations?.[0]?.toolExecutionNotifications ?? [];
    locations.push(...notes.flatMap((n) => n.locations ?? []));
    expect(locations.length).toBeGreaterThan(0);
    for (const location of locations) {
      const physical = location.physicalLocation;
      const artifact = physical?.artifactLocation;
      expect(artifact?.uriBaseId).toBe('%SRCROOT%');
      expect(artifact?.uri).not.toMatch(/^[a-z][a-z0-9+.-]*:|^\/|\\/i);
      expect(artifacts[artifact?.index ?? -1]?.location?.uri).toBe(artifact?.uri);
      const region = physical?.region;
      expect(region?.startLine).toBeGreaterThanOrEqual(1);
      expect(region?.startColumn).toBeGreaterThanOrEqual(1);
    }
    const uris = artifacts.map((a) => a.location?.uri);
    expect(uris).toEqual(['template.yaml', 'stacks/public%20api.yaml', 'stacks/broken.yaml', 'stacks/clean.yaml']);
    expect(new Set(uris).size).toBe(uris.length);
    const { originalUriBaseIds: _base, ...rest } = theRun;
    expect(JSON.stringify(rest)).not.toContain('/project');
  });

  test('fingerprints on every result; the given one is kept', () => {
    for (const r of results) expect(r.partialFingerprints?.[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{16,}$/);
    expect(results[0]?.partialFingerprints?.[FINGERPRINT_KEY]).toBe('5f1e0c6a9d2b47e38c0a4b1f2e3d4c5b');
  });

  test('related locations, with ids that the message links to', () => {
    const withRelated = results.find((r) => r.ruleId === 'credentials-with-wildcard');
    expect(withRelated?.relatedLocations?.map((l) => l.id)).toEqual([1, 2]);
    expect(withRelated?.relatedLocations?.[0]?.message?.text).toBe('parameter FrontendOrigin default');
    expect(withRelated?.relatedLocations?.[0]?.physicalLocation?.region).toEqual({
      startLine: 6,
      startColumn: 14,
      endLine: 6,
      endColumn: 17,
    });
    expect(withRelated?.message.text).toContain('[parameter FrontendOrigin default](1)');
    expect(withRelated?.message.text).toContain('[AllowOrigin](2)');
  });

  test('suppressed findings are results with an in-source suppression', () => {
    const suppressed = results.filter((r) => r.suppressions !== undefined);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]?.suppressions).toEqual([{ kind: 'inSource', justification: 'public, read-only assets' }]);
    expect(results.filter((r) => r.suppressions === undefined)).toHaveLength(2);
  });

  test('fatal messages are tool execution notifications, not results', () => {
    const invocation = theRun.invocations?.[0];
    expect(invocation?.executionSuccessful).toBe(false);
    const notes = invocation?.toolExecutionNotifications ?? [];
    expect(notes).toHaveLength(1);
    expect(notes[0]?.level).toBe('error');
    expect(notes[0]?.message.text).toContain('Could not parse the template');
    expect(notes[0]?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe('stacks/broken.yaml');
    expect(notes[0]?.locations?.[0]?.physicalLocation?.region).toEqual({ startLine: 4, startColumn: 4 });
    expect(results.some((r) => r.message.text?.includes('Could not parse'))).toBe(false);
    expect(results.every((r) => typeof r.ruleId === 'string')).toBe(true);
  });

  test('a run without fatal messages is successful and has no notifications', () => {
    const clean = run(buildSarifLog([result('/project/a.yaml', [finding()])], fixtureContext())).invocations?.[0];
    expect(clean).toEqual({ executionSuccessful: true });
  });
});

describe('SARIF stability', () => {
  test('byte-identical across two calls, and for equal copies of the input', () => {
    const first = formatSarif(fixtureResults(), fixtureContext());
    const second = formatSarif(fixtureResults(), fixtureContext());
    const copy = formatSarif(JSON.parse(JSON.stringify(fixtureResults())) as LintResult[], fixtureContext());
    expect(second).toBe(first);
    expect(copy).toBe(first);
    expect(first.endsWith('}\n')).toBe(true);
  });

  test('a derived fingerprint ignores the line, and tells duplicates apart', () => {
    const fingerprints = (line: number): string[] => {
      const log = buildSarifLog(
        [result('/project/a.yaml', [finding({ line }), finding({ line: line + 5 })])],
        fixtureContext(),
      );
      return (run(log).results ?? []).map((r) => r.partialFingerprints?.[FINGERPRINT_KEY] ?? '');
    };
    const before = fingerprints(3);
    const after = fingerprints(40);
    expect(after).toEqual(before);
    expect(before[0]).not.toBe(before[1]);
    const otherFile = buildSarifLog([result('/project/b.yaml', [finding()])], fixtureContext());
    expect(run(otherFile).results?.[0]?.partialFingerprints?.[FINGERPRINT_KEY]).not.toBe(before[0]);
  });
});

describe('SARIF limits and edge cases', () => {
  test('related locations are capped per result', () => {
    const related: RelatedLocation[] = Array.from({ length: 14 }, (_, i) => ({
      filePath: '/project/a.yaml',
      line: i + 1,
      column: 1,
      endLine: i + 1,
      endColumn: 4,
      message: `place ${i + 1}`,
    }));
    const log = buildSarifLog([result('/project/a.yaml', [finding({ relatedLocations: related })])], fixtureContext());
    const only = run(log).results?.[0];
    expect(only?.relatedLocations).toHaveLength(MAX_RELATED_LOCATIONS);
    expect(only?.message.text).toContain('[place 10](10) and 4 more.');
  });

  test('results are capped at the code scanning limit, errors first, with a notification', () => {
    const messages = Array.from({ length: MAX_RESULTS + 2 }, (_, i) =>
      finding({ line: i + 1, severity: i < 3 ? 1 : i === MAX_RESULTS + 1 ? 2 : 1 }),
    );
    const log = buildSarifLog([result('/project/a.yaml', messages)], fixtureContext());
    const kept = run(log).results ?? [];
    expect(kept).toHaveLength(MAX_RESULTS);
    expect(kept.some((r) => r.level === 'error')).toBe(true);
    const notes = run(log).invocations?.[0]?.toolExecutionNotifications ?? [];
    expect(notes.map((n) => n.level)).toEqual(['warning']);
    expect(notes[0]?.message.text).toContain('2 of 25002 results were left out');
    expect(run(log).invocations?.[0]?.executionSuccessful).toBe(true);
  });

  test('long messages are shortened; link-like text is escaped', () => {
    const log = buildSarifLog(
      [result('/project/a.yaml', [finding({ message: `${'x'.repeat(3000)}` }), finding({ message: 'see [a](1) here' })])],
      fixtureContext(),
    );
    const [long, linky] = run(log).results ?? [];
    expect(long?.message.text?.length).toBe(1000);
    expect(long?.message.text?.endsWith('…')).toBe(true);
    expect(linky?.message.text).toBe('see \\[a\\](1) here');
    expect(shorten('ab\u{1F600}cd', 4)).toBe('ab…');
  });

  test('URIs: forward slashes and percent-encoding; outside the working directory', () => {
    expect(artifactLocationOf('/project/dir/my file#1.yaml', CWD)).toEqual({
      uri: 'dir/my%20file%231.yaml',
      uriBaseId: '%SRCROOT%',
    });
    expect(artifactLocationOf('/project/dir/été+a@b.yaml', CWD).uri).toBe('dir/%C3%A9t%C3%A9+a@b.yaml');
    expect(artifactLocationOf('/project/a:b.yaml', CWD).uri).toBe('a%3Ab.yaml');
    expect(artifactLocationOf('/elsewhere/x.yaml', CWD)).toEqual({ uri: '../elsewhere/x.yaml', uriBaseId: '%SRCROOT%' });
  });

  test('regions: 1-based, an end before the start is dropped', () => {
    expect(regionOf({ line: 0, column: 0 })).toEqual({ startLine: 1, startColumn: 1 });
    expect(regionOf({ line: 3, column: 5, endLine: 3, endColumn: 9 })).toEqual({
      startLine: 3,
      startColumn: 5,
      endColumn: 9,
      endLine: 3,
    });
    expect(regionOf({ line: 3, column: 5, endLine: 2, endColumn: 9 })).toEqual({ startLine: 3, startColumn: 5 });
    expect(regionOf({ line: 3, column: 5, endLine: 3, endColumn: 2 })).toEqual({ startLine: 3, startColumn: 5 });
    expect(regionOf({ line: 3, column: 5, endLine: 4 })).toEqual({ startLine: 3, startColumn: 5, endLine: 4 });
  });

  test('a finding of a rule that is not known has no ruleIndex', () => {
    const log = buildSarifLog([result('/project/a.yaml', [finding({ ruleId: 'not-a-rule' })])], fixtureContext());
    const only = run(log).results?.[0];
    expect(only?.ruleId).toBe('not-a-rule');
    expect(only).not.toHaveProperty('ruleIndex');
  });

  test('no informationUri and a non-semver version are left out', () => {
    const ctx = fixtureContext({ toolVersion: 'dev' });
    delete ctx.informationUri;
    const { driver } = run(buildSarifLog([], ctx)).tool;
    expect(driver.version).toBe('dev');
    expect(driver).not.toHaveProperty('semanticVersion');
    expect(driver).not.toHaveProperty('informationUri');
  });
});
