/**
 * A Language Server Protocol client for the tests: spawns the built `cors-lint lsp --stdio` and speaks JSON-RPC to
 * it with the protocol's `Content-Length` framing, as an editor does. Written by hand so that the test checks the
 * wire format the server writes, not a library's reading of it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { BIN } from '../perf/helpers.js';

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  code?: string;
  codeDescription?: { href: string };
  source: string;
  message: string;
  relatedInformation?: Array<{ location: { uri: string; range: Diagnostic['range'] }; message: string }>;
}

interface Message {
  id?: number;
  method?: string;
  params?: any;
  result?: any;
  error?: { code: number; message: string };
}

export const uri = (file: string): string => pathToFileURL(file).href;

export class LspClient {
  readonly child: ChildProcessWithoutNullStreams;
  readonly notifications: Message[] = [];
  stderr = '';
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: Message) => void }>();
  private readonly waiters: Array<() => void> = [];
  readonly exited: Promise<number | null>;

  constructor(args: string[] = [], cwd?: string) {
    this.child = spawn(process.execPath, [BIN, 'lsp', '--stdio', ...args], { cwd, stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      if (message.id !== undefined && message.method === undefined) this.pending.get(message.id)?.resolve(message);
      else if (message.id !== undefined && message.method !== undefined) this.send({ id: message.id, result: null }); // server requests
      else this.notifications.push(message);
      for (const w of this.waiters.splice(0)) w();
    }
  }

  private send(message: Message): void {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  request(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      this.send({ id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  async initialize(rootDir?: string): Promise<Message> {
    const result = await this.request('initialize', { processId: null, rootUri: rootDir ? uri(rootDir) : null, capabilities: {} });
    this.notify('initialized', {});
    return result;
  }

  open(file: string, text: string, languageId = 'yaml', version = 1): void {
    this.notify('textDocument/didOpen', { textDocument: { uri: uri(file), languageId, version, text } });
  }

  change(file: string, text: string, version: number): void {
    this.notify('textDocument/didChange', { textDocument: { uri: uri(file), version }, contentChanges: [{ text }] });
  }

  /** Waits for a notification that matches, among those not yet taken; fails after `ms`. */
  async waitFor(match: (m: Message) => boolean, ms = 20_000): Promise<Message> {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = this.notifications.findIndex(match);
      if (index >= 0) return this.notifications.splice(index, 1)[0]!;
      if (Date.now() > deadline) throw new Error(`no matching notification within ${ms} ms; got ${JSON.stringify(this.notifications.map((n) => n.method))}; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next diagnostics published for a file. */
  async diagnostics(file: string, ms?: number): Promise<Diagnostic[]> {
    const m = await this.waitFor((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri(file), ms);
    return m.params.diagnostics as Diagnostic[];
  }

  async shutdown(): Promise<number | null> {
    await this.request('shutdown', null);
    this.notify('exit', null);
    return this.exited;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}
