// What `mpm-lab watch` reads from a server's /server-status: the `?auto` report and, with
// ExtendedStatus On, the HTML page's tables.
import type { ParsedStatus } from '../status/types.ts';

/** One row of mod_status' ExtendedStatus table ("Srv PID Acc M ... Request"). */
export interface ExtendedSlotRow {
  process: number; // Srv "0-1": process slot 0 ...
  generation: number; // ... of generation 1
  pid: number; // 0 for a dead slot ("-")
  mode: string; // M: the slot's scoreboard letter
  accessConn: number; // Acc "conn/child/slot"
  accessChild: number;
  accessSlot: number;
  secondsSince: number | null; // SS: since the most recent request began
  reqMs: number | null; // Req: the most recent request took
  client: string;
  protocol: string;
  vhost: string;
  request: string; // "GET /sleep?ms=2000 HTTP/1.1"
}

/** One row of event's per-process table (mod_status 2.4.x: Slot, PID, Stopping, ...). */
export interface AsyncProcessRow {
  slot: number;
  pid: number;
  stopping: string; // "no", "yes", "no (old gen)"
  connections: number | null;
  accepting: string | null;
  busy: number | null;
  idle: number | null;
  keepAlive: number | null; // parked keep-alive connections
  closing: number | null;
  writing: number | null;
}

export interface WatchReading {
  at: number; // epoch ms
  url: string; // the status page
  status: ParsedStatus; // from ?auto
  extended: boolean; // the HTML page had the ExtendedStatus table
  slots: ExtendedSlotRow[];
  processes: AsyncProcessRow[]; // event only
  htmlError?: string; // the HTML page could not be read; the ?auto report was
}
