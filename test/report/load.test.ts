import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  builtinFormats,
  formatCompact,
  formatGitlab,
  formatJson,
  formatSarif,
  formatText,
  FormatterError,
  loadFormatter,
} from '../../src/report/index.js';
import { isPathLike, packageCandidates } from '../../src/report/load.js';
import { fixtureContext, fixtureResults } from './fixtures.js';

/** The repository root, where the dev dependency eslint-formatter-junit is installed. */
const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** A formatter that reports what it was given, as JSON. */
const ECHO_BODY = `(results, context) => JSON.stringify({
  files: results.map((r) => r.filePath),
  cwd: context.cwd,
  rules: context.rulesMeta,
})`;

async function expectFormatterError(promise: Promise<unknown>): Promise<FormatterError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FormatterError);
  if (!(error instanceof FormatterError)) throw new Error('unreachable');
  expect(error.message).not.toContain('\n');
  return error;
}

describe('loadFormatter: built-in formats', () => {
  test('the five built-ins, by name', async () => {
    expect(builtinFormats).toEqual(['text', 'compact', 'json', 'sarif', 'gitlab', 'github']);
    expect(await loadFormatter('gitlab', REPO)).toBe(formatGitlab);
    expect(await loadFormatter('text', REPO)).toBe(formatText);
    expect(await loadFormatter('compact', REPO)).toBe(formatCompact);
    expect(await loadFormatter('json', REPO)).toBe(formatJson);
    expect(await loadFormatter('sarif', REPO)).toBe(formatSarif);
  });
});

describe('loadFormatter: packages', () => {
  test.each(['junit', 'eslint-formatter-junit'])('%s', async (name) => {
    const format = await loadFormatter(name, REPO);
    const out = await format(fixtureResults(), fixtureContext());
    expect(out.startsWith('<?xml')).toBe(true);
    expect(out).toContain('<testsuites>');
    expect(out).toContain('credentials-with-wildcard');
    expect(out).toContain('/project/template.yaml');
    expect(out.endsWith('\n')).toBe(true);
  });

  test('an unknown name: one line naming what was tried', async () => {
    const error = await expectFormatterError(loadFormatter('no-such-format-xyz', REPO));
    expect(error.message).toMatch(
      /^cannot find formatter 'no-such-format-xyz': tried eslint-formatter-no-such-format-xyz, no-such-format-xyz/,
    );
  });

  test('an ESLint formatter that is not installed: the message names the package to install', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cors-lint-no-formatter-'));
    try {
      const error = await expectFormatterError(loadFormatter('junit', empty));
      expect(error.message).toBe(
        "cannot find formatter 'junit': tried eslint-formatter-junit, junit; install it in the project (npm install --save-dev eslint-formatter-junit) or use a built-in format: text, compact, json, sarif, gitlab, github",
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test('an unknown scoped name', async () => {
    const error = await expectFormatterError(loadFormatter('@nobody-xyz/fmt', REPO));
    expect(error.message).toMatch(/^cannot find formatter '@nobody-xyz\/fmt': tried @nobody-xyz\/eslint-formatter-fmt, @nobody-xyz\/fmt/);
  });

  test('package names to try', () => {
    expect(packageCandidates('junit')).toEqual(['eslint-formatter-junit', 'junit']);
    expect(packageCandidates('eslint-formatter-junit')).toEqual(['eslint-formatter-junit']);
    expect(packageCandidates('@acme/x')).toEqual(['@acme/eslint-formatter-x', '@acme/x']);
    expect(packageCandidates('@acme/eslint-formatter-x')).toEqual(['@acme/eslint-formatter-x']);
    expect(packageCandidates('@acme')).toEqual(['@acme/eslint-formatter']);
  });

  test('what counts as a path', () => {
    for (const path of ['./f.cjs', '../f', '/abs/f', 'dir/f', 'f.js', 'f.mjs', 'f.cjs', 'dir\\f', '.f']) {
      expect(isPathLike(path)).toBe(true);
    }
    for (const name of ['junit', '@acme/x', 'eslint-formatter-junit', '@acme']) expect(isPathLike(name)).toBe(false);
  });
});

describe('loadFormatter: files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cors-lint-report-'));
    writeFileSync(join(dir, 'echo.cjs'), `module.exports = ${ECHO_BODY};\n`);
    writeFileSync(
      join(dir, 'transpiled.cjs'),
      `Object.defineProperty(exports, '__esModule', { value: true });\nexports.default = () => 'from a default export';\n`,
    );
    writeFileSync(join(dir, 'nothing.cjs'), `module.exports = { notAFormatter: true };\n`);
    writeFileSync(join(dir, 'broken.cjs'), `module.exports = (;\n`);
    writeFileSync(join(dir, 'number.cjs'), `module.exports = () => 42;\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a CommonJS file, relative to cwd: called with ESLint-style context', async () => {
    const format = await loadFormatter('./echo.cjs', dir);
    const out = await format(fixtureResults(), fixtureContext());
    expect(out.endsWith('\n')).toBe(true);
    const seen = JSON.parse(out) as { files: string[]; cwd: string; rules: Record<string, unknown> };
    expect(seen.files).toEqual(fixtureResults().map((r) => r.filePath));
    expect(seen.cwd).toBe('/project');
    expect(Object.keys(seen.rules)).toEqual(['credentials-with-wildcard', 'max-age-excessive', 'wildcard-origin']);
    expect(seen.rules['wildcard-origin']).toEqual({
      type: 'problem',
      docs: {
        description: 'CORS allows any origin.',
        url: 'https://github.com/example/cors-lint/blob/main/docs/rules/wildcard-origin.md',
      },
    });
  });

  test('the same file by absolute path, and by bare file name', async () => {
    for (const name of [join(dir, 'echo.cjs'), 'echo.cjs']) {
      const format = await loadFormatter(name, dir);
      expect(await format([], fixtureContext())).toContain('"files":[]');
    }
  });

  test('a transpiled module with a default export', async () => {
    const format = await loadFormatter('./transpiled.cjs', dir);
    expect(await format([], fixtureContext())).toBe('from a default export\n');
  });

  test('a file that does not exist', async () => {
    const error = await expectFormatterError(loadFormatter('./missing.cjs', dir));
    expect(error.message).toMatch(/^cannot find formatter '\.\/missing\.cjs': no file at /);
  });

  test('a file that exports no function', async () => {
    const error = await expectFormatterError(loadFormatter('./nothing.cjs', dir));
    expect(error.message).toMatch(/does not export a function$/);
  });

  test('a file that does not load', async () => {
    const error = await expectFormatterError(loadFormatter('./broken.cjs', dir));
    expect(error.message).toMatch(/^cannot load formatter '\.\/broken\.cjs'/);
  });

  test('a formatter that returns something else than text', async () => {
    const format = await loadFormatter('./number.cjs', dir);
    await expectFormatterError(Promise.resolve().then(() => format([], fixtureContext())));
  });
});
