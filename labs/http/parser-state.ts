// Two looks inside http-parser-js (pinned at 0.5.x), kept in this one file:
// - whether the parser sits between two messages or holds part of one: the connection needs
//   it to tell an idle keep-alive connection (KeepAliveTimeout, close silently) from a
//   half-read request (Timeout, 408);
// - how many bytes of an unfinished header block it holds. Its own maxHeaderSize check adds
//   up every byte of a data chunk, so a burst of small pipelined requests trips it; the
//   connection turns it off and counts per message instead.
import type { HTTPParser } from 'http-parser-js';

export type Parser = InstanceType<typeof HTTPParser>;

interface Internals {
  state?: string;
  line?: string;
  info?: { headers?: string[]; url?: string };
}

export function atMessageBoundary(parser: Parser): boolean {
  const p = parser as unknown as Internals;
  return p.state === 'REQUEST_LINE' && p.line === '';
}

/** Bytes of the request line and headers read so far, when a header block is unfinished. */
export function unfinishedHeaderBytes(parser: Parser): number {
  const p = parser as unknown as Internals;
  if (p.state !== 'REQUEST_LINE' && p.state !== 'HEADER') return 0;
  let bytes = p.line?.length ?? 0;
  if (p.state === 'HEADER') bytes += headerBlockBytes(p.info?.url ?? '', p.info?.headers ?? []);
  return bytes;
}

/** About the size of a header block on the wire: request line, "Name: value\r\n" lines. */
export function headerBlockBytes(url: string, headers: readonly string[]): number {
  let bytes = url.length + 20; // method, spaces, "HTTP/1.1\r\n", the blank line
  for (const part of headers) bytes += part.length + 2;
  return bytes;
}
