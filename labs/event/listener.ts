// event's listener thread (event.c): a thread holds a connection only while it reads and
// serves a request; idle keep-alive connections wait here, parked, and the child takes new
// connections while its open ones stay below ThreadsPerChild + AsyncRequestWorkerFactor x
// idle workers (event-admission.ts).
import type net from 'node:net';
import { serveConnection } from '../http/serve-connection.ts';
import { AbortConnection } from '../http/types.ts';
import type { LabRequest, LabResponse } from '../http/types.ts';
import { eventAcceptable, eventFreeWorkers } from '../threaded/event-admission.ts';
import type { ListenerContext, ListenerModel, ListenerPolicy } from '../threaded/listener-policy.ts';
import { toThread } from '../threaded/thread-messages.ts';
import type { PooledThread } from '../threaded/thread-pool.ts';

export const eventListener: ListenerModel = { threadKeepsConnection: false, create };

function create(ctx: ListenerContext): ListenerPolicy {
  const { pool, counts } = ctx;
  const parked = new Set<net.Socket>(); // idle keep-alive connections held by the listener
  // parked connections httpd gave up on when its workers were busy; a worker closes them when
  // it frees (event.c defers their lingering close to a worker), counted as closing meanwhile
  const parkedToClose = new Set<net.Socket>();
  const countedClosing = new Set<net.Socket>(); // in counts.closing until they close

  /**
   * A request on a kept-alive connection gets a worker now or not at all. With none idle,
   * httpd closes that connection ("the client can re-connect to a different process") and,
   * since its workers were busy, every idle keep-alive connection it holds (event.c,
   * listener_thread).
   */
  function getThreadForKeepAlive(): Promise<PooledThread> {
    const t = takeThreadForKeepAlive();
    return t ? Promise.resolve(t) : Promise.reject(new AbortConnection('no idle worker for a keep-alive request'));
  }

  function takeThreadForKeepAlive(): PooledThread | null {
    const t = pool.take();
    if (t) ctx.limitChanged();
    else workersWereBusy();
    return t;
  }

  /**
   * All workers busy while something needed one (event.c workers_were_busy): every parked
   * keep-alive connection is given up at once ("kill'em all"), so that its client may go to
   * another process, but it is closed by the next worker that frees, as event.c defers their
   * lingering close to a worker. Meanwhile they count as closing, not as connections.
   */
  function workersWereBusy(): void {
    if (parked.size === 0) return;
    for (const socket of parked) {
      counts.closing++;
      countedClosing.add(socket);
      parkedToClose.add(socket);
    }
    parked.clear();
    counts.keepAlive = 0;
    counts.flushSoon();
    ctx.limitChanged();
  }

  function closeParkedToClose(): void {
    for (const socket of parkedToClose) socket.end();
    parkedToClose.clear();
  }

  /**
   * A new connection goes to a worker thread at once, which reads its request (slot R) and
   * serves it (W); a kept-alive connection waits in the listener and gets a thread when its
   * next request's first bytes arrive. The socket stays here (no runtime moves a socket into a
   * thread): the thread is taken, and its slot shows it, for as long as httpd's worker would
   * hold the connection.
   */
  async function serve(socket: net.Socket): Promise<void> {
    let thread: PooledThread | null = await ctx.getThread(socket);
    thread.connection(`${socket.remoteAddress}:${socket.remotePort}`);
    let slotShowsRequest = false; // the thread's own slot went back to _ after its response
    let serving = false; // a handler runs: the thread is not free before its response is back
    const release = (): void => {
      if (!thread || serving) return;
      if (!slotShowsRequest) thread.post(toThread.close); // it read nothing it served: its R ends here
      ctx.threadFree(thread);
      thread = null;
    };
    try {
      await serveConnection(socket, ctx.connectionOptions, {
        onRequest: async (req: LabRequest): Promise<LabResponse> => {
          // a request read ahead behind the one just answered has no thread yet
          const t: PooledThread = thread ?? (await getThreadForKeepAlive());
          thread = t;
          serving = true;
          try {
            return await t.request(req);
          } finally {
            // the response is handed back; the listener writes it, as event.c's write completion
            serving = false;
            slotShowsRequest = true;
            release();
          }
        },
        onKeptAliveRequest: () => {
          if (parkedToClose.has(socket)) return 'close'; // given up on: httpd no longer reads it
          const t = takeThreadForKeepAlive();
          if (!t) return 'close';
          thread = t;
          slotShowsRequest = false;
          t.reading(`${socket.remoteAddress}:${socket.remotePort}`);
          return 'read';
        },
        onState: (state) => {
          if (state === 'C') release(); // lingering close is the listener's work, not a thread's
          if (state === 'K') {
            parked.add(socket);
            counts.keepAlive = parked.size;
            counts.flushSoon();
          } else if (parked.delete(socket)) {
            counts.keepAlive = parked.size;
            counts.flushSoon();
          }
        },
        onIdleKeepAlive: () => (ctx.stopping() || pool.idleCount() === 0 ? 'close' : 'wait'),
      });
    } finally {
      release();
      parkedToClose.delete(socket);
      if (parked.delete(socket)) counts.keepAlive = parked.size;
    }
  }

  return {
    limit: (open) =>
      open +
      eventAcceptable({
        threadsPerChild: ctx.threadsPerChild,
        asyncRequestWorkerFactor: ctx.asyncRequestWorkerFactor,
        idleWorkers: pool.idleCount(),
        waitingForWorker: ctx.waitingForThread(), // new connections waiting for a thread of their own
        connections: counts.connections - counts.closing,
      }),
    limitFollowsIdleThreads: true,
    serve,
    threadFreeing: () => {
      if (parkedToClose.size > 0) closeParkedToClose();
    },
    closed: (socket) => {
      if (countedClosing.delete(socket)) counts.closing--;
    },
    // httpd's listener, seeing the listening socket readable, counts its workers as busy only
    // if none is idle (connections_above_limit); above its limit with idle workers it just
    // stops accepting, and the parked connections stay.
    full: () => {
      if (eventFreeWorkers({ idleWorkers: pool.idleCount(), waitingForWorker: ctx.waitingForThread() }) === 0) workersWereBusy();
    },
    // its keep-alive connections close now
    leave: () => {
      workersWereBusy();
      closeParkedToClose();
    },
  };
}
