import type { Node } from '../resolve/types.js';
import type { BuildContext } from './context.js';
import type { CorsPolicy, PolicySource, Scalar, SettingVal, Surface, ValueForm } from './types.js';

interface PolicyHead {
  surface: Surface;
  source: PolicySource;
  owner: string;
  label: string;
  apiId?: string;
}

function emptyPolicy(head: PolicyHead, node: Node): CorsPolicy {
  return {
    ...head,
    loc: node.loc,
    via: node.via,
    when: node.when,
    origins: [],
    methods: [],
    headers: [],
    exposeHeaders: [],
    credentials: [],
    maxAge: [],
  };
}

/** A synthetic value that stands for a default the service applies when the template says nothing. */
export function defaultValue(node: Node, value: Scalar): SettingVal<Scalar> {
  return { known: true, value, loc: { ...node.loc, key: true }, via: node.via, when: node.when, defaulted: true };
}

export const SAM_REST_CORS_KEYS = ['AllowOrigin', 'AllowMethods', 'AllowHeaders', 'MaxAge', 'AllowCredentials'] as const;

/**
 * SAM `AWS::Serverless::Api` `Cors`: the string shorthand (only the origin), or the object form. Values are
 * REST mapping expressions. `Cors` written as one `!If` yields one policy whose values carry the conditions.
 */
export function samRestCors(ctx: BuildContext, head: PolicyHead, cors: Node): CorsPolicy {
  const policy = emptyPolicy(head, cors);
  const keys: NonNullable<CorsPolicy['keys']> = [];
  for (const alt of ctx.resolver.alts(cors)) {
    const raw = alt.raw;
    if (typeof raw === 'boolean') {
      policy.form = 'boolean';
      continue;
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || isIntrinsic(raw)) {
      policy.form = typeof raw === 'string' ? 'string' : 'intrinsic';
      policy.origins.push(...ctx.restValues(alt));
      policy.methodsComputed = true;
      continue;
    }
    policy.form = 'object';
    keys.push(...keysOf(ctx, alt));
    const origin = ctx.prop(alt, 'AllowOrigin');
    if (origin) policy.origins.push(...ctx.restValues(origin));
    else {
      policy.origins.push(defaultValue(alt, '*'));
      policy.originsDefaulted = true;
    }
    const methods = ctx.prop(alt, 'AllowMethods');
    if (methods) policy.methods.push(...ctx.restValues(methods));
    else policy.methodsComputed = true;
    policy.headers.push(...ctx.restValues(ctx.prop(alt, 'AllowHeaders')));
    policy.maxAge.push(...ctx.restValues(ctx.prop(alt, 'MaxAge')));
    policy.credentials.push(...ctx.values(ctx.prop(alt, 'AllowCredentials')).map((v) => ({ ...v, raw: v.known ? v.value : undefined })));
  }
  policy.keys = keys;
  return policy;
}

/**
 * The keys a configuration mapping writes, each located where it is written (a key merged in from `Globals`
 * points into `Globals`, not into the resource).
 */
function keysOf(ctx: BuildContext, alt: Node): NonNullable<CorsPolicy['keys']> {
  return ctx.resolver.entries(alt).map(([key, child]) => ({ key, loc: { ...child.loc, key: true }, via: child.via, when: child.when, form: formOf(child.raw) }));
}

/** The kind of value written (an intrinsic function counts as one, whatever it evaluates to). */
export function formOf(raw: unknown): ValueForm {
  if (raw === null || raw === undefined) return 'null';
  if (Array.isArray(raw)) return 'list';
  if (typeof raw === 'object') return isIntrinsic(raw) ? 'intrinsic' : 'mapping';
  return typeof raw === 'string' ? 'string' : typeof raw === 'boolean' ? 'boolean' : 'number';
}

function isIntrinsicValue(raw: unknown): boolean {
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) && isIntrinsic(raw);
}

function isIntrinsic(raw: object): boolean {
  const keys = Object.keys(raw);
  return keys.length === 1 && (keys[0]!.startsWith('Fn::') || keys[0] === 'Ref');
}

/** Property names of a list-style CORS configuration (HTTP APIs, function URLs, S3, CloudFront). */
export interface ListFields {
  origins: string;
  methods: string;
  headers: string;
  exposeHeaders: string;
  credentials: string;
  maxAge: string;
  /** CloudFront wraps each list in `{ Items: [...] }`. */
  itemsKey?: string;
}

export const HTTP_FIELDS: ListFields = {
  origins: 'AllowOrigins',
  methods: 'AllowMethods',
  headers: 'AllowHeaders',
  exposeHeaders: 'ExposeHeaders',
  credentials: 'AllowCredentials',
  maxAge: 'MaxAge',
};

export const OPENAPI_HTTP_FIELDS: ListFields = {
  origins: 'allowOrigins',
  methods: 'allowMethods',
  headers: 'allowHeaders',
  exposeHeaders: 'exposeHeaders',
  credentials: 'allowCredentials',
  maxAge: 'maxAge',
};

export const S3_FIELDS: ListFields = {
  origins: 'AllowedOrigins',
  methods: 'AllowedMethods',
  headers: 'AllowedHeaders',
  exposeHeaders: 'ExposedHeaders',
  credentials: '',
  maxAge: 'MaxAge',
};

export const CLOUDFRONT_FIELDS: ListFields = {
  origins: 'AccessControlAllowOrigins',
  methods: 'AccessControlAllowMethods',
  headers: 'AccessControlAllowHeaders',
  exposeHeaders: 'AccessControlExposeHeaders',
  credentials: 'AccessControlAllowCredentials',
  maxAge: 'AccessControlMaxAgeSec',
  itemsKey: 'Items',
};

/**
 * A list-style CORS configuration: HTTP API `CorsConfiguration` / `x-amazon-apigateway-cors`, function URL
 * `Cors`, an S3 CORS rule, a CloudFront `CorsConfig`. `config` may be an `!If`; each branch contributes values
 * tagged with its condition.
 */
export function listCors(ctx: BuildContext, head: PolicyHead, config: Node, fields: ListFields): CorsPolicy {
  const policy = emptyPolicy(head, config);
  const keys: NonNullable<CorsPolicy['keys']> = [];
  const list = (alt: Node, key: string): SettingVal<Scalar>[] => {
    let node = ctx.prop(alt, key);
    if (node && fields.itemsKey) node = ctx.resolver.alts(node).map((n) => ctx.prop(n, fields.itemsKey!)).find((n) => n) ?? undefined;
    return ctx.listValues(node);
  };
  for (const alt of ctx.resolver.alts(config)) {
    if (alt.raw === true) {
      policy.form = 'boolean';
      policy.origins.push(defaultValue(alt, '*'));
      policy.originsDefaulted = true;
      continue;
    }
    if (isIntrinsicValue(alt.raw)) {
      // `CorsConfiguration: !Ref EnableCors`: SAM resolves parameter references here; `true` means any origin.
      for (const val of ctx.values(alt)) {
        if (val.known && val.value === true) {
          policy.form = 'boolean';
          policy.origins.push({ ...defaultValue({ raw: true, loc: val.loc, via: [...val.via], when: [...val.when] }, '*'), loc: val.loc });
          policy.originsDefaulted = true;
        } else if (!val.known) {
          policy.form = 'intrinsic';
          policy.origins.push(val);
        }
      }
      continue;
    }
    if (alt.raw === null || typeof alt.raw !== 'object' || Array.isArray(alt.raw)) continue;
    policy.form = 'object';
    keys.push(...keysOf(ctx, alt));
    policy.origins.push(...list(alt, fields.origins));
    policy.methods.push(...list(alt, fields.methods));
    policy.headers.push(...list(alt, fields.headers));
    policy.exposeHeaders.push(...list(alt, fields.exposeHeaders));
    if (fields.credentials) policy.credentials.push(...ctx.values(ctx.prop(alt, fields.credentials)).map((v) => ({ ...v, raw: v.known ? v.value : undefined })));
    policy.maxAge.push(...ctx.values(ctx.prop(alt, fields.maxAge)));
  }
  policy.keys = keys;
  return policy;
}
