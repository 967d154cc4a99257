/**
 * `cors-lint lsp`: a Language Server Protocol server over the streams it is given (the command line passes standard
 * input and output; it never touches the process itself). Built on `vscode-languageserver`'s protocol connection,
 * with a watchdog of its own so that `exit` ends this server's promise instead of the process.
 *
 * It lints YAML and JSON templates in process on open and on change (debounced) from the unsaved text, publishes
 * findings in the file they point at (a template, or a handler file), re-lints the templates that depend on a
 * handler, configuration or samconfig file when one changes, offers code actions (`actions.ts`), and answers hover
 * and "explain this route" from the simulator (`explain.ts`, loaded the first time either is asked).
 */
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  MessageType,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type InitializeResult,
  type WatchDog,
} from 'vscode-languageserver';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { VERSION } from '../meta.js';
import { codeActions, EXPLAIN_COMMAND, explainAction } from './actions.js';
import { fileOf, isTemplateName, Session, type SessionOptions } from './session.js';
import type { Position, TemplateModel } from './explain.js';

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

type Documents = TextDocuments<TextDocument>;

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
    const documents: Documents = new TextDocuments(TextDocument);
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

    registerLifecycle(connection);
    const models = new ModelCache(options);
    registerDocuments(connection, documents, session, models);
    registerFeatures(connection, documents, session, models);
    documents.listen(connection);
    connection.listen();
  });
}

function registerLifecycle(connection: Connection): void {
  let watchFiles = false;
  connection.onInitialize((params): InitializeResult => {
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Empty] },
        hoverProvider: true,
        executeCommandProvider: { commands: [EXPLAIN_COMMAND] },
      },
      serverInfo: { name: 'cors-lint', version: VERSION },
    };
  });
  // what templates depend on, when the client can watch files for us: configuration, samconfig, handlers, documents
  connection.onInitialized(() => {
    if (!watchFiles) return;
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED.map((globPattern) => ({ globPattern })) }).catch(() => undefined);
  });
}

/** Opening, changing, saving and closing documents, and files changed on disk: what gets linted when. */
function registerDocuments(connection: Connection, documents: Documents, session: Session, models: ModelCache): void {
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
    models.forget(document.uri);
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
}

/** Code actions, hover and the explain command. */
function registerFeatures(connection: Connection, documents: Documents, session: Session, models: ModelCache): void {
  connection.onCodeAction(async ({ textDocument, range, context }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return [];
    const wanted = (kind: string) => !context.only || context.only.some((k) => kind === k || kind.startsWith(`${k}.`));
    // a client may drop a diagnostic's data: take it from what was published, by rule, range and message
    const file = fileOf(doc.uri);
    const published = file ? session.diagnosticsOf(file) : [];
    const same = (a: Diagnostic, b: Diagnostic) => a.code === b.code && a.message === b.message && JSON.stringify(a.range) === JSON.stringify(b.range);
    const sent = context.diagnostics.map((d) => (d.data === undefined ? { ...d, data: published.find((p) => same(p, d))?.data } : d));
    const actions = codeActions(doc, sent).filter((a) => wanted(a.kind ?? ''));
    if (wanted(CodeActionKind.Empty)) {
      const target = await models.target(doc, range.start);
      if (target) actions.push(explainAction(doc.uri, range.start, target.label));
    }
    return actions;
  });
  connection.onHover(async ({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    const found = doc && (await models.target(doc, position));
    if (!found) return null;
    return { contents: { kind: 'markdown', value: found.explain.hoverText(found.tm, found.at) } };
  });
  connection.onExecuteCommand(async ({ command, arguments: args }) => {
    if (command !== EXPLAIN_COMMAND) return null;
    const [uri, position] = (args ?? []) as [string, Position];
    const doc = documents.get(uri);
    const found = doc && (await models.target(doc, position));
    const story = found ? found.explain.routeStory(found.tm, found.at) : 'cors-lint: no API or route of a template here to explain';
    void connection.sendNotification('window/showMessage', { type: MessageType.Info, message: story });
    return story;
  });
}

type ExplainModule = typeof import('./explain.js');

/** The model of each open template at its current version, read once for hover, code actions and the command. */
class ModelCache {
  private readonly cache = new Map<string, { version: number; tm: Promise<TemplateModel | undefined> }>();
  private explain?: Promise<ExplainModule>;

  constructor(private readonly options: ServerOptions) {}

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  async target(doc: TextDocument, position: Position) {
    const file = fileOf(doc.uri);
    if (!file || !isTemplateName(file)) return undefined;
    this.explain ??= import('./explain.js');
    const explain = await this.explain;
    let entry = this.cache.get(doc.uri);
    if (!entry || entry.version !== doc.version) {
      entry = { version: doc.version, tm: explain.templateModel(doc.getText(), file, this.options.env).catch(() => undefined) };
      this.cache.set(doc.uri, entry);
    }
    const tm = await entry.tm;
    const at = tm && explain.targetAt(tm, position);
    return tm && at ? { explain, tm, at, label: at.route ? `${at.route.method} ${at.route.path}` : at.api.label } : undefined;
  }
}
