/**
 * SAM's translator (`../shared/tools/sam-translate`) run over many templates in one Python process: it is loaded
 * once as a module and each (input, output) pair is translated in turn, which is minutes faster than one process a
 * template. Tests that judge fixtures or fixes against what SAM deploys share it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const BATCH = [
  'import io, json, sys, contextlib, importlib.machinery, importlib.util',
  'loader = importlib.machinery.SourceFileLoader("sam_translate", sys.argv[1])',
  'spec = importlib.util.spec_from_loader("sam_translate", loader)',
  'tool = importlib.util.module_from_spec(spec); loader.exec_module(tool)',
  'args = sys.argv[2:]',
  'for i in range(0, len(args), 2):',
  '    err = io.StringIO()',
  '    with contextlib.redirect_stderr(err):',
  '        code = tool.main(["sam-translate", args[i], args[i + 1]])',
  '    print(json.dumps({"code": code, "message": err.getvalue().strip()}))',
].join('\n');

/** What the translator said of one template: its exit code and what it wrote on standard error. */
export interface Translation {
  code: number;
  message: string;
}

/** Translates each `[input, output]` pair with the translator at `tool`, in order: one result a pair. */
export async function translateAll(tool: string, pairs: ReadonlyArray<readonly [string, string]>): Promise<Translation[]> {
  const { stdout } = await promisify(execFile)('python3', ['-c', BATCH, tool, ...pairs.flat()], { maxBuffer: 1 << 24 });
  const lines = stdout.trim().split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Translation);
  if (lines.length !== pairs.length) throw new Error(`${lines.length} translations for ${pairs.length} templates`);
  return lines;
}
