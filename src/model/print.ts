/**
 * The model as JSON for `--print-model`: every location becomes `file:line:column` plus the path inside the
 * document, so a user can see where each value the rules read comes from.
 */
import { relative } from 'node:path';
import type { Loc, Range } from '../types.js';
import type { TemplateHandlers } from './handlers.js';
import type { CorsModel } from './types.js';

export type Locator = (loc: Loc) => Range | undefined;

function isLoc(value: unknown): value is Loc {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v.file === 'string' && Array.isArray(v.path) && Object.keys(v).every((k) => ['file', 'path', 'key', 'range'].includes(k));
}

/** `Resources.Api.Properties.Cors` (keys with dots or spaces are bracketed). */
export function pathText(path: Loc['path']): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : /^[A-Za-z0-9_:-]+$/.test(k) ? `${i === 0 ? '' : '.'}${k}` : `[${JSON.stringify(k)}]`)).join('');
}

/**
 * A plain-data copy of a model with readable locations; file names relative to `cwd`. Its `notes` are the model
 * stage's and then the handler stage's (`handlers`), each with its kind, place, message and, where the stage gives
 * them, `reason` and `detail`.
 */
export function modelToJson(model: CorsModel, locate: Locator, cwd: string, handlers?: TemplateHandlers): unknown {
  const rel = (file: string) => relative(cwd, file) || file;
  const convert = (value: unknown, depth: number): unknown => {
    if (depth > 200) return '…';
    if (isLoc(value)) {
      const range = locate(value);
      const at = range ? `${rel(value.file)}:${range.line}:${range.column}` : rel(value.file);
      return { at, path: pathText(value.path), ...(value.key ? { key: true } : {}) };
    }
    if (Array.isArray(value)) return value.map((v) => convert(v, depth + 1));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (v !== undefined) out[k] = k === 'file' && typeof v === 'string' ? rel(v) : convert(v, depth + 1);
      }
      return out;
    }
    return value;
  };
  const notes = [...model.notes, ...(handlers?.notes ?? [])].map(({ kind, loc, message, reason, detail }) => ({ kind, loc, message, ...(reason ? { reason } : {}), ...(detail ? { detail } : {}) }));
  return convert({ ...model, notes }, 0);
}
