/**
 * What every rule's context carries besides its options: the results of the stages around the model. A rule that
 * reads them declares it, `defineRule<CorsModel, Options, RuleFacts>`, and finds them on `context`.
 */
import type { TemplateHandlers } from './handlers.js';
import type { CorsModel } from './types.js';
import type { Rule } from '../engine/rule.js';

export interface RuleFacts {
  /** The handler stage's answers for the template (`NO_HANDLERS` when its handlers were not read). */
  readonly handlers: TemplateHandlers;
}

/** A rule of cors-lint: it reads the {@link CorsModel}, and its context carries the {@link RuleFacts}. */
export type CorsRule = Rule<CorsModel, Record<string, unknown>, RuleFacts>;
