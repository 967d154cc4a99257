/**
 * Just enough of Velocity (API Gateway's mapping template language) to tell where a REST integration response's
 * mapping template sets `Access-Control-Allow-Origin` through `$context.responseOverride.header`, and whether the
 * value is the request's `Origin` sent back without a check. Directives are read as far as it can be sure:
 * `#set`, `#if`/`#elseif`/`#else`/`#end`, `#foreach`, comments; a template with anything else that could change
 * the answer (`#macro`, `#parse`, `#include`, `#evaluate`, `#define`) is not judged.
 */

/** What a template does with `Access-Control-Allow-Origin`, one entry per override it writes. */
export type TemplateOrigin =
  /** The request's Origin, with no check of it around the assignment (or only checks that every origin passes). */
  | { kind: 'reflected'; offset: number; text: string; condition?: string }
  /** The request's Origin, inside a check of it (an allow-list, a comparison): not judged further. */
  | { kind: 'checked'; offset: number; text: string }
  /** Another value (a literal, a value built from other data). */
  | { kind: 'other'; offset: number; text: string };

export interface TemplateReading {
  overrides: TemplateOrigin[];
  /** Set when the template uses what this reader does not follow: nothing in `overrides` is to be trusted. */
  unknown?: string;
}

interface Directive {
  name: string;
  /** The text inside the parentheses, for directives that take them. */
  args?: string;
  offset: number;
}

const UNFOLLOWED = new Set(['macro', 'parse', 'include', 'evaluate', 'define', 'break', 'stop']);
const KNOWN = new Set(['set', 'if', 'elseif', 'else', 'end', 'foreach']);

/** The directives of a template in order, skipping comments and text (a `#` not followed by a directive is text). */
function directives(text: string): Directive[] | string {
  const out: Directive[] = [];
  let i = 0;
  while (i < text.length) {
    const hash = text.indexOf('#', i);
    if (hash < 0) break;
    if (text.startsWith('##', hash)) {
      const eol = text.indexOf('\n', hash);
      i = eol < 0 ? text.length : eol + 1;
      continue;
    }
    if (text.startsWith('#*', hash)) {
      const close = text.indexOf('*#', hash + 2);
      i = close < 0 ? text.length : close + 2;
      continue;
    }
    const m = /^#\{?([a-zA-Z]+)\}?/.exec(text.slice(hash, hash + 40));
    if (!m) {
      i = hash + 1;
      continue;
    }
    const name = m[1]!.toLowerCase();
    if (UNFOLLOWED.has(name)) return `the template uses #${name}`;
    if (!KNOWN.has(name)) {
      i = hash + 1;
      continue;
    }
    let end = hash + m[0].length;
    const directive: Directive = { name, offset: hash };
    if (name !== 'else' && name !== 'end') {
      while (end < text.length && /[ \t]/.test(text[end]!)) end++;
      if (text[end] !== '(') return `#${name} without its parenthesis`;
      const close = closingParen(text, end);
      if (close < 0) return `#${name}( is not closed`;
      directive.args = text.slice(end + 1, close);
      end = close + 1;
    }
    out.push(directive);
    i = end;
  }
  return out;
}

/** The index of the parenthesis that closes the one at `open`, skipping quoted strings; -1 when none. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** A reference as written, without Velocity's quiet (`$!`) and formal (`${...}`) notations. */
function plain(expr: string): string {
  return expr.trim().replace(/\$!?\{([^{}]*)\}/g, '$$$1').replace(/\$!/g, '$');
}

/** The request's Origin header: `$input.params('origin')`, `$input.params().header.get('Origin')`, … */
const ORIGIN_EXPR =
  /^\$input\.params\(\s*(["'])origin\1\s*\)$|^\$input\.params\(\s*\)\.(?:header|get\(\s*(["'])header\2\s*\))\.(?:get\(\s*(["'])origin\3\s*\)|origin)$/i;

/** Wrappers that leave an origin as it is (`$util.escapeJavaScript`, `.trim()` …). */
function unwrap(expr: string): string {
  let e = plain(expr);
  for (;;) {
    const util = /^\$util\.(?:escapeJavaScript|urlDecode)\(([\s\S]*)\)$/i.exec(e);
    if (util) {
      e = util[1]!.trim();
      continue;
    }
    const quoted = /^"\s*(\$[^"\s]+)\s*"$/.exec(e);
    if (quoted) {
      e = plain(quoted[1]!);
      continue;
    }
    return e;
  }
}

const REF = /\$!?\{?([a-zA-Z][a-zA-Z0-9_-]*)/g;

/** The variable names an expression reads (`$origin`, `${origin}`), without `$input`, `$context`, `$util`. */
function variablesIn(expr: string): string[] {
  const out: string[] = [];
  for (const m of expr.matchAll(REF)) if (!['input', 'context', 'util', 'stageVariables'].includes(m[1]!)) out.push(m[1]!);
  return out;
}

/** Whether an expression mentions the request's Origin header directly. */
function mentionsOrigin(expr: string): boolean {
  return /\$!?\{?input\.params\(\s*\)[^)]*origin|\$!?\{?input\.params\(\s*["']origin["']\s*\)/i.test(expr);
}

const SET_TARGET = /^\s*\$!?\{?([a-zA-Z][\w.-]*(?:\[[^\]]*\])?)\}?\s*=\s*([\s\S]*)$/;
const ACAO = /^context\.responseOverride\.header\.Access-Control-Allow-Origin$/i;

/**
 * A condition that every origin passes: `$o.matches(".*")`, `$o != ""`, `!$o.isEmpty()`, `$o.length() > 0`,
 * `$o` alone, and `&&` of such.
 */
function trivialCheck(condition: string, isOrigin: (expr: string) => boolean, dependsOnOrigin: (expr: string) => boolean): boolean {
  const parts = condition.split('&&').map((p) => p.trim().replace(/^\((.*)\)$/, '$1').trim());
  if (condition.includes('||')) return false;
  return parts.every((part) => {
    if (!dependsOnOrigin(part)) return true; // says nothing of the origin
    const subject = '(\\$[^\\s=!<>]+?)';
    const forms = [
      new RegExp(`^${subject}\\.matches\\(\\s*(["'])\\^?\\.[*+]\\$?\\2\\s*\\)$`),
      new RegExp(`^${subject}\\s*!=\\s*(["'])\\2$`),
      new RegExp(`^!\\s*${subject}\\.isEmpty\\(\\s*\\)$`),
      new RegExp(`^${subject}\\.length\\(\\s*\\)\\s*>\\s*0$`),
      new RegExp(`^${subject}$`),
    ];
    return forms.some((re) => {
      const m = re.exec(part);
      return m !== null && isOrigin(m[1]!);
    });
  });
}

/** Reads where a mapping template sets Access-Control-Allow-Origin, and from what. */
export function readTemplateOrigin(text: string): TemplateReading {
  const list = directives(text);
  if (typeof list === 'string') return { overrides: [], unknown: list };

  // Which variables only ever hold the request's Origin (pure), and which depend on it in any way (tainted).
  const assigned = new Map<string, string[]>();
  for (const d of list) {
    if (d.name !== 'set') continue;
    const m = SET_TARGET.exec(d.args ?? '');
    if (m && !m[1]!.includes('.')) (assigned.get(m[1]!) ?? assigned.set(m[1]!, []).get(m[1]!)!).push(m[2]!);
  }
  const pure = new Set<string>();
  const tainted = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, values] of assigned) {
      const isPure = values.every((v) => isOriginExpr(v, pure));
      if (isPure && !pure.has(name)) {
        pure.add(name);
        changed = true;
      }
      const isTainted = values.some((v) => mentionsOrigin(v) || variablesIn(v).some((x) => tainted.has(x) || pure.has(x)));
      if (isTainted && !tainted.has(name)) {
        tainted.add(name);
        changed = true;
      }
    }
  }
  const isOrigin = (expr: string) => isOriginExpr(expr, pure);
  const dependsOnOrigin = (expr: string) => mentionsOrigin(expr) || variablesIn(expr).some((x) => tainted.has(x) || pure.has(x));

  const overrides: TemplateOrigin[] = [];
  // The conditions around the current position: each #if/#elseif/#else branch and #foreach, with what it tests.
  const stack: Array<{ kind: 'if' | 'foreach'; conditions: string[] }> = [];
  for (const d of list) {
    switch (d.name) {
      case 'if':
        stack.push({ kind: 'if', conditions: [d.args ?? ''] });
        break;
      case 'elseif':
      case 'else': {
        const top = stack[stack.length - 1];
        if (!top || top.kind !== 'if') return { overrides: [], unknown: `#${d.name} outside #if` };
        // The branch holds when the earlier conditions failed: it depends on all of them.
        top.conditions.push(d.args ?? '');
        break;
      }
      case 'foreach':
        stack.push({ kind: 'foreach', conditions: [d.args ?? ''] });
        break;
      case 'end':
        if (!stack.pop()) return { overrides: [], unknown: '#end without a block' };
        break;
      case 'set': {
        const m = SET_TARGET.exec(d.args ?? '');
        if (!m || !ACAO.test(m[1]!)) break;
        const value = m[2]!.trim();
        const text = `#set(${(d.args ?? '').trim()})`;
        if (!isOrigin(value)) {
          overrides.push({ kind: 'other', offset: d.offset, text });
          break;
        }
        const tests = stack.flatMap((s) => s.conditions).filter((c) => c.trim() !== '');
        const checks = tests.filter((c) => dependsOnOrigin(c));
        if (checks.every((c) => trivialCheck(c, isOrigin, dependsOnOrigin))) {
          overrides.push({ kind: 'reflected', offset: d.offset, text, condition: checks.length > 0 ? checks.join(' && ') : undefined });
        } else {
          overrides.push({ kind: 'checked', offset: d.offset, text });
        }
        break;
      }
    }
  }
  return { overrides };
}

function isOriginExpr(expr: string, pure: ReadonlySet<string>): boolean {
  const e = unwrap(expr);
  if (ORIGIN_EXPR.test(e)) return true;
  const v = /^\$([a-zA-Z][a-zA-Z0-9_-]*)$/.exec(e);
  return v !== null && pure.has(v[1]!);
}
