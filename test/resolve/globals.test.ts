import { mergeGlobals } from '../../src/resolve/globals.js';
import { Resolver } from '../../src/resolve/resolver.js';
import type { Node } from '../../src/resolve/types.js';

const template = {
  Globals: {
    Api: { Cors: { AllowOrigin: "'https://app'", AllowCredentials: true }, Tags: ['g1'], Name: 'global' },
    HttpApi: { CorsConfiguration: { AllowOrigins: ['*'] } },
  },
  Resources: {
    Api: { Type: 'AWS::Serverless::Api', Properties: { Cors: { AllowOrigin: "'*'" }, Tags: ['r1'], Name: 'mine' } },
    Str: { Type: 'AWS::Serverless::Api', Properties: { Cors: "'https://res'" } },
    Http: { Type: 'AWS::Serverless::HttpApi', Properties: { CorsConfiguration: { AllowOrigins: ['https://local'] } } },
    Cond: { Type: 'AWS::Serverless::Api', Properties: { Cors: { 'Fn::If': ['IsProd', "'https://prod'", { Ref: 'AWS::NoValue' }] } } },
  },
};

const r = new Resolver('t.yaml', template);
const merge = (section: string, id: string): Node =>
  mergeGlobals(r, r.at(['Globals', section]), r.at(['Resources', id, 'Properties']), { name: id, loc: { file: 't.yaml', path: ['Resources', id] } })!;

test('maps merge key by key; the resource scalar wins; where each value is written is kept', () => {
  const props = merge('Api', 'Api');
  const cors = r.child(props, 'Cors')!;
  expect(cors.raw).toEqual({ AllowOrigin: "'*'", AllowCredentials: true });
  const origin = r.child(cors, 'AllowOrigin')!;
  expect(origin.loc.path).toEqual(['Resources', 'Api', 'Properties', 'Cors', 'AllowOrigin']);
  expect(origin.via).toEqual([]);
  const credentials = r.child(cors, 'AllowCredentials')!;
  expect(credentials.loc.path).toEqual(['Globals', 'Api', 'Cors', 'AllowCredentials']);
  expect(credentials.via).toEqual([{ loc: { file: 't.yaml', path: ['Resources', 'Api'] }, note: 'inherited from Globals by Api' }]);
  expect(r.child(props, 'Name')!.raw).toBe('mine');
});

test('lists concatenate with the global entries first', () => {
  const props = merge('Api', 'Api');
  const tags = r.child(props, 'Tags')!;
  expect(tags.raw).toEqual(['g1', 'r1']);
  expect(r.child(tags, 0)!.loc.path).toEqual(['Globals', 'Api', 'Tags', 0]);
  expect(r.child(tags, 1)!.loc.path).toEqual(['Resources', 'Api', 'Properties', 'Tags', 0]);
  const origins = r.child(r.child(merge('HttpApi', 'Http'), 'CorsConfiguration')!, 'AllowOrigins')!;
  expect(origins.raw).toEqual(['*', 'https://local']);
  expect(r.values(r.items(origins)[0]!)[0]!.loc.path).toEqual(['Globals', 'HttpApi', 'CorsConfiguration', 'AllowOrigins', 0]);
});

test('values of different kinds: the resource replaces the global entirely', () => {
  const cors = r.child(merge('Api', 'Str'), 'Cors')!;
  expect(cors.raw).toBe("'https://res'");
});

test('a resource without the property inherits the global one', () => {
  const props = mergeGlobals(r, r.at(['Globals', 'Api']), undefined, { name: 'Implicit', loc: { file: 't.yaml', path: [] } })!;
  expect(r.child(props, 'Name')!.via[0]!.note).toBe('inherited from Globals by Implicit');
  expect(r.child(r.child(props, 'Cors')!, 'AllowOrigin')!.via).toHaveLength(1);
});

test('Fn::If gives both branches with their conditions; AWS::NoValue disappears', () => {
  const cors = r.at(['Resources', 'Cond', 'Properties', 'Cors'])!;
  const alts = r.alts(cors);
  expect(alts.map((a) => [a.raw, a.when])).toEqual([["'https://prod'", [{ name: 'IsProd', value: true }]]]);
  expect(alts[0]!.loc.path).toEqual(['Resources', 'Cond', 'Properties', 'Cors', 'Fn::If', 1]);
  expect(alts[0]!.via[0]!.note).toBe('!If IsProd (true branch)');
});
