/**
 * The SAM ⇄ CloudFormation oracle for the origin and value rules: for every SAM input of the translator's test
 * suite and the CloudFormation SAM makes of it, these rules find the same set of problems; and for the inputs SAM
 * refuses for a CORS reason that one of these rules covers, one of them fires on the input. Reads
 * ../shared/corpus/sam-translator and skips with a notice where it is absent.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from '../../src/index.js';

const root = join(__dirname, '..', '..');
const corpus = join(root, '..', 'shared', 'corpus', 'sam-translator');
const present = existsSync(join(corpus, 'input')) && existsSync(join(corpus, 'output'));
if (!present) console.warn(`skipping the SAM oracle: ${corpus} is absent`);

/** The rules this oracle covers. */
const RULES = new Set([
  'credentials-with-wildcard',
  'malformed-origin',
  'multiple-origins',
  'null-origin',
  'insecure-origin',
  'unsupported-origin-pattern',
  'missing-inner-quotes',
  'allow-credentials-not-boolean',
  'unknown-cors-key',
  'wildcard-headers',
  'max-age-over-cap',
  'globals-cors-merge',
]);
/** Rules that only exist in SAM form: SAM's output shows their consequence, not their cause. */
const SAM_ONLY = new Set(['globals-cors-merge', 'unknown-cors-key', 'allow-credentials-not-boolean']);

/** SAM's own CORS errors, and the rule that must fire on the input. */
const REFUSED: Record<string, string> = {
  error_api_with_cors_and_empty_allow_origin: 'malformed-origin',
  error_cors_credentials_true_with_wildcard_origin: 'credentials-with-wildcard',
  error_cors_credentials_true_without_explicit_origin: 'credentials-with-wildcard',
  error_function_with_function_url_config_with_invalid_cors_parameter: 'unknown-cors-key',
  error_invalid_cors_dict: 'unknown-cors-key',
  error_invalid_httpapi_cors_property: 'unknown-cors-key',
};

/**
 * Pairs whose findings differ for a known reason; each must still differ (so the list stays true).
 */
const EXCEPTIONS: Record<string, string> = {
  api_rest_paths_with_if_condition_openapi_no_value_else_case:
    'the only path is removed by an !If whose condition is false, so SAM writes no OPTIONS method and the Globals Cors (a Fn::Join without inner quotes, holding two origins) never reaches the CloudFormation; the SAM value is still wrong',
  api_rest_paths_with_if_condition_swagger_no_value_else_case:
    'as the openapi case: no path is left, so the wrong Globals Cors has no OPTIONS method to land on',
};

async function ruleIds(file: string): Promise<string[]> {
  const run = await lint([file], { cwd: root });
  const messages = run.results.flatMap((r) => r.messages);
  expect(messages.filter((m) => m.fatal).map((m) => m.message)).toEqual([]);
  return [...new Set(messages.flatMap((m) => (m.ruleId && RULES.has(m.ruleId) ? [m.ruleId] : [])))].sort();
}

const pairs = present
  ? readdirSync(join(corpus, 'input'))
      .filter((f) => f.endsWith('.yaml') && !f.startsWith('error_'))
      .map((f) => f.replace(/\.yaml$/, ''))
      .filter((name) => existsSync(join(corpus, 'output', `${name}.json`)))
  : [];

(present ? test : test.skip)('every translated pair gives the same findings in SAM and in CloudFormation', async () => {
  expect(pairs.length).toBeGreaterThan(50);
  const differ: string[] = [];
  let withFindings = 0;
  for (const name of pairs) {
    const input = (await ruleIds(join(corpus, 'input', `${name}.yaml`))).filter((id) => !SAM_ONLY.has(id));
    const output = await ruleIds(join(corpus, 'output', `${name}.json`));
    if (input.length > 0) withFindings++;
    const differs = input.join() !== output.join();
    if (differs !== name in EXCEPTIONS) differ.push(`${name}: SAM [${input}] CloudFormation [${output}]${differs ? '' : ' (listed as an exception, but agrees)'}`);
  }
  expect(differ).toEqual([]);
  expect(withFindings).toBeGreaterThan(5);
}, 60_000);

(present ? test.each(Object.entries(REFUSED)) : test.skip.each(Object.entries(REFUSED)))(
  'SAM refuses %s, and %s fires on it',
  async (name, rule) => {
    expect(await ruleIds(join(corpus, 'input', `${name}.yaml`))).toContain(rule);
  },
);
