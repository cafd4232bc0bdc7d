// The scoreboard, as httpd's include/scoreboard.h has it: one record per child process and
// one per (process, thread) slot. It is the lab's single source of truth: the parent, the
// children, server-status, `mpm-lab ps`/`status`, the UI and the lessons all read it.
import type { ModelName } from '../config/types.ts';

/** Slot states with mod_status' letters. */
export const SLOT = {
  DEAD: '.', // Open slot with no current process
  STARTING: 'S', // Starting up
  READY: '_', // Waiting for Connection
  BUSY_READ: 'R', // Reading Request
  BUSY_WRITE: 'W', // Sending Reply
  BUSY_KEEPALIVE: 'K', // Keepalive (read)
  BUSY_LOG: 'L', // Logging
  BUSY_DNS: 'D', // DNS Lookup
  CLOSING: 'C', // Closing connection
  GRACEFUL: 'G', // Gracefully finishing
  IDLE_KILL: 'I', // Idle cleanup of worker
} as const;
export type SlotStatus = (typeof SLOT)[keyof typeof SLOT];
export const SLOT_LEGEND: readonly [SlotStatus, string][] = [
  ['_', 'Waiting for Connection'],
  ['S', 'Starting up'],
  ['R', 'Reading Request'],
  ['W', 'Sending Reply'],
  ['K', 'Keepalive (read)'],
  ['D', 'DNS Lookup'],
  ['C', 'Closing connection'],
  ['L', 'Logging'],
  ['G', 'Gracefully finishing'],
  ['I', 'Idle cleanup of worker'],
  ['.', 'Open slot with no current process'],
];

/** One worker slot (prefork: the process's only slot). Times are epoch milliseconds, 0 = never. */
export interface SlotSnapshot {
  process: number; // process slot index
  thread: number; // thread index within the process
  status: SlotStatus;
  pid: number; // process that owns the slot now (0 when dead)
  tid: number; // OS thread id (prefork: = pid)
  generation: number;
  accessCount: number; // requests served by this slot, all processes that held it
  myAccessCount: number; // requests served by the current process in this slot
  connCount: number; // requests on the current connection
  bytesServed: number;
  myBytesServed: number;
  connBytes: number;
  requestStart: number; // start of the current or last request
  requestEnd: number; // end of the last request (0 while one is in progress)
  lastUsed: number;
  durationTotal: number; // ms spent serving requests, all time
  client: string; // "127.0.0.1:53012"
  request: string; // "GET /sleep?ms=2000 HTTP/1.1"
}

export const QUIESCING = { NO: 0, GRACEFUL: 1, STOPPING: 2 } as const;

export interface ProcessSnapshot {
  slot: number;
  pid: number; // 0 when the slot is free
  generation: number;
  quiescing: number; // QUIESCING value: a child finishing its requests before it exits
  notAccepting: number; // 1: event's listener is above its connection limit and takes no new connection
  startedAt: number;
  // event's connection counts (worker/prefork leave them 0)
  connections: number; // open connections the process holds, closing ones excluded
  keepAlive: number; // parked idle keep-alive connections (ConnsAsyncKeepAlive)
  closing: number; // ConnsAsyncClosing
  writing: number; // ConnsAsyncWriting
  waitIo: number; // ConnsAsyncWaitIO
}

export interface ScoreboardSnapshot {
  model: ModelName;
  serverLimit: number; // process slots
  threadLimit: number; // slot stride per process
  threadsPerChild: number; // slots shown per process
  maxRequestWorkers: number; // cells httpd prints in Scoreboard:
  generation: number; // config generation, bumped on each restart
  startTime: number;
  restartTime: number;
  now: number;
  processes: ProcessSnapshot[]; // serverLimit entries
  slots: SlotSnapshot[][]; // [process][thread], threadsPerChild per process
}
