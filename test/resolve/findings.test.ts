/**
 * Findings on values that flow through parameters, `!Sub`, `!If` and OpenAPI bodies: located where the value is
 * written, with what it flowed through as related locations and the condition named in the message.
 */
import { join } from 'node:path';
import { lint } from '../../src/index.js';
import type { LintMessage } from '../../src/types.js';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'wildcard-origin');

async function findings(file: string, options: Parameters<typeof lint>[1] = {}): Promise<LintMessage[]> {
  const run = await lint([join(FIXTURES, file)], { cwd: FIXTURES, configEnv: false, ...options });
  return run.results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'wildcard-origin'));
}

test('!Sub of a parameter that defaults to *: reported at the default, the !Sub as related location', async () => {
  const [finding, ...rest] = await findings('invalid/sub-parameter-default.yaml');
  expect(rest).toEqual([]);
  expect(finding).toMatchObject({ line: 8, message: "REST API 'Api' allows any origin ('*'): any website passes its preflight and can send requests to GET /items (a cross-site write); who reads the answers is up to each response's Access-Control-Allow-Origin." });
  expect(finding!.relatedLocations).toEqual([expect.objectContaining({ line: 16, column: 22, message: '!Sub "\'${FrontendOrigin}\'"' })]);
});

test('the same parameter given on the command line: reported at the !Sub, the override named at the parameter', async () => {
  const [finding] = await findings('invalid/sub-parameter-default.yaml', {
    parameters: { FrontendOrigin: '*' },
    parameterSources: { FrontendOrigin: '--parameter-overrides' },
  });
  expect(finding).toMatchObject({ line: 16, column: 22 });
  expect(finding!.relatedLocations).toEqual([expect.objectContaining({ line: 6, message: "FrontendOrigin is '*' from --parameter-overrides" })]);
  expect(await findings('invalid/sub-parameter-default.yaml', { parameters: { FrontendOrigin: 'https://app.example.com' } })).toEqual([]);
});

test("!If [IsProd, …, '*']: the '*' branch is reported and the message names the condition", async () => {
  const [finding, ...rest] = await findings('invalid/if-condition-branch.yaml');
  expect(rest).toEqual([]);
  expect(finding!.line).toBe(22);
  expect(finding!.message).toMatch(/\(when IsProd is false\)\.$/);
  expect(finding!.relatedLocations).toEqual([expect.objectContaining({ line: 19, column: 22, message: '!If IsProd (false branch)' })]);
  // Pinning the stage decides the condition: prod takes the other branch, dev reports without a condition.
  expect(await findings('invalid/if-condition-branch.yaml', { parameters: { Stage: 'prod' } })).toEqual([]);
  const [dev] = await findings('invalid/if-condition-branch.yaml', { parameters: { Stage: 'dev' } });
  expect(dev!.message).not.toMatch(/when/);
});

test('x-amazon-apigateway-cors allowOrigins: reported at the item', async () => {
  const [finding, ...rest] = await findings('invalid/openapi-cors-extension.yaml');
  expect(rest).toEqual([]);
  expect(finding).toMatchObject({ line: 16, column: 15 });
  expect(finding!.message).toMatch(/^HTTP API 'HttpApi' allows any origin/);
});
