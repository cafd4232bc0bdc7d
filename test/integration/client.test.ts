// The lab client against small real servers on 127.0.0.1:0: what it reports must match what
// the server saw and did.
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotListeningError, TargetError } from '../../labs/client/errors.ts';
import { holdKeepAlive } from '../../labs/client/hold-keep-alive.ts';
import { request } from '../../labs/client/request.ts';
import { runLoad } from '../../labs/client/run-load.ts';

let server: http.Server;
let base = '';
let connections = 0; // TCP connections the server accepted
let requests = 0; // requests to /flaky the server saw
let destroyed = 0; // of which it destroyed without answering

const listen = (s: net.Server) => new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port)));

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('X-Served-By', `pid=${process.pid} tid=${process.pid} thread=test slot=0.${req.socket.remotePort ?? 0}`);
    if (url.pathname === '/flaky') {
      // every 4th request dies with its connection, as a crashing child takes it down
      if (++requests % 4 === 0) {
        destroyed++;
        req.socket.destroy();
        return;
      }
    }
    if (url.pathname === '/slow') {
      const timer = setTimeout(() => res.end('late'), Number(url.searchParams.get('ms') ?? 1000));
      res.on('close', () => clearTimeout(timer));
      return;
    }
    if (url.pathname === '/busy') {
      res.statusCode = 503;
      res.end('busy');
      return;
    }
    res.setHeader('Content-Type', 'text/plain');
    res.end(req.method === 'HEAD' ? undefined : `hello ${req.headers['x-name'] ?? 'there'}`);
  });
  server.on('connection', () => connections++);
  base = `http://127.0.0.1:${await listen(server)}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('runLoad', () => {
  it('keep-alive reuses one connection per lane; without it every request opens one', async () => {
    connections = 0;
    const kept = await runLoad({ url: `${base}/`, concurrency: 5, requests: 50, keepAlive: true, timeoutMs: 5000 });
    expect(kept).toMatchObject({ ok: 50, failed: 0, errors: {} });
    expect(connections).toBe(5);
    expect(kept.requests.filter((r) => r.reused)).toHaveLength(45);
    expect(kept.byPid).toEqual({ [process.pid]: 50 });

    connections = 0;
    const closed = await runLoad({ url: `${base}/`, concurrency: 5, requests: 50, keepAlive: false, timeoutMs: 5000 });
    expect(closed.ok).toBe(50);
    expect(connections).toBe(50);
    expect(closed.requests.some((r) => r.reused)).toBe(false);
  });

  it('reports every request in send order, with status, who served it and latency', async () => {
    const r = await runLoad({ url: `${base}/`, concurrency: 3, requests: 20, keepAlive: true, timeoutMs: 5000 });
    expect(r.requests.map((o) => o.index)).toEqual([...Array(20).keys()]);
    for (const o of r.requests) {
      expect(o).toMatchObject({ ok: true, status: 200, servedBy: { pid: process.pid, tid: process.pid, thread: 'test' } });
      expect(o.latencyMs).toBeGreaterThan(0);
      expect(o.startedAt).toBeGreaterThan(Date.now() - 60_000);
    }
    expect(r.latency.min).toBeLessThanOrEqual(r.latency.p50);
    expect(r.latency.p99).toBeLessThanOrEqual(r.latency.max);
    expect(r.requestsPerSecond).toBeGreaterThan(0);
  });

  it('counts failures exactly when the server destroys connections, and knows which ones', async () => {
    requests = 0;
    destroyed = 0;
    const one = await runLoad({ url: `${base}/flaky`, concurrency: 1, requests: 20, keepAlive: true, timeoutMs: 5000 });
    expect(destroyed).toBe(5);
    expect(one.failed).toBe(5);
    expect(one.ok).toBe(15);
    expect(one.requests.filter((o) => !o.ok).map((o) => o.index)).toEqual([3, 7, 11, 15, 19]);
    expect(Object.values(one.errors).reduce((a, b) => a + b, 0)).toBe(5);
    for (const kind of Object.keys(one.errors)) expect(['socket hang up', 'ECONNRESET']).toContain(kind);

    requests = 0;
    destroyed = 0;
    const many = await runLoad({ url: `${base}/flaky`, concurrency: 8, requests: 100, keepAlive: false, timeoutMs: 5000 });
    expect(destroyed).toBe(25);
    expect(many).toMatchObject({ ok: 75, failed: 25 });
  });

  it('counts an error status as a failure, with its status', async () => {
    const r = await runLoad({ url: `${base}/busy`, concurrency: 2, requests: 4, keepAlive: true, timeoutMs: 5000 });
    expect(r).toMatchObject({ ok: 0, failed: 4, errors: { 'HTTP 503': 4 } });
    expect(r.requests[0]).toMatchObject({ ok: false, status: 503, error: 'HTTP 503' });
  });

  it('times a request out at timeoutMs', async () => {
    const t0 = Date.now();
    const r = await runLoad({ url: `${base}/slow?ms=3000`, concurrency: 2, requests: 2, keepAlive: false, timeoutMs: 150 });
    expect(r).toMatchObject({ ok: 0, failed: 2, errors: { timeout: 2 } });
    for (const o of r.requests) expect(o.latencyMs).toBeGreaterThanOrEqual(140);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('stops by itself at maxDurationMs, and on abort', async () => {
    const t0 = Date.now();
    const capped = await runLoad({ url: `${base}/slow?ms=5000`, concurrency: 2, requests: 100, keepAlive: true, timeoutMs: 10_000, maxDurationMs: 200 });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(capped).toMatchObject({ stoppedBy: 'max-duration', ok: 0, failed: 2, errors: { aborted: 2 } });

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const aborted = await runLoad({ url: `${base}/slow?ms=5000`, concurrency: 3, requests: 100, keepAlive: true, timeoutMs: 10_000, signal: controller.signal });
    expect(aborted).toMatchObject({ stoppedBy: 'signal', failed: 3 });
  });

  it('says nothing listens when the connection is refused', async () => {
    const probe = net.createServer();
    const port = await listen(probe);
    await new Promise((resolve) => probe.close(resolve));
    const load = runLoad({ url: `http://127.0.0.1:${port}/`, concurrency: 4, requests: 1000, keepAlive: false, timeoutMs: 1000 });
    await expect(load).rejects.toThrow(NotListeningError);
    await expect(load).rejects.toThrow(/nothing listens on http:\/\/127\.0\.0\.1:\d+\/.*mpm-lab run prefork/s);
    await expect(request(`http://127.0.0.1:${port}/`)).rejects.toThrow(NotListeningError);
  });

  it('refuses a target that is not this machine, before connecting', async () => {
    await expect(runLoad({ url: 'http://192.0.2.1/', concurrency: 1, requests: 1, keepAlive: false, timeoutMs: 100 })).rejects.toThrow(TargetError);
    await expect(request('http://example.com/')).rejects.toThrow(/only to 127\.0\.0\.0\/8, ::1 or localhost/);
    await expect(holdKeepAlive('http://10.0.0.1:8080/', 1)).rejects.toThrow(TargetError);
  });
});

describe('request', () => {
  it('returns status, headers and body; HEAD has no body', async () => {
    const res = await request(`${base}/hi`, { headers: { 'X-Name': 'lab' } });
    expect(res).toMatchObject({ status: 200, body: 'hello lab' });
    expect(res.headers['content-type']).toBe('text/plain');
    expect(res.headers['x-served-by']).toMatch(/^pid=\d+ /);
    const head = await request(`${base}/hi`, { method: 'HEAD' });
    expect(head).toMatchObject({ status: 200, body: '' });
  });

  it('reads a body delimited by the close, and names a reset ECONNRESET', async () => {
    const raw = net.createServer((socket) => {
      socket.once('data', (data) => {
        if (data.toString().startsWith('GET /reset')) socket.resetAndDestroy();
        else socket.end('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end');
      });
    });
    const port = await listen(raw);
    try {
      expect(await request(`http://127.0.0.1:${port}/`)).toMatchObject({ status: 200, body: 'until the end' });
      await expect(request(`http://127.0.0.1:${port}/reset`)).rejects.toThrow(/ECONNRESET/);
      const r = await runLoad({ url: `http://127.0.0.1:${port}/reset`, concurrency: 2, requests: 4, keepAlive: true, timeoutMs: 2000 });
      expect(r.errors).toEqual({ ECONNRESET: 4 });
    } finally {
      await new Promise((resolve) => raw.close(resolve));
    }
  });
});

describe('holdKeepAlive', () => {
  it('holds idle connections open and sees when the server closes them', async () => {
    const before = server.keepAliveTimeout;
    server.keepAliveTimeout = 400;
    connections = 0;
    try {
      const t0 = Date.now();
      const hold = await holdKeepAlive(`${base}/`, 3, { timeoutMs: 5000 });
      expect(connections).toBe(3);
      expect(hold.connections).toBe(3);
      expect(hold.responses.map((r) => r?.status)).toEqual([200, 200, 200]);
      expect(hold.responses[0]?.servedBy?.pid).toBe(process.pid);
      expect(hold.open()).toBe(3);
      expect(hold.closedAt).toEqual([null, null, null]);
      const deadline = Date.now() + 5000;
      while (hold.open() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(hold.open()).toBe(0);
      for (const at of hold.closedAt) expect(at! - t0).toBeGreaterThanOrEqual(350);
      hold.close();
    } finally {
      server.keepAliveTimeout = before;
    }
  });

  it('close() ends the connections it still holds, without calling them server closes', async () => {
    const hold = await holdKeepAlive(`${base}/`, 2);
    expect(hold.open()).toBe(2);
    hold.close();
    expect(hold.open()).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(hold.closedAt).toEqual([null, null]);
  });
});
