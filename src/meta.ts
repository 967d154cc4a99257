/** What cors-lint knows about itself: its version and where its documentation lives. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface PackageJson {
  name: string;
  version: string;
  homepage?: string;
  repository?: { url?: string } | string;
}

function findPackageJson(): PackageJson {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
      if (pkg.name === 'cors-lint') return pkg;
    } catch {
      // keep walking up
    }
    dir = dirname(dir);
  }
  return { name: 'cors-lint', version: '0.0.0' };
}

const pkg = findPackageJson();

export const VERSION: string = pkg.version;

/** The repository's web address, without a trailing `.git`. */
export const HOMEPAGE: string = (pkg.homepage ?? '').replace(/#.*$/, '') || 'https://github.com/cors-lint/cors-lint';

/** The checks of the suppressions themselves (`DIRECTIVE_CHECKS` in `src/engine/suppress.ts`). */
const DIRECTIVE_CHECK_IDS = new Set(['invalid-disable-directive', 'unused-disable-directive']);

/** A rule's documentation page in the repository (for the checks of suppressions, the page on suppressions). */
export function ruleDocUrl(ruleId: string): string {
  if (DIRECTIVE_CHECK_IDS.has(ruleId)) return `${HOMEPAGE}/blob/main/docs/configuration.md#suppressions`;
  return `${HOMEPAGE}/blob/main/docs/rules/${ruleId}.md`;
}
