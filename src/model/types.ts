/**
 * The CorsModel: one normalized picture of every CORS surface in a template, whatever form it was written in
 * (SAM, raw CloudFormation, OpenAPI bodies). Rules read this, never the YAML.
 */
import type { Cond, LocatedNote, Loc, Located, Via } from '../types.js';
import type { Scalar, Val } from '../resolve/types.js';

export type { Scalar, Val } from '../resolve/types.js';

/** A REST API Gateway mapping expression (`'literal'`, `method.request.header.Origin`, …), parsed. */
export interface Mapping {
  /** The expression as written, e.g. `'https://app.example.com'`. */
  raw: string;
  /** `literal`: wrapped in single quotes; `source`: a valid source expression; `unquoted`: neither (deploy error). */
  kind: 'literal' | 'source' | 'unquoted';
  /** For `source`: the expression, e.g. `method.request.header.Origin`. */
  source?: string;
}

/**
 * One value of a CORS setting. `value` is what the setting means: for REST mapping expressions the text inside
 * the quotes (or, for an unquoted literal, the text as written); `raw` is the value as the template writes it.
 */
export type SettingVal<T = Scalar> = Val<T> & {
  raw?: unknown;
  mapping?: Mapping;
  /** Not written in the template: the default the service applies (SAM REST `Cors` without `AllowOrigin` is `'*'`). */
  defaulted?: boolean;
};

export type Surface = 'rest' | 'http' | 'function-url' | 's3' | 'cloudfront';

/** Where a CORS policy is written. */
export type PolicySource =
  | 'sam-cors' // AWS::Serverless::Api Cors (incl. Globals.Api.Cors)
  | 'sam-http-cors' // AWS::Serverless::HttpApi CorsConfiguration (incl. Globals.HttpApi)
  | 'cfn-http-cors' // AWS::ApiGatewayV2::Api CorsConfiguration
  | 'openapi-http-cors' // x-amazon-apigateway-cors
  | 'rest-options' // an OPTIONS method's response header mappings (raw Method or OpenAPI options operation)
  | 'sam-function-url' // FunctionUrlConfig.Cors
  | 'cfn-function-url' // AWS::Lambda::Url Cors
  | 's3' // AWS::S3::Bucket CorsRules[]
  | 'cloudfront'; // AWS::CloudFront::ResponseHeadersPolicy CorsConfig

/**
 * A preflight CORS policy: the origins, methods and headers one surface allows. Lists are one value per entry;
 * REST header values are one value each (`'GET,POST'` stays one value; see `splitList`).
 */
export interface CorsPolicy extends Located {
  surface: Surface;
  source: PolicySource;
  /** How messages name it: `API 'MyApi'`, `function URL of 'MyFunction'`, `bucket 'Assets' rule 1`. */
  label: string;
  /** Logical id of the API, function, bucket or response-headers policy that owns it. */
  owner: string;
  /** The API this policy belongs to (REST and HTTP). */
  apiId?: string;
  /** For a REST OPTIONS method's own policy: the path it answers. */
  path?: string;
  /** Where the configuration is written (`Cors`, `CorsConfiguration`, the OPTIONS method, the CORS rule). */
  loc: Loc;
  when: Cond[];
  origins: SettingVal<Scalar>[];
  /** True when the template sets no origin and the surface's default applies (SAM REST: `'*'`). */
  originsDefaulted?: boolean;
  methods: SettingVal<Scalar>[];
  /** SAM REST without AllowMethods: methods are computed per path. */
  methodsComputed?: boolean;
  headers: SettingVal<Scalar>[];
  exposeHeaders: SettingVal<Scalar>[];
  /** As written; `credentialsEnabled()` says whether they are sent. */
  credentials: SettingVal<Scalar>[];
  maxAge: SettingVal<Scalar>[];
  /**
   * Keys written in the configuration (SAM Cors / CorsConfiguration), for the unknown-key check; `loc` is the key,
   * `form` the kind of value written under it (SAM checks some kinds: a function URL's `MaxAge` must be a number).
   */
  keys?: Array<{ key: string; loc: Loc; via?: readonly Via[]; when?: readonly Cond[]; form?: ValueForm }>;
  /** The form SAM's configuration was written in. */
  form?: 'string' | 'object' | 'boolean' | 'intrinsic';
  /** Function URL: `AuthType` value. */
  authType?: SettingVal<Scalar>[];
  /**
   * Function URL: where the template defines a CloudFront origin access control for Lambda, which signs the
   * requests CloudFront forwards to a function URL with `AuthType: AWS_IAM` (then the browser does not sign them).
   */
  originAccessControl?: Loc;
  /** CloudFront: `OriginOverride`. */
  originOverride?: SettingVal<Scalar>[];
  /** Policies that reach the same API merged in from `Globals` (related locations for messages). */
  fromGlobals?: boolean;
  /** SAM: how this configuration relates to the same setting under `Globals`, when `Globals` writes one. */
  globals?: GlobalsMerge;
  /**
   * A SAM configuration that deploys nothing, and why: `no-path` (every path of the API's definition already has
   * its own `options`, so SAM adds none), `unknown` (the definition cannot be read, so which paths take it is not
   * known), `definition-uri` (SAM takes CORS only with an inline `DefinitionBody`). Such a policy is not in
   * `CorsModel.policies` nor `Api.cors`, only in `CorsModel.inertPolicies`.
   */
  inert?: 'no-path' | 'unknown' | 'definition-uri';
}

/** The kind of value a key holds as written: a scalar's type, a list, a mapping, or an intrinsic function. */
export type ValueForm = 'string' | 'number' | 'boolean' | 'null' | 'list' | 'mapping' | 'intrinsic';

/**
 * How a SAM resource's CORS configuration relates to the one `Globals` writes for its kind (SAM merges maps key
 * by key, concatenates lists with the global entries first, and otherwise lets the resource's value win).
 */
export interface GlobalsMerge {
  /**
   * `inherited`: the resource writes none and takes Globals' whole; `merged`: both are mappings, merged key by
   * key; `replaced`: both are written but not both as mappings, so the resource's replaces Globals' entirely.
   */
  relation: 'inherited' | 'merged' | 'replaced';
  /** Where Globals' configuration is written. */
  loc: Loc;
  /** How messages name it, e.g. `Globals.Api.Cors`. */
  name: string;
  /** How Globals writes it. */
  form: 'string' | 'object' | 'boolean' | 'intrinsic';
  /** The keys Globals' configuration writes, when it is a mapping. */
  keys: string[];
  /** For `replaced`: how the resource writes its own value (an intrinsic such as `!If` counts as `intrinsic`). */
  ownForm?: 'string' | 'object' | 'boolean' | 'intrinsic';
}

export type AuthKind = 'none' | 'authorizer' | 'iam' | 'unknown';

export interface RouteAuth {
  kind: AuthKind;
  /** The authorizer's name, when `kind` is `authorizer`. */
  authorizer?: string;
  apiKeyRequired: boolean;
  /** Where the authorization is decided (event Auth, DefaultAuthorizer, AuthorizationType, `security`). */
  loc: Loc;
  /** Where the API key requirement is decided, when one is required. */
  apiKeyLoc?: Loc;
  /** Short explanation for messages, e.g. `DefaultAuthorizer 'MyCognito'`. */
  reason: string;
}

export type IntegrationType = 'lambda-proxy' | 'http-proxy' | 'mock' | 'aws' | 'http' | 'unknown';

/** A header mapping on an integration response, a method response, or a gateway response. */
export interface ResponseHeaders extends Located {
  loc: Loc;
  statusCode?: string;
  /** Header name (lower case) → its values. */
  headers: Record<string, SettingVal<Scalar>[]>;
  /** The header names as written, with where each key is. */
  headerKeys: Array<{ name: string; loc: Loc }>;
  /** The header map is written in a form the model cannot read (an intrinsic): its keys are not all known. */
  opaque?: boolean;
  /**
   * An integration response's mapping templates (`ResponseTemplates` / `responseTemplates`), by content type: VTL
   * that may set headers through `$context.responseOverride.header`.
   */
  templates?: Array<{ contentType: string; val: Val<Scalar> }>;
}

export interface Integration {
  type: IntegrationType;
  /** Logical id of the Lambda function behind a proxy integration, when the template names it. */
  functionId?: string;
  /** The stack output the function comes from, when the URI names one (a nested application's function). */
  stackOutput?: { stack: string; output: string };
  loc: Loc;
  /** Integration responses (non-proxy REST). */
  responses: ResponseHeaders[];
  /** REST: the integration request's `contentHandling` (`CONVERT_TO_TEXT`, `CONVERT_TO_BINARY`), when written. */
  contentHandling?: Val<Scalar>[];
}

export type RouteOrigin = 'sam-event' | 'sam-cors' | 'cfn-method' | 'cfn-route' | 'openapi';

export interface Route extends Located {
  apiId: string;
  /** Upper-case method, `ANY` for any-method routes (REST `ANY`, `x-amazon-apigateway-any-method`, HTTP `ANY`). */
  method: string;
  /** Resource path (`/items/{id}`), or `$default` for the HTTP API default route. */
  path: string;
  origin: RouteOrigin;
  loc: Loc;
  when: Cond[];
  auth: RouteAuth;
  integration: Integration;
  /** Declared method responses (REST): status code → declared header names (lower case). */
  methodResponses: ResponseHeaders[];
  /** For OPTIONS routes: the policy that answers the preflight. */
  preflight?: CorsPolicy;
  /**
   * For the OPTIONS routes SAM generates from a `Cors` without `AllowMethods`: the Access-Control-Allow-Methods
   * SAM computes for this path (the path's methods and OPTIONS, upper case, sorted, comma-separated; all seven
   * methods when the path has ANY), located at the `Cors` setting.
   */
  computedMethods?: SettingVal<Scalar>;
  /** The SAM function event that made this route. */
  event?: { functionId: string; name: string };
}

export type AuthorizerType = 'COGNITO_USER_POOLS' | 'TOKEN' | 'REQUEST' | 'JWT' | 'IAM' | 'UNKNOWN';

export interface Authorizer extends Located {
  apiId: string;
  name: string;
  type: AuthorizerType;
  /** Request headers the browser must send for this authorizer (`Authorization`, a custom identity header). */
  identityHeaders: string[];
  loc: Loc;
}

export interface GatewayResponse extends ResponseHeaders {
  apiId: string;
  /** `DEFAULT_4XX`, `UNAUTHORIZED`, … as written. */
  type: string;
  typeLoc: Loc;
}

export interface Api extends Located {
  id: string;
  kind: 'rest' | 'http' | 'websocket';
  /** `SAM`, `CloudFormation`. */
  source: 'sam' | 'cfn';
  /** SAM's implicit `ServerlessRestApi` / `ServerlessHttpApi`, made by function events that name no API. */
  implicit: boolean;
  label: string;
  loc: Loc;
  when: Cond[];
  /** The API-level preflight policy: SAM `Cors`, HTTP `CorsConfiguration` / `x-amazon-apigateway-cors`. */
  cors?: CorsPolicy;
  /** A SAM CORS configuration that deploys nothing (`CorsPolicy.inert` says why), kept here instead of `cors`. */
  inertCors?: CorsPolicy;
  routes: Route[];
  authorizers: Authorizer[];
  gatewayResponses: GatewayResponse[];
  /** SAM `Auth` settings that decide what the generated OPTIONS routes get. */
  sam?: SamAuthSettings;
  /** Where the OpenAPI body is, when there is one. */
  body?: Loc;
  /** SAM: where `DefinitionUri` is written (SAM adds `Cors` only to an inline `DefinitionBody`). */
  definitionUri?: Loc;
  /** REST request validators present. */
  hasRequestValidation?: boolean;
  /**
   * REST: the media types API Gateway treats as binary (`BinaryMediaTypes`, SAM's with Globals,
   * `x-amazon-apigateway-binary-media-types`), as written (`*~1*` or `*\/*`).
   */
  binaryMediaTypes?: SettingVal<Scalar>[];
  /**
   * The API answers only requests from some networks (a PRIVATE endpoint, a resource policy limited to source IP
   * ranges, VPCs or VPC endpoints): what it answers is protected by where the user's browser is, which any page
   * the user opens shares.
   */
  network?: { reason: string; loc: Loc };
  /**
   * The API has an OpenAPI body the model could not read (S3, a remote or missing file, an intrinsic): its
   * routes, authorizers and gateway responses are not all known.
   */
  bodyUnknown?: boolean;
}

export interface SamAuthSettings {
  defaultAuthorizer?: SettingVal<Scalar>[];
  apiKeyRequired?: SettingVal<Scalar>[];
  addDefaultAuthorizerToCorsPreflight?: SettingVal<Scalar>[];
  addApiKeyRequiredToCorsPreflight?: SettingVal<Scalar>[];
  /** Where `Auth` is written. */
  loc?: Loc;
}

export interface LambdaFunction extends Located {
  id: string;
  source: 'sam' | 'cfn';
  loc: Loc;
  runtime?: SettingVal<Scalar>[];
  handler?: SettingVal<Scalar>[];
  codeUri?: SettingVal<Scalar>[];
  inlineCode?: SettingVal<Scalar>[];
  /** `PackageType: Image` or an `ImageUri`. */
  image?: boolean;
  /** SAM `Metadata` of the function (esbuild build properties). */
  buildMethod?: string;
  entryPoints?: string[];
  /** The Lambda layers it uses (`Layers`, Globals' first), in the order Lambda extracts them into `/opt`. */
  layers?: FunctionLayer[];
  /** Its environment variables (`Environment.Variables`, merged with Globals). */
  environment?: FunctionEnvironment;
}

/** A Lambda layer a function uses. */
export type FunctionLayer =
  /** A layer of this template whose content is a local folder (SAM `ContentUri`; a `Content` path that `aws cloudformation package` uploads). */
  | { kind: 'local'; id: string; dir: string; buildMethod?: string; loc: Loc }
  /** A layer whose content is not in this repository (an ARN, `!ImportValue`, content in S3), and why. */
  | { kind: 'elsewhere'; reason: string; loc: Loc };

/** A function's environment variables as the template sets them. */
export interface FunctionEnvironment {
  /** The variables, by name; several values when a condition chooses. */
  variables: Record<string, Val<Scalar>[]>;
  /** Why the set of variables is not known (`Variables` built by an intrinsic function): then every variable is unknown. */
  unknown?: string;
}

/** A key a mapping writes twice, as the load stage found it: where it is written again, and where first. */
export interface DuplicateKey {
  key: string;
  loc: Loc;
  first: Loc;
}

/** What the load stage found about one file the model read (the template, or an OpenAPI file it names). */
export interface DocumentFacts {
  file: string;
  duplicateKeys: DuplicateKey[];
}

export interface CorsModel {
  /** The template file. */
  file: string;
  apis: Api[];
  /** Every CORS policy: API ones, REST OPTIONS methods, function URLs, S3 rules, CloudFront policies. */
  policies: CorsPolicy[];
  /**
   * SAM CORS configurations that deploy nothing (`CorsPolicy.inert` says why): what SAM checks when it transforms
   * the template still applies to them (unknown keys, credentials with `'*'`); nothing else does.
   */
  inertPolicies?: CorsPolicy[];
  functions: LambdaFunction[];
  /**
   * Facts about each file read (the template and the OpenAPI files it names), as the load stage gave them to the
   * model stage, in the order the files were read.
   */
  documents: DocumentFacts[];
  /** What the model could not read, for `--verbose`. */
  notes: LocatedNote[];
  /** Parameter values the user gave (overrides, parameters file, samconfig) and where each came from. */
  parameters?: Record<string, { value: string; source: string }>;
}
