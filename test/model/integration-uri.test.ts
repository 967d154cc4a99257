/**
 * An integration URI that names a function of the template, in every form SAM and CloudFormation accept, links
 * the route to that function (and so to its handler).
 */
import { lintText } from '../../src/index.js';
import type { CorsModel } from '../../src/model/types.js';

function model(text: string): CorsModel {
  const run = lintText(text, '/virtual/template.yaml', { cwd: '/virtual' });
  const m = run.models.get('/virtual/template.yaml');
  if (!m) throw new Error('no model');
  return m;
}

const template = (uri: string) => `
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        swagger: '2.0'
        info: { title: t, version: '1' }
        paths:
          /items:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: ${uri}
  Items:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: { ZipFile: "def handler(e, c): return {}" }
  ItemsLive:
    Type: AWS::Lambda::Alias
    Properties:
      FunctionName: !Ref Items
      FunctionVersion: '1'
      Name: live
  Bucket:
    Type: AWS::S3::Bucket
`;

const functionOf = (uri: string): string | undefined => model(template(uri)).apis[0]!.routes[0]!.integration.functionId;

test.each([
  ['!GetAtt F.Arn inside a !Join', "!Join ['', ['arn:aws:apigateway:', !Ref AWS::Region, ':lambda:path/2015-03-31/functions/', !GetAtt Items.Arn, '/invocations']]"],
  ['${F.Arn} in a !Sub', '!Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Items.Arn}/invocations'],
  ['${F.Arn}:alias in a !Sub', '!Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Items.Arn}:live/invocations'],
  ['the function name in an ARN built with !Sub', '!Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${Items}/invocations'],
  ['a !Sub variable that is !Ref F', "!Sub ['arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${Name}/invocations', { Name: !Ref Items }]"],
  ['a !Sub variable that is !GetAtt F.Arn', "!Sub ['arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Target}/invocations', { Target: !GetAtt Items.Arn }]"],
  ['!Ref F as a !Join part', "!Join ['', ['arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:', !Ref Items, '/invocations']]"],
  ['an alias of F', '!Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${ItemsLive}/invocations'],
  ['${F.Arn} with the long form', "{ 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Items.Arn}/invocations' }"],
])('%s', (_name, uri) => {
  expect(functionOf(uri)).toBe('Items');
});

test.each([
  ['a name that is not a function of the template', '!Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Bucket.Arn}/invocations'],
  ['a parameter, not a function', '!Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${AWS::StackName}-items/invocations'],
  ['a resource named outside the function position', '!Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Items}/invocations'],
])('not a function of the template: %s', (_name, uri) => {
  expect(functionOf(uri)).toBeUndefined();
});
