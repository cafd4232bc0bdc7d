// serveConnection on real sockets: a net.Server on 127.0.0.1, raw clients, short timeouts.
// Every wait is bounded; timing assertions have wide margins.
import net from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { serveConnection } from '../../labs/http/serve-connection.ts';
import { AbortConnection } from '../../labs/http/types.ts';
import type { ConnectionOptions, ConnectionSummary, ConnState, LabRequest, LabResponse } from '../../labs/http/types.ts';

const BASE: ConnectionOptions = { keepAlive: true, keepAliveTimeoutMs: 5000, maxKeepAliveRequests: 100, timeoutMs: 5000 };

interface Lab {
  port: number;
  summaries: Promise<ConnectionSummary>[];
  states: string[];
  requests: LabRequest[];
  server: net.Server;
}

const servers: net.Server[] = [];
const sockets: net.Socket[] = [];

async function handler(req: LabRequest): Promise<LabResponse> {
  if (req.path === '/slow') await new Promise((r) => setTimeout(r, Number(req.query.get('ms') ?? 50)));
  if (req.path === '/fail') throw new Error('handler blew up');
  if (req.path === '/abort') throw new AbortConnection();
  return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: `ok ${req.method} ${req.url}` };
}

async function startLab(options: Partial<ConnectionOptions> = {}, extra: { signal?: AbortSignal } = {}): Promise<Lab> {
  const lab = { summaries: [], states: [], requests: [] } as unknown as Lab;
  lab.server = net.createServer((socket) => {
    sockets.push(socket);
    lab.summaries.push(
      serveConnection(socket, { ...BASE, ...options, ...extra }, {
        onRequest: (req) => {
          lab.requests.push(req);
          return handler(req);
        },
        onState: (state: ConnState, req?: LabRequest) => void lab.states.push(req ? `${state} ${req.url}` : state),
      }),
    );
  });
  servers.push(lab.server);
  await new Promise<void>((resolve) => lab.server.listen(0, '127.0.0.1', resolve));
  lab.port = (lab.server.address() as net.AddressInfo).port;
  return lab;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A raw client that reads Content-Length framed responses in order. */
class Client {
  private buf = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  closed = false;
  closedAt = 0;
  readonly socket: net.Socket;

  private constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    sockets.push(this.socket);
    this.socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake?.();
    });
    this.socket.on('error', () => {});
    this.socket.on('close', () => {
      this.closed = true;
      this.closedAt = Date.now();
      this.wake?.();
    });
  }

  static async open(port: number): Promise<Client> {
    const c = new Client(port);
    await new Promise<void>((resolve, reject) => {
      c.socket.once('connect', resolve);
      c.socket.once('error', reject);
    });
    return c;
  }

  send(text: string): void {
    this.socket.write(text);
  }

  private async until(ready: () => boolean, ms: number, what: string): Promise<void> {
    const deadline = Date.now() + ms;
    while (!ready()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** The next response; `head` for the answer to HEAD, which has Content-Length but no body. */
  async reply(ms = 3000, head = false): Promise<Reply> {
    let parsed: { reply: Reply; used: number } | null = null;
    await this.until(() => (parsed = this.tryParse(head)) !== null || this.closed, ms, 'a response');
    if (!parsed) throw new Error(`connection closed before a full response (had ${JSON.stringify(this.buf.toString())})`);
    const { reply, used } = parsed as { reply: Reply; used: number };
    this.buf = this.buf.subarray(used);
    return reply;
  }

  private tryParse(head: boolean): { reply: Reply; used: number } | null {
    const end = this.buf.indexOf('\r\n\r\n');
    if (end === -1) return null;
    const lines = this.buf.subarray(0, end).toString('latin1').split('\r\n');
    const status = Number(lines[0]!.split(' ')[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
    const length = Number(headers['content-length'] ?? 0);
    const total = end + 4 + (head ? 0 : length);
    if (this.buf.length < total) return null;
    return { reply: { status, headers, body: this.buf.subarray(end + 4, total).toString() }, used: total };
  }

  async waitClosed(ms = 3000): Promise<void> {
    await this.until(() => this.closed, ms, 'the server to close the connection');
  }

  pending(): string {
    return this.buf.toString();
  }
}

const get = (path: string, headers = 'Host: lab\r\n', version = '1.1'): string => `GET ${path} HTTP/${version}\r\n${headers}\r\n`;

afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) s.close();
});

afterAll(() => {
  for (const s of servers) s.close();
});

describe('keep-alive', () => {
  it('serves several requests on one connection, with max counting down', async () => {
    const lab = await startLab();
    const c = await Client.open(lab.port);
    const maxes: string[] = [];
    for (let i = 0; i < 3; i++) {
      c.send(get(`/r${i}`, 'Host: lab\r\nConnection: keep-alive\r\n'));
      const r = await c.reply();
      expect(r.status).toBe(200);
      expect(r.body).toBe(`ok GET /r${i}`);
      expect(r.headers['connection']).toBe('Keep-Alive');
      maxes.push(r.headers['keep-alive']!);
    }
    expect(maxes).toEqual(['timeout=5, max=100', 'timeout=5, max=99', 'timeout=5, max=98']);
    c.socket.end();
    const summary = await lab.summaries[0];
    expect(lab.summaries).toHaveLength(1);
    expect(summary).toMatchObject({ requests: 3, closedBy: 'client' });
    expect(summary!.bytesOut).toBeGreaterThan(300);
  });

  it('reports R -> W -> K for each request, then C', async () => {
    const lab = await startLab();
    const c = await Client.open(lab.port);
    c.send(get('/a'));
    await c.reply();
    c.send(get('/b'));
    await c.reply();
    c.socket.end();
    await lab.summaries[0];
    expect(lab.states).toEqual(['R', 'W /a', 'K', 'R', 'W /b', 'K', 'C']);
    expect(lab.requests[0]!.client).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('closes an idle keep-alive connection after KeepAliveTimeout, silently', async () => {
    const lab = await startLab({ keepAliveTimeoutMs: 300 });
    const c = await Client.open(lab.port);
    c.send(get('/x'));
    await c.reply();
    const answered = Date.now();
    await c.waitClosed(3000);
    const idle = c.closedAt - answered;
    expect(idle).toBeGreaterThanOrEqual(200);
    expect(idle).toBeLessThan(2500);
    expect(c.pending()).toBe('');
    expect(await lab.summaries[0]).toMatchObject({ requests: 1, closedBy: 'keepalive-timeout' });
  });

  it('with KeepAlive Off, answers Connection: close and closes', async () => {
    const lab = await startLab({ keepAlive: false });
    const c = await Client.open(lab.port);
    c.send(get('/x', 'Host: lab\r\nConnection: keep-alive\r\n'));
    const r = await c.reply();
    expect(r.headers['connection']).toBe('close');
    expect(r.headers['keep-alive']).toBeUndefined();
    await c.waitClosed();
    expect(await lab.summaries[0]).toMatchObject({ requests: 1, closedBy: 'server' });
  });

  it('closes after MaxKeepAliveRequests kept-alive responses (httpd serves N+1 requests)', async () => {
    const lab = await startLab({ maxKeepAliveRequests: 2 });
    const c = await Client.open(lab.port);
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      c.send(get(`/m${i}`, 'Host: lab\r\nConnection: keep-alive\r\n'));
      const r = await c.reply();
      seen.push(`${r.headers['connection']} ${r.headers['keep-alive'] ?? '-'}`);
    }
    expect(seen).toEqual(['Keep-Alive timeout=5, max=2', 'Keep-Alive timeout=5, max=1', 'close -']);
    await c.waitClosed();
    expect(await lab.summaries[0]).toMatchObject({ requests: 3, closedBy: 'server' });
  });
});

describe('HTTP/1.0 and pipelining', () => {
  it('closes an HTTP/1.0 connection unless the client asked for keep-alive', async () => {
    const lab = await startLab();
    const c = await Client.open(lab.port);
    c.send(get('/old', '', '1.0'));
    const r = await c.reply();
    expect(r.status).toBe(200);
    expect(r.headers['connection']).toBe('close');
    await c.waitClosed();

    const k = await Client.open(lab.port);
    k.send(get('/old', 'Connection: Keep-Alive\r\n', '1.0'));
    expect((await k.reply()).headers['connection']).toBe('Keep-Alive');
    k.send(get('/again', 'Connection: Keep-Alive\r\n', '1.0'));
    expect((await k.reply()).body).toBe('ok GET /again');
    expect(k.closed).toBe(false);
  });

  it('answers pipelined requests in order, one at a time', async () => {
    const lab = await startLab();
    const c = await Client.open(lab.port);
    // /slow first, so the others arrive while it is being served and must queue
    c.send(get('/slow?ms=80') + get('/second') + 'HEAD /third HTTP/1.1\r\nHost: lab\r\n\r\n' + get('/fourth'));
    expect((await c.reply()).body).toBe('ok GET /slow?ms=80');
    expect((await c.reply()).body).toBe('ok GET /second');
    const head = await c.reply(3000, true);
    expect(head.headers['content-length']).toBe(String('ok HEAD /third'.length));
    expect((await c.reply()).body).toBe('ok GET /fourth'); // so HEAD sent no body
    expect(lab.states.filter((s) => s !== 'K')).toEqual(['R', 'W /slow?ms=80', 'R', 'W /second', 'R', 'W /third', 'R', 'W /fourth']);
    c.socket.end();
    expect(await lab.summaries[0]).toMatchObject({ requests: 4 });
  });

  it('answers requests sent just before the client half-closes', async () => {
    const lab = await startLab();
    const c = await Client.open(lab.port);
    c.socket.end(get('/a') + get('/b'));
    expect((await c.reply()).body).toBe('ok GET /a');
    expect((await c.reply()).body).toBe('ok GET /b');
    await c.waitClosed();
    expect(await lab.summaries[0]).toMatchObject({ requests: 2, closedBy: 'client' });
  });
});

describe('bad requests, timeouts and errors', () => {
  it('answers a malformed request with 400 and closes, and the server keeps serving', async () => {
    const lab = await startLab();
    const bad = await Client.open(lab.port);
    bad.send('GARBAGE\r\n\r\n');
    const r = await bad.reply();
    expect(r.status).toBe(400);
    expect(r.headers['connection']).toBe('close');
    expect(r.body).toContain('<h1>Bad Request</h1>');
    await bad.waitClosed();
    expect(await lab.summaries[0]).toMatchObject({ requests: 0, closedBy: 'bad-request' });

    for (const garbage of ['GET /x HTTP/9.9\r\n\r\n', 'GET /%zz HTTP/1.1\r\n\r\n', 'GET /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n']) {
      const c = await Client.open(lab.port);
      c.send(garbage);
      expect((await c.reply()).status).toBe(400);
      await c.waitClosed();
    }
    const good = await Client.open(lab.port);
    good.send(get('/fine'));
    expect((await good.reply()).body).toBe('ok GET /fine');
  });

  it('answers a header block over the limit with 400', async () => {
    const lab = await startLab({ maxHeaderBytes: 1024 });
    const c = await Client.open(lab.port);
    c.send(get('/big', `Host: lab\r\nX-Big: ${'a'.repeat(4096)}\r\n`));
    expect((await c.reply()).status).toBe(400);
    await c.waitClosed();
    expect(await lab.summaries[0]).toMatchObject({ requests: 0, closedBy: 'bad-request' });

    // the limit is per header block: a burst of small pipelined requests is fine...
    const burst = await Client.open(lab.port);
    burst.send(Array.from({ length: 40 }, (_, i) => get(`/p${i}`)).join(''));
    for (let i = 0; i < 40; i++) expect((await burst.reply()).body).toBe(`ok GET /p${i}`);
    // ...and a header block that grows past it in small pieces is not
    const slow = await Client.open(lab.port);
    slow.send('GET /slowly HTTP/1.1\r\n');
    for (let i = 0; i < 12; i++) {
      if (slow.closed) break;
      slow.send(`X-Part-${i}: ${'b'.repeat(100)}\r\n`);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect((await slow.reply()).status).toBe(400);
    await slow.waitClosed();
  });

  it('answers 408 when a started request stalls past Timeout, and closes a silent connection', async () => {
    const lab = await startLab({ timeoutMs: 300 });
    const c = await Client.open(lab.port);
    c.send('GET /half HTTP/1.1\r\nHost: lab\r\n');
    const started = Date.now();
    const r = await c.reply(3000);
    expect(r.status).toBe(408);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    await c.waitClosed();
    expect(await lab.summaries[0]).toMatchObject({ requests: 0, closedBy: 'timeout' });

    const silent = await Client.open(lab.port);
    await silent.waitClosed(3000);
    expect(silent.pending()).toBe('');
    expect(await lab.summaries[1]).toMatchObject({ closedBy: 'timeout' });
  });

  it('turns a failing handler into 500 and close, and drops the connection on AbortConnection', async () => {
    const lab = await startLab();
    const c = await Client.open(lab.port);
    c.send(get('/fail'));
    const r = await c.reply();
    expect(r.status).toBe(500);
    expect(r.headers['connection']).toBe('close');
    await c.waitClosed();

    const a = await Client.open(lab.port);
    a.send(get('/abort'));
    await a.waitClosed();
    expect(a.pending()).toBe('');
    expect(await lab.summaries[1]).toMatchObject({ requests: 1, bytesOut: 0 });
  });

  it('ends quietly when the client resets in the middle of a request, after the handler finishes', async () => {
    const lab = await startLab();
    const c = await Client.open(lab.port);
    c.send(get('/slow?ms=150'));
    await new Promise((r) => setTimeout(r, 30));
    c.socket.resetAndDestroy?.() ?? c.socket.destroy();
    const summary = await lab.summaries[0];
    expect(['client', 'error']).toContain(summary!.closedBy);
    const again = await Client.open(lab.port);
    again.send(get('/after'));
    expect((await again.reply()).status).toBe(200);
  });

  it('closes an idle keep-alive connection when the signal aborts (a child leaving)', async () => {
    const leaving = new AbortController();
    const lab = await startLab({}, { signal: leaving.signal });
    const c = await Client.open(lab.port);
    c.send(get('/x'));
    await c.reply();
    leaving.abort();
    await c.waitClosed();
    expect(await lab.summaries[0]).toMatchObject({ requests: 1, closedBy: 'server' });
  });
});
