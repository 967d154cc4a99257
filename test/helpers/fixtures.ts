/**
 * The fixture harness: a fixture declares its expected findings in `# expect: rule-id[, rule-id]` comments on
 * the offending line (`// expect:` in JavaScript and TypeScript), or, for JSON, in a sibling `.expect` file
 * with one `line rule-id` per line.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures');

export interface Expectation {
  file: string;
  line: number;
  ruleId: string;
}

const COMMENT = /(?:#|\/\/)\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;

/** Expectations written in one file's comments (or its `.expect` sibling for JSON). */
export function expectationsIn(file: string): Expectation[] {
  const out: Expectation[] = [];
  if (extname(file) === '.json') {
    const sidecar = file.replace(/\.json$/, '.expect');
    if (!existsSync(sidecar)) return out;
    for (const raw of readFileSync(sidecar, 'utf8').split('\n')) {
      const line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      const m = /^(\d+)\s+([a-z0-9-]+)$/.exec(line);
      if (!m) throw new Error(`${sidecar}: cannot read '${line}' (expected 'line rule-id')`);
      out.push({ file, line: Number(m[1]), ruleId: m[2]! });
    }
    return out;
  }
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((text, i) => {
      const m = COMMENT.exec(text);
      if (!m) return;
      for (const ruleId of m[1]!.split(',').map((s) => s.trim())) out.push({ file, line: i + 1, ruleId });
    });
  return out;
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
    if (!statSync(ruleDir).isDirectory() || rule === 'load') continue;
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
