/**
 * The SAM ⇄ CloudFormation findings oracle, over the whole rule catalogue.
 *
 * 1. For every translated pair of `../shared/corpus/sam-translator` (a SAM input and the CloudFormation SAM makes
 *    of it), the set of rule ids found in the input equals the set found in the output, once the rules that only
 *    exist in SAM form are taken out of the input's set. Pairs that differ for a known reason are listed with it,
 *    and the test fails when a listed pair starts agreeing.
 * 2. For every `error_*` input that SAM refuses for a CORS reason, the rule expected for it fires on the input;
 *    the CORS refusals no rule covers are listed with the reason.
 * 3. Every SAM fixture of every rule is translated with `../shared/tools/sam-translate`, and the same comparison
 *    is made on the fixture and its translation; a fixture SAM refuses for a CORS reason must make a rule fire.
 *
 * Reads `../shared` and skips with a notice where the corpus or the tool is absent.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { lint, rules } from '../../src/index.js';
import { fixtureCases, FIXTURES, type FixtureCase } from '../helpers/fixtures.js';
import { translateAll } from '../helpers/translator.js';

const root = join(__dirname, '..', '..');
const shared = join(root, '..', 'shared');
const corpus = join(shared, 'corpus', 'sam-translator');
const tool = join(shared, 'tools', 'sam-translate');
const corpusPresent = existsSync(join(corpus, 'input')) && existsSync(join(corpus, 'output'));
if (!corpusPresent) console.warn(`skipping the findings oracle on the translator's pairs: ${corpus} is absent`);
/** The tool and the SAM translator it runs, asked once before the tests are collected, so that they skip visibly. */
const translator = !existsSync(tool)
  ? `${tool} is absent`
  : spawnSync('python3', ['-c', 'import samtranslator'], { encoding: 'utf8' }).status !== 0
    ? 'python3 cannot import samtranslator'
    : '';
if (translator) console.warn(`skipping the findings oracle on the SAM fixtures: ${translator}`);

/**
 * Rules that only exist in SAM form: what they judge is gone from the CloudFormation SAM writes. They are taken out
 * of the SAM side, and must never fire on the CloudFormation side.
 */
const SAM_ONLY: Record<string, string> = {
  'globals-cors-merge': 'judges how Globals merge into a resource; the CloudFormation holds only the merged result, which the other rules judge',
  'unknown-cors-key': 'SAM refuses a template with an unknown key, so there is no CloudFormation',
  'allow-credentials-not-boolean': 'SAM drops a string AllowCredentials (or refuses it on a function URL): the CloudFormation has no credentials left to judge',
  'duplicate-key': 'about the text as written; SAM reads it and writes its output without duplicate keys',
  'events-on-implicit-api':
    'judges which API SAM puts an event on: in the CloudFormation the implicit API is one more REST or HTTP API, and nothing says the page meant to call another',
};

/**
 * Rules that read Lambda handler sources: compared where the handler is written in the template (`InlineCode`
 * becomes `Code.ZipFile`); a local `CodeUri` becomes a placeholder S3 location in the translation, so the source
 * is out of reach there and the handler findings are taken out of the SAM side.
 */
const HANDLER_RULES = new Set(['proxy-missing-allow-origin', 'proxy-origin-mismatch']);

/** Translated pairs whose findings differ for a known reason; each must still differ. */
const PAIR_EXCEPTIONS: Record<string, string> = {
  api_rest_paths_with_if_condition_openapi_no_value_else_case:
    'the only path is removed by an !If whose condition is false, so SAM writes no OPTIONS method and the Globals Cors (a Fn::Join without inner quotes, holding two origins) never reaches the CloudFormation; the SAM value is still wrong',
  api_rest_paths_with_if_condition_swagger_no_value_else_case:
    'as the openapi case: no path is left, so the wrong Globals Cors has no OPTIONS method to land on',
};

/** The `error_*` inputs SAM refuses for a CORS reason, and the rule that must fire on each. */
const CORS_REFUSALS: Record<string, string> = {
  error_api_with_cors_and_empty_allow_origin: 'malformed-origin',
  error_cors_on_external_swagger: 'cors-needs-inline-definition',
  // MaxAge '10', a string: SAM's type check of a function URL's Cors.
  error_function_with_function_url_config_with_invalid_cors_parameter_data_type: 'cors-value-rejected',
  error_http_api_with_cors_def_uri: 'cors-needs-inline-definition',
  error_cors_credentials_true_with_wildcard_origin: 'credentials-with-wildcard',
  error_cors_credentials_true_without_explicit_origin: 'credentials-with-wildcard',
  // MyFunction writes AllowOrigin (reported); MyFunction2 writes Cors as a list, which no rule judges.
  error_function_with_function_url_config_with_invalid_cors_parameter: 'unknown-cors-key',
  error_invalid_cors_dict: 'unknown-cors-key',
  error_invalid_httpapi_cors_property: 'unknown-cors-key',
};

/** The `error_*` inputs SAM refuses for a CORS reason that no rule of the catalogue covers, and why. */
const CORS_REFUSALS_WITHOUT_RULE: Record<string, string> = {
  // None at present: every CORS refusal of the corpus is covered by a rule above.
};

/** How SAM's message shows that it refused a template for its CORS configuration. */
const CORS_MESSAGE = /\bcors\b|allow(ed)?(origins?|credentials|methods|headers)\b|\bmaxage\b|exposeheaders/i;

async function ruleIds(file: string, cwd: string): Promise<string[]> {
  const run = await lint([file], { cwd });
  const messages = run.results.flatMap((r) => r.messages);
  expect(messages.filter((m) => m.fatal).map((m) => `${file}: ${m.message}`)).toEqual([]);
  return [...new Set(messages.flatMap((m) => (m.ruleId ? [m.ruleId] : [])))].sort();
}

/** The comparison: the SAM side without SAM-only rules (and handler rules where the source is out of reach). */
function compare(sam: string[], cfn: string[], handlersOutOfReach = false): { agree: boolean; line: string } {
  const kept = sam.filter((id) => !(id in SAM_ONLY) && !(handlersOutOfReach && HANDLER_RULES.has(id)));
  const samOnlyOnCfn = cfn.filter((id) => id in SAM_ONLY);
  const agree = kept.join() === cfn.join() && samOnlyOnCfn.length === 0;
  return { agree, line: `SAM [${kept}] CloudFormation [${cfn}]` };
}

test('the lists name rules that exist', () => {
  const ids = new Set(rules.map((r) => r.id));
  const named = [...Object.keys(SAM_ONLY), ...HANDLER_RULES, ...Object.values(CORS_REFUSALS)];
  expect(named.filter((id) => !ids.has(id))).toEqual([]);
});

describe('the translator pairs', () => {
  const names = corpusPresent
    ? readdirSync(join(corpus, 'input'))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => f.replace(/\.yaml$/, ''))
        .sort()
    : [];
  const pairs = names.filter((n) => !n.startsWith('error_') && existsSync(join(corpus, 'output', `${n}.json`)));
  const refused = names.filter((n) => n.startsWith('error_'));
  const maybe = corpusPresent ? test : test.skip;

  maybe('every translated pair gives the same rule ids in SAM and in CloudFormation, but the listed exceptions', async () => {
    expect(pairs.length).toBeGreaterThanOrEqual(100);
    const wrong: string[] = [];
    let agreeing = 0;
    let withFindings = 0;
    for (const name of pairs) {
      const sam = await ruleIds(join(corpus, 'input', `${name}.yaml`), root);
      const cfn = await ruleIds(join(corpus, 'output', `${name}.json`), root);
      const { agree, line } = compare(sam, cfn);
      if (agree) agreeing++;
      if (cfn.length > 0) withFindings++;
      if (agree === name in PAIR_EXCEPTIONS) wrong.push(`${name}: ${line}${agree ? ' (listed as an exception, but agrees)' : ''}`);
    }
    const exceptions = Object.keys(PAIR_EXCEPTIONS).length;
    console.log(
      `findings oracle: ${pairs.length} translated pairs compared, ${agreeing} agree, ${exceptions} listed exceptions; ` +
        `${withFindings} pairs have findings`,
    );
    expect(wrong).toEqual([]);
    expect(Object.keys(PAIR_EXCEPTIONS).filter((n) => !pairs.includes(n))).toEqual([]);
    expect(withFindings).toBeGreaterThan(25);
  }, 120_000);

  maybe('every input SAM refuses for a CORS reason is listed, with its rule or the reason none covers it', () => {
    const cors = refused.filter((name) => {
      const output = JSON.parse(readFileSync(join(corpus, 'output', `${name}.json`), 'utf8')) as { errorMessage?: string };
      return CORS_MESSAGE.test(output.errorMessage ?? '');
    });
    const listed = [...Object.keys(CORS_REFUSALS), ...Object.keys(CORS_REFUSALS_WITHOUT_RULE)].sort();
    expect(cors).toEqual(listed);
    console.log(
      `findings oracle: ${refused.length} inputs SAM refuses, ${cors.length} for a CORS reason: ` +
        `${Object.keys(CORS_REFUSALS).length} covered by a rule, ${Object.keys(CORS_REFUSALS_WITHOUT_RULE).length} without one`,
    );
  });

  (corpusPresent ? test.each(Object.entries(CORS_REFUSALS)) : test.skip.each(Object.entries(CORS_REFUSALS)))(
    'SAM refuses %s, and %s fires on it',
    async (name, rule) => {
      expect(await ruleIds(join(corpus, 'input', `${name}.yaml`), root)).toContain(rule);
    },
  );
});

/**
 * Fixtures SAM refuses: for a CORS reason, with the rule that must fire on the fixture; or for a reason that has
 * nothing to do with CORS, with that reason (no comparison is possible).
 */
const FIXTURE_REFUSALS: Record<string, { rule: string } | { reason: string }> = {
  'allow-credentials-not-boolean/invalid/string-credentials.yaml': { rule: 'allow-credentials-not-boolean' },
  'cors-needs-inline-definition/invalid/globals-local-file': { rule: 'cors-needs-inline-definition' },
  'cors-needs-inline-definition/invalid/sam-http-api-bucket.yaml': { rule: 'cors-needs-inline-definition' },
  'cors-needs-inline-definition/invalid/sam-rest-s3.yaml': { rule: 'cors-needs-inline-definition' },
  'cors-value-rejected/invalid/sam-function-url-types.yaml': { rule: 'cors-value-rejected' },
  'credentials-with-wildcard/invalid/sam-globals-credentials.yaml': { rule: 'credentials-with-wildcard' },
  'credentials-with-wildcard/invalid/sam-rest-api.yaml': { rule: 'credentials-with-wildcard' },
  'globals-cors-merge/invalid/credentials-and-wildcard.yaml': { rule: 'credentials-with-wildcard' },
  'unknown-cors-key/invalid/wrong-keys.yaml': { rule: 'unknown-cors-key' },
  'unknown-cors-key/invalid/sam-cors-no-path-takes-it.yaml': { rule: 'unknown-cors-key' },
  'credentials-with-wildcard/invalid/sam-cors-no-path-takes-it.yaml': { rule: 'credentials-with-wildcard' },
  'wildcard-origin/valid/sam-cors-body-in-s3.yaml': { reason: 'an AWS::Include definition: CloudFormation runs the include before SAM, the translator alone cannot' },
  'wildcard-origin/valid/sam-cors-included-options': { reason: 'an AWS::Include definition: CloudFormation runs the include before SAM, the translator alone cannot' },
  'wildcard-origin/invalid/sam-cors-one-path-takes-it': { reason: 'an AWS::Include definition: CloudFormation runs the include before SAM, the translator alone cannot' },
  'duplicate-key/invalid/openapi-file': { reason: 'a local DefinitionUri: the translator wants the S3 location `sam package` would upload it to' },
  'proxy-missing-allow-origin/valid/runtimes-not-read': { reason: 'an image function without ImageUri, which `sam build` fills in' },
};

const isSam = (c: FixtureCase): boolean => /Transform["']?\s*:\s*["']?AWS::Serverless/.test(readFileSync(c.template, 'utf8'));
const fixtureName = (c: FixtureCase): string => `${c.rule}/${c.kind}/${c.name}`;

describe('the SAM fixtures and their translations', () => {
  const cases = fixtureCases().filter(isSam);
  let work = '';
  const results = new Map<string, { code: number; message: string; output: string }>();
  const withTranslator = translator ? test.skip : test;

  beforeAll(async () => {
    if (translator) return; // every test that reads the translations is skipped
    work = mkdtempSync(join(tmpdir(), 'cors-lint-findings-oracle-'));
    // Each translation goes into a copy of its fixture folder, so a configuration file beside it still applies.
    const jobs = cases.map((c, i) => {
      const folder = join(work, String(i));
      const own = dirname(c.template) !== join(FIXTURES, c.rule, c.kind);
      if (own) cpSync(dirname(c.template), folder, { recursive: true });
      return { c, output: join(own ? folder : work, own ? 'translated.json' : `${i}.json`) };
    });
    const lines = await translateAll(tool, jobs.map((j) => [j.c.template, j.output] as const));
    jobs.forEach((j, i) => {
      const { code, message } = lines[i]!;
      results.set(fixtureName(j.c), { code, message, output: j.output });
    });
    if (results.size !== cases.length) throw new Error(`${results.size} translations for ${cases.length} SAM fixtures`);
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('there are SAM fixtures of most rules to compare', () => {
    expect(new Set(cases.map((c) => c.rule)).size).toBeGreaterThanOrEqual(rules.length - 2);
  });

  withTranslator('every fixture SAM refuses is listed, and every listed one is refused', () => {
    const refusedNames = [...results].filter(([, r]) => r.code !== 0).map(([name]) => name).sort();
    expect(refusedNames).toEqual(Object.keys(FIXTURE_REFUSALS).sort());
  });

  withTranslator('each SAM fixture finds the same rule ids as its translation', async () => {
    const wrong: string[] = [];
    let compared = 0;
    for (const c of cases) {
      const result = results.get(fixtureName(c))!;
      if (result.code !== 0) continue;
      compared++;
      const sam = await ruleIds(c.template, FIXTURES);
      const cfn = await ruleIds(result.output, dirname(result.output));
      const { agree, line } = compare(sam, cfn, !/\bInlineCode:/.test(readFileSync(c.template, 'utf8')));
      if (!agree) wrong.push(`${relative(FIXTURES, c.template)}: ${line}`);
    }
    console.log(`findings oracle: ${compared} SAM fixtures compared with their translations, ${cases.length - compared} refused by SAM`);
    expect(wrong).toEqual([]);
    expect(compared).toBeGreaterThan(80);
  }, 120_000);

  withTranslator.each(Object.entries(FIXTURE_REFUSALS).filter(([, v]) => 'rule' in v))('SAM refuses the fixture %s for a CORS reason, and the rule fires', async (name, expected) => {
    const result = results.get(name)!;
    expect(result.message).toMatch(CORS_MESSAGE);
    const c = cases.find((x) => fixtureName(x) === name)!;
    expect(await ruleIds(c.template, FIXTURES)).toContain((expected as { rule: string }).rule);
  });
});
