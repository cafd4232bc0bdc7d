// What a handler may use: who is serving (for the page and X-Served-By), and the few
// effects a model must supply, because each model does them differently (a worker thread
// blocks with Atomics.wait where a prefork child uses a timer).
import type { ModelName } from '../config/types.ts';
import type { ScoreboardSnapshot } from '../scoreboard/types.ts';
import type { ServerInfo } from '../status/types.ts';

export interface Identity {
  pid: number;
  tid: number;
  threadName: string;
  processSlot: number;
  threadSlot: number;
  model: ModelName;
}

export interface ModuleLock {
  /** Enter the simulated non-thread-safe module and hold the process's lock for ms. */
  hold(ms: number): Promise<void>;
  /** Wait for the lock, release it at once; resolves with the ms waited. */
  enter(): Promise<number>;
}

export interface HandlerContext {
  identity: Identity;
  sleep(ms: number): Promise<void>;
  crash(): never;
  moduleLock: ModuleLock;
  token: string;
  documentRoot?: string;
  status: () => { snapshot: ScoreboardSnapshot; info: ServerInfo };
}
