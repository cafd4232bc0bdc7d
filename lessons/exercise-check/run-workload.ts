// Runs an exercise's workload against a started lab and measures it: the clients' waits (the
// lab client), the child processes at the busiest moment (the scoreboard) and their memory
// (/proc). Bounded: every client has a timeout and the whole run stops by itself.
import type { Mpm, StartedLab } from '../../labs/mpm.ts';
import { holdKeepAliveClients, PATHS, sendBurst, startSlowClients } from '../../labs/operations/index.ts';
import { readProcess } from '../../labs/proc/index.ts';
import type { RequestOutcome } from '../../labs/client/types.ts';
import type { Goal, Measured, Workload } from './types.ts';

const SAMPLE_MS = 50;
const RSS_EVERY = 5; // samples: /proc is read every 250 ms
const MB = 1024 * 1024;

/** Samples the scoreboard while the workload runs: the most child processes seen at once, and their memory. */
function sampler(mpm: Mpm): { stop(): { peakProcesses: number; peakRssMb: number } } {
  let peakProcesses = 0;
  let peakRss = 0;
  let n = 0;
  const sample = () => {
    const pids = mpm.scoreboard().processes.filter((p) => p.pid > 0).map((p) => p.pid);
    peakProcesses = Math.max(peakProcesses, pids.length);
    if (n++ % RSS_EVERY === 0) {
      let rss = 0;
      for (const pid of pids) rss += readProcess(pid)?.rssBytes ?? 0;
      peakRss = Math.max(peakRss, rss);
    }
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return { peakProcesses, peakRssMb: peakRss / MB };
    },
  };
}

/** The clients' outcomes against the goal's limit. */
export function countLate(outcomes: readonly Pick<RequestOutcome, 'ok' | 'latencyMs'>[], limitMs: number): { answered: number; late: number; longestMs: number } {
  let answered = 0;
  let late = 0;
  let longestMs = 0;
  for (const o of outcomes) {
    if (o.ok) answered++;
    if (!o.ok || o.latencyMs > limitMs) late++;
    longestMs = Math.max(longestMs, o.latencyMs);
  }
  return { answered, late, longestMs };
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, SAMPLE_MS));
  }
  return check();
}

/** How long a client may wait before it counts as failed: well past the goal, so a late answer is measured. */
function clientTimeoutMs(workload: Workload, goal: Goal): number {
  const base = workload.kind === 'slow-requests' || workload.kind === 'mixed' ? workload.ms : 0;
  return Math.max(base * 4, goal.limitMs * 3, 10_000);
}

export async function runWorkload(mpm: Mpm, lab: StartedLab, workload: Workload, goal: Goal): Promise<Measured> {
  const timeoutMs = clientTimeoutMs(workload, goal);
  const watch = sampler(mpm);
  const finish = () => watch.stop();
  try {
    switch (workload.kind) {
      case 'slow-requests': {
        const burst = await sendBurst({ lab, count: workload.clients, concurrency: workload.clients, path: PATHS.sleep(workload.ms), timeoutMs, maxDurationMs: timeoutMs + 5000 });
        const peak = finish();
        return { clients: workload.clients, ...countLate(burst.requests, goal.limitMs), ...peak, held: 0, heldAnswered408: 0 };
      }
      case 'keep-alive-then-fresh': {
        const held = await holdKeepAliveClients({ lab, count: workload.held, holdMs: timeoutMs + 5000 });
        try {
          const burst = await sendBurst({ lab, count: workload.fresh, concurrency: workload.fresh, timeoutMs, maxDurationMs: timeoutMs + 5000 });
          const peak = finish();
          const heldOk = held.hold.responses.filter((r) => r !== null).length;
          return { clients: workload.fresh, ...countLate(burst.requests, goal.limitMs), ...peak, held: heldOk, heldAnswered408: 0 };
        } finally {
          held.release();
        }
      }
      case 'slow-headers-then-fresh': {
        const slow = startSlowClients({ lab, count: workload.slow, lines: workload.lines, everyMs: workload.everyMs });
        try {
          // The fresh clients come once the slow ones are being read (R), as a real slowloris is.
          await waitFor(() => readingSlots(mpm) >= workload.slow, 3000);
          const burst = await sendBurst({ lab, count: workload.fresh, concurrency: workload.fresh, timeoutMs, maxDurationMs: timeoutMs + 5000 });
          const peak = finish();
          const answered408 = slow.clients.filter((c) => c.status === 408).length;
          return { clients: workload.fresh, ...countLate(burst.requests, goal.limitMs), ...peak, held: workload.slow, heldAnswered408: answered408 };
        } finally {
          slow.release();
          await slow.done;
        }
      }
      case 'mixed': {
        // The clients come together: the page clients do not wait for every keep-alive client
        // to be answered (on a lab too small, some of those wait for a worker themselves).
        const holding = holdKeepAliveClients({ lab, count: workload.keepAlive, holdMs: timeoutMs + 5000 });
        await Promise.race([holding, new Promise((r) => setTimeout(r, 1000))]);
        const slow = startSlowClients({ lab, count: workload.slow, lines: workload.lines, everyMs: workload.everyMs });
        let held: Awaited<typeof holding> | null = null;
        try {
          await waitFor(() => readingSlots(mpm) >= workload.slow, 1000);
          const burst = await sendBurst({ lab, count: workload.clients, concurrency: workload.clients, path: PATHS.sleep(workload.ms), timeoutMs, maxDurationMs: timeoutMs + 5000 });
          const peak = finish();
          held = await holding;
          const heldOk = held.hold.responses.filter((r) => r !== null).length;
          return { clients: workload.clients, ...countLate(burst.requests, goal.limitMs), ...peak, held: heldOk, heldAnswered408: slow.clients.filter((c) => c.status === 408).length };
        } finally {
          slow.release();
          (held ?? (await holding.catch(() => null)))?.release();
          await slow.done;
        }
      }
    }
  } finally {
    finish(); // stops the sampling however the workload ended
  }
}

function readingSlots(mpm: Mpm): number {
  let n = 0;
  for (const row of mpm.scoreboard().slots) for (const slot of row) if (slot.status === 'R') n++;
  return n;
}

/**
 * Waits until the lab has started what StartServers asks (every slot of its children waiting
 * for a connection), as a server is before its traffic comes; at most `timeoutMs`.
 */
export async function waitUntilReady(mpm: Mpm, timeoutMs = 20_000): Promise<void> {
  const q = mpm.query();
  const want = Math.min(mpm.config().StartServers, q.maxDaemons);
  const started = Date.now();
  await waitFor(() => {
    const snap = mpm.scoreboard();
    const live = snap.processes.filter((p) => p.pid > 0);
    const idle = live.every((p) => (snap.slots[p.slot] ?? []).every((s) => s.status === '_'));
    // maintenance may stop spare children before the last one is up: then the idle ones will do
    return idle && (live.length >= want || (live.length > 0 && Date.now() - started > 5000));
  }, timeoutMs);
}
