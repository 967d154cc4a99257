/**
 * No silent fall back to one thread: a run asked for several threads says how many linted, and why fewer when its
 * workers cannot start. Run from the TypeScript sources (as jest runs them), there is no worker module to start,
 * which is such a case: the results are still those of one thread, and the command line warns.
 */
import { lint } from '../../src/index.js';
import { cli, project } from './helpers.js';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: ['*']
        AllowCredentials: true
`;

describe('threads', () => {
  let p: ReturnType<typeof project>;
  beforeAll(() => {
    p = project(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`t${String(i).padStart(2, '0')}.yaml`, TEMPLATE])));
  });
  afterAll(() => p.remove());

  test('a run whose workers cannot start lints on the main thread and says why', async () => {
    const one = await lint([p.dir], { cwd: p.dir, configLookup: false });
    const two = await lint([p.dir], { cwd: p.dir, configLookup: false, threads: 2 });
    expect(one.threads).toBeUndefined();
    expect(two.threads).toEqual({ used: 1, failure: expect.stringMatching(/^the worker module .*lint-worker\.js is not there/) });
    expect(two.results).toHaveLength(40);
    expect(two.results).toEqual(one.results);
  });

  test('too few files for a second thread is no failure', async () => {
    const few = await lint([`${p.dir}/t00.yaml`], { cwd: p.dir, configLookup: false, threads: 2 });
    expect(few.threads).toEqual({ used: 1 });
  });

  test('the command line warns', async () => {
    const r = await cli(['--threads', '2', '--format', 'compact', '.'], { cwd: p.dir });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter((l) => l.includes('[credentials-with-wildcard]'))).toHaveLength(40);
    expect(r.stderr).toMatch(/^cors-lint: warning: linted on 1 thread: the worker module .*lint-worker\.js is not there/m);
  });
});
