// Blocks a thread in the lab's non-thread-safe module (/block?ms=N holds the process-wide
// lock), optionally with `waiters` requests for the same module (/module): in worker and
// event they queue behind the lock in the same process, which is lesson 3's point.
import type { LoadResult } from '../client/types.ts';
import { PATHS, labUrl, tokenHeaders } from './lab-url.ts';
import { LIMITS, checkWhole } from './limits.ts';
import { sendBurst } from './send-burst.ts';
import { singleRequest } from './single-request.ts';
import type { TrafficRecorder } from './traffic-recorder.ts';
import type { LabAddress, SingleOutcome } from './types.ts';

export interface BlockOptions {
  lab: LabAddress;
  ms: number;
  waiters?: number; // /module requests sent just after the block (default 0)
  recorder?: TrafficRecorder;
}

export interface BlockResult {
  block: SingleOutcome; // pid: the process whose lock was held
  waiters: LoadResult | null;
}

/** Gives the parent time to hand the block's connection out before the waiters' arrive. */
const HAND_OFF_MS = 100;

export async function blockThread(options: BlockOptions): Promise<BlockResult> {
  checkWhole('blockThread', 'ms', options.ms, 0, LIMITS.maxMs);
  const waiters = options.waiters ?? 0;
  checkWhole('blockThread', 'waiters', waiters, 0, LIMITS.maxConcurrency);
  const headers = tokenHeaders(options.lab, 'blockThread');
  const block = singleRequest(labUrl(options.lab, PATHS.block(options.ms)), headers, options.recorder?.start());
  let queued: Promise<LoadResult> | null = null;
  if (waiters > 0) {
    await new Promise((r) => setTimeout(r, HAND_OFF_MS));
    queued = sendBurst({ lab: options.lab, count: waiters, concurrency: waiters, path: PATHS.module, ...(options.recorder ? { recorder: options.recorder } : {}) });
  }
  const [blockOutcome, waitersResult] = await Promise.all([block, queued]);
  return { block: blockOutcome, waiters: waitersResult };
}
