/** The package ships no type declarations: the part of it that the text reporter uses. */
declare module 'eslint-formatter-friendly' {
  interface FriendlyMessage {
    ruleId: string | null;
    severity: number;
    message: string;
    line: number;
    column: number;
    endLine?: number;
    endColumn?: number;
    fatal?: boolean;
  }
  interface FriendlyResult {
    filePath: string;
    messages: FriendlyMessage[];
    /** Read from `filePath` when missing or empty. */
    source?: string;
  }
  /** Reads its options from `process.env` (`EFF_*`), and its colours from the `chalk` it depends on. */
  function formatFriendly(results: FriendlyResult[]): string;
  export = formatFriendly;
}
