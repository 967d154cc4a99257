import { closest } from '../src/engine/registry.js';
import { defineRule } from '../src/engine/rule.js';
import { byPlace, configName, phrase, subjects } from '../src/model/query.js';
import type { CorsModel, CorsPolicy } from '../src/model/types.js';

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
  docs: {
    why: [
      'SAM accepts a fixed set of keys in each CORS configuration and refuses the whole template for any other ("Invalid',
      "key 'AllowOrigins' for 'Cors' property.\"). The two API kinds spell them differently, which makes mix-ups easy:",
      '',
      '- `AWS::Serverless::Api` `Cors`: `AllowOrigin` (singular, one origin), `AllowMethods`, `AllowHeaders`, `MaxAge`,',
      '  `AllowCredentials`. There is no `ExposeHeaders`: a Lambda proxy must send `Access-Control-Expose-Headers`.',
      '- `AWS::Serverless::HttpApi` `CorsConfiguration` and `FunctionUrlConfig.Cors`: `AllowOrigins` (a list),',
      '  `AllowMethods`, `AllowHeaders`, `ExposeHeaders`, `MaxAge`, `AllowCredentials`.',
      '',
      'Keys are compared with their case, so `allowOrigin` is unknown too. A key written under `Globals` is reported',
      'once, where it is written.',
    ].join('\n'),
    invalid: [
      'MyApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      '      AllowOrigins: "\'https://app.example.com\'"',
      '      ExposeHeaders: "\'X-Request-Id\'"',
    ].join('\n'),
    valid: [
      'MyApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      '      AllowOrigin: "\'https://app.example.com\'"',
      '      AllowMethods: "\'GET,OPTIONS\'"',
    ].join('\n'),
    fix: [
      'Use the key the message names. For a REST API:',
      '',
      '```yaml',
      'Cors:',
      '  AllowOrigin: "\'https://app.example.com\'"',
      '  AllowMethods: "\'GET,POST,OPTIONS\'"',
      '  AllowHeaders: "\'Content-Type,Authorization\'"',
      '  MaxAge: "\'600\'"',
      '  AllowCredentials: true',
      '```',
      '',
      'For an HTTP API or a function URL:',
      '',
      '```yaml',
      'CorsConfiguration:',
      '  AllowOrigins: [https://app.example.com]',
      '  AllowMethods: [GET, POST]',
      '  AllowHeaders: [Content-Type, Authorization]',
      '  ExposeHeaders: [X-Request-Id]',
      '  MaxAge: 600',
      '  AllowCredentials: true',
      '```',
    ].join('\n'),
    links: [
      'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-corsconfiguration.html',
      'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-httpapi-httpapicorsconfiguration.html',
      'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-functionurlconfig.html',
    ],
  },
  check(model, context) {
    const found = model.policies.flatMap((policy) => {
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
