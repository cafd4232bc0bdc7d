// A load run's totals from its outcomes. Pure.
import { summarizeLatency } from './percentiles.ts';
import type { LoadResult, RequestOutcome } from './types.ts';

export function summarize(requests: RequestOutcome[], durationMs: number, stoppedBy: LoadResult['stoppedBy']): LoadResult {
  const latencies: number[] = [];
  const byPid: Record<number, number> = {};
  const errors: Record<string, number> = {};
  for (const r of requests) {
    if (r.ok) latencies.push(r.latencyMs);
    else if (r.error) errors[r.error] = (errors[r.error] ?? 0) + 1;
    if (r.servedBy) byPid[r.servedBy.pid] = (byPid[r.servedBy.pid] ?? 0) + 1;
  }
  return {
    requests,
    ok: latencies.length,
    failed: requests.length - latencies.length,
    durationMs,
    requestsPerSecond: durationMs > 0 ? (latencies.length * 1000) / durationMs : 0,
    latency: summarizeLatency(latencies),
    byPid,
    errors,
    closedBeforeResponse: requests.filter((r) => r.closedBeforeResponse).length,
    stoppedBy,
  };
}
