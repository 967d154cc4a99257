/**
 * The Python frameworks that answer for a handler, and what they make of CORS: the Powertools event handler's
 * resolvers with `cors=CORSConfig(...)`, and a Flask, FastAPI or Starlette app behind `aws-wsgi`/`awsgi`,
 * `serverless-wsgi` or Mangum with a CORS middleware (`flask_cors`, `CORSMiddleware`). The reader asks
 * `frameworkMethodCall` and `packageCall` at every call it evaluates; a framework it recognises becomes a
 * `framework` value with a verdict. A new framework is one more recogniser here.
 */
import { namedChildren, walk, type Env, type Evaluator } from '../common.js';
import type { SyntaxNode } from '../grammars.js';
import { unknown, type AV, type FrameworkVerdict } from '../values.js';
import { dotted, keywordArgs, unwrap } from './syntax.js';

/**
 * A method call on a value a framework made or a package (`app.resolve(event, context)`,
 * `awsgi.response(app, …)`, `serverless_wsgi.handle_request(app, …)`): what it gives, or `undefined` when no
 * framework is involved.
 */
export function frameworkMethodCall(r: Evaluator, object: AV, method: string, positional: SyntaxNode[], n: SyntaxNode, env: Env): AV | undefined {
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
export function packageCall(r: Evaluator, callee: Extract<AV, { k: 'pkg' }>, positional: SyntaxNode[], n: SyntaxNode, env: Env): AV {
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

/** `app.resolve(event, context)` of a Powertools resolver: its `cors` argument decides. */
function powertools(r: Evaluator, resolver: Extract<AV, { k: 'instance' }>, env: Env): AV {
  const args = keywordArgs(namedChildren(resolver.node.childForFieldName('arguments')));
  const cors = args.keywords.get('cors');
  const at = { node: resolver.node, src: resolver.src };
  let verdict: FrameworkVerdict;
  if (!cors) verdict = { allowOrigin: 'unknown', note: 'a Powertools resolver without cors=CORSConfig(...); its routes are not read' };
  else {
    const value = r.eval(cors, { ...env, src: resolver.src });
    verdict =
      value.k === 'none'
        ? { allowOrigin: 'unknown', note: 'a Powertools resolver with cors=None; its routes are not read' }
        : {
            allowOrigin: 'present',
            note: 'the Powertools resolver sets Access-Control-Allow-Origin (cors=CORSConfig)',
            origins: [{ kind: 'dynamic', loc: at.src.loc(cors), reason: 'chosen by CORSConfig for each request' }],
          };
  }
  return { k: 'framework', verdict, node: resolver.node, src: resolver.src };
}

/** A Flask, FastAPI or Starlette app behind aws-wsgi, serverless-wsgi or Mangum: does it use a CORS middleware? */
function webApp(r: Evaluator, app: AV, at: SyntaxNode, env: Env): AV {
  const src = app.k === 'instance' || app.k === 'module' ? app.src : undefined;
  if (!src) {
    return { k: 'framework', verdict: { allowOrigin: 'unknown', note: `a web app wrapped for Lambda (${app.k === 'unknown' ? app.reason : 'not read here'})` }, node: at, src: env.src };
  }
  const appEnv: Env = { src, bindings: new Map(), stack: [], importDepth: app.k === 'module' ? app.importDepth : env.importDepth, via: [] };
  let corsAt: SyntaxNode | undefined;
  walk(src.root, (n) => {
    if (corsAt) return false;
    if (n.type === 'call') {
      const fnNode = unwrap(n.childForFieldName('function'));
      const name = dotted(fnNode);
      const callee = fnNode ? r.eval(fnNode, appEnv) : unknown('?');
      const args = namedChildren(n.childForFieldName('arguments'));
      if (callee.k === 'pkg' && callee.name === 'flask_cors' && (callee.path.at(-1) === 'CORS' || callee.path.at(-1) === 'cross_origin')) corsAt = n;
      if (name && name.at(-1) === 'add_middleware' && args[0]) {
        const mw = r.eval(args[0], appEnv);
        if (mw.k === 'pkg' && /(^|\.)middleware\.cors$/.test(mw.name) && mw.path.at(-1) === 'CORSMiddleware') corsAt = n;
        if (mw.k === 'pkg' && /^(fastapi|starlette)/.test(mw.name) && mw.path.at(-1) === 'CORSMiddleware') corsAt = n;
      }
      if (name && name.at(-1) === 'Middleware' && args[0]) {
        const mw = r.eval(args[0], appEnv);
        if (mw.k === 'pkg' && mw.path.at(-1) === 'CORSMiddleware') corsAt = n;
      }
    }
    return true;
  });
  if (corsAt) {
    return {
      k: 'framework',
      verdict: {
        allowOrigin: 'present',
        note: 'the app uses a CORS middleware',
        origins: [{ kind: 'dynamic', loc: src.loc(corsAt), reason: 'chosen by the CORS middleware for each request' }],
      },
      node: corsAt,
      src,
    };
  }
  const note = /access-control-allow-origin/i.test(src.text) ? 'a web app that sets CORS headers in its own code' : 'a web app without a CORS middleware; its routes are not read';
  return { k: 'framework', verdict: { allowOrigin: 'unknown', note }, node: at, src: env.src };
}
