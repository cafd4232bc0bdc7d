// Slow clients (a slowloris): each opens a connection, sends its request line at once, then one
// header line every `everyMs`, `lines` times, and then the blank line that ends the request
// (unless `finish` is false). A prefork child, a worker or an event thread reads the request
// itself, so each such client holds a slot in R while it trickles: Timeout counts per read.
// RequestReadTimeout (mod_reqtimeout) answers 408 and frees the slot. Bounded in count and time.
import net from 'node:net';
import { parseTarget } from '../client/target.ts';
import type { Target } from '../client/target.ts';
import { labUrl } from './lab-url.ts';
import { LIMITS, checkWhole } from './limits.ts';
import type { LabAddress } from './types.ts';

export const SLOW_LIMITS = {
  maxClients: 200,
  maxLines: 120,
  minEveryMs: 10,
  maxEveryMs: 10_000,
  maxReadBytes: 4096, // of each answer: enough for its status line and headers
} as const;

export interface SlowClientsOptions {
  lab: LabAddress;
  count: number;
  lines: number; // header lines, one every everyMs
  everyMs?: number; // default 1000
  path?: string; // default '/'
  finish?: boolean; // send the blank line after the last header line (default true)
}

/** One slow client, as it stands now. Times are Date.now() values. */
export interface SlowClient {
  openedAt: number;
  linesSent: number; // header lines sent so far
  finishedAt: number | null; // when the request was complete (the blank line sent)
  closedAt: number | null; // when the connection closed, whoever closed it
  status: number | null; // the answer's status code, once one came
}

export interface SlowClients {
  clients: readonly SlowClient[];
  /** Connections still open. */
  open(): number;
  /** Stops sending and closes every connection still open; safe to call twice. */
  release(): void;
  /** Resolves when every connection is closed: by the server, by release(), or at the time limit. */
  readonly done: Promise<void>;
}

/** The bytes a slow client sends: the request line, `lines` header lines (Host first), the end. */
export function slowRequestParts(target: Pick<Target, 'path' | 'hostHeader'>, lines: number): { head: string; lines: string[]; end: string } {
  const header = (i: number) => (i === 0 ? `Host: ${target.hostHeader}\r\n` : i === 1 ? 'Connection: close\r\n' : `X-Slow-Line-${i}: ${i}\r\n`);
  return { head: `GET ${target.path} HTTP/1.1\r\n`, lines: Array.from({ length: lines }, (_, i) => header(i)), end: '\r\n' };
}

/** The status code of an answer's first line, or null while none is in. */
export function answerStatus(received: string): number | null {
  const m = /^HTTP\/1\.[01] (\d{3})[ \r]/.exec(received);
  return m ? Number(m[1]) : null;
}

/** How long the clients may live at most: their trickling, plus time for the answer. */
export function slowClientsCapMs(lines: number, everyMs: number): number {
  return Math.min(lines * everyMs + LIMITS.timeoutMs, LIMITS.maxDurationMs);
}

export function startSlowClients(options: SlowClientsOptions): SlowClients {
  const everyMs = options.everyMs ?? 1000;
  checkWhole('startSlowClients', 'count', options.count, 1, SLOW_LIMITS.maxClients);
  checkWhole('startSlowClients', 'lines', options.lines, 1, SLOW_LIMITS.maxLines);
  checkWhole('startSlowClients', 'everyMs', everyMs, SLOW_LIMITS.minEveryMs, SLOW_LIMITS.maxEveryMs);
  if (options.lines * everyMs > LIMITS.maxHoldMs) {
    throw new RangeError(`startSlowClients: lines x everyMs must be at most ${LIMITS.maxHoldMs} ms; got ${options.lines * everyMs}`);
  }
  const target = parseTarget(labUrl(options.lab, options.path ?? '/')); // loopback only
  const parts = slowRequestParts(target, options.lines);
  const finish = options.finish !== false;
  const timers = new Set<NodeJS.Timeout>();
  const sockets: net.Socket[] = [];
  const clients: SlowClient[] = [];
  const closings: Promise<void>[] = [];

  for (let i = 0; i < options.count; i++) {
    const client: SlowClient = { openedAt: Date.now(), linesSent: 0, finishedAt: null, closedAt: null, status: null };
    clients.push(client);
    const socket = net.connect(target.port, target.host);
    sockets.push(socket);
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      if (received.length < SLOW_LIMITS.maxReadBytes) received += chunk.slice(0, SLOW_LIMITS.maxReadBytes - received.length);
      client.status ??= answerStatus(received);
    });
    socket.on('error', () => {}); // a reset is one way the server ends it: closedAt says when
    closings.push(new Promise<void>((resolve) => socket.on('close', () => {
      client.closedAt ??= Date.now();
      resolve();
    })));
    socket.once('connect', () => {
      client.openedAt = Date.now();
      socket.write(parts.head);
      const next = () => {
        if (client.closedAt !== null || socket.destroyed) return;
        socket.write(parts.lines[client.linesSent]!);
        client.linesSent++;
        if (client.linesSent < options.lines) return schedule();
        if (finish) {
          socket.write(parts.end);
          client.finishedAt = Date.now();
        }
      };
      const schedule = () => {
        const t = setTimeout(() => {
          timers.delete(t);
          next();
        }, everyMs);
        timers.add(t);
      };
      schedule();
    });
  }

  const release = () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
    for (const s of sockets) s.destroy();
  };
  const cap = setTimeout(release, slowClientsCapMs(options.lines, everyMs));
  const done = Promise.all(closings).then(() => {
    clearTimeout(cap);
    for (const t of timers) clearTimeout(t);
  });
  return { clients, open: () => clients.filter((c) => c.closedAt === null).length, release, done };
}
