// A lab's processes, threads and memory at one moment, from what /proc says of its children
// and what the scoreboard says they serve; and the peak of several such moments. Pure.
import type { ProcInfo } from '../proc/types.ts';
import type { ScoreboardSnapshot } from '../scoreboard/types.ts';
import type { Footprint } from './types.ts';

export const NO_FOOTPRINT: Footprint = { processes: 0, threads: 0, servingThreads: 0, rssBytes: 0 };

/**
 * `procs`: the processes /proc showed for the scoreboard's pids. Only the lab's children
 * count: the parent is the command that runs the comparison, load client included.
 */
export function footprintOf(procs: readonly ProcInfo[], snapshot: ScoreboardSnapshot, parentPid: number): Footprint {
  const children = new Set(snapshot.processes.filter((p) => p.pid > 0).map((p) => p.pid));
  let processes = 0;
  let threads = 0;
  let servingThreads = 0;
  let rssBytes = 0;
  for (const proc of procs) {
    if (!children.has(proc.pid) || proc.ppid !== parentPid) continue; // a pid reused by someone else
    processes++;
    threads += proc.threads.length;
    rssBytes += proc.rssBytes;
    // A thread serves when a slot names it (prefork: the process itself, tid = pid).
    const tids = new Set(proc.threads.map((t) => t.tid));
    for (const row of snapshot.slots) for (const slot of row) if (slot.pid === proc.pid && slot.status !== '.' && tids.has(slot.tid)) servingThreads++;
  }
  return { processes, threads, servingThreads, rssBytes };
}

/** The largest value of each figure over the samples (they may come from different moments). */
export function peakFootprint(samples: readonly Footprint[]): Footprint {
  return samples.reduce<Footprint>(
    (peak, s) => ({
      processes: Math.max(peak.processes, s.processes),
      threads: Math.max(peak.threads, s.threads),
      servingThreads: Math.max(peak.servingThreads, s.servingThreads),
      rssBytes: Math.max(peak.rssBytes, s.rssBytes),
    }),
    NO_FOOTPRINT,
  );
}
