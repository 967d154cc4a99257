/**
 * Where a SAM `Cors` lands: the OPTIONS SAM generates per path, and the configurations that deploy nothing
 * (`CorsPolicy.inert`), each case checked with the SAM translator (`../shared/tools/sam-translate`).
 */
import { lintText } from '../../src/index.js';
import type { CorsModel } from '../../src/model/types.js';

function model(text: string): CorsModel {
  const run = lintText(text, '/virtual/template.yaml', { cwd: '/virtual' });
  const m = run.models.get('/virtual/template.yaml');
  if (!m) throw new Error('no model');
  return m;
}

const api = (cors: string, paths: string) => `
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: ${cors}
      DefinitionBody:
        swagger: '2.0'
        info: {title: t, version: '1'}
        paths:
${paths}
`;

const OPTIONS = `            options:
              x-amazon-apigateway-integration: {type: mock}`;
const GET = `            get:
              x-amazon-apigateway-integration: {type: mock}`;

describe('a SAM Cors', () => {
  test('every path has its own options: SAM adds nothing, the Cors is inert and a note says so', () => {
    const m = model(api(`"'*'"`, `          /a:\n${GET}\n${OPTIONS}\n          /b:\n${OPTIONS}`));
    const a = m.apis.find((x) => x.id === 'Api')!;
    expect(a.cors).toBeUndefined();
    expect(m.policies.filter((p) => p.source === 'sam-cors')).toEqual([]);
    expect(m.inertPolicies?.map((p) => p.inert)).toEqual(['no-path']);
    expect(a.routes.filter((r) => r.origin === 'sam-cors')).toEqual([]);
    expect(m.notes.map((n) => [n.kind, n.message])).toContainEqual([
      'inert-cors',
      "The Cors of REST API 'Api' has no effect: every path of its OpenAPI definition already has an options method, and SAM adds OPTIONS only to paths without one, so none of its values is deployed",
    ]);
  });

  test('a path without options takes it: the Cors is deployed there only', () => {
    const m = model(api(`"'*'"`, `          /a:\n${GET}\n${OPTIONS}\n          /b:\n${GET}`));
    const a = m.apis.find((x) => x.id === 'Api')!;
    expect(a.cors?.inert).toBeUndefined();
    expect(m.inertPolicies).toBeUndefined();
    expect(a.routes.filter((r) => r.origin === 'sam-cors').map((r) => r.path)).toEqual(['/b']);
  });

  test('/a has its own options, but SAM walks /a/ first (Python 2.7 dictionary order): /a/ gets an OPTIONS, so the Cors is deployed', () => {
    const m = model(api(`"'*'"`, `          /a:\n${GET}\n${OPTIONS}\n          /a/:\n${GET}`));
    expect(m.inertPolicies).toBeUndefined();
    expect(m.apis[0]!.routes.filter((r) => r.origin === 'sam-cors').map((r) => r.path)).toEqual(['/a/']);
  });

  test('an API with no path at all keeps its Cors: it says what every path the API gets will answer', () => {
    const m = model(api(`"'*'"`, `          {}`).replace('        paths:\n          {}', '        paths: {}'));
    expect(m.apis.find((x) => x.id === 'Api')!.cors).toBeDefined();
    expect(m.inertPolicies).toBeUndefined();
  });

  test('a definition the model cannot read: which paths take the Cors is unknown', () => {
    const m = model(`
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: "'*'"
      DefinitionBody:
        Fn::Transform:
          Name: AWS::Include
          Parameters: {Location: s3://bucket/api.yaml}
`);
    expect(m.apis[0]!.cors).toBeUndefined();
    expect(m.inertPolicies?.map((p) => p.inert)).toEqual(['unknown']);
  });

  test('Globals.Api.Cors next to DefinitionUri: SAM refuses the template, so the Cors is not applied', () => {
    const m = model(`
Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Cors: "'https://a.example'"
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: s3://bucket/api.yaml
`);
    expect(m.apis[0]!.cors).toBeUndefined();
    expect(m.inertPolicies?.map((p) => p.inert)).toEqual(['definition-uri']);
  });
});
