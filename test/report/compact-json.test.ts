import { formatCompact, formatJson } from '../../src/report/index.js';
import type { LintResult } from '../../src/types.js';
import { fixtureContext, fixtureResults } from './fixtures.js';

describe('compact format', () => {
  test('one line per message, relative path, severity, message, rule id', () => {
    expect(formatCompact(fixtureResults(), fixtureContext())).toBe(
      [
        "template.yaml:14:9: error: AllowCredentials is true while AllowOrigin is '*': browsers refuse credentialed responses that allow any origin. [credentials-with-wildcard]",
        "template.yaml:13:22: warning: AllowOrigin is '*': any website can read this API's responses. [wildcard-origin]",
        'stacks/broken.yaml:4:4: error: Could not parse the template: bad indentation of a mapping entry. [fatal]',
        '',
      ].join('\n'),
    );
  });

  test('nothing for a clean run; suppressed findings are not printed', () => {
    const quiet = fixtureResults().filter((r) => r.messages.length === 0);
    expect(quiet.some((r) => r.suppressedMessages.length > 0)).toBe(true);
    expect(formatCompact(quiet, fixtureContext())).toBe('');
    expect(formatCompact([], fixtureContext())).toBe('');
  });

  test('a message never spans two lines', () => {
    const [first] = fixtureResults();
    if (!first?.messages[0]) throw new Error('fixture');
    first.messages = [{ ...first.messages[0], message: 'first line\nsecond\r\nthird' }];
    expect(formatCompact([first], fixtureContext())).toBe(
      'template.yaml:14:9: error: first line second third [credentials-with-wildcard]\n',
    );
  });
});

describe('json format', () => {
  test('the results as they come, without the file text', () => {
    const input = fixtureResults();
    const out = formatJson(input, fixtureContext());
    expect(out.endsWith(']\n')).toBe(true);
    const parsed = JSON.parse(out) as LintResult[];
    expect(parsed).toEqual(input.map(({ source: _source, ...rest }) => rest));
    for (const result of parsed) expect(result).not.toHaveProperty('source');
  });

  test('keeps ESLint fields, fatal messages, related locations and fingerprints', () => {
    const [template, suppressed, broken] = JSON.parse(formatJson(fixtureResults(), fixtureContext())) as LintResult[];
    expect(template?.filePath).toBe('/project/template.yaml');
    expect(Object.keys(template ?? {})).toEqual([
      'filePath',
      'messages',
      'suppressedMessages',
      'errorCount',
      'warningCount',
      'fatalErrorCount',
      'fixableErrorCount',
      'fixableWarningCount',
      'usedDeprecatedRules',
    ]);
    expect(template?.messages[0]?.relatedLocations).toHaveLength(2);
    expect(template?.messages[0]?.fingerprint).toBe('5f1e0c6a9d2b47e38c0a4b1f2e3d4c5b');
    expect(suppressed?.suppressedMessages[0]?.suppressions).toEqual([
      { kind: 'directive', justification: 'public, read-only assets' },
    ]);
    expect(broken?.messages[0]).toMatchObject({ ruleId: null, fatal: true, severity: 2 });
    expect(broken?.fatalErrorCount).toBe(1);
  });

  test('an empty run is an empty array', () => {
    expect(formatJson([], fixtureContext())).toBe('[]\n');
  });
});
