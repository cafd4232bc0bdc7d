// The slow-client operation (labs/operations/slow-clients.ts): the bytes it sends, how it reads
// an answer's status, its bounds, and (against a stand-in server on 127.0.0.1) that it trickles
// line by line and stops when released.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS, SLOW_LIMITS, answerStatus, slowRequestParts, startSlowClients } from '../../labs/operations/index.ts';
import { slowClientsCapMs } from '../../labs/operations/slow-clients.ts';

describe('slowRequestParts', () => {
  it('is a request line, Host first, then Connection: close and numbered lines, and the blank line', () => {
    const p = slowRequestParts({ path: '/x?y=1', hostHeader: '127.0.0.1:8080' }, 4);
    expect(p.head).toBe('GET /x?y=1 HTTP/1.1\r\n');
    expect(p.lines).toEqual(['Host: 127.0.0.1:8080\r\n', 'Connection: close\r\n', 'X-Slow-Line-2: 2\r\n', 'X-Slow-Line-3: 3\r\n']);
    expect(p.end).toBe('\r\n');
    // a complete, strict HTTP/1.1 request once all of it is sent
    expect(p.head + p.lines.join('') + p.end).toMatch(/^GET \S+ HTTP\/1\.1\r\n(?:[A-Za-z0-9-]+: [^\r\n]+\r\n)+\r\n$/);
  });
});

describe('answerStatus', () => {
  it('reads the status code of the first line, once it is in', () => {
    expect(answerStatus('')).toBeNull();
    expect(answerStatus('HTTP/1.1 40')).toBeNull();
    expect(answerStatus('HTTP/1.1 408 Request Timeout\r\n')).toBe(408);
    expect(answerStatus('HTTP/1.0 200 OK\r\n\r\n')).toBe(200);
    expect(answerStatus('garbage HTTP/1.1 200 OK')).toBeNull();
  });
});

describe('bounds', () => {
  const lab = { url: 'http://127.0.0.1:9/' };
  it('refuses counts, lines and intervals out of range, and anywhere but this machine', () => {
    expect(() => startSlowClients({ lab, count: 0, lines: 1 })).toThrow(/count must be a whole number from 1 to 200; got 0/);
    expect(() => startSlowClients({ lab, count: SLOW_LIMITS.maxClients + 1, lines: 1 })).toThrow(RangeError);
    expect(() => startSlowClients({ lab, count: 1, lines: 0 })).toThrow(/lines must be/);
    expect(() => startSlowClients({ lab, count: 1, lines: 1, everyMs: 1 })).toThrow(/everyMs must be/);
    expect(() => startSlowClients({ lab, count: 1, lines: 120, everyMs: 10_000 })).toThrow(/lines x everyMs must be at most 120000/);
    expect(() => startSlowClients({ lab: { url: 'http://192.0.2.1:80/' }, count: 1, lines: 1 })).toThrow(/not this machine/);
  });

  it('lives at most its trickling plus one request timeout, never longer than any operation', () => {
    expect(slowClientsCapMs(5, 1000)).toBe(5000 + LIMITS.timeoutMs);
    expect(slowClientsCapMs(120, 1000)).toBe(LIMITS.maxDurationMs);
  });
});

describe('against a stand-in server', () => {
  let server: net.Server;
  let port = 0;
  const received: { at: number; text: string }[][] = [];
  beforeAll(async () => {
    server = net.createServer((socket) => {
      const mine: { at: number; text: string }[] = [];
      received.push(mine);
      socket.setEncoding('latin1');
      socket.on('data', (d: string) => {
        mine.push({ at: Date.now(), text: d });
        if (mine.map((m) => m.text).join('').endsWith('\r\n\r\n')) socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends one line per interval, then the end, and reads the answer', async () => {
    received.length = 0;
    const slow = startSlowClients({ lab: { url: `http://127.0.0.1:${port}/` }, count: 2, lines: 3, everyMs: 60 });
    await slow.done;
    expect(received).toHaveLength(2);
    for (const chunks of received) {
      expect(chunks.map((c) => c.text).join('')).toBe(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\nX-Slow-Line-2: 2\r\n\r\n`);
      // trickled: the whole request took about 3 intervals
      expect(chunks.at(-1)!.at - chunks[0]!.at).toBeGreaterThanOrEqual(150);
    }
    for (const c of slow.clients) {
      expect(c.status).toBe(200);
      expect(c.linesSent).toBe(3);
      expect(c.finishedAt).not.toBeNull();
      expect(c.closedAt).not.toBeNull();
    }
    expect(slow.open()).toBe(0);
  });

  it('release() stops the sending and closes every connection', async () => {
    received.length = 0;
    const slow = startSlowClients({ lab: { url: `http://127.0.0.1:${port}/` }, count: 3, lines: 50, everyMs: 100 });
    await new Promise((r) => setTimeout(r, 250));
    expect(slow.open()).toBe(3);
    slow.release();
    await slow.done;
    expect(slow.open()).toBe(0);
    expect(slow.clients.every((c) => c.finishedAt === null && c.status === null && c.linesSent < 50)).toBe(true);
  });
});
