// The scoreboard file: the parent creates it, children and their threads write their own
// records in place, and every reader takes a consistent-enough snapshot with one read.
import fs from 'node:fs';
import { openNewFile } from '../run/new-file.ts';
import { decodeHeader, decodeProcess, decodeSlot, emptySlot, encodeHeader, encodeProcess, encodeSlotNumbers, encodeSlotText } from './codec.ts';
import type { Header, ProcessRecord, SlotRecord } from './codec.ts';
import { HEADER_SIZE, P, PROCESS_SIZE, SLOT_SIZE, fileSize, processOffset, slotOffset } from './layout.ts';
import type { ScoreboardSnapshot, SlotSnapshot, SlotStatus } from './types.ts';

export function createScoreboardFile(path: string, header: Header): number {
  const fd = openNewFile(path); // never through a file or link that was there before
  fs.ftruncateSync(fd, fileSize(header));
  writeHeader(fd, header);
  return fd;
}

export function writeHeader(fd: number, header: Header): void {
  const buf = new Uint8Array(HEADER_SIZE);
  encodeHeader(new DataView(buf.buffer), header);
  fs.writeSync(fd, buf, 0, HEADER_SIZE, 0);
}

export function readHeader(fd: number): Header {
  const buf = new Uint8Array(HEADER_SIZE);
  fs.readSync(fd, buf, 0, HEADER_SIZE, 0);
  return decodeHeader(new DataView(buf.buffer));
}

/** Reads the whole scoreboard at once; `fd` may be opened read-only. */
export function readSnapshot(fd: number, now = Date.now()): ScoreboardSnapshot {
  const header = readHeader(fd);
  const size = fileSize(header);
  const buf = new Uint8Array(size);
  fs.readSync(fd, buf, 0, size, 0);
  const view = new DataView(buf.buffer);
  const processes = [];
  const slots: SlotSnapshot[][] = [];
  for (let p = 0; p < header.serverLimit; p++) {
    processes.push(decodeProcess(view, processOffset(p), p));
    const row: SlotSnapshot[] = [];
    for (let t = 0; t < header.threadsPerChild; t++) {
      row.push(decodeSlot(view, slotOffset(header, p, t), p, t));
    }
    slots.push(row);
  }
  return { ...header, now, processes, slots };
}

export function readSnapshotFile(path: string, now = Date.now()): ScoreboardSnapshot {
  const fd = fs.openSync(path, 'r');
  try {
    return readSnapshot(fd, now);
  } finally {
    fs.closeSync(fd);
  }
}

/** The parent's writes: process records and the status letter of a process's slots. */
export class ProcessTable {
  private readonly buf = new Uint8Array(PROCESS_SIZE);
  private readonly view = new DataView(this.buf.buffer);
  constructor(
    private readonly fd: number,
    private readonly header: Header,
  ) {}

  write(slot: number, record: ProcessRecord): void {
    encodeProcess(this.view, 0, record);
    fs.writeSync(this.fd, this.buf, 0, PROCESS_SIZE, processOffset(slot));
  }

  read(slot: number): ProcessRecord {
    fs.readSync(this.fd, this.buf, 0, PROCESS_SIZE, processOffset(slot));
    const { slot: _ignored, ...record } = decodeProcess(this.view, 0, slot);
    return record;
  }

  /** Only the quiescing byte: the child writes its own connection counts in the same record. */
  setQuiescing(slot: number, quiescing: number): void {
    fs.writeSync(this.fd, new Uint8Array([quiescing]), 0, 1, processOffset(slot) + P.quiescing);
  }

  /** Sets one status letter on every thread slot of a process (S at fork, . when reaped). */
  setStatus(slot: number, status: SlotStatus, threads = this.header.threadLimit): void {
    const one = new Uint8Array([status.charCodeAt(0)]);
    for (let t = 0; t < threads; t++) fs.writeSync(this.fd, one, 0, 1, slotOffset(this.header, slot, t));
  }
}

/**
 * Only the status letter of one slot, for a listener thread marking its busy worker threads
 * G when the process is told to leave: those threads are blocked in their request and cannot
 * write it themselves until they finish.
 */
export function writeSlotStatus(fd: number, header: Header, process: number, thread: number, status: SlotStatus): void {
  fs.writeSync(fd, new Uint8Array([status.charCodeAt(0)]), 0, 1, slotOffset(header, process, thread));
}

/** A slot whose letter did not change is written at most this often (its counters lag so much). */
export const COUNTS_EVERY_MS = 10;

/**
 * One thread's own slot. The owner is the only writer of its record after the parent marked
 * it S, so it keeps the record in memory and writes it whole on each change.
 */
export class SlotWriter {
  private readonly buf = new Uint8Array(SLOT_SIZE);
  private readonly view = new DataView(this.buf.buffer);
  private readonly offset: number;
  readonly record: SlotRecord;

  constructor(
    private readonly fd: number,
    header: Header,
    readonly process: number,
    readonly thread: number,
  ) {
    this.offset = slotOffset(header, process, thread);
    fs.readSync(fd, this.buf, 0, SLOT_SIZE, this.offset);
    // Totals survive from the slot's earlier processes, as in httpd; the rest starts afresh.
    const old = decodeSlot(this.view, 0, process, thread);
    this.record = { ...emptySlot(), accessCount: old.accessCount, bytesServed: old.bytesServed, durationTotal: old.durationTotal };
  }

  /** Sets the status and writes the record now: for threads about to block, and exits. */
  set(status: SlotStatus): void {
    this.record.status = status;
    this.flush();
  }

  /**
   * Sets the status and writes the record once this turn of the event loop is over: a fast
   * request goes R, W and K within one turn, and one write (a system call) shows where it
   * ended instead of three. When the letter is where the last write left it (K after K), only
   * counters changed: they are written at most every COUNTS_EVERY_MS, so that one fast
   * request after another costs a write per few requests. Only for a thread whose event loop
   * never blocks.
   */
  setSoon(status: SlotStatus): void {
    this.record.status = status;
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flushScheduled);
  }

  private scheduled = false;
  private writtenStatus = '';
  private writtenAt = 0;
  private countsTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly flushScheduled = () => {
    this.scheduled = false;
    if (this.record.status !== this.writtenStatus) return this.flush();
    const left = this.writtenAt + COUNTS_EVERY_MS - Date.now();
    if (left <= 0 || left > COUNTS_EVERY_MS) return this.flush();
    this.countsTimer ??= setTimeout(this.flushCounts, left);
  };
  private readonly flushCounts = () => {
    this.countsTimer = undefined;
    this.flush();
  };

  /** A request's first bytes arrived. */
  beginRequest(request: string, client: string, now = Date.now()): void {
    const r = this.record;
    r.status = 'R';
    r.request = request;
    r.client = client;
    r.requestStart = now;
    r.requestEnd = 0;
    this.flush();
  }

  /**
   * A request's line was read (written at the next flush): its start, and no end yet, so
   * that readers age the request in progress, not the one before it on this slot.
   */
  startRequest(request: string, receivedAt: number): void {
    this.record.request = request;
    this.record.requestStart = receivedAt;
    this.record.requestEnd = 0;
  }

  /** The response was written: count it as httpd's ap_increment_counts does. */
  endRequest(bytes: number, now = Date.now()): void {
    const r = this.record;
    r.accessCount++;
    r.myAccessCount++;
    r.connCount++;
    r.bytesServed += bytes;
    r.myBytesServed += bytes;
    r.connBytes += bytes;
    r.requestEnd = now;
    r.lastUsed = now;
    r.durationTotal += Math.max(0, now - r.requestStart);
  }

  /** A new connection: per-connection counters restart. */
  beginConnection(client: string): void {
    this.record.connCount = 0;
    this.record.connBytes = 0;
    this.record.client = client;
  }

  // The text fields as last encoded into buf: a busy slot serves the same request line and
  // client again and again, and encoding them is most of an encode.
  private encodedClient: string | null = null;
  private encodedRequest: string | null = null;

  flush(): void {
    const r = this.record;
    if (this.countsTimer !== undefined) {
      clearTimeout(this.countsTimer);
      this.countsTimer = undefined;
    }
    // httpd stamps last_used at every status change (ap_update_child_status): SS counts from it.
    r.lastUsed = Date.now();
    this.writtenStatus = r.status;
    this.writtenAt = r.lastUsed;
    encodeSlotNumbers(this.view, 0, r);
    if (r.client !== this.encodedClient || r.request !== this.encodedRequest) {
      encodeSlotText(this.view, 0, r.client, r.request);
      this.encodedClient = r.client;
      this.encodedRequest = r.request;
    }
    fs.writeSync(this.fd, this.buf, 0, SLOT_SIZE, this.offset);
  }
}
