// The parent's view of one child process: what it was handed and what it has closed, which
// is all the accept-mutex role needs to pick a child that can take a connection now.
import type { ChildProcess } from 'node:child_process';
import type net from 'node:net';
import type { ToChild } from './messages.ts';

const CONNECTION: ToChild = { t: 'c' };

export class ChildHandle {
  handed = 0;
  closed = 0;
  limit = 0; // 0 until the child says it is ready
  stopping = false; // told to finish and exit (graceful or retiring)
  readonly startedAt = Date.now();

  constructor(
    readonly process: ChildProcess,
    readonly slot: number,
    readonly generation: number,
  ) {}

  get pid(): number {
    return this.process.pid ?? 0;
  }

  get inFlight(): number {
    return this.handed - this.closed;
  }

  canTake(): boolean {
    return !this.stopping && this.inFlight < this.limit && this.process.connected;
  }

  hand(socket: net.Socket): void {
    this.handed++;
    // keepOpen false: the parent's copy of the fd is closed once the child has it.
    this.process.send(CONNECTION, socket);
  }

  tell(message: ToChild): void {
    if (this.process.connected) this.process.send(message);
  }
}
