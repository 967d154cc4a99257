/**
 * The fixture harness. A fixture declares each finding it expects on the line where the finding belongs, with
 * the column it starts at and its severity:
 *
 *     AllowOrigin: "'*'"   # expect: wildcard-origin col=20 warning
 *     Origins: ['*']       # expect: wildcard-origin col=17 error, credentials-with-wildcard col=17 error (a note)
 *
 * (`// expect:` in JavaScript and TypeScript). Entries are separated by commas; a finding reported twice at the
 * same place is written twice; a note in parentheses may follow the last entry. JSON has no comments: a JSON
 * fixture's expectations are in a sibling `.expect` file, one finding per line, the line number first:
 *
 *     12 wildcard-origin col=24 error
 *
 * An expectation without its column or severity is an error, not a looser check.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures');

export type SeverityWord = 'error' | 'warning';

export interface Expectation {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  severity: SeverityWord;
}

const COMMENT = /(?:#|\/\/)\s*expect:(.*)$/;
const ENTRY = /^([a-z0-9-]+) col=([1-9][0-9]*) (error|warning)$/;
const NOTE = /\s*\([^()]*\)\s*$/;
const SYNTAX = "<rule-id> col=<column> <error|warning>, separated by commas, and an optional '(note)' at the end";

/** The entries of one `expect:` comment (the text after `expect:`), for line `line` of `file`. */
export function parseEntries(file: string, line: number, text: string): Expectation[] {
  const body = text.replace(NOTE, '').trim();
  if (body === '') throw new Error(`${file}:${line}: an 'expect:' comment names no finding (write ${SYNTAX})`);
  return body.split(',').map((raw) => {
    const m = ENTRY.exec(raw.trim().replace(/\s+/g, ' '));
    if (!m) throw new Error(`${file}:${line}: cannot read the expectation '${raw.trim()}' (write ${SYNTAX})`);
    return { file, line, ruleId: m[1]!, column: Number(m[2]), severity: m[3] as SeverityWord };
  });
}

/** Expectations written in a text's `expect:` comments. */
export function expectationsInText(file: string, text: string): Expectation[] {
  return text.split(/\r?\n/).flatMap((line, i) => {
    const m = COMMENT.exec(line);
    return m ? parseEntries(file, i + 1, m[1]!) : [];
  });
}

/** Expectations of a JSON fixture, from its `.expect` file's text (`sidecar` names that file in errors). */
export function expectationsInSidecar(file: string, sidecar: string, text: string): Expectation[] {
  return text.split(/\r?\n/).flatMap((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return [];
    const m = /^(\d+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`${sidecar}:${i + 1}: cannot read '${line}' (write '<line> ${SYNTAX}')`);
    const entries = parseEntries(sidecar, i + 1, m[2]!);
    return entries.map((e) => ({ ...e, file, line: Number(m[1]) }));
  });
}

/** Expectations written in one file's comments (or its `.expect` sibling for JSON). */
export function expectationsIn(file: string): Expectation[] {
  if (extname(file) === '.json') {
    const sidecar = file.replace(/\.json$/, '.expect');
    return existsSync(sidecar) ? expectationsInSidecar(file, sidecar, readFileSync(sidecar, 'utf8')) : [];
  }
  return expectationsInText(file, readFileSync(file, 'utf8'));
}

export interface FixtureCase {
  /** The rule the fixture folder is about. */
  rule: string;
  kind: 'invalid' | 'valid';
  /** A short name for the test title. */
  name: string;
  /** The template to lint. */
  template: string;
  /** Every file of the case whose comments may hold expectations. */
  files: string[];
}

const TEMPLATE_NAMES = ['template.yaml', 'template.yml', 'template.json'];
const SOURCE = /\.(ya?ml|json|js|mjs|cjs|ts|py)$/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : SOURCE.test(name) ? [path] : [];
  });
}

/** Every fixture case under `fixtures/<rule>/{invalid,valid}/`: a template file, or a folder with a template. */
export function fixtureCases(): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const rule of readdirSync(FIXTURES).sort()) {
    const ruleDir = join(FIXTURES, rule);
    if (!statSync(ruleDir).isDirectory()) continue;
    for (const kind of ['invalid', 'valid'] as const) {
      const dir = join(ruleDir, kind);
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir).sort()) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          const template = TEMPLATE_NAMES.map((t) => join(path, t)).find((t) => existsSync(t));
          if (!template) throw new Error(`${path}: a fixture folder needs a template.yaml or template.json`);
          cases.push({ rule, kind, name, template, files: walk(path) });
        } else if (/\.(ya?ml|json)$/.test(name)) {
          cases.push({ rule, kind, name: basename(name), template: path, files: [path] });
        }
      }
    }
  }
  return cases;
}
