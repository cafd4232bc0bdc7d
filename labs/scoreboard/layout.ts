// Byte layout of the scoreboard file. httpd keeps its scoreboard in shared memory; no
// JavaScript runtime maps shared memory between processes, so the lab keeps it in a small
// file on tmpfs that every process and thread reads and writes at fixed offsets (pread/pwrite).
import type { ModelName } from '../config/types.ts';

export const MAGIC = 0x4d504d4c; // "MPML"
export const VERSION = 1;
export const MODELS: readonly ModelName[] = ['prefork', 'worker', 'event'];

export const HEADER_SIZE = 64;
export const PROCESS_SIZE = 64;
export const SLOT_SIZE = 256;
export const CLIENT_BYTES = 48;
export const REQUEST_BYTES = 96;

/** Header fields (offsets into the first HEADER_SIZE bytes). */
export const H = {
  magic: 0, // u32
  version: 4, // u16
  model: 6, // u8
  serverLimit: 8, // u32
  threadLimit: 12, // u32
  threadsPerChild: 16, // u32
  maxRequestWorkers: 20, // u32
  generation: 24, // u32
  startTime: 32, // f64
  restartTime: 40, // f64
} as const;

/** Process record fields. */
export const P = {
  pid: 0, // i32
  generation: 4, // u32
  quiescing: 8, // u8
  notAccepting: 9, // u8: event's listener stopped accepting (httpd's ps->not_accepting)
  connections: 12, // u32
  keepAlive: 16, // u32
  closing: 20, // u32
  writing: 24, // u32
  waitIo: 28, // u32
  startedAt: 32, // f64
} as const;

/** Worker slot fields. */
export const S = {
  status: 0, // u8, the mod_status letter's char code
  pid: 4, // i32
  tid: 8, // i32
  generation: 12, // u32
  accessCount: 16, // u32
  myAccessCount: 20, // u32
  connCount: 24, // u32
  bytesServed: 32, // f64
  myBytesServed: 40, // f64
  connBytes: 48, // f64
  requestStart: 56, // f64
  requestEnd: 64, // f64
  lastUsed: 72, // f64
  durationTotal: 80, // f64
  client: 96, // CLIENT_BYTES ascii, NUL padded
  request: 96 + CLIENT_BYTES, // REQUEST_BYTES ascii
} as const;

export interface Dimensions {
  serverLimit: number;
  threadLimit: number;
}

export function processOffset(process: number): number {
  return HEADER_SIZE + process * PROCESS_SIZE;
}

export function slotOffset(dim: Dimensions, process: number, thread: number): number {
  return HEADER_SIZE + dim.serverLimit * PROCESS_SIZE + (process * dim.threadLimit + thread) * SLOT_SIZE;
}

export function fileSize(dim: Dimensions): number {
  return slotOffset(dim, dim.serverLimit, 0);
}
