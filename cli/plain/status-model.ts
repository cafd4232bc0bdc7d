// What `mpm-lab status` shows, from the scoreboard file alone (no HTTP: it works while every
// child is busy). Pure; also the stable shape of `status --json`.
import type { ModelName } from '../../labs/config/types.ts';
import type { LabRecord } from '../../labs/run/run-dir.ts';
import type { ScoreboardSnapshot, SlotStatus } from '../../labs/scoreboard/types.ts';
import { countSlots, traffic, upTimeSeconds } from '../../labs/status/index.ts';

export interface StatusProcess {
  slot: number;
  pid: number;
  generation: number;
  stopping: boolean;
  busy: number;
  idle: number;
  graceful: number;
  connections: number;
  keepAlive: number;
  closing: number;
  writing: number;
}

export interface StatusDocument {
  lab: { pid: number; model: ModelName; port: number; url: string };
  model: ModelName;
  now: number;
  restartTime: number;
  uptimeSeconds: number;
  generation: number;
  serverLimit: number;
  threadsPerChild: number;
  maxRequestWorkers: number;
  busy: number;
  idle: number;
  graceful: number;
  byStatus: Record<SlotStatus, number>;
  accesses: number;
  kBytes: number;
  scoreboard: string; // one letter per slot, as mod_status's Scoreboard:
  processes: StatusProcess[]; // live processes; connection counts are event's (0 elsewhere)
}

export function buildStatusDocument(lab: LabRecord, snapshot: ScoreboardSnapshot): StatusDocument {
  const counts = countSlots(snapshot);
  const t = traffic(snapshot);
  const processes: StatusProcess[] = [];
  snapshot.processes.forEach((p, i) => {
    if (!p.pid) return;
    const mine = counts.perProcess[i] ?? { busy: 0, idle: 0, graceful: 0 };
    processes.push({
      slot: p.slot,
      pid: p.pid,
      generation: p.generation,
      stopping: p.quiescing !== 0,
      ...mine,
      connections: p.connections,
      keepAlive: p.keepAlive,
      closing: p.closing,
      writing: p.writing,
    });
  });
  return {
    lab: { pid: lab.pid, model: lab.model, port: lab.port, url: lab.url },
    model: snapshot.model,
    now: snapshot.now,
    restartTime: snapshot.restartTime,
    uptimeSeconds: upTimeSeconds(snapshot),
    generation: snapshot.generation,
    serverLimit: snapshot.serverLimit,
    threadsPerChild: snapshot.threadsPerChild,
    maxRequestWorkers: snapshot.maxRequestWorkers,
    busy: counts.busy,
    idle: counts.idle,
    graceful: counts.graceful,
    byStatus: counts.byStatus,
    accesses: t.accesses,
    kBytes: t.kBytes,
    scoreboard: counts.cells,
    processes,
  };
}
