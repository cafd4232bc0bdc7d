// prefork's perform_idle_server_maintenance (server/mpm/prefork/prefork.c), clock-free:
// the caller runs it about once a second and carries `retained` from one call to the next.
import type { ScoreboardSnapshot } from '../scoreboard/types.ts';
import { MAX_SPAWN_RATE } from './types.ts';
import type { MaintenanceDecision, MaintenanceLog, Retained } from './types.ts';

export interface PreforkLimits {
  daemonsLimit: number; // MaxRequestWorkers after corrections (ap_daemons_limit)
  minSpareServers: number;
  maxSpareServers: number;
}

export function preforkMaintenance(sb: ScoreboardSnapshot, limits: PreforkLimits, before: Retained): MaintenanceDecision {
  const retained = { ...before };
  const logs: MaintenanceLog[] = [];
  const free: number[] = [];
  let idle = 0;
  let total = 0;
  let idleNewest = -1;
  for (let i = 0; i < limits.daemonsLimit && i < sb.processes.length; i++) {
    const proc = sb.processes[i]!;
    const status = sb.slots[i]![0]!.status;
    if (proc.pid === 0 || status === '.') {
      // Keep the children's numbers as low as possible: fill the lowest free slots first.
      if (free.length < retained.idleSpawnRate) free.push(i);
      continue;
    }
    // A starting child counts as idle: forking more while it starts would only swamp things.
    if ((status === '_' || status === 'S') && proc.quiescing === 0 && proc.generation === sb.generation) {
      idle++;
      if (status === '_') idleNewest = i;
    }
    total++;
  }
  let stop: number | null = null;
  if (idle > limits.maxSpareServers) {
    // httpd writes one byte to the pipe of death: exactly one idle child leaves per cycle.
    stop = idleNewest;
    retained.idleSpawnRate = 1;
  } else if (idle < limits.minSpareServers) {
    if (free.length === 0) {
      if (!retained.maxClientsReported) {
        logs.push({
          level: 'error',
          code: 'AH00161',
          text: 'server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting',
        });
        retained.maxClientsReported = true;
      }
      retained.idleSpawnRate = 1;
    } else {
      if (retained.idleSpawnRate >= 8) {
        logs.push({
          level: 'info',
          code: 'AH00162',
          text:
            'server seems busy, (you may need to increase StartServers, or Min/MaxSpareServers), ' +
            `spawning ${free.length} children, there are ${idle} idle, and ${total} total children`,
        });
      }
      if (retained.holdOffOnExponentialSpawning > 0) retained.holdOffOnExponentialSpawning--;
      else if (retained.idleSpawnRate < MAX_SPAWN_RATE) retained.idleSpawnRate *= 2;
      return { spawn: free, stop: null, logs, retained, idle, total };
    }
  } else {
    retained.idleSpawnRate = 1;
  }
  return { spawn: [], stop, logs, retained, idle, total };
}
