// One request whose failure is an answer too (a crash's connection dies on purpose): never
// throws for a failed exchange, only for a URL the client refuses or nothing listening.
import { errorKind } from '../client/error-kind.ts';
import { NotListeningError, TargetError } from '../client/errors.ts';
import { request } from '../client/request.ts';
import { parseServedBy } from '../client/served-by.ts';
import { LIMITS } from './limits.ts';
import type { LoadTrack } from './traffic-recorder.ts';
import type { SingleOutcome } from './types.ts';

export async function singleRequest(url: string, headers: Record<string, string>, track?: LoadTrack): Promise<SingleOutcome> {
  const t0 = performance.now();
  track?.progress({ sent: 1, done: 0, ok: 0 });
  let outcome: SingleOutcome;
  try {
    const res = await request(url, { headers, timeoutMs: LIMITS.timeoutMs });
    const pid = parseServedBy(res.headers['x-served-by'])?.pid;
    const ok = res.status >= 200 && res.status < 400;
    outcome = { ok, status: res.status, latencyMs: res.latencyMs, ...(ok ? {} : { error: `HTTP ${res.status}` }), ...(pid ? { pid } : {}) };
  } catch (error) {
    if (error instanceof TargetError || error instanceof NotListeningError) {
      track?.finish([]);
      throw error;
    }
    outcome = { ok: false, error: errorKind((error as Error).cause ?? error), latencyMs: performance.now() - t0 };
  }
  track?.finish([outcome]);
  return outcome;
}
