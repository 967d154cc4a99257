/**
 * A run's cost is linear in the number of APIs: rules ask for an API by id once per policy or route, so a search
 * through the model's APIs each time made a template with thousands of APIs quadratic. This test counts work (reads
 * of the APIs list), not time.
 */
import { apiById } from '../../src/model/query.js';
import type { Api, CorsModel } from '../../src/model/types.js';

function counted(apis: Api[]): { list: Api[]; reads: () => number } {
  let reads = 0;
  const list = new Proxy(apis, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads += 1;
      return Reflect.get(target, key, receiver);
    },
  });
  return { list, reads: () => reads };
}

test('asking for each of 5,000 APIs by id reads the list a number of times linear in its length', () => {
  const n = 5000;
  const apis = Array.from({ length: n }, (_, i) => ({ id: `Api${i}` }) as Api);
  const { list, reads } = counted(apis);
  const model = { apis: list } as unknown as CorsModel;
  for (let i = n - 1; i >= 0; i--) expect(apiById(model, `Api${i}`)).toBe(apis[i]);
  expect(apiById(model, 'Missing')).toBeUndefined();
  expect(reads()).toBeLessThanOrEqual(2 * n);
});

test('the first API with an id wins, and APIs added later are found', () => {
  const first = { id: 'A' } as Api;
  const apis: Api[] = [first, { id: 'A' } as Api];
  const model = { apis } as unknown as CorsModel;
  expect(apiById(model, 'A')).toBe(first);
  const later = { id: 'B' } as Api;
  apis.push(later);
  expect(apiById(model, 'B')).toBe(later);
  expect(apiById(model, undefined)).toBeUndefined();
});
