// The parent's view of one child process: what it was handed and what it has closed, which
// is all the accept-mutex role needs to pick a child that can take a connection now.
import type { ChildProcess } from 'node:child_process';
import type net from 'node:net';
import { messagesToChildNeedReceipt } from '../runtime/child-message-receipt.ts';
import type { ToChild } from './messages.ts';

const CONNECTION: ToChild = { t: 'c' };
// The parent keeps its copy of each socket until the message carrying it is written, then
// closes it itself. With keepOpen false Node (and Deno's port of it) keeps that copy until
// the child acknowledges it and sends one socket per acknowledgement: a child that dies
// first leaves the unacknowledged copy and every queued socket open in the parent for ever,
// its client unanswered (lib/internal/child_process.js: disconnect() waits on _handleQueue).
const KEEP_OPEN = { keepOpen: true } as const;
const PACED = messagesToChildNeedReceipt();

interface Outgoing {
  message: ToChild;
  socket?: net.Socket;
}

export class ChildHandle {
  handed = 0;
  closed = 0;
  limit = 0; // 0 until the child says it is ready
  stopping = false; // told to finish and exit (graceful or retiring)
  private listening = false; // the child said 'ready': its own message handler is in place
  private stopWhenListening = false;
  readonly startedAt = Date.now();
  /** Handed but not yet written to the child: the parent still holds these. */
  private readonly unsent = new Set<net.Socket>();
  /** Where the runtime needs the child's receipt for each message: the ones waiting for it. */
  private readonly outbox: Outgoing[] = [];
  private awaitingReceipt = false;

  constructor(
    readonly process: ChildProcess,
    readonly slot: number,
    readonly generation: number,
    /** One message at a time, each after the child's receipt for the last (the runtime's need). */
    private readonly paced = PACED,
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
    this.unsent.add(socket);
    this.post({ message: CONNECTION, socket });
  }

  /**
   * Before the child is ready only its options go: a message sent right behind them could
   * reach it before its handler is in place and be lost. A stop waits for 'ready'; 'full'
   * means nothing to a child without connections.
   */
  tell(message: ToChild): void {
    if (!this.listening && message.t !== 'options') {
      if (message.t === 'stop') this.stopWhenListening = true;
      return;
    }
    if (!this.process.connected) return;
    // The options are read before the child says 'ready'; what follows may need a receipt.
    if (message.t === 'options') this.process.send(message);
    else this.post({ message });
  }

  /** The child said 'ready': what waited for it goes now. */
  ready(): void {
    this.listening = true;
    if (this.stopWhenListening) this.tell({ t: 'stop' });
  }

  /** The child has read the last message sent (runtimes that need a receipt). */
  received(): void {
    const next = this.outbox.shift();
    if (next) this.write(next);
    else this.awaitingReceipt = false;
  }

  /**
   * The child has exited: closes the connections the parent still holds for it, so that
   * their clients see the connection close now, as httpd's clients do when a child dies,
   * and the channel to it (Deno keeps a dead child's channel open otherwise).
   */
  closeAfterExit(): void {
    for (const socket of this.unsent) socket.destroy();
    this.unsent.clear();
    this.outbox.length = 0;
    if (this.process.connected) this.process.disconnect();
  }

  private post(out: Outgoing): void {
    if (this.paced) {
      if (this.awaitingReceipt) {
        this.outbox.push(out);
        return;
      }
      this.awaitingReceipt = true;
    }
    this.write(out);
  }

  private write({ message, socket }: Outgoing): void {
    if (!socket) {
      if (this.process.connected) this.process.send(message);
      return;
    }
    // Written (or failed): the kernel holds the copy in flight to the child, so the parent's
    // can go. Only after the write: the fd is read when the message is written.
    this.process.send(message, socket, KEEP_OPEN, () => {
      this.unsent.delete(socket);
      socket.destroy();
    });
  }
}
