import type { FixDescriptor } from '../fix/types.js';
import type { Loc, Located, RuleMeta, SeverityName } from '../types.js';

/** A place a finding points at: a model value (which knows its location and history) or a bare location. */
export type Target = Located | Loc;

export interface ReportDescriptor {
  /** The offending value; the engine turns it into a position, related locations and a condition note. */
  at: Target;
  /** One sentence: the subject first, the offending value quoted, then the consequence. */
  message: string;
  /**
   * This finding's severity when the user has not set one for the rule (e.g. a warning that becomes an error when
   * the API is protected). A severity the user sets in configuration or with `--rule` applies to every finding.
   */
  severity?: Exclude<SeverityName, 'off'>;
  /** Other places that matter to the finding, shown as related locations. */
  related?: ReadonlyArray<{ at: Target; message: string }>;
  /**
   * What tells this finding apart from another of the same rule at the same place with the same value (the
   * header a list lacks, the method): part of its fingerprint, never shown. Never a list of routes or subjects,
   * which change when a route is added.
   */
  key?: string;
  /**
   * A safe fix: changes to the file the finding is in that remove the finding and nothing else (`src/fix/`).
   * The engine writes it as text edits and drops it when it cannot be written exactly (ESLint's `fix`).
   */
  fix?: FixDescriptor;
  /** Alternatives that need a person's choice (a placeholder to fill, one of several origins): ESLint's `suggestions`. */
  suggest?: readonly FixDescriptor[];
}

export interface RuleContext<Options = Record<string, unknown>> {
  /** The rule's options from configuration, merged over its defaults. */
  readonly options: Options;
  report(descriptor: ReportDescriptor): void;
}

/**
 * A rule over a `Model`. `Facts` is what the run hands every rule beside the model and its options (the results of
 * the stages around the model: for cors-lint, the handler stage's answers, see `RuleFacts` in `src/model/facts.ts`);
 * the engine passes it through without looking at it.
 */
export interface Rule<Model = unknown, Options = Record<string, unknown>, Facts = unknown> extends RuleMeta {
  /** Default options; configuration may override them key by key. */
  defaultOptions?: Options;
  check(model: Model, context: RuleContext<Options> & Facts): void;
}

/**
 * Declares a rule: the identity function, for type inference and one visible shape across `rules/`. The
 * options type is checked inside the rule and erased outside it (the engine merges options it cannot type).
 */
export function defineRule<Model, Options extends object = Record<string, unknown>, Facts = unknown>(rule: Rule<Model, Options, Facts>): Rule<Model, Record<string, unknown>, Facts> {
  return rule as unknown as Rule<Model, Record<string, unknown>, Facts>;
}

export function isLoc(target: Target): target is Loc {
  return 'file' in target && 'path' in target && !('loc' in target);
}
