/**
 * The prose of the shipped rules, written once in Markdown: `rules/docs/<id>.md` holds a rule's page sections
 * (why it matters, the invalid and the valid example, how to fix it, the sources), and `rules/docs/_shared/`
 * holds passages several pages use, included by name with a line `<!-- include: name -->`. The rule file names
 * its prose with `docs: ruleDocs('<id>')`; the file is read and parsed the first time a field is asked for (SARIF
 * help, `npm run docs`, the API), so a run that reports in another format never reads it. `rules/docs/` ships in
 * the package, found upward from this module like the configuration schema.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleDocs } from './types.js';

type Kind = 'markdown' | 'yaml' | 'links';

/** The sections of a rule's source, in the order they must appear: one line here adds a section. */
export const PROSE_SECTIONS: ReadonlyArray<{ heading: string; field: keyof RuleDocs; kind: Kind; optional?: boolean }> = [
  { heading: 'Why it matters', field: 'why', kind: 'markdown' },
  { heading: 'Invalid', field: 'invalid', kind: 'yaml' },
  { heading: 'Valid', field: 'valid', kind: 'yaml' },
  { heading: 'How to fix it', field: 'fix', kind: 'markdown' },
  // optional for the parser (a rule of one's own); every shipped rule has it (test/fix/rule-pages.test.ts)
  { heading: 'Automatic fix', field: 'autofix', kind: 'markdown', optional: true },
  { heading: 'Sources', field: 'links', kind: 'links' },
];

const INCLUDE = /^([ \t]*)<!-- include: ([a-z0-9-]+) -->[ \t]*$/;
const FENCE = /^(`{3,}|~{3,})(.*)$/;
const SHARED = '_shared';

/** A problem in a prose source, with the file and line it is on. */
export class ProseError extends Error {
  constructor(file: string, line: number, reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'ProseError';
  }
}

let foundDir: string | undefined;

/** Where the prose sources are in this installation: `rules/docs/` at the package root, found from here upward. */
export function proseDir(): string {
  if (foundDir) return foundDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'rules', 'docs');
    if (existsSync(candidate)) return (foundDir = candidate);
    dir = dirname(dir);
  }
  throw new Error('cannot find rules/docs/ in the cors-lint installation');
}

/** Reads a shared passage by name (`rules/docs/_shared/<name>.md`). */
export type SharedReader = (name: string) => string;

/** A shared passage as it is included: without a leading `<!-- ... -->` note and without its final line break. */
export function sharedText(source: string): string {
  const text = source.replace(/\r\n?/g, '\n');
  const note = /^<!--[\s\S]*?-->\n/.exec(text);
  return (note ? text.slice(note[0].length) : text).replace(/\n$/, '');
}

/** Shared passages read so far, by folder and name: several pages include the same one. */
const passages = new Map<string, string>();

function sharedFromDisk(dir: string): SharedReader {
  return (name) => {
    const file = join(dir, SHARED, `${name}.md`);
    let text = passages.get(file);
    if (text === undefined) {
      if (!existsSync(file)) throw new Error(`no shared passage ${SHARED}/${name}.md`);
      text = sharedText(readFileSync(file, 'utf8'));
      passages.set(file, text);
    }
    return text;
  };
}

interface Line {
  text: string;
  /** Where the line is written: the source's own line, or the line of the include that brought it. */
  at: number;
}

/** Replaces each include line by the passage it names (indented like the include), passages within passages too. */
function expand(file: string, lines: Line[], shared: SharedReader, seen: string[]): Line[] {
  const out: Line[] = [];
  for (const line of lines) {
    const m = INCLUDE.exec(line.text);
    if (!m) {
      out.push(line);
      continue;
    }
    const [, indent = '', name = ''] = m;
    if (seen.includes(name)) throw new ProseError(file, line.at, `'${name}' includes itself (${[...seen, name].join(' → ')})`);
    let text: string;
    try {
      text = shared(name);
    } catch (error) {
      throw new ProseError(file, line.at, (error as Error).message);
    }
    const inner = expand(file, text.split('\n').map((t) => ({ text: t, at: line.at })), shared, [...seen, name]);
    for (const l of inner) out.push({ text: l.text === '' ? '' : indent + l.text, at: l.at });
  }
  return out;
}

function trimBlank(lines: Line[]): Line[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.text.trim() === '') start++;
  while (end > start && lines[end - 1]!.text.trim() === '') end--;
  return lines.slice(start, end);
}

function sectionValue(file: string, heading: string, kind: Kind, body: Line[], at: number): string | string[] {
  const lines = trimBlank(body);
  if (lines.length === 0) throw new ProseError(file, at, `section '${heading}' is empty`);
  if (kind === 'markdown') return lines.map((l) => l.text).join('\n');
  if (kind === 'links') {
    return lines.map((l) => {
      const m = /^- <([^<>\s]+)>$/.exec(l.text);
      if (!m) throw new ProseError(file, l.at, `a source is written '- <https://…>', not '${l.text}'`);
      return m[1]!;
    });
  }
  const open = FENCE.exec(lines[0]!.text);
  const last = lines[lines.length - 1]!;
  if (!open || open[2]!.trim() !== 'yaml') throw new ProseError(file, lines[0]!.at, `section '${heading}' holds one \`\`\`yaml block and nothing else`);
  if (lines.length < 2 || last.text.trim() !== open[1]) throw new ProseError(file, last.at, `section '${heading}': the \`\`\`yaml block must close on its last line`);
  return lines
    .slice(1, -1)
    .map((l) => l.text)
    .join('\n');
}

/**
 * Parses a rule's prose source: a `# <id>` title, then each of {@link PROSE_SECTIONS} as a `## ` heading, in
 * order. `file` only names the source in errors.
 */
export function parseRuleProse(id: string, source: string, shared: SharedReader, file = `rules/docs/${id}.md`): RuleDocs {
  const raw = source.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const lines = expand(file, raw.map((text, i) => ({ text, at: i + 1 })), shared, []);
  const sections: Array<{ heading: string; at: number; body: Line[] }> = [];
  let title: Line | undefined;
  let fence = '';
  for (const line of lines) {
    const f = FENCE.exec(line.text.trimStart());
    if (fence) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && f[2]!.trim() === '') fence = '';
    } else if (f) {
      fence = f[1]!;
    } else if (line.text.startsWith('## ')) {
      sections.push({ heading: line.text.slice(3).trim(), at: line.at, body: [] });
      continue;
    } else if (line.text.startsWith('# ') && !title && sections.length === 0) {
      title = line;
      continue;
    }
    const current = sections[sections.length - 1];
    if (current) current.body.push(line);
    else if (line.text.trim() !== '') throw new ProseError(file, line.at, `only the title '# ${id}' comes before the first section`);
  }
  if (!title || title.text !== `# ${id}`) throw new ProseError(file, title?.at ?? 1, `the source starts with the title '# ${id}'`);
  const found = sections.map((s) => s.heading);
  const present = PROSE_SECTIONS.filter((s) => !s.optional || found.includes(s.heading));
  const expected = present.map((s) => s.heading);
  if (found.join('\n') !== expected.join('\n')) {
    const wrong = sections.find((s, i) => s.heading !== expected[i]);
    throw new ProseError(file, wrong?.at ?? lines.length, `the sections are ${expected.map((h) => `'## ${h}'`).join(', ')}, in this order (found ${found.map((h) => `'${h}'`).join(', ') || 'none'})`);
  }
  const docs: Record<string, string | string[]> = {};
  present.forEach((s, i) => {
    docs[s.field] = sectionValue(file, s.heading, s.kind, sections[i]!.body, sections[i]!.at);
  });
  return docs as unknown as RuleDocs;
}

/** Reads and parses `rules/docs/<id>.md` now. */
export function readRuleProse(id: string, dir: string = proseDir()): RuleDocs {
  const file = join(dir, `${id}.md`);
  return parseRuleProse(id, readFileSync(file, 'utf8'), sharedFromDisk(dir), file);
}

/**
 * A shipped rule's prose, read from `rules/docs/<id>.md` the first time one of its fields is asked for. A rule
 * of one's own (the API's `rules` option) writes its `docs` out instead.
 */
export function ruleDocs(id: string): RuleDocs {
  let docs: RuleDocs | undefined;
  const lazy = {} as RuleDocs;
  for (const { field } of PROSE_SECTIONS) {
    Object.defineProperty(lazy, field, { enumerable: true, get: () => (docs ??= readRuleProse(id))[field] });
  }
  return lazy;
}
