/** Writing what a command produces: colours, counts in words, and report files written safely. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError, type CliIO } from './io.js';

/** Whether the report is coloured: `--no-color`, `NO_COLOR` and `--output` say no, `FORCE_COLOR` yes, else a terminal. */
export function useColor(io: CliIO, options: { color: boolean; output?: string }): boolean {
  if (!options.color) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (options.output) return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.stdout.isTTY === true;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/**
 * Writes the report to a file, creating its folder if needed, without ever clobbering an input, and without a
 * half-written file on failure.
 */
export function writeReport(target: string, text: string, inputs: ReadonlySet<string>, option = '--output'): void {
  if (inputs.has(target)) throw new UsageError(`${option} ${basename(target)}: that file is one of the files being linted`);
  if (existsSync(target) && statSync(target).isDirectory()) throw new UsageError(`${option} ${target}: is a directory`);
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (error) {
    throw new UsageError(`${option} ${target}: cannot create folder ${dirname(target)}: ${(error as Error).message}`);
  }
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, target);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // nothing to clean up
    }
    throw new UsageError(`${option} ${target}: ${(error as Error).message}`);
  }
}
