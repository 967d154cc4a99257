/**
 * Why the handler analysis left something unknown, as a machine-readable kind (with a `detail` where one helps
 * a summary: the runtime, where the code is), for the notes and the coverage summary. The kinds are stable ids;
 * the messages stay free to change. "outside" kinds are beyond any reader's reach from the repository; the others
 * are the reader's own limits (or the user's code, for syntax errors).
 */
export type HandlerReasonKind =
  /** The code is in S3 (`Code.S3Bucket`, `CodeUri: s3://…` or `{Bucket, Key}`). */
  | 'code-in-s3'
  /** `CodeUri` names an archive (`.zip`, `.jar`) or a file. */
  | 'code-archive'
  /** `PackageType: Image` / `ImageUri`. */
  | 'container-image'
  /** The `CodeUri` folder, the handler file or a local module is not there. */
  | 'code-missing'
  /** The integration calls a function this template does not declare (another stack, a nested application). */
  | 'function-elsewhere'
  /** A runtime whose code is not read (`detail`: the runtime as written). */
  | 'runtime-not-read'
  /** `Runtime`, `Handler`, `CodeUri` or the inline code is not known from the template (a condition, an intrinsic). */
  | 'template-value'
  /** A module the code imports may come from a layer that is not in this repository (or is built by a makefile). */
  | 'layer-elsewhere'
  /** A third-party package makes or changes the response (a wrapper, a decorator, a middleware, a helper). */
  | 'package'
  /** A web framework or middleware answers and its own routes are not read. */
  | 'framework'
  /** A construct the reader does not follow; the message names it. */
  | 'construct'
  /** The read exceeded the reader's budget ("not read: too complex"). */
  | 'too-complex'
  /** The source has syntax errors or cannot be parsed. */
  | 'syntax-error'
  /** The synchronous API ran before the grammars were loaded. */
  | 'not-loaded'
  /** A defect of the reader (the message says which). */
  | 'internal-error'
  /** A file the handler needs (its code, a module, a layer) is outside the template's repository: not read. */
  | 'outside-repository';

export const OUTSIDE_REACH: ReadonlySet<HandlerReasonKind> = new Set<HandlerReasonKind>([
  'code-in-s3',
  'code-archive',
  'container-image',
  'code-missing',
  'function-elsewhere',
  'runtime-not-read',
  'template-value',
  'layer-elsewhere',
  'syntax-error',
  'outside-repository',
]);

export interface HandlerReason {
  reason: HandlerReasonKind;
  detail?: string;
}

/** In order: the first that matches gives the kind (so a layer's note is not taken for a package's). */
const KINDS: Array<[RegExp, HandlerReasonKind, ((m: RegExpExecArray) => string | undefined)?]> = [
  [/^internal error/, 'internal-error'],
  [/ is outside the repository \(/, 'outside-repository'],
  [/too complex/, 'too-complex'],
  [/grammar is not loaded/, 'not-loaded'],
  [/syntax errors|cannot be parsed/, 'syntax-error'],
  [/container image/, 'container-image'],
  [/Code\.ZipFile\); a package in S3/, 'code-in-s3', () => 'Code.S3Bucket'],
  [/CodeUri is an S3 location/, 'code-in-s3', () => 'CodeUri Bucket/Key'],
  [/CodeUri '([^']*)' is not a local folder/, 'code-in-s3', (m) => (/^s3:/i.test(m[1]!) ? 'CodeUri s3://' : 'CodeUri URL')],
  [/is an archive/, 'code-archive'],
  [/runtime '([^']+)' is not read/, 'runtime-not-read', (m) => m[1]],
  [/integration calls a function of a nested application or stack|a nested application or stack whose template/, 'function-elsewhere', () => 'nested stack'],
  [/integration calls|which is not in this template/, 'function-elsewhere'],
  [/CodeUri folder '[^']*' does not exist|handler file '[^']*' not found|local module '[^']*' not found|no such file/, 'code-missing'],
  [/depends on a condition|is not known \(|is not a string|names no (Runtime|Handler)|is not of the form|inline code is built by an intrinsic/, 'template-value'],
  [/layer that is not read|not in the function's local layers|not in the function's code or its local layers/, 'layer-elsewhere'],
  [/Powertools (resolver|router)|an app |a web app|an Express app|middleware|its routes are not read/, 'framework'],
  [/package|which is not read|from '[^']+'; its responses are not read|decorator @/, 'package'],
];

/** The kind of an unknown's reason, from the message the analysis gives. */
export function handlerReason(message: string): HandlerReason {
  for (const [pattern, reason, detail] of KINDS) {
    const m = pattern.exec(message);
    if (!m) continue;
    const d = detail?.(m);
    return d === undefined ? { reason } : { reason, detail: d };
  }
  return { reason: 'construct' };
}
