/**
 * The configuration's JSON Schema (`schema/cors-lint.schema.json`, shipped in the package so that editors can
 * complete and check the file) and its validation with ajv, with errors turned into one line each that names
 * the offending key or value.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type AjvModule from 'ajv';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import { closest } from '../engine/registry.js';
import type { ConfigPath } from './parse.js';

export const SCHEMA_FILE_NAME = 'cors-lint.schema.json';

/** The schema's path in this installation: `schema/` at the package root, found from this module upward. */
export function schemaPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'schema', SCHEMA_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`cannot find schema/${SCHEMA_FILE_NAME} in the cors-lint installation`);
}

let cachedSchema: Record<string, unknown> | undefined;

/** The configuration schema as data. */
export function configSchema(): Record<string, unknown> {
  cachedSchema ??= JSON.parse(readFileSync(schemaPath(), 'utf8')) as Record<string, unknown>;
  return cachedSchema;
}

/**
 * The schema a run validates with: the shipped one lists the shipped rules' ids for editors; a run may know other
 * rules (the API takes rules of one's own), so it accepts any id here and checks ids against its rules after.
 */
function runtimeSchema(): Record<string, unknown> {
  const schema = JSON.parse(JSON.stringify(configSchema())) as { properties: { rules: Record<string, unknown> }; definitions: Record<string, unknown> };
  schema.properties.rules = { ...schema.properties.rules, additionalProperties: { $ref: '#/definitions/ruleEntry' } };
  delete schema.properties.rules.properties;
  return schema;
}

let fastValidator: ValidateFunction | undefined;
let fullValidator: ValidateFunction | undefined;

/**
 * ajv is loaded only when a configuration file is read (runs without one never pay for it). A valid file, the
 * usual case, is checked by a validator that stops at the first error and is quick to compile; only an invalid
 * one compiles the validator that collects every error, to pick the most telling one.
 */
function compile(allErrors: boolean): ValidateFunction {
  const cached = allErrors ? fullValidator : fastValidator;
  if (cached) return cached;
  // ajv is CommonJS with a `default` that is the class itself: `.default` works in either module system.
  const Ajv = (createRequire(import.meta.url)('ajv') as typeof AjvModule).default;
  const options: Options = allErrors
    ? { allErrors: true, strict: false, allowUnionTypes: true }
    : { allErrors: false, strict: false, allowUnionTypes: true, code: { optimize: false } };
  const compiled = new Ajv(options).compile(runtimeSchema());
  if (allErrors) fullValidator = compiled;
  else fastValidator = compiled;
  return compiled;
}

/** One validation problem: where (a path into the document; `key` when the key itself is at fault) and why. */
export interface SchemaProblem {
  path: ConfigPath;
  key: boolean;
  message: string;
}

function pathOf(instancePath: string): Array<string | number> {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function describePath(path: ConfigPath): string {
  if (path.length === 0) return 'the configuration';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

function valueAt(data: unknown, path: ConfigPath): unknown {
  let node = data;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}

const TOP_LEVEL_KEYS = ['$schema', 'root', 'extends', 'rules', 'ignorePatterns', 'parameters', 'allowedOrigins'];

function explain(error: ErrorObject, data: unknown): SchemaProblem {
  const path = pathOf(error.instancePath);
  const where = describePath(path);
  const value = valueAt(data, path);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const hint = path.length === 0 ? closest(key, TOP_LEVEL_KEYS) : undefined;
      return {
        path: [...path, key],
        key: true,
        message: `unknown key '${key}' in ${where}${hint ? ` (did you mean '${hint}'?)` : path.length === 0 ? ` (known keys: ${TOP_LEVEL_KEYS.slice(1).join(', ')})` : ''}`,
      };
    }
    case 'propertyNames':
    case 'pattern': {
      if (error.keyword === 'propertyNames') {
        const name = String((error.params as { propertyName: string }).propertyName);
        return { path: [...path, name], key: true, message: `${quote(name)} is not a valid name in ${where}` };
      }
      if (path[0] === 'allowedOrigins') {
        return {
          path,
          key: false,
          message: `${where} ${quote(value)} is not an origin: write 'https://app.example.com', 'https://*.example.com' or '*' (scheme and host, no path)`,
        };
      }
      if (path[0] === 'rules' && path.length === 1) {
        return { path, key: true, message: `${quote(value)} is not a rule id (rule ids are kebab-case)` };
      }
      return { path, key: false, message: `${where} ${quote(value)} ${error.message ?? 'is not valid'}` };
    }
    case 'enum': {
      const allowed = ((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map(quote).join(', ');
      return { path, key: false, message: `${where} is ${quote(value)}; expected one of ${allowed}` };
    }
    case 'type': {
      const type = (error.params as { type: string | string[] }).type;
      const expected = Array.isArray(type) ? type.join(' or ') : type;
      const actual = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : quote(value);
      return { path, key: false, message: `${where} is ${actual}; expected ${expected === 'object' ? 'a mapping' : expected === 'array' ? 'a list' : expected}` };
    }
    case 'minLength':
      return { path, key: false, message: `${where} is empty` };
    case 'maxItems':
    case 'minItems':
      return {
        path,
        key: false,
        message: path[0] === 'rules' ? `${where} must be a severity, or [severity, { options }]` : `${where} ${error.message ?? 'is not valid'}`,
      };
    default:
      return { path, key: false, message: `${where} ${error.message ?? 'is not valid'}` };
  }
}

/** Problems that a person reading the file can act on: the deepest, most specific ones first. */
function rank(errors: readonly ErrorObject[], data: unknown): ErrorObject[] {
  const specific = errors.filter((e) => !['anyOf', 'oneOf', 'if'].includes(e.keyword));
  const pool = specific.length > 0 ? specific : [...errors];
  const depth = (e: ErrorObject): number =>
    pathOf(e.instancePath).length + (e.keyword === 'additionalProperties' || e.keyword === 'propertyNames' ? 1 : 0);
  // Inside an anyOf, the branch for another shape of value (a type, or a list of words for a list or mapping)
  // is less telling than an error about the shape the author chose.
  const offShape = (e: ErrorObject): number => {
    if (e.keyword === 'type') return 1;
    const value = valueAt(data, pathOf(e.instancePath));
    return e.keyword === 'enum' && typeof value === 'object' && value !== null ? 1 : 0;
  };
  return pool.sort((a, b) => depth(b) - depth(a) || offShape(a) - offShape(b));
}

/** Validates configuration data against the schema; the first problem (most specific first), or undefined. */
export function validateConfig(data: unknown): SchemaProblem | undefined {
  if (compile(false)(data)) return undefined;
  const validate = compile(true);
  if (validate(data)) return undefined;
  const [first] = rank(validate.errors ?? [], data);
  return first ? explain(first, data) : { path: [], key: false, message: 'is not a valid configuration' };
}
