/**
 * `parameters` in the configuration reach the model builder as parameter overrides (the same `parameters` the
 * resolver reads for command-line overrides), under the ones the caller passes.
 */
import { lint } from '../../src/index.js';
import { project } from '../workflow/helpers.js';

const seen: Array<Record<string, string> | undefined> = [];

jest.mock('../../src/model/build.js', () => {
  const actual = jest.requireActual('../../src/model/build.js');
  return {
    ...actual,
    buildModel: (file: string, value: unknown, options: { parameters?: Record<string, string> }) => {
      seen.push(options.parameters ? { ...options.parameters } : undefined);
      return actual.buildModel(file, value, options);
    },
  };
});

test('configuration parameters are parameter overrides; the caller’s own win', async () => {
  const template = "Parameters:\n  Stage: { Type: String, Default: dev }\nResources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n";
  const p = project({ '.cors-lint.yaml': 'parameters:\n  Stage: prod\n  Origins: [https://a.example.com, https://b.example.com]\n', 'template.yaml': template });
  try {
    seen.length = 0;
    await lint(['template.yaml'], { cwd: p.dir });
    expect(seen).toEqual([{ Stage: 'prod', Origins: 'https://a.example.com,https://b.example.com' }]);
    seen.length = 0;
    await lint(['template.yaml'], { cwd: p.dir, parameters: { Stage: 'qa' } });
    expect(seen).toEqual([{ Stage: 'qa', Origins: 'https://a.example.com,https://b.example.com' }]);
    seen.length = 0;
    await lint(['template.yaml'], { cwd: p.dir, configLookup: false });
    expect(seen).toEqual([undefined]);
  } finally {
    p.cleanup();
  }
});
