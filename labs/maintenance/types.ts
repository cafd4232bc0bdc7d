// What the parent's once-a-second maintenance sees and decides. Pure data.

/** httpd's `retained` state that survives from one maintenance cycle to the next. */
export interface Retained {
  idleSpawnRate: number;
  maxClientsReported: boolean;
  nearMaxClientsReported: boolean;
  holdOffOnExponentialSpawning: number;
}

export function freshRetained(): Retained {
  return { idleSpawnRate: 1, maxClientsReported: false, nearMaxClientsReported: false, holdOffOnExponentialSpawning: 0 };
}

export interface MaintenanceLog {
  level: 'error' | 'info' | 'warn';
  code: string; // AH number
  text: string;
}

export interface MaintenanceDecision {
  spawn: number[]; // process slots to start a child in, in order
  stop: number | null; // process slot whose child is asked to finish and exit (the pipe of death)
  logs: MaintenanceLog[];
  retained: Retained;
  idle: number; // idle processes (prefork) or idle threads (worker/event) counted
  total: number; // live, non-dying processes counted
}

export const MAX_SPAWN_RATE = 32;
