import { defineRule } from '../src/engine/rule.js';
import { byPlace, configName, keyOf, knownText, phrase, settingName, subjects } from '../src/model/query.js';
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
  docs: {
    why: [
      "SAM merges `Globals` into each resource, and the merge is not what the resource's own configuration shows:",
      '',
      '- when both are mappings they are merged key by key, so a resource whose `Cors` says nothing about',
      '  credentials still gets `AllowCredentials: true` from `Globals.Api.Cors` (where they meet a `*` origin, SAM',
      '  refuses the template or browsers refuse every credentialed response: `credentials-with-wildcard` reports that,',
      '  as an error, at the same place);',
      "- lists are concatenated with the global entries first, so a global `AllowOrigins: ['*']` stays in every HTTP",
      "  API's list, and no resource can take it out;",
      '- when the two are not both mappings (a REST `Cors` string next to a global mapping, `CorsConfiguration: true`),',
      '  the resource replaces the global configuration entirely, and settings written in `Globals` (allowed headers,',
      "  credentials, the origin) silently do not apply to it.",
      '',
      'A value in `Globals` that several resources take is reported once, naming them all. A resource that writes no',
      'CORS configuration of its own and takes the whole of `Globals` is not reported: that is what `Globals` is for.',
      'This rule only exists for SAM templates; the CloudFormation SAM produces shows the merged result, which the',
      'other rules check.',
    ].join('\n'),
    invalid: [
      'Globals:',
      '  Api:',
      '    Cors:',
      '      AllowOrigin: "\'https://app.example.com\'"',
      '      AllowCredentials: true',
      'Resources:',
      '  PublicApi:',
      '    Type: AWS::Serverless::Api',
      '    Properties:',
      '      StageName: prod',
      '      Cors:',
      '        AllowOrigin: "\'https://www.example.com\'"   # also gets AllowCredentials: true',
    ].join('\n'),
    valid: [
      'Globals:',
      '  Api:',
      '    Cors:',
      '      AllowOrigin: "\'https://app.example.com\'"',
      'Resources:',
      '  PrivateApi:',
      '    Type: AWS::Serverless::Api',
      '    Properties:',
      '      StageName: prod',
      '      Cors:',
      '        AllowOrigin: "\'https://app.example.com\'"',
      '        AllowCredentials: true',
      '  PublicApi:',
      '    Type: AWS::Serverless::Api',
      '    Properties:',
      '      StageName: prod',
      '      Cors:',
      '        AllowOrigin: "\'https://www.example.com\'"',
    ].join('\n'),
    fix: [
      'Keep in `Globals` only what every API (or function URL) should have, and write the rest on the resources that',
      'need it: credentials on the APIs that use them, wildcards nowhere they are not meant. Write each resource',
      'configuration in the same form as the global one (a mapping next to a mapping), so it merges:',
      '',
      '```yaml',
      'Globals:',
      '  HttpApi:',
      '    CorsConfiguration:',
      '      AllowHeaders: [Content-Type, Authorization]',
      'Resources:',
      '  MyApi:',
      '    Type: AWS::Serverless::HttpApi',
      '    Properties:',
      '      CorsConfiguration:',
      '        AllowOrigins: [https://app.example.com]',
      '```',
    ].join('\n'),
    links: [
      'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html',
      'https://github.com/aws/serverless-application-model/blob/develop/docs/globals.rst',
      'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-corsconfiguration.html',
    ],
  },
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
