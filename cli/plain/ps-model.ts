// What `mpm-lab ps` shows, joined from /proc (the real processes and threads) and the
// scoreboard (what each slot is doing). Pure; also the stable shape of `ps --json`.
import type { ModelName } from '../../labs/config/types.ts';
import type { ProcInfo } from '../../labs/proc/types.ts';
import type { LabRecord } from '../../labs/run/run-dir.ts';
import type { ScoreboardSnapshot, SlotSnapshot, SlotStatus } from '../../labs/scoreboard/types.ts';
import { PARENT_COMM, childComm } from '../../labs/server/role-names.ts';

export interface PsSlot {
  process: number;
  thread: number;
  status: SlotStatus;
  pid: number;
  tid: number;
  request: string; // the request the slot works on or last worked on; '' when none is shown
  client: string;
  inProgress: boolean; // request started and not yet answered
  ageMs: number | null; // since the request started (in progress) or ended (K, C); null without a request
  accessCount: number;
}

export type ThreadRole = 'main' | 'listener' | 'worker' | 'runtime';

export interface PsThread {
  tid: number;
  comm: string;
  state: string; // kernel state: R, S, D...
  role: ThreadRole; // worker: serves a scoreboard slot; runtime: the JS runtime's own (V8, libuv...)
  slot: PsSlot | null;
}

export interface PsProcess {
  pid: number;
  ppid: number;
  comm: string;
  title: string;
  state: string;
  rssBytes: number;
  role: 'parent' | 'child' | 'other'; // other: a descendant the scoreboard does not list (yet)
  processSlot: number | null;
  generation: number | null;
  quiescing: boolean;
  threads: PsThread[];
  slots: PsSlot[]; // the process slot's scoreboard row
}

export interface PsDocument {
  lab: { pid: number; model: ModelName; port: number; url: string };
  now: number;
  processes: PsProcess[];
}

// States in which a slot holds a connection, so its request is worth showing.
const HOLDS_CONNECTION = new Set<SlotStatus>(['R', 'W', 'K', 'D', 'L', 'C', 'G']);

export function psSlot(slot: SlotSnapshot, now: number): PsSlot {
  const inProgress = slot.requestStart > 0 && slot.requestEnd === 0;
  // R at the start of a connection still holds the previous request's text: not shown.
  const shown = HOLDS_CONNECTION.has(slot.status) && slot.request !== '' && !(slot.status === 'R' && !inProgress);
  const since = inProgress ? slot.requestStart : slot.requestEnd || slot.requestStart;
  return {
    process: slot.process,
    thread: slot.thread,
    status: slot.status,
    pid: slot.pid,
    tid: slot.tid,
    request: shown ? slot.request : '',
    client: slot.client,
    inProgress: shown && inProgress,
    ageMs: shown && since > 0 ? Math.max(0, now - since) : null,
    accessCount: slot.accessCount,
  };
}

export function buildPsDocument(lab: LabRecord, snapshot: ScoreboardSnapshot, procs: readonly ProcInfo[]): PsDocument {
  const threaded = snapshot.model !== 'prefork';
  const processes = procs.map((proc): PsProcess => {
    const processSlot = proc.pid === lab.pid ? -1 : snapshot.processes.findIndex((p) => p.pid === proc.pid);
    const record = processSlot >= 0 ? snapshot.processes[processSlot]! : null;
    const slots = record ? (snapshot.slots[processSlot] ?? []).map((s) => psSlot(s, snapshot.now)) : [];
    // A slot names its thread by tid; only slots this process owns now count (tids are reused).
    const byTid = new Map(slots.filter((s) => s.pid === proc.pid && s.status !== '.').map((s) => [s.tid, s]));
    const threads = proc.threads.map((t): PsThread => {
      const slot = byTid.get(t.tid) ?? null;
      const role: ThreadRole = slot ? 'worker' : t.tid !== proc.pid ? 'runtime' : record && threaded ? 'listener' : 'main';
      return { tid: t.tid, comm: t.comm, state: t.state, role, slot };
    });
    return {
      pid: proc.pid,
      ppid: proc.ppid,
      // A child forked a moment ago is a copy of the parent (mpm-parent) until it starts its
      // runtime under its role's name; its slot already says what it is.
      comm: record && proc.comm === PARENT_COMM ? childComm(snapshot.model, processSlot) : proc.comm,
      title: proc.title,
      state: proc.state,
      rssBytes: proc.rssBytes,
      role: proc.pid === lab.pid ? 'parent' : record ? 'child' : 'other',
      processSlot: record ? processSlot : null,
      generation: record ? record.generation : null,
      quiescing: record ? record.quiescing !== 0 : false,
      threads,
      slots,
    };
  });
  return { lab: { pid: lab.pid, model: lab.model, port: lab.port, url: lab.url }, now: snapshot.now, processes };
}
