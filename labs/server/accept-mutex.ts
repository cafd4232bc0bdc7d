// The parent's stand-in for httpd's accept mutex: who takes the next connection. Each
// accepted connection goes to one child that can take it now (real fd passing); the others
// wait in order, as in httpd's listen backlog, and are served late, never refused.
import type net from 'node:net';
import type { ChildHandle } from './child-handle.ts';

export class AcceptMutex {
  private readonly waiting: net.Socket[] = [];

  constructor(
    /** The children that may take connections (the current generation). */
    private readonly candidates: () => Iterable<ChildHandle>,
    /** Called when connections start to wait: no child can take one. */
    private readonly onWait: () => void,
  ) {}

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
    socket.on('error', () => {});
    socket.once('close', () => {
      const i = this.waiting.indexOf(socket);
      if (i >= 0) this.waiting.splice(i, 1);
    });
    this.waiting.push(socket);
    if (this.waiting.length === 1) this.onWait();
  }

  /** Hands waiting connections to children that can take them now. */
  drain(): void {
    while (this.waiting.length > 0) {
      const child = this.pick();
      if (!child) return;
      const socket = this.waiting.shift()!;
      if (socket.destroyed) continue;
      socket.removeAllListeners('close');
      child.hand(socket);
    }
  }

  /** A stop that does not wait: the waiting connections are closed. */
  dropWaiting(): void {
    for (const socket of this.waiting.splice(0)) socket.destroy();
  }

  private pick(): ChildHandle | null {
    // The lowest slot first, so that idle children in high slots stay idle and maintenance
    // can let them go, as happens when httpd's children queue on the accept mutex.
    let best: ChildHandle | null = null;
    for (const child of this.candidates()) if (child.canTake() && (!best || child.slot < best.slot)) best = child;
    return best;
  }
}
