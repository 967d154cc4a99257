import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import type { Loc, NoteKind } from '../types.js';
import { Resolver } from '../resolve/resolver.js';
import { isMapping, type Node, type Scalar, type Val } from '../resolve/types.js';
import type { CorsModel, DuplicateKey, SettingVal } from './types.js';
import { restSetting } from './values.js';

/** A document the model builder may read besides the template (an OpenAPI file named by `DefinitionUri`). */
export interface ExternalDocument {
  file: string;
  value: unknown;
  /** The keys its mappings write twice, as the load stage found them. */
  duplicateKeys?: readonly DuplicateKey[];
}

/**
 * Loads a local file by absolute path; returns an error message when it cannot. `at` is the place that includes it
 * (the lint run makes a file that exists but cannot be read or parsed fatal, with that place as related location).
 * `kind` says why a file was not read when it is not simply missing (`outside-repository`).
 */
export type DocumentLoader = (file: string, at?: Loc) => ExternalDocument | { error: string; kind?: NoteKind };

/** What every builder shares: the resolver, the model under construction, and access to local files. */
export class BuildContext {
  readonly model: CorsModel;
  readonly templateDir: string;

  readonly loadDocument: DocumentLoader;

  /**
   * @param duplicateKeys the template's own, as the load stage found them; those of each document the builder
   * reads come with it from `load`, and both end up in `model.documents`.
   */
  constructor(
    readonly resolver: Resolver,
    load: DocumentLoader,
    duplicateKeys: readonly DuplicateKey[] = [],
  ) {
    this.templateDir = dirname(resolver.file);
    const documents = [{ file: resolver.file, duplicateKeys: [...duplicateKeys] }];
    this.model = { file: resolver.file, apis: [], policies: [], functions: [], documents, notes: [] };
    const read = new Set([resolver.file]);
    this.loadDocument = (file, at) => {
      const loaded = load(file, at);
      if (!('error' in loaded) && !read.has(loaded.file)) {
        read.add(loaded.file);
        documents.push({ file: loaded.file, duplicateKeys: [...(loaded.duplicateKeys ?? [])] });
      }
      return loaded;
    };
  }

  private targets?: Map<string, string>;

  /**
   * The Lambda functions of the template an integration may call, by logical id: each function maps to itself,
   * each alias or version (`AWS::Lambda::Alias`/`Version` whose `FunctionName` is `!Ref` or `!GetAtt` of one) to
   * its function.
   */
  lambdaTargets(): ReadonlyMap<string, string> {
    if (this.targets) return this.targets;
    const targets = new Map<string, string>();
    const resources = this.resolver.template.Resources;
    const entries = isMapping(resources) ? Object.entries(resources).filter((e): e is [string, Record<string, unknown>] => isMapping(e[1])) : [];
    for (const [id, resource] of entries) {
      if (resource.Type === 'AWS::Serverless::Function' || resource.Type === 'AWS::Lambda::Function') targets.set(id, id);
    }
    for (const [id, resource] of entries) {
      if (resource.Type !== 'AWS::Lambda::Alias' && resource.Type !== 'AWS::Lambda::Version') continue;
      const name = isMapping(resource.Properties) ? resource.Properties.FunctionName : undefined;
      const ref = isMapping(name) ? (typeof name.Ref === 'string' ? name.Ref : Array.isArray(name['Fn::GetAtt']) ? name['Fn::GetAtt'][0] : typeof name['Fn::GetAtt'] === 'string' ? name['Fn::GetAtt'].split('.')[0] : undefined) : undefined;
      const fn = typeof ref === 'string' ? targets.get(ref) : undefined;
      if (fn) targets.set(id, fn);
    }
    return (this.targets = targets);
  }

  /** Where the template defines a CloudFront origin access control for Lambda function URLs, if it does. */
  lambdaOriginAccessControl(): Loc | undefined {
    const resources = this.resolver.template.Resources;
    if (!isMapping(resources)) return undefined;
    for (const [id, resource] of Object.entries(resources)) {
      if (!isMapping(resource) || resource.Type !== 'AWS::CloudFront::OriginAccessControl' || !isMapping(resource.Properties)) continue;
      const config = resource.Properties.OriginAccessControlConfig;
      const type = isMapping(config) ? config.OriginAccessControlOriginType : undefined;
      if (typeof type === 'string' && type.toLowerCase() === 'lambda') return { file: this.resolver.file, path: ['Resources', id], key: true };
    }
    return undefined;
  }

  note(kind: NoteKind, loc: Loc, message: string): void {
    this.model.notes.push({ kind, loc, message });
  }

  /** A property of a mapping node, following no intrinsics. */
  prop(node: Node | undefined, key: string): Node | undefined {
    if (!node || !isMapping(node.raw)) return undefined;
    return this.resolver.child(node, key);
  }

  /** Values of a property (every alternative). */
  values(node: Node | undefined): Val<Scalar>[] {
    return node ? this.resolver.values(node) : [];
  }

  /** The values of property `key` of a mapping node, or `undefined` when the property is not written. */
  written(node: Node | undefined, key: string): Val<Scalar>[] | undefined {
    const child = this.prop(node, key);
    return child ? this.resolver.values(child) : undefined;
  }

  /** Values of every item of a list property. */
  listValues(node: Node | undefined): Val<Scalar>[] {
    if (!node) return [];
    return this.resolver.items(node).flatMap((item) => this.resolver.values(item));
  }

  /** REST header setting values (mapping expressions). */
  restValues(node: Node | undefined): SettingVal<Scalar>[] {
    return this.values(node).map(restSetting);
  }

  /**
   * A literal string property, when it is known and unconditional. A value inside a resource with a
   * `Condition` carries that condition, like the node it is read from: it is still unconditional there.
   */
  str(node: Node | undefined, key?: string): string | undefined {
    const target = key === undefined ? node : this.prop(node, key);
    if (!target) return undefined;
    const vals = this.resolver.values(target);
    if (vals.length !== 1) return undefined;
    const v = vals[0]!;
    if (!v.known || typeof v.value !== 'string') return undefined;
    const context = target.when ?? [];
    const same = v.when.length === context.length && v.when.every((c) => context.some((d) => d.name === c.name && d.value === c.value));
    return same ? v.value : undefined;
  }

  /** Resolves a path written in the template relative to the template's folder; `undefined` for S3 or remote. */
  localPath(text: string): string | undefined {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.startsWith('s3:')) return undefined;
    return isAbsolute(text) ? text : resolvePath(this.templateDir, text);
  }

  /** Loads a local document and returns its root node, or notes why it could not. */
  external(text: string, at: Loc): Node | undefined {
    const file = this.localPath(text);
    if (!file) {
      this.note('remote-openapi', at, `'${text}' is not a local file; its content is not checked`);
      return undefined;
    }
    const loaded = this.loadDocument(file, at);
    if ('error' in loaded) {
      if (loaded.kind) this.note(loaded.kind, at, `'${text}' is not read: ${loaded.error}`);
      else this.note('unreadable-openapi', at, `cannot read '${text}': ${loaded.error}`);
      return undefined;
    }
    return { raw: loaded.value, loc: { file: loaded.file, path: [] }, via: [{ loc: at, note: `included from ${text}` }], when: [] };
  }
}
