// compare's measures, from hand-made inputs: the children's footprint from /proc and the
// scoreboard, the requests' tally from the client's outcomes, and scoreboard readings.
import { describe, expect, it } from 'vitest';
import { footprintOf, peakFootprint } from '../../labs/compare/footprint.ts';
import { busySlotsByPid, keepAliveCounts, slowAnswers, tallyRequests } from '../../labs/compare/tally.ts';
import type { ProcInfo } from '../../labs/proc/types.ts';
import { makeSnapshot } from '../support/snapshot.ts';

const MB = 1024 * 1024;
const PARENT = 500;

function proc(pid: number, tids: number[], rssMb: number, ppid = PARENT): ProcInfo {
  return { pid, ppid, comm: 'x', title: 'x', state: 'S', rssBytes: rssMb * MB, threads: tids.map((tid) => ({ tid, comm: 'x', state: 'S' })), startTime: 0 };
}

describe('footprint', () => {
  it('worker: processes, every thread, the threads that hold a slot, and the summed RSS of the children only', () => {
    const snap = makeSnapshot('worker', ['____', 'W_K_', ''], { threadsPerChild: 4 });
    for (const row of snap.slots) for (const s of row) s.tid = 2000 + s.process * 100 + s.thread;
    const procs = [
      proc(1000, [1000, 2000, 2001, 2002, 2003, 3000, 3001], 60), // listener, 4 workers, 2 runtime threads
      proc(1001, [1001, 2100, 2101, 2102], 70), // its fourth worker thread has not started yet
      proc(PARENT, [PARENT, 501], 90, 1), // the parent (this command) is not counted
      proc(1002, [1002], 5, 1), // a pid the scoreboard names but that someone else now has
    ];
    expect(footprintOf(procs, snap, PARENT)).toEqual({ processes: 2, threads: 11, servingThreads: 4 + 3, rssBytes: 130 * MB });
  });

  it('prefork: each child serves on its own main thread', () => {
    const snap = makeSnapshot('prefork', ['_', 'W', '_']);
    for (const row of snap.slots) for (const s of row) s.tid = s.pid; // prefork's slot tid is its pid
    const procs = [proc(1000, [1000, 2000, 2001], 50), proc(1001, [1001, 2002], 50), proc(1002, [1002], 50)];
    expect(footprintOf(procs, snap, PARENT)).toEqual({ processes: 3, threads: 6, servingThreads: 3, rssBytes: 150 * MB });
  });

  it('the peak of each figure over the samples', () => {
    expect(peakFootprint([])).toEqual({ processes: 0, threads: 0, servingThreads: 0, rssBytes: 0 });
    expect(
      peakFootprint([
        { processes: 4, threads: 60, servingThreads: 16, rssBytes: 10 },
        { processes: 3, threads: 61, servingThreads: 12, rssBytes: 30 },
      ]),
    ).toEqual({ processes: 4, threads: 61, servingThreads: 16, rssBytes: 30 });
  });
});

describe('tally', () => {
  it('counts successes and each kind of failure as the client saw it; latency percentiles of the successes only', () => {
    const outcomes = [
      ...Array.from({ length: 98 }, (_, i) => ({ ok: true, latencyMs: i + 1 })),
      { ok: false, error: 'ECONNRESET', latencyMs: 5 },
      { ok: false, error: 'timeout', latencyMs: 2000 },
      { ok: false, error: 'ECONNRESET', latencyMs: 7 },
      { ok: false, latencyMs: 1 },
    ];
    expect(tallyRequests(outcomes, 2000)).toEqual({
      sent: 102,
      ok: 98,
      failed: 4,
      errors: { ECONNRESET: 2, timeout: 1, failed: 1 },
      requestsPerSecond: 49,
      p50Ms: 49,
      p99Ms: 98,
      durationMs: 2000,
    });
    expect(tallyRequests([], 0)).toMatchObject({ sent: 0, ok: 0, failed: 0, requestsPerSecond: 0, p50Ms: 0, p99Ms: 0 });
  });

  it('slow clients by the status of their answer, "none" without one', () => {
    expect(slowAnswers([{ status: 200 }, { status: 408 }, { status: null }, { status: 408 }])).toEqual({ '200': 1, '408': 2, none: 1 });
  });

  it('requests in flight by pid: slots reading or answering', () => {
    const snap = makeSnapshot('worker', ['WWRK', 'W___', '', 'C_L_'], { threadsPerChild: 4 });
    expect([...busySlotsByPid(snap)]).toEqual([
      [1000, 3],
      [1001, 1],
    ]);
  });

  it('idle keep-alive connections: on a worker slot (K) or parked in the listener (event)', () => {
    const snap = makeSnapshot('event', ['K_K_', '____', ''], { threadsPerChild: 4 });
    snap.processes[1]!.keepAlive = 5;
    snap.processes[2]!.keepAlive = 9; // a free process slot: not counted
    expect(keepAliveCounts(snap)).toEqual({ slots: 2, parked: 5 });
  });
});
