// Who served a request, in the X-Served-By header and on the pages:
// "pid=1234 tid=1240 thread=worker-3 slot=1.3" (slot = process slot . thread slot).
import type { LabResponse } from '../http/types.ts';
import type { Identity } from './types.ts';

export function servedBy(id: Identity): string {
  return `pid=${id.pid} tid=${id.tid} thread=${id.threadName} slot=${id.processSlot}.${id.threadSlot}`;
}

// A thread's identity does not change: its header value is built once, not per request.
const built = new WeakMap<Identity, string>();
// A handler's frozen headers (a cached file's) with X-Served-By added, once per thread: frozen
// too, so that response-head.ts renders them once as well.
const merged = new WeakMap<Identity, WeakMap<Record<string, string>, Record<string, string>>>();

/** The response with X-Served-By added (every response the lab sends carries it). */
export function withServedBy(res: LabResponse, id: Identity): LabResponse {
  let value = built.get(id);
  if (value === undefined) {
    value = servedBy(id);
    built.set(id, value);
    merged.set(id, new WeakMap());
  }
  const own = res.headers;
  if (own && Object.isFrozen(own)) {
    const mine = merged.get(id)!;
    let headers = mine.get(own);
    if (headers === undefined) {
      headers = Object.freeze({ ...own, 'X-Served-By': value });
      mine.set(own, headers);
    }
    return { ...res, headers };
  }
  return { ...res, headers: { ...own, 'X-Served-By': value } };
}
