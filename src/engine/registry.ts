import type { SeverityName } from '../types.js';
import type { Rule } from './rule.js';

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export class RegistryError extends Error {}

/** The set of rules a run knows about, by id. */
export class RuleRegistry<Model> {
  private readonly byId = new Map<string, Rule<Model>>();

  constructor(rules: Iterable<Rule<Model>> = []) {
    for (const rule of rules) this.add(rule);
  }

  add(rule: Rule<Model>): void {
    if (!ID.test(rule.id)) throw new RegistryError(`rule id '${rule.id}' is not kebab-case`);
    if (this.byId.has(rule.id)) throw new RegistryError(`rule id '${rule.id}' is registered twice`);
    this.byId.set(rule.id, rule);
  }

  get(id: string): Rule<Model> | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /**
   * Rules sorted by id. Ids are kebab-case ASCII, where code-unit order is the order `localeCompare` gives, without
   * the few milliseconds its first call takes to set up collation (a start-up cost of every run).
   */
  all(): Rule<Model>[] {
    return [...this.byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  ids(): string[] {
    return this.all().map((r) => r.id);
  }
}

const SEVERITY_WORDS: Record<string, SeverityName> = {
  off: 'off',
  '0': 'off',
  warn: 'warning',
  warning: 'warning',
  '1': 'warning',
  error: 'error',
  '2': 'error',
};

/** Reads a severity word as users write it (`off`, `warn`, `warning`, `error`, `0`/`1`/`2`). */
export function parseSeverity(word: string): SeverityName | undefined {
  return SEVERITY_WORDS[word.trim().toLowerCase()];
}

/**
 * Parses `--rule id:severity` values against the registry. Throws `RegistryError` with a message naming the
 * closest known id when the id is unknown.
 */
export function parseRuleOverrides(specs: readonly string[], known: readonly string[]): Record<string, SeverityName> {
  const out: Record<string, SeverityName> = {};
  for (const spec of specs) {
    for (const part of spec.split(',')) {
      const item = part.trim();
      if (!item) continue;
      const colon = item.lastIndexOf(':');
      if (colon <= 0) throw new RegistryError(`--rule '${item}': expected id:off|warn|error`);
      const id = item.slice(0, colon).trim();
      const severity = parseSeverity(item.slice(colon + 1));
      if (!severity) throw new RegistryError(`--rule '${item}': severity must be off, warn or error`);
      if (!known.includes(id)) {
        const hint = closest(id, known);
        throw new RegistryError(`--rule '${item}': unknown rule '${id}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
      }
      out[id] = severity;
    }
  }
  return out;
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate within a third of the word's length, compared without case. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.ceil(word.length / 3)) ? best : undefined;
}
