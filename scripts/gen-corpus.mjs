#!/usr/bin/env node
// Writes a synthetic corpus of CloudFormation/SAM templates for the benchmark, so that it also runs where the
// shared corpus is absent, plus the two large inputs the benchmark times on their own.
//
//   node scripts/gen-corpus.mjs [--out .bench] [--count 1000]
//
// Output (deterministic: the same bytes on every run):
//   <out>/synthetic/NNNN.yaml|json   `count` templates of the kinds people write (SAM REST and HTTP APIs with
//                                    events and Globals, raw API Gateway REST and HTTP APIs, function URLs,
//                                    S3 buckets, CloudFront response-headers policies), 1–35 KB each
//   <out>/large-cdk.json             a CDK-style JSON template with 3,000 resources
//   <out>/large.yaml                 a SAM YAML template of about 1 MB
// and, for the benchmark's scaling and memory figures, manyResources, manyApis and restWithHandlers (below).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Small deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ORIGINS = ["'*'", "'https://app.example.com'", "'https://admin.example.com'", "'http://localhost:3000'"];
const HTTP_ORIGINS = ['*', 'https://app.example.com', 'https://www.example.com', 'http://localhost:5173'];
const METHODS = ['get', 'post', 'put', 'delete', 'patch'];

function pick(r, list) {
  return list[Math.floor(r() * list.length)];
}

function samRest(r, n) {
  const fns = 1 + Math.floor(r() * 12);
  const auth = r() < 0.4;
  const lines = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    `Description: synthetic SAM REST API ${n}`,
    'Parameters:',
    '  Stage:',
    '    Type: String',
    '    Default: dev',
    '    AllowedValues: [dev, prod]',
    '  FrontendOrigin:',
    '    Type: String',
    `    Default: '${pick(r, HTTP_ORIGINS)}'`,
    'Conditions:',
    '  IsProd: !Equals [!Ref Stage, prod]',
    'Globals:',
    '  Function:',
    '    Runtime: nodejs20.x',
    '    Timeout: 10',
    '    MemorySize: 256',
    '  Api:',
    '    Cors:',
    `      AllowOrigin: "${pick(r, ORIGINS)}"`,
    "      AllowHeaders: \"'Content-Type,Authorization'\"",
    'Resources:',
    '  Api:',
    '    Type: AWS::Serverless::Api',
    '    Properties:',
    '      StageName: !Ref Stage',
    '      Cors:',
    `        AllowOrigin: !If [IsProd, "'https://app.example.com'", !Sub "'\${FrontendOrigin}'"]`,
    "        AllowMethods: \"'GET,POST,PUT,DELETE,OPTIONS'\"",
    `        AllowCredentials: ${r() < 0.3}`,
  ];
  if (auth) {
    lines.push(
      '      Auth:',
      '        DefaultAuthorizer: Cognito',
      `        AddDefaultAuthorizerToCorsPreflight: ${r() < 0.5}`,
      '        Authorizers:',
      '          Cognito:',
      '            UserPoolArn: !GetAtt UserPool.Arn',
      '  UserPool:',
      '    Type: AWS::Cognito::UserPool',
    );
  }
  for (let i = 0; i < fns; i++) {
    const method = pick(r, METHODS);
    lines.push(
      `  Fn${i}:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      `      CodeUri: src/fn${i}/`,
      '      Handler: app.handler',
      '      Environment:',
      '        Variables:',
      `          TABLE: !Ref Table${i}`,
      `          STAGE: !Sub '\${Stage}-${i}'`,
      '      Events:',
      '        Call:',
      '          Type: Api',
      '          Properties:',
      '            RestApiId: !Ref Api',
      `            Path: /items${i}/{id}`,
      `            Method: ${method}`,
      `  Table${i}:`,
      '    Type: AWS::DynamoDB::Table',
      '    Properties:',
      '      BillingMode: PAY_PER_REQUEST',
      '      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]',
      '      KeySchema: [{AttributeName: pk, KeyType: HASH}]',
    );
  }
  lines.push('Outputs:', '  Url:', "    Value: !Sub 'https://${Api}.execute-api.${AWS::Region}.amazonaws.com/${Stage}'");
  return lines.join('\n') + '\n';
}

function samHttp(r, n) {
  const fns = 1 + Math.floor(r() * 10);
  const lines = [
    'Transform: AWS::Serverless-2016-10-31',
    `Description: synthetic SAM HTTP API ${n}`,
    'Globals:',
    '  HttpApi:',
    '    CorsConfiguration:',
    `      AllowOrigins: ['${pick(r, HTTP_ORIGINS)}']`,
    'Resources:',
    '  HttpApi:',
    '    Type: AWS::Serverless::HttpApi',
    '    Properties:',
    '      CorsConfiguration:',
    `        AllowOrigins: ['${pick(r, HTTP_ORIGINS)}', 'https://app.example.com']`,
    '        AllowMethods: [GET, POST, PUT]',
    '        AllowHeaders: [content-type, authorization]',
    `        AllowCredentials: ${r() < 0.3}`,
    '        MaxAge: 600',
    '      Auth:',
    '        DefaultAuthorizer: Jwt',
    '        Authorizers:',
    '          Jwt:',
    "            IdentitySource: $request.header.Authorization",
    '            JwtConfiguration:',
    '              issuer: https://issuer.example.com',
    '              audience: [app]',
  ];
  for (let i = 0; i < fns; i++) {
    const catchAll = i === 0 && r() < 0.3;
    lines.push(
      `  Fn${i}:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: python3.12',
      `      CodeUri: fn${i}/`,
      '      Handler: app.handler',
      '      Events:',
      '        Http:',
      '          Type: HttpApi',
      '          Properties:',
      '            ApiId: !Ref HttpApi',
    );
    if (!catchAll) lines.push(`            Path: /things${i}`, `            Method: ${pick(r, METHODS)}`);
  }
  return lines.join('\n') + '\n';
}

/** A raw CloudFormation REST API in CDK's JSON style, with `resources` path parts and OPTIONS mocks. */
function cdkRest(r, n, paths) {
  const res = {};
  const id = (s) => `${s}${(n * 7919 + Object.keys(res).length * 104729).toString(16).toUpperCase().slice(-8)}`;
  const api = id('Api');
  res[api] = { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: `synthetic-${n}` } };
  for (let p = 0; p < paths; p++) {
    const resource = id('ApiItems');
    res[resource] = {
      Type: 'AWS::ApiGateway::Resource',
      Properties: { ParentId: { 'Fn::GetAtt': [api, 'RootResourceId'] }, PathPart: `items${p}`, RestApiId: { Ref: api } },
    };
    const fn = id('Handler');
    const role = id('HandlerRole');
    res[role] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }],
          Version: '2012-10-17',
        },
        ManagedPolicyArns: [
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']] },
        ],
      },
    };
    res[fn] = {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Code: { S3Bucket: { 'Fn::Sub': 'cdk-assets-${AWS::AccountId}-${AWS::Region}' }, S3Key: `${p}.zip` },
        Handler: 'index.handler',
        Runtime: 'nodejs20.x',
        Role: { 'Fn::GetAtt': [role, 'Arn'] },
        Environment: { Variables: { STAGE: 'prod', PATH_PART: `items${p}`, POWERTOOLS_SERVICE_NAME: `synthetic-${n}` } },
      },
      DependsOn: [role],
    };
    res[id('ApiItemsGET')] = {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        HttpMethod: pick(r, ['GET', 'POST', 'PUT']),
        ResourceId: { Ref: resource },
        RestApiId: { Ref: api },
        AuthorizationType: r() < 0.3 ? 'AWS_IAM' : 'NONE',
        Integration: {
          Type: 'AWS_PROXY',
          IntegrationHttpMethod: 'POST',
          Uri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', { 'Fn::GetAtt': [fn, 'Arn'] }, '/invocations']] },
        },
      },
    };
    res[id('ApiItemsOPTIONS')] = {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        HttpMethod: 'OPTIONS',
        ResourceId: { Ref: resource },
        RestApiId: { Ref: api },
        AuthorizationType: 'NONE',
        Integration: {
          Type: 'MOCK',
          RequestTemplates: { 'application/json': '{ statusCode: 200 }' },
          IntegrationResponses: [
            {
              StatusCode: '204',
              ResponseParameters: {
                'method.response.header.Access-Control-Allow-Headers': "'Content-Type,Authorization'",
                'method.response.header.Access-Control-Allow-Origin': pick(r, ORIGINS),
                'method.response.header.Access-Control-Allow-Methods': "'OPTIONS,GET,POST,PUT'",
              },
            },
          ],
        },
        MethodResponses: [
          {
            StatusCode: '204',
            ResponseParameters: {
              'method.response.header.Access-Control-Allow-Headers': true,
              'method.response.header.Access-Control-Allow-Origin': true,
              'method.response.header.Access-Control-Allow-Methods': true,
            },
          },
        ],
      },
    };
  }
  const bucket = id('Assets');
  res[bucket] = {
    Type: 'AWS::S3::Bucket',
    Properties: { CorsConfiguration: { CorsRules: [{ AllowedOrigins: [pick(r, HTTP_ORIGINS)], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['*'], MaxAge: 3000 }] } },
  };
  // CDK marks every resource with its construct path.
  for (const [logicalId, resource] of Object.entries(res)) resource.Metadata = { 'aws:cdk:path': `Synthetic${n}/${logicalId}/Resource` };
  return { Resources: res, Metadata: { generator: 'cors-lint synthetic corpus' } };
}

function functionUrls(r, n) {
  return [
    'Transform: AWS::Serverless-2016-10-31',
    `Description: synthetic function URLs ${n}`,
    'Resources:',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Runtime: nodejs20.x',
    '      Handler: index.handler',
    '      InlineCode: |',
    '        exports.handler = async () => ({',
    '          statusCode: 200,',
    "          headers: { 'Access-Control-Allow-Origin': 'https://app.example.com' },",
    "          body: 'ok',",
    '        });',
    '      FunctionUrlConfig:',
    `        AuthType: ${r() < 0.5 ? 'AWS_IAM' : 'NONE'}`,
    '        Cors:',
    `          AllowOrigins: ['${pick(r, HTTP_ORIGINS)}']`,
    `          AllowCredentials: ${r() < 0.3}`,
    '  Policy:',
    '    Type: AWS::CloudFront::ResponseHeadersPolicy',
    '    Properties:',
    '      ResponseHeadersPolicyConfig:',
    `        Name: policy-${n}`,
    '        CorsConfig:',
    '          AccessControlAllowCredentials: false',
    '          AccessControlAllowHeaders: {Items: ["*"]}',
    '          AccessControlAllowMethods: {Items: [GET, HEAD]}',
    `          AccessControlAllowOrigins: {Items: ['${pick(r, HTTP_ORIGINS)}']}`,
    '          OriginOverride: true',
  ].join('\n') + '\n';
}

export function generate(out, count = 1000, { large: withLarge = true } = {}) {
  const dir = join(out, 'synthetic');
  mkdirSync(dir, { recursive: true });
  const r = rng(20261202);
  for (let n = 0; n < count; n++) {
    const kind = n % 4;
    const name = String(n).padStart(4, '0');
    if (kind === 0) writeFileSync(join(dir, `${name}.yaml`), samRest(r, n));
    else if (kind === 1) writeFileSync(join(dir, `${name}.yaml`), samHttp(r, n));
    else if (kind === 2) writeFileSync(join(dir, `${name}.json`), JSON.stringify(cdkRest(r, n, 2 + Math.floor(r() * 8)), null, 1) + '\n');
    else writeFileSync(join(dir, `${name}.yaml`), functionUrls(r, n));
  }
  if (!withLarge) return { dir };
  // 3,000 resources: each path adds a resource, a role, a function, a method and an OPTIONS method (5 resources);
  // the API and the bucket make two more.
  writeFileSync(join(out, 'large-cdk.json'), JSON.stringify(cdkRest(r, 99999, 600), null, 2) + '\n');
  // About 1 MB of YAML: many SAM REST APIs' worth of functions in one template.
  let yaml = samRest(r, 100000);
  const extra = [];
  for (let i = 0; yaml.length + extra.join('').length < 1024 * 1024; i++) {
    extra.push(
      [
        `  Extra${i}:`,
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        `      CodeUri: src/extra${i}/`,
        '      Handler: app.handler',
        `      Description: !Sub 'extra function ${i} in \${AWS::StackName}'`,
        '      Events:',
        '        Call:',
        '          Type: Api',
        '          Properties:',
        '            RestApiId: !Ref Api',
        `            Path: /extra${i}`,
        `            Method: ${pick(r, METHODS)}`,
        '',
      ].join('\n'),
    );
  }
  yaml = yaml.replace('Outputs:', `${extra.join('')}Outputs:`);
  writeFileSync(join(out, 'large.yaml'), yaml);
  return { dir, large: { json: join(out, 'large-cdk.json'), yaml: join(out, 'large.yaml') } };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const at = (flag, fallback) => {
    const i = args.indexOf(flag);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const out = at('--out', join(root, '.bench'));
  const count = Number(at('--count', '1000'));
  const { dir } = generate(out, count);
  console.log(`wrote ${count} templates to ${dir}, and large-cdk.json and large.yaml to ${out}`);
}

// ── shapes for the scaling and memory figures of the benchmark ──────────────────────────────────────────────────

/**
 * A CDK-style template with about `resources` resources (5 a path: resource, role, function, method, OPTIONS mock
 * with a CORS answer, many of them findings), as JSON or as block YAML (the quick reader's kind).
 */
export function manyResources(file, resources, format) {
  const template = cdkRest(rng(resources), 7, Math.max(1, Math.round((resources - 2) / 5)));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, format === 'json' ? JSON.stringify(template, null, 1) + '\n' : toBlockYaml(template));
  return file;
}

/** Block-style YAML of plain data (strings quoted as JSON strings, which YAML reads alike). */
function toBlockYaml(value, indent = '') {
  const lines = [];
  const scalar = (v) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
  const walk = (v, pad, out) => {
    if (Array.isArray(v)) {
      for (const item of v) {
        if (item !== null && typeof item === 'object' && Object.keys(item).length > 0) {
          const inner = [];
          walk(item, `${pad}  `, inner);
          out.push(`${pad}- ${inner[0].trimStart()}`, ...inner.slice(1));
        } else out.push(`${pad}- ${scalar(item)}`);
      }
    } else {
      for (const [k, item] of Object.entries(v)) {
        if (item !== null && typeof item === 'object' && (Array.isArray(item) ? item.length : Object.keys(item).length) > 0) {
          out.push(`${pad}${k}:`);
          walk(item, Array.isArray(item) ? pad : `${pad}  `, out);
        } else out.push(`${pad}${k}: ${Array.isArray(item) ? '[]' : typeof item === 'object' && item !== null ? '{}' : scalar(item)}`);
      }
    }
  };
  walk(value, indent, lines);
  return lines.join('\n') + '\n';
}

/** A SAM template with `apis` HTTP APIs, each with CORS ('*' for some: findings) and a function routed to it. */
export function manyApis(file, apis) {
  const r = rng(apis);
  const lines = ['Transform: AWS::Serverless-2016-10-31', 'Resources:'];
  for (let i = 0; i < apis; i++) {
    lines.push(
      `  Api${i}:`,
      '    Type: AWS::Serverless::HttpApi',
      '    Properties:',
      '      CorsConfiguration:',
      `        AllowOrigins: ['${pick(r, HTTP_ORIGINS)}']`,
      `        AllowCredentials: ${r() < 0.3}`,
      `  Fn${i}:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: nodejs20.x',
      '      Handler: index.handler',
      `      CodeUri: s3://bucket/fn${i}.zip`,
      '      Events:',
      '        Call:',
      '          Type: HttpApi',
      `          Properties: {ApiId: !Ref Api${i}, Path: /items, Method: ${pick(r, METHODS)}}`,
    );
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/**
 * `count` small SAM REST templates, each in its own folder with a JavaScript proxy handler file the handler
 * analysis reads (the memory figure's shape: one run over a monorepo of small services).
 */
export function restWithHandlers(dir, count) {
  const r = rng(count);
  for (let n = 0; n < count; n++) {
    const folder = join(dir, String(n).padStart(5, '0'));
    mkdirSync(join(folder, 'src'), { recursive: true });
    writeFileSync(
      join(folder, 'template.yaml'),
      [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Api:',
        '    Type: AWS::Serverless::Api',
        '    Properties:',
        '      StageName: prod',
        `      Cors: "${pick(r, ORIGINS)}"`,
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Runtime: nodejs20.x',
        '      Handler: app.handler',
        '      CodeUri: src/',
        '      Events:',
        '        Proxy:',
        '          Type: Api',
        "          Properties: {RestApiId: !Ref Api, Path: '/{proxy+}', Method: any}",
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(folder, 'src', 'app.js'),
      [
        `const ALLOWED = '${pick(r, HTTP_ORIGINS)}';`,
        'exports.handler = async (event) => {',
        `  if (event.httpMethod === 'DELETE') return { statusCode: 405, body: 'no ${n}' };`,
        "  return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': ALLOWED, 'Content-Type': 'application/json' }, body: JSON.stringify({ n: " + n + ' }) };',
        '};',
        '',
      ].join('\n'),
    );
  }
  return dir;
}
