// The pure parts of the HTTP layer: httpd's keep-alive rules, the response head, request
// targets, and LabRequest across postMessage.
import { describe, expect, it } from 'vitest';
import { decideKeepAlive, type KeepAliveInput } from '../../labs/http/keep-alive.ts';
import { buildRequest } from '../../labs/http/request.ts';
import { handlerHeaders, responseHead } from '../../labs/http/response-head.ts';
import { fromWire, toWire } from '../../labs/http/wire.ts';

const on = { keepAlive: true, keepAliveTimeoutMs: 5000, maxKeepAliveRequests: 100 };
const base: KeepAliveInput = { options: on, keepalives: 0, httpVersion: '1.1', connection: undefined, status: 200, close: false, wimpy: false };

describe('decideKeepAlive (ap_set_keepalive)', () => {
  it('keeps HTTP/1.1 open by default, answering Keep-Alive headers only to a client that sent the token', () => {
    expect(decideKeepAlive(base)).toEqual({ keepAlive: true, headerLines: '' });
    expect(decideKeepAlive({ ...base, connection: 'keep-alive' })).toEqual({ keepAlive: true, headerLines: 'Keep-Alive: timeout=5, max=100\r\nConnection: Keep-Alive\r\n' });
    expect(decideKeepAlive({ ...base, connection: 'Keep-Alive', keepalives: 1 }).headerLines).toContain('max=99');
    expect(decideKeepAlive({ ...base, connection: 'close' })).toEqual({ keepAlive: false, headerLines: 'Connection: close\r\n' });
    expect(decideKeepAlive({ ...base, connection: 'TE, close' }).keepAlive).toBe(false);
  });

  it('keeps HTTP/1.0 open only when asked', () => {
    expect(decideKeepAlive({ ...base, httpVersion: '1.0' }).keepAlive).toBe(false);
    expect(decideKeepAlive({ ...base, httpVersion: '1.0', connection: 'keep-alive' }).keepAlive).toBe(true);
  });

  it('closes with KeepAlive Off, at MaxKeepAliveRequests, after a 400/408/500, or when asked', () => {
    expect(decideKeepAlive({ ...base, options: { ...on, keepAlive: false } }).keepAlive).toBe(false);
    expect(decideKeepAlive({ ...base, keepalives: 99, connection: 'keep-alive' }).headerLines).toContain('max=1');
    expect(decideKeepAlive({ ...base, keepalives: 100 }).keepAlive).toBe(false);
    expect(decideKeepAlive({ ...base, options: { ...on, maxKeepAliveRequests: 0 }, keepalives: 1e6, connection: 'keep-alive' }).headerLines).toBe('Keep-Alive: timeout=5\r\nConnection: Keep-Alive\r\n');
    for (const status of [400, 408, 413, 500, 503]) expect(decideKeepAlive({ ...base, status }).keepAlive).toBe(false);
    expect(decideKeepAlive({ ...base, status: 404 }).keepAlive).toBe(true);
    expect(decideKeepAlive({ ...base, close: true }).headerLines).toBe('Connection: close\r\n');
    expect(decideKeepAlive({ ...base, wimpy: true })).toEqual({ keepAlive: false, headerLines: '' });
  });
});

describe('responseHead', () => {
  it('writes Date, Server, the handler headers, Content-Length, the connection lines, Content-Type', () => {
    const own = handlerHeaders({ 'X-Served-By': 'pid=1', 'Content-Type': 'text/html', 'Content-Length': '999', Evil: 'a\r\nSet-Cookie: x' });
    const head = responseHead(200, own, 5, 'Connection: close\r\n', Date.UTC(2026, 0, 1));
    expect(head).toBe(
      'HTTP/1.1 200 OK\r\nDate: Thu, 01 Jan 2026 00:00:00 GMT\r\nServer: mpm-lab/0.1.0\r\n' +
        'X-Served-By: pid=1\r\nEvil: a Set-Cookie: x\r\nContent-Length: 5\r\nConnection: close\r\nContent-Type: text/html\r\n\r\n',
    );
  });
});

describe('buildRequest', () => {
  const info = (url: string, minor = 1, method: string | number = 'GET') => ({ versionMajor: 1, versionMinor: minor, headers: ['Host', 'x', 'Accept', 'a', 'accept', 'b'], method, url });

  it('decodes the path, splits the query, lower-cases and joins headers, trims the request line', () => {
    const req = buildRequest(info('/a%20b/c?ms=5&x=%41'), '127.0.0.1:1', 7)!;
    expect(req.path).toBe('/a b/c');
    expect(req.query.get('ms')).toBe('5');
    expect(req.query.get('x')).toBe('A');
    expect(req.headers).toEqual({ host: 'x', accept: 'a, b' });
    expect(req.requestLine).toBe('GET /a%20b/c?ms=5&x=%41 HTTP/1.1');
    expect(buildRequest(info(`/${'x'.repeat(200)}`), '', 0)!.requestLine).toHaveLength(96);
    expect(buildRequest(info('http://h:8/p?q=1'), '', 0)!.path).toBe('/p');
    expect(buildRequest(info('/', 0), '', 0)!.httpVersion).toBe('1.0');
    expect(buildRequest(info('/', 1, 1), '', 0)!.method).toBe('GET'); // http-parser-js's method index
    const crash = buildRequest(info('/crash?x=1&token=s3cret'), '', 0)!;
    expect(crash.requestLine).toBe('GET /crash?x=1&token=* HTTP/1.1'); // what server-status shows
    expect(crash.query.get('token')).toBe('s3cret');
  });

  it('refuses what httpd answers with 400', () => {
    expect(buildRequest(info('/%zz'), '', 0)).toBeNull();
    expect(buildRequest(info('relative'), '', 0)).toBeNull();
  });

  it('serves any HTTP/x.y with x >= 1 as HTTP/1.1, as httpd does (it answers "GET / HTTP/9.9" with 200)', () => {
    expect(buildRequest({ ...info('/'), versionMajor: 9, versionMinor: 9 }, '', 0)!.httpVersion).toBe('1.1');
    expect(buildRequest({ ...info('/'), versionMajor: 2, versionMinor: 0 }, '', 0)!.httpVersion).toBe('1.1');
  });
});

describe('wire', () => {
  it('round-trips a request through structured clone', () => {
    const req = buildRequest(info2('/sleep?ms=10&token=t'), '127.0.0.1:5', 1)!;
    const back = fromWire(structuredClone(toWire(req)));
    expect(back.query.get('ms')).toBe('10');
    expect({ ...back, query: null }).toEqual({ ...req, query: null });
  });
});

function info2(url: string) {
  return { versionMajor: 1, versionMinor: 1, headers: [], method: 'GET', url };
}
