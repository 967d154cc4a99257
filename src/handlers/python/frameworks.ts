/**
 * The Python frameworks that answer for a handler, and what they make of CORS: the Powertools event handler's
 * resolvers with `cors=CORSConfig(...)`, and a Flask, FastAPI or Starlette app behind `aws-wsgi`/`awsgi`,
 * `serverless-wsgi` or Mangum with a CORS middleware (`flask_cors`, `CORSMiddleware`). The reader asks
 * `frameworkMethodCall` and `packageCall` at every call it evaluates; a framework it recognises becomes a
 * `framework` value with a verdict. A new framework is one more recogniser here.
 */
import { namedChildren, walk, type Env, type Evaluator } from '../common.js';
import type { SyntaxNode } from '../grammars.js';
import { corsMiddlewareVerdict, type OriginOption } from '../middleware.js';
import type { SourceFile } from '../source.js';
import { unknown, type AV, type FrameworkVerdict } from '../values.js';
import { moduleGraph, type PyNames } from './modules.js';
import { dotted, keywordArgs, unwrap } from './syntax.js';

/**
 * A method call on a value a framework made or a package (`app.resolve(event, context)`,
 * `awsgi.response(app, …)`, `serverless_wsgi.handle_request(app, …)`): what it gives, or `undefined` when no
 * framework is involved.
 */
export function frameworkMethodCall(r: PyFramework, object: AV, method: string, positional: SyntaxNode[], n: SyntaxNode, env: Env): AV | undefined {
  if (object.k === 'instance' && method === 'resolve' && object.of.name.startsWith('aws_lambda_powertools.event_handler') && RESOLVERS.has(object.of.path.at(-1) ?? '')) {
    return powertools(r, object, env);
  }
  if (object.k === 'framework') return object;
  if (object.k === 'pkg' && /^(awsgi|aws_wsgi|serverless_wsgi)$/.test(object.name) && /^(response|handle_request)$/.test(method) && positional[0]) {
    return webApp(r, r.eval(positional[0], env), n, env);
  }
  return undefined;
}

/** A call of a package's function (`Mangum(app)`, `aws_wsgi(app)`): the framework it makes, or an instance of the package's making. */
export function packageCall(r: PyFramework, callee: Extract<AV, { k: 'pkg' }>, positional: SyntaxNode[], n: SyntaxNode, env: Env): AV {
  if (callee.name === 'mangum' && callee.path.at(-1) === 'Mangum' && positional[0]) return webApp(r, r.eval(positional[0], env), n, env);
  if (callee.name === 'aws_wsgi' || callee.name === 'awsgi') return positional[0] ? webApp(r, r.eval(positional[0], env), n, env) : unknown('no app');
  return { k: 'instance', of: { name: callee.name, path: callee.path }, node: n, src: env.src };
}

/** The Powertools event handler's resolvers, whose `cors=CORSConfig(...)` answers for every route. */
const RESOLVERS = new Set([
  'APIGatewayRestResolver',
  'ApiGatewayResolver',
  'APIGatewayHttpResolver',
  'ALBResolver',
  'LambdaFunctionUrlResolver',
  'VPCLatticeResolver',
  'VPCLatticeV2Resolver',
]);

/** What framework support asks of the reader: values, and module lookup for a whole app. */
type PyFramework = Evaluator & PyNames;

/** A keyword argument's value as a middleware option. */
function option(r: Evaluator, keywords: Map<string, SyntaxNode>, name: string, env: Env): OriginOption {
  const node = keywords.get(name);
  return node ? { value: r.eval(node, env) } : { absent: true };
}

/** Why a web app without a CORS middleware is not certainly without the header, or `undefined` when it is. */
function notCertain(graph: { files: SourceFile[]; packages: Set<string>; unread: string[] }, what: string): string | undefined {
  if (graph.files.some((f) => /access-control-allow-origin/i.test(f.code))) return `${what} that sets CORS headers in its own code; its routes are not read`;
  if (graph.unread.length > 0) return `${what} whose code imports '${graph.unread[0]}', which is not read`;
  const pkg = [...graph.packages].find((p) => /cors/i.test(p));
  if (pkg) return `${what} that imports ${pkg}, which is not read`;
  return undefined;
}

/**
 * `app.resolve(event, context)` of a Powertools resolver: with `cors=CORSConfig(…)`, its options; without, the
 * resolver answers without Access-Control-Allow-Origin (a certain miss) unless a route enables CORS (`cors=True`) or
 * the code sets the header itself.
 */
function powertools(r: PyFramework, resolver: Extract<AV, { k: 'instance' }>, env: Env): AV {
  const args = keywordArgs(namedChildren(resolver.node.childForFieldName('arguments')));
  const cors = args.keywords.get('cors');
  const resolverEnv: Env = { ...env, src: resolver.src };
  const value = cors ? r.eval(cors, resolverEnv) : ({ k: 'none' } as AV);
  if (value.k === 'instance' && value.of.path.at(-1) === 'CORSConfig') {
    const config = keywordArgs(namedChildren(value.node.childForFieldName('arguments')));
    const configEnv: Env = { ...env, src: value.src };
    const positional = config.positional[0];
    const verdict = corsMiddlewareVerdict({
      what: 'the Powertools CORSConfig',
      origin: positional ? { value: r.eval(positional, configEnv) } : option(r, config.keywords, 'allow_origin', configEnv),
      extra: config.keywords.get('extra_origins') ? r.eval(config.keywords.get('extra_origins')!, configEnv) : undefined,
      credentials: option(r, config.keywords, 'allow_credentials', configEnv),
      at: { node: value.node, src: value.src },
      whenAbsent: { origin: '*' },
    });
    return { k: 'framework', verdict, node: value.node, src: value.src };
  }
  if (value.k !== 'none') {
    const verdict: FrameworkVerdict = {
      allowOrigin: 'present',
      note: 'the Powertools resolver sets Access-Control-Allow-Origin (cors=CORSConfig)',
      origins: [{ kind: 'dynamic', loc: resolver.src.loc(cors!), reason: 'chosen by CORSConfig for each request' }],
    };
    return { k: 'framework', verdict, node: resolver.node, src: resolver.src };
  }
  const graph = moduleGraph(r, resolver.src);
  let note = notCertain(graph, 'a Powertools resolver');
  if (!note && graph.files.some((f) => /\bcors\s*=\s*True\b/.test(f.code))) note = 'a Powertools resolver with cors=True on some routes; its routes are not read';
  const verdict: FrameworkVerdict = note
    ? { allowOrigin: 'unknown', note }
    : { allowOrigin: 'missing', note: 'a Powertools resolver without CORS: no cors= on the resolver or its routes' };
  return { k: 'framework', verdict, node: resolver.node, src: resolver.src };
}

/**
 * A Flask, FastAPI or Starlette app behind aws-wsgi, serverless-wsgi or Mangum: the CORS middleware it uses (with
 * its options), or, when neither the app nor its local modules use one or set the header, a certain miss.
 */
function webApp(r: PyFramework, app: AV, at: SyntaxNode, env: Env): AV {
  const src = app.k === 'instance' || app.k === 'module' ? app.src : undefined;
  if (!src) {
    return { k: 'framework', verdict: { allowOrigin: 'unknown', note: `a web app wrapped for Lambda (${app.k === 'unknown' ? app.reason : 'not read here'})` }, node: at, src: env.src };
  }
  const graph = moduleGraph(r, src);
  let found: { verdict: FrameworkVerdict; node: SyntaxNode; src: SourceFile } | undefined;
  for (const file of graph.files) {
    const fileEnv: Env = { src: file, bindings: new Map(), stack: [], importDepth: env.importDepth + (file === src ? 0 : 1), via: [] };
    walk(file.root, (n) => {
      if (found) return false;
      if (n.type !== 'call') return true;
      const fnNode = unwrap(n.childForFieldName('function'));
      const name = dotted(fnNode);
      const callee = fnNode ? r.eval(fnNode, fileEnv) : unknown('?');
      const args = keywordArgs(namedChildren(n.childForFieldName('arguments')));
      const at = { node: n, src: file };
      if (callee.k === 'pkg' && callee.name === 'flask_cors' && callee.path.at(-1) === 'CORS') {
        const verdict = args.keywords.has('resources')
          ? { allowOrigin: 'unknown' as const, note: 'flask_cors with resources= (CORS on some paths only); its routes are not read' }
          : corsMiddlewareVerdict({ what: 'flask_cors', origin: option(r, args.keywords, 'origins', fileEnv), credentials: option(r, args.keywords, 'supports_credentials', fileEnv), at, whenAbsent: { origin: '*' } });
        found = { verdict, ...at };
      } else if (callee.k === 'pkg' && callee.name === 'flask_cors' && callee.path.at(-1) === 'cross_origin') {
        found = { verdict: { allowOrigin: 'unknown', note: 'flask_cors cross_origin on some routes only; its routes are not read' }, ...at };
      } else if (name && (name.at(-1) === 'add_middleware' || name.at(-1) === 'Middleware') && args.positional[0]) {
        const mw = r.eval(args.positional[0], fileEnv);
        if (mw.k === 'pkg' && mw.path.at(-1) === 'CORSMiddleware') {
          const regex = args.keywords.get('allow_origin_regex');
          const verdict = corsMiddlewareVerdict({
            what: 'CORSMiddleware',
            origin: regex ? { value: unknown('allow_origin_regex') } : option(r, args.keywords, 'allow_origins', fileEnv),
            credentials: option(r, args.keywords, 'allow_credentials', fileEnv),
            at,
            // Starlette's default allow_origins is empty: no origin is allowed
            whenAbsent: { unknown: 'CORSMiddleware without allow_origins allows no origin' },
          });
          found = { verdict: 'absent' in option(r, args.keywords, 'allow_origins', fileEnv) && !regex ? { allowOrigin: 'missing', note: 'CORSMiddleware without allow_origins allows no origin' } : verdict, ...at };
        }
      }
      return true;
    });
    if (found) break;
  }
  if (found) return { k: 'framework', verdict: found.verdict, node: found.node, src: found.src };
  const note = notCertain(graph, 'a web app');
  if (note) return { k: 'framework', verdict: { allowOrigin: 'unknown', note }, node: at, src: env.src };
  return {
    k: 'framework',
    verdict: { allowOrigin: 'missing', note: 'a web app without a CORS middleware, and neither it nor its local modules set the header' },
    node: at,
    src: env.src,
  };
}
