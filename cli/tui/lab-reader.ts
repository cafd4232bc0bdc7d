// Reads the lab's truth for the screen: the scoreboard every tick (one read of a small file),
// /proc once a second, or at once when processes came or went. Nothing is kept but the last
// reading: the scoreboard and /proc are the only copies of the truth.
import type { Mpm, StartedLab } from '../../labs/mpm.ts';
import { readTree } from '../../labs/proc/read-tree.ts';
import type { ProcInfo } from '../../labs/proc/types.ts';
import { readLabRecord } from '../../labs/run/run-dir.ts';
import type { LabRecord } from '../../labs/run/run-dir.ts';
import type { ScoreboardSnapshot } from '../../labs/scoreboard/types.ts';
import { buildPsDocument } from '../plain/ps-model.ts';
import type { PsDocument } from '../plain/ps-model.ts';

export const PROC_EVERY_MS = 1000;

export interface LabReading {
  snapshot: ScoreboardSnapshot;
  fresh: boolean; // /proc was read again for this reading
  /** The `ps` model of this reading (built on demand: an unchanged idle lab skips it). */
  doc(): PsDocument;
}

/**
 * What the screen shows of a scoreboard, in a few bytes: equal signatures and no request in
 * progress mean an equal picture, so an idle lab is not drawn again four times a second.
 */
export function snapshotSignature(s: ScoreboardSnapshot): { key: string; busy: boolean } {
  let key = `${s.generation}|`;
  let busy = false;
  for (const p of s.processes) key += `${p.pid}.${p.quiescing}.${p.connections}.${p.keepAlive}.${p.closing}.${p.writing}|`;
  for (const row of s.slots) {
    for (const t of row) {
      key += `${t.status}${t.pid}.${t.tid}.${t.requestStart}.${t.requestEnd},`;
      if (t.requestStart > 0 && t.requestEnd === 0) busy = true;
    }
  }
  return { key, busy };
}

export class LabReader {
  private procs: ProcInfo[] = [];
  private procsAt = 0;
  private pidsKey = '';
  private stale = true;
  private readonly record: LabRecord;

  constructor(
    private readonly mpm: Mpm,
    started: StartedLab,
    private readonly readProcs: (pid: number) => ProcInfo[] = readTree,
  ) {
    // The record the lab wrote when it started: the same one `mpm-lab ps` reads.
    this.record = readLabRecord(started.runDir);
  }

  /** Processes came or went (a lab event): read /proc at the next tick. */
  invalidate(): void {
    this.stale = true;
  }

  read(now: number): LabReading | null {
    let snapshot: ScoreboardSnapshot;
    try {
      snapshot = this.mpm.scoreboard();
    } catch {
      return null; // the lab has stopped and closed its scoreboard
    }
    const pidsKey = snapshot.processes.map((p) => p.pid).join(',');
    const fresh = this.stale || pidsKey !== this.pidsKey || now - this.procsAt >= PROC_EVERY_MS;
    if (fresh) {
      this.procs = this.readProcs(this.record.pid);
      this.procsAt = now;
      this.pidsKey = pidsKey;
      this.stale = false;
    }
    const procs = this.procs;
    return { snapshot, fresh, doc: () => buildPsDocument(this.record, snapshot, procs) };
  }
}
