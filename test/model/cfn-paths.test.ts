/**
 * REST resource paths of raw CloudFormation: a resource's ParentId names the API's root in every form
 * CloudFormation resolves to it (`!GetAtt A.RootResourceId`, `!Sub '${A.RootResourceId}'`).
 */
import { lintText } from '../../src/index.js';

function paths(parent: string): string[] {
  const text = [
    'Resources:',
    '  Api:',
    '    Type: AWS::ApiGateway::RestApi',
    '    Properties: { Name: shop }',
    '  Items:',
    '    Type: AWS::ApiGateway::Resource',
    `    Properties: { RestApiId: !Ref Api, ParentId: ${parent}, PathPart: items }`,
    '  ItemsGet:',
    '    Type: AWS::ApiGateway::Method',
    '    Properties:',
    '      RestApiId: !Ref Api',
    '      ResourceId: !Ref Items',
    '      HttpMethod: GET',
    '      AuthorizationType: NONE',
    '      Integration: { Type: MOCK }',
    '',
  ].join('\n');
  const run = lintText(text, '/virtual/template.yaml', { cwd: '/virtual' });
  return (run.models.get('/virtual/template.yaml')?.apis ?? []).flatMap((a) => a.routes.map((r) => `${r.method} ${r.path}`));
}

test.each([
  ['!GetAtt Api.RootResourceId'],
  ['!GetAtt [Api, RootResourceId]'],
  ["!Sub '${Api.RootResourceId}'"],
  ["{ 'Fn::Sub': ['${Api.RootResourceId}', {}] }"],
])('ParentId %s is the root', (parent) => {
  expect(paths(parent)).toEqual(['GET /items']);
});

test('a !Sub that builds another text is not the root', () => {
  expect(paths("!Sub 'x-${Api.RootResourceId}'")).toEqual(['GET ?']);
});
