/**
 * Files that are not what they are named: a configuration file, a samconfig, a baseline, a parameters file or an
 * included OpenAPI file that is a FIFO (reading would wait for a writer forever), a device such as /dev/zero
 * (reading never ends) or a huge file (a sparse 4 GiB file: nothing is read). Each gives one clear line and exit
 * 2 (what the user gave on the command line or as configuration) or 3 (a file beside a template), never a hang.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, project, WARNING_TEMPLATE } from '../cli/helpers.js';

const HUGE = 4 * 1024 * 1024 * 1024;
const canFifo = spawnSync('mkfifo', ['--help']).status === 0;
const hasDevZero = existsSync('/dev/zero');
if (!canFifo) console.warn('mkfifo is not available here: the FIFO cases are skipped');
if (!hasDevZero) console.warn('/dev/zero is not available here: the device cases are skipped');

type Special = 'fifo' | 'device' | 'huge';
const kinds: Array<[Special, boolean, RegExp]> = [
  ['fifo', canFifo, /is a named pipe \(FIFO\), not a regular file/],
  ['device', hasDevZero, /is a character device, not a regular file/],
  ['huge', true, /file is 4096 MB, larger than the limit of 1 MB/],
];

function makeSpecial(path: string, kind: Special): void {
  if (kind === 'fifo') {
    const r = spawnSync('mkfifo', [path]);
    if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
  } else if (kind === 'device') symlinkSync('/dev/zero', path);
  else {
    writeFileSync(path, '');
    truncateSync(path, HUGE); // sparse: takes no disk space
  }
}

describe.each(kinds)('a %s', (kind, available, reason) => {
  const maybe = available ? test : test.skip;

  maybe('as the configuration file found beside the template: exit 2, one line naming it', async () => {
    const p = project({ 'template.yaml': WARNING_TEMPLATE });
    try {
      makeSpecial(join(p.dir, '.cors-lint.yaml'), kind);
      const r = await cli(['template.yaml'], { cwd: p.dir });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^cors-lint: \.cors-lint\.yaml:1:1: /);
      expect(r.stderr).toMatch(reason);
    } finally {
      p.remove();
    }
  });

  maybe('as --config: exit 2', async () => {
    const p = project({ 'template.yaml': WARNING_TEMPLATE });
    try {
      makeSpecial(join(p.dir, 'lint.yaml'), kind);
      const r = await cli(['--config', 'lint.yaml', 'template.yaml'], { cwd: p.dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^cors-lint: lint\.yaml:1:1: /);
    } finally {
      p.remove();
    }
  });

  maybe('as the samconfig beside the template: exit 3, a fatal message at the samconfig with the template related', async () => {
    const p = project({ 'template.yaml': WARNING_TEMPLATE, 'other.yaml': WARNING_TEMPLATE });
    try {
      makeSpecial(join(p.dir, 'samconfig.toml'), kind);
      // the device is a link to /dev/zero, outside the repository: by default it is not read at all (a note);
      // with the root widened to / it is opened, and refused as a device
      if (kind === 'device') {
        const refused = await cli(['--verbose', '.'], { cwd: p.dir });
        expect(refused.code).toBe(0);
        expect(refused.stderr).toContain(`cors-lint: note: samconfig.toml:1:1: ${join(p.dir, 'samconfig.toml')} (a link to /dev/zero) is outside the repository (${p.dir}); its parameter_overrides are not used [not checked: outside-repository]`);
      }
      const r = await cli(['--format', 'json', ...(kind === 'device' ? ['--root', '/'] : []), '.'], { cwd: p.dir });
      expect(r.code).toBe(3);
      const results = JSON.parse(r.stdout) as Array<{ filePath: string; messages: Array<{ fatal?: boolean; message: string; line: number; relatedLocations?: Array<{ filePath: string }> }> }>;
      // one result for the samconfig, which names both templates it stopped; the templates are not linted
      expect(results).toHaveLength(1);
      expect(results[0]!.filePath).toBe(join(p.dir, 'samconfig.toml'));
      expect(results[0]!.messages).toHaveLength(1);
      const [message] = results[0]!.messages;
      expect(message!.fatal).toBe(true);
      expect(message!.message).toMatch(reason);
      expect(message!.relatedLocations!.map((l) => l.filePath).sort()).toEqual([join(p.dir, 'other.yaml'), join(p.dir, 'template.yaml')]);
    } finally {
      p.remove();
    }
  });

  maybe('as --parameters: exit 2', async () => {
    const p = project({ 'template.yaml': WARNING_TEMPLATE });
    try {
      makeSpecial(join(p.dir, 'params.json'), kind);
      const r = await cli(['--parameters', 'params.json', 'template.yaml'], { cwd: p.dir });
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/--parameters params\.json/);
    } finally {
      p.remove();
    }
  });

  maybe('as --baseline: exit 2', async () => {
    const p = project({ 'template.yaml': WARNING_TEMPLATE });
    try {
      makeSpecial(join(p.dir, 'baseline.json'), kind);
      const r = await cli(['--baseline', 'baseline.json', 'template.yaml'], { cwd: p.dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^cors-lint: --baseline baseline\.json: /);
    } finally {
      p.remove();
    }
  });
});

test('a samconfig with a syntax error stops the template beside it at the error (SAM refuses it too)', async () => {
  const p = project({ 'template.yaml': WARNING_TEMPLATE, 'samconfig.toml': 'version = 0.1\n[default.deploy.parameters\nparameter_overrides = "A=b"\n' });
  try {
    const r = await cli(['--format', 'compact', 'template.yaml'], { cwd: p.dir });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^samconfig\.toml:2:\d+: error: .*so they are not linted \[fatal\]\n$/);
  } finally {
    p.remove();
  }
});
