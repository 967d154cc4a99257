/**
 * Objects held by two names (`headers = HEADERS`, then `headers["Set-Cookie"] = …`) and optional spreads
 * (`...(body && { body })`): found in the survey's repositories, where they left handlers unknown.
 */
import { readHandler } from './helpers.js';

test('changes made through another name of the object are followed', async () => {
  const read = await readHandler(
    'python',
    `HEADERS = {"Access-Control-Allow-Origin": "https://a.example"}

def get_headers(cart):
    headers = HEADERS
    headers["Set-Cookie"] = cart
    return headers

def strip():
    h = HEADERS
    del h["Access-Control-Allow-Origin"]

def handler(event, context):
    return {"statusCode": 200, "headers": get_headers("c")}`,
  );
  // the del through h may remove the header: unknown, never a miss
  expect(read.verdicts).toEqual(['unknown']);
  const kept = await readHandler(
    'javascript',
    `const HEADERS = { 'Access-Control-Allow-Origin': 'https://a.example' };
function withCookie(c) { const h = HEADERS; h['Set-Cookie'] = c; return h; }
exports.handler = async () => ({ statusCode: 200, headers: withCookie('c') });`,
  );
  expect(kept.origins).toEqual([['literal:https://a.example']]);
  const removed = await readHandler(
    'javascript',
    `const HEADERS = { 'Access-Control-Allow-Origin': 'https://a.example' };
function clear() { let h = HEADERS; h = {}; delete h['Access-Control-Allow-Origin']; }
exports.handler = async () => ({ statusCode: 200, headers: HEADERS });`,
  );
  // h is defined twice: what it holds when it is changed is not followed
  expect(removed.verdicts).toEqual(['unknown']);
});

test('an optional spread adds nothing when its condition fails', async () => {
  const read = await readHandler(
    'javascript',
    `const reply = (statusCode, data = null) => ({ statusCode, headers: { 'Access-Control-Allow-Origin': '*' }, ...data && { body: JSON.stringify(data) } });
exports.handler = async (event) => (event.body ? reply(200, { ok: true }) : reply(400));`,
  );
  expect(read.origins).toEqual([['literal:*'], ['literal:*']]);
  const missing = await readHandler('javascript', `exports.handler = async (event) => ({ statusCode: 200, ...(event.body && { headers: { 'Access-Control-Allow-Origin': '*' } }) });`);
  expect(missing.verdicts).toEqual(['unknown']);
});
