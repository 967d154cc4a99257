/**
 * Checks that run on the raw bytes or text before any parser sees them: size, byte-order marks, binary content,
 * UTF-8 validity and emptiness.
 */
import { isUtf8 } from 'node:buffer';
import { LoadError } from './errors.js';
import type { LoadOptions } from './options.js';
import { resolveOptions } from './options.js';

/** How far into the file a NUL byte marks it as binary. */
export const BINARY_SNIFF_BYTES = 8 * 1024;

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${trimZero((n / (1024 * 1024)).toFixed(1))} MB`;
  if (n >= 1024) return `${trimZero((n / 1024).toFixed(1))} KB`;
  return `${n} bytes`;
}

function trimZero(s: string): string {
  return s.endsWith('.0') ? s.slice(0, -2) : s;
}

export function tooLarge(file: string, size: number, maxBytes: number): LoadError {
  return new LoadError('too-large', file, `file is ${formatBytes(size)}, larger than the limit of ${formatBytes(maxBytes)}`);
}

/**
 * Turns the bytes of a file into text: refuses files over `maxBytes`, UTF-16/UTF-32 (with or without a byte-order
 * mark), binary files and invalid UTF-8 (with the position of the first bad byte), strips a UTF-8 byte-order mark,
 * and refuses files with no content.
 */
export function decodeSource(bytes: Uint8Array, file: string, opts?: LoadOptions): string {
  const { maxBytes } = resolveOptions(opts);
  if (bytes.length > maxBytes) throw tooLarge(file, bytes.length, maxBytes);

  const bom = byteOrderMark(bytes);
  if (bom !== null) throw new LoadError('encoding', file, `file is encoded as ${bom}; save it as UTF-8`);

  let start = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const body = start === 0 ? bytes : bytes.subarray(start);

  const sniffEnd = Math.min(body.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < sniffEnd; i++) {
    if (body[i] === 0) {
      const utf16 = looksLikeUtf16(body);
      if (utf16 !== null) {
        throw new LoadError('encoding', file, `file looks like ${utf16} text without a byte-order mark; save it as UTF-8`);
      }
      throw new LoadError('binary', file, `file looks binary (a NUL byte at offset ${i + start}), not like a text template`);
    }
  }

  // (the native check first: the byte-by-byte search runs only to say where a bad byte is)
  const bad = isUtf8(body) ? -1 : firstInvalidUtf8(body);
  if (bad >= 0) {
    const { line, column } = bytePosition(body, bad);
    const byte = (body[bad] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    throw new LoadError('encoding', file, `not valid UTF-8 (byte 0x${byte})`, line, column);
  }

  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  const empty = emptyReason(text);
  if (empty !== null) throw new LoadError('empty', file, empty);
  return text;
}

/**
 * The text of bytes that {@link decodeSource} refused, read as well as can be (UTF-16 when it looks so, otherwise
 * UTF-8 with replacement characters): enough to tell whether a file tries to be a template.
 */
export function lenientText(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const encoding = byteOrderMark(b) ?? looksLikeUtf16(b);
  if (encoding === 'UTF-16 LE') return b.toString('utf16le');
  if (encoding === 'UTF-16 BE') return Buffer.from(b).swap16().toString('utf16le');
  return b.toString('utf8');
}

function byteOrderMark(b: Uint8Array): string | null {
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return 'UTF-32 LE';
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return 'UTF-32 BE';
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return 'UTF-16 LE';
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return 'UTF-16 BE';
  return null;
}

/** UTF-16 without a byte-order mark: in mostly-ASCII text every other byte is zero. */
function looksLikeUtf16(b: Uint8Array): string | null {
  const n = Math.min(b.length - (b.length % 2), 512);
  if (n < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i++) {
    if (b[i] === 0) {
      if (i % 2 === 0) zeroEven++;
      else zeroOdd++;
    }
  }
  const pairs = n / 2;
  if (zeroOdd >= pairs * 0.7 && zeroEven === 0) return 'UTF-16 LE';
  if (zeroEven >= pairs * 0.7 && zeroOdd === 0) return 'UTF-16 BE';
  return null;
}

/** Index of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0; // no overlong forms
      else if (c === 0xed) hi = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90; // no overlong forms
      else if (c === 0xf4) hi = 0x8f; // nothing above U+10FFFF
    } else return i;
    // the first continuation byte has the narrowed range, the rest 0x80..0xBF
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return i;
      const d = b[i + k] as number;
      const l = k === 1 ? lo : 0x80;
      const h = k === 1 ? hi : 0xbf;
      if (d < l || d > h) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** 1-based line and UTF-16 column of byte `at`, given that every byte before it is valid UTF-8. */
function bytePosition(b: Uint8Array, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (b[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  let column = 1;
  for (let i = lineStart; i < at; i++) {
    const c = b[i] as number;
    if ((c & 0xc0) === 0x80) continue; // continuation byte
    column += c >= 0xf0 ? 2 : 1; // four-byte sequences are a surrogate pair in UTF-16
  }
  return { line, column };
}

/**
 * Why the text has no content, or null when it has some. Whitespace, comments, document markers (`---`, `...`)
 * and directives (`%YAML`) are not content.
 */
export function emptyReason(text: string): string | null {
  if (text.length === 0) return 'file is empty';
  let sawComment = false;
  let sawMarker = false;
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    let i = pos;
    while (i < end && isBlank(text.charCodeAt(i))) i++;
    if (i < end) {
      const c = text[i];
      if (c === '#') sawComment = true;
      else if (i === pos && c === '%') sawMarker = true;
      else if (i === pos && isDocumentMarker(text, i, end)) sawMarker = true;
      else return null;
    }
    pos = end + 1;
  }
  if (sawComment) return 'file contains only comments';
  if (sawMarker) return 'file contains no YAML content, only document markers';
  return 'file contains only whitespace';
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a || c === 0x0c || c === 0xfeff;
}

/** `---` or `...` at the start of a line, followed by nothing but whitespace or a comment. */
function isDocumentMarker(text: string, i: number, end: number): boolean {
  const m = text.slice(i, i + 3);
  if (m !== '---' && m !== '...') return false;
  let j = i + 3;
  if (j < end && !isBlank(text.charCodeAt(j))) return false;
  while (j < end && isBlank(text.charCodeAt(j))) j++;
  return j >= end || text[j] === '#';
}
