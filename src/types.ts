/**
 * Types shared by every layer: positions, locations in a template, findings and the ESLint-compatible
 * result shape that the reporters print.
 */

/** A path into a parsed document: mapping keys and sequence indexes, e.g. `['Resources', 'Api', 'Properties']`. */
export type Path = ReadonlyArray<string | number>;

/**
 * A region of a source file. Lines and columns are 1-based; columns count UTF-16 code units (a tab is one
 * column), as ESLint and SARIF (`columnKind: utf16CodeUnits`) do. `endColumn` is the column just after the last
 * character of the region.
 */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * Where something is written: a file and a path inside the document parsed from it, or (for source files that
 * are not YAML or JSON, such as Lambda handlers) a file and a range.
 */
export interface Loc {
  file: string;
  path: Path;
  /** Point at the mapping key rather than at its value. */
  key?: boolean;
  /** A region given directly; `path` is then ignored for positioning. */
  range?: Range;
}

export type SeverityName = 'off' | 'warning' | 'error';
/** ESLint's numeric severities: 1 warning, 2 error. */
export type SeverityLevel = 1 | 2;

/** A location shown next to a finding: where a value came from, or a place that matters to it. */
export interface RelatedLocation {
  filePath: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** Why a finding is suppressed: a directive in the template (comment, `Metadata`), or a baseline file. */
export interface Suppression {
  kind: 'directive' | 'baseline';
  justification: string;
}

/** One text edit, ESLint's shape: replace the text between two offsets of the file's text by `text`. */
export interface TextEdit {
  /** Offsets (UTF-16 code units, as JavaScript indexes strings) into the file's text as read (no byte-order mark). */
  range: [number, number];
  text: string;
}

/**
 * A fix on a message: ESLint's `{ range, text }` (every edit of the fix merged into one range, as ESLint's own
 * fixer merges them), plus what cors-lint adds: `desc`, and the edits one by one (`edits`), for editors that
 * apply them as they are (a language server's code action).
 */
export interface MessageFix extends TextEdit {
  /** What the fix does, one imperative sentence. */
  desc: string;
  edits: TextEdit[];
}

/** A suggestion on a message, ESLint's shape (`desc`, `fix`): a change that needs a person's choice. */
export interface MessageSuggestion {
  desc: string;
  fix: MessageFix;
}

/** One message in ESLint's `LintMessage` shape, with cors-lint's additions (`relatedLocations`). */
export interface LintMessage {
  ruleId: string | null;
  severity: SeverityLevel;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  fatal?: boolean;
  /** Where the value flowed from (parameter default, Globals entry, `Fn::If` branch), and other places that matter. */
  relatedLocations?: RelatedLocation[];
  /** A stable digest of the finding that survives unrelated edits (used for SARIF `partialFingerprints`). */
  fingerprint?: string;
  /**
   * The finding's own security severity, when its rule raised it to an error (a `*` on a protected API) and rates
   * such findings higher (`RuleMeta.raisedSecuritySeverity`); otherwise the rule's applies.
   */
  securitySeverity?: number;
  /** Present on messages in `suppressedMessages`. */
  suppressions?: Suppression[];
  /** A safe fix, as text edits on the file the message is in (`--fix` applies it). */
  fix?: MessageFix;
  /** Fixes that need a person's choice; never applied by `--fix`. */
  suggestions?: MessageSuggestion[];
}

/** ESLint's `LintResult` shape. `filePath` is absolute. */
export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  suppressedMessages: LintMessage[];
  errorCount: number;
  warningCount: number;
  fatalErrorCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** The file's text, so formatters can print code frames. */
  source?: string;
  /** `--fix-dry-run`: the file's text with the fixes applied (present only when a fix applies), as ESLint gives it. */
  output?: string;
  usedDeprecatedRules: never[];
  /**
   * cors-lint's addition: what in this file could not be checked fully, each with its stable kind (see
   * docs/not-checked.md). Set on the results the command line reports; absent when everything was checked.
   */
  notChecked?: NotChecked[];
}

/** One thing a run could not check fully: its kind (a stable id), where, and why in words. */
export interface NotChecked {
  kind: NoteKind;
  line: number;
  column: number;
  message: string;
  /** Why, as a stable id where the stage gives one (the handler stage's reason kinds: `code-in-s3`, `runtime-not-read`, …). */
  reason?: string;
  /** A detail of the reason (the runtime that is not read, where code in S3 is named). */
  detail?: string;
}

/**
 * The prose of a rule: its doc page and the SARIF `help` are built from it. The shipped rules write it in
 * `rules/docs/<id>.md` (`ruleDocs` in `src/prose.ts`); a rule of one's own gives it here.
 */
export interface RuleDocs {
  /** Why it matters, one or two paragraphs of Markdown. */
  why: string;
  /** A template snippet (YAML) that shows the mistake. */
  invalid: string;
  /** The nearest correct configuration, as a snippet the user can paste. */
  valid: string;
  /** How to fix it, Markdown. */
  fix: string;
  /**
   * What `--fix` does for the rule's findings, or why no fix is safe (Markdown). Every shipped rule says it
   * (`test/fix/rule-pages.test.ts`); a rule of one's own may leave it out.
   */
  autofix?: string;
  /** Public sources the rule rests on. */
  links: string[];
}

/** What every rule declares about itself. */
export interface RuleMeta {
  /** kebab-case, equals the rule's file name; fixed once published. */
  id: string;
  /** Default severity; configuration and `--rule` may change it. */
  severity: Exclude<SeverityName, 'off'>;
  /** One line, used in `--print-rules`, the README table and SARIF `shortDescription`. */
  summary: string;
  docs: RuleDocs;
  /** SARIF tags, e.g. `security`, `correctness`. */
  tags: string[];
  /** SARIF `security-severity` (0.0–10.0) for code scanning. */
  securitySeverity: number;
  /**
   * The security severity of the findings the rule raises to errors, for a rule whose default is a warning (a
   * `*` on a protected API); default: `securitySeverity`. SARIF reports such findings under a rule of their own,
   * `<id>/raised`, since code scanning reads the security severity from the rule alone.
   */
  raisedSecuritySeverity?: number;
}

/** One step a value flowed through on its way to where it is used: a `Globals` entry, a `!Sub`, a parameter. */
export interface Via {
  loc: Loc;
  note: string;
}

/** An assumption about a template condition: the value only holds when condition `name` is `value`. */
/**
 * An assumption a value holds under: template condition `name` is `value` (true or false), or, with a text
 * `value`, the parameter or pseudo parameter `name` takes that value (one of a finite set: its `AllowedValues`,
 * or the keys of the mapping a `Fn::FindInMap` reads with it).
 */
export interface Cond {
  name: string;
  value: boolean | string;
}

/** What assumptions are compared by: a condition's name, or `=name` for a parameter that takes a value. */
export function condKey(c: Cond): string {
  return typeof c.value === 'string' ? `=${c.name}` : c.name;
}

/** Anything a rule can report: it knows where it is written, what it flowed through, and when it holds. */
export interface Located {
  loc: Loc;
  via?: readonly Via[];
  when?: readonly Cond[];
}

/**
 * What a note about something not checked is about: a stable id for machines (counting, filtering), where the
 * message is for people and may be reworded. Notes are never told apart by their wording.
 *
 * - `remote-openapi`: an OpenAPI document that is not a local file (S3, a URL, a location that is not a path);
 * - `unreadable-openapi`: a local OpenAPI file that cannot be read or parsed;
 * - `opaque-openapi-body`: an API body written in a form the model does not read (an intrinsic, a transform
 *   other than a local `AWS::Include`);
 * - `unknown-api`: a method or event names an API that is not a matching API of the template;
 * - `inert-cors`: a SAM CORS configuration that deploys nothing (SAM ignores it, or adds no OPTIONS it could
 *   answer), or whose effect cannot be known;
 * - `unreadable-handler`: a Lambda function's handler is not read (with why);
 * - `grammar-not-loaded`: a handler is not read because its language's grammar is not loaded: the synchronous API
 *   (`lintText`) was not given it (`loadHandlerGrammars()`), or it could not be loaded;
 * - `unreadable-response`: one response of a handler cannot be read;
 * - `no-readable-response`: a handler returns no response object that can be read;
 * - `unknown-function`: a proxy route calls a function the template does not declare;
 * - `unreadable-samconfig`: a samconfig file beside a template cannot be used;
 * - `yaml-aliases`: a template that is not a SAM template uses YAML aliases or merge keys, which cors-lint reads as
 *   `aws cloudformation package` does but CloudFormation itself refuses;
 * - `unenforced-auth`: an OpenAPI security scheme without `x-amazon-apigateway-authorizer`, which API Gateway does not
 *   enforce (the operations that require it count as unprotected);
 * - `dead-mapping`: CORS header mappings on the integration responses of a proxy integration, which API Gateway does
 *   not use (the function's or backend's own headers are sent).
 */
export type NoteKind =
  | 'remote-openapi'
  | 'unreadable-openapi'
  | 'opaque-openapi-body'
  | 'unknown-api'
  | 'inert-cors'
  | 'unreadable-handler'
  | 'grammar-not-loaded'
  | 'unreadable-response'
  | 'no-readable-response'
  | 'unknown-function'
  | 'unreadable-samconfig'
  | 'yaml-aliases'
  | 'unenforced-auth'
  | 'dead-mapping'
  | 'outside-repository';

/** Something a stage could not check, at the place it concerns. */
export interface LocatedNote {
  kind: NoteKind;
  loc: Loc;
  message: string;
  /** A stable, machine-readable kind of the reason (the handler stage gives one: `HandlerReasonKind`). */
  reason?: string;
  /** A detail of the kind a summary can group by (the runtime of `runtime-not-read`, where code in S3 is named). */
  detail?: string;
}
