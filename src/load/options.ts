export interface LoadOptions {
  /** Largest file accepted, in bytes (default 10 MiB). */
  maxBytes?: number;
  /** Deepest nesting of mappings, sequences and flow collections accepted (default 100). */
  maxDepth?: number;
}

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 100;

export function resolveOptions(opts: LoadOptions | undefined): Required<LoadOptions> {
  const maxBytes = opts?.maxBytes;
  const maxDepth = opts?.maxDepth;
  return {
    maxBytes: typeof maxBytes === 'number' && maxBytes >= 0 && !Number.isNaN(maxBytes) ? maxBytes : DEFAULT_MAX_BYTES,
    maxDepth: typeof maxDepth === 'number' && maxDepth >= 1 && !Number.isNaN(maxDepth) ? Math.floor(maxDepth) : DEFAULT_MAX_DEPTH,
  };
}
