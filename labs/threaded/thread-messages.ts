// Messages between a threaded child's listener (main thread) and its worker threads.
import type { LabResponse } from '../http/types.ts';
import type { WireRequest } from '../http/wire.ts';

/** Listener -> worker thread. */
export type ToThread =
  | { t: 'conn'; client: string } // a connection is now this thread's: it reads its (first) request
  | { t: 'read'; client: string } // event: it reads the next request of a kept-alive connection
  | { t: 'req'; id: number; req: WireRequest }
  | { t: 'close' } // the connection this thread held is gone
  | { t: 'stop' }; // the process is leaving: finish (busyWhileLeaving says what to show), then .

/** Worker thread -> listener. */
export type FromThread = { t: 'ready'; tid: number } | { t: 'res'; id: number; res: LabResponse; bytes: number };

export interface ThreadData {
  model: 'worker' | 'event';
  processSlot: number;
  thread: number;
  generation: number;
  scoreboard: string;
  token: string;
  documentRoot?: string;
  lock: SharedArrayBuffer; // the process's module lock
  wake: SharedArrayBuffer; // Int32 per thread: the listener bumps it to wake a thread held in keep-alive
  leaving: SharedArrayBuffer; // Int32: 1 once the process is told to leave, seen by blocked threads too
  childOptions: string; // ChildOptions as JSON, for server-status
}
