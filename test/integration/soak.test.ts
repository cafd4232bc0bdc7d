// The soak bench's short version, for CI: on each model, 2,000 mixed requests (fast, slow,
// keep-alive) with no fault injected. Every request is answered, the open fds of the parent
// and of the children are exactly what they were before the load once the clients have gone
// (a leak of one fd per connection would show as hundreds), and no child is replaced.
// No timing is asserted: the load runs as fast as the machine lets it. MPM_LAB_RUNTIME=bun|deno
// runs the lab under that runtime.
import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../bench/lab-process.ts';
import { soak, soakReport } from '../../bench/soak.ts';

const runtime = (process.env.MPM_LAB_RUNTIME as Runtime | undefined) ?? 'node';
const REQUESTS = 2000;

describe('soak, short', () => {
  for (const model of ['prefork', 'worker', 'event'] as const) {
    it(`${model}: every request answered, fds back to what they were, no child replaced`, async () => {
      const r = await soak({ model, runtime, requests: REQUESTS, seconds: 0 });
      const report = soakReport(r); // shown with any failure: what happened, in the bench's words
      expect(r.sent, report).toBe(REQUESTS);
      expect(r.mix.slow, report).toBeGreaterThan(0);
      expect(r.mix.keepAliveReused, report).toBeGreaterThan(0);
      expect(r.unanswered, report).toEqual({});
      expect(r.otherStatus, report).toEqual({});
      expect(r.ok, report).toBe(REQUESTS);
      expect(r.before.childPids.length, report).toBeGreaterThan(0);
      expect(r.after.parentFds, report).toBe(r.before.parentFds);
      expect(r.after.childFds, report).toBe(r.before.childFds);
      expect(r.after.childPids, report).toEqual(r.before.childPids);
      expect(r.errorLogLines, report).toEqual([]);
    }, 120_000); // about 5 s each; room for a lab that starts slowly on a busy machine
  }
});
