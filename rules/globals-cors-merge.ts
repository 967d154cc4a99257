import { defineRule } from '../src/engine/rule.js';
import { byPlace, configName, keyOf, knownText, phrase, settingName, subjects } from '../src/model/query.js';
import { ruleDocs } from '../src/prose.js';
import type { Loc, Located } from '../src/types.js';
import type { CorsModel, CorsPolicy } from '../src/model/types.js';
import { enabledCredentials, fromGlobals } from '../src/model/values.js';

/** The key that holds the origin in a SAM configuration. */
function originKey(policy: CorsPolicy): string {
  return policy.source === 'sam-cors' ? 'AllowOrigin' : 'AllowOrigins';
}

function owner(policy: CorsPolicy): string {
  return policy.surface === 'function-url' ? 'function URL' : 'API';
}

export default defineRule<CorsModel>({
  id: 'globals-cors-merge',
  severity: 'warning',
  summary: 'A resource that writes its own CORS configuration is changed by `Globals` (inherited credentials, a global `*` it cannot remove, or settings it silently drops).',
  tags: ['security', 'sam', 'cors'],
  securitySeverity: 4.3,
  docs: ruleDocs('globals-cors-merge'),
  check(model, context) {
    // Values merged in from Globals are written once for every resource that takes them: each is reported once,
    // naming every resource.
    const shared: Array<{ at: Located; policy: CorsPolicy; kind: string; message: (who: string) => string; related: { at: Loc; message: string } }> = [];
    for (const policy of model.policies) {
      const globals = policy.globals;
      if (!globals) continue;
      const config = configName(policy);
      if (globals.relation === 'merged') {
        // Where the merged credentials meet a '*', credentials-with-wildcard reports that too, as an error.
        for (const credentials of enabledCredentials(policy).filter(fromGlobals)) {
          shared.push({
            at: credentials,
            policy,
            kind: 'credentials',
            message: (who) =>
              `${who} writes its own ${config}, but SAM merges 'AllowCredentials: true' from ${globals.name} into it: the ${owner(policy)} allows credentials although its own ${config} does not say so.`,
            related: { at: policy.loc, message: `the ${owner(policy)}'s own ${config}` },
          });
        }
        if (policy.source === 'sam-cors') continue;
        for (const field of ['origins', 'methods', 'headers', 'exposeHeaders'] as const) {
          const values = knownText(policy[field]);
          const own = values.filter((v) => !fromGlobals(v.val));
          const star = values.find((v) => v.text.trim() === '*' && fromGlobals(v.val));
          if (!star || own.length === 0) continue;
          const setting = settingName(policy, field);
          shared.push({
            at: star.val,
            policy,
            kind: field,
            message: (who) =>
              `${who} lists its own ${setting}, but SAM puts '*' from ${globals.name} in front of them: the list still allows ${field === 'origins' ? 'any origin' : 'anything'}, and the ${owner(policy)} cannot take it out.`,
            related: { at: own[0]!.val.loc, message: `the ${owner(policy)}'s own ${setting}` },
          });
        }
      }
      if (globals.relation === 'replaced') {
        // A resource value written as an intrinsic (`!If`, `!Ref`) also wins, but what it holds is not known here.
        const own = globals.ownForm;
        if (own !== 'string' && own !== 'object' && own !== 'boolean') continue;
        const ownKeys = own === 'object' ? (policy.keys ?? []).map((k) => k.key) : [originKey(policy)];
        const written = own === 'string' ? 'a string' : own === 'boolean' ? 'true' : 'a mapping';
        if (globals.form === 'object') {
          const lost = globals.keys.filter((k) => !ownKeys.includes(k));
          if (lost.length === 0) continue;
          context.report({
            at: keyOf(policy),
            message: `${policy.label} writes ${config} as ${written}, which replaces ${globals.name} instead of merging with it: ${phrase(lost)} from Globals ${lost.length === 1 ? 'does' : 'do'} not apply to this ${owner(policy)}.`,
            related: [{ at: globals.loc, message: 'the configuration in Globals' }],
          });
        } else if (globals.form === 'string' && policy.source === 'sam-cors' && !ownKeys.includes('AllowOrigin')) {
          context.report({
            at: keyOf(policy),
            message: `${policy.label} writes ${config} as a mapping without AllowOrigin, which replaces ${globals.name} instead of merging with it: SAM then allows any origin ('*') rather than the origin Globals sets.`,
            related: [{ at: globals.loc, message: 'the origin in Globals' }],
          });
        }
      }
    }
    for (const group of byPlace(shared, (f) => f.at, (f) => f.policy.label, (f) => f.kind)) {
      context.report({ at: group.item.at, message: group.item.message(subjects(group.subjects)), related: group.items.map((f) => f.related) });
    }
  },
});
