// `mpm-lab ps` as text: one line per process (parent first), its worker threads indented
// under it, the runtime's own threads summed up. At most 79 columns.
import chalk from 'chalk';
import type { ChalkInstance } from 'chalk';
import { cell, clip } from './columns.ts';
import type { PsDocument, PsProcess, PsSlot, PsThread } from './ps-model.ts';
import { paintStatus } from './slot-color.ts';
import { formatAge, formatRss } from './units.ts';

export const PS_WIDTH = 79;
const W = { pid: 7, ppid: 7, tid: 7, name: 17, st: 2, rss: 6, request: 20, age: 6 } as const;

/** The request line without its protocol, which every lab request shares. */
function shortRequest(request: string): string {
  return request.replace(/ HTTP\/\d(\.\d)?$/, '');
}

function row(c: ChalkInstance, f: { pid?: string; ppid?: string; tid: string; name: string; st: string; rss?: string; request: string; age?: string; dimRequest?: boolean; header?: boolean }): string {
  const request = cell(f.request, W.request);
  return [
    cell(f.pid ?? '', W.pid, 'right'),
    cell(f.ppid ?? '', W.ppid, 'right'),
    cell(f.tid, W.tid, 'right'),
    cell(f.name, W.name),
    f.header ? cell(f.st, W.st) : (f.st ? paintStatus(c, f.st) : '') + ' '.repeat(W.st - f.st.length),
    cell(f.rss ?? '', W.rss, 'right'),
    f.dimRequest ? c.dim(request) : request,
    cell(f.age ?? '', W.age, 'right'),
  ]
    .join(' ')
    .trimEnd();
}

function slotFields(slot: PsSlot | null): { st: string; request: string; age: string; dimRequest: boolean } {
  if (!slot) return { st: '', request: '', age: '', dimRequest: false };
  return {
    st: slot.status,
    request: shortRequest(slot.request),
    age: slot.ageMs === null ? '' : formatAge(slot.ageMs),
    dimRequest: !slot.inProgress, // K: the request it answered last, not one it works on
  };
}

function processNote(p: PsProcess, main: PsThread | undefined): { st: string; request: string; age: string; dimRequest: boolean } {
  if (p.role === 'parent') return { st: '-', request: 'parent, never serves', age: '', dimRequest: true };
  if (p.role === 'other') return { st: '?', request: 'not in scoreboard', age: '', dimRequest: true };
  if (main?.slot) return slotFields(main.slot); // prefork: the process is its one worker
  const mine = p.slots.filter((s) => s.pid === p.pid);
  const busy = mine.filter((s) => !['_', '.', 'S', 'I'].includes(s.status)).length;
  const graceful = p.quiescing && mine.some((s) => s.status === 'G'); // event's leaving threads; worker's keep their state
  return { st: graceful ? 'G' : '-', request: `listener, ${busy}/${mine.length} busy`, age: '', dimRequest: true };
}

/** "+7 runtime threads (V8 Worker×4, libuv-worker×3)" */
export function runtimeSummary(threads: readonly PsThread[]): string {
  const counts = new Map<string, number>();
  for (const t of threads) counts.set(t.comm, (counts.get(t.comm) ?? 0) + 1);
  const names = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([n, k]) => (k > 1 ? `${n}×${k}` : n));
  return `+${threads.length} runtime thread${threads.length === 1 ? '' : 's'} (${names.join(', ')})`;
}

export function renderPs(doc: PsDocument, c: ChalkInstance = chalk): string {
  const threads = doc.processes.reduce((n, p) => n + p.threads.length, 0);
  const lines = [
    clip(`${doc.lab.model} lab on ${doc.lab.url}: ${doc.processes.length} processes, ${threads} threads`, PS_WIDTH),
    c.bold(row(c, { pid: 'PID', ppid: 'PPID', tid: 'TID', name: 'NAME', st: 'ST', rss: 'RSS', request: 'REQUEST', age: 'AGE', header: true })),
  ];
  for (const p of doc.processes) {
    const main = p.threads.find((t) => t.tid === p.pid);
    lines.push(row(c, { pid: String(p.pid), ppid: String(p.ppid), tid: String(p.pid), name: p.comm, rss: formatRss(p.rssBytes), ...processNote(p, main) }));
    for (const t of p.threads) {
      if (t.tid === p.pid || t.role === 'runtime') continue;
      lines.push(row(c, { tid: String(t.tid), name: `  ${t.comm}`, ...slotFields(t.slot) }));
    }
    const runtime = p.threads.filter((t) => t.role === 'runtime');
    if (runtime.length) lines.push(c.dim(' '.repeat(W.pid + W.ppid + 2) + clip(runtimeSummary(runtime), PS_WIDTH - W.pid - W.ppid - 2)));
  }
  return lines.join('\n') + '\n';
}
