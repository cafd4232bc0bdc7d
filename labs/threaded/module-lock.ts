// The simulated non-thread-safe module's lock: one per process, shared by all its threads
// through a SharedArrayBuffer. Waiting for it really blocks the waiting thread (Atomics.wait),
// which is exactly how one stuck module holds up every thread of its process.
const FREE = 0;
const HELD = 1;

export function createLockBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(8);
}

export class ModuleLock {
  private readonly cell: Int32Array;
  private readonly sleeper: Int32Array;
  constructor(buffer: SharedArrayBuffer) {
    this.cell = new Int32Array(buffer, 0, 1);
    this.sleeper = new Int32Array(new SharedArrayBuffer(4));
  }

  /** Blocks the calling thread until it holds the lock; returns the ms it waited. */
  acquire(): number {
    const start = Date.now();
    while (Atomics.compareExchange(this.cell, 0, FREE, HELD) !== FREE) {
      Atomics.wait(this.cell, 0, HELD, 1000);
    }
    return Date.now() - start;
  }

  release(): void {
    Atomics.store(this.cell, 0, FREE);
    Atomics.notify(this.cell, 0, 1);
  }

  /** Enter the module and stay in it for ms, holding the lock (the thread is blocked). */
  hold(ms: number): number {
    const waited = this.acquire();
    try {
      blockFor(this.sleeper, ms);
    } finally {
      this.release();
    }
    return waited;
  }

  /** Enter and leave at once: how long did the lock make us wait? */
  enter(): number {
    const waited = this.acquire();
    this.release();
    return waited;
  }
}

/** Blocks the calling thread for ms: a thread that sleeps cannot serve anyone else. */
export function blockFor(cell: Int32Array, ms: number): void {
  const until = Date.now() + ms;
  for (let left = ms; left > 0; left = until - Date.now()) Atomics.wait(cell, 0, 0, left);
}
