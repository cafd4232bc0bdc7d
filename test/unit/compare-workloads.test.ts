// The compare workloads: sized from MaxRequestWorkers as the issue asks, each bounded in
// count and time, and described in one line that names its numbers.
import { describe, expect, it } from 'vitest';
import { LIMITS, SLOW_LIMITS } from '../../labs/operations/index.ts';
import { WORKLOAD_NAMES, describePlan, isWorkloadName, planCapMs, planWorkload } from '../../labs/compare/workloads.ts';

describe('compare workloads', () => {
  it('are sized from MaxRequestWorkers: fast above N/2 at once, slow above N, keep-alive and slow clients N of them', () => {
    for (const n of [1, 4, 8, 16, 64]) {
      const fast = planWorkload('fast', { maxRequestWorkers: n });
      const slow = planWorkload('slow', { maxRequestWorkers: n });
      const keep = planWorkload('keepalive', { maxRequestWorkers: n });
      const trickle = planWorkload('slow-clients', { maxRequestWorkers: n });
      const crash = planWorkload('crash', { maxRequestWorkers: n });
      if (fast.kind !== 'fast' || slow.kind !== 'slow' || keep.kind !== 'keepalive' || trickle.kind !== 'slow-clients' || crash.kind !== 'crash') throw new Error('wrong kind');
      expect(fast.concurrency).toBeGreaterThan(n / 2);
      expect(fast.requests).toBeGreaterThan(fast.concurrency);
      expect(slow.concurrency).toBeGreaterThan(n);
      expect(keep.idle).toBe(n);
      expect(trickle.slow).toBe(n);
      expect(crash.inFlight).toBeGreaterThanOrEqual(2);
      expect(crash.siblingMs).toBeGreaterThan(crash.afterMs); // the siblings are still in flight when the crash comes
    }
    expect(planWorkload('crash', { maxRequestWorkers: 16 })).toEqual({ kind: 'crash', inFlight: 12, afterMs: 600, siblingMs: 1600 });
    expect(planWorkload('fast', { maxRequestWorkers: 16 })).toMatchObject({ requests: 640, concurrency: 12 });
  });

  it('stay within the operations\' bounds and stop by themselves, in count and in time', () => {
    for (const name of WORKLOAD_NAMES) {
      const plan = planWorkload(name, { maxRequestWorkers: 64 });
      expect(planCapMs(plan)).toBeLessThanOrEqual(LIMITS.maxDurationMs);
      if ('requests' in plan) expect(plan.requests).toBeLessThanOrEqual(LIMITS.maxRequests);
      if ('concurrency' in plan) expect(plan.concurrency).toBeLessThanOrEqual(LIMITS.maxConcurrency);
      if ('timeoutMs' in plan) expect(plan.timeoutMs).toBeLessThan(planCapMs(plan));
      if (plan.kind === 'slow-clients') {
        expect(plan.slow).toBeLessThanOrEqual(SLOW_LIMITS.maxClients);
        expect(plan.lines * plan.everyMs).toBeLessThan(planCapMs(plan));
      }
      if (plan.kind === 'keepalive') expect(plan.idle).toBeLessThanOrEqual(LIMITS.maxHeld);
    }
  });

  it('say what they send in one line, with their numbers', () => {
    expect(describePlan(planWorkload('slow', { maxRequestWorkers: 16 }))).toBe(
      '64 GET /sleep?ms=400, 32 at a time (more than MaxRequestWorkers: the rest wait)',
    );
    expect(describePlan(planWorkload('crash', { maxRequestWorkers: 8 }))).toBe(
      '6 requests in flight: /crash?after=600 takes its process down while 5 GET /sleep?ms=1600 are served',
    );
    for (const name of WORKLOAD_NAMES) expect(describePlan(planWorkload(name, { maxRequestWorkers: 16 }))).not.toMatch(/\n|undefined|NaN/);
  });

  it('are known by name, and nothing else is', () => {
    expect(WORKLOAD_NAMES).toEqual(['fast', 'slow', 'keepalive', 'slow-clients', 'crash']);
    expect(WORKLOAD_NAMES.every(isWorkloadName)).toBe(true);
    for (const word of ['', 'Fast', 'slowclients', 'keep-alive', 'crash ']) expect(isWorkloadName(word)).toBe(false);
  });
});
