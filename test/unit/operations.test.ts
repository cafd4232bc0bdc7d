// The lab operations against a small stand-in server on 127.0.0.1 (the real lab is driven
// by the tmux tests): what they send, what they report, their bounds, and that they stop.
import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabEvent, Mpm, MpmQuery } from '../../labs/mpm.ts';
import { LIMITS, blockThread, crashThread, gracefulRestart, holdKeepAliveClients, labUrl, sendBurst, TrafficRecorder } from '../../labs/operations/index.ts';

interface Seen {
  path: string;
  token: string | undefined;
}

let server: http.Server;
let base = '';
const seen: Seen[] = [];
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', token: req.headers['x-lab-token'] as string | undefined });
    const url = new URL(req.url ?? '/', 'http://x');
    const reply = (status: number, body: string) => {
      res.writeHead(status, { 'Content-Length': Buffer.byteLength(body), 'X-Served-By': 'pid=4242 tid=4243 thread=worker-0.1 slot=0.1' });
      res.end(body);
    };
    if ((url.pathname === '/crash' || url.pathname === '/block') && req.headers['x-lab-token'] !== 'T0K') return reply(403, 'token');
    if (url.pathname === '/crash') {
      setTimeout(() => req.socket.destroy(), Number(url.searchParams.get('after') ?? 0)); // as a process dying
      return;
    }
    const ms = Number(url.searchParams.get('ms') ?? 0);
    setTimeout(() => reply(200, 'ok'), ms);
  });
  server.keepAliveTimeout = 2000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
});

function fakeMpm(threaded = true) {
  const listeners = new Set<(e: LabEvent) => void>();
  const restarts: unknown[] = [];
  let generation = 0;
  const mpm = {
    onEvent: (l: (e: LabEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    query: () => ({ generation, isThreaded: threaded }) as MpmQuery,
    restart: async (o: unknown) => {
      restarts.push(o);
      generation++;
    },
  } as unknown as Mpm;
  return { mpm, restarts, emit: (e: LabEvent) => listeners.forEach((l) => l(e)), listeners };
}

describe('labUrl', () => {
  it("builds endpoint URLs on the lab's base", () => {
    expect(labUrl({ url: 'http://127.0.0.1:8080/' }, '/sleep?ms=5')).toBe('http://127.0.0.1:8080/sleep?ms=5');
    expect(labUrl({ url: 'http://127.0.0.1:8080' }, 'module')).toBe('http://127.0.0.1:8080/module');
  });
});

describe('sendBurst', () => {
  it('sends count requests at the concurrency, reports each, and feeds the traffic recorder', async () => {
    const recorder = new TrafficRecorder();
    seen.length = 0;
    const r = await sendBurst({ lab: { url: base }, count: 12, concurrency: 4, path: '/sleep?ms=20', recorder });
    expect(r.ok).toBe(12);
    expect(r.byPid).toEqual({ 4242: 12 });
    expect(seen.map((s) => s.path)).toEqual(Array(12).fill('/sleep?ms=20'));
    expect(recorder.summary().ok).toBe(12);
    expect(recorder.summary().latency!.p50).toBeGreaterThanOrEqual(15);
    expect(recorder.inFlight).toBe(0);
  });

  it('is bounded: count, concurrency and time', async () => {
    await expect(sendBurst({ lab: { url: base }, count: 0, concurrency: 1 })).rejects.toThrow(RangeError);
    await expect(sendBurst({ lab: { url: base }, count: LIMITS.maxRequests + 1, concurrency: 1 })).rejects.toThrow(/count must be a whole number from 1 to 10000/);
    await expect(sendBurst({ lab: { url: base }, count: 1, concurrency: 1001 })).rejects.toThrow(RangeError);
    const r = await sendBurst({ lab: { url: base }, count: 3, concurrency: 1, path: '/sleep?ms=400', maxDurationMs: 200 });
    expect(r.stoppedBy).toBe('max-duration');
  });
});

describe('holdKeepAliveClients', () => {
  it('holds n idle connections open, and lets them go on release() or by itself', async () => {
    const held = await holdKeepAliveClients({ lab: { url: base }, count: 3, holdMs: 5000 });
    expect(held.open()).toBe(3);
    expect(held.hold.responses.map((r) => r?.status)).toEqual([200, 200, 200]);
    held.release();
    await held.closed;
    expect(held.open()).toBe(0);
    const brief = await holdKeepAliveClients({ lab: { url: base }, count: 2, holdMs: 150 });
    const t0 = Date.now();
    await brief.closed;
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(brief.open()).toBe(0);
    await expect(holdKeepAliveClients({ lab: { url: base }, count: 1, holdMs: LIMITS.maxHoldMs + 1 })).rejects.toThrow(RangeError);
  });
});

describe('blockThread', () => {
  it('holds /block with the token, then sends the module requests that queue behind it', async () => {
    seen.length = 0;
    const r = await blockThread({ lab: { url: base, token: 'T0K' }, ms: 50, waiters: 2 });
    expect(r.block).toMatchObject({ ok: true, status: 200, pid: 4242 });
    expect(r.waiters!.ok).toBe(2);
    expect(seen[0]).toEqual({ path: '/block?ms=50', token: 'T0K' });
    expect(seen.slice(1).map((s) => s.path)).toEqual(['/module', '/module']);
    await expect(blockThread({ lab: { url: base }, ms: 10 })).rejects.toThrow(/fault token/);
    await expect(blockThread({ lab: { url: base, token: 'T0K' }, ms: LIMITS.maxMs + 1 })).rejects.toThrow(RangeError);
  });
});

describe('crashThread', () => {
  it('crash while siblings are in flight: the crash connection dies, the lab names the pid', async () => {
    const { mpm, emit, listeners } = fakeMpm();
    seen.length = 0;
    const pending = crashThread({ lab: { url: base, token: 'T0K' }, mpm, afterMs: 200, siblings: 2, siblingMs: 50 });
    await new Promise((r) => setTimeout(r, 250));
    emit({ type: 'exit', time: Date.now(), slot: 1, pid: 777, code: null, signal: 'SIGABRT', crashed: true, lostConnections: 3 });
    const r = await pending;
    expect(r.crash.ok).toBe(false);
    expect(r.crash.status).toBeUndefined();
    expect(r.crash.error).toMatch(/ECONNRESET|socket hang up/);
    expect(r.crashed).toEqual({ pid: 777, slot: 1, signal: 'SIGABRT', lostConnections: 3 });
    expect(r.siblings!.requests).toHaveLength(2);
    expect(seen[0]).toEqual({ path: '/crash?after=200', token: 'T0K' });
    expect(seen.slice(1).map((s) => s.path)).toEqual(['/sleep?ms=50', '/sleep?ms=50']);
    expect(listeners.size).toBe(0); // it stopped listening
  });

  it('a refused crash (no right token) is reported without waiting for a crash', async () => {
    const { mpm, listeners } = fakeMpm();
    const t0 = Date.now();
    const r = await crashThread({ lab: { url: base, token: 'wrong' }, mpm });
    expect(r.crash).toMatchObject({ ok: false, status: 403 });
    expect(r.crashed).toBeNull();
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(listeners.size).toBe(0);
  });
});

describe('gracefulRestart', () => {
  it('restarts gracefully with the config read again; a config that does not read stops it', async () => {
    const { mpm, restarts } = fakeMpm();
    const config = { config: {} } as never;
    expect(await gracefulRestart(mpm, () => config)).toEqual({ generation: 1, reread: true });
    expect(restarts).toEqual([{ graceful: true, config }]);
    await expect(
      gracefulRestart(mpm, () => {
        throw new Error('bad config');
      }),
    ).rejects.toThrow('bad config');
    expect(restarts).toHaveLength(1);
    expect(await gracefulRestart(mpm)).toEqual({ generation: 2, reread: false });
  });
});

describe('TrafficRecorder', () => {
  it('counts completions per bucket, keeps a bounded history, tracks what is in flight', () => {
    let now = 10_000;
    const rec = new TrafficRecorder({ now: () => now, keepMs: 5000, maxSamples: 3 });
    const t = rec.start();
    t.progress({ sent: 4, done: 0, ok: 0 });
    expect(rec.inFlight).toBe(4);
    t.progress({ sent: 4, done: 2, ok: 2 });
    now += 1000;
    t.progress({ sent: 4, done: 4, ok: 3 });
    t.finish([{ ok: true, latencyMs: 1 }, { ok: true, latencyMs: 2 }, { ok: true, latencyMs: 3 }, { ok: false, latencyMs: 9, error: 'timeout' }]);
    expect(rec.inFlight).toBe(0);
    expect(rec.series(3)).toEqual({ ok: [0, 2, 1], failed: [0, 0, 1] });
    const s = rec.summary(10_000);
    expect(s).toMatchObject({ ok: 3, failed: 1, errors: { timeout: 1 }, totalOk: 3, totalFailed: 1, lastSecondOk: 2 });
    expect(s.latency).toMatchObject({ p50: 2, max: 3 });
    // a single request never reported by progress is counted at finish
    rec.start().finish([{ ok: true, latencyMs: 5 }]);
    expect(rec.summary().totalOk).toBe(4);
    expect(rec.summary().latency!.max).toBe(5); // 3 samples at most: the oldest dropped
    now += 60_000;
    rec.start().finish([]);
    expect(rec.series(3)).toEqual({ ok: [0, 0, 0], failed: [0, 0, 0] });
    expect(rec.summary().latency).toBeNull();
  });
});
