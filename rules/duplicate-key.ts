import { defineRule } from '../src/engine/rule.js';
import type { CorsModel } from '../src/model/types.js';
import { ruleDocs } from '../src/prose.js';
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
  docs: ruleDocs('duplicate-key'),
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
