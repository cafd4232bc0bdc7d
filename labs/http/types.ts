// The HTTP/1.x connection layer's contract with the models: a model hands it an accepted
// socket, runs each request's handler (maybe in another thread) and mirrors the connection's
// state into its scoreboard slot.
import type { ReadStageName, RequestReadTimeouts } from './read-deadline.ts';

/** One parsed request. Plain data except `query`; see wire.ts to pass it to a thread. */
export interface LabRequest {
  method: string;
  url: string; // the raw request target, "/sleep?ms=100"
  path: string; // decoded pathname, "/sleep"
  query: URLSearchParams;
  httpVersion: '1.0' | '1.1';
  headers: Record<string, string>; // lower-case names; repeated fields joined with ", "
  requestLine: string; // "GET /x HTTP/1.1", at most 96 chars (the scoreboard's field), ?token= masked
  client: string; // "127.0.0.1:53012"
  receivedAt: number; // epoch ms of the request's first byte
  bodyLength: number; // bytes of request body read (and discarded)
}

export interface LabResponse {
  status: number;
  headers?: Record<string, string>;
  /** `headers` already checked and rendered (response-head.ts handlerHeaders): a worker thread
   * sends these few strings to the listener instead of an object to clone. */
  own?: { lines: string; contentType: string; connectionClose: boolean };
  body: string | Uint8Array;
  headOnly?: boolean; // send the head only (HEAD is handled without this too)
  close?: boolean; // close the connection after this response
}

export interface ConnectionOptions {
  keepAlive: boolean;
  keepAliveTimeoutMs: number;
  maxKeepAliveRequests: number; // 0 = unlimited
  /** httpd's Timeout: the wait for each read of a started request, and for each write. */
  timeoutMs: number;
  /** RequestReadTimeout (mod_reqtimeout) in force; absent = off, as httpd without the module. */
  requestReadTimeout?: RequestReadTimeouts;
  /** Told when a RequestReadTimeout stage runs out (httpd logs AH01382 then). */
  onReadTimeout?(stage: ReadStageName): void;
  /** Request line + header bytes allowed in all; default what httpd's limits allow
   * (LimitRequestFields 100 lines of LimitRequestFieldSize 8190). */
  maxHeaderBytes?: number;
  /** Aborted: close now if idle, else after the current response (a child that is leaving). */
  signal?: AbortSignal;
}

/** Scoreboard letters this layer reports. */
export type ConnState = 'R' | 'W' | 'K' | 'C';

export interface ConnectionHooks {
  onRequest(req: LabRequest): Promise<LabResponse>;
  /** R: a request's first byte arrived; W: the request is read and is being served (httpd
   * shows W from then on, handler time included); K: idle between keep-alive requests;
   * C: closing. */
  onState?(state: ConnState, req?: LabRequest): void;
  /** Asked each time the connection goes idle in keep-alive; 'close' ends it at once. */
  onIdleKeepAlive?(): 'wait' | 'close';
  /** The next request's first bytes arrived on a connection idle in keep-alive, before R is
   * reported; 'close' drops the connection unread (event: no worker thread is free for it). */
  onKeptAliveRequest?(): 'read' | 'close';
}

export type ClosedBy = 'client' | 'server' | 'timeout' | 'keepalive-timeout' | 'error' | 'bad-request';

export interface ConnectionSummary {
  requests: number;
  bytesOut: number;
  closedBy: ClosedBy;
}

/** Reject onRequest with this to drop the connection without a response (a lost request). */
export class AbortConnection extends Error {
  constructor(message = 'connection dropped without a response') {
    super(message);
    this.name = 'AbortConnection';
  }
}
