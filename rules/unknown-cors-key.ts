import { closest } from '../src/engine/registry.js';
import { defineRule } from '../src/engine/rule.js';
import { byPlace, configName, phrase, samCheckedPolicies, subjects } from '../src/model/query.js';
import type { CorsModel, CorsPolicy } from '../src/model/types.js';
import { ruleDocs } from '../src/prose.js';

/** The keys SAM accepts in `AWS::Serverless::Api` `Cors`. */
const REST_KEYS = ['AllowOrigin', 'AllowMethods', 'AllowHeaders', 'MaxAge', 'AllowCredentials'];
/** The keys SAM accepts in `AWS::Serverless::HttpApi` `CorsConfiguration` and `FunctionUrlConfig.Cors`. */
const LIST_KEYS = ['AllowOrigins', 'AllowMethods', 'AllowHeaders', 'ExposeHeaders', 'MaxAge', 'AllowCredentials'];

function known(policy: CorsPolicy): string[] | undefined {
  if (policy.source === 'sam-cors') return REST_KEYS;
  if (policy.source === 'sam-http-cors' || policy.source === 'sam-function-url') return LIST_KEYS;
  return undefined;
}

/** What to write instead of `key`. */
function hint(policy: CorsPolicy, key: string, keys: string[]): string {
  if (policy.source === 'sam-cors' && key === 'AllowOrigins') return "REST APIs spell it 'AllowOrigin' and take one origin";
  if (policy.source === 'sam-cors' && key === 'ExposeHeaders') {
    return 'REST Cors has no ExposeHeaders, so the Lambda behind the route must send Access-Control-Expose-Headers itself';
  }
  if (policy.source !== 'sam-cors' && key === 'AllowOrigin') return "this configuration spells it 'AllowOrigins' and takes a list";
  const lower = key.toLowerCase();
  const near = closest(key, keys) ?? keys.find((k) => lower.includes(k.toLowerCase()) || k.toLowerCase().includes(lower));
  return near ? `did you mean '${near}'?` : `the keys are ${phrase(keys.map((k) => `'${k}'`))}`;
}

export default defineRule<CorsModel>({
  id: 'unknown-cors-key',
  severity: 'error',
  summary: 'SAM `Cors`, `CorsConfiguration` or `FunctionUrlConfig.Cors` has a key SAM does not know (such as `AllowOrigins` on a REST API): SAM refuses the template.',
  tags: ['correctness', 'sam', 'cors'],
  securitySeverity: 0,
  docs: ruleDocs('unknown-cors-key'),
  check(model, context) {
    // SAM refuses an unknown key whether or not a path takes the configuration.
    const found = samCheckedPolicies(model).flatMap((policy) => {
      const keys = known(policy);
      if (!keys) return [];
      return (policy.keys ?? []).filter((k) => !keys.includes(k.key)).map((k) => ({ policy, key: k, keys }));
    });
    for (const group of byPlace(found, (f) => f.key, (f) => f.policy.label)) {
      const { policy, key, keys } = group.item;
      context.report({
        at: key,
        message: `${subjects(group.subjects)} ${configName(policy)} has the key '${key.key}', which SAM does not know, so SAM refuses the template; ${hint(policy, key.key, keys)}`.replace(/([^?])$/, '$1.'),
      });
    }
  },
});
