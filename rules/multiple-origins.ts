import { defineRule } from '../src/engine/rule.js';
import { originEntries, originGroups, quote, subjects } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';
import { originParts } from '../src/model/values.js';
import { ruleDocs } from '../src/prose.js';

export default defineRule<CorsModel>({
  id: 'multiple-origins',
  severity: 'error',
  summary: 'One Access-Control-Allow-Origin value (or one allow-list entry) holds several origins: the header allows exactly one, so it never matches.',
  tags: ['correctness', 'cors'],
  securitySeverity: 0,
  docs: ruleDocs('multiple-origins'),
  check(model, context) {
    const several = originEntries(model).flatMap((entry) => {
      const parts = originParts(entry.text);
      return parts.length > 1 ? [{ ...entry, parts }] : [];
    });
    for (const group of originGroups(several)) {
      const { val, text, parts, setting, surface } = group.item;
      const who = subjects(group.subjects);
      context.report({
        at: val,
        message:
          surface === 'rest'
            ? `${who} sets ${setting} to ${quote(text)}, which holds ${parts.length} origins: the header carries exactly one, so browsers reject every response; to serve several, echo the request's Origin from an allow-list (with Vary: Origin) or use an HTTP API.`
            : `${who} has the ${setting} entry ${quote(text)}, which holds ${parts.length} origins in one string: it never matches the Origin a browser sends; write each origin as its own entry.`,
      });
    }
  },
});
