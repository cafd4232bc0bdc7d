// What the UI's (or a lesson's) own load did, over time: completions per second, failures,
// latency percentiles over a recent window. Pure, with the clock injected; memory is bounded
// (old buckets and samples are dropped), so it can run for a whole session.
import { summarizeLatency } from '../client/percentiles.ts';
import type { LatencySummary, LoadProgress, RequestOutcome } from '../client/types.ts';

export interface TrafficOptions {
  bucketMs?: number; // one bar of the chart (default 1000)
  keepMs?: number; // history kept (default 120000)
  maxSamples?: number; // latency samples kept at most (default 20000)
  now?: () => number;
}

export interface TrafficSummary {
  windowMs: number;
  ok: number; // completed in the window
  failed: number;
  errors: Record<string, number>; // failures in the window by kind
  latency: LatencySummary | null; // of successful requests in the window; null when none
  lastSecondOk: number; // successful completions per second, in the last whole bucket
  inFlight: number; // sent and not answered yet
  totalOk: number; // since the recorder was made
  totalFailed: number;
}

/** What a finished request leaves behind, from runLoad's outcomes or a single request. */
export interface FinishedRequest {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

/** One load's link to the recorder: feed it runLoad's progress, then its outcomes. */
export interface LoadTrack {
  progress(p: Pick<LoadProgress, 'sent' | 'done' | 'ok'>): void;
  finish(outcomes: readonly (FinishedRequest | RequestOutcome)[]): void;
}

interface Bucket {
  ok: number;
  failed: number;
}

export class TrafficRecorder {
  readonly bucketMs: number;
  readonly keepMs: number;
  private readonly maxSamples: number;
  private readonly now: () => number;
  private readonly buckets = new Map<number, Bucket>();
  private samples: { at: number; ms: number }[] = [];
  private failures: { at: number; kind: string }[] = [];
  private readonly active = new Set<{ inFlight: number }>();
  private totalOk = 0;
  private totalFailed = 0;
  /** Bumped on every change, so that a view redraws only when something happened. */
  version = 0;
  /** When something last happened (epoch ms; 0: never): a chart moves only while it shows that. */
  lastActivity = 0;

  constructor(options: TrafficOptions = {}) {
    this.bucketMs = options.bucketMs ?? 1000;
    this.keepMs = options.keepMs ?? 120_000;
    this.maxSamples = options.maxSamples ?? 20_000;
    this.now = options.now ?? Date.now;
  }

  get inFlight(): number {
    let n = 0;
    for (const a of this.active) n += a.inFlight;
    return n;
  }

  private count(ok: number, failed: number, at: number): void {
    if (ok === 0 && failed === 0) return;
    const key = Math.floor(at / this.bucketMs);
    const b = this.buckets.get(key) ?? { ok: 0, failed: 0 };
    b.ok += ok;
    b.failed += failed;
    this.buckets.set(key, b);
    this.totalOk += ok;
    this.totalFailed += failed;
    this.prune(at);
  }

  private prune(at: number): void {
    const oldest = Math.floor((at - this.keepMs) / this.bucketMs);
    for (const key of this.buckets.keys()) if (key < oldest) this.buckets.delete(key);
    const cut = at - this.keepMs;
    if (this.samples.length && this.samples[0]!.at < cut) this.samples = this.samples.filter((s) => s.at >= cut);
    if (this.samples.length > this.maxSamples) this.samples = this.samples.slice(-this.maxSamples);
    if (this.failures.length && this.failures[0]!.at < cut) this.failures = this.failures.filter((f) => f.at >= cut);
    if (this.failures.length > this.maxSamples) this.failures = this.failures.slice(-this.maxSamples);
  }

  /** Starts tracking one load (a burst, or a single request). */
  start(): LoadTrack {
    const state = { inFlight: 0, done: 0, ok: 0 };
    this.active.add(state);
    return {
      progress: (p) => {
        // Completions are counted when they happen; their latencies come with finish().
        this.count(p.ok - state.ok, p.done - p.ok - (state.done - state.ok), this.now());
        state.done = p.done;
        state.ok = p.ok;
        state.inFlight = Math.max(0, p.sent - p.done);
        this.version++;
        this.lastActivity = this.now();
      },
      finish: (outcomes) => {
        const at = this.now();
        const okAll = outcomes.filter((o) => o.ok).length;
        // Whatever progress did not report yet is counted now.
        this.count(Math.max(0, okAll - state.ok), Math.max(0, outcomes.length - okAll - (state.done - state.ok)), at);
        for (const o of outcomes) {
          if (o.ok) this.samples.push({ at, ms: o.latencyMs });
          else this.failures.push({ at, kind: o.error ?? 'failed' });
        }
        this.prune(at);
        this.active.delete(state);
        this.version++;
        this.lastActivity = at;
      },
    };
  }

  /** Successful and failed completions per bucket, oldest first, the current bucket last. */
  series(buckets: number): { ok: number[]; failed: number[] } {
    const last = Math.floor(this.now() / this.bucketMs);
    const ok: number[] = [];
    const failed: number[] = [];
    for (let key = last - buckets + 1; key <= last; key++) {
      const b = this.buckets.get(key);
      ok.push(b?.ok ?? 0);
      failed.push(b?.failed ?? 0);
    }
    return { ok, failed };
  }

  summary(windowMs = 10_000): TrafficSummary {
    const now = this.now();
    const since = now - windowMs;
    const firstKey = Math.floor(since / this.bucketMs);
    let ok = 0;
    let failed = 0;
    for (const [key, b] of this.buckets) {
      if (key < firstKey) continue;
      ok += b.ok;
      failed += b.failed;
    }
    const errors: Record<string, number> = {};
    for (const f of this.failures) if (f.at >= since) errors[f.kind] = (errors[f.kind] ?? 0) + 1;
    const recent = this.samples.filter((s) => s.at >= since).map((s) => s.ms);
    const lastWhole = this.buckets.get(Math.floor(now / this.bucketMs) - 1);
    return {
      windowMs,
      ok,
      failed,
      errors,
      latency: recent.length ? summarizeLatency(recent) : null,
      lastSecondOk: ((lastWhole?.ok ?? 0) * 1000) / this.bucketMs,
      inFlight: this.inFlight,
      totalOk: this.totalOk,
      totalFailed: this.totalFailed,
    };
  }
}
