/**
 * Hover and "explain this route" for the language server: the template (its open text) is read through the lint
 * pipeline without rules, as `cors-lint explain` reads it (parameters, samconfig, configuration, handlers), and the
 * API or route under the cursor is asked of the simulator (`src/explain`). Loaded only when a client hovers or runs
 * the command, so editing never pays for the simulator's explain half.
 */
import { basename, dirname, relative } from 'node:path';
import { rules as shippedRules } from '../../rules/index.js';
import { createConfigResolver } from '../config/index.js';
import type { TemplateHandlers } from '../model/handlers.js';
import { allowedOrigins, explainableApis, explainMatrix, explainRequest, formatExplanation, formatMatrix, type Matrix, type Where } from '../explain/index.js';
import { lintSourceAsync } from '../lint.js';
import type { Api, CorsModel, Route } from '../model/types.js';
import type { Loc, Range } from '../types.js';

/** A 0-based position, as the protocol gives it. */
export interface Position {
  line: number;
  character: number;
}

/** Routes shown in a hover; beyond them the hover says how many more there are. */
const HOVER_ROWS = 12;

export interface TemplateModel {
  model: CorsModel;
  locate: (loc: Loc) => Range | undefined;
  file: string;
  /** What the template's Lambda handlers answer (the handler stage's result), for the simulator. */
  handlers?: TemplateHandlers;
}

/** The template's model from its text, or undefined when it is not a template (or cannot be read). */
export async function templateModel(text: string, file: string, env?: string): Promise<TemplateModel | undefined> {
  const configure = createConfigResolver({ rules: shippedRules, env });
  const run = await lintSourceAsync(text, file, {
    cwd: dirname(file),
    rules: [],
    modelOnly: true,
    readHandlers: true,
    threads: 1,
    configure: (f) => {
      try {
        return { parameters: configure(f).parameters };
      } catch {
        return undefined; // a wrong configuration file is reported by linting; the model is read without it
      }
    },
  });
  const model = run.models.get(file);
  const locate = run.locators?.get(file);
  return model && locate ? { model, locate, file, handlers: run.handlers?.get(file) } : undefined;
}

function contains(range: Range | undefined, p: Position): boolean {
  if (!range) return false;
  const line = p.line + 1;
  const column = p.character + 1;
  if (line < range.line || line > range.endLine) return false;
  if (line === range.line && column < range.column) return false;
  if (line === range.endLine && column > range.endColumn) return false;
  return true;
}

/** Where a resource or route is written: its key and, for a key, the whole value under it. */
function extent(tm: TemplateModel, loc: Loc): Range | undefined {
  const key = tm.locate(loc);
  const value = loc.key && !loc.range ? tm.locate({ ...loc, key: false }) : undefined;
  if (!key || !value) return key ?? value;
  const before = (a: Range, b: Range) => a.line < b.line || (a.line === b.line && a.column <= b.column);
  const start = before(key, value) ? key : value;
  const end = before({ line: key.endLine, column: key.endColumn } as Range, { line: value.endLine, column: value.endColumn } as Range) ? value : key;
  return { line: start.line, column: start.column, endLine: end.endLine, endColumn: end.endColumn };
}

const size = (r: Range): number => (r.endLine - r.line) * 10_000 + (r.endColumn - r.column);

/** The route (or else the API) whose written place holds the position: the innermost one. */
export function targetAt(tm: TemplateModel, p: Position): { api: Api; route?: Route } | undefined {
  let best: { api: Api; route?: Route; size: number } | undefined;
  for (const api of explainableApis(tm.model)) {
    const candidates: Array<{ route?: Route; loc: Loc }> = [{ loc: api.loc }, ...api.routes.filter((r) => r.method !== 'OPTIONS').map((route) => ({ route, loc: route.loc }))];
    for (const c of candidates) {
      if (c.loc.file !== tm.file) continue;
      const range = extent(tm, c.loc);
      if (!range || !contains(range, p)) continue;
      if (!best || size(range) < best.size) best = { api, route: c.route, size: size(range) };
    }
  }
  return best && { api: best.api, route: best.route };
}

function whereIn(tm: TemplateModel): Where {
  return (loc) => {
    const range = tm.locate(loc);
    return range ? `${relative(dirname(tm.file), loc.file) || loc.file}:${range.line}:${range.column}` : undefined;
  };
}

/** The verdict matrix of the API (only the route's rows when a route is under the cursor), as Markdown. */
export function hoverText(tm: TemplateModel, target: { api: Api; route?: Route }): string {
  const full = explainMatrix(tm.model, { apiId: target.api.id, handlers: tm.handlers });
  let rows = full.rows.filter((r) => r.api === target.api && (!target.route || r.route === target.route));
  const more = rows.length - HOVER_ROWS;
  rows = rows.slice(0, HOVER_ROWS);
  const matrix: Matrix = { apis: full.apis.filter((a) => a.api === target.api), rows };
  const lines = [`**cors-lint**: what browsers get from ${target.route ? `\`${target.route.method} ${target.route.path}\` of ` : ''}${target.api.label}`, '', '```text', formatMatrix(matrix, whereIn(tm)).trimEnd(), '```'];
  if (more > 0) lines.push('', `${more} more routes: \`cors-lint explain ${basename(tm.file)}\``);
  return lines.join('\n');
}

/** The explain story of a route: its first blocked request (else its first) among the origins the API allows. */
export function routeStory(tm: TemplateModel, target: { api: Api; route?: Route }): string {
  const full = explainMatrix(tm.model, { apiId: target.api.id, handlers: tm.handlers });
  const rows = full.rows.filter((r) => r.api === target.api && (!target.route || r.route === target.route));
  const row = rows.find((r) => r.cells.some((c) => c.outcome === 'blocked')) ?? rows[0];
  if (!row) return `${target.api.label}: no route to explain`;
  const cell = row.cells.find((c) => c.outcome === 'blocked') ?? row.cells[0];
  const origin = cell?.origin ?? allowedOrigins(target.api)[0]?.origin ?? 'https://app.example.com';
  const explanation = explainRequest(tm.model, target.api, { origin, method: row.method, path: row.path, headers: row.headers, credentials: row.credentials }, tm.handlers);
  return formatExplanation(explanation, whereIn(tm));
}
