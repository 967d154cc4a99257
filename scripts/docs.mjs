#!/usr/bin/env node
// Writes docs/rules/<id>.md for every rule and the rule table in README.md, from the rules' metadata and their
// prose sources in rules/docs/, and the rule ids into the configuration schema (schema/cors-lint.schema.json).
// Run after `npm run build`: `npm run docs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules } from '../dist/src/index.js';
import { renderRuleDoc, replaceRuleTable, schemaWithRuleIds } from '../dist/src/docs.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const rule of rules) writeFileSync(join(root, 'docs', 'rules', `${rule.id}.md`), renderRuleDoc(rule));
const readme = join(root, 'README.md');
writeFileSync(readme, replaceRuleTable(readFileSync(readme, 'utf8'), rules));
const schema = join(root, 'schema', 'cors-lint.schema.json');
writeFileSync(schema, `${JSON.stringify(schemaWithRuleIds(JSON.parse(readFileSync(schema, 'utf8')), rules), null, 2)}\n`);
console.log(`wrote ${rules.length} rule pages, the README table and the rule ids of the configuration schema`);
