import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintPaths } from '../../src/lint.js';
import { loadTemplateText } from '../../src/load/index.js';
import { buildModel } from '../../src/model/build.js';
import type { HandlerAnswer, HandlerAnswers, TemplateHandlers } from '../../src/model/handlers.js';
import type { CorsModel, Route } from '../../src/model/types.js';

export const TEMPLATES = join(__dirname, 'templates');

/** The model of a template text (the file name only names it). */
export function modelOfText(text: string, file = join(TEMPLATES, 'inline.yaml')): CorsModel {
  const outcome = loadTemplateText(text, file);
  if (outcome.kind !== 'template') throw new Error(`not a template: ${outcome.reason}`);
  return buildModel(file, outcome.doc.value);
}

/** The model of a template in `test/explain/templates`, with `https://app.example.com` replaced when asked. */
export function modelOf(name: string, origin?: string): CorsModel {
  const file = join(TEMPLATES, name);
  let text = readFileSync(file, 'utf8');
  if (origin) text = text.split('https://app.example.com').join(origin);
  return modelOfText(text, file);
}

/**
 * Stands in for the handler stage: every Lambda proxy route (but OPTIONS) that `where` accepts answers with these
 * responses, each route with an answer of its own.
 */
export function handlerAnswers(responses: HandlerAnswer['responses'], where: (r: Route) => boolean = () => true): HandlerAnswers {
  const answers = new Map<string, HandlerAnswer>();
  return {
    answerFor(route) {
      if (route.integration.type !== 'lambda-proxy' || route.method === 'OPTIONS' || !where(route)) return undefined;
      const key = [route.apiId, route.method, route.path, route.origin].join(' ');
      let answer = answers.get(key);
      if (!answer) answers.set(key, (answer = { complete: true, responses: responses.map((r) => ({ ...r, headers: { ...r.headers } })) }));
      return answer;
    },
  };
}

/** Says why a suite is skipped; jest hides the console output of a suite whose tests are all skipped. */
export function skipNotice(message: string): void {
  process.stderr.write(`note: ${message}\n`);
}

/** A template's model with what the handler stage found for it. */
export interface Analysed {
  model: CorsModel;
  handlers: TemplateHandlers;
}

/**
 * The model of a template as `explain` reads it: through the lint pipeline without rules, with the Lambda
 * handlers read (what REST proxy routes answer) and the parameters given.
 */
export async function analysedModel(file: string, parameters: Record<string, string> = {}): Promise<Analysed> {
  const run = await lintPaths([file], { cwd: TEMPLATES, rules: [], modelOnly: true, readHandlers: true, parameters, configEnv: false });
  const [entry] = run.models;
  const handlers = entry && run.handlers?.get(entry[0]);
  if (!entry || !handlers) throw new Error(`${file}: no model (${JSON.stringify(run.results.flatMap((r) => r.messages))})`);
  return { model: entry[1], handlers };
}
