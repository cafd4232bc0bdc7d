import { threadedHooks } from '../threaded/hooks.ts';

// worker.c: a child told to leave closes its listener, and nothing marks its worker threads:
// a busy one keeps showing what it does (W, K...) until its connection ends, then its slot
// is open (.). Idle ones leave at once.
export const workerHooks = threadedHooks('worker', { isAsync: false, busyWhileLeaving: 'unchanged' });
