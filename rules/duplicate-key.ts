import { defineRule } from '../src/engine/rule.js';
import type { CorsModel } from '../src/model/types.js';
import type { Path } from '../src/types.js';

/** `Resources.Bucket.Properties.CorsRules[0]`: where the mapping that holds the key sits. */
function mappingName(path: Path): string {
  const parent = path.slice(0, -1);
  if (parent.length === 0) return 'The document';
  return parent.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}

export default defineRule<CorsModel>({
  id: 'duplicate-key',
  severity: 'error',
  summary: 'A mapping key is written twice: only one of the values counts, and some tools refuse the template.',
  tags: ['correctness'],
  securitySeverity: 0,
  docs: {
    why: [
      'YAML and JSON mappings hold each key once. When a template writes a key twice, the tools that read it do not',
      'agree on what happens: most keep the last value and drop the first without a word, others refuse the whole',
      'template. Either way one of the two values never takes effect, and a CORS setting you can see in the file',
      '(a restricted `AllowOrigin`, an `Auth` block) may not be the one that is deployed.',
    ].join('\n'),
    invalid: [
      'MyApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      '      AllowOrigin: "\'https://app.example.com\'"',
      '    Cors: "\'*\'"',
    ].join('\n'),
    valid: [
      'MyApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      '      AllowOrigin: "\'https://app.example.com\'"',
    ].join('\n'),
    fix: [
      'Keep one of the two entries: decide which value you mean, merge anything else the first entry held into it,',
      'and delete the other (the related location of the finding points at the first entry). For the invalid example:',
      '',
      '```yaml',
      'MyApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      '      AllowOrigin: "\'https://app.example.com\'"',
      '```',
    ].join('\n'),
    links: [
      'https://yaml.org/spec/1.2.2/#3211-nodes',
      'https://www.rfc-editor.org/rfc/rfc8259#section-4',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html',
    ],
  },
  check(model, context) {
    for (const document of model.documents) {
      // the template, or an OpenAPI file it names
      const what = document.file === model.file ? 'template' : 'file';
      for (const duplicate of document.duplicateKeys) {
        context.report({
          at: duplicate.loc,
          message: `${mappingName(duplicate.loc.path)} has the key '${duplicate.key}' twice: only the last one counts, and some tools refuse the ${what}.`,
          related: [{ at: duplicate.first, message: 'first written here' }],
        });
      }
    }
  },
});
