// A worker or event child process. Its main thread plays httpd's listener thread: no runtime
// can move a socket into a thread, so the sockets live here and the worker threads run the
// handlers. worker: a thread holds a connection from hand-off to close, keep-alive idle time
// included (labs/worker/listener.ts). event: a thread holds it only while it serves a request;
// idle keep-alive connections wait here, and the thread is free at once
// (labs/event/listener.ts). Loaded by child-entry.ts, which names the process first.
import { setMaxListeners } from 'node:events';
import fs from 'node:fs';
import type net from 'node:net';
import { childIdentity, receiveOptions } from '../child/options.ts';
import { connectionOptions } from '../child/connection-options.ts';
import { acknowledgeMessage } from '../child/message-receipt.ts';
import { exitWithParent, tellParent } from '../child/parent-link.ts';
import { eventListener } from '../event/listener.ts';
import { workerListener } from '../worker/listener.ts';
import { nameRuntimeThreads } from '../runtime/process-name.ts';
import { tierUpSooner } from '../runtime/tier-up-sooner.ts';
import { readHeader, writeSlotStatus } from '../scoreboard/file.ts';
import { ConnectionCounts } from './connection-counts.ts';
import type { ListenerPolicy } from './listener-policy.ts';
import { createLockBuffer } from './module-lock.ts';
import { toThread } from './thread-messages.ts';
import { ThreadPool } from './thread-pool.ts';
import type { PooledThread } from './thread-pool.ts';

exitWithParent();
const identity = childIdentity();
const processSlot = identity.slot;
const model = identity.model as 'worker' | 'event';
const options = await receiveOptions();
const { config } = options;

// The model's own listener rules (labs/worker/listener.ts, labs/event/listener.ts), chosen
// once, as httpd is built with one MPM.
const listener = model === 'worker' ? workerListener : eventListener;
const threads = config.ThreadsPerChild;
const leavingFlag = new Int32Array(new SharedArrayBuffer(4));
const pool = new ThreadPool(
  threads,
  {
    model,
    keepsConnection: listener.threadKeepsConnection,
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
const waitingForThread: ((t: PooledThread) => void)[] = [];
const leaving = new AbortController();
// Every open connection listens for the process leaving: far more than EventTarget's
// default of 10 listeners, and not a leak (each removes its listener when it closes).
setMaxListeners(0, leaving.signal);

const policy: ListenerPolicy = listener.create({
  pool,
  counts,
  threadsPerChild: threads,
  asyncRequestWorkerFactor: config.AsyncRequestWorkerFactor,
  connectionOptions: { ...connectionOptions(config), signal: leaving.signal },
  getThread,
  threadFree,
  limitChanged: () => report('l'),
  waitingForThread: () => waitingForThread.length,
  stopping: () => stopping,
});

/** Connections this child holds at once now: the parent hands it more while it holds fewer. */
function limit(): number {
  return stopping ? 0 : policy.limit(accepted - closed);
}

let reportScheduled = false;

/** Tells the parent how many connections this child takes now; changes within one turn of
 * the event loop go as one message, so that a busy child does not send one per request. */
function report(kind: 'd' | 'l'): void {
  if (kind === 'd') {
    lastLimit = limit();
    acceptsAgainBelow(lastLimit);
    tellParent({ t: 'd', closed, limit: lastLimit });
    return;
  }
  if (reportScheduled) return;
  reportScheduled = true;
  setImmediate(() => {
    reportScheduled = false;
    const now = limit();
    acceptsAgainBelow(now);
    if (now === lastLimit) return;
    lastLimit = now;
    tellParent({ t: 'l', closed, limit: now });
  });
}

/** Below its limit again, a listener that had stopped accepting takes connections again. */
function acceptsAgainBelow(limitNow: number): void {
  if (!counts.isAccepting && limitNow > accepted - closed) counts.accepting(true);
}

/**
 * Told that connections wait and no child takes them (httpd's listener sees its listening
 * socket readable): event gives up its parked connections if no worker is idle, and stops
 * accepting while it is at its limit.
 */
function full(): void {
  policy.full();
  if (limit() <= accepted - closed) counts.accepting(false);
}

function threadFree(thread: PooledThread): void {
  policy.threadFreeing();
  const next = waitingForThread.shift();
  if (next) {
    thread.idle = false;
    next(thread);
    return;
  }
  thread.idle = true;
  if (policy.limitFollowsIdleThreads) report('l');
}

/** A thread for a new connection; `socket` waits paused meanwhile if none is idle. */
function getThread(socket: net.Socket): Promise<PooledThread> {
  const t = pool.take();
  if (t) {
    if (policy.limitFollowsIdleThreads) report('l');
    return Promise.resolve(t);
  }
  socket.pause(); // until serveConnection reads it: bytes that come meanwhile must wait, not be lost
  return new Promise((resolve) => waitingForThread.push(resolve));
}

async function serve(socket: net.Socket): Promise<void> {
  accepted++;
  counts.connections++;
  counts.flushSoon();
  if (config.MaxConnectionsPerChild > 0 && accepted >= config.MaxConnectionsPerChild) stopping = true;
  try {
    await policy.serve(socket);
  } finally {
    closed++;
    counts.connections--;
    policy.closed(socket);
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
  for (const t of pool.threads) t.post(toThread.stop);
  policy.leave();
  report('l');
  leaveWhenIdle();
}

function leaveWhenIdle(): void {
  if (accepted === closed) {
    for (const t of pool.threads) t.post(toThread.stop);
    // Let the threads write their last slot state, then go.
    setTimeout(() => process.exit(0), 20);
  }
}

process.on('message', (message: { t: string }, handle?: net.Socket) => {
  acknowledgeMessage();
  if (message.t === 'c' && handle) void serve(handle);
  else if (message.t === 'stop') leave();
  else if (message.t === 'full') full(); // new connections wait and no child takes them
});
process.on('SIGTERM', () => process.exit(0));

await pool.ready();
nameRuntimeThreads(); // those started since it named itself (a signal listener's, on Deno)
lastLimit = limit();
tellParent({ t: 'ready', limit: lastLimit });
tierUpSooner(); // from here on: the request path, not start-up
