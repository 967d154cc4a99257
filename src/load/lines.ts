/**
 * Offsets in a text (UTF-16 code units, as JavaScript strings index them) turned into 1-based lines and columns.
 * A line ends at `\n`; a `\r` before it belongs to the line break, so CRLF files count as LF ones do.
 */
import type { Range } from '../types.js';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    let i = text.indexOf('\n');
    while (i >= 0) {
      this.starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
  }

  /** 1-based line and column of an offset; offsets past the end stick to the end. */
  position(offset: number): { line: number; column: number } {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - (this.starts[lo] as number) + 1 };
  }

  /** The range between two offsets (`end` exclusive); trailing blanks and line breaks are left out. */
  range(start: number, end: number): Range {
    let e = Math.max(start, end);
    while (e > start && /\s/.test(this.text[e - 1] as string)) e--;
    const from = this.position(start);
    const to = this.position(e);
    return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }
}
