/** A fix in the reports: SARIF `fixes` (valid against the schema), and ESLint's `fix` in JSON. */
import type * as Sarif from 'sarif';
import { buildSarifLog, formatSarif } from '../../src/report/index.js';
import type { LintMessage, LintResult } from '../../src/types.js';
import { sarifSchemaErrors, testWithSarifSchema } from '../helpers/report-schemas.js';
import { fixtureContext } from '../report/fixtures.js';

const message: LintMessage = {
  ruleId: 'malformed-origin',
  severity: 2,
  message: "REST API 'Api' allows the origin 'https://a.example.com/' (AllowOrigin), which has a trailing slash.",
  line: 3,
  column: 18,
  fix: { range: [40, 65], text: "\"'https://a.example.com'\"", desc: "Write the origin as 'https://a.example.com'", edits: [{ range: [40, 65], text: "\"'https://a.example.com'\"" }] },
  suggestions: [{ desc: 'Remove the origin', fix: { range: [30, 66], text: '', desc: 'Remove the origin', edits: [{ range: [30, 66], text: '' }] } }],
};

const results: LintResult[] = [
  {
    filePath: '/project/template.yaml',
    messages: [message],
    suppressedMessages: [],
    errorCount: 1,
    warningCount: 0,
    fatalErrorCount: 0,
    fixableErrorCount: 1,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
  },
];

describe('SARIF fixes', () => {
  testWithSarifSchema('a log with fixes is valid', () => {
    expect(sarifSchemaErrors(JSON.parse(formatSarif(results, fixtureContext())))).toEqual([]);
  });

  test('the fix, then each suggestion, as replacements with offsets', () => {
    const run = buildSarifLog(results, fixtureContext()).runs[0]!;
    const fixes = run.results![0]!.fixes as Sarif.Fix[];
    expect(fixes.map((f) => f.description?.text)).toEqual(["Write the origin as 'https://a.example.com'", 'Remove the origin']);
    expect(fixes[0]!.artifactChanges[0]!.replacements).toEqual([{ deletedRegion: { charOffset: 40, charLength: 25 }, insertedContent: { text: "\"'https://a.example.com'\"" } }]);
    expect(fixes[1]!.artifactChanges[0]!.replacements).toEqual([{ deletedRegion: { charOffset: 30, charLength: 36 } }]);
    expect(fixes[0]!.artifactChanges[0]!.artifactLocation).toEqual(run.results![0]!.locations![0]!.physicalLocation!.artifactLocation);
  });
});
