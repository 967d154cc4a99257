#!/usr/bin/env node
// How many routes with CORS were checked fully, per folder and in total: each folder (a repository) is linted as
// `cors-lint .` from its root would lint it, through the built API (dist/src), and its `LintRun.routes` (the routes
// of REST APIs with CORS intent and HTTP APIs with a CORS configuration, and of those the ones not checked fully)
// is printed with the templates read and the templates that failed to load. The reasons are in each folder's
// default "not checked" line (`cors-lint .`) and in `node scripts/survey.mjs`.
//
//   node scripts/route-coverage.mjs FOLDER...   (after npm run build)
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { lint } = await import(join(root, 'dist', 'src', 'index.js'));
const folders = process.argv.slice(2).map((f) => resolve(f));
if (folders.length === 0) {
  console.error('usage: node scripts/route-coverage.mjs FOLDER...');
  process.exit(2);
}
const total = { routes: 0, unchecked: 0, templates: 0, fatal: 0 };
for (const folder of folders) {
  process.chdir(folder);
  const run = await lint(['.'], { threads: 1, keepModels: false });
  const fatal = run.results.filter((r) => r.messages.some((m) => m.fatal)).length;
  const row = { routes: run.routes.routes, unchecked: run.routes.unchecked, templates: run.templates ?? 0, fatal };
  for (const key of Object.keys(total)) total[key] += row[key];
  console.log(`${folder}: ${row.unchecked} of ${row.routes} routes with CORS not checked fully; ${row.templates} templates, ${fatal} fatal`);
}
const share = total.routes > 0 ? ` (${((100 * total.unchecked) / total.routes).toFixed(0)} %)` : '';
console.log(`total: ${total.unchecked} of ${total.routes} routes with CORS not checked fully${share}; ${total.templates} templates, ${total.fatal} fatal`);
