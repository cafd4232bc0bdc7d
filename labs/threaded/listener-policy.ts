// Where worker and event differ in a child's listener thread, kept apart as httpd keeps
// server/mpm/worker/worker.c and event/event.c: labs/worker/listener.ts and
// labs/event/listener.ts. The shared listener (child.ts) hands connections to threads; a
// policy says how many connections the child takes and how a connection holds its thread.
import type net from 'node:net';
import type { ConnectionOptions } from '../http/types.ts';
import type { ConnectionCounts } from './connection-counts.ts';
import type { PooledThread, ThreadPool } from './thread-pool.ts';

/** What the shared listener offers a policy. */
export interface ListenerContext {
  pool: ThreadPool;
  counts: ConnectionCounts; // ConnsTotal, ConnsAsyncKeepAlive, ConnsAsyncClosing in the scoreboard
  threadsPerChild: number;
  asyncRequestWorkerFactor: number;
  connectionOptions: ConnectionOptions; // the same for every connection of the child
  /** A thread for a new connection; the socket waits, paused, while none is idle. */
  getThread(socket: net.Socket): Promise<PooledThread>;
  /** The thread is done with its connection (or request): the next waiting one gets it. */
  threadFree(thread: PooledThread): void;
  /** The child's limit may have changed: the parent is told at the end of this turn. */
  limitChanged(): void;
  /** New connections waiting for a thread of their own. */
  waitingForThread(): number;
  /** The child is leaving: it takes no more connections. */
  stopping(): boolean;
}

export interface ListenerPolicy {
  /** Connections the child holds at once now, `open` included (while it is not stopping). */
  limit(open: number): number;
  /** Whether the limit moves with idle threads (then each take and free is reported). */
  readonly limitFollowsIdleThreads: boolean;
  /** A connection, from hand-off to close. */
  serve(socket: net.Socket): Promise<void>;
  /** A thread frees, before it goes to whoever waits for one. */
  threadFreeing(): void;
  /** The socket has closed (its counts may go). */
  closed(socket: net.Socket): void;
  /** Connections wait at the parent and no child takes them. */
  full(): void;
  /** The process is leaving: what it holds idle closes now. */
  leave(): void;
}

/** A model's listener rules, and what its worker threads do after a response. */
export interface ListenerModel {
  /** worker: the thread keeps its connection after a response (K) and waits for the next
   * request or the close; event: it is free at once (_). */
  threadKeepsConnection: boolean;
  create(ctx: ListenerContext): ListenerPolicy;
}
