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
import { corsMiddlewareVerdict, type OriginOption } from '../middleware.js';
import { getEntry, lazy, unknown, type AV, type FrameworkVerdict } from '../values.js';
import { moduleGraph, type JsNames } from './modules.js';
import { memberChain, unwrap } from './syntax.js';

/** What framework support asks of the reader: values, calls, and the files of the workspace. */
type JsFramework = JsNames;

/**
 * A method call on a value a framework made (`handler.use(cors())`, `router.resolve(event, context)`,
 * `awsServerlessExpress.proxy(server, …)`): what it gives, or `undefined` when no framework is involved.
 */
export function frameworkMethodCall(r: JsFramework, object: AV, method: string | null, args: SyntaxNode[], objectNode: SyntaxNode | null, n: SyntaxNode, env: Env): AV | undefined {
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
export function packageCall(r: JsFramework, callee: Extract<AV, { k: 'pkg' }>, args: SyntaxNode[], n: SyntaxNode, env: Env): AV {
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
      const text = 'src' in value && value.src ? value.src.code : '';
      if (/access-control-allow-origin/i.test(text) || value.k === 'unknown') result = { ...result, headers: call?.text ?? '?' };
      continue;
    }
    const fnNode = call.childForFieldName('function');
    const callee = fnNode ? r.eval(fnNode, env) : unknown('?');
    if (callee.k === 'pkg' && !/^@middy\/http-cors$|^middy\/middlewares$/.test(callee.name) && /cors|header/i.test(callee.name)) result = { ...result, headers: callee.name };
    if (callee.k === 'fn' && /access-control-allow-origin/i.test(callee.src.code)) result = { ...result, headers: fnNode!.text };
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
function powertoolsRouter(r: JsFramework, router: Extract<AV, { k: 'instance' }>, objectNode: SyntaxNode, env: Env): AV {
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
    // without the cors middleware the router sends no CORS header, unless the code sets one itself
    const graph = moduleGraph(r, router.src);
    const note = graph.files.some((f) => /access-control-allow-origin/i.test(f.code))
      ? 'a Powertools router whose code sets CORS headers itself; its routes are not read'
      : graph.unread.length > 0
        ? `a Powertools router whose code imports '${graph.unread[0]}', which is not read`
        : [...graph.packages].some((p) => /cors/i.test(p) && !/^@aws-lambda-powertools\//.test(p))
        ? 'a Powertools router in code that imports a CORS package, which is not read'
        : undefined;
    const verdict: FrameworkVerdict = note
      ? { allowOrigin: 'unknown', note }
      : { allowOrigin: 'missing', note: 'a Powertools router without the cors middleware' };
    return { k: 'framework', verdict, node: router.node, src: router.src };
  }
  const optionsNode = namedChildren(corsCall.childForFieldName('arguments'))[0];
  const options = optionsNode ? r.eval(optionsNode, { ...env, src: router.src }) : { k: 'none' as const };
  const verdict = corsOptionsVerdict('the Powertools cors middleware', options, { node: corsCall, src: router.src }, {
    absent: 'the Powertools cors middleware without an origin option',
  });
  return { k: 'framework', verdict, node: corsCall, src: router.src };
}

/** CORS middlewares for Node.js web frameworks, and what they send when no origin is given. */
const CORS_PACKAGES: Record<string, { origin: string } | { unknown: string }> = {
  cors: { origin: '*' },
  'koa2-cors': { origin: '*' },
  '@fastify/cors': { origin: '*' },
  'fastify-cors': { origin: '*' },
  '@koa/cors': { unknown: "@koa/cors without an origin (its default changed between versions: '*' or the request's Origin)" },
};

/** Whether code may set a response header whose name it computes (`res.set(name, …)`, `res.header(h)`). */
const COMPUTED_HEADER = /\b(res|response|reply|ctx)\.(set|header|setHeader|append)\(\s*[^'"`\s)]/;

/**
 * An Express, Koa or Fastify app behind serverless-http or serverless-express: the CORS middleware it uses on every
 * route (with its options), or, when neither the app nor the local modules it imports use one or set the header,
 * a certain miss.
 */
function expressApp(r: JsFramework, app: AV, at: SyntaxNode, env: Env): AV {
  let src: SourceFile | undefined;
  if (app.k === 'instance' && (app.of.name === 'express' || app.of.name === 'koa' || app.of.name === 'fastify')) src = app.src;
  else if (app.k === 'module') src = app.src;
  if (!src) {
    return { k: 'framework', verdict: { allowOrigin: 'unknown', note: `an app wrapped for Lambda (${app.k === 'unknown' ? app.reason : 'not an Express app read here'})` }, node: at, src: env.src };
  }
  const graph = moduleGraph(r, src);
  let everyRoute: { call: SyntaxNode; options?: SyntaxNode; pkg: string; file: SourceFile } | undefined;
  let someRoutes: string | undefined;
  for (const file of graph.files) {
    const fileEnv: Env = { src: file, bindings: new Map(), stack: [], importDepth: env.importDepth + (file === src ? 0 : 1), via: [] };
    walk(file.root, (n) => {
      if (n.type !== 'call_expression' || everyRoute) return;
      const chain = memberChain(n.childForFieldName('function'));
      const method = chain?.path.at(-1);
      if (method !== 'use' && method !== 'register' && method !== 'options' && method !== 'all' && method !== 'get' && method !== 'post' && method !== 'put' && method !== 'delete' && method !== 'patch') return;
      const args = namedChildren(n.childForFieldName('arguments'));
      args.forEach((arg, i) => {
        const node = unwrap(arg);
        if (!node) return;
        // `app.use(cors(options))`, or Fastify's `app.register(cors, options)` (`cors` may be `require('@fastify/cors')`)
        const whole = r.eval(node, fileEnv);
        const reference = whole.k === 'pkg' && whole.name in CORS_PACKAGES;
        const fnNode = reference ? undefined : node.type === 'call_expression' ? node.childForFieldName('function') : undefined;
        const callee = reference ? whole : fnNode ? r.eval(fnNode, fileEnv) : unknown('?');
        if (callee.k !== 'pkg' || !(callee.name in CORS_PACKAGES)) return;
        const options = !reference && node.type === 'call_expression' ? namedChildren(node.childForFieldName('arguments'))[0] : method === 'register' ? args[i + 1] : undefined;
        const onEveryRoute = (method === 'use' || method === 'register') && i === 0;
        if (onEveryRoute) everyRoute = { call: node.type === 'call_expression' ? node : n, options, pkg: callee.name, file };
        else someRoutes = callee.name;
      });
    });
  }
  if (everyRoute) {
    const fileEnv: Env = { src: everyRoute.file, bindings: new Map(), stack: [], importDepth: env.importDepth, via: [] };
    const options = everyRoute.options ? r.eval(everyRoute.options, fileEnv) : ({ k: 'none' } as AV);
    const dflt = CORS_PACKAGES[everyRoute.pkg]!;
    const verdict = corsOptionsVerdict(`the ${everyRoute.pkg} middleware`, options, { node: everyRoute.call, src: everyRoute.file }, 'origin' in dflt ? { absentOrigin: dflt.origin } : { absent: dflt.unknown });
    return { k: 'framework', verdict, node: everyRoute.call, src: everyRoute.file };
  }
  const note = someRoutes
    ? `an app that uses ${someRoutes} on some routes only; its routes are not read`
    : graph.files.some((f) => /access-control-allow-origin/i.test(f.code))
      ? 'an app that sets CORS headers in its own code; its routes are not read'
      : graph.unread.length > 0
        ? `an app whose code imports '${graph.unread[0]}', which is not read`
        : [...graph.packages].find((p) => /cors/i.test(p) && !(p in CORS_PACKAGES))
        ? `an app that imports ${[...graph.packages].find((p) => /cors/i.test(p) && !(p in CORS_PACKAGES))}, which is not read`
        : graph.files.some((f) => COMPUTED_HEADER.test(f.code))
          ? 'an app that sets response headers whose names it computes; its routes are not read'
          : undefined;
  if (note) return { k: 'framework', verdict: { allowOrigin: 'unknown', note }, node: at, src: env.src };
  return {
    k: 'framework',
    verdict: { allowOrigin: 'missing', note: 'an app without a CORS middleware, and neither it nor its local modules set the header' },
    node: at,
    src: env.src,
  };
}

/** The options of a CORS middleware (`origin`, `origins`, `getOrigin`, `credentials`) as a verdict. */
export function corsOptionsVerdict(
  what: string,
  options: AV,
  at: { node: SyntaxNode; src: SourceFile },
  defaults: { absent?: string; absentOrigin?: string },
): FrameworkVerdict {
  const get = (key: string): OriginOption => {
    if (options.k === 'none') return { absent: true };
    const r = getEntry(options, key, false);
    return 'found' in r ? { value: r.found } : 'absent' in r ? { absent: true } : { unknown: `${what} with options that cannot be read (${r.unknown})` };
  };
  const custom = get('getOrigin');
  const origins = get('origins');
  let origin = get('origin');
  if ('value' in custom) origin = { value: { k: 'other', what: 'a function' } };
  else if ('unknown' in custom) origin = custom;
  else if ('value' in origins && 'absent' in origin) origin = origins;
  else if ('unknown' in origins) origin = origins;
  return corsMiddlewareVerdict({
    what,
    origin,
    credentials: get('credentials'),
    at,
    whenAbsent: defaults.absentOrigin ? { origin: defaults.absentOrigin } : { unknown: defaults.absent ?? `${what} without an origin` },
  });
}
