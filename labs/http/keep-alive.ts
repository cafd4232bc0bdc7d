// Whether a connection stays open after a response, and the headers that say so: a port of
// httpd 2.4's ap_set_keepalive (modules/http/http_protocol.c). Two of its details surprise:
// - Keep-Alive/Connection: Keep-Alive are sent back only to a client that sent the
//   "keep-alive" token; an HTTP/1.1 client that sent nothing gets neither (and stays open).
// - "max" is MaxKeepAliveRequests minus the responses already kept alive, and the connection
//   stays open while that is > 0, so MaxKeepAliveRequests N allows N+1 requests.
import type { ConnectionOptions } from './types.ts';

export interface KeepAliveInput {
  options: Pick<ConnectionOptions, 'keepAlive' | 'keepAliveTimeoutMs' | 'maxKeepAliveRequests'>;
  keepalives: number; // responses kept alive so far on this connection (httpd's c->keepalives)
  httpVersion: '1.0' | '1.1';
  connection: string | undefined; // the request's Connection header
  status: number;
  close: boolean; // the handler or the model wants this connection closed
  wimpy: boolean; // the handler already set "Connection: close" itself
}

export interface KeepAliveDecision {
  keepAlive: boolean;
  headerLines: string; // "Keep-Alive: ...\r\nConnection: Keep-Alive\r\n", "Connection: close\r\n" or ""
}

/** ap_status_drops_connection: statuses after which httpd never keeps the connection. */
export function statusDropsConnection(status: number): boolean {
  return status === 400 || status === 408 || status === 411 || status === 413 || status === 414 || status === 500 || status === 501 || status === 503;
}

/** ap_find_token for the Connection header: comma-separated, case-insensitive. */
export function hasToken(header: string | undefined, token: string): boolean {
  if (!header) return false;
  const lower = header.toLowerCase();
  if (lower === token) return true; // the common case, no split
  for (const part of lower.split(',')) if (part.trim() === token) return true;
  return false;
}

export function decideKeepAlive(input: KeepAliveInput): KeepAliveDecision {
  const { options } = input;
  const max = options.maxKeepAliveRequests;
  const left = max - input.keepalives;
  const kaSent = hasToken(input.connection, 'keep-alive');
  const keep =
    !input.close &&
    options.keepAlive &&
    options.keepAliveTimeoutMs > 0 &&
    (max === 0 || left > 0) &&
    !statusDropsConnection(input.status) &&
    !input.wimpy &&
    !hasToken(input.connection, 'close') &&
    (kaSent || input.httpVersion === '1.1');
  if (keep) {
    if (!kaSent) return { keepAlive: true, headerLines: '' };
    const timeout = Math.floor(options.keepAliveTimeoutMs / 1000); // apr_time_sec
    const ka = max ? `timeout=${timeout}, max=${left}` : `timeout=${timeout}`;
    return { keepAlive: true, headerLines: `Keep-Alive: ${ka}\r\nConnection: Keep-Alive\r\n` };
  }
  return { keepAlive: false, headerLines: input.wimpy ? '' : 'Connection: close\r\n' };
}
