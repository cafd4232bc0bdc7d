// Messages between a threaded child's listener (main thread) and its worker threads. On the
// per-request path they are a string one way and a flat array the other: structured clone
// copies a string's bytes, where an object costs a property definition per field on arrival.
import type { MessagePort } from 'node:worker_threads';
import type { LabResponse } from '../http/types.ts';
import type { WireRequest } from '../http/wire.ts';

/** Listener -> worker thread: the first character says what it is. */
export type ToThread =
  | `c${string}` // c + client: a connection is now this thread's; it reads its (first) request
  | `r${string}` // r + client: event, it reads the next request of a kept-alive connection
  | `q${WireRequest}` // q + the request: serve it (a thread serves one request at a time)
  | 'x' // the connection this thread held is gone
  | 's'; // the process is leaving: finish (busyWhileLeaving says what to show), then .

export const toThread = {
  connection: (client: string): ToThread => `c${client}`,
  reading: (client: string): ToThread => `r${client}`,
  request: (wire: WireRequest): ToThread => `q${wire}`,
  close: 'x',
  stop: 's',
} as const;

/** A response: status, the handler's header lines, Content-Type, flags (FLAG_*), body. */
export type WireResponse = [number, string, string, number, string | Uint8Array];
const FLAG_CONNECTION_CLOSE = 1;
const FLAG_HEAD_ONLY = 2;
const FLAG_CLOSE = 4;

/** Worker thread -> listener: a response, or once at start the thread's tid. */
export type FromThread = WireResponse | { t: 'ready'; tid: number };

export function responseToWire(res: LabResponse, own: NonNullable<LabResponse['own']>): WireResponse {
  const flags = (own.connectionClose ? FLAG_CONNECTION_CLOSE : 0) | (res.headOnly ? FLAG_HEAD_ONLY : 0) | (res.close ? FLAG_CLOSE : 0);
  return [res.status, own.lines, own.contentType, flags, res.body];
}

export function responseFromWire(w: WireResponse): LabResponse {
  const flags = w[3];
  const res: LabResponse = {
    status: w[0],
    own: { lines: w[1], contentType: w[2], connectionClose: (flags & FLAG_CONNECTION_CLOSE) !== 0 },
    body: w[4],
  };
  if (flags & FLAG_HEAD_ONLY) res.headOnly = true;
  if (flags & FLAG_CLOSE) res.close = true;
  return res;
}

export interface ThreadData {
  model: 'worker' | 'event';
  keepsConnection: boolean; // after a response: worker keeps the connection (K), event frees the thread (_)
  processSlot: number;
  thread: number;
  generation: number;
  scoreboard: string;
  token: string;
  documentRoot?: string;
  lock: SharedArrayBuffer; // the process's module lock
  wake: SharedArrayBuffer; // Int32 per thread: the listener bumps it after each message, to wake the thread
  inbox: MessagePort; // the listener's messages (ToThread), read with receiveMessageOnPort
  leaving: SharedArrayBuffer; // Int32: 1 once the process is told to leave, seen by blocked threads too
  childOptions: string; // ChildOptions as JSON, for server-status
}
