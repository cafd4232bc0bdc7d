// A prefork child: one process, one slot, one connection at a time (keep-alive included),
// as in httpd's prefork child_main. The parent hands it each connection. Loaded by
// child-entry.ts, which names the process first.
import fs from 'node:fs';
import type net from 'node:net';
import { childIdentity, receiveOptions } from '../child/options.ts';
import { connectionOptions } from '../child/connection-options.ts';
import { acknowledgeMessage } from '../child/message-receipt.ts';
import { exitWithParent, tellParent } from '../child/parent-link.ts';
import { serverInfo } from '../child/server-info.ts';
import { handleRequest } from '../handlers/handle-request.ts';
import type { HandlerContext } from '../handlers/types.ts';
import { serveConnection } from '../http/serve-connection.ts';
import type { LabRequest, LabResponse } from '../http/types.ts';
import { readHeader, readSnapshot, SlotWriter } from '../scoreboard/file.ts';
import type { ToChild } from '../server/messages.ts';
import { nameRuntimeThreads } from '../runtime/process-name.ts';
import { tierUpSooner } from '../runtime/tier-up-sooner.ts';
import { childComm } from '../server/role-names.ts';

exitWithParent();
const { slot: processSlot } = childIdentity();
const options = await receiveOptions();
const { config } = options;

const fd = fs.openSync(options.scoreboard, 'r+');
const slot = new SlotWriter(fd, readHeader(fd), processSlot, 0);
slot.record.pid = process.pid;
slot.record.tid = process.pid;
slot.record.generation = options.generation;

let busy = false;
let stopping = false; // told to leave (maintenance, graceful restart or stop)
let retiring = false; // MaxConnectionsPerChild reached
let connections = 0;
let closed = 0;
let idleSocket: net.Socket | null = null; // the connection, while it waits in keep-alive

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const context: HandlerContext = {
  identity: { pid: process.pid, tid: process.pid, threadName: childComm('prefork', processSlot), processSlot, threadSlot: 0, model: 'prefork' },
  sleep,
  crash: () => {
    // What a crashing module does to the process that runs it.
    process.kill(process.pid, 'SIGABRT');
    throw new Error('unreachable: SIGABRT did not end the process');
  },
  // One process, one thread: the module lock is never contended here, but holding it does
  // stop this whole process, which is all prefork risks.
  moduleLock: { hold: sleep, enter: async () => 0 },
  token: options.token,
  documentRoot: config.DocumentRoot,
  status: () => {
    slot.flush(); // this request's own slot shows W, as httpd's does
    const snapshot = readSnapshot(fd); // one read: the generation is in it too
    return { snapshot, info: serverInfo(options, snapshot.generation) };
  },
};

async function onRequest(req: LabRequest): Promise<LabResponse> {
  slot.startRequest(req.requestLine, req.receivedAt);
  slot.setSoon('W');
  const res = await handleRequest(req, context);
  const body = typeof res.body === 'string' ? Buffer.byteLength(res.body) : res.body.byteLength;
  slot.endRequest(body);
  return stopping ? { ...res, close: true } : res;
}

const connOptions = connectionOptions(config); // the same for every connection of this child

async function serve(socket: net.Socket): Promise<void> {
  busy = true;
  connections++;
  const client = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
  slot.beginConnection(client);
  slot.setSoon(stopping ? 'G' : 'R');
  socket.resume();
  let kept = false; // a request was answered on this connection: it is kept alive
  await serveConnection(socket, connOptions, {
    onRequest,
    onState: (state) => {
      idleSocket = state === 'K' ? socket : null;
      if (state === 'K' && stopping) {
        socket.destroy(); // a leaving child does not wait for another request
        return;
      }
      // httpd's sync loop (http_core.c) shows R once per connection: a kept-alive request is
      // read under K, until W
      if (state === 'K') kept = true;
      else if (state === 'R' && kept) return;
      slot.setSoon(stopping && state !== 'C' ? 'G' : state);
    },
    onIdleKeepAlive: () => (stopping ? 'close' : 'wait'),
  });
  idleSocket = null;
  busy = false;
  closed++;
  if (config.MaxConnectionsPerChild > 0 && connections >= config.MaxConnectionsPerChild) retiring = true;
  if (stopping || retiring) {
    leave();
    return;
  }
  slot.setSoon('_');
  tellParent({ t: 'd', closed, limit: 1 });
}

function leave(): void {
  tellParent({ t: 'd', closed, limit: 0 });
  slot.set('.');
  process.exit(0);
}

process.on('message', (message: ToChild, handle?: net.Socket) => {
  acknowledgeMessage();
  if (message.t === 'c' && handle) {
    void serve(handle);
  } else if (message.t === 'stop') {
    stopping = true;
    if (!busy) leave();
    else if (idleSocket) idleSocket.destroy();
    else slot.setSoon('G');
  }
});
process.on('SIGTERM', () => process.exit(0));

slot.set('_');
nameRuntimeThreads(); // those started since it named itself (a signal listener's, on Deno)
tellParent({ t: 'ready', limit: 1 });
tierUpSooner(); // from here on: the request path, not start-up
