// What mod_status prints besides the scoreboard, and what reading `?auto` output gives back.
import type { ModelName } from '../config/types.ts';
import type { SlotStatus } from '../scoreboard/types.ts';

export interface ServerInfo {
  serverName: string; // ServerName, or the address the lab listens on
  serverVersion: string; // ServerVersion: (ap_get_server_description)
  serverBuilt: string;
  mpm: ModelName;
  configGeneration: number; // ParentServerConfigGeneration
  mpmGeneration: number; // ParentServerMPMGeneration; processes of another generation are "old gen"
  loadAvg: [number, number, number];
  /** CPU seconds; without it the CPU lines are left out, as in an httpd built without times(). */
  cpu?: { user: number; system: number; childrenUser: number; childrenSystem: number };
  localIp?: string; // "(via ...)" in the HTML heading; default 127.0.0.1
  vhost?: string; // the VHost column; default serverName
}

export interface ProcessCounts {
  busy: number;
  graceful: number;
  idle: number;
}

export interface SlotCounts {
  busy: number; // BusyWorkers
  idle: number; // IdleWorkers
  graceful: number; // GracefulWorkers
  dead: number; // "." cells printed
  byStatus: Record<SlotStatus, number>; // over the printed cells
  cells: string; // the Scoreboard: line
  perProcess: ProcessCounts[]; // event's per-process Threads columns
}

export interface AsyncCounts {
  processes: number;
  stopping: number;
  connsTotal: number;
  waitIo?: number; // ConnsAsyncWaitIO, httpd 2.4.63 and later
  writing: number;
  keepAlive: number;
  closing: number;
}

export interface ParsedStatus {
  hostName: string; // '' when the output starts with a field (httpd 2.2)
  fields: Record<string, string>; // every "Key: value" line, the first one of each key
  serverMPM?: string;
  busyWorkers: number;
  idleWorkers: number;
  gracefulWorkers?: number; // httpd 2.4.58 and later
  async?: AsyncCounts; // event only
  scoreboard: string;
  counts: Record<string, number>; // scoreboard letters
}
