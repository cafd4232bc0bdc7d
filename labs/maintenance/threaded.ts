// worker's and event's perform_idle_server_maintenance (server/mpm/worker/worker.c,
// server/mpm/event/event.c) with one bucket: idle threads against Min/MaxSpareThreads,
// a whole child process at a time. Clock-free; the caller runs it about once a second.
import type { ScoreboardSnapshot } from '../scoreboard/types.ts';
import { MAX_SPAWN_RATE } from './types.ts';
import type { MaintenanceDecision, MaintenanceLog, Retained } from './types.ts';

export interface ThreadedLimits {
  daemonsLimit: number; // MaxRequestWorkers / ThreadsPerChild (ap_daemons_limit)
  threadsPerChild: number;
  maxWorkers: number; // MaxRequestWorkers
  minSpareThreads: number;
  maxSpareThreads: number;
}

/** What each model's maintenance logs: worker.c and event.c say the same things under their own numbers. */
const LINES = {
  worker: {
    reached: 'AH00286',
    near: 'AH00287',
    full: { code: 'AH00288', text: 'scoreboard is full, not at MaxRequestWorkers' },
    busy: { code: 'AH00289', tail: (idle: number, _active: number, total: number) => `there are around ${idle} idle threads, and ${total} total children` },
  },
  event: {
    reached: 'AH00484',
    near: 'AH10159',
    // event.c's own words, its missing space included
    full: { code: 'AH03490', text: 'scoreboard is full, not at MaxRequestWorkers.Increase ServerLimit.' },
    busy: {
      code: 'AH00486',
      // event.c prints its total of children where it says "shutting down"
      tail: (idle: number, active: number, total: number) => `there are around ${idle} idle threads, ${active} active children, and ${total} children that are shutting down`,
    },
  },
} as const;

export function threadedMaintenance(sb: ScoreboardSnapshot, limits: ThreadedLimits, before: Retained): MaintenanceDecision {
  const retained = { ...before };
  const logs: MaintenanceLog[] = [];
  const free: number[] = [];
  let totallyFree = 0;
  let idleThreads = 0;
  let activeThreads = 0;
  let totalNonDead = 0;
  let stopCandidate = -1;
  let activeDaemons = 0; // live processes not leaving (event.c retained->active_daemons)
  let totalDaemons = 0; // live processes (retained->total_daemons)
  const lines = sb.model === 'event' ? LINES.event : LINES.worker;
  for (let i = 0; i < limits.daemonsLimit && i < sb.processes.length; i++) {
    const proc = sb.processes[i]!;
    let anyDying = false;
    let anyDead = false;
    let allDead = true;
    let childActive = 0;
    let childIdle = 0;
    for (let t = 0; t < limits.threadsPerChild; t++) {
      const status = sb.slots[i]![t]!.status;
      const dead = proc.pid === 0 || status === '.';
      anyDying ||= status === 'G';
      anyDead ||= dead;
      allDead &&= dead || status === 'G';
      if (proc.pid !== 0) {
        // A live process's starting threads count as idle, and so do slots its threads have
        // not written yet: httpd counts every status <= SERVER_READY (dead, starting, ready),
        // "because we started it at least a cycle ago", so a slow start forks no extra child.
        // event leaves out a process that stopped accepting (above its connection limit): its
        // idle threads take no new connection, so another process may be needed (event.c).
        if ((status === '.' || status === '_' || status === 'S') && proc.quiescing === 0 && proc.notAccepting === 0 && proc.generation === sb.generation) childIdle++;
        if (!dead && status !== 'S' && status !== 'G' && status !== 'I') childActive++;
      }
    }
    idleThreads += childIdle;
    activeThreads += childActive;
    if (anyDead && totallyFree < retained.idleSpawnRate && free.length < MAX_SPAWN_RATE && (proc.pid === 0 || proc.quiescing !== 0)) {
      // A slot whose process has fully gone is preferred: the new child can start all its threads.
      if (allDead) free.splice(totallyFree++, 0, i);
      else free.push(i);
    }
    if (!anyDying) totalNonDead++;
    if (proc.pid !== 0 && proc.quiescing === 0 && proc.generation === sb.generation) stopCandidate = i;
    if (proc.pid !== 0) {
      totalDaemons++;
      if (proc.quiescing === 0) activeDaemons++;
    }
  }

  if (idleThreads > limits.maxSpareThreads) {
    // One child per cycle is told to finish its connections and exit.
    retained.idleSpawnRate = 1;
    return { spawn: [], stop: stopCandidate >= 0 ? stopCandidate : null, logs, retained, idle: idleThreads, total: totalNonDead };
  }
  if (idleThreads < limits.minSpareThreads) {
    // worker.c looks for a free slot first; event.c asks first whether MaxRequestWorkers is reached.
    const atMax = activeThreads >= limits.maxWorkers;
    if (sb.model === 'event' ? atMax || free.length === 0 : free.length === 0) {
      if (atMax) {
        if (idleThreads === 0) {
          if (!retained.maxClientsReported) {
            logs.push({ level: 'error', code: lines.reached, text: 'server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting' });
            retained.maxClientsReported = true;
          }
        } else if (!retained.nearMaxClientsReported) {
          logs.push({ level: 'error', code: lines.near, text: 'server is within MinSpareThreads of MaxRequestWorkers, consider raising the MaxRequestWorkers setting' });
          retained.nearMaxClientsReported = true;
        }
      } else {
        logs.push({ level: 'error', code: lines.full.code, text: lines.full.text });
      }
      retained.idleSpawnRate = 1;
      return { spawn: [], stop: null, logs, retained, idle: idleThreads, total: totalNonDead };
    }
    const spawn = free.slice(0, retained.idleSpawnRate);
    if (retained.idleSpawnRate >= 8) {
      logs.push({
        level: 'info',
        code: lines.busy.code,
        text:
          'server seems busy, (you may need to increase StartServers, ThreadsPerChild or Min/MaxSpareThreads), ' +
          `spawning ${spawn.length} children, ${lines.busy.tail(idleThreads, activeDaemons, sb.model === 'event' ? totalDaemons : totalNonDead)}`,
      });
    }
    if (retained.holdOffOnExponentialSpawning > 0) retained.holdOffOnExponentialSpawning--;
    else if (retained.idleSpawnRate < MAX_SPAWN_RATE) retained.idleSpawnRate = Math.min(retained.idleSpawnRate * 2, MAX_SPAWN_RATE);
    return { spawn, stop: null, logs, retained, idle: idleThreads, total: totalNonDead };
  }
  retained.idleSpawnRate = 1;
  return { spawn: [], stop: null, logs, retained, idle: idleThreads, total: totalNonDead };
}
