/** What the full reader throws inside itself: a problem at an offset, turned into a `LoadError` by its entry point. */
export class YamlSyntaxError extends Error {
  constructor(
    readonly problem: string,
    /** Offset of the problem. */
    readonly at: number,
    /** What was being read (`while scanning a quoted scalar`), and where that started. */
    readonly context?: string,
    readonly contextAt?: number,
    /** The loader's error code, when it is not a syntax error. */
    readonly code: 'syntax' | 'alias' | 'too-deep' | 'multiple-documents' = 'syntax',
  ) {
    super(problem);
  }
}
