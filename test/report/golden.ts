/**
 * Golden files: `expectGolden(name, actual)` compares byte for byte with `test/report/golden/<name>`.
 * Regenerate them with `UPDATE_GOLDEN=1 npx jest test/report`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1' || process.env.UPDATE_GOLDEN === 'true';

export function goldenPath(name: string): string {
  return join(GOLDEN_DIR, name);
}

export function expectGolden(name: string, actual: string): void {
  const file = goldenPath(name);
  if (UPDATE) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) {
    throw new Error(`missing golden file ${file}: run UPDATE_GOLDEN=1 npx jest test/report`);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** The `EFF_*` options of the text formatter's package, and terminal hints, removed so output is the same everywhere. */
export function clearFormatterEnv(): () => void {
  const names = Object.keys(process.env).filter(
    (name) => name.startsWith('EFF_') || name === 'FORCE_ITERM_HINT',
  );
  const saved = new Map(names.map((name) => [name, process.env[name]] as const));
  for (const name of names) delete process.env[name];
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
