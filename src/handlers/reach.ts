/**
 * What a handler's code can reach besides its own folder: the local folders of its Lambda layers (what the code
 * finds under `/opt`) and its environment variables, as the template sets them. The readers ask this for
 * `/opt/...` imports, bare module names a layer provides, and `process.env.X` / `os.environ[...]`.
 *
 * Where a layer's content lands (AWS SAM, "Building Lambda layers"): with `Metadata.BuildMethod` a runtime,
 * `sam build` puts the `ContentUri` folder in the runtime's folder (`python3.x` → `/opt/python`, `nodejs*` →
 * `/opt/nodejs`); without a `BuildMethod` the folder is the layer as it is (so `/opt/python/...` is
 * `<ContentUri>/python/...`). A `makefile` build decides for itself and is not followed.
 */
import { join } from 'node:path';
import type { FunctionEnvironment, FunctionLayer, LambdaFunction } from '../model/types.js';
import type { Loc } from '../types.js';

export interface LayerFolder {
  id: string;
  dir: string;
  buildMethod?: string;
  loc: Loc;
}

export interface Reach {
  /** The local layers, in the order Lambda extracts them (a later one's files win). */
  layers: LayerFolder[];
  /** Why some layers are not read (defined elsewhere, content in S3). */
  elsewhere: string[];
  /** The environment variables; `undefined` when not known at all (a reader used without a template). */
  environment?: FunctionEnvironment;
  /** The template's read root: no file outside it is read (a read depends on it, so it is part of the key). */
  root?: string;
  /** A text that tells two reaches apart (for caches). */
  key: string;
}

/** Lambda's own variables (always set by the runtime), never read from the template. */
const RESERVED = /^(AWS_|LAMBDA_|_HANDLER$|_X_AMZN|TZ$|LANG$|PATH$|LD_LIBRARY_PATH$|NODE_PATH$|PYTHONPATH$)/;

export const NO_REACH: Reach = { layers: [], elsewhere: [], key: '' };

export function reachOf(fn: LambdaFunction, root?: string): Reach {
  const layers: LayerFolder[] = [];
  const elsewhere: string[] = [];
  for (const layer of fn.layers ?? ([] as FunctionLayer[])) {
    if (layer.kind !== 'local') {
      if (!elsewhere.includes(layer.reason)) elsewhere.push(layer.reason);
    }
    else if (layer.buildMethod && !/^(python|nodejs)/i.test(layer.buildMethod)) elsewhere.push(`layer '${layer.id}' is built by ${layer.buildMethod}, whose layout is not followed`);
    else layers.push({ id: layer.id, dir: layer.dir, loc: layer.loc, ...(layer.buildMethod ? { buildMethod: layer.buildMethod } : {}) });
  }
  // a function of a template that sets no Environment has no variables of its own
  const env: FunctionEnvironment = fn.environment ?? { variables: {} };
  const key = JSON.stringify([
    layers.map((l) => [l.dir, l.buildMethod ?? '']),
    elsewhere,
    [env.unknown ?? '', Object.entries(env.variables).map(([k, vs]) => [k, vs.map((v) => (v.known ? String(v.value) : `?${v.reason}`))])],
    root ?? '',
  ]);
  return { layers, elsewhere, environment: env, key, ...(root !== undefined ? { root } : {}) };
}

/**
 * The file an absolute `/opt/...` path names in one of the local layers (the last layer that has it wins), or
 * `undefined`. `exists` says whether a candidate is there (a file or a folder, as the caller needs).
 */
export function optPath(reach: Reach, path: string, exists: (candidate: string) => string | undefined): string | undefined {
  if (!path.startsWith('/opt/')) return undefined;
  const rest = path.slice('/opt/'.length);
  for (let i = reach.layers.length - 1; i >= 0; i--) {
    const layer = reach.layers[i]!;
    const local = layerFile(layer, rest);
    const found = local !== undefined ? exists(local) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** `rest` (a path below `/opt`) in a layer's folder, as the layer is built. */
function layerFile(layer: LayerFolder, rest: string): string | undefined {
  const method = layer.buildMethod?.toLowerCase();
  if (!method) return join(layer.dir, rest);
  const runtimeFolder = /^python/.test(method) ? 'python/' : /^nodejs/.test(method) ? 'nodejs/' : undefined;
  if (!runtimeFolder || !rest.startsWith(runtimeFolder)) return undefined;
  return join(layer.dir, rest.slice(runtimeFolder.length));
}

/** The folders Python finds top-level modules in from the layers (`/opt/python`), the last layer first. */
export function pythonLayerRoots(reach: Reach): string[] {
  const roots: string[] = [];
  for (let i = reach.layers.length - 1; i >= 0; i--) {
    const root = layerFile(reach.layers[i]!, 'python/');
    if (root !== undefined) roots.push(root);
  }
  return roots;
}

export type EnvLookup =
  | { set: true; values: FunctionEnvironment['variables'][string] }
  | { set: false }
  | { unknown: string };

/** What the template sets an environment variable to. */
export function envVariable(reach: Reach, name: string | undefined): EnvLookup {
  if (name === undefined) return { unknown: 'an environment variable whose name is computed' };
  const env = reach.environment;
  if (!env) return { unknown: `the environment variable ${name}` };
  if (RESERVED.test(name)) return { unknown: `the environment variable ${name} (set by Lambda)` };
  const values = Object.prototype.hasOwnProperty.call(env.variables, name) ? env.variables[name] : undefined;
  if (values) return { set: true, values };
  if (env.unknown) return { unknown: `the environment variable ${name} (${env.unknown})` };
  return { set: false };
}

/** For notes: the layers that are not read, when a module may come from one of them. */
export function elsewhereNote(reach: Reach): string {
  return reach.elsewhere.length > 0 ? `; it may come from a layer that is not read (${reach.elsewhere.join('; ')})` : '';
}
