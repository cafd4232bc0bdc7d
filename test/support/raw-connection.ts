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
