// The parent's stand-in for httpd's accept mutex: who takes the next connection. Each
// accepted connection goes to one child that can take it now (real fd passing); the others
// wait in order, as in httpd's listen backlog, and are served late. As that backlog, the wait
// is bounded by ListenBacklog: what comes beyond it is answered and closed at once.
import type net from 'node:net';
import { BacklogRefusals } from './backlog-refusals.ts';
import type { ChildHandle } from './child-handle.ts';
import { connectionEnds, departedClients } from './departed-clients.ts';
import type { ConnectionEnds } from './departed-clients.ts';
import { refuseConnection } from './refuse-connection.ts';

const SWEEP_MS = 1000;

export interface AcceptMutexOptions {
  /** The children that may take connections (the current generation). */
  candidates: () => Iterable<ChildHandle>;
  /**
   * Called when connections start to wait (no child can take one: all of them are told), and
   * again with the children that a drain gave some to while others still wait.
   */
  onWait: (children?: Iterable<ChildHandle>) => void;
  /** ListenBacklog: how many connections may wait at once. */
  listenBacklog: () => number;
  /** A line for the error log. */
  log: (text: string) => void;
  /** Which waiting connections have lost their client, by index (default: the kernel's TCP table). */
  departed?: (ends: readonly (ConnectionEnds | null)[]) => number[];
  now?: () => number;
}

interface Waiting {
  socket: net.Socket;
  since: number;
}

export class AcceptMutex {
  private waiting: Waiting[] = [];
  private readonly refusals = new BacklogRefusals();
  private sweeper: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: AcceptMutexOptions) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  offer(socket: net.Socket): void {
    if (this.waiting.length === 0) {
      const child = this.pick();
      if (child) {
        child.hand(socket);
        return;
      }
    }
    const bound = this.options.listenBacklog();
    if (this.waiting.length >= bound) {
      refuseConnection(socket, bound);
      const line = this.refusals.refused(bound);
      if (line) this.options.log(line);
      this.sweepWhileNeeded();
      return;
    }
    socket.on('error', () => {});
    socket.once('close', () => this.forget(socket));
    // The peer, read now and kept by the socket: once reset, a socket can no longer tell it.
    void socket.remoteAddress;
    this.waiting.push({ socket, since: this.now() });
    if (this.waiting.length === 1) this.options.onWait();
    this.sweepWhileNeeded();
  }

  /** Hands waiting connections to children that can take them now. */
  drain(): void {
    let took: Set<ChildHandle> | null = null;
    while (this.waiting.length > 0) {
      const child = this.pick();
      if (!child) break;
      const { socket } = this.waiting.shift()!;
      if (socket.destroyed) continue;
      socket.removeAllListeners('close');
      child.hand(socket);
      (took ??= new Set()).add(child);
    }
    // httpd's listener checks again after each accept; a child that took some while others
    // still wait may have no idle worker left (event then gives up its keep-alive connections).
    if (took && this.waiting.length > 0) this.options.onWait(took);
  }

  /** A stop that does not wait: the waiting connections are closed. */
  dropWaiting(): void {
    for (const { socket } of this.waiting.splice(0)) socket.destroy();
    this.stopSweeping();
  }

  private forget(socket: net.Socket): void {
    const i = this.waiting.findIndex((w) => w.socket === socket);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  /** Once a second while connections wait or refusals are being counted. */
  private sweepWhileNeeded(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref?.();
  }

  private stopSweeping(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  private sweep(): void {
    // A client that went away while it waited leaves the queue, and the parent its socket.
    // Only once one has waited a while: reading the TCP table costs milliseconds on a busy
    // machine, too much to pay while connections pass through the queue quickly.
    if (this.waiting.length > 0 && this.now() - this.waiting[0]!.since >= SWEEP_MS) {
      const gone = new Set((this.options.departed ?? departedClients)(this.waiting.map((w) => connectionEnds(w.socket))));
      if (gone.size > 0) {
        const left: Waiting[] = [];
        this.waiting.forEach((w, i) => (gone.has(i) ? w.socket.destroy() : left.push(w)));
        this.waiting = left;
      }
    }
    const line = this.refusals.tick(this.options.listenBacklog());
    if (line) this.options.log(line);
    if (this.waiting.length === 0 && !this.refusals.active) this.stopSweeping();
  }

  private pick(): ChildHandle | null {
    // The lowest slot first, so that idle children in high slots stay idle and maintenance
    // can let them go, as happens when httpd's children queue on the accept mutex.
    let best: ChildHandle | null = null;
    for (const child of this.options.candidates()) if (child.canTake() && (!best || child.slot < best.slot)) best = child;
    return best;
  }
}
