/**
 * The reader's budget (issue 13 §6): a pathological source ends as "not read: too complex" instead of running on
 * (the time itself is measured by `npm run bench`, never by a test).
 */
import { alts, MAX_ALTS, type AV } from '../../src/handlers/values.js';
import { readHandler } from './helpers.js';

test('spreads of a name into itself, thousands of times: too complex', async () => {
  const lines = ['exports.handler = async (event) => {', "  let h = { 'X-A': '1' };"];
  for (let i = 0; i < 3000; i++) lines.push(`  h = { ...h, ...h, ['k${i}']: ${i} };`);
  lines.push('  return { statusCode: 200, headers: h };', '};');
  const read = await readHandler('javascript', lines.join('\n'));
  expect(read.unknown).toMatch(/^too complex \(the reader stops after 50,000 evaluation steps or 1 s per handler\)$/);
});

test('choices that double line after line between the same value stay one value (they overflowed the stack)', async () => {
  const same = ['let v0 = { statusCode: 200, headers: {} };'];
  for (let i = 1; i < 40; i++) same.push(`let v${i} = process.argv ? v${i - 1} : v${i - 1};`);
  same.push('exports.handler = async () => v39;');
  expect((await readHandler('javascript', same.join('\n'))).verdicts).toEqual(['missing']);
});

test('more alternative values than the reader follows: too complex', () => {
  const values: AV[] = Array.from({ length: MAX_ALTS + 1 }, (_, i) => ({ k: 'other', what: String(i) }));
  expect(alts(values)).toEqual({ k: 'unknown', reason: `too complex (more than ${MAX_ALTS} alternative values)` });
  expect(alts(values.slice(0, 3))).toMatchObject({ k: 'alts', alts: values.slice(0, 3) });
});
