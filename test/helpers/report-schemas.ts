/**
 * The report formats CI platforms read, as validators the tests share.
 *
 * - SARIF 2.1.0: the official schema, from `../shared/schemas/sarif-schema-2.1.0.json` where present. Where it
 *   is absent, `testWithSarifSchema` is `test.skip` (with one notice), so that a schema check shows as skipped
 *   instead of passing; `sarifValidator` is then undefined. Every test that validates SARIF comes here.
 * - GitLab Code Quality: GitLab publishes the format as a table, not a schema file
 *   (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format, "Code Quality report format").
 *   `GITLAB_CODE_QUALITY_SCHEMA` writes down those facts: the report is a JSON array; each issue has a
 *   `description`, a `check_name`, a `fingerprint` (unique in the report: GitLab shows one issue per
 *   fingerprint), a `severity` (`info`, `minor`, `major`, `critical` or `blocker`), and a `location` with the
 *   file's `path` relative to the repository and the line, `lines.begin`. Other fields are allowed and ignored.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

export const SARIF_SCHEMA = join(__dirname, '..', '..', '..', 'shared', 'schemas', 'sarif-schema-2.1.0.json');
export const haveSarifSchema = existsSync(SARIF_SCHEMA);
if (!haveSarifSchema) console.warn(`SARIF schema not found at ${SARIF_SCHEMA}: the tests that validate against it are skipped`);

/** `test` where the SARIF schema is at hand, `test.skip` where it is not. */
export const testWithSarifSchema: jest.It = haveSarifSchema ? test : test.skip;

let sarif: ValidateFunction | undefined;

/** The official SARIF 2.1.0 schema's validator, or undefined where the schema is absent. */
export function sarifValidator(): ValidateFunction | undefined {
  if (sarif || !haveSarifSchema) return sarif;
  // Both packages are CommonJS with a `default` that is the export itself: `.default` works in either module system.
  const ajv = new Ajv04.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  sarif = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')) as object);
  return sarif;
}

/** The errors the SARIF schema finds in a log: `[]` for a valid one. Only in `testWithSarifSchema` tests. */
export function sarifSchemaErrors(log: unknown): unknown[] {
  const validate = sarifValidator();
  if (!validate) throw new Error(`SARIF schema not found at ${SARIF_SCHEMA}: validate only in testWithSarifSchema tests`);
  return validate(log) ? [] : [...(validate.errors ?? [])];
}

export const GITLAB_CODE_QUALITY_SCHEMA = {
  $comment: 'From https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format',
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path', 'lines'],
        properties: {
          // relative to the repository: no leading slash, no drive, no `./` or `../`
          path: { type: 'string', pattern: '^(?![A-Za-z]:)(?!\\.{1,2}/)[^/\\\\]' },
          lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 }, end: { type: 'integer', minimum: 1 } } },
        },
      },
    },
  },
} as const;

let gitlab: ValidateFunction | undefined;

/** Problems of a GitLab Code Quality report: the schema's, and fingerprints that are not unique. */
export function gitlabProblems(report: unknown): unknown[] {
  gitlab ??= new Ajv.default({ strict: false, allErrors: true }).compile(GITLAB_CODE_QUALITY_SCHEMA);
  if (!gitlab(report)) return gitlab.errors ?? ['invalid'];
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const issue of report as Array<{ fingerprint: string }>) {
    if (seen.has(issue.fingerprint)) problems.push(`fingerprint ${issue.fingerprint} is not unique`);
    seen.add(issue.fingerprint);
  }
  return problems;
}
