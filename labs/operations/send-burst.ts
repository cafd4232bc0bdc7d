// A burst of requests at the lab: `count` requests, `concurrency` at a time, each on its own
// connection unless keepAlive. Fast (`/`) or slow (`/sleep?ms=N`): the path decides.
import { runLoad } from '../client/run-load.ts';
import type { LoadResult } from '../client/types.ts';
import { labUrl } from './lab-url.ts';
import { LIMITS, checkWhole } from './limits.ts';
import type { LoadTrack, TrafficRecorder } from './traffic-recorder.ts';
import type { LabAddress } from './types.ts';

export interface BurstOptions {
  lab: LabAddress;
  count: number;
  concurrency: number;
  path?: string; // default '/'
  keepAlive?: boolean;
  timeoutMs?: number;
  maxDurationMs?: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  recorder?: TrafficRecorder; // counts the burst in a traffic chart as it runs
}

export async function sendBurst(options: BurstOptions): Promise<LoadResult> {
  checkWhole('sendBurst', 'count', options.count, 1, LIMITS.maxRequests);
  checkWhole('sendBurst', 'concurrency', options.concurrency, 1, LIMITS.maxConcurrency);
  const track: LoadTrack | undefined = options.recorder?.start();
  // runLoad reports progress per completed request; until the first one, every lane is in flight.
  track?.progress({ sent: Math.min(options.count, options.concurrency), done: 0, ok: 0 });
  try {
    const result = await runLoad(
      {
        url: labUrl(options.lab, options.path ?? '/'),
        concurrency: options.concurrency,
        requests: options.count,
        keepAlive: options.keepAlive === true,
        timeoutMs: Math.min(options.timeoutMs ?? LIMITS.timeoutMs, LIMITS.timeoutMs),
        maxDurationMs: Math.min(options.maxDurationMs ?? LIMITS.maxDurationMs, LIMITS.maxDurationMs),
        ...(options.headers ? { headers: options.headers } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
      track ? (p) => track.progress(p) : undefined,
    );
    track?.finish(result.requests);
    return result;
  } catch (error) {
    track?.finish([]);
    throw error;
  }
}
