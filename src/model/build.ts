import { Resolver, type ResolveOptions } from '../resolve/resolver.js';
import { BuildContext, type DocumentLoader } from './context.js';
import { buildCfn } from './cfn.js';
import { listResources } from './resources.js';
import { buildSam } from './sam.js';
import type { CorsModel, DuplicateKey } from './types.js';

export interface BuildOptions extends ResolveOptions {
  /** Reads local files the template names (OpenAPI documents), with their duplicate keys; defaults to none. */
  loadDocument?: DocumentLoader;
  /** The keys the template's mappings write twice, as the load stage found them (for `model.documents`). */
  duplicateKeys?: readonly DuplicateKey[];
  /** Makes the resolver; lets callers supply one that evaluates intrinsics. */
  makeResolver?: (file: string, template: unknown, options: ResolveOptions) => Resolver;
}

/**
 * Builds the CorsModel of one template: the model stage's result, which nothing changes afterwards (the pipeline
 * freezes it under test). Never throws on odd templates: what cannot be read is noted.
 */
export function buildModel(file: string, template: unknown, options: BuildOptions = {}): CorsModel {
  const resolver = options.makeResolver ? options.makeResolver(file, template, options) : new Resolver(file, template, options);
  const ctx = new BuildContext(resolver, options.loadDocument ?? (() => ({ error: 'files are not read' })), options.duplicateKeys);
  const resources = listResources(ctx);
  buildSam(ctx, resources);
  buildCfn(ctx, resources);
  const given = Object.entries(options.parameters ?? {});
  if (given.length > 0) {
    ctx.model.parameters = Object.fromEntries(given.map(([k, value]) => [k, { value, source: options.parameterSources?.[k] ?? 'the given parameters' }]));
  }
  return ctx.model;
}
