// ExtendedStatus totals: accesses, kBytes and duration summed over the slots mod_status
// counts (a slot that served something, or is in a state other than "_" and ".").
import { SLOT } from '../scoreboard/types.ts';
import type { ScoreboardSnapshot } from '../scoreboard/types.ts';
import type { AsyncCounts } from './types.ts';

export interface Traffic {
  accesses: number;
  kBytes: number; // whole kilobytes, carried as mod_status does (bytes >> 10, remainder kept)
  durationMs: number;
}

export function traffic(snapshot: ScoreboardSnapshot): Traffic {
  let accesses = 0;
  let bytes = 0;
  let kBytes = 0;
  let durationMs = 0;
  for (const row of snapshot.slots) {
    for (const slot of row) {
      if (slot.accessCount === 0 && (slot.status === SLOT.READY || slot.status === SLOT.DEAD)) continue;
      accesses += slot.accessCount;
      bytes += Math.floor(slot.bytesServed);
      durationMs += slot.durationTotal;
      if (bytes >= 1024) {
        kBytes += Math.floor(bytes / 1024);
        bytes %= 1024;
      }
    }
  }
  return { accesses, kBytes, durationMs: Math.floor(durationMs) };
}

/** event's process and connection totals, over processes that have a pid. */
export function asyncCounts(snapshot: ScoreboardSnapshot): AsyncCounts {
  const sum: AsyncCounts = { processes: 0, stopping: 0, connsTotal: 0, waitIo: 0, writing: 0, keepAlive: 0, closing: 0 };
  for (const ps of snapshot.processes) {
    if (!ps.pid) continue;
    sum.processes++;
    if (ps.quiescing) sum.stopping++;
    sum.connsTotal += ps.connections;
    sum.waitIo! += ps.waitIo;
    sum.writing += ps.writing;
    sum.keepAlive += ps.keepAlive;
    sum.closing += ps.closing;
  }
  return sum;
}

/** Whole seconds since the last restart, as mod_status's up_time. */
export function upTimeSeconds(snapshot: ScoreboardSnapshot): number {
  return Math.max(0, Math.floor((snapshot.now - snapshot.restartTime) / 1000));
}
