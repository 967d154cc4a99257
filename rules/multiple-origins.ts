import { defineRule } from '../src/engine/rule.js';
import { originEntries, originGroups, quote, subjects } from '../src/model/query.js';
import type { CorsModel } from '../src/model/types.js';
import { originParts } from '../src/model/values.js';
import { fixOf, replaceValue, writtenInPlace } from '../src/fix/changes.js';
import type { Change, FixDescriptor } from '../src/fix/types.js';
import type { Scalar, SettingVal } from '../src/model/types.js';
import { ruleDocs } from '../src/prose.js';

/**
 * In a list (an HTTP API, a function URL, S3, CloudFront), one entry per origin is the one right form: the entry
 * keeps the first origin and the others are appended to the list (a fix). A REST value carries one origin: which
 * one to keep is a choice (one suggestion per origin).
 */
function offered(val: SettingVal<Scalar>, parts: readonly string[], rest: boolean): { fix?: FixDescriptor; suggest?: FixDescriptor[] } {
  if (rest) {
    if (val.mapping?.kind !== 'literal') return {};
    const suggest = parts.flatMap((p) => fixOf(`Allow only '${p}'`, replaceValue(val, `'${p}'`)) ?? []);
    return suggest.length > 0 ? { suggest } : {};
  }
  const path = val.loc.path;
  if (val.mapping || typeof path[path.length - 1] !== 'number' || path[path.length - 2] === 'Fn::If' || !writtenInPlace(val)) return {};
  const list = { file: val.loc.file, path: path.slice(0, -1) };
  const fix = fixOf(`Write each origin as its own entry`, replaceValue(val, parts[0]!), ...parts.slice(1).map((p): Change => ({ kind: 'append', at: list, value: p })));
  return fix ? { fix } : {};
}

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
        ...offered(val, parts, surface === 'rest'),
        message:
          surface === 'rest'
            ? `${who} sets ${setting} to ${quote(text)}, which holds ${parts.length} origins: the header carries exactly one, so browsers reject every response; to serve several, echo the request's Origin from an allow-list (with Vary: Origin) or use an HTTP API.`
            : `${who} has the ${setting} entry ${quote(text)}, which holds ${parts.length} origins in one string: it never matches the Origin a browser sends; write each origin as its own entry.`,
      });
    }
  },
});
