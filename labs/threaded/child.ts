// A worker or event child process. Its main thread plays httpd's listener thread: no runtime
// can move a socket into a thread, so the sockets live here and the worker threads run the
// handlers. worker: a thread holds a connection from hand-off to close, keep-alive idle time
// included. event: a thread holds it only while it serves a request; idle keep-alive
// connections wait here, and the thread is free at once. Loaded by child-entry.ts, which
// names the process first.
import { setMaxListeners } from 'node:events';
import fs from 'node:fs';
import type net from 'node:net';
import { childIdentity, receiveOptions } from '../child/options.ts';
import { connectionOptions } from '../child/connection-options.ts';
import { acknowledgeMessage } from '../child/message-receipt.ts';
import { exitWithParent, tellParent } from '../child/parent-link.ts';
import { serveConnection } from '../http/serve-connection.ts';
import { AbortConnection } from '../http/types.ts';
import type { LabRequest, LabResponse } from '../http/types.ts';
import { nameRuntimeThreads } from '../runtime/process-name.ts';
import { readHeader, writeSlotStatus } from '../scoreboard/file.ts';
import { ConnectionCounts } from './connection-counts.ts';
import { eventAcceptable, eventFreeWorkers } from './event-admission.ts';
import { createLockBuffer } from './module-lock.ts';
import { ThreadPool } from './thread-pool.ts';
import type { PooledThread } from './thread-pool.ts';

exitWithParent();
const identity = childIdentity();
const processSlot = identity.slot;
const model = identity.model as 'worker' | 'event';
const options = await receiveOptions();
const { config } = options;

const threads = config.ThreadsPerChild;
const leavingFlag = new Int32Array(new SharedArrayBuffer(4));
const pool = new ThreadPool(
  threads,
  {
    model,
    processSlot,
    generation: options.generation,
    scoreboard: options.scoreboard,
    token: options.token,
    documentRoot: config.DocumentRoot,
    lock: createLockBuffer(),
    leaving: leavingFlag.buffer as SharedArrayBuffer,
    childOptions: JSON.stringify(options),
  },
);
const scoreboardFd = fs.openSync(options.scoreboard, 'r+');
const counts = new ConnectionCounts(scoreboardFd, processSlot);

let stopping = false;
let accepted = 0;
let closed = 0;
let lastLimit = -1;
const parked = new Set<net.Socket>(); // event: idle keep-alive connections held by the listener
// event: parked connections httpd gave up on when its workers were busy; a worker closes them
// when it frees (event.c defers their lingering close to a worker), counted as closing meanwhile
const parkedToClose = new Set<net.Socket>();
const countedClosing = new Set<net.Socket>(); // in counts.closing until they close
const waitingForThread: ((t: PooledThread) => void)[] = [];
const leaving = new AbortController();
// Every open connection listens for the process leaving: far more than EventTarget's
// default of 10 listeners, and not a leak (each removes its listener when it closes).
setMaxListeners(0, leaving.signal);

/** Connections this child holds at once now: the parent hands it more while it holds fewer. */
function limit(): number {
  if (stopping) return 0;
  if (model === 'worker') return threads;
  const open = accepted - closed;
  return (
    open +
    eventAcceptable({
      threadsPerChild: threads,
      asyncRequestWorkerFactor: config.AsyncRequestWorkerFactor,
      idleWorkers: pool.idleCount(),
      waitingForWorker: waitingForThread.length, // new connections waiting for a thread of their own
      connections: counts.connections - counts.closing,
    })
  );
}

function idleLoad(): { idleWorkers: number; waitingForWorker: number } {
  return { idleWorkers: pool.idleCount(), waitingForWorker: waitingForThread.length };
}

let reportScheduled = false;

/** Tells the parent how many connections this child takes now; changes within one turn of
 * the event loop go as one message, so that a busy child does not send one per request. */
function report(kind: 'd' | 'l'): void {
  if (kind === 'd') {
    lastLimit = limit();
    tellParent({ t: 'd', closed, limit: lastLimit });
    return;
  }
  if (reportScheduled) return;
  reportScheduled = true;
  setImmediate(() => {
    reportScheduled = false;
    const now = limit();
    if (now === lastLimit) return;
    lastLimit = now;
    tellParent({ t: 'l', closed, limit: now });
  });
}

function threadFree(thread: PooledThread): void {
  if (parkedToClose.size > 0) closeParkedToClose();
  const next = waitingForThread.shift();
  if (next) {
    thread.idle = false;
    next(thread);
    return;
  }
  thread.idle = true;
  if (model === 'event') report('l');
}

function getThread(): Promise<PooledThread> {
  const t = pool.take();
  if (t) {
    if (model === 'event') report('l');
    return Promise.resolve(t);
  }
  return new Promise((resolve) => waitingForThread.push(resolve));
}

/**
 * event: a request on a kept-alive connection gets a worker now or not at all. With none
 * idle, httpd closes that connection ("the client can re-connect to a different process")
 * and, since its workers were busy, every idle keep-alive connection it holds (event.c,
 * listener_thread).
 */
function getThreadForKeepAlive(): Promise<PooledThread> {
  const t = takeThreadForKeepAlive();
  return t ? Promise.resolve(t) : Promise.reject(new AbortConnection('no idle worker for a keep-alive request'));
}

function takeThreadForKeepAlive(): PooledThread | null {
  const t = pool.take();
  if (t) report('l');
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
  report('l');
}

function closeParkedToClose(): void {
  for (const socket of parkedToClose) socket.end();
  parkedToClose.clear();
}

/** The process is leaving: its keep-alive connections close now. */
function closeParkedKeepAlive(): void {
  workersWereBusy();
  closeParkedToClose();
}

async function serveWorker(socket: net.Socket): Promise<void> {
  socket.pause(); // until serveConnection reads it: bytes that come meanwhile must wait, not be lost
  const thread = await getThread();
  thread.post({ t: 'conn', client: `${socket.remoteAddress}:${socket.remotePort}` });
  try {
    await serveConnection(socket, { ...connectionOptions(config), signal: leaving.signal }, {
      onRequest: (req: LabRequest) => thread.request(req),
    });
  } finally {
    thread.post({ t: 'close' });
    thread.wakeUp();
    threadFree(thread);
  }
}

/**
 * event, as event.c does it: a new connection goes to a worker thread at once, which reads its
 * request (slot R) and serves it (W); a kept-alive connection waits in the listener and gets a
 * thread when its next request's first bytes arrive. The socket stays here (no runtime moves a
 * socket into a thread): the thread is taken, and its slot shows it, for as long as httpd's
 * worker would hold the connection.
 */
async function serveEvent(socket: net.Socket): Promise<void> {
  socket.pause(); // until serveConnection reads it: bytes that come meanwhile must wait, not be lost
  let thread: PooledThread | null = await getThread();
  thread.post({ t: 'conn', client: `${socket.remoteAddress}:${socket.remotePort}` });
  let slotShowsRequest = false; // the thread's own slot went back to _ after its response
  let serving = false; // a handler runs: the thread is not free before its response is back
  const release = (): void => {
    if (!thread || serving) return;
    if (!slotShowsRequest) thread.post({ t: 'close' }); // it read nothing it served: its R ends here
    threadFree(thread);
    thread = null;
  };
  try {
    await serveConnection(socket, { ...connectionOptions(config), signal: leaving.signal }, {
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
      onIdleKeepAlive: () => (stopping || pool.idleCount() === 0 ? 'close' : 'wait'),
    });
  } finally {
    release();
    parkedToClose.delete(socket);
    if (parked.delete(socket)) counts.keepAlive = parked.size;
  }
}

async function serve(socket: net.Socket): Promise<void> {
  accepted++;
  counts.connections++;
  counts.flushSoon();
  if (config.MaxConnectionsPerChild > 0 && accepted >= config.MaxConnectionsPerChild) stopping = true;
  socket.resume();
  try {
    await (model === 'worker' ? serveWorker(socket) : serveEvent(socket));
  } finally {
    closed++;
    counts.connections--;
    if (countedClosing.delete(socket)) counts.closing--;
    counts.flushSoon();
    report('d');
    if (stopping) leaveWhenIdle();
  }
}

function leave(): void {
  stopping = true;
  leaving.abort();
  // Threads busy with a request finish it; meanwhile event shows their slots G ("Gracefully
  // finishing") and worker leaves them as they are (the model's hooks say which).
  Atomics.store(leavingFlag, 0, 1);
  if (options.busyWhileLeaving === 'G') {
    const header = readHeader(scoreboardFd);
    for (const t of pool.threads) if (!t.idle) writeSlotStatus(scoreboardFd, header, processSlot, t.index, 'G');
  }
  for (const t of pool.threads) t.post({ t: 'stop' });
  closeParkedKeepAlive();
  report('l');
  leaveWhenIdle();
}

function leaveWhenIdle(): void {
  if (accepted === closed) {
    for (const t of pool.threads) t.post({ t: 'stop' });
    // Let the threads write their last slot state, then go.
    setTimeout(() => process.exit(0), 20);
  }
}

process.on('message', (message: { t: string }, handle?: net.Socket) => {
  acknowledgeMessage();
  if (message.t === 'c' && handle) void serve(handle);
  else if (message.t === 'stop') leave();
  // New connections wait and this process takes none: httpd's listener, seeing the listening
  // socket readable, counts its workers as busy only if none is idle (connections_above_limit);
  // above its limit with idle workers it just stops accepting, and the parked connections stay.
  else if (message.t === 'full' && model === 'event' && eventFreeWorkers(idleLoad()) === 0) workersWereBusy();
});
process.on('SIGTERM', () => process.exit(0));

await pool.ready();
nameRuntimeThreads(); // those started since it named itself (a signal listener's, on Deno)
lastLimit = limit();
tellParent({ t: 'ready', limit: lastLimit });
