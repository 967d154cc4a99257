import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintPaths } from '../../src/lint.js';
import { loadTemplateText } from '../../src/load/index.js';
import { buildModel } from '../../src/model/build.js';
import type { CorsModel, HandlerAnswer, Route } from '../../src/model/types.js';

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

/** Stands in for the handler analysis: every Lambda proxy route of the model answers with these responses. */
export function setHandler(model: CorsModel, responses: HandlerAnswer['responses'], where: (r: Route) => boolean = () => true): void {
  for (const api of model.apis) {
    for (const route of api.routes) {
      if (route.integration.type === 'lambda-proxy' && route.method !== 'OPTIONS' && where(route)) {
        route.handler = { complete: true, responses: responses.map((r) => ({ ...r, headers: { ...r.headers } })) };
      }
    }
  }
}

/** Says why a suite is skipped; jest hides the console output of a suite whose tests are all skipped. */
export function skipNotice(message: string): void {
  process.stderr.write(`note: ${message}\n`);
}

/**
 * The model of a template as `explain` reads it: through the lint pipeline without rules, with the Lambda
 * handlers read (so REST proxy routes carry `Route.handler`) and the parameters given.
 */
export async function analysedModel(file: string, parameters: Record<string, string> = {}): Promise<CorsModel> {
  const run = await lintPaths([file], { cwd: TEMPLATES, rules: [], modelOnly: true, readHandlers: true, parameters, configEnv: false });
  const model = [...run.models.values()][0];
  if (!model) throw new Error(`${file}: no model (${JSON.stringify(run.results.flatMap((r) => r.messages))})`);
  return model;
}
