/**
 * End to end in a real editor: headless Neovim (Debian's `neovim`; `.ci/run` installs it) with its built-in LSP
 * client runs `cors-lint lsp --stdio`, opens a template, receives the diagnostics, applies the "suppress with a
 * reason" code action, and receives the diagnostics of the edited buffer (test/lsp/nvim-session.lua). Skips, and
 * says so, where `nvim` is not installed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, built, project } from '../perf/helpers.js';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const hasNvim = nvim.status === 0;
if (!hasNvim) console.warn('nvim is not installed (apt-get install neovim): the Neovim end-to-end test of the language server is skipped');

const SESSION = fileURLToPath(new URL('./nvim-session.lua', import.meta.url));

const TEMPLATE = [
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Api:',
  '    Type: AWS::Serverless::HttpApi',
  '    Properties:',
  '      CorsConfiguration:',
  "        AllowOrigins: ['*']",
  '',
].join('\n');

(built && hasNvim ? describe : describe.skip)(`Neovim's LSP client with cors-lint lsp (${hasNvim ? nvim.stdout.split('\n')[0] : 'nvim missing'})`, () => {
  test('opens a template, shows the finding, applies the suppression, and the finding goes', () => {
    const p = project({ 'template.yaml': TEMPLATE, '.git/HEAD': 'ref: refs/heads/main\n' });
    try {
      const outFile = join(p.dir, 'out.json');
      const r = spawnSync('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${SESSION}`], {
        cwd: p.dir,
        env: { ...process.env, CORS_LINT_TEMPLATE: join(p.dir, 'template.yaml'), CORS_LINT_NODE: process.execPath, CORS_LINT_BIN: BIN, CORS_LINT_NVIM_OUT: outFile },
        encoding: 'utf8',
        timeout: 90_000,
      });
      let out: any;
      try {
        out = JSON.parse(readFileSync(outFile, 'utf8'));
      } catch {
        throw new Error(`Neovim wrote no result (status ${r.status}, signal ${r.signal}): ${r.stderr}${r.stdout}`);
      }
      expect(out.error).toBeUndefined();
      expect(out.first.map((d: any) => [d.code, d.range.start.line, d.range.start.character, d.severity])).toEqual([['wildcard-origin', 6, 23, 2]]);
      expect(out.first[0].codeDescription.href).toMatch(/wildcard-origin\.md$/);
      expect(out.inNeovim).toBe(1);
      expect(out.actions).toContain('Suppress wildcard-origin on this line (with a reason)');
      expect(out.lines[6]).toBe('        # cors-lint-disable-next-line wildcard-origin -- TODO: say why this is safe');
      expect(out.lines[7]).toBe("        AllowOrigins: ['*']");
      expect(out.after).toEqual([]);
      // the file on disk is untouched: the edit is in the buffer, for the user to save
      expect(readFileSync(join(p.dir, 'template.yaml'), 'utf8')).toBe(TEMPLATE);
    } finally {
      p.remove();
    }
  }, 120_000);
});
