// Who served a request, in the X-Served-By header and on the pages:
// "pid=1234 tid=1240 thread=worker-3 slot=1.3" (slot = process slot . thread slot).
import type { LabResponse } from '../http/types.ts';
import type { Identity } from './types.ts';

export function servedBy(id: Identity): string {
  return `pid=${id.pid} tid=${id.tid} thread=${id.threadName} slot=${id.processSlot}.${id.threadSlot}`;
}

// A thread's identity does not change: its header value is built once, not per request.
const built = new WeakMap<Identity, string>();

/** The response with X-Served-By added (every response the lab sends carries it). */
export function withServedBy(res: LabResponse, id: Identity): LabResponse {
  let value = built.get(id);
  if (value === undefined) {
    value = servedBy(id);
    built.set(id, value);
  }
  return { ...res, headers: { ...res.headers, 'X-Served-By': value } };
}
