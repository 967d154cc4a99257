import { defineRule } from '../src/engine/rule.js';
import { originEntries, originGroups, subjects } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';
import { removeItems } from '../src/fix/changes.js';
import { ruleDocs } from '../src/prose.js';

export default defineRule<CorsModel>({
  id: 'null-origin',
  severity: 'error',
  summary: 'The origin `null` is allowed: any website can make a request with `Origin: null` and read the responses.',
  tags: ['security', 'cors'],
  securitySeverity: 6.5,
  docs: ruleDocs('null-origin'),
  check(model, context) {
    const found = originEntries(model).filter((e) => e.text.trim() === 'null');
    for (const group of originGroups(found)) {
      // removing it stops the sandboxed frames and local files the team may rely on: a suggestion, never --fix
      const remove = removeItems(group.item.surface === 'rest', group.item.val, new Set(['null']), "Stop allowing the origin 'null'");
      context.report({
        at: group.item.val,
        ...(remove ? { suggest: [remove] } : {}),
        message: `${subjects(group.subjects)} allows the origin 'null' (${group.item.setting}): sandboxed iframes and data: or file: pages, which any website can create, send Origin: null, so any website can read its responses.`,
      });
    }
  },
});
