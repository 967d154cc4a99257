/** The handler rules' documented examples do what the pages say: the invalid one is reported, the valid one is not. */
import { join } from 'node:path';
import { lintTextAsync, rules } from '../../src/index.js';

const FILE = join(__dirname, 'virtual-template.yaml');

/** Wraps a documented snippet into a template; a valid snippet without its API borrows the invalid one's. */
function template(id: string, kind: 'invalid' | 'valid'): string {
  const rule = rules.find((r) => r.id === id)!;
  let body = rule.docs[kind];
  if (kind === 'valid') {
    const api = rule.docs.invalid.split('\nOrderFunction:')[0];
    const events = body.includes('Events:') ? '' : ['', '    Events:', '      GetOrder:', '        Type: Api', '        Properties:', '          RestApiId: !Ref OrdersApi', '          Path: /orders', '          Method: get'].join('\n');
    body = `${api}\n${body}${events}`;
  }
  return `Transform: AWS::Serverless-2016-10-31\nResources:\n${body
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
}

describe.each(['proxy-missing-allow-origin', 'proxy-origin-mismatch'])('%s documentation', (id) => {
  test.each(['invalid', 'valid'] as const)('the %s example', async (kind) => {
    const run = await lintTextAsync(template(id, kind), FILE);
    const messages = run.results.flatMap((r) => r.messages);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    expect(messages.filter((m) => m.ruleId === id)).toHaveLength(kind === 'invalid' ? 1 : 0);
  });
});
