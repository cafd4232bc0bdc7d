// One worker thread of a worker or event child: a real OS thread (node:worker_threads) that
// runs the handlers and owns its scoreboard slot. Its sleeps and lock waits block it for real,
// and so does its wait for work: between messages it is blocked in Atomics.wait, as an httpd
// worker waits on its queue, and the listener wakes it after each message. It reads them with
// receiveMessageOnPort, so a request costs it one wake-up and no turn of an event loop.
import fs from 'node:fs';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { serverInfo } from '../child/server-info.ts';
import { handleRequest } from '../handlers/handle-request.ts';
import type { HandlerContext } from '../handlers/types.ts';
import { handlerHeaders } from '../http/response-head.ts';
import { fromWire } from '../http/wire.ts';
import { threadId } from '../runtime/thread-id.ts';
import { COUNTS_EVERY_MS, SlotWriter, readHeader, readSnapshot } from '../scoreboard/file.ts';
import type { ChildOptions } from '../server/messages.ts';
import { workerThreadComm } from '../server/role-names.ts';
import { ModuleLock, blockFor } from './module-lock.ts';
import { responseToWire } from './thread-messages.ts';
import type { FromThread, ThreadData, ToThread } from './thread-messages.ts';

const data = workerData as ThreadData;
const port = parentPort!; // to the listener
const inbox = data.inbox; // from the listener
const name = workerThreadComm(data.processSlot, data.thread); // named so by worker-thread-entry.ts
const tid = threadId();
const options = JSON.parse(data.childOptions) as ChildOptions;

const fd = fs.openSync(data.scoreboard, 'r+');
const slot = new SlotWriter(fd, readHeader(fd), data.processSlot, data.thread);
slot.record.pid = process.pid;
slot.record.tid = tid;
slot.record.generation = data.generation;

const lock = new ModuleLock(data.lock);
const wake = new Int32Array(data.wake, data.thread * 4, 1);
const sleepCell = new Int32Array(new SharedArrayBuffer(4));
// Set by the listener when the process leaves; read here even mid-request, unlike a message.
const leaving = new Int32Array(data.leaving);
let stopping = false;

const post = (message: FromThread) => port.postMessage(message);

const context: HandlerContext = {
  identity: { pid: process.pid, tid, threadName: name, processSlot: data.processSlot, threadSlot: data.thread, model: data.model },
  // A worker thread that sleeps is blocked: it cannot serve anyone else meanwhile.
  sleep: async (ms) => {
    writeShown(true);
    blockFor(sleepCell, ms);
  },
  crash: () => {
    // The thread takes its whole process down, as a crashing module does.
    writeShown(true);
    process.kill(process.pid, 'SIGABRT');
    throw new Error('unreachable: SIGABRT did not end the process');
  },
  moduleLock: {
    hold: async (ms) => {
      writeShown(true);
      lock.hold(ms);
    },
    enter: async () => {
      writeShown(true);
      return lock.enter();
    },
  },
  token: data.token,
  documentRoot: data.documentRoot,
  status: () => {
    writeShown(true); // this thread's own slot shows W, as httpd's does
    const snapshot = readSnapshot(fd); // one read: the generation is in it too
    return { snapshot, info: serverInfo(options, snapshot.generation) };
  },
};

// The slot is written when the thread has read every message it was sent and is about to
// wait for more, showing where it ended (a fast request goes R, W and _ or K in one go), and
// at once before a handler blocks, so that a sleeping or locked thread shows W. Whether the
// process is leaving is read at the write, not before. Every handler either finishes at once
// or waits through one of the context's effects above, which write the slot before they block.
// A busy thread's letter often ends where it was (_ after _): then only its counters changed,
// and they are written at most every COUNTS_EVERY_MS (the thread waits no longer than that
// to write them), so that a thread serving one fast request after another makes one write
// (a system call) per few requests, not one each. Letters are always written at once.
let shownPending = false;
let writtenStatus = '';
let writtenAt = 0;

function show(status: 'R' | 'W' | 'K' | '_'): void {
  slot.record.status = status;
  shownPending = true;
}

/** Writes what `show` set, unless only counters changed since a write less than
 * COUNTS_EVERY_MS ago; then it stays pending and the call returns the ms left to wait. */
function writeShown(force = false): number {
  if (!shownPending) return 0;
  stopping ||= Atomics.load(leaving, 0) === 1;
  const status = slot.record.status;
  const shown = stopping && status !== '_' && options.busyWhileLeaving === 'G' ? 'G' : status;
  const now = Date.now();
  if (!force && shown === writtenStatus && now - writtenAt < COUNTS_EVERY_MS && now >= writtenAt) return writtenAt + COUNTS_EVERY_MS - now;
  shownPending = false;
  written(shown, now);
  slot.set(shown);
  return 0;
}

function written(status: string, now = Date.now()): void {
  writtenStatus = status;
  writtenAt = now;
}

function setNow(status: '_' | '.'): void {
  shownPending = false;
  written(status);
  slot.set(status);
}

async function serve(wire: string): Promise<void> {
  const req = fromWire(wire);
  slot.startRequest(req.requestLine, req.receivedAt);
  slot.record.client = req.client;
  show('W');
  const res = await handleRequest(req, context);
  const own = handlerHeaders(res.headers);
  const bytes = typeof res.body === 'string' ? Buffer.byteLength(res.body) : res.body.byteLength;
  slot.endRequest(bytes);
  // worker: the connection stays this thread's until it closes; it waits, blocked, for the
  // listener to wake it with the next request or the close, and shows K meanwhile. event: the
  // thread is free as soon as the response is handed back.
  if (data.keepsConnection) {
    show('K');
    writeShown(); // K before the response, as before the wait it stands for
  } else show('_');
  port.postMessage(responseToWire(res, own));
}

function control(message: ToThread): void {
  switch (message.charCodeAt(0)) {
    case 99: // c: a connection
      slot.beginConnection(message.slice(1));
      show('R');
      break;
    case 114: // r: event, reading a kept-alive connection's next request
      slot.record.client = message.slice(1);
      show('R');
      break;
    case 120: // x: the connection is gone
      setNow(stopping ? '.' : '_');
      break;
    case 115: // s: the process is leaving
      stopping = true;
      if (slot.record.status === '_') setNow('.');
      break;
  }
}

/** The thread's life: read what the listener sent, serve it, write the slot, wait for more. */
async function run(): Promise<never> {
  for (;;) {
    const seen = Atomics.load(wake, 0);
    const received = receiveMessageOnPort(inbox);
    if (received === undefined) {
      const countsIn = writeShown();
      // woken by the listener after each message it sends, or to write the counters
      if (countsIn > 0) Atomics.wait(wake, 0, seen, countsIn);
      else Atomics.wait(wake, 0, seen);
      continue;
    }
    const message = received.message as ToThread;
    if (message.charCodeAt(0) === 113 /* q: a request */) await serve(message.slice(1));
    else control(message);
  }
}

setNow('_');
post({ t: 'ready', tid });
setImmediate(() => void run()); // once this module has finished loading
