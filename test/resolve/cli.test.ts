/** The command-line options for template parameters and `--print-model`. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, type CliIO } from '../../src/cli.js';

const TEMPLATE = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Transform: AWS::Serverless-2016-10-31',
  'Parameters:',
  '  Origin:',
  '    Type: String',
  "    Default: 'https://app.example.com'",
  'Resources:',
  '  Api:',
  '    Type: AWS::Serverless::Api',
  '    Properties:',
  '      StageName: prod',
  '      Cors:',
  '        AllowOrigin: !Sub "\'${Origin}\'"',
  '',
].join('\n');

function project(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'cors-lint-cli-'));
  writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    readStdin: async () => new Uint8Array(),
    env: { NO_COLOR: '1' },
    cwd,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

test('--parameter-overrides takes Key=Value words and leaves the paths after them to lint', async () => {
  const dir = project();
  expect((await cli(dir, '-f', 'compact', 'template.yaml')).code).toBe(0);
  const found = await cli(dir, '-f', 'compact', '--parameter-overrides', 'Origin=*', 'Other=x', 'template.yaml');
  expect(found.stdout).toMatch(/^template\.yaml:13:22: warning: REST API 'Api' allows any origin/m);
  const samForm = await cli(dir, '-f', 'json', '--parameter-overrides', 'ParameterKey=Origin,ParameterValue=*', '--', 'template.yaml');
  const [result] = JSON.parse(samForm.stdout);
  expect(result.messages[0].relatedLocations[0].message).toBe("Origin is '*' from --parameter-overrides");
});

test('--parameters FILE, and the command line winning over it', async () => {
  const dir = project({ 'params.json': '[{"ParameterKey": "Origin", "ParameterValue": "*"}]' });
  const fromFile = await cli(dir, '-f', 'json', '--parameters', 'params.json', 'template.yaml');
  expect(JSON.parse(fromFile.stdout)[0].messages[0].relatedLocations[0].message).toBe("Origin is '*' from --parameters params.json");
  const overridden = await cli(dir, '-f', 'compact', '--parameters', 'params.json', '--parameter-overrides', 'Origin=https://app.example.com', '--', 'template.yaml');
  expect(overridden).toMatchObject({ code: 0, stdout: '' });
});

test('a bad parameters file or override is a one-line usage error (exit 2) with file, line and column', async () => {
  const dir = project({ 'params.yaml': 'Origin: ok\nNested:\n  a: 1\n' });
  const bad = await cli(dir, '--parameters', 'params.yaml', 'template.yaml');
  expect(bad).toMatchObject({ code: 2, stderr: 'cors-lint: --parameters params.yaml:3:3: parameter Nested: expected a string, number or boolean\n' });
  const missing = await cli(dir, '--parameters', 'nope.json', 'template.yaml');
  expect(missing).toMatchObject({ code: 2, stderr: 'cors-lint: --parameters nope.json: no such file\n' });
  const quote = await cli(dir, '--parameter-overrides', 'Origin="open', 'template.yaml');
  expect(quote.code).toBe(2);
  expect(quote.stderr).toMatch(/^cors-lint: --parameter-overrides: unterminated double quote/);
});

test('samconfig.toml beside the template applies; --config-env picks the environment', async () => {
  const dir = project({
    'samconfig.toml': ['version = 0.1', '[default.deploy.parameters]', 'parameter_overrides = "Origin=*"', '[prod.deploy.parameters]', 'parameter_overrides = "Origin=https://app.example.com"'].join('\n'),
  });
  const byDefault = await cli(dir, '-f', 'json', 'template.yaml');
  expect(JSON.parse(byDefault.stdout)[0].messages[0].relatedLocations[0].message).toBe("Origin is '*' from samconfig.toml [default.deploy]");
  expect(await cli(dir, '-f', 'compact', '--config-env', 'prod', 'template.yaml')).toMatchObject({ code: 0, stdout: '' });
  const unknown = await cli(dir, '-f', 'compact', '--verbose', '--config-env', 'qa', 'template.yaml');
  expect(unknown.stderr).toMatch(/note: samconfig\.toml:1:1: no environment 'qa' in samconfig\.toml; its parameter_overrides are not used/);
});

test('--print-model prints the model as JSON with readable locations, and exits 3 when a file cannot be read', async () => {
  const dir = project({ 'broken.yaml': 'Resources:\n  A: [\n' });
  const printed = await cli(dir, '--print-model', '--parameter-overrides', 'Origin=https://x.example.com', '--', 'template.yaml');
  expect(printed.code).toBe(0);
  const [model] = JSON.parse(printed.stdout);
  expect(model.file).toBe('template.yaml');
  expect(model.parameters).toEqual({ Origin: { value: 'https://x.example.com', source: '--parameter-overrides' } });
  expect(model.apis[0].cors.origins[0]).toMatchObject({ value: 'https://x.example.com', loc: { at: 'template.yaml:13:22', path: 'Resources.Api.Properties.Cors.AllowOrigin' } });
  const broken = await cli(dir, '--print-model', 'template.yaml', 'broken.yaml');
  expect(broken.code).toBe(3);
  expect(JSON.parse(broken.stdout)).toHaveLength(1);
  expect(broken.stderr).toMatch(/^cors-lint: broken\.yaml:\d+:\d+: /);
});

test('--help lists the new options', async () => {
  const help = await cli(process.cwd(), '--help');
  for (const option of ['--parameter-overrides', '--parameters <file>', '--config-env <name>', '--print-model']) expect(help.stdout).toContain(option);
});
