/** Configuration files: what they mean, and errors that point at the exact line and column. */
import { allowedOriginsFor, ConfigError, loadConfigText, type Config } from '../../src/config/index.js';
import { rules } from '../../src/index.js';

const load = (text: string, file = '/repo/.cors-lint.yaml'): Config => loadConfigText(text, file, { rules });

function failure(text: string, file = '/repo/.cors-lint.yaml'): { line: number; column: number; reason: string } {
  try {
    load(text, file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.message).toBe(`${file}:${error.line}:${error.column}: ${error.reason}`);
    expect(error.reason).not.toMatch(/\n/);
    return { line: error.line, column: error.column, reason: error.reason };
  }
  throw new Error('expected a ConfigError');
}

describe('a valid configuration', () => {
  test('every key, read as YAML 1.2 (off is a word, not false)', () => {
    const config = load(
      [
        '$schema: ./node_modules/cors-lint/schema/cors-lint.schema.json',
        'extends: strict',
        'rules:',
        '  wildcard-origin: off',
        '  origin-not-allowed: [warn]',
        'ignorePatterns: [legacy/, "**/*.generated.yaml"]',
        'parameters:',
        '  Stage: prod',
        '  Port: 8443',
        '  Origins: [https://a.example.com, https://b.example.com]',
        'allowedOrigins:',
        '  prod: [https://app.example.com]',
        '  dev: [https://app.example.com, "http://localhost:*"]',
      ].join('\n'),
    );
    expect(config.extends).toBe('strict');
    expect(config.rules).toEqual({ 'wildcard-origin': { severity: 'off' }, 'origin-not-allowed': { severity: 'warning' } });
    expect(config.ignorePatterns.map((p) => p.pattern)).toEqual(['legacy/', '**/*.generated.yaml']);
    expect(config.parameters).toEqual({ Stage: 'prod', Port: '8443', Origins: 'https://a.example.com,https://b.example.com' });
    expect(allowedOriginsFor(config, 'dev')).toEqual({ origins: ['https://app.example.com', 'http://localhost:*'], name: 'dev' });
  });

  test('an empty file is the default configuration', () => {
    const config = load('# nothing yet\n');
    expect(config.extends).toBe('recommended');
    expect(config.rules).toEqual({});
    expect(allowedOriginsFor(config, undefined)).toBeUndefined();
  });

  test('JSON, with numeric severities', () => {
    const config = load('{ "rules": { "wildcard-origin": 2 }, "allowedOrigins": ["*"] }', '/repo/.cors-lint.json');
    expect(config.rules['wildcard-origin']).toEqual({ severity: 'error' });
    expect(allowedOriginsFor(config, 'anything')).toEqual({ origins: ['*'] });
  });
});

describe('errors name the file, line and column', () => {
  test.each([
    ['an unknown top-level key, with a hint', 'extends: strict\nrule:\n  wildcard-origin: off\n', 2, 1, /unknown key 'rule' in the configuration \(did you mean 'rules'\?\)/],
    ['a severity that is not one', 'rules:\n  wildcard-origin: fatal\n', 2, 20, /rules\.wildcard-origin is 'fatal'; expected one of 'off', 'warn'/],
    ['an unknown rule, with a hint', 'rules:\n  wildcard-origins: warn\n', 2, 3, /unknown rule 'wildcard-origins' \(did you mean 'wildcard-origin'\?\)/],
    ['options for a rule that takes none', 'rules:\n  wildcard-origin: [warn, { strict: true }]\n', 2, 27, /rule 'wildcard-origin' takes no options/],
    ['an unknown rule option', 'rules:\n  origin-not-allowed:\n    - error\n    - allowedOrigin: []\n', 4, 7, /has no option 'allowedOrigin' \(did you mean 'allowedOrigins'\?\)/],
    ['extends that is not known', 'extends: all\n', 1, 10, /extends is 'all'; expected one of 'recommended', 'strict'/],
    ['ignorePatterns that is not a list', 'ignorePatterns: legacy/\n', 1, 17, /ignorePatterns is 'legacy\/'; expected a list/],
    ['an origin with a path', 'allowedOrigins:\n  - https://app.example.com\n  - https://app.example.com/login\n', 3, 5, /allowedOrigins\[1\] 'https:\/\/app\.example\.com\/login' is not an origin/],
    ['an origin without a scheme, per environment', 'allowedOrigins:\n  prod:\n    - www.example.com\n', 3, 7, /is not an origin/],
    ['a YAML syntax error', 'rules:\n  wildcard-origin: [warn\n', 3, 1, /not valid YAML/],
    ['a duplicate key', 'rules:\n  wildcard-origin: warn\n  wildcard-origin: off\n', 3, 3, /not valid YAML: Map keys must be unique/],
    ['a list where a mapping belongs', '- rules\n', 1, 1, /the configuration is a list; expected a mapping/],
    ['a rule entry that is too long', 'rules:\n  wildcard-origin: [warn, {}, 3]\n', 2, 20, /rules\.wildcard-origin must be a severity, or \[severity, \{ options \}\]/],
    ['a bad severity inside a rule entry', 'rules:\n  wildcard-origin: [fatal]\n', 2, 21, /rules\.wildcard-origin\[0\] is 'fatal'; expected one of/],
    ['an empty ignore pattern', 'ignorePatterns: [legacy/, ""]\n', 1, 27, /ignorePatterns\[1\] is empty/],
    ['parameters that are not text', 'parameters:\n  Stage: { name: prod }\n', 2, 10, /parameters\.Stage is a mapping; expected string or number or boolean/],
  ])('%s', (_name, text, line, column, reason) => {
    const error = failure(text);
    expect(error.reason).toMatch(reason);
    expect([error.line, error.column]).toEqual([line, column]);
  });

  test('JSON syntax errors point at their place', () => {
    const error = failure('{\n  "rules": {\n    "wildcard-origin": "warn",\n  }\n}\n', '/repo/.cors-lint.json');
    expect(error.reason).toMatch(/^not valid JSON/);
    expect(error.line).toBe(4);
  });

  test('an unknown key in JSON points at the key', () => {
    const error = failure('{\n  "rules": {},\n  "allowedOrigin": []\n}\n', '/repo/.cors-lint.json');
    expect(error.reason).toMatch(/unknown key 'allowedOrigin'.*did you mean 'allowedOrigins'/);
    expect([error.line, error.column]).toEqual([3, 3]);
  });
});

describe('allowedOrigins per environment', () => {
  const config = load('allowedOrigins:\n  prod: [https://app.example.com]\n  dev: [http://localhost:3000]\n');

  test('--env picks the list', () => {
    expect(allowedOriginsFor(config, 'prod')).toEqual({ origins: ['https://app.example.com'], name: 'prod' });
  });

  test('an unknown environment is an error at allowedOrigins, with a hint', () => {
    expect(() => allowedOriginsFor(config, 'prd')).toThrow(
      "/repo/.cors-lint.yaml:1:1: allowedOrigins has no environment 'prd' (it has prod, dev); did you mean 'prod'?",
    );
  });

  test('no --env and no default list is an error', () => {
    expect(() => allowedOriginsFor(config, undefined)).toThrow(/allowedOrigins is set per environment \(prod, dev\): choose one with --env/);
  });

  test("the 'default' list applies without --env", () => {
    const withDefault = load('allowedOrigins:\n  default: [https://www.example.com]\n  dev: [http://localhost:3000]\n');
    expect(allowedOriginsFor(withDefault, undefined)).toEqual({ origins: ['https://www.example.com'], name: 'default' });
  });
});
