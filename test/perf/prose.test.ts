/**
 * The rule prose (`rules/docs/`) is read only when a report shows it: a SARIF report reads each rule's source once
 * (its `help` is made of it), a run with another report reads none. The built command line is spawned with a
 * preload that records every file read under `rules/docs/`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { built, project, REPO, spawnCli } from './helpers.js';

const RECORD_PROSE_READS = `data:text/javascript,${encodeURIComponent(
  [
    "import fs from 'node:fs';",
    "import { syncBuiltinESMExports } from 'node:module';",
    'const read = fs.readFileSync; const seen = [];',
    "fs.readFileSync = function (file, ...rest) { if (String(file).includes('/rules/docs/')) seen.push(String(file)); return read.call(this, file, ...rest); };",
    'syncBuiltinESMExports();',
    "process.on('exit', () => process.stderr.write('\\n@@prose ' + JSON.stringify(seen) + '\\n'));",
  ].join('\n'),
)}`;

function proseReads(args: string[], cwd: string): string[] {
  const r = spawnCli(args, cwd, {}, ['--import', RECORD_PROSE_READS]);
  expect([0, 1]).toContain(r.code);
  const line = /@@prose (.*)/.exec(r.stderr);
  if (!line) throw new Error(`the preload reported nothing: ${r.stderr}`);
  return (JSON.parse(line[1]!) as string[]).map((f) => f.slice(f.indexOf('rules/docs/')));
}

const TEMPLATE = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      CorsConfiguration:\n        AllowOrigins: ['*']\n";

(built ? describe : describe.skip)('reading the rule prose', () => {
  let p: ReturnType<typeof project>;
  beforeAll(() => {
    p = project({ 'template.yaml': TEMPLATE });
  });
  afterAll(() => p.remove());

  test('a SARIF report reads each rule source once', () => {
    const sources = readdirSync(join(REPO, 'rules', 'docs')).filter((f) => f.endsWith('.md'));
    const reads = proseReads(['--format', 'sarif', 'template.yaml'], p.dir);
    expect(reads.filter((f) => !f.startsWith('rules/docs/_shared/')).sort()).toEqual(sources.map((f) => `rules/docs/${f}`).sort());
  });

  test.each([['text'], ['compact'], ['json'], ['gitlab']])('a %s report reads none', (format) => {
    expect(proseReads(['--format', format, 'template.yaml'], p.dir)).toEqual([]);
  });
});
