/** The model facts about SAM Globals that globals-cors-merge and the per-value rules rest on. */
import { buildModel } from '../../src/model/build.js';
import type { CorsPolicy } from '../../src/model/types.js';
import { enabledCredentials, fromGlobals } from '../../src/model/values.js';

const template = {
  Globals: {
    Api: { Cors: { AllowOrigin: "'https://app.example.com'", AllowCredentials: true, Foo: 'x' } },
    HttpApi: { CorsConfiguration: { AllowOrigins: ['*'], AllowHeaders: ['Content-Type'] } },
    Function: { FunctionUrlConfig: { AuthType: 'NONE', Cors: { AllowOrigins: ['https://app.example.com'] } } },
  },
  Resources: {
    Merged: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'p', Cors: { AllowOrigin: "'*'" } } },
    Replaced: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'p', Cors: "'https://res.example.com'" } },
    Http: { Type: 'AWS::Serverless::HttpApi', Properties: { CorsConfiguration: { AllowOrigins: ['https://local.example.com'] } } },
    HttpTrue: { Type: 'AWS::Serverless::HttpApi', Properties: { CorsConfiguration: true } },
    Fn: {
      Type: 'AWS::Serverless::Function',
      Properties: {
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        CodeUri: 'src/',
        Events: { Get: { Type: 'Api', Properties: { Path: '/x', Method: 'get' } } },
      },
    },
  },
};

const model = buildModel('t.yaml', template);
const policy = (owner: string): CorsPolicy => model.policies.find((p) => p.owner === owner && p.source.startsWith('sam'))!;

test('a resource mapping next to a Globals mapping is merged: the fact says so and inherited values are marked', () => {
  const merged = policy('Merged');
  expect(merged.globals).toEqual({
    relation: 'merged',
    loc: { file: 't.yaml', path: ['Globals', 'Api', 'Cors'] },
    name: 'Globals.Api.Cors',
    form: 'object',
    keys: ['AllowOrigin', 'AllowCredentials', 'Foo'],
  });
  const credentials = enabledCredentials(merged);
  expect(credentials).toHaveLength(1);
  expect(fromGlobals(credentials[0]!)).toBe(true);
  expect(merged.origins.map((o) => [o.known && o.value, fromGlobals(o)])).toEqual([['*', false]]);
});

test('keys merged in from Globals point at Globals, the resource keys at the resource', () => {
  const keys = policy('Merged').keys!.map((k) => [k.key, k.loc.path.join('.'), k.loc.key]);
  expect(keys).toEqual(
    expect.arrayContaining([
      ['AllowOrigin', 'Resources.Merged.Properties.Cors.AllowOrigin', true],
      ['Foo', 'Globals.Api.Cors.Foo', true],
    ]),
  );
});

test('a string next to a Globals mapping replaces it', () => {
  const replaced = policy('Replaced');
  expect(replaced.globals?.relation).toBe('replaced');
  expect(replaced.credentials).toEqual([]);
  expect(replaced.globals?.ownForm).toBe('string');
  expect(policy('HttpTrue').globals).toMatchObject({ relation: 'replaced', ownForm: 'boolean' });
});

test('the implicit API takes the whole of Globals', () => {
  const implicit = policy('ServerlessRestApi');
  expect(implicit.globals?.relation).toBe('inherited');
  expect(implicit.origins.every(fromGlobals)).toBe(true);
});

test('HTTP API lists are concatenated with the Globals entries first, and only those are marked', () => {
  const http = policy('Http');
  expect(http.globals?.relation).toBe('merged');
  expect(http.origins.map((o) => [o.known && o.value, fromGlobals(o)])).toEqual([
    ['*', true],
    ['https://local.example.com', false],
  ]);
});

test('function URLs: a resource without FunctionUrlConfig has no URL; the fact is read two levels down', () => {
  const withUrl = buildModel('t.yaml', {
    ...template,
    Resources: {
      Own: { Type: 'AWS::Serverless::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'i.h', CodeUri: 's/', FunctionUrlConfig: { AuthType: 'NONE', Cors: { MaxAge: 5 } } } },
      Bare: { Type: 'AWS::Serverless::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'i.h', CodeUri: 's/' } },
    },
  });
  const own = withUrl.policies.find((p) => p.owner === 'Own')!;
  expect(own.globals).toMatchObject({ relation: 'merged', name: 'Globals.Function.FunctionUrlConfig.Cors' });
  const bare = withUrl.policies.find((p) => p.owner === 'Bare')!;
  expect(bare.globals?.relation).toBe('inherited');
});

test('without Globals there is no fact', () => {
  const plain = buildModel('t.yaml', { Resources: { Api: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'p', Cors: "'*'" } } } });
  expect(plain.policies[0]!.globals).toBeUndefined();
});
