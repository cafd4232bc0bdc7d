// httpd's strict request reading (server/protocol.c with HttpProtocolOptions Strict), piece
// by piece; test/integration/http-like-httpd.test.ts sends the same over real sockets.
import { describe, expect, it } from 'vitest';
import {
  RequestRefused,
  addHeaderLine,
  checkHeaderBlock,
  isChunked,
  lineFits,
  parseChunkSize,
  parseRequestLine,
  partialLineFits,
  validHost,
} from '../../labs/http/strict-request.ts';

function refusal(run: () => unknown): number {
  try {
    run();
  } catch (e) {
    if (e instanceof RequestRefused) return e.status;
    throw e;
  }
  return 0;
}

describe('the request line (ap_parse_request_line)', () => {
  it.each([
    ['GET /file.txt HTTP/1.1', { method: 'GET', target: '/file.txt', versionMajor: 1, versionMinor: 1 }],
    ['FOO /x HTTP/1.0', { method: 'FOO', target: '/x', versionMajor: 1, versionMinor: 0 }], // any token: 501 comes later
    ['GET / HTTP/9.9', { method: 'GET', target: '/', versionMajor: 9, versionMinor: 9 }],
    ['GET http://x/y?q HTTP/1.1', { method: 'GET', target: 'http://x/y?q', versionMajor: 1, versionMinor: 1 }],
    ['OPTIONS * HTTP/1.1', { method: 'OPTIONS', target: '*', versionMajor: 1, versionMinor: 1 }],
  ])('reads %j', (line, parsed) => {
    expect(parseRequestLine(line)).toEqual(parsed);
  });

  it.each([
    'GET  /x HTTP/1.1', // excess whitespace
    'GET\t/x HTTP/1.1',
    ' GET /x HTTP/1.1',
    'GET /x HTTP/1.1 x', // trailing text
    'GET /x http/1.1',
    'GET /x HTTP/0.9',
    'GET /x HTTP/1.10',
    'GET /x', // HTTP/0.9: the lab speaks 1.x only
    'GET x HTTP/1.1', // not a request target
    'GET /x#f HTTP/1.1',
    'GET http://u:p@x/ HTTP/1.1',
    'GET /a\x01b HTTP/1.1',
    'GET * HTTP/1.1',
    'G(T /x HTTP/1.1',
  ])('refuses %j with 400', (line) => {
    expect(refusal(() => parseRequestLine(line))).toBe(400);
  });
});

describe('header lines (ap_get_mime_headers_core)', () => {
  const read = (...lines: string[]) => {
    const headers: string[] = [];
    for (const l of lines) addHeaderLine(l, headers);
    return headers;
  };

  it('reads name: value, drops whitespace around the value, joins an obs-fold line with one space', () => {
    expect(read('Host: x', 'X-A:\tv  \t', 'X-F: a', '   b c')).toEqual(['Host', 'x', 'X-A', 'v', 'X-F', 'a b c']);
    expect(read('X-O: caf\xe9')).toEqual(['X-O', 'caf\xe9']); // obs-text is allowed
  });

  it.each([
    ['no colon', ['NoColonHere']],
    ['space before the colon', ['Host : x']],
    ['a tab in the name', ['X-A\t: v']],
    ['an empty name', [': v']],
    ['a NUL in the value', ['X-A: a\0b']],
    ['a control character in the value', ['X-A: a\x7fb']],
    ['folding before the first field', [' X-F: a']],
    ['an empty folded line', ['X-A: v', ' ']],
  ])('refuses %s with 400', (_why, lines) => {
    expect(refusal(() => read(...lines))).toBe(400);
  });

  it('takes 100 fields, not 101 (LimitRequestFields)', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `X-${i}: v`);
    expect(read(...lines)).toHaveLength(200);
    expect(refusal(() => read(...lines, 'X-101: v'))).toBe(400);
  });

  it('a line of LimitRequestLine + 1 characters still fits with its CRLF, one more does not', () => {
    expect(lineFits(8191, 8190)).toBe(true);
    expect(lineFits(8192, 8190)).toBe(false);
    expect(partialLineFits(8192, 8190)).toBe(true);
    expect(partialLineFits(8193, 8190)).toBe(false);
  });
});

describe('the header block (ap_read_request, ap_check_request_header)', () => {
  const line = (version = '1.1', method = 'GET', target = '/x') => ({
    method,
    target,
    versionMajor: Number(version.split('.')[0]),
    versionMinor: Number(version.split('.')[1]),
  });
  const check = (headers: string[], l = line()) => refusal(() => checkHeaderBlock(l, headers));

  it.each([
    ['HTTP/1.1 without Host', [], line(), 400],
    ['an empty Host in HTTP/1.1', ['Host', ''], line(), 400],
    ['HTTP/9.9 without a host anywhere', [], line('9.9'), 400],
    ['Content-Length: abc', ['Host', 'x', 'Content-Length', 'abc'], line(), 400],
    ['Content-Length: -1', ['Host', 'x', 'Content-Length', '-1'], line(), 400],
    ['Content-Length: +5', ['Host', 'x', 'Content-Length', '+5'], line(), 400],
    ['two Content-Length fields', ['Host', 'x', 'Content-Length', '3', 'Content-Length', '3'], line(), 400],
    ['Transfer-Encoding: gzip', ['Host', 'x', 'Transfer-Encoding', 'gzip'], line(), 400],
    ['Transfer-Encoding: chunked, gzip', ['Host', 'x', 'Transfer-Encoding', 'chunked, gzip'], line(), 400],
    ['two Host fields', ['Host', 'x', 'Host', 'y'], line(), 400],
    ['Host: a b', ['Host', 'a b'], line(), 400],
    ['Host: x:abc', ['Host', 'x:abc'], line(), 400],
    ['Expect: foo', ['Host', 'x', 'Expect', 'foo'], line(), 417],
    ['an unknown method', ['Host', 'x'], line('1.1', 'FOO'), 501],
    ['a method in lower case', ['Host', 'x'], line('1.1', 'get'), 501],
  ])('refuses %s', (_why, headers, l, status) => {
    expect(check(headers as string[], l)).toBe(status);
  });

  it('accepts HTTP/1.0 without Host, an absolute target for HTTP/9.9, and says when to close or read chunks', () => {
    expect(checkHeaderBlock(line('1.0'), [])).toEqual({ closeAfter: false, chunked: false, body: false });
    expect(checkHeaderBlock(line('9.9', 'GET', 'http://x/y'), [])).toMatchObject({ closeAfter: false });
    expect(checkHeaderBlock(line(), ['Host', 'x', 'Content-Length', '5', 'Transfer-Encoding', 'chunked'])).toEqual({ closeAfter: true, chunked: true, body: true });
    expect(checkHeaderBlock(line(), ['Host', 'x', 'Transfer-Encoding', 'gzip, chunked'])).toMatchObject({ chunked: true });
    expect(checkHeaderBlock(line(), ['Host', 'x', 'Content-Length', '0'])).toMatchObject({ body: false });
    expect(checkHeaderBlock(line(), ['Host', 'x', 'Expect', '100-Continue'])).toMatchObject({ closeAfter: false });
  });

  it('knows hosts as vhost.c does', () => {
    for (const ok of ['x', 'localhost:8080', '127.0.0.1', '127.0.0.1:80', '[::1]:8080', 'www.example.com.', 'a_b-c']) expect(validHost(ok), ok).toBe(true);
    for (const no of ['8080', '1.2.3', '01.2.3.4', 'x/y', 'a..b', 'x:0', 'x:', 'example.1com', 'x, y', '[::1', '[fe80::1%1]']) expect(validHost(no), no).toBe(false);
  });
});

describe('chunked bodies (http_filters.c parse_chunk_size)', () => {
  it.each([
    ['5', 5],
    ['0', 0],
    ['00a', 10],
    ['3;ext=1', 3],
    ['3 ', 3],
  ])('%j is %d bytes', (text, n) => {
    expect(parseChunkSize(text)).toBe(n);
  });

  it('refuses a size that is not hex with 400, and one too large for apr_off_t with 413', () => {
    for (const bad of ['zz', '', ' 5', '5 x', '-1', '0x5']) expect(refusal(() => parseChunkSize(bad)), bad).toBe(400);
    expect(refusal(() => parseChunkSize('1'.repeat(17)))).toBe(413);
  });

  it('is chunked when chunked is the last coding', () => {
    expect(['chunked', 'CHUNKED', 'gzip, chunked', 'gzip,chunked'].map(isChunked)).toEqual([true, true, true, true]);
    expect(['gzip', 'chunked, gzip', 'gzip chunked', 'xchunked'].map(isChunked)).toEqual([false, false, false, false]);
  });
});
