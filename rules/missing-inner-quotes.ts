import { defineRule } from '../src/engine/rule.js';
import { byPlace, quote, restResponses, settingName, subjects } from '../src/model/query.js';
import type { CorsModel, Scalar, SettingVal } from '../src/model/types.js';

interface Unquoted {
  val: SettingVal<Scalar>;
  subject: string;
  setting: string;
}

export default defineRule<CorsModel>({
  id: 'missing-inner-quotes',
  severity: 'error',
  summary: 'A REST header value (SAM `Cors`, a method or gateway response mapping) is a literal without the inner single quotes: the deployment fails.',
  tags: ['correctness', 'deployment', 'cors'],
  securitySeverity: 0,
  docs: {
    why: [
      'REST API header values are API Gateway mapping expressions, not plain text: a static value must be wrapped in',
      "single quotes (`'https://app.example.com'`), and anything unquoted must be a source such as",
      '`integration.response.header.X`, `method.request.header.Origin`, `stageVariables.X` or `context.X`. SAM copies',
      '`Cors` values (`AllowOrigin`, `AllowMethods`, `AllowHeaders`, `MaxAge`, and the string shorthand) and',
      '`GatewayResponses` headers into the API definition unchanged, without checking them; CloudFormation does not',
      'check `ResponseParameters` either. API Gateway then refuses the deployment with "Invalid mapping expression',
      'specified". The quotes are needed so that the value is read as a literal, not because HTTP wants them.',
      '',
      'A bare number such as `MaxAge: 600` is passed through as a number; it is reported as a warning, because a',
      'static value is documented as a quoted string and the number is likely to be refused as well.',
    ].join('\n'),
    invalid: [
      'MyApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      '      AllowOrigin: https://app.example.com',
      '      AllowMethods: GET,POST,OPTIONS',
      '    GatewayResponses:',
      '      DEFAULT_4XX:',
      '        ResponseParameters:',
      '          Headers:',
      '            Access-Control-Allow-Origin: https://app.example.com',
    ].join('\n'),
    valid: [
      'MyApi:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Cors:',
      '      AllowOrigin: "\'https://app.example.com\'"',
      '      AllowMethods: "\'GET,POST,OPTIONS\'"',
      '    GatewayResponses:',
      '      DEFAULT_4XX:',
      '        ResponseParameters:',
      '          Headers:',
      '            Access-Control-Allow-Origin: "\'https://app.example.com\'"',
    ].join('\n'),
    fix: [
      'Wrap each static value in single quotes inside the YAML string. Both forms below give API Gateway',
      "`'https://app.example.com'`:",
      '',
      '```yaml',
      'AllowOrigin: "\'https://app.example.com\'"',
      "AllowOrigin: '''https://app.example.com'''",
      'AllowOrigin: !Sub "\'https://${Domain}\'"     # the quotes go inside the !Sub string',
      'MaxAge: "\'600\'"',
      '```',
    ].join('\n'),
    links: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html',
      'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-corsconfiguration.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-gateway-responses.responseParameters.html',
      'https://github.com/aws/serverless-application-model/issues/1172',
    ],
  },
  check(model, context) {
    const found: Unquoted[] = [];
    for (const policy of model.policies) {
      if (policy.source !== 'sam-cors') continue;
      for (const field of ['origins', 'methods', 'headers', 'maxAge'] as const) {
        for (const val of policy[field]) {
          if (val.known && !val.defaulted && val.mapping?.kind === 'unquoted') found.push({ val, subject: policy.label, setting: settingName(policy, field) });
        }
      }
    }
    for (const api of model.apis) {
      for (const { response, where, gateway } of restResponses(api, { includeOptions: true })) {
        const prefix = gateway ? 'gatewayresponse.header.' : 'method.response.header.';
        for (const { name, loc } of response.headerKeys) {
          // SAM GatewayResponses write bare header names under ResponseParameters.Headers.
          const setting = loc.path[loc.path.length - 2] === 'Headers' ? `the ${name} header` : `${prefix}${name}`;
          for (const val of response.headers[name.toLowerCase()] ?? []) {
            if (val.known && val.mapping?.kind === 'unquoted') found.push({ val, subject: `${api.label} ${where}`, setting });
          }
        }
      }
    }
    for (const group of byPlace(found, (f) => f.val, (f) => f.subject)) {
      const { val, setting } = group.item;
      const who = subjects(group.subjects);
      const raw = val.mapping?.raw ?? String(val.known ? val.value : '');
      if (typeof val.raw === 'number') {
        context.report({
          at: val,
          severity: 'warning',
          message: `${who} sets ${setting} to the number ${raw}, which reaches API Gateway unquoted where a static value must be a quoted string ("'${raw}'"), so the deployment is likely to fail.`,
        });
        continue;
      }
      context.report({
        at: val,
        message: `${who} sets ${setting} to ${quote(raw)} without the inner single quotes: API Gateway reads it as a mapping expression and refuses the deployment ("Invalid mapping expression specified"); write "'${raw}'".`,
      });
    }
  },
});
