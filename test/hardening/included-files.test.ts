/**
 * Issue 12 item 2: a file a template includes (a local OpenAPI `DefinitionUri`, an `AWS::Include` location) that is
 * there but cannot be read or parsed stops the template (exit 3), reported at the included file's own line and
 * column with the including place as related location, never dropped with a note; several templates including it
 * give one result that names each. A missing file is not fatal: the template is linted and the file's API counted
 * as not checked.
 */
import { join } from 'node:path';
import { cli, project } from '../cli/helpers.js';

const TEMPLATE = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Api:',
  '    Type: AWS::Serverless::Api',
  '    Properties:',
  '      StageName: prod',
  '      DefinitionUri: api.yaml',
  '  Other:',
  '    Type: AWS::Serverless::Api',
  '    Properties:',
  '      StageName: prod',
  '      DefinitionBody:',
  '        Fn::Transform:',
  '          Name: AWS::Include',
  '          Parameters:',
  '            Location: other.yaml',
  '',
].join('\n');
const GOOD = 'openapi: 3.0.1\npaths: {}\n';
const BROKEN = 'openapi: 3.0.1\npaths:\n  /a:\n    get: {x: [1, 2}\n';

interface Message {
  fatal?: boolean;
  message: string;
  line: number;
  column: number;
  relatedLocations?: Array<{ filePath: string; line: number; column: number }>;
}

test.each([
  ['DefinitionUri', { 'api.yaml': BROKEN, 'other.yaml': GOOD }, 'api.yaml', 8, 22],
  ['an AWS::Include location', { 'api.yaml': GOOD, 'other.yaml': BROKEN }, 'other.yaml', 17, 23],
])('an included file that does not parse (%s): exit 3 at its own position, the including place related', async (_name, files, broken, line, column) => {
  const p = project({ 'template.yaml': TEMPLATE, ...files });
  try {
    const r = await cli(['--format', 'json', 'template.yaml'], { cwd: p.dir });
    expect(r.code).toBe(3);
    const results = JSON.parse(r.stdout) as Array<{ filePath: string; fatalErrorCount: number; messages: Message[] }>;
    expect(results.map((x) => [x.filePath, x.fatalErrorCount, x.messages.length])).toEqual([[join(p.dir, broken), 1, 1]]);
    const [m] = results[0]!.messages;
    expect([m!.fatal, m!.line, m!.column]).toEqual([true, 4, 19]);
    expect(m!.message).toMatch(/^YAML syntax error: .*a template includes this file, so it is not linted/);
    expect(m!.relatedLocations!.map((l) => [l.filePath, l.line, l.column])).toEqual([[join(p.dir, 'template.yaml'), line, column]]);
  } finally {
    p.remove();
  }
});

test('two templates including one broken file: one fatal result naming both including places', async () => {
  const p = project({ 'a/template.yaml': TEMPLATE, 'b/template.yaml': TEMPLATE.replace('api.yaml', '../a/api.yaml'), 'a/api.yaml': BROKEN, 'a/other.yaml': GOOD, 'b/other.yaml': GOOD });
  try {
    const r = await cli(['--format', 'json', 'a/template.yaml', 'b/template.yaml'], { cwd: p.dir });
    expect(r.code).toBe(3);
    const results = JSON.parse(r.stdout) as Array<{ filePath: string; messages: Message[] }>;
    const fatal = results.filter((x) => x.messages.some((m) => m.fatal));
    expect(fatal.map((x) => x.filePath)).toEqual([join(p.dir, 'a/api.yaml')]);
    expect(fatal[0]!.messages[0]!.relatedLocations!.map((l) => l.filePath).sort()).toEqual([join(p.dir, 'a/template.yaml'), join(p.dir, 'b/template.yaml')]);
  } finally {
    p.remove();
  }
});

test('an included path that is a folder: exit 3 at the folder, the including place related', async () => {
  const p = project({ 'template.yaml': TEMPLATE, 'api.yaml/x.txt': '', 'other.yaml': GOOD });
  try {
    const r = await cli(['--format', 'compact', 'template.yaml'], { cwd: p.dir });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^api\.yaml:1:1: error: is a directory, not a template file; a template includes this file, so it is not linted/);
  } finally {
    p.remove();
  }
});

test('a missing included file is not fatal: the template is linted', async () => {
  const p = project({ 'template.yaml': TEMPLATE, 'other.yaml': GOOD });
  try {
    const r = await cli(['--format', 'json', 'template.yaml'], { cwd: p.dir });
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout) as Array<{ fatalErrorCount: number }>;
    expect(results.every((x) => x.fatalErrorCount === 0)).toBe(true);
  } finally {
    p.remove();
  }
});
