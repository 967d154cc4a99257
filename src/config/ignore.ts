/**
 * `ignorePatterns`: glob patterns relative to the configuration file's folder, read as `.gitignore` reads its
 * lines. A pattern without a slash (other than a trailing one) matches a name at any depth; a leading `/`
 * anchors it to the folder; a trailing `/` matches folders only; a pattern that matches a folder ignores
 * everything below it; `!pattern` takes back an earlier match. `*` and `?` stay within one path segment, `**`
 * crosses segments, `[abc]` and `{a,b}` work as in shells.
 */
import { isAbsolute, relative, sep } from 'node:path';

export interface IgnorePattern {
  pattern: string;
  negated: boolean;
  dirOnly: boolean;
  regex: RegExp;
}

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/** Translates one glob (already without `!`, leading `/` and trailing `/`) into a regular expression body. */
function globBody(glob: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
        if (atStart && atEnd) {
          if (i + 2 === glob.length) out += '.*';
          else {
            out += '(?:.*/)?';
            i += 1; // the slash after `**`
          }
          i += 1;
          continue;
        }
      }
      out += '[^/]*';
    } else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) out += '\\[';
      else {
        let body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        out += `[${body}]`;
        i = end;
      }
    } else if (ch === '{') {
      braces += 1;
      out += '(?:';
    } else if (ch === '}' && braces > 0) {
      braces -= 1;
      out += ')';
    } else if (ch === ',' && braces > 0) out += '|';
    else if (ch === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[i + 1]!);
      i += 1;
    } else out += escapeRegex(ch);
  }
  return out + ')'.repeat(braces);
}

export function compileIgnorePattern(raw: string): IgnorePattern {
  let glob = raw.trim();
  const negated = glob.startsWith('!');
  if (negated) glob = glob.slice(1);
  if (glob.startsWith('./')) glob = glob.slice(2);
  const dirOnly = glob.endsWith('/');
  if (dirOnly) glob = glob.replace(/\/+$/, '');
  const anchored = glob.startsWith('/') || glob.includes('/');
  glob = glob.replace(/^\/+/, '');
  const body = globBody(glob);
  const regex = new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}$`);
  return { pattern: raw, negated, dirOnly, regex };
}

/**
 * The pattern that ignores `file` (absolute), or undefined. Files outside `baseDir` are never ignored by these
 * patterns.
 */
export function matchIgnore(patterns: readonly IgnorePattern[], baseDir: string, file: string): string | undefined {
  return ignoreVerdict(patterns, baseDir, file)?.ignoredBy;
}

/**
 * What `patterns` say about `file`: ignored (by which pattern), taken back by a `!pattern` (`ignoredBy`
 * undefined), or nothing at all (undefined), so that a nearer configuration's `!pattern` can take back what a
 * configuration above ignores.
 */
export function ignoreVerdict(patterns: readonly IgnorePattern[], baseDir: string, file: string): { ignoredBy?: string } | undefined {
  const rel = relative(baseDir, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  const parts = rel.split(sep).join('/').split('/');
  let verdict: { ignoredBy?: string } | undefined;
  for (const p of patterns) {
    let hit = false;
    for (let n = 1; n <= parts.length && !hit; n++) {
      const isFile = n === parts.length;
      if (p.dirOnly && isFile) continue;
      hit = p.regex.test(parts.slice(0, n).join('/'));
    }
    if (hit) verdict = p.negated ? {} : { ignoredBy: p.pattern };
  }
  return verdict;
}
