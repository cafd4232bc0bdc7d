// One worker thread of a worker or event child: a real OS thread (node:worker_threads) that
// runs the handlers and owns its scoreboard slot. Its sleeps and lock waits block it for real.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { serverInfo } from '../child/server-info.ts';
import { handleRequest } from '../handlers/handle-request.ts';
import type { HandlerContext } from '../handlers/types.ts';
import { fromWire } from '../http/wire.ts';
import { threadId } from '../runtime/thread-id.ts';
import { SlotWriter, readHeader, readSnapshot } from '../scoreboard/file.ts';
import type { ChildOptions } from '../server/messages.ts';
import { workerThreadComm } from '../server/role-names.ts';
import { ModuleLock, blockFor } from './module-lock.ts';
import type { FromThread, ThreadData, ToThread } from './thread-messages.ts';

const data = workerData as ThreadData;
const port = parentPort!;
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
    writeShown();
    blockFor(sleepCell, ms);
  },
  crash: () => {
    // The thread takes its whole process down, as a crashing module does.
    writeShown();
    process.kill(process.pid, 'SIGABRT');
    throw new Error('unreachable: SIGABRT did not end the process');
  },
  moduleLock: {
    hold: async (ms) => {
      writeShown();
      lock.hold(ms);
    },
    enter: async () => {
      writeShown();
      return lock.enter();
    },
  },
  token: data.token,
  documentRoot: data.documentRoot,
  status: () => {
    writeShown(); // this thread's own slot shows W, as httpd's does
    const snapshot = readSnapshot(fd); // one read: the generation is in it too
    return { snapshot, info: serverInfo(options, snapshot.generation) };
  },
};

// The slot is written once a turn, showing where the turn ended (a fast request goes R, W
// and _ or K within one), and at once before the thread blocks, so that a sleeping or
// locked thread shows W. Whether the process is leaving is read at the write, not before.
let shownPending = false;

function show(status: 'R' | 'W' | 'K' | '_' | 'C'): void {
  slot.record.status = status;
  if (shownPending) return;
  shownPending = true;
  setImmediate(writeShown);
}

function writeShown(): void {
  if (!shownPending) return;
  shownPending = false;
  stopping ||= Atomics.load(leaving, 0) === 1;
  const status = slot.record.status;
  slot.set(stopping && status !== '_' && options.busyWhileLeaving === 'G' ? 'G' : status);
}

function setNow(status: '_' | '.'): void {
  shownPending = false;
  slot.set(status);
}

async function serve(id: number, wire: Parameters<typeof fromWire>[0]): Promise<void> {
  const req = fromWire(wire);
  slot.startRequest(req.requestLine, req.receivedAt);
  slot.record.client = req.client;
  show('W');
  const res = await handleRequest(req, context);
  const bytes = typeof res.body === 'string' ? Buffer.byteLength(res.body) : res.body.byteLength;
  slot.endRequest(bytes);
  if (data.model === 'worker') {
    // worker: the connection stays this thread's until it closes. The thread waits, blocked,
    // for the listener to wake it with the next request or the close.
    show('K');
    writeShown();
    const seen = Atomics.load(wake, 0);
    post({ t: 'res', id, res, bytes });
    Atomics.wait(wake, 0, seen);
  } else {
    // event: the thread is free as soon as the response is handed back.
    show('_');
    post({ t: 'res', id, res, bytes });
  }
}

port.on('message', (message: ToThread) => {
  switch (message.t) {
    case 'conn':
      slot.beginConnection(message.client);
      show('R');
      break;
    case 'read':
      slot.record.client = message.client;
      show('R');
      break;
    case 'req':
      void serve(message.id, message.req);
      break;
    case 'close':
      setNow(stopping ? '.' : '_');
      break;
    case 'stop':
      stopping = true;
      if (slot.record.status === '_') setNow('.');
      break;
  }
});

setNow('_');
post({ t: 'ready', tid });
