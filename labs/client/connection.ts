// One client TCP connection and its HTTP/1.1 responses, one exchange at a time. It records
// when the server closed it, which is what keep-alive lessons watch.
import net from 'node:net';
import { HTTPParser } from 'http-parser-js';
import { ExchangeError } from './error-kind.ts';
import type { Target } from './target.ts';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  keepAlive: boolean; // the server will keep the connection open
}

interface Pending {
  resolve: (response: RawResponse) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  head: boolean;
  keepBody: boolean;
}

export class Connection {
  private readonly socket: net.Socket;
  private readonly parser = new HTTPParser(HTTPParser.RESPONSE);
  private pending: Pending | null = null;
  private response: RawResponse | null = null;
  private chunks: Buffer[] = [];
  private ended = false;
  private closedByUs = false;
  exchanges = 0;
  private answered = false; // a byte of the current exchange's response has arrived
  /** Epoch ms when the server closed the connection (FIN or reset); null otherwise. */
  serverClosedAt: number | null = null;

  constructor(
    target: Target,
    private readonly onServerClose?: (at: number) => void,
  ) {
    this.socket = net.connect({ host: target.host, port: target.port });
    this.socket.setNoDelay(true);
    this.parser.onHeadersComplete = (info) => {
      const headers: Record<string, string> = {};
      for (let i = 0; i < info.headers.length; i += 2) {
        const name = info.headers[i]!.toLowerCase();
        const value = info.headers[i + 1] ?? '';
        headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
      }
      this.response = { status: info.statusCode, headers, body: '', keepAlive: info.shouldKeepAlive };
      const s = info.statusCode;
      // These responses have no body whatever their headers say (RFC 9112 6.3).
      return this.pending?.head || s === 204 || s === 304 || (s >= 100 && s < 200) ? 1 : 0;
    };
    this.parser.onBody = (chunk, offset, length) => {
      if (this.pending?.keepBody) this.chunks.push(Buffer.from(chunk.subarray(offset, offset + length)));
    };
    this.parser.onMessageComplete = () => this.complete();
    this.socket.on('data', (chunk: Buffer) => {
      this.answered = true;
      const result = this.parser.execute(chunk);
      if (result instanceof Error) this.fail(new ExchangeError('parse error', `bad response from the server: ${result.message}`), true);
    });
    this.socket.on('end', () => {
      this.ended = true;
      this.markServerClose();
      this.parser.finish(); // a body delimited by the close completes here
      this.fail(new ExchangeError('socket hang up', 'the server closed the connection before a complete response'), false);
    });
    this.socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNREFUSED') this.markServerClose();
      this.fail(new ExchangeError(error.code ?? 'socket error', error.message), false);
    });
    this.socket.on('close', () => {
      this.ended = true;
      this.markServerClose();
      this.fail(new ExchangeError('socket hang up', 'the server closed the connection before a complete response'), false);
    });
  }

  /** Open and not closed by either side: another request may be sent on it. */
  get usable(): boolean {
    return !this.ended && !this.closedByUs && !this.socket.destroyed;
  }

  get open(): boolean {
    return !this.ended && !this.socket.destroyed;
  }

  /** Sends one request and reads its response; rejects with an ExchangeError. */
  exchange(text: string, options: { timeoutMs: number; head?: boolean; keepBody?: boolean }): Promise<RawResponse> {
    if (this.pending) return Promise.reject(new Error('Connection.exchange: a request is already in flight'));
    this.exchanges++;
    this.answered = false;
    return new Promise<RawResponse>((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(new ExchangeError('timeout', `no complete response within ${options.timeoutMs} ms`), true),
        options.timeoutMs,
      );
      this.pending = { resolve, reject, timer, head: options.head ?? false, keepBody: options.keepBody ?? false };
      this.response = null;
      this.chunks = [];
      if (!this.usable) {
        this.fail(new ExchangeError('socket hang up', 'the connection was already closed'), false);
        return;
      }
      this.socket.write(text);
    });
  }

  /** Closes from our side; a pending exchange fails with `reason`. */
  close(reason = 'aborted'): void {
    this.closedByUs = true;
    this.fail(new ExchangeError(reason), false);
    this.socket.destroy();
  }

  private complete(): void {
    const pending = this.pending;
    const response = this.response;
    if (!pending || !response) return; // a response nobody asked for (e.g. 408 on idle): ignore
    this.pending = null;
    this.response = null;
    clearTimeout(pending.timer);
    if (pending.keepBody) response.body = Buffer.concat(this.chunks).toString('utf8');
    this.chunks = [];
    pending.resolve(response);
  }

  private fail(error: ExchangeError, destroy: boolean): void {
    const pending = this.pending;
    if (pending) {
      this.pending = null;
      this.response = null;
      clearTimeout(pending.timer);
      error.beforeResponse = !this.answered;
      pending.reject(error);
    }
    if (destroy) {
      this.closedByUs = true;
      this.socket.destroy();
    }
  }

  private markServerClose(): void {
    if (this.closedByUs || this.serverClosedAt !== null) return;
    this.serverClosedAt = Date.now();
    this.onServerClose?.(this.serverClosedAt);
  }
}
