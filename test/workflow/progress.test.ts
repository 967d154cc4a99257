/** Progress on standard error: for many files on a terminal only; never in CI or into a pipe. */
import { createProgress, PROGRESS_MIN_FILES } from '../../src/progress.js';
import { httpApiTemplate, project, runCli } from './helpers.js';

function manyTemplates(n: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) files[`stacks/s${i}/template.yaml`] = httpApiTemplate(['https://app.example.com'], `Api${i}`);
  return files;
}

describe('progress', () => {
  test('on a terminal: files done / total, then the line is cleared', async () => {
    const p = project(manyTemplates(8));
    try {
      const out = await runCli(['.'], { cwd: p.dir, stderrIsTTY: true });
      expect(out.code).toBe(0);
      expect(out.stderr).toContain('\r\u001b[Kcors-lint: 8/8 files');
      expect(out.stderr.endsWith('\r\u001b[K')).toBe(true);
      expect(out.stdout).not.toContain('files');
    } finally {
      p.cleanup();
    }
  });

  test.each([
    ['CI is set', { CI: 'true' }, true, 8],
    ['CI is set to anything', { CI: '' }, true, 8],
    ['standard error is not a terminal', {}, false, 8],
    ['only a handful of files', {}, true, PROGRESS_MIN_FILES - 1],
  ])('none when %s', async (_name, env, tty, count) => {
    const p = project(manyTemplates(count as number));
    try {
      const out = await runCli(['.'], { cwd: p.dir, stderrIsTTY: tty as boolean, env: env as Record<string, string> });
      expect(out.stderr).toBe('');
    } finally {
      p.cleanup();
    }
  });

  test('updates are throttled, and the last one always shows', () => {
    let text = '';
    let clock = 0;
    const progress = createProgress({ isTTY: true, write: (s: string) => (text += s) }, {}, () => clock)!;
    for (let done = 1; done <= 100; done++) {
      clock += 10;
      progress.update(done, 100);
    }
    progress.done();
    const shown = [...text.matchAll(/cors-lint: (\d+)\/100 files/g)].map((m) => Number(m[1]));
    expect(shown.length).toBeLessThan(20);
    expect(shown[shown.length - 1]).toBe(100);
    expect(text.endsWith('\r\u001b[K')).toBe(true);
  });
});
