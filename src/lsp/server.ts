/**
 * `cors-lint lsp`: a Language Server Protocol server over the streams it is given (the command line passes standard
 * input and output; it never touches the process itself). Built on `vscode-languageserver`'s protocol connection,
 * with a watchdog of its own so that `exit` ends this server's promise instead of the process.
 *
 * It lints YAML and JSON templates in process on open and on change (debounced) from the unsaved text, publishes
 * findings in the file they point at (a template, or a handler file), re-lints the templates that depend on a
 * handler, configuration or samconfig file when one changes, and offers code actions (see `actions.ts`).
 */
import { createConnection, DidChangeWatchedFilesNotification, TextDocuments, TextDocumentSyncKind, type InitializeResult, type WatchDog } from 'vscode-languageserver';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { VERSION } from '../meta.js';
import { codeActions } from './actions.js';
import { fileOf, isTemplateName, Session, type SessionOptions } from './session.js';

export interface ServerStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

export interface ServerOptions extends SessionOptions {
  /** Where the server's own troubles are written (never the protocol stream); default: nowhere. */
  log?: (message: string) => void;
}

/** The files whose changes on disk the server asks a client to report (when the client can watch files). */
const WATCHED = ['**/.cors-lint.{yaml,yml,json}', '**/samconfig.{toml,yaml,yml}', '**/*.{js,mjs,cjs,ts,mts,cts,py}', '**/*.{yaml,yml,json,template}'];

/**
 * Serves one client until it sends `exit` or closes the input; resolves to the exit code the protocol asks for
 * (0 after `shutdown`, 1 otherwise).
 */
export function serve(streams: ServerStreams, options: ServerOptions = {}): Promise<number> {
  return new Promise((resolveExit) => {
    let finished = false;
    const watchDog: WatchDog = {
      shutdownReceived: false,
      initialize: () => undefined,
      exit: (code: number) => finish(code),
    };
    const connection = createConnection(
      (logger) => createProtocolConnection(new StreamMessageReader(streams.input), new StreamMessageWriter(streams.output), logger),
      watchDog,
    );
    const documents = new TextDocuments(TextDocument);
    const session = new Session(
      {
        openText: (file) => {
          const doc = documents.all().find((d) => fileOf(d.uri) === file);
          return doc ? { text: doc.getText(), version: doc.version } : undefined;
        },
        publish: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
        log: (message) => options.log?.(message),
      },
      options,
    );
    function finish(code: number): void {
      if (finished) return;
      finished = true;
      session.dispose();
      connection.dispose();
      resolveExit(code);
    }
    streams.input.on('end', () => finish(watchDog.shutdownReceived ? 0 : 1));
    streams.input.on('close', () => finish(watchDog.shutdownReceived ? 0 : 1));

    let watchFiles = false;
    connection.onInitialize((params): InitializeResult => {
      watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
      return {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
          codeActionProvider: { codeActionKinds: ['quickfix'] },
        },
        serverInfo: { name: 'cors-lint', version: VERSION },
      };
    });
    // what templates depend on, when the client can watch files for us: configuration, samconfig, handlers, documents
    connection.onInitialized(() => {
      if (!watchFiles) return;
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED.map((globPattern) => ({ globPattern })) }).catch(() => undefined);
    });
    // an opened document is linted at once; its first content event (which follows the open) is not a change
    const justOpened = new Set<string>();
    documents.onDidOpen(({ document }) => {
      const file = fileOf(document.uri);
      if (!file) return;
      justOpened.add(document.uri);
      session.schedule(file, 0);
    });
    documents.onDidChangeContent(({ document }) => {
      const file = fileOf(document.uri);
      if (justOpened.delete(document.uri) || !file) return;
      session.schedule(file);
    });
    documents.onDidSave(({ document }) => {
      const file = fileOf(document.uri);
      if (file && !isTemplateName(file)) session.changed(file);
    });
    documents.onDidClose(({ document }) => {
      justOpened.delete(document.uri);
      const file = fileOf(document.uri);
      if (file) session.closed(file);
    });
    connection.onDidChangeWatchedFiles(({ changes }) => {
      for (const change of changes) {
        const file = fileOf(change.uri);
        // an open document is read from its buffer: what happens to the file on disk does not change it
        if (file && !documents.get(change.uri)) session.changed(file);
      }
    });
    connection.onCodeAction(({ textDocument, context }) => {
      const doc = documents.get(textDocument.uri);
      return doc ? codeActions(doc, context.diagnostics) : [];
    });
    documents.listen(connection);
    connection.listen();
  });
}
