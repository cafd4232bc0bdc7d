// A bounded load generator, like `ab -c C -n N [-k]`: C lanes, each with its own connection,
// send N requests in all and record every outcome. It always stops by itself: after N
// requests, at maxDurationMs, or when the signal aborts.
import { Connection } from './connection.ts';
import { closedByLabKind, errorKind, isKeepAliveRace } from './error-kind.ts';
import { NotListeningError } from './errors.ts';
import { requestText } from './request-text.ts';
import { parseServedBy } from './served-by.ts';
import { summarize } from './summarize.ts';
import { parseTarget } from './target.ts';
import type { LoadOptions, LoadProgress, LoadResult, RequestOutcome } from './types.ts';

const DEFAULT_MAX_DURATION_MS = 120_000;

function checkWhole(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`runLoad: ${name} must be a whole number >= ${min}; got ${value}`);
}

export async function runLoad(options: LoadOptions, onProgress?: (p: LoadProgress) => void): Promise<LoadResult> {
  const target = parseTarget(options.url);
  checkWhole('concurrency', options.concurrency, 1);
  checkWhole('requests', options.requests, 1);
  if (!(options.timeoutMs > 0)) throw new RangeError(`runLoad: timeoutMs must be > 0; got ${options.timeoutMs}`);
  const text = requestText(target, 'GET', options.keepAlive, options.headers);
  const lanes = Math.min(options.concurrency, options.requests);

  const outcomes: RequestOutcome[] = [];
  const live = new Set<Connection>();
  const started = performance.now();
  let next = 0;
  let done = 0;
  let ok = 0;
  let refused = 0;
  let stoppedBy: LoadResult['stoppedBy'] = null;
  let nothingListens = false;

  const stop = (why: Exclude<LoadResult['stoppedBy'], null> | 'refused') => {
    if (why === 'refused') nothingListens = true;
    else stoppedBy ??= why;
    for (const conn of live) conn.close('aborted');
  };
  const stopped = () => stoppedBy !== null || nothingListens;
  const onAbort = () => stop('signal');
  const cap = setTimeout(() => stop('max-duration'), options.maxDurationMs ?? DEFAULT_MAX_DURATION_MS);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  const record = (outcome: RequestOutcome) => {
    outcomes[outcome.index] = outcome;
    done++;
    if (outcome.ok) ok++;
    if (outcome.error === 'ECONNREFUSED') refused++;
    // Every lane was refused and nothing else ever happened: no server there, say so.
    if (refused >= lanes && refused === done) stop('refused');
    onProgress?.({ total: options.requests, sent: next, done, ok, failed: done - ok, elapsedMs: performance.now() - started });
  };

  const lane = async () => {
    let conn: Connection | null = null;
    while (!stopped() && next < options.requests) {
      const index = next++;
      if (!conn?.usable) {
        if (conn) live.delete(conn);
        conn = new Connection(target);
        live.add(conn);
      }
      const reused = conn.exchanges > 0;
      const startedAt = Date.now();
      const t0 = performance.now();
      try {
        const res = await conn.exchange(text, { timeoutMs: options.timeoutMs });
        const good = res.status >= 200 && res.status < 400;
        const servedBy = parseServedBy(res.headers['x-served-by']);
        const failure = good ? null : (closedByLabKind(res.headers) ?? `HTTP ${res.status}`);
        record({ index, ok: good, status: res.status, ...(failure ? { error: failure } : {}), startedAt, latencyMs: performance.now() - t0, ...(servedBy ? { servedBy } : {}), reused });
        if (!options.keepAlive || !res.keepAlive) conn.close();
      } catch (error) {
        const early = isKeepAliveRace(error, reused);
        record({ index, ok: false, error: errorKind(error), startedAt, latencyMs: performance.now() - t0, reused, ...(early ? { closedBeforeResponse: true } : {}) });
        conn.close();
      }
    }
    if (conn) {
      conn.close();
      live.delete(conn);
    }
  };

  try {
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    clearTimeout(cap);
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (nothingListens) throw new NotListeningError(target.url);
  return summarize(outcomes.filter(Boolean), performance.now() - started, stoppedBy);
}
