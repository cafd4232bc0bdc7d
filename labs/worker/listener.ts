// worker's listener thread (worker.c): a connection holds its thread from hand-off to close,
// keep-alive idle time included, and the child takes ThreadsPerChild connections at once.
import type net from 'node:net';
import { serveConnection } from '../http/serve-connection.ts';
import type { LabRequest } from '../http/types.ts';
import type { ListenerContext, ListenerModel, ListenerPolicy } from '../threaded/listener-policy.ts';
import { toThread } from '../threaded/thread-messages.ts';

export const workerListener: ListenerModel = { threadKeepsConnection: true, create };

function create(ctx: ListenerContext): ListenerPolicy {
  return {
    limit: () => ctx.threadsPerChild,
    limitFollowsIdleThreads: false,
    // A handed socket is not read before serveConnection reads it: with a thread at hand,
    // nothing comes between (only a microtask); without one, getThread pauses it meanwhile.
    async serve(socket: net.Socket): Promise<void> {
      const thread = await ctx.getThread(socket);
      thread.connection(`${socket.remoteAddress}:${socket.remotePort}`);
      try {
        await serveConnection(socket, ctx.connectionOptions, {
          onRequest: (req: LabRequest) => thread.request(req),
        });
      } finally {
        thread.post(toThread.close);
        ctx.threadFree(thread);
      }
    },
    threadFreeing: () => {},
    closed: () => {},
    full: () => {},
    leave: () => {},
  };
}
