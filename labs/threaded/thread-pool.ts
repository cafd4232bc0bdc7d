// A child's worker threads, seen from its main thread (httpd's listener thread): which are
// idle, and handing one a message: each thread waits blocked in Atomics.wait for its inbox
// (worker-thread.ts), so every message is followed by a wake-up, and a message that can wait
// for the next one (a new connection's notice, an R) goes with it.
import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { LabRequest, LabResponse } from '../http/types.ts';
import { toWire } from '../http/wire.ts';
import { siblingModule } from '../runtime/sibling-module.ts';
import { startNamedThread } from '../runtime/thread-name.ts';
import { workerThreadComm } from '../server/role-names.ts';
import { responseFromWire, toThread } from './thread-messages.ts';
import type { FromThread, ThreadData, ToThread } from './thread-messages.ts';

const CONNECTION_NOTICE_MS = 1;

export class PooledThread {
  tid = 0;
  idle = true;
  /** Resolvers of the requests sent and not yet answered, in order (one at a time in practice). */
  private readonly waiting: ((r: LabResponse) => void)[] = [];
  constructor(
    readonly index: number,
    readonly worker: Worker,
    private readonly wake: Int32Array,
    private readonly inbox: MessagePort,
  ) {}

  /** The thread waits, blocked, for messages: each one is followed by a wake-up. */
  post(message: ToThread): void {
    if (message === toThread.close) this.readingClient = null; // an R not yet sent must not follow it
    this.sendConnection();
    this.inbox.postMessage(message);
    this.wakeUp();
  }

  private connectingClient: string | null = null;
  private connectingTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * A new connection is this thread's now, and its slot shows R while it reads the request.
   * Told together with the request when that comes within CONNECTION_NOTICE_MS (one wake-up
   * of the thread instead of two), else on its own then: a client slow to send shows R.
   */
  connection(client: string): void {
    this.sendConnection();
    this.connectingClient = client;
    this.connectingTimer = setTimeout(this.flushConnection, CONNECTION_NOTICE_MS);
  }

  private readonly flushConnection = (): void => {
    this.connectingTimer = undefined;
    if (this.sendConnection()) this.wakeUp();
  };

  /** Queues the pending connection notice, if any, without waking the thread. */
  private sendConnection(): boolean {
    if (this.connectingClient === null) return false;
    if (this.connectingTimer !== undefined) clearTimeout(this.connectingTimer);
    this.connectingTimer = undefined;
    this.inbox.postMessage(toThread.connection(this.connectingClient));
    this.connectingClient = null;
    return true;
  }

  private readingClient: string | null = null;

  /**
   * event: this thread reads a kept-alive connection's next request (its slot shows R). Sent
   * at the end of this turn, and not at all when the whole request is already here and goes
   * with `request` (its W follows at once): one message and one slot write fewer per request.
   */
  reading(client: string): void {
    if (this.readingClient === null) setImmediate(this.flushReading);
    this.readingClient = client;
  }

  private readonly flushReading = (): void => {
    if (this.readingClient === null) return;
    this.post(toThread.reading(this.readingClient));
    this.readingClient = null;
  };

  request(req: LabRequest): Promise<LabResponse> {
    this.readingClient = null;
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.post(toThread.request(toWire(req)));
    });
  }

  private wakeUp(): void {
    Atomics.add(this.wake, this.index, 1);
    Atomics.notify(this.wake, this.index);
  }

  settle(res: LabResponse): void {
    this.waiting.shift()?.(res);
  }
}

export class ThreadPool {
  readonly threads: PooledThread[] = [];
  private readonly wake: Int32Array;

  constructor(count: number, base: Omit<ThreadData, 'thread' | 'wake' | 'inbox'>) {
    const wakeBuffer = new SharedArrayBuffer(4 * count);
    this.wake = new Int32Array(wakeBuffer);
    const module = siblingModule(import.meta.url, './worker-thread-entry');
    // A small young generation: a thread's handlers allocate little per request, and V8's
    // default lets each thread's nursery grow to several MB that stay resident. Bun and Deno
    // take the option and ignore it.
    const resourceLimits = { maxYoungGenerationSizeMb: 2 };
    for (let i = 0; i < count; i++) {
      const { port1, port2 } = new MessageChannel();
      const workerData = { ...base, thread: i, wake: wakeBuffer, inbox: port2 } satisfies ThreadData;
      const worker = startNamedThread(workerThreadComm(base.processSlot, i), () => new Worker(module, { workerData, transferList: [port2], resourceLimits }));
      const thread = new PooledThread(i, worker, this.wake, port1);
      worker.on('message', (message: FromThread) => {
        if (Array.isArray(message)) thread.settle(responseFromWire(message));
        else if (message.t === 'ready') thread.tid = message.tid;
      });
      worker.on('error', (error) => {
        process.stderr.write(`mpm-lab: worker thread ${i} of pid ${process.pid} failed: ${error.message}\n`);
      });
      this.threads.push(thread);
    }
  }

  /** Resolves when every thread has started and reported its tid. */
  ready(): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (this.threads.every((t) => t.tid > 0) ? resolve() : setTimeout(check, 5));
      check();
    });
  }

  idleCount(): number {
    let n = 0;
    for (const t of this.threads) if (t.idle) n++;
    return n;
  }

  /** The lowest-numbered idle thread, marked busy, or null. */
  take(): PooledThread | null {
    for (const t of this.threads) {
      if (t.idle) {
        t.idle = false;
        return t;
      }
    }
    return null;
  }
}
