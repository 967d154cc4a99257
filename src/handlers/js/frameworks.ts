/**
 * The JavaScript frameworks and middleware that answer for a handler, and what they make of CORS:
 * `@middy/core` with `@middy/http-cors`, the Powertools event handler's router with its `cors` middleware, and an
 * Express (or Koa, Fastify) app with the `cors` middleware behind `serverless-http`, `@vendia/serverless-express`
 * (`@codegenie/serverless-express`) or `aws-serverless-express`. The reader asks `frameworkMethodCall` and
 * `packageCall` at every call it evaluates; a framework it recognises becomes a `framework` value with a verdict
 * (or a `middy` value, whose verdict `middyVerdict` gives once its `.use(…)` calls are known). A new framework is
 * one more recogniser here.
 */
import { namedChildren, walk, type Env, type Evaluator } from '../common.js';
import type { SyntaxNode } from '../grammars.js';
import type { SourceFile } from '../source.js';
import type { HandlerOrigin } from '../types.js';
import { classifyOrigin, getEntry, lazy, unknown, type AV, type FrameworkVerdict } from '../values.js';
import { memberChain, unwrap } from './syntax.js';

/**
 * A method call on a value a framework made (`handler.use(cors())`, `router.resolve(event, context)`,
 * `awsServerlessExpress.proxy(server, …)`): what it gives, or `undefined` when no framework is involved.
 */
export function frameworkMethodCall(r: Evaluator, object: AV, method: string | null, args: SyntaxNode[], objectNode: SyntaxNode | null, n: SyntaxNode, env: Env): AV | undefined {
  if (object.k === 'middy') {
    if (method === 'use') return middyUse(r, object, args, env);
    if (method === 'handler' && args[0]) return { ...object, inner: lazy(() => r.eval(args[0]!, env)) };
    return object;
  }
  if (object.k === 'instance' && method === 'resolve' && /^@aws-lambda-powertools\/event-handler/.test(object.of.name)) {
    return powertoolsRouter(r, object, objectNode!, env);
  }
  if (object.k === 'pkg' && object.name === 'aws-serverless-express' && method === 'proxy') {
    const server = args[0] ? r.eval(args[0], env) : unknown('no server');
    const app = server.k === 'instance' && server.of.path.join('.') === 'createServer' ? namedChildren(server.node.childForFieldName('arguments'))[0] : undefined;
    return expressApp(r, app ? r.eval(app, { ...env, src: server.k === 'instance' ? server.src : env.src }) : unknown('the server passed to proxy()'), n, env);
  }
  if (object.k === 'framework') return object;
  return undefined;
}

/**
 * A call of a package's function (`serverless-http(app)`, `middy(handler)`, `serverlessExpress({ app })`): the
 * framework it makes, or an instance of the package's making.
 */
export function packageCall(r: Evaluator, callee: Extract<AV, { k: 'pkg' }>, args: SyntaxNode[], n: SyntaxNode, env: Env): AV {
  const name = callee.name;
  const path = callee.path.join('.');
  if ((name === '@middy/core' || name === 'middy') && (path === '' || path === 'default' || path === 'middy')) {
    return { k: 'middy', node: n, src: env.src, inner: args[0] ? lazy(() => r.eval(args[0]!, env)) : undefined };
  }
  if (name === 'serverless-http' && (path === '' || path === 'default')) {
    return expressApp(r, args[0] ? r.eval(args[0], env) : unknown('no app'), n, env);
  }
  if ((name === '@vendia/serverless-express' || name === '@codegenie/serverless-express') && (path === '' || path === 'default' || path === 'configure')) {
    const options = args[0] ? r.eval(args[0], env) : unknown('no options');
    const app = getEntry(options, 'app', false);
    return expressApp(r, 'found' in app ? app.found : unknown('the app passed to serverless-express'), n, env);
  }
  // aws-embedded-metrics: metricScope((metrics) => async (event, context) => …) runs the handler that the function makes
  if (name === 'aws-embedded-metrics' && /^(default\.)?metricScope$/.test(path) && args[0]) return r.invoke(r.eval(args[0], env), [], env, n);
  if (PASS_THROUGH.some((w) => w.pkg.test(name) && w.path.test(path)) && args[0]) return r.eval(args[0], env);
  return { k: 'instance', of: { name, path: callee.path }, node: n, src: env.src };
}

/** Wrappers from packages that call the handler and return its response unchanged (error reporting, tracing). */
const PASS_THROUGH: Array<{ pkg: RegExp; path: RegExp }> = [
  { pkg: /^@sentry\/(serverless|aws-serverless)$/, path: /^((default\.)?AWSLambda\.)?wrapHandler$/ },
  { pkg: /^datadog-lambda-js$/, path: /^(default|datadog)?$/ },
  { pkg: /^newrelic$/, path: /^setLambdaHandler$/ },
  { pkg: /^epsagon$/, path: /^lambdaWrapper$/ },
];

/** `.use(…)` on a middy-wrapped handler: notes `@middy/http-cors` (or the old `middy/middlewares` cors). */
function middyUse(r: Evaluator, middy: Extract<AV, { k: 'middy' }>, args: SyntaxNode[], env: Env): AV {
  let result = middy;
  const items = args.flatMap((a) => (unwrap(a)?.type === 'array' ? namedChildren(unwrap(a)) : [a]));
  for (const item of items) {
    const call = unwrap(item);
    if (call?.type !== 'call_expression') {
      // a middleware written in the code (`{ after: … }`): its hooks are not read, so one that may set headers makes the answer unknown
      const value = call ? r.eval(call, env) : unknown('?');
      const text = 'src' in value && value.src ? value.src.text : '';
      if (/access-control-allow-origin/i.test(text) || value.k === 'unknown') result = { ...result, headers: call?.text ?? '?' };
      continue;
    }
    const fnNode = call.childForFieldName('function');
    const callee = fnNode ? r.eval(fnNode, env) : unknown('?');
    if (callee.k === 'pkg' && !/^@middy\/http-cors$|^middy\/middlewares$/.test(callee.name) && /cors|header/i.test(callee.name)) result = { ...result, headers: callee.name };
    if (callee.k === 'fn' && /access-control-allow-origin/i.test(callee.src.text)) result = { ...result, headers: fnNode!.text };
    const isCors =
      callee.k === 'pkg' &&
      ((callee.name === '@middy/http-cors' && (callee.path.length === 0 || callee.path[0] === 'default' || callee.path[0] === 'cors')) ||
        (callee.name === 'middy/middlewares' && callee.path[0] === 'cors'));
    if (isCors) result = { ...result, cors: { node: call, src: env.src, options: lazy(() => (namedChildren(call.childForFieldName('arguments'))[0] ? r.eval(namedChildren(call.childForFieldName('arguments'))[0]!, env) : { k: 'none' })) } };
  }
  return result;
}

/** `handler.use(cors())` written as its own statement. */
export function middyStatementUses(r: Evaluator, name: string, effects: readonly SyntaxNode[], value: Extract<AV, { k: 'middy' }>, env: Env): AV {
  let result: AV = value;
  for (const n of effects) {
    if (n.type !== 'call_expression') continue;
    const callee = unwrap(n.childForFieldName('function'));
    const chain = memberChain(callee);
    if (chain?.root.text === name && chain.path.length === 1 && chain.path[0] === 'use' && result.k === 'middy') {
      result = middyUse(r, result, namedChildren(n.childForFieldName('arguments')), env);
    }
  }
  return result;
}

/** What a middy-wrapped handler answers: the CORS middleware's verdict, or the inner handler's responses. */
export function middyVerdict(middy: Extract<AV, { k: 'middy' }>): AV {
  if (middy.cors) {
    const options = middy.cors.options();
    const verdict = corsOptionsVerdict('@middy/http-cors', options, middy.cors, {
      absent: 'from version 6 @middy/http-cors adds no Access-Control-Allow-Origin unless given an origin (before, it sent *)',
    });
    return { k: 'framework', verdict, node: middy.cors.node, src: middy.cors.src };
  }
  if (middy.headers) {
    return { k: 'framework', verdict: { allowOrigin: 'unknown', note: `the middleware ${middy.headers} may set the response headers; its hooks are not read` }, node: middy.node, src: middy.src };
  }
  return middy.inner ? middy.inner() : unknown('middy() without a handler');
}

/** `router.resolve(event, context)` of the Powertools event handler: its `cors` middleware's options, if it uses one. */
function powertoolsRouter(r: Evaluator, router: Extract<AV, { k: 'instance' }>, objectNode: SyntaxNode, env: Env): AV {
  const routerName = unwrap(objectNode)?.type === 'identifier' ? unwrap(objectNode)!.text : undefined;
  let corsCall: SyntaxNode | undefined;
  walk(router.src.root, (n) => {
    if (n.type !== 'call_expression' || corsCall) return;
    const chain = memberChain(n.childForFieldName('function'));
    if (!chain || chain.path.length !== 1 || chain.path[0] !== 'use' || (routerName && chain.root.text !== routerName)) return;
    for (const arg of namedChildren(n.childForFieldName('arguments'))) {
      const call = unwrap(arg);
      if (call?.type !== 'call_expression') continue;
      const fnNode = call.childForFieldName('function');
      const callee = fnNode ? r.eval(fnNode, { ...env, src: router.src }) : unknown('?');
      if (callee.k === 'pkg' && /^@aws-lambda-powertools\/event-handler/.test(callee.name) && callee.path.at(-1) === 'cors') corsCall = call;
    }
  });
  if (!corsCall) {
    return { k: 'framework', verdict: { allowOrigin: 'unknown', note: 'a Powertools router without the cors middleware; its routes are not read' }, node: router.node, src: router.src };
  }
  const optionsNode = namedChildren(corsCall.childForFieldName('arguments'))[0];
  const options = optionsNode ? r.eval(optionsNode, { ...env, src: router.src }) : { k: 'none' as const };
  const verdict = corsOptionsVerdict('the Powertools cors middleware', options, { node: corsCall, src: router.src }, {
    absent: 'the Powertools cors middleware without an origin option',
  });
  return { k: 'framework', verdict, node: corsCall, src: router.src };
}

/** An Express app behind serverless-http or serverless-express: does it use the `cors` middleware? */
function expressApp(r: Evaluator, app: AV, at: SyntaxNode, env: Env): AV {
  let src: SourceFile | undefined;
  if (app.k === 'instance' && (app.of.name === 'express' || app.of.name === 'koa' || app.of.name === 'fastify')) src = app.src;
  else if (app.k === 'module') src = app.src;
  if (!src) {
    return { k: 'framework', verdict: { allowOrigin: 'unknown', note: `an app wrapped for Lambda (${app.k === 'unknown' ? app.reason : 'not an Express app read here'})` }, node: at, src: env.src };
  }
  const appEnv: Env = { src, bindings: new Map(), stack: [], importDepth: app.k === 'module' ? app.importDepth : env.importDepth, via: [] };
  let corsCall: SyntaxNode | undefined;
  walk(src.root, (n) => {
    if (n.type !== 'call_expression' || corsCall) return;
    const chain = memberChain(n.childForFieldName('function'));
    if (!chain || chain.path.at(-1) !== 'use') return;
    for (const arg of namedChildren(n.childForFieldName('arguments'))) {
      const call = unwrap(arg);
      if (call?.type !== 'call_expression') continue;
      const fnNode = call.childForFieldName('function');
      const callee = fnNode ? r.eval(fnNode, appEnv) : unknown('?');
      if (callee.k === 'pkg' && callee.name === 'cors') corsCall = call;
    }
  });
  if (corsCall) {
    const optionsNode = namedChildren(corsCall.childForFieldName('arguments'))[0];
    const options = optionsNode ? r.eval(optionsNode, appEnv) : ({ k: 'none' } as AV);
    const verdict = corsOptionsVerdict('the cors middleware', options, { node: corsCall, src }, { absentOrigin: '*' });
    return { k: 'framework', verdict, node: corsCall, src };
  }
  const note = /access-control-allow-origin/i.test(src.text)
    ? 'an Express app that sets CORS headers in its own code'
    : 'an Express app without the cors middleware; its routes are not read';
  return { k: 'framework', verdict: { allowOrigin: 'unknown', note }, node: at, src: env.src };
}


/** The options of a CORS middleware (`origin`, `origins`, `getOrigin`) as a verdict. */
export function corsOptionsVerdict(
  what: string,
  options: AV,
  at: { node: SyntaxNode; src: SourceFile },
  defaults: { absent?: string; absentOrigin?: string },
): FrameworkVerdict {
  const note = `${what} sets Access-Control-Allow-Origin`;
  const get = (key: string) => (options.k === 'none' ? ({ absent: true } as const) : getEntry(options, key, false));
  const origin = get('origin');
  const origins = get('origins');
  const custom = get('getOrigin');
  if ('unknown' in origin || 'unknown' in origins || 'unknown' in custom) {
    return { allowOrigin: 'unknown', note: `${what} with options that cannot be read` };
  }
  if ('found' in custom) return { allowOrigin: 'present', note, origins: [{ kind: 'dynamic', loc: at.src.loc(at.node), reason: 'chosen by getOrigin()' }] };
  if ('found' in origins) return { allowOrigin: 'present', note, origins: [{ kind: 'dynamic', loc: at.src.loc(at.node), reason: 'chosen from an allow-list' }] };
  if ('found' in origin) {
    const v = origin.found;
    if (v.k === 'other' && v.what === 'true') {
      return { allowOrigin: 'present', note, origins: [{ kind: 'reflected', loc: at.src.loc(at.node, ['origin', 'request']), how: 'origin: true' }] };
    }
    if (v.k === 'str' || v.k === 'alts') return { allowOrigin: 'present', note, origins: classifyOrigin(v, at) };
    const origins: HandlerOrigin[] = [{ kind: 'dynamic', loc: at.src.loc(at.node), reason: 'chosen by the origin option' }];
    return { allowOrigin: 'present', note, origins };
  }
  if (defaults.absentOrigin) {
    return { allowOrigin: 'present', note, origins: [{ kind: 'literal', value: defaults.absentOrigin, loc: at.src.loc(at.node, ['origin', defaults.absentOrigin]) }] };
  }
  return { allowOrigin: 'unknown', note: defaults.absent ?? `${what} without an origin` };
}
