// A child's worker threads, seen from its main thread (httpd's listener thread): which are
// idle, handing one a request, and waking one held in keep-alive (worker model).
import { Worker } from 'node:worker_threads';
import type { LabRequest, LabResponse } from '../http/types.ts';
import { toWire } from '../http/wire.ts';
import { siblingModule } from '../runtime/sibling-module.ts';
import { startNamedThread } from '../runtime/thread-name.ts';
import { workerThreadComm } from '../server/role-names.ts';
import type { FromThread, ThreadData, ToThread } from './thread-messages.ts';

export class PooledThread {
  tid = 0;
  idle = true;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: LabResponse) => void }>();
  constructor(
    readonly index: number,
    readonly worker: Worker,
    private readonly wake: Int32Array,
  ) {}

  post(message: ToThread): void {
    if (message.t === 'close') this.readingClient = null; // an R not yet sent must not follow it
    this.worker.postMessage(message);
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
    this.post({ t: 'read', client: this.readingClient });
    this.readingClient = null;
  };

  request(req: LabRequest): Promise<LabResponse> {
    this.readingClient = null;
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, { resolve });
      this.post({ t: 'req', id, req: toWire(req) });
      this.wakeUp();
    });
  }

  /** A worker-model thread waits, blocked, between its connection's requests: wake it. */
  wakeUp(): void {
    Atomics.add(this.wake, this.index, 1);
    Atomics.notify(this.wake, this.index);
  }

  settle(id: number, res: LabResponse): void {
    const w = this.waiting.get(id);
    this.waiting.delete(id);
    w?.resolve(res);
  }
}

export class ThreadPool {
  readonly threads: PooledThread[] = [];
  private readonly wake: Int32Array;

  constructor(count: number, base: Omit<ThreadData, 'thread' | 'wake'>) {
    const wakeBuffer = new SharedArrayBuffer(4 * count);
    this.wake = new Int32Array(wakeBuffer);
    const module = siblingModule(import.meta.url, './worker-thread-entry');
    // A small young generation: a thread's handlers allocate little per request, and V8's
    // default lets each thread's nursery grow to several MB that stay resident. Bun and Deno
    // take the option and ignore it.
    const resourceLimits = { maxYoungGenerationSizeMb: 2 };
    for (let i = 0; i < count; i++) {
      const worker = startNamedThread(workerThreadComm(base.processSlot, i), () => new Worker(module, { workerData: { ...base, thread: i, wake: wakeBuffer } satisfies ThreadData, resourceLimits }));
      const thread = new PooledThread(i, worker, this.wake);
      worker.on('message', (message: FromThread) => {
        if (message.t === 'ready') thread.tid = message.tid;
        else if (message.t === 'res') thread.settle(message.id, message.res);
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
