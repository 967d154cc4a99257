/** A configuration file (or a configuration choice such as `--env`) that cannot be used. */
export class ConfigError extends Error {
  constructor(
    /** The configuration file, absolute. */
    readonly file: string,
    /** The reason, one line, without the position. */
    readonly reason: string,
    /** 1-based line and column of the offending value (1:1 when the file as a whole is at fault). */
    readonly line = 1,
    readonly column = 1,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'ConfigError';
  }

  /** The message with the file shown relative to `cwd` (the CLI prints this). */
  describe(relativeFile: string): string {
    return `${relativeFile}:${this.line}:${this.column}: ${this.reason}`;
  }
}
