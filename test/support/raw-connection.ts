// One real keep-alive TCP connection for tests: send requests on it one after another and
// see exactly when the server closes it.
import net from 'node:net';
import { servedByHeader } from './http.ts';
import type { Reply } from './http.ts';

export class RawConnection {
  private socket!: net.Socket;
  private buffer = '';
  private waiting: ((reply: Reply) => void) | null = null;
  private failing: ((error: Error) => void) | null = null;
  private sentAt = 0;
  closedAt: number | null = null;
  readonly closed: Promise<number>;
  private markClosed!: (at: number) => void;

  private constructor() {
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
  }

  static open(port: number): Promise<RawConnection> {
    const c = new RawConnection();
    return new Promise((resolve, reject) => {
      c.socket = net.connect(port, '127.0.0.1', () => resolve(c));
      c.socket.setEncoding('latin1');
      c.socket.on('data', (d: string) => c.onData(d));
      c.socket.on('error', (e) => (c.failing ? c.failing(e) : reject(e)));
      c.socket.on('close', () => {
        c.closedAt = Date.now();
        c.markClosed(c.closedAt);
        c.failing?.(new Error('connection closed by the server'));
      });
    });
  }

  private onData(d: string): void {
    this.buffer += d;
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0 || !this.waiting) return;
    const head = this.buffer.slice(0, end);
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.buffer.length < end + 4 + length) return;
    const body = this.buffer.slice(end + 4, end + 4 + length);
    this.buffer = this.buffer.slice(end + 4 + length);
    const headers: Record<string, string> = {};
    for (const line of head.split('\r\n').slice(1)) {
      const i = line.indexOf(':');
      headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
    }
    const reply: Reply = {
      status: Number(head.split(' ')[1]),
      headers,
      body,
      servedBy: servedByHeader(headers['x-served-by']),
      ms: Date.now() - this.sentAt,
    };
    const w = this.waiting;
    this.waiting = null;
    this.failing = null;
    w(reply);
  }

  get open(): boolean {
    return this.closedAt === null;
  }

  send(path: string, headers: Record<string, string> = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failing = reject;
      this.sentAt = Date.now();
      const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
      this.socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n${extra}\r\n`);
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** What one raw request got: the status lines that came back, and whether the server closed. */
export interface RawOutcome {
  statuses: number[];
  closed: boolean;
  firstByteMs: number | null; // from the first byte sent
  text: string;
}

/**
 * Sends `bytes` as they are on a new connection and watches: done when the server closes, or
 * `openMs` after the first byte of an answer (the connection is then taken as kept open), or
 * after `limitMs` whatever came.
 */
export function rawExchange(port: number, bytes: string | Buffer, options: { openMs?: number; limitMs?: number } = {}): Promise<RawOutcome> {
  const openMs = options.openMs ?? 600;
  const limitMs = options.limitMs ?? 10_000;
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let started = 0;
    let firstByteMs: number | null = null;
    let done = false;
    let openTimer: ReturnType<typeof setTimeout> | undefined;
    const finish = (closed: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(limit);
      clearTimeout(openTimer);
      socket.destroy();
      const statuses = [...text.matchAll(/(?:^|\r\n)HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1]));
      resolve({ statuses, closed, firstByteMs, text });
    };
    const limit = setTimeout(() => finish(false), limitMs);
    socket.setEncoding('latin1');
    socket.on('connect', () => {
      started = Date.now();
      socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
    });
    socket.on('data', (d: string) => {
      text += d;
      if (firstByteMs === null) {
        firstByteMs = Date.now() - started;
        openTimer = setTimeout(() => finish(false), openMs);
      }
    });
    // a reset (the server closed with bytes unread) is a close too
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
  });
}
