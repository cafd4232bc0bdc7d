// What the measured requests of a workload did, counted from the client's own outcomes:
// every failure with its real kind (ECONNRESET, timeout, HTTP 503...). Pure.
import { summarizeLatency } from '../client/percentiles.ts';
import type { SingleOutcome } from '../operations/types.ts';
import type { SlowClient } from '../operations/slow-clients.ts';
import type { ScoreboardSnapshot } from '../scoreboard/types.ts';
import type { RequestTally } from './types.ts';

/** Enough of a request's outcome: runLoad's RequestOutcome and an operation's SingleOutcome both are. */
export type Outcome = Pick<SingleOutcome, 'ok' | 'error' | 'latencyMs'>;

export function tallyRequests(outcomes: readonly Outcome[], durationMs: number): RequestTally {
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  for (const o of outcomes) {
    if (o.ok) latencies.push(o.latencyMs);
    else {
      const kind = o.error ?? 'failed';
      errors[kind] = (errors[kind] ?? 0) + 1;
    }
  }
  const latency = summarizeLatency(latencies);
  return {
    sent: outcomes.length,
    ok: latencies.length,
    failed: outcomes.length - latencies.length,
    errors,
    requestsPerSecond: durationMs > 0 ? (latencies.length * 1000) / durationMs : 0,
    p50Ms: latency.p50,
    p99Ms: latency.p99,
    durationMs,
  };
}

/** How the slow clients' connections ended: by the status of their answer, "none" without one. */
export function slowAnswers(clients: readonly Pick<SlowClient, 'status'>[]): Record<string, number> {
  const answers: Record<string, number> = {};
  for (const c of clients) {
    const key = c.status === null ? 'none' : String(c.status);
    answers[key] = (answers[key] ?? 0) + 1;
  }
  return answers;
}

/** Slots serving a request now (reading it or answering it), by the pid that owns them. */
export function busySlotsByPid(snapshot: Pick<ScoreboardSnapshot, 'slots'>): Map<number, number> {
  const busy = new Map<number, number>();
  for (const row of snapshot.slots) {
    for (const slot of row) if (slot.pid > 0 && (slot.status === 'R' || slot.status === 'W')) busy.set(slot.pid, (busy.get(slot.pid) ?? 0) + 1);
  }
  return busy;
}

/**
 * Idle kept-alive connections as the scoreboard shows them: held by a worker slot in state K
 * (prefork, worker), or parked in a process's listener (event's ConnsAsyncKeepAlive).
 */
export function keepAliveCounts(snapshot: Pick<ScoreboardSnapshot, 'slots' | 'processes'>): { slots: number; parked: number } {
  let slots = 0;
  for (const row of snapshot.slots) for (const slot of row) if (slot.pid > 0 && slot.status === 'K') slots++;
  const parked = snapshot.processes.reduce((n, p) => n + (p.pid > 0 ? p.keepAlive : 0), 0);
  return { slots, parked };
}
