/**
 * The simulator knows what binary-media-types-break-preflight reports: a MOCK OPTIONS method on a REST API that
 * treats a preflight as binary answers 500, unless it converts the request to text; a preflight then fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mockTakesBinary, preflightOutcome } from '../../src/simulate/index.js';
import { modelOfText } from '../explain/helpers.js';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'binary-media-types-break-preflight');
const model = (path: string) => modelOfText(readFileSync(join(FIXTURES, path), 'utf8'));

test("SAM's generated OPTIONS under */*: API Gateway answers the preflight 500, and the browser blocks the request", () => {
  const api = model('invalid/sam-globals.yaml').apis.find((a) => a.id === 'ServerlessRestApi')!;
  const route = api.routes.find((r) => r.method === 'ANY')!;
  const { outcome, answer } = preflightOutcome(api, { ...route, method: 'PUT' }, 'https://shop.example.com');
  expect(outcome).toBe('blocked');
  expect(answer?.response.status).toBe(500);
  expect(answer?.story.join(' ')).toMatch(/Unable to transform request/);
});

test('a MOCK OPTIONS that converts to text, and a request with a Content-Type outside the binary types, go through', () => {
  const api = model('valid/converted-or-narrow.yaml').apis.find((a) => a.id === 'Api')!;
  const options = api.routes.find((r) => r.method === 'OPTIONS')!;
  expect(mockTakesBinary(api, options)).toBeUndefined();
  const json = model('invalid/openapi-application-json.yaml').apis.find((a) => a.id === 'ReportsApi')!;
  const mock = json.routes.find((r) => r.method === 'OPTIONS')!;
  expect(mockTakesBinary(json, mock)).toMatchObject({ value: 'application/json' });
  expect(mockTakesBinary(json, mock, 'text/plain')).toBeUndefined();
});
