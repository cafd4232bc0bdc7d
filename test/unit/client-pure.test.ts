import { describe, expect, it } from 'vitest';
import { TargetError } from '../../labs/client/errors.ts';
import { percentile, summarizeLatency } from '../../labs/client/percentiles.ts';
import { requestText } from '../../labs/client/request-text.ts';
import { parseServedBy } from '../../labs/client/served-by.ts';
import { summarize } from '../../labs/client/summarize.ts';
import { isLoopbackHost, parseTarget } from '../../labs/client/target.ts';
import type { RequestOutcome } from '../../labs/client/types.ts';

describe('percentiles (nearest rank)', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('picks the smallest value that p% of values are at or below', () => {
    expect(percentile(oneToHundred, 50)).toBe(50);
    expect(percentile(oneToHundred, 90)).toBe(90);
    expect(percentile(oneToHundred, 99)).toBe(99);
    expect(percentile(oneToHundred, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3], 0)).toBe(1);
    expect(percentile([], 50)).toBe(0);
  });

  it('summarises unsorted values without changing them', () => {
    const values = [30, 10, 20, 40];
    expect(summarizeLatency(values)).toEqual({ min: 10, p50: 20, p90: 40, p99: 40, max: 40, mean: 25 });
    expect(values).toEqual([30, 10, 20, 40]);
    expect(summarizeLatency([])).toEqual({ min: 0, p50: 0, p90: 0, p99: 0, max: 0, mean: 0 });
  });
});

describe('X-Served-By', () => {
  it('parses the lab header', () => {
    expect(parseServedBy('pid=1234 tid=1240 thread=worker-3 slot=1.3')).toEqual({ pid: 1234, tid: 1240, thread: 'worker-3', slot: '1.3' });
  });
  it('defaults tid to pid and ignores junk; no pid, no answer', () => {
    expect(parseServedBy('  pid=77   junk thread=prefork-0 ')).toEqual({ pid: 77, tid: 77, thread: 'prefork-0', slot: '' });
    expect(parseServedBy('tid=5 slot=0.0')).toBeUndefined();
    expect(parseServedBy('pid=abc')).toBeUndefined();
    expect(parseServedBy(undefined)).toBeUndefined();
  });
});

describe('targets: this machine only', () => {
  it('accepts 127.0.0.0/8, ::1 and localhost', () => {
    for (const host of ['127.0.0.1', '127.255.3.4', '[::1]', 'localhost', 'LOCALHOST']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['128.0.0.1', '10.0.0.1', '0.0.0.0', 'example.com', '[::2]', '[::ffff:7f00:1]', 'localhost.example.com']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it('normalises the URL and keeps it as given when it has no path', () => {
    expect(parseTarget('http://127.0.0.1:8080')).toMatchObject({ host: '127.0.0.1', port: 8080, path: '/', hostHeader: '127.0.0.1:8080' });
    expect(parseTarget('127.0.0.1:9/sleep?ms=5')).toMatchObject({ port: 9, path: '/sleep?ms=5' });
    expect(parseTarget('http://[::1]:81/x')).toMatchObject({ host: '::1', port: 81, hostHeader: '[::1]:81' });
    expect(parseTarget('http://127.1/')).toMatchObject({ host: '127.0.0.1', port: 80 }); // the URL parser's own form
  });

  it('refuses other hosts, other schemes and non-URLs, saying why', () => {
    expect(() => parseTarget('http://example.com/')).toThrow(TargetError);
    expect(() => parseTarget('http://example.com/')).toThrow(/"example.com" is not this machine.*127\.0\.0\.0\/8, ::1 or localhost/s);
    expect(() => parseTarget('http://10.1.2.3:8080/')).toThrow(TargetError);
    expect(() => parseTarget('https://127.0.0.1/')).toThrow(/plain http only/);
    expect(() => parseTarget('http://')).toThrow(/is not a URL/);
  });
});

describe('request text', () => {
  const target = parseTarget('http://127.0.0.1:8080/a?b=1');
  it('writes one HTTP/1.1 request; given headers replace the defaults', () => {
    expect(requestText(target, 'GET', true, { 'user-agent': 'test', 'X-A': '1' })).toBe(
      'GET /a?b=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nuser-agent: test\r\nAccept: */*\r\nConnection: keep-alive\r\nX-A: 1\r\n\r\n',
    );
    expect(requestText(target, 'HEAD', false)).toContain('Connection: close\r\n');
  });
  it('refuses header injection', () => {
    expect(() => requestText(target, 'GET', true, { 'X-A': 'a\r\nEvil: 1' })).toThrow(/invalid header/);
    expect(() => requestText(target, 'GET', true, { 'Bad Name': 'x' })).toThrow(/invalid header/);
  });
});

describe('summarize', () => {
  const outcome = (index: number, extra: Partial<RequestOutcome>): RequestOutcome => ({ index, ok: true, startedAt: 0, latencyMs: 10, reused: false, ...extra });
  it('counts ok, failures by kind, responses by pid, and latency of the successes only', () => {
    const s = { pid: 11, tid: 11, thread: 'prefork-0', slot: '0.0' };
    const r = summarize(
      [
        outcome(0, { status: 200, latencyMs: 10, servedBy: s }),
        outcome(1, { status: 200, latencyMs: 30, servedBy: { ...s, pid: 12 } }),
        outcome(2, { ok: false, error: 'ECONNRESET', latencyMs: 1 }),
        outcome(3, { ok: false, status: 503, error: 'HTTP 503', latencyMs: 2, servedBy: s }),
        outcome(4, { ok: false, error: 'ECONNRESET', latencyMs: 5000 }),
      ],
      2000,
      null,
    );
    expect(r).toMatchObject({ ok: 2, failed: 3, requestsPerSecond: 1, byPid: { 11: 2, 12: 1 }, errors: { ECONNRESET: 2, 'HTTP 503': 1 } });
    expect(r.latency).toMatchObject({ min: 10, max: 30, mean: 20 });
  });
});

describe('the keep-alive race (RFC 9112 9.3.1)', () => {
  it('is a request on a reused connection closed before any byte of its response', async () => {
    const { ExchangeError, isKeepAliveRace } = await import('../../labs/client/error-kind.ts');
    const closedEarly = Object.assign(new ExchangeError('socket hang up'), { beforeResponse: true });
    const closedMidway = Object.assign(new ExchangeError('socket hang up'), { beforeResponse: false });
    const timedOut = Object.assign(new ExchangeError('timeout'), { beforeResponse: true });
    expect(isKeepAliveRace(closedEarly, true)).toBe(true);
    expect(isKeepAliveRace(closedEarly, false)).toBe(false); // a fresh connection: a real failure
    expect(isKeepAliveRace(closedMidway, true)).toBe(false); // part of a response came: not a race
    expect(isKeepAliveRace(timedOut, true)).toBe(false);
    expect(isKeepAliveRace(new Error('socket hang up'), true)).toBe(false);
  });
});
