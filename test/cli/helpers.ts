/** Drives `run(argv, io)` from `src/cli.ts` with a fake process: captured output, a given stdin and environment. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run, type CliIO } from '../../src/cli.js';

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliCall {
  cwd: string;
  env?: Record<string, string | undefined>;
  stdin?: string | Uint8Array;
  tty?: boolean;
}

/** The `limit` the CLI last passed to `readStdin`. */
export let lastStdinLimit: number | undefined;

export async function cli(argv: string[], call: CliCall): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s), isTTY: call.tty ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    readStdin: async (limit?: number) => {
      lastStdinLimit = limit;
      return typeof call.stdin === 'string' ? Buffer.from(call.stdin, 'utf8') : (call.stdin ?? new Uint8Array());
    },
    env: call.env ?? {},
    cwd: call.cwd,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

/** A scratch folder with the given files (paths relative to it; text or bytes). */
export function project(files: Record<string, string | Uint8Array>): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cors-lint-cli-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A SAM REST API whose `Cors` allows any origin: one `wildcard-origin` warning, on line 7, column 13. */
export const WARNING_TEMPLATE = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  PublicApi:',
  '    Type: AWS::Serverless::Api',
  '    Properties:',
  `      Cors: "'*'"`,
  '      StageName: prod',
  '',
].join('\n');

/**
 * The same on a private endpoint, with an IAM default authorizer on a route: one `wildcard-origin` error, on line 10, column 22 (the
 * rest is written so that no other rule has anything to say).
 */
export const ERROR_TEMPLATE = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  PrivateApi:',
  '    Type: AWS::Serverless::Api',
  '    Properties:',
  '      StageName: prod',
  '      EndpointConfiguration: PRIVATE',
  '      Cors:',
  `        AllowOrigin: "'*'"`,
  `        AllowHeaders: "'Authorization,X-Amz-Date,X-Amz-Security-Token'"`,
  '      Auth:',
  '        DefaultAuthorizer: AWS_IAM',
  '        AddDefaultAuthorizerToCorsPreflight: false',
  '      GatewayResponses:',
  '        DEFAULT_4XX:',
  '          ResponseParameters:',
  `            Headers: { Access-Control-Allow-Origin: "'https://app.example.com'" }`,
  '        DEFAULT_5XX:',
  '          ResponseParameters:',
  `            Headers: { Access-Control-Allow-Origin: "'https://app.example.com'" }`,
  '  Handler:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Runtime: nodejs20.x',
  '      Handler: index.handler',
  `      InlineCode: "exports.handler = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' } });"`,
  '      Events:',
  '        Get:',
  '          Type: Api',
  '          Properties:',
  '            RestApiId: !Ref PrivateApi',
  '            Path: /items',
  '            Method: get',
  '',
].join('\n');

/** A template with no CORS problem. */
export const CLEAN_TEMPLATE = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '  Bucket:',
  '    Type: AWS::S3::Bucket',
  '    Properties:',
  '      CorsConfiguration:',
  '        CorsRules:',
  '          - AllowedOrigins: [https://app.example.com]',
  '            AllowedMethods: [GET]',
  '',
].join('\n');
