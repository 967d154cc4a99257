/**
 * Progress on standard error while many files are linted: `cors-lint: 40/312 files`, rewritten in place and
 * cleared at the end. Shown only on a terminal, never in CI (`CI` set) nor when standard error is a pipe or a
 * file, and only for more than a handful of files.
 */

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Fewer files than this finish before progress would help. */
export const PROGRESS_MIN_FILES = 6;
/** At most one update per interval (milliseconds), and always the last one. */
export const PROGRESS_INTERVAL_MS = 80;

export interface Progress {
  /** Call after each file. */
  update(done: number, total: number): void;
  /** Clears the line, if anything was shown. */
  done(): void;
}

/** Whether progress may be shown at all on this stream with this environment. */
export function progressAllowed(stream: ProgressStream, env: Readonly<Record<string, string | undefined>>): boolean {
  if (stream.isTTY !== true) return false;
  if (env.CI !== undefined) return false;
  if (env.TERM === 'dumb') return false;
  return true;
}

export function createProgress(
  stream: ProgressStream,
  env: Readonly<Record<string, string | undefined>>,
  now: () => number = Date.now,
): Progress | undefined {
  if (!progressAllowed(stream, env)) return undefined;
  let shown = false;
  let last = -Infinity;
  return {
    update(done, total) {
      if (total < PROGRESS_MIN_FILES) return;
      const t = now();
      if (done < total && t - last < PROGRESS_INTERVAL_MS) return;
      last = t;
      shown = true;
      stream.write(`\r\u001b[Kcors-lint: ${done}/${total} files`);
    },
    done() {
      if (shown) stream.write('\r\u001b[K');
      shown = false;
    },
  };
}
