/**
 * SAM ⇄ CloudFormation oracle: for every pair in `../shared/corpus/sam-translator` whose output is a
 * translation (not `error_*`), the model built from the SAM input and the model built from SAM's CloudFormation
 * output must state the same CORS facts (see `facts.ts`). Every pair that disagrees is listed below with the
 * reason; the test fails when the list and the disagreements differ, either way.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareFacts, factsOf, modelOfFile, type Facts } from './facts.js';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'sam-translator');

/** Pairs whose facts differ, and why that is acceptable. */
const EXCEPTIONS: Record<string, string> = {
  api_with_any_method_in_swagger:
    'HttpApi events that name a REST API (AWS::Serverless::Api): SAM writes them into the REST document as `$default` ' +
    'and `/` GET operations, which API Gateway cannot deploy as REST routes; the model ignores events whose type does ' +
    'not match the API they name.',
};

interface Pair {
  name: string;
  input: string;
  output: string;
}

function pairs(): Pair[] {
  return readdirSync(join(CORPUS, 'output'))
    .filter((f) => f.endsWith('.json') && !f.startsWith('error_'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.json$/, '');
      return { name, input: join(CORPUS, 'input', `${name}.yaml`), output: join(CORPUS, 'output', f) };
    })
    .filter((p) => existsSync(p.input));
}

if (!existsSync(CORPUS)) {
  test.skip('SAM ⇄ CloudFormation oracle: ../shared/corpus/sam-translator is absent, skipped', () => undefined);
  console.warn('SAM ⇄ CloudFormation oracle skipped: ../shared/corpus/sam-translator is absent');
} else {
  describe('SAM ⇄ CloudFormation oracle', () => {
    const all = pairs();
    const results = all.map((pair) => {
      const sam = factsOf(modelOfFile(pair.input));
      const cfn = factsOf(modelOfFile(pair.output));
      return { ...pair, sam, cfn, diff: compareFacts(sam, cfn) };
    });

    test('every translated pair is compared', () => {
      expect(all.length).toBeGreaterThanOrEqual(100);
    });

    test('at least 95% of the pairs agree, and every disagreement is a listed exception', () => {
      const disagreeing = results.filter((r) => r.diff.length > 0);
      const agreeing = results.length - disagreeing.length;
      console.log(
        `SAM ⇄ CloudFormation oracle: ${results.length} pairs compared, ${agreeing} agree (${((100 * agreeing) / results.length).toFixed(1)}%); ` +
          `exceptions: ${Object.keys(EXCEPTIONS).join(', ') || 'none'}`,
      );
      const unexpected = disagreeing.filter((r) => !EXCEPTIONS[r.name]).map((r) => [`## ${r.name}`, ...r.diff].join('\n'));
      expect(unexpected).toEqual([]);
      const stale = Object.keys(EXCEPTIONS).filter((name) => !disagreeing.some((r) => r.name === name));
      expect(stale).toEqual([]);
      expect(agreeing / results.length).toBeGreaterThanOrEqual(0.95);
    });

    test('the comparison has substance: APIs, origins, OPTIONS routes, authorizers and function URLs on both sides', () => {
      const count = (pick: (facts: Facts) => number) => results.reduce((n, r) => n + pick(r.cfn), 0);
      const apis = count((f) => Object.values(f).filter((a) => a.kind !== 'function-url').length);
      const withOrigins = count((f) => Object.values(f).filter((a) => a.origins.length > 0).length);
      const options = count((f) => Object.values(f).reduce((n, a) => n + Object.values(a.paths).filter((p) => p.options).length, 0));
      const protectedOptions = count((f) =>
        Object.values(f).reduce((n, a) => n + Object.values(a.paths).filter((p) => p.auth.some((x) => !x.startsWith('none'))).length, 0),
      );
      const urls = count((f) => Object.values(f).filter((a) => a.kind === 'function-url').length);
      expect(apis).toBeGreaterThanOrEqual(100);
      expect(withOrigins).toBeGreaterThanOrEqual(30);
      expect(options).toBeGreaterThanOrEqual(30);
      expect(protectedOptions).toBeGreaterThanOrEqual(5);
      expect(urls).toBeGreaterThanOrEqual(4);
    });

    test('known facts of one pair, read from both sides (SAM computes per-path methods and puts the authorizer on OPTIONS)', () => {
      const r = results.find((x) => x.name === 'api_with_cors_and_auth_preflight_auth')!;
      for (const facts of [r.sam, r.cfn]) {
        expect(facts.ServerlessApi!.origins).toEqual(['origins']);
        expect(facts.ServerlessApi!.paths['/']).toMatchObject({ options: true, auth: ['authorizer:MyLambdaRequestAuth'], methods: ['GET,OPTIONS,POST'] });
        expect(facts.ServerlessApi!.paths['/any']!.methods).toEqual(['DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT']);
      }
    });
  });
}

/** The project's own SAM templates and their translations (see templates/README.md): Globals merges, SAM auth. */
const OWN = [
  { name: 'globals', input: join(__dirname, 'templates', 'globals.yaml') },
  { name: 'sam-rest', input: join(__dirname, '..', 'model', 'templates', 'sam-rest', 'template.yaml') },
  { name: 'sam-http', input: join(__dirname, '..', 'model', 'templates', 'sam-http', 'template.yaml') },
];

test.each(OWN)('the SAM template $name and its translation agree (Globals merged as SAM merges them)', ({ name, input }) => {
  const sam = factsOf(modelOfFile(input));
  const cfn = factsOf(modelOfFile(join(__dirname, 'templates', `${name}.sam-translate.json`)));
  expect(compareFacts(sam, cfn)).toEqual([]);
  expect(Object.keys(cfn).length).toBeGreaterThan(0);
});

test('Globals facts: maps merge key by key, other kinds replace, lists concatenate, IgnoreGlobals', () => {
  const facts = factsOf(modelOfFile(join(__dirname, 'templates', 'globals.sam-translate.json')));
  expect(facts.MergedApi).toMatchObject({ origins: ['https://other.example.com'], credentials: true, maxAge: ['60'] });
  expect(facts.StringApi).toMatchObject({ origins: ['https://string.example.com'], credentials: false });
  expect(facts.IgnoringApi!.origins).toEqual([]);
  expect(facts.PartlyIgnoringApi!.paths['/partly']!.routes).toEqual(['GET none', 'OPTIONS none']);
  expect(facts.Http!.origins).toEqual(['*', 'https://local.example.com']);
  expect(facts['function URL of Fn']).toMatchObject({ origins: ['https://global.example.com', 'https://local.example.com'], credentials: true });
});

test('compareFacts reports differences in origins, credentials and OPTIONS authorization', () => {
  const base: Facts = {
    Api: {
      kind: 'rest',
      origins: ['https://a.example.com'],
      headers: [],
      credentials: false,
      methods: [],
      maxAge: [],
      authorizers: [],
      gatewayResponses: [],
      paths: { '/x': { options: true, routes: ['OPTIONS none'], auth: ['none'], methods: ['GET,OPTIONS'] } },
    },
  };
  const changed: Facts = JSON.parse(JSON.stringify(base));
  changed.Api!.origins = ['*'];
  changed.Api!.credentials = true;
  changed.Api!.paths['/x']!.auth = ['authorizer:Cognito'];
  expect(compareFacts(base, base)).toEqual([]);
  const diff = compareFacts(base, changed);
  expect(diff.some((d) => d.startsWith('Api origins'))).toBe(true);
  expect(diff.some((d) => d.startsWith('Api credentials'))).toBe(true);
  expect(diff.some((d) => d.startsWith('Api /x'))).toBe(true);
  expect(compareFacts(base, {})).toEqual(['Api: only in the SAM model']);
});
