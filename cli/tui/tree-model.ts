// The process/thread tree as rows, from the lab (the `ps` model: /proc joined with the
// scoreboard) or from a watched server (/proc when it is local, plus mod_status' table).
// Pure: the panes draw these rows; tree-lines.ts lays them out.
import type { ProcInfo } from '../../labs/proc/types.ts';
import type { ScoreboardSnapshot } from '../../labs/scoreboard/types.ts';
import type { WatchReading } from '../../labs/watch/types.ts';
import type { PsDocument, PsProcess, PsSlot } from '../plain/ps-model.ts';
import { runtimeSummary } from '../plain/ps-text.ts';
import type { LastSeen, MarkTracker } from './marks.ts';
import { STRINGS as S } from './strings.ts';

export type RowMark = 'new' | 'leaving' | 'exited' | 'crashed' | null;

export interface TreeRow {
  kind: 'process' | 'thread' | 'runtime' | 'ghost';
  owner: number; // the pid of the process the row belongs to
  pid: number | null; // process rows
  ppid: number | null;
  tid: number | null; // process rows: the main thread; thread rows: the thread
  name: string; // comm, as ps -o comm / ps -L -o comm
  threads: number | null; // process rows: tasks in /proc/PID/task (ps -o nlwp)
  status: string; // a slot letter, "-" for a parent or a listener, "" for none
  rssBytes: number | null;
  request: string; // the request served, or a note
  note: boolean; // request is a note, not a request (drawn dim)
  ageMs: number | null;
  mark: RowMark;
  busy: boolean; // a thread holding a request: kept when idle threads are folded
}

const IDLE = new Set(['_', '.', 'S', 'I', '']);

const base = (owner: number): TreeRow => ({
  kind: 'process', owner, pid: null, ppid: null, tid: null, name: '', threads: null, status: '', rssBytes: null, request: '', note: false, ageMs: null, mark: null, busy: false,
});

function slotCells(slot: PsSlot | null): Pick<TreeRow, 'status' | 'request' | 'note' | 'ageMs' | 'busy'> {
  if (!slot) return { status: '', request: '', note: false, ageMs: null, busy: false };
  return {
    status: slot.status,
    request: slot.request.replace(/ HTTP\/\d(\.\d)?$/, ''),
    note: !slot.inProgress, // K: the request it answered last, not one it works on
    ageMs: slot.ageMs,
    busy: !IDLE.has(slot.status),
  };
}

function markFor(pid: number, quiescing: boolean, marks: MarkTracker | null): RowMark {
  if (quiescing) return 'leaving';
  const m = marks?.markOf(pid);
  return m?.kind === 'new' ? 'new' : null;
}

function ghostRow(seen: LastSeen, kind: 'exited' | 'crashed', why: string | undefined): TreeRow {
  return {
    ...base(seen.pid),
    kind: 'ghost',
    pid: seen.pid,
    tid: seen.pid,
    name: seen.comm,
    threads: null,
    status: kind === 'crashed' ? '!' : '',
    rssBytes: null,
    request: kind === 'crashed' ? S.treeCrashed(why) : S.treeExited(why),
    note: true,
    mark: kind,
  };
}

function psProcessRows(p: PsProcess, prefork: boolean, marks: MarkTracker | null, parked: number | null): TreeRow[] {
  const main = p.threads.find((t) => t.tid === p.pid);
  const row: TreeRow = { ...base(p.pid), pid: p.pid, ppid: p.ppid, tid: p.pid, name: p.comm, threads: p.threads.length, rssBytes: p.rssBytes };
  if (p.role === 'parent') Object.assign(row, { status: '-', request: S.treeParent, note: true });
  else if (p.role === 'other') Object.assign(row, { status: '?', request: S.treeOther, note: true, mark: markFor(p.pid, false, marks) });
  else if (main?.slot || (prefork && p.slots[0]?.pid === p.pid)) {
    Object.assign(row, slotCells(main?.slot ?? p.slots[0]!), { mark: markFor(p.pid, p.quiescing, marks) }); // prefork: the process is its one worker
  } else if (!p.slots.some((s) => s.pid === p.pid)) {
    // forked, not yet in its slots: the runtime is starting (named by its slot from the first moment)
    Object.assign(row, { status: p.slots[0]?.status ?? 'S', request: S.treeStarting, note: true, mark: markFor(p.pid, p.quiescing, marks) });
  } else {
    const mine = p.slots.filter((s) => s.pid === p.pid);
    const busy = mine.filter((s) => !IDLE.has(s.status)).length;
    // the NAME column says listener-N; the note says what its threads and connections do
    // leaving: G where its threads show G (event); worker's keep what they do, and so does it
    const graceful = p.quiescing && mine.some((s) => s.status === 'G');
    Object.assign(row, { status: graceful ? 'G' : '-', request: S.treeBusy(busy, mine.length, parked), note: true, mark: markFor(p.pid, p.quiescing, marks) });
  }
  const rows = [row];
  for (const t of p.threads) {
    if (t.tid === p.pid || t.role === 'runtime') continue;
    rows.push({ ...base(p.pid), kind: 'thread', tid: t.tid, name: t.comm, ...slotCells(t.slot) });
  }
  const runtime = p.threads.filter((t) => t.role === 'runtime');
  if (runtime.length) rows.push({ ...base(p.pid), kind: 'runtime', name: '', request: runtimeSummary(runtime), note: true });
  return rows;
}

/** Blocks of rows in scoreboard order: the parent first, then children and ghosts by slot. */
function ordered(blocks: { key: number; rows: TreeRow[] }[]): TreeRow[] {
  return blocks.sort((a, b) => a.key - b.key).flatMap((b) => b.rows);
}

/** `snapshot`, for event: each listener's parked keep-alive connections. */
export function rowsFromPs(doc: PsDocument, marks: MarkTracker | null, snapshot?: ScoreboardSnapshot): TreeRow[] {
  const parkedOf = (p: PsProcess): number | null => {
    if (snapshot?.model !== 'event' || p.processSlot === null) return null;
    const record = snapshot.processes[p.processSlot];
    return record && record.pid === p.pid ? record.keepAlive : null;
  };
  const blocks = doc.processes.map((p) => ({
    key: p.role === 'parent' ? -1 : p.processSlot ?? 1e6 + p.pid,
    rows: psProcessRows(p, doc.lab.model === 'prefork', marks, parkedOf(p)),
  }));
  for (const g of marks?.gone() ?? []) {
    blocks.push({ key: (g.seen.slot ?? 1e6) + 0.5, rows: [ghostRow(g.seen, g.mark.kind === 'crashed' ? 'crashed' : 'exited', g.mark.why)] });
  }
  return ordered(blocks);
}

/** What the tree remembers of a lab child, for its ghost row after it has gone. */
export function lastSeenFromPs(doc: PsDocument): LastSeen[] {
  return doc.processes
    .filter((p) => p.role !== 'parent')
    .map((p) => ({ pid: p.pid, slot: p.processSlot, comm: p.comm, threads: p.threads.length, rssBytes: p.rssBytes }));
}

// ---- a watched server ------------------------------------------------------------------

export interface WatchTreeInput {
  reading: WatchReading;
  procs: readonly ProcInfo[] | null; // the server's tree from /proc (parent first), when local
}

interface WatchContext {
  slots: WatchReading['slots'];
  oneSlotPerProcess: boolean; // prefork: the process is its one slot
  uptimeSeconds: number | null; // SS beyond the uptime is not a real age
  marks: MarkTracker | null;
}

function watchAge(secondsSince: number | null, ctx: WatchContext): number | null {
  if (secondsSince === null || (ctx.uptimeSeconds !== null && secondsSince > ctx.uptimeSeconds)) return null;
  return secondsSince * 1000;
}

function watchedProcessRow(pid: number, proc: ProcInfo | undefined, isParent: boolean, ctx: WatchContext): TreeRow[] {
  const row: TreeRow = {
    ...base(pid),
    pid,
    ppid: proc?.ppid ?? null,
    tid: pid,
    name: proc?.comm ?? '',
    threads: proc ? proc.threads.length : null,
    rssBytes: proc ? proc.rssBytes : null,
    mark: isParent ? null : markFor(pid, false, ctx.marks),
  };
  if (isParent) return [{ ...row, status: '-', request: 'parent, never serves', note: true }];
  const mine = ctx.slots.filter((s) => s.pid === pid);
  const busy = mine.filter((s) => !IDLE.has(s.mode));
  if (mine.length > 0 && mine.every((s) => s.mode === 'G')) row.mark = 'leaving';
  if (ctx.oneSlotPerProcess) {
    const s = mine[0];
    if (!s) return [{ ...row, status: '', request: '(no request yet)', note: true }];
    const holds = !IDLE.has(s.mode);
    return [{ ...row, status: s.mode, request: s.request.replace(/ HTTP\/\d(\.\d)?$/, ''), note: !holds, ageMs: holds ? watchAge(s.secondsSince, ctx) : null, busy: holds }];
  }
  // threaded: the table names no threads, only slots; the busy ones are listed under the process
  const rows: TreeRow[] = [{ ...row, status: '-', request: `${busy.length} busy of ${mine.length} listed`, note: true }];
  for (const s of busy) {
    rows.push({
      ...base(pid),
      kind: 'thread',
      name: `slot ${s.process}`,
      status: s.mode,
      request: s.request.replace(/ HTTP\/\d(\.\d)?$/, ''),
      ageMs: watchAge(s.secondsSince, ctx),
      busy: true,
    });
  }
  return rows;
}

export function rowsFromWatch(input: WatchTreeInput, marks: MarkTracker | null): TreeRow[] {
  const { reading, procs } = input;
  const mpm = reading.status.serverMPM;
  const uptime = Number.parseInt(reading.status.fields['ServerUptimeSeconds'] ?? reading.status.fields['Uptime'] ?? '', 10);
  const perPid = new Map<number, number>();
  for (const s of reading.slots) if (s.pid) perPid.set(s.pid, (perPid.get(s.pid) ?? 0) + 1);
  const ctx: WatchContext = {
    slots: reading.slots,
    // httpd 2.2 does not name its MPM: one row per pid in the table means one slot per process
    oneSlotPerProcess: mpm ? mpm === 'prefork' : [...perPid.values()].every((n) => n === 1),
    uptimeSeconds: Number.isFinite(uptime) ? uptime : null,
    marks,
  };
  const slotOf = new Map<number, number>();
  for (const s of reading.slots) if (s.pid && !slotOf.has(s.pid)) slotOf.set(s.pid, s.process);
  for (const p of reading.processes) if (!slotOf.has(p.pid)) slotOf.set(p.pid, p.slot);
  const blocks: { key: number; rows: TreeRow[] }[] = [];
  if (procs && procs.length) {
    const [parent, ...children] = procs;
    blocks.push({ key: -1, rows: watchedProcessRow(parent!.pid, parent, true, ctx) });
    for (const c of children) blocks.push({ key: slotOf.get(c.pid) ?? 1e6 + c.pid, rows: watchedProcessRow(c.pid, c, false, ctx) });
  } else {
    for (const [pid, slot] of slotOf) blocks.push({ key: slot, rows: watchedProcessRow(pid, undefined, false, ctx) });
  }
  for (const g of marks?.gone() ?? []) blocks.push({ key: (g.seen.slot ?? 1e6) + 0.5, rows: [ghostRow(g.seen, g.mark.kind === 'crashed' ? 'crashed' : 'exited', g.mark.why)] });
  return ordered(blocks);
}

export function lastSeenFromWatch(input: WatchTreeInput): LastSeen[] {
  const slotOf = new Map<number, number>();
  for (const s of input.reading.slots) if (s.pid && !slotOf.has(s.pid)) slotOf.set(s.pid, s.process);
  if (input.procs && input.procs.length) {
    return input.procs.slice(1).map((p) => ({ pid: p.pid, slot: slotOf.get(p.pid) ?? null, comm: p.comm, threads: p.threads.length, rssBytes: p.rssBytes }));
  }
  return [...slotOf].map(([pid, slot]) => ({ pid, slot, comm: '', threads: 0, rssBytes: null }));
}
