// Counting slots as mod_status does (httpd 2.4.67, modules/generators/mod_status.c), the one
// implementation every renderer uses:
// - a cell is printed for each (process, thread) slot, except a dead one beyond the limits
//   (process >= MaxRequestWorkers / ThreadsPerChild, or thread >= ThreadsPerChild);
// - busy/idle/graceful count only processes with a pid that are not quiescing;
// - idle = "_" in a process of the current generation; graceful = "G"; busy = any other
//   state but ".", "S" and "I".
import { SLOT, SLOT_LEGEND } from '../scoreboard/types.ts';
import type { ScoreboardSnapshot, SlotStatus } from '../scoreboard/types.ts';
import type { ProcessCounts, SlotCounts } from './types.ts';

/** AP_MPMQ_MAX_DAEMONS: processes that may run at once. */
export function maxServers(snapshot: ScoreboardSnapshot): number {
  const perChild = Math.max(1, snapshot.threadsPerChild);
  return Math.floor(snapshot.maxRequestWorkers / perChild);
}

export function emptyByStatus(): Record<SlotStatus, number> {
  const counts = {} as Record<SlotStatus, number>;
  for (const [letter] of SLOT_LEGEND) counts[letter] = 0;
  return counts;
}

export function countSlots(snapshot: ScoreboardSnapshot, mpmGeneration = snapshot.generation): SlotCounts {
  const limit = maxServers(snapshot);
  const perChild = Math.max(1, snapshot.threadsPerChild);
  const byStatus = emptyByStatus();
  const perProcess: ProcessCounts[] = [];
  let busy = 0;
  let idle = 0;
  let graceful = 0;
  let cells = '';
  for (let i = 0; i < snapshot.processes.length; i++) {
    const ps = snapshot.processes[i]!;
    const row = snapshot.slots[i] ?? [];
    const mine: ProcessCounts = { busy: 0, graceful: 0, idle: 0 };
    const counted = ps.quiescing === 0 && ps.pid !== 0;
    for (let j = 0; j < perChild; j++) {
      const status = row[j]?.status ?? SLOT.DEAD;
      if (!(i >= limit && status === SLOT.DEAD)) {
        cells += status;
        byStatus[status]++;
      }
      if (!counted) continue;
      if (status === SLOT.READY) {
        if (ps.generation === mpmGeneration) idle++;
        mine.idle++;
      } else if (status !== SLOT.DEAD && status !== SLOT.STARTING && status !== SLOT.IDLE_KILL) {
        if (status === SLOT.GRACEFUL) {
          graceful++;
          mine.graceful++;
        } else {
          busy++;
          mine.busy++;
        }
      }
    }
    perProcess.push(mine);
  }
  return { busy, idle, graceful, dead: byStatus[SLOT.DEAD], byStatus, cells, perProcess };
}
