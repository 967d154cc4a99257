/**
 * A fix described once (issue 11): `explain`'s fix for a SAM default authorizer on the preflight and
 * `preflight-authorizer`'s fix are the same descriptor; explain shows it as a snippet, the lint run as an edit, and
 * `--fix` as a patch.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseApi, explainRequest, type ExplainRequest } from '../../src/explain/index.js';
import { preflightFlagFix, snippetOf } from '../../src/fix/catalogue.js';
import { fixText, lintText } from '../../src/index.js';
import { modelOf } from '../explain/helpers.js';

const TEMPLATE = join(__dirname, '..', 'explain', 'templates', 'sam-rest-authorizer-on-preflight.yaml');

test("explain's fix and preflight-authorizer's fix are one description", async () => {
  const model = modelOf('sam-rest-authorizer-on-preflight.yaml');
  const request: ExplainRequest = { origin: 'https://app.example.com', method: 'PUT', path: '/cart/42', headers: [['Authorization', 'Bearer x'], ['Content-Type', 'application/json']], credentials: 'same-origin' };
  const e = explainRequest(model, chooseApi(model, undefined, request), request);
  const edit = e.fixes[0]!.edit!;
  expect(edit.changes[0]!.kind).toBe('put');
  expect(e.fixes[0]!.snippet).toBe(snippetOf(edit));

  const text = readFileSync(TEMPLATE, 'utf8');
  const run = lintText(text, TEMPLATE, { configLookup: false });
  const finding = run.results[0]!.messages.find((m) => m.ruleId === 'preflight-authorizer')!;
  expect(finding.fix?.desc).toBe(edit.desc);
  // the edit the lint run offers writes what explain's snippet says, in the template's own indentation
  const fixed = await fixText(text, TEMPLATE, { configLookup: false });
  expect(fixed.output).not.toBe(text);
  expect(fixed.output).toContain('AddDefaultAuthorizerToCorsPreflight: false');
  expect(fixed.run.results.flatMap((r) => r.messages).filter((m) => m.ruleId === 'preflight-authorizer')).toEqual([]);
});

test('a snippet is written under the key that holds the change', () => {
  expect(snippetOf(preflightFlagFix({ file: 't.yaml', path: ['Resources', 'Api', 'Properties', 'Auth'] }, 'apiKey'))).toBe('Auth:\n  AddApiKeyRequiredToCorsPreflight: false');
  expect(snippetOf({ desc: 'd', changes: [{ kind: 'set', at: { file: 't.yaml', path: ['Cors', 'AllowOrigin'] }, value: "'https://a.example'" }] })).toBe(`AllowOrigin: "'https://a.example'"`);
  expect(snippetOf({ desc: 'd', changes: [{ kind: 'remove', at: { file: 't.yaml', path: ['Cors', 'AllowOrigin'] } }] })).toBeUndefined();
});
