// Encode and decode scoreboard records to and from bytes. Pure: no I/O.
import type { ModelName } from '../config/types.ts';
import { CLIENT_BYTES, H, MAGIC, MODELS, P, REQUEST_BYTES, S, VERSION } from './layout.ts';
import type { ProcessSnapshot, SlotSnapshot, SlotStatus } from './types.ts';

export interface Header {
  model: ModelName;
  serverLimit: number;
  threadLimit: number;
  threadsPerChild: number;
  maxRequestWorkers: number;
  generation: number;
  startTime: number;
  restartTime: number;
}

export function encodeHeader(view: DataView, h: Header): void {
  view.setUint32(H.magic, MAGIC, true);
  view.setUint16(H.version, VERSION, true);
  view.setUint8(H.model, MODELS.indexOf(h.model));
  view.setUint32(H.serverLimit, h.serverLimit, true);
  view.setUint32(H.threadLimit, h.threadLimit, true);
  view.setUint32(H.threadsPerChild, h.threadsPerChild, true);
  view.setUint32(H.maxRequestWorkers, h.maxRequestWorkers, true);
  view.setUint32(H.generation, h.generation, true);
  view.setFloat64(H.startTime, h.startTime, true);
  view.setFloat64(H.restartTime, h.restartTime, true);
}

export function decodeHeader(view: DataView): Header {
  if (view.byteLength < 48 || view.getUint32(H.magic, true) !== MAGIC) {
    throw new Error('not an mpm-lab scoreboard (bad magic)');
  }
  if (view.getUint16(H.version, true) !== VERSION) {
    throw new Error('scoreboard written by another version of mpm-lab');
  }
  return {
    model: MODELS[view.getUint8(H.model)] ?? 'prefork',
    serverLimit: view.getUint32(H.serverLimit, true),
    threadLimit: view.getUint32(H.threadLimit, true),
    threadsPerChild: view.getUint32(H.threadsPerChild, true),
    maxRequestWorkers: view.getUint32(H.maxRequestWorkers, true),
    generation: view.getUint32(H.generation, true),
    startTime: view.getFloat64(H.startTime, true),
    restartTime: view.getFloat64(H.restartTime, true),
  };
}

export type ProcessRecord = Omit<ProcessSnapshot, 'slot'>;

export function encodeProcess(view: DataView, at: number, p: ProcessRecord): void {
  view.setInt32(at + P.pid, p.pid, true);
  view.setUint32(at + P.generation, p.generation, true);
  view.setUint8(at + P.quiescing, p.quiescing);
  view.setUint8(at + P.notAccepting, p.notAccepting);
  view.setUint32(at + P.connections, p.connections, true);
  view.setUint32(at + P.keepAlive, p.keepAlive, true);
  view.setUint32(at + P.closing, p.closing, true);
  view.setUint32(at + P.writing, p.writing, true);
  view.setUint32(at + P.waitIo, p.waitIo, true);
  view.setFloat64(at + P.startedAt, p.startedAt, true);
}

export function decodeProcess(view: DataView, at: number, slot: number): ProcessSnapshot {
  return {
    slot,
    pid: view.getInt32(at + P.pid, true),
    generation: view.getUint32(at + P.generation, true),
    quiescing: view.getUint8(at + P.quiescing),
    notAccepting: view.getUint8(at + P.notAccepting),
    connections: view.getUint32(at + P.connections, true),
    keepAlive: view.getUint32(at + P.keepAlive, true),
    closing: view.getUint32(at + P.closing, true),
    writing: view.getUint32(at + P.writing, true),
    waitIo: view.getUint32(at + P.waitIo, true),
    startedAt: view.getFloat64(at + P.startedAt, true),
  };
}

export type SlotRecord = Omit<SlotSnapshot, 'process' | 'thread'>;

function writeAscii(bytes: Uint8Array, at: number, size: number, text: string): void {
  const n = Math.min(text.length, size);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    bytes[at + i] = c < 32 || c > 126 ? 63 : c; // '?' for anything not printable ASCII
  }
  bytes.fill(0, at + n, at + size);
}

function readAscii(bytes: Uint8Array, at: number, size: number): string {
  let end = at;
  while (end < at + size && bytes[end] !== 0) end++;
  let s = '';
  for (let i = at; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

export function encodeSlot(view: DataView, at: number, s: SlotRecord): void {
  encodeSlotNumbers(view, at, s);
  encodeSlotText(view, at, s.client, s.request);
}

/** The status letter and every number of a slot record. */
export function encodeSlotNumbers(view: DataView, at: number, s: SlotRecord): void {
  view.setUint8(at + S.status, s.status.charCodeAt(0));
  view.setInt32(at + S.pid, s.pid, true);
  view.setInt32(at + S.tid, s.tid, true);
  view.setUint32(at + S.generation, s.generation, true);
  view.setUint32(at + S.accessCount, s.accessCount, true);
  view.setUint32(at + S.myAccessCount, s.myAccessCount, true);
  view.setUint32(at + S.connCount, s.connCount, true);
  view.setFloat64(at + S.bytesServed, s.bytesServed, true);
  view.setFloat64(at + S.myBytesServed, s.myBytesServed, true);
  view.setFloat64(at + S.connBytes, s.connBytes, true);
  view.setFloat64(at + S.requestStart, s.requestStart, true);
  view.setFloat64(at + S.requestEnd, s.requestEnd, true);
  view.setFloat64(at + S.lastUsed, s.lastUsed, true);
  view.setFloat64(at + S.durationTotal, s.durationTotal, true);
}

/** The client and request fields of a slot record. */
export function encodeSlotText(view: DataView, at: number, client: string, request: string): void {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  writeAscii(bytes, at + S.client, CLIENT_BYTES, client);
  writeAscii(bytes, at + S.request, REQUEST_BYTES, request);
}

const STATUS_CODES = new Set('.S_RWKLDCGI'.split('').map((c) => c.charCodeAt(0)));

export function decodeSlot(view: DataView, at: number, process: number, thread: number): SlotSnapshot {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  const code = view.getUint8(at + S.status);
  return {
    process,
    thread,
    // A never-written slot holds 0: that is an open slot.
    status: (STATUS_CODES.has(code) ? String.fromCharCode(code) : '.') as SlotStatus,
    pid: view.getInt32(at + S.pid, true),
    tid: view.getInt32(at + S.tid, true),
    generation: view.getUint32(at + S.generation, true),
    accessCount: view.getUint32(at + S.accessCount, true),
    myAccessCount: view.getUint32(at + S.myAccessCount, true),
    connCount: view.getUint32(at + S.connCount, true),
    bytesServed: view.getFloat64(at + S.bytesServed, true),
    myBytesServed: view.getFloat64(at + S.myBytesServed, true),
    connBytes: view.getFloat64(at + S.connBytes, true),
    requestStart: view.getFloat64(at + S.requestStart, true),
    requestEnd: view.getFloat64(at + S.requestEnd, true),
    lastUsed: view.getFloat64(at + S.lastUsed, true),
    durationTotal: view.getFloat64(at + S.durationTotal, true),
    client: readAscii(bytes, at + S.client, CLIENT_BYTES),
    request: readAscii(bytes, at + S.request, REQUEST_BYTES),
  };
}

export function emptySlot(): SlotRecord {
  return {
    status: '.',
    pid: 0,
    tid: 0,
    generation: 0,
    accessCount: 0,
    myAccessCount: 0,
    connCount: 0,
    bytesServed: 0,
    myBytesServed: 0,
    connBytes: 0,
    requestStart: 0,
    requestEnd: 0,
    lastUsed: 0,
    durationTotal: 0,
    client: '',
    request: '',
  };
}
