/**
 * Reading a file safely: only a regular file (never a FIFO, which would block until a writer comes, nor a device
 * such as `/dev/zero`, which never ends), never more than a limit of bytes (checked on the open file, and again
 * while reading, for files that grow or whose size the system does not report). Every problem is a
 * {@link LoadError} with a one-line message; nothing here waits for another process.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { tooLarge } from './decode.js';
import { LoadError } from './errors.js';

/** Opening with O_NONBLOCK returns at once for a FIFO (without it, `open` waits for a writer); a regular file reads as usual. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Reads a regular file whole, refusing anything else and anything over `maxBytes` bytes. */
export function readRegularFile(file: string, maxBytes: number, noun = 'file'): Buffer {
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (error) {
    throw fileSystemError(file, error, noun);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new LoadError('is-directory', file, `is a directory, not a ${noun}`);
    if (!stat.isFile()) throw new LoadError('unreadable', file, `is ${kindOf(stat)}, not a regular file`);
    if (stat.size > maxBytes) throw tooLarge(file, stat.size, maxBytes);
    // one byte more than allowed tells a file that grew (or reports no size) from one that fits
    const limit = maxBytes + 1;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(stat.size + 1 - total, 64 * 1024), limit - total, 16 * 1024 * 1024));
      if (chunk.length === 0) break;
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total >= limit) break;
    }
    if (total > maxBytes) throw tooLarge(file, total, maxBytes);
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof LoadError) throw error;
    throw fileSystemError(file, error, noun);
  } finally {
    closeSync(fd);
  }
}

function kindOf(stat: ReturnType<typeof fstatSync>): string {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'a special file';
}

/** A file system failure as a LoadError with a message a user understands. */
export function fileSystemError(file: string, error: unknown, noun = 'file'): LoadError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new LoadError('not-found', file, 'no such file');
  if (code === 'EISDIR') return new LoadError('is-directory', file, `is a directory, not a ${noun}`);
  if (code === 'EACCES' || code === 'EPERM') return new LoadError('unreadable', file, 'permission denied');
  if (code === 'ELOOP') return new LoadError('unreadable', file, 'too many levels of symbolic links');
  if (code === 'EAGAIN' || code === 'EWOULDBLOCK') return new LoadError('unreadable', file, 'is not a regular file (reading it would wait)');
  return new LoadError('unreadable', file, `cannot read the file (${code ?? 'unknown error'})`);
}
