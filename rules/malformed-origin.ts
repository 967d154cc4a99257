import { defineRule } from '../src/engine/rule.js';
import { originEntries, originGroups, phrase, quote, subjects } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';
import { originFlaw } from '../src/model/values.js';
import { fixOf, replaceValue } from '../src/fix/changes.js';
import { ruleDocs } from '../src/prose.js';

/** Flaws whose canonical form is what the author meant beyond doubt: the fix writes it. Others are suggestions. */
const SURE = /^(has a trailing slash|has an upper-case scheme|has upper-case letters in the host|has the default port|has spaces around it|has a stray single quote|has an empty port)/;

export default defineRule<CorsModel>({
  id: 'malformed-origin',
  severity: 'error',
  summary: 'An allowed origin is not written the way browsers send it (a path, a trailing slash, upper case, a default port, no scheme): it never matches.',
  tags: ['correctness', 'cors'],
  securitySeverity: 0,
  docs: ruleDocs('malformed-origin'),
  check(model, context) {
    const flawed = originEntries(model).flatMap((entry) => {
      if (entry.val.defaulted) return [];
      const options = { schemeOptional: entry.surface === 'cloudfront' };
      // A single quote inside a REST literal ("'*''") is sent as part of the value.
      if (entry.val.mapping?.kind === 'literal' && entry.text.includes("'")) {
        const bare = entry.text.split("'").join('');
        const rest = originFlaw(bare, options);
        const flaw = { problems: ['has a stray single quote', ...(rest?.problems ?? [])], canonical: rest ? rest.canonical : bare };
        return [{ ...entry, flaw }];
      }
      const flaw = originFlaw(entry.text, options);
      return flaw ? [{ ...entry, flaw }] : [];
    });
    for (const group of originGroups(flawed)) {
      const { val, text, flaw, setting } = group.item;
      const fix = flaw.canonical !== undefined ? `write ${quote(flaw.canonical)}` : 'write it as scheme://host[:port]';
      const canonical = flaw.canonical;
      const change = canonical === undefined ? undefined : replaceValue(val, val.mapping?.kind === 'literal' ? `'${canonical}'` : canonical);
      const descriptor = canonical === undefined ? undefined : fixOf(`Write the origin as ${quote(canonical)}`, change);
      const sure = flaw.problems.every((p) => SURE.test(p));
      context.report({
        at: val,
        ...(descriptor ? (sure ? { fix: descriptor } : { suggest: [descriptor] }) : {}),
        message: `${subjects(group.subjects)} allows the origin ${quote(text)} (${setting}), which ${phrase(flaw.problems)}: it never matches the Origin a browser sends; ${fix}.`,
      });
    }
  },
});
