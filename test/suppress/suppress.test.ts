/** Suppressions a reviewer can see: comments and Metadata, their reasons, and the directives that do nothing. */
import { lintText, type LintResult } from '../../src/index.js';
import { project, runCli } from '../workflow/helpers.js';

const HEAD = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n";

function lintYaml(body: string, reportUnused = false): LintResult {
  const run = lintText(HEAD + body, '/virtual/template.yaml', {
    cwd: '/virtual',
    configLookup: false,
    settings: { severities: { 'wildcard-origin': 'error' } },
    reportUnusedDisableDirectives: reportUnused,
  });
  expect(run.results).toHaveLength(1);
  return run.results[0]!;
}

const brief = (messages: LintResult['messages']): string[] =>
  messages.map((m) => `${m.line} ${m.ruleId ?? '-'}${m.suppressions ? ` [${m.suppressions.map((s) => s.justification).join('|')}]` : ''}`);

describe('comment directives', () => {
  test('disable-line suppresses a finding on its own line, with its reason', () => {
    const result = lintYaml(`Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: ['*'] # cors-lint-disable-line wildcard-origin -- public read-only catalogue
`);
    expect(brief(result.messages)).toEqual([]);
    expect(brief(result.suppressedMessages)).toEqual(['8 wildcard-origin [public read-only catalogue]']);
    expect(result.suppressedMessages[0]!.suppressions).toEqual([{ kind: 'directive', justification: 'public read-only catalogue' }]);
    expect([result.errorCount, result.warningCount]).toEqual([0, 0]);
  });

  test('disable-next-line covers exactly the next line; no ids means every rule', () => {
    const result = lintYaml(`Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins:
          # cors-lint-disable-next-line -- a demo origin
          - '*'
  Second:
    Type: AWS::Serverless::HttpApi
    Properties: { CorsConfiguration: { AllowOrigins: ['*'] } }
  # cors-lint-disable-next-line wildcard-origin
  Other:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration: { AllowOrigins: ['*'] }
`);
    expect(brief(result.suppressedMessages)).toEqual(['10 wildcard-origin [a demo origin]']);
    expect(brief(result.messages)).toEqual(['13 wildcard-origin', '18 wildcard-origin']);
  });

  test('several ids, and a # inside a quoted value is not a comment', () => {
    const result = lintYaml(`Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      Description: "# cors-lint-disable-next-line wildcard-origin"
      CorsConfiguration:
        AllowOrigins: ['*'] # cors-lint-disable-line origin-not-allowed, wildcard-origin -- both
`);
    expect(brief(result.suppressedMessages)).toEqual(['9 wildcard-origin [both]']);
    expect(result.messages).toEqual([]);
  });

  test('a directive naming an unknown rule, or an unknown directive, is a warning', () => {
    const result = lintYaml(`Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: ['*'] # cors-lint-disable-line wildcard-orgin -- typo
# cors-lint-disable wildcard-origin
`);
    expect(brief(result.messages)).toEqual(['8 wildcard-origin', '8 invalid-disable-directive', '9 invalid-disable-directive']);
    const texts = result.messages.filter((m) => m.ruleId === 'invalid-disable-directive').map((m) => [m.severity, m.message]);
    expect(texts).toEqual([
      [1, "The cors-lint-disable-line comment names rule 'wildcard-orgin', which cors-lint does not know (did you mean 'wildcard-origin'?), so it suppresses nothing."],
      [1, "Comment 'cors-lint-disable' is not a cors-lint directive: use cors-lint-disable-line or cors-lint-disable-next-line, so nothing is suppressed here."],
    ]);
  });
});

describe('Metadata', () => {
  const body = `Metadata:
  cors-lint:
    ignore:
      - rule: wildcard-origin
        reason: assets are public
Resources:
  Assets:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules:
          - AllowedMethods: [GET]
            AllowedOrigins: ['*']
`;

  test('template Metadata suppresses the rule in the whole template', () => {
    const result = lintYaml(body);
    expect(brief(result.messages)).toEqual([]);
    expect(brief(result.suppressedMessages)).toEqual(['15 wildcard-origin [assets are public]']);
  });

  test('resource Metadata (a plain id list) suppresses only inside that resource', () => {
    const result = lintYaml(`Resources:
  Public:
    Type: AWS::Serverless::HttpApi
    Metadata:
      cors-lint:
        ignore: [wildcard-origin]
    Properties:
      CorsConfiguration:
        AllowOrigins: ['*']
  Private:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: ['*']
`);
    expect(brief(result.suppressedMessages)).toEqual(['11 wildcard-origin []']);
    expect(brief(result.messages)).toEqual(['16 wildcard-origin']);
  });

  test('a malformed ignore list is a warning and suppresses nothing', () => {
    const result = lintYaml(`Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Metadata:
      cors-lint:
        ignore:
          - { reason: forgot the rule }
    Properties:
      CorsConfiguration:
        AllowOrigins: ['*']
`);
    expect(brief(result.messages)).toEqual(['9 invalid-disable-directive', '12 wildcard-origin']);
    expect(result.messages[0]!.message).toMatch(/ignore entry 1 is neither a rule id nor \{rule: rule-id, reason: \.\.\.\}/);
  });

  test('JSON templates suppress through Metadata', () => {
    const json = JSON.stringify(
      {
        Resources: {
          Api: {
            Type: 'AWS::ApiGatewayV2::Api',
            Metadata: { 'cors-lint': { ignore: [{ rule: 'wildcard-origin', reason: 'generated demo stack' }] } },
            Properties: { Name: 'demo', ProtocolType: 'HTTP', CorsConfiguration: { AllowOrigins: ['*'] } },
          },
        },
      },
      null,
      2,
    );
    const run = lintText(json, '/virtual/template.json', { cwd: '/virtual', configLookup: false });
    expect(run.results[0]!.messages).toEqual([]);
    expect(brief(run.results[0]!.suppressedMessages)).toEqual(['20 wildcard-origin [generated demo stack]']);
  });
});

describe('unused directives', () => {
  const body = `Metadata:
  cors-lint:
    ignore: [origin-not-allowed]
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        # cors-lint-disable-next-line wildcard-origin -- used
        AllowOrigins: ['*']
        AllowMethods: [GET] # cors-lint-disable-line wildcard-origin -- stale
`;

  test('are reported only when asked, as errors at the directive', () => {
    expect(lintYaml(body).messages).toEqual([]);
    const result = lintYaml(body, true);
    expect(result.messages.map((m) => [m.line, m.column, m.severity, m.message])).toEqual([
      [5, 14, 2, "Unused template Metadata cors-lint ignore: no 'origin-not-allowed' finding in the template to suppress; remove it."],
      [13, 29, 2, "Unused cors-lint-disable-line comment: no 'wildcard-origin' finding on line 13 to suppress; remove it."],
    ]);
    expect(result.messages.map((m) => m.ruleId)).toEqual(['unused-disable-directive', 'unused-disable-directive']);
    expect(new Set(result.messages.map((m) => m.fingerprint)).size).toBe(2);
    expect(brief(result.suppressedMessages)).toEqual(['12 wildcard-origin [used]']);
  });

  test('their fingerprints stay when lines move', () => {
    const moved = body.replace('Resources:', '# a comment\n\nResources:');
    const before = lintYaml(body, true).messages;
    const after = lintYaml(moved, true).messages;
    expect(after.map((m) => m.line)).not.toEqual(before.map((m) => m.line));
    expect(after.map((m) => m.fingerprint)).toEqual(before.map((m) => m.fingerprint));
  });

  test('the CLI: suppressed findings do not fail the run, show with --verbose, and unused ones fail it when asked', async () => {
    const p = project({ '.cors-lint.yaml': 'extends: strict\n', 'template.yaml': HEAD + body });
    try {
      const plain = await runCli(['template.yaml'], { cwd: p.dir });
      expect([plain.code, plain.stdout, plain.stderr]).toEqual([0, '', '']);
      const verbose = await runCli(['--verbose', 'template.yaml'], { cwd: p.dir });
      expect(verbose.stderr).toContain(
        "cors-lint: suppressed: template.yaml:12:24: wildcard-origin: HTTP API 'Api' allows any origin ('*'): any website can read its responses. (reason: used)",
      );
      const strict = await runCli(['--report-unused-disable-directives', '--format', 'compact', 'template.yaml'], { cwd: p.dir });
      expect(strict.code).toBe(1);
      expect(strict.stdout.trim().split('\n')).toEqual([
        "template.yaml:5:14: error: Unused template Metadata cors-lint ignore: no 'origin-not-allowed' finding in the template to suppress; remove it. [unused-disable-directive]",
        "template.yaml:13:29: error: Unused cors-lint-disable-line comment: no 'wildcard-origin' finding on line 13 to suppress; remove it. [unused-disable-directive]",
      ]);
    } finally {
      p.cleanup();
    }
  });
});
