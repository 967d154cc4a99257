/**
 * The text report keeps each file's lines (and highlighted text) once per report instead of letting the code
 * frame library split and highlight the whole file for every message. The frames must be the library's own, byte
 * for byte, with and without colour: compared here with a process where the code frame modules are frozen, so the
 * report cannot wrap them and every frame is drawn the slow way. Runs the built report (`npm test` builds).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TEXT = join(REPO, 'dist', 'src', 'report', 'text.js');
const built = existsSync(TEXT);
if (!built) console.warn('dist/ is missing: run `npm run build` (npm test does); the text-frame test is skipped');

/** A source with what trips line splitting and highlighting: CRLF, Unicode line breaks, strings and comments over lines. */
function source(): string {
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) {
    if (i % 97 === 5) lines.push('  InlineCode: |', '    const t = `line one', '    line two ${x}`;', '    /* a comment', '       over lines */');
    else if (i % 53 === 7) lines.push(`  Key${i}: "quoted \\u2028 ${i}"\r`);
    else lines.push(`  Key${i}: value ${i} # comment`);
  }
  return `Resources:\n${lines.join('\n')}\u2028tail\n`;
}

function results(): unknown[] {
  const text = source();
  const count = text.split('\n').length;
  const messages = [];
  for (let line = 1; line <= count; line += 7) {
    messages.push({ ruleId: line % 2 ? 'wildcard-origin' : 'insecure-origin', severity: line % 3 ? 2 : 1, message: `finding at ${line}.`, line, column: 3 + (line % 5), endLine: line, endColumn: 9 });
  }
  messages.push({ ruleId: 'wildcard-origin', severity: 2, message: 'the last line.', line: count, column: 1 });
  const other = 'Resources:\n  A:\n    Type: X\n';
  return [
    { filePath: join(REPO, 'a.yaml'), messages, suppressedMessages: [], errorCount: 0, warningCount: 0, fatalErrorCount: 0, source: text },
    { filePath: join(REPO, 'b.yaml'), messages: [{ ruleId: 'null-origin', severity: 2, message: 'b.', line: 2, column: 3 }], suppressedMessages: [], errorCount: 1, warningCount: 0, fatalErrorCount: 0, source: other },
  ];
}

function report(packageFirst: boolean, color: boolean): string {
  const script = `
    import { createRequire } from 'node:module';
    import { readFileSync } from 'node:fs';
    if (${packageFirst}) {
      // the code frame modules as the package finds them, frozen: the report cannot wrap anything in them
      const fromPackage = createRequire(createRequire(${JSON.stringify(TEXT)}).resolve('eslint-formatter-friendly'));
      Object.freeze(fromPackage('@babel/code-frame'));
      Object.freeze(createRequire(fromPackage.resolve('@babel/code-frame'))('@babel/highlight'));
    }
    const { formatText } = await import(${JSON.stringify(pathToFileURL(TEXT).href)});
    const results = JSON.parse(readFileSync(0, 'utf8'));
    const ctx = { cwd: ${JSON.stringify(REPO)}, rulesMeta: {}, color: ${color}, toolVersion: '0', helpUri: (id) => id, informationUri: 'x' };
    process.stdout.write(formatText(results, ctx));
  `;
  const { NO_COLOR: _n, FORCE_COLOR: _f, ...env } = process.env;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    input: JSON.stringify(results()),
    encoding: 'utf8',
    env: color ? { ...env, FORCE_COLOR: '1' } : env,
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(r.stderr).toBe('');
  return r.stdout;
}

(built ? describe : describe.skip)('code frames in the text report', () => {
  test.each([false, true])('are the code frame library’s own (colour: %s)', (color) => {
    const fast = report(false, color);
    const own = report(true, color);
    expect(fast.length).toBeGreaterThan(10000);
    if (color) expect(fast).toMatch(/\u001b\[/);
    else expect(fast).toMatch(/^\s+> \d+ \| /m);
    expect(fast).toBe(own);
  });
});
