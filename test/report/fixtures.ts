/**
 * A fixed set of results, as the engine would hand them to the reporters, under the fake working directory
 * `/project`: a template with an error (with related locations) and a warning, a file whose only finding is
 * suppressed, a file that could not be parsed, and a clean file. Plus three rules, one of which found nothing.
 */
import type { LintResult, RuleMeta } from '../../src/types.js';
import type { FormatContext } from '../../src/report/index.js';

export const CWD = '/project';

export const TEMPLATE_SOURCE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  FrontendOrigin:
    Type: String
    Default: '*'
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors:
        AllowOrigin: !Sub "'\${FrontendOrigin}'"
        AllowCredentials: true
        AllowHeaders: "'Content-Type'"
`;

export const PUBLIC_SOURCE = `Resources:
  Assets:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules:
          # cors-lint-disable-next-line wildcard-origin -- public, read-only assets
          - AllowedOrigins: ['*']
            AllowedMethods: [GET]
`;

export const BROKEN_SOURCE = `Resources:
  Api:
    Type: AWS::Serverless::Api
   Properties: {}
`;

export const CLEAN_SOURCE = `Resources:
  Api:
    Type: AWS::Serverless::HttpApi
`;

export function fixtureResults(): LintResult[] {
  return [
    {
      filePath: '/project/template.yaml',
      messages: [
        {
          ruleId: 'credentials-with-wildcard',
          severity: 2,
          message:
            "AllowCredentials is true while AllowOrigin is '*': browsers refuse credentialed responses that allow any origin.",
          line: 14,
          column: 9,
          endLine: 14,
          endColumn: 31,
          relatedLocations: [
            {
              filePath: '/project/template.yaml',
              line: 6,
              column: 14,
              endLine: 6,
              endColumn: 17,
              message: 'parameter FrontendOrigin default',
            },
            {
              filePath: '/project/template.yaml',
              line: 13,
              column: 22,
              endLine: 13,
              endColumn: 48,
              message: 'AllowOrigin',
            },
          ],
          fingerprint: '5f1e0c6a9d2b47e38c0a4b1f2e3d4c5b',
        },
        {
          ruleId: 'wildcard-origin',
          severity: 1,
          message: "AllowOrigin is '*': any website can read this API's responses.",
          line: 13,
          column: 22,
          endLine: 13,
          endColumn: 48,
        },
      ],
      suppressedMessages: [],
      errorCount: 1,
      warningCount: 1,
      fatalErrorCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      source: TEMPLATE_SOURCE,
      usedDeprecatedRules: [],
    },
    {
      filePath: '/project/stacks/public api.yaml',
      messages: [],
      suppressedMessages: [
        {
          ruleId: 'wildcard-origin',
          severity: 1,
          message: "AllowedOrigins contains '*': any website can read the bucket's objects.",
          line: 8,
          column: 30,
          endLine: 8,
          endColumn: 33,
          fingerprint: '0a9b8c7d6e5f40312233445566778899',
          suppressions: [{ kind: 'directive', justification: 'public, read-only assets' }],
        },
      ],
      errorCount: 0,
      warningCount: 0,
      fatalErrorCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      source: PUBLIC_SOURCE,
      usedDeprecatedRules: [],
    },
    {
      filePath: '/project/stacks/broken.yaml',
      messages: [
        {
          ruleId: null,
          fatal: true,
          severity: 2,
          message: 'Could not parse the template: bad indentation of a mapping entry.',
          line: 4,
          column: 4,
        },
      ],
      suppressedMessages: [],
      errorCount: 1,
      warningCount: 0,
      fatalErrorCount: 1,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      source: BROKEN_SOURCE,
      usedDeprecatedRules: [],
    },
    {
      filePath: '/project/stacks/clean.yaml',
      messages: [],
      suppressedMessages: [],
      errorCount: 0,
      warningCount: 0,
      fatalErrorCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      source: CLEAN_SOURCE,
      usedDeprecatedRules: [],
    },
  ];
}

export const RULES: Record<string, RuleMeta> = {
  'wildcard-origin': {
    id: 'wildcard-origin',
    severity: 'warning',
    summary: 'CORS allows any origin.',
    docs: {
      why: "`Access-Control-Allow-Origin: *` lets **any** website read the responses.\nThat is fine for public,\nread-only data and wrong for anything else.",
      invalid: "Cors:\n  AllowOrigin: \"'*'\"\n",
      valid: "Cors:\n  AllowOrigin: \"'https://app.example.com'\"\n",
      fix: 'Name the origins that may call the API, one per allowed site. See [the CORS guide](https://developer.mozilla.org/docs/Web/HTTP/CORS).',
      links: ['https://fetch.spec.whatwg.org/#http-access-control-allow-origin'],
    },
    tags: ['security', 'cors'],
    securitySeverity: 5.3,
  },
  'credentials-with-wildcard': {
    id: 'credentials-with-wildcard',
    severity: 'error',
    summary: 'Credentials are allowed together with a wildcard origin.',
    docs: {
      why: 'Browsers refuse a credentialed response whose `Access-Control-Allow-Origin` is `*`, so the API fails for signed-in users; reflecting any origin instead would expose their data to every site.',
      invalid: "Cors:\n  AllowOrigin: \"'*'\"\n  AllowCredentials: true\n",
      valid: "Cors:\n  AllowOrigin: \"'https://app.example.com'\"\n  AllowCredentials: true\n",
      fix: '- Set `AllowOrigin` to the one origin of your front end.\n- Or drop `AllowCredentials` when the API needs no cookies.',
      links: [
        'https://fetch.spec.whatwg.org/#cors-protocol-and-credentials',
        'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-corsconfiguration.html',
      ],
    },
    tags: ['security', 'correctness'],
    securitySeverity: 8.1,
  },
  'max-age-excessive': {
    id: 'max-age-excessive',
    severity: 'warning',
    summary: 'Preflight results are cached longer than browsers allow.',
    docs: {
      why: 'Browsers cap `Access-Control-Max-Age` (some at two hours); a larger value is silently cut.',
      invalid: 'Cors:\n  MaxAge: 86400\n',
      valid: 'Cors:\n  MaxAge: 7200\n',
      fix: 'Use 7200 seconds or less.',
      links: [],
    },
    tags: ['correctness'],
    securitySeverity: 0,
  },
};

export function fixtureContext(overrides: Partial<FormatContext> = {}): FormatContext {
  return {
    cwd: CWD,
    rulesMeta: RULES,
    color: false,
    toolVersion: '0.1.0',
    helpUri: (ruleId) => `https://github.com/example/cors-lint/blob/main/docs/rules/${ruleId}.md`,
    informationUri: 'https://github.com/example/cors-lint',
    ...overrides,
  };
}
