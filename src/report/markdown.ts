/**
 * Rule prose for SARIF: the rule docs are Markdown; SARIF wants both Markdown (`help.markdown`) and plain text
 * (`fullDescription.text`, `help.text`).
 */
import type { RuleMeta } from '../types.js';

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+/;

/** Inline Markdown to plain text: code spans, links, emphasis and escapes. */
function inlineToText(text: string): string {
  const spans: string[] = [];
  // Code spans and escaped characters first, so that nothing inside them is read as emphasis or links.
  const keep = (literal: string): string => {
    spans.push(literal);
    return `\u0000${spans.length - 1}\u0000`;
  };
  let out = text
    .replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_m, _ticks: string, body: string) => keep(body.replace(/^ (.*) $/s, '$1')))
    .replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, (_m, ch: string) => keep(ch));
  out = out
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, (_m, label: string, url: string) =>
      label === url ? url : `${label} (${url})`,
    )
    .replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1')
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(^|[^*\w])\*(?=[^\s*])([^*]*?[^\s*])\*(?![*\w])/g, '$1$2')
    .replace(/(^|[^_\w])_(?=[^\s_])([^_]*?[^\s_])_(?![_\w])/g, '$1$2');
  // NUL never occurs in rule prose: it marks where the kept pieces go back.
  return out.replace(/\u0000(\d+)\u0000/g, (_m, index: string) => spans[Number(index)] ?? '');
}

/**
 * Markdown to plain text. Paragraphs are unwrapped onto one line and kept apart by a blank line; list items stay
 * one per line; fenced code is kept as it is, indented by four spaces.
 */
export function markdownToText(markdown: string): string {
  const blocks: string[] = [];
  let paragraph: string[] = [];
  let code: string[] | null = null;
  let fence = '';

  const flush = (): void => {
    if (paragraph.length > 0) blocks.push(paragraph.join('\n'));
    paragraph = [];
  };

  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (code) {
      const close = FENCE.exec(line);
      if (close && close[1]?.[0] === fence[0] && (close[1]?.length ?? 0) >= fence.length && line.trim() === close[1]) {
        blocks.push(code.map((l) => (l ? `    ${l}` : '')).join('\n'));
        code = null;
      } else {
        code.push(line);
      }
      continue;
    }
    const open = FENCE.exec(line);
    if (open?.[1]) {
      flush();
      fence = open[1];
      code = [];
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      blocks.push(inlineToText(heading[1] ?? ''));
      continue;
    }
    const text = inlineToText(line.trim().replace(/^>\s?/, ''));
    if (LIST_ITEM.test(line) || paragraph.length === 0) paragraph.push(text.replace(LIST_ITEM, '- '));
    else paragraph[paragraph.length - 1] += ` ${text}`;
  }
  if (code) blocks.push(code.map((l) => (l ? `    ${l}` : '')).join('\n'));
  flush();
  return blocks.join('\n\n');
}

/** A fence longer than any run of backticks inside `body`. */
function fenceFor(body: string): string {
  const longest = Math.max(0, ...Array.from(body.matchAll(/`+/g), (m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function trimBlock(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/^\n+|\s+$/g, '');
}

/** SARIF `help.markdown`: why, how to fix, the correct configuration as YAML, references, the rule's page. */
export function ruleHelpMarkdown(meta: RuleMeta, helpUri: string): string {
  const parts: string[] = [];
  const why = trimBlock(meta.docs.why);
  const fix = trimBlock(meta.docs.fix);
  const valid = trimBlock(meta.docs.valid);
  parts.push(`## Why\n\n${why || meta.summary}`);
  if (fix) parts.push(`## How to fix\n\n${fix}`);
  if (valid) {
    const fence = fenceFor(valid);
    parts.push(`A correct configuration:\n\n${fence}yaml\n${valid}\n${fence}`);
  }
  const links = meta.docs.links.filter((link) => link.trim() !== '');
  if (links.length > 0) parts.push(`## References\n\n${links.map((link) => `- <${link}>`).join('\n')}`);
  if (helpUri) parts.push(`[Rule documentation](${helpUri})`);
  return `${parts.join('\n\n')}\n`;
}

/** SARIF `help.text`: the same content as plain text. */
export function ruleHelpText(meta: RuleMeta, helpUri: string): string {
  const parts: string[] = [];
  parts.push(markdownToText(meta.docs.why) || meta.summary);
  const fix = markdownToText(meta.docs.fix);
  if (fix) parts.push(`How to fix:\n${fix}`);
  const valid = trimBlock(meta.docs.valid);
  if (valid) parts.push(`A correct configuration:\n${valid.split('\n').map((l) => (l ? `    ${l}` : '')).join('\n')}`);
  const links = meta.docs.links.filter((link) => link.trim() !== '');
  if (links.length > 0) parts.push(`References:\n${links.map((link) => `- ${link}`).join('\n')}`);
  if (helpUri) parts.push(`Rule documentation: ${helpUri}`);
  return `${parts.join('\n\n')}\n`;
}
