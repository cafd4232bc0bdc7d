// The status line and header block of a response, built as one string (one write per
// response). Header order follows httpd's: Date, Server, the handler's, Content-Length,
// Keep-Alive, Connection, Content-Type.
import { httpDate } from './date-header.ts';
import { reasonPhrase } from './status-text.ts';

export const SERVER_HEADER = 'mpm-lab/0.1.0';
const DEFAULT_TYPE = 'text/plain; charset=utf-8';

/** Headers this layer writes itself; a handler's copies are ignored. */
function isReserved(lower: string): boolean {
  return lower === 'content-length' || lower === 'connection' || lower === 'keep-alive' || lower === 'date' || lower === 'server' || lower === 'transfer-encoding' || lower === 'content-type';
}

/** A header value must not carry CR or LF (response splitting). */
function clean(value: string): string {
  return value.indexOf('\r') === -1 && value.indexOf('\n') === -1 ? value : value.replace(/[\r\n]+/g, ' ');
}

export interface HandlerHeaders {
  lines: string; // the handler's own header lines, "Name: value\r\n" each
  contentType: string;
  connectionClose: boolean; // the handler said "Connection: close"
}

// Frozen headers cannot change, so they are rendered once (a cached file's, on every hit).
const rendered = new WeakMap<Record<string, string>, HandlerHeaders>();

export function handlerHeaders(headers: Record<string, string> | undefined): HandlerHeaders {
  if (headers && Object.isFrozen(headers)) {
    let r = rendered.get(headers);
    if (r === undefined) {
      r = renderHeaders(headers);
      rendered.set(headers, r);
    }
    return r;
  }
  return renderHeaders(headers);
}

function renderHeaders(headers: Record<string, string> | undefined): HandlerHeaders {
  let lines = '';
  let contentType = DEFAULT_TYPE;
  let connectionClose = false;
  if (headers) {
    for (const name in headers) {
      const value = headers[name]!;
      const lower = name.toLowerCase();
      if (lower === 'content-type') contentType = clean(value);
      else if (lower === 'connection') connectionClose = value.toLowerCase().includes('close');
      else if (!isReserved(lower)) lines += `${name}: ${clean(value)}\r\n`;
    }
  }
  return { lines, contentType, connectionClose };
}

export function responseHead(status: number, own: HandlerHeaders, contentLength: number, keepAliveLines: string, now = Date.now()): string {
  // httpd answers HTTP/1.0 clients with an HTTP/1.1 status line too.
  return (
    `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\nDate: ${httpDate(now)}\r\nServer: ${SERVER_HEADER}\r\n` +
    own.lines +
    `Content-Length: ${contentLength}\r\n` +
    (own.connectionClose ? 'Connection: close\r\n' : keepAliveLines) +
    `Content-Type: ${own.contentType}\r\n\r\n`
  );
}
