/**
 * `parameters` in the configuration are parameter overrides: they change what the resolver reads, under the ones
 * the caller passes (the command line's win).
 */
import { lint } from '../../src/index.js';
import { project } from '../workflow/helpers.js';

const TEMPLATE = [
  'Parameters:',
  '  FrontendOrigin: { Type: String, Default: https://app.example.com }',
  'Resources:',
  '  Api:',
  '    Type: AWS::Serverless::HttpApi',
  '    Properties:',
  '      CorsConfiguration:',
  '        AllowOrigins: [!Ref FrontendOrigin]',
  '',
].join('\n');

async function wildcards(dir: string, options: Parameters<typeof lint>[1] = {}): Promise<string[]> {
  const run = await lint(['template.yaml'], { cwd: dir, ...options });
  return run.results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'wildcard-origin').map((m) => `${m.line}:${m.column}`));
}

test('configuration parameters are parameter overrides; the caller’s own win', async () => {
  const p = project({ '.cors-lint.yaml': "parameters:\n  FrontendOrigin: '*'\n", 'template.yaml': TEMPLATE });
  try {
    // the configuration's '*' replaces the default: the finding is where the template uses the parameter
    expect(await wildcards(p.dir)).toEqual(['8:24']);
    // the caller's value wins over the configuration's
    expect(await wildcards(p.dir, { parameters: { FrontendOrigin: 'https://admin.example.com' } })).toEqual([]);
    // without the configuration, the default holds
    expect(await wildcards(p.dir, { configLookup: false })).toEqual([]);
  } finally {
    p.cleanup();
  }
});

test('list values in the configuration are joined with commas, as CloudFormation passes them', async () => {
  const template = TEMPLATE.replace('FrontendOrigin: { Type: String, Default: https://app.example.com }', 'Origins: { Type: CommaDelimitedList, Default: https://app.example.com }').replace(
    '[!Ref FrontendOrigin]',
    '!Ref Origins',
  );
  const p = project({ '.cors-lint.yaml': "parameters:\n  Origins: [https://a.example.com, '*']\n", 'template.yaml': template });
  try {
    expect(await wildcards(p.dir)).toHaveLength(1);
  } finally {
    p.cleanup();
  }
});
