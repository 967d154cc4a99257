#!/usr/bin/env node
// How many findings `--fix` resolves and how many it leaves, by rule, on COPIES of the folders given (each copied
// to a temporary folder without `.git` and `node_modules`; the originals are never written).
//
//   node scripts/fix-survey.mjs [--bin bin/cors-lint.js] [--json out.json] DIR...
//
// For each folder: `cors-lint --format json .` on the copy (before), then `cors-lint --fix --format json .` on the
// copy (after: what remains); prints per rule the findings before, fixed (before − after, when positive), left, and
// the fixable ones (`fix` on a message before), and says whether a file that read before fails to read after.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const args = process.argv.slice(2);
let bin = resolve('bin/cors-lint.js');
let jsonOut;
const dirs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--bin') bin = resolve(args[++i]);
  else if (args[i] === '--json') jsonOut = resolve(args[++i]);
  else dirs.push(resolve(args[i]));
}
if (dirs.length === 0) {
  console.error('usage: node scripts/fix-survey.mjs [--bin bin/cors-lint.js] [--json out.json] DIR...');
  process.exit(2);
}

function lint(cwd, extra) {
  let out;
  try {
    out = execFileSync(process.execPath, [bin, ...extra, '--format', 'json', '--threads', '1', '.'], { cwd, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if (typeof error.stdout !== 'string' || error.status > 3) throw error;
    out = error.stdout;
  }
  return JSON.parse(out);
}

function tally(results) {
  const byRule = {};
  let fatal = 0;
  let fixable = {};
  for (const r of results) {
    for (const m of r.messages) {
      if (m.fatal) fatal++;
      const id = m.ruleId ?? '(fatal)';
      byRule[id] = (byRule[id] ?? 0) + 1;
      if (m.fix) fixable[id] = (fixable[id] ?? 0) + 1;
    }
  }
  return { byRule, fatal, fixable };
}

const total = { before: {}, after: {}, fixable: {} };
const perRepo = [];
for (const dir of dirs) {
  const work = mkdtempSync(join(tmpdir(), 'cors-lint-fix-survey-'));
  try {
    const copy = join(work, basename(dir));
    cpSync(dir, copy, { recursive: true, filter: (src) => !/[\\/](\.git|node_modules)$/.test(src) });
    const before = tally(lint(copy, []));
    const after = tally(lint(copy, ['--fix']));
    perRepo.push({ dir, before, after });
    for (const [k, n] of Object.entries(before.byRule)) total.before[k] = (total.before[k] ?? 0) + n;
    for (const [k, n] of Object.entries(after.byRule)) total.after[k] = (total.after[k] ?? 0) + n;
    for (const [k, n] of Object.entries(before.fixable)) total.fixable[k] = (total.fixable[k] ?? 0) + n;
    const fixed = Object.values(before.byRule).reduce((a, b) => a + b, 0) - Object.values(after.byRule).reduce((a, b) => a + b, 0);
    console.log(`${basename(dir)}: ${fixed} fixed${after.fatal > before.fatal ? `, ${after.fatal - before.fatal} FILES NO LONGER READ` : ''}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
const rules = [...new Set([...Object.keys(total.before), ...Object.keys(total.after)])].sort();
console.log('\n| rule | before | fixable | fixed | left |\n|---|---|---|---|---|');
let sums = [0, 0, 0, 0];
for (const rule of rules) {
  const b = total.before[rule] ?? 0;
  const a = total.after[rule] ?? 0;
  const f = total.fixable[rule] ?? 0;
  sums = [sums[0] + b, sums[1] + f, sums[2] + Math.max(0, b - a), sums[3] + a];
  console.log(`| ${rule} | ${b} | ${f} | ${Math.max(0, b - a)} | ${a} |`);
}
console.log(`| **total** | ${sums[0]} | ${sums[1]} | ${sums[2]} | ${sums[3]} |`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ total, perRepo }, null, 2));
