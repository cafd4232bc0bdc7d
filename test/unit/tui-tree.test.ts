// The process tree pane's model and layout: the `ps` model in, rows of exactly 80 columns
// out; threads folded to fit; new, leaving and crashed processes marked.
import { describe, expect, it } from 'vitest';
import { buildPsDocument } from '../../cli/plain/ps-model.ts';
import { MarkTracker } from '../../cli/tui/marks.ts';
import { lineText, width } from '../../cli/tui/line.ts';
import { layoutTree, treeHeading } from '../../cli/tui/tree-lines.ts';
import { lastSeenFromPs, lastSeenFromWatch, rowsFromPs, rowsFromWatch } from '../../cli/tui/tree-model.ts';
import type { ProcInfo } from '../../labs/proc/types.ts';
import type { LabRecord } from '../../labs/run/run-dir.ts';
import { parseStatusAuto } from '../../labs/status/parse-auto.ts';
import type { WatchReading } from '../../labs/watch/types.ts';
import { makeSnapshot } from '../support/snapshot.ts';

const MB = 1024 * 1024;
const lab = (model: LabRecord['model']): LabRecord => ({
  pid: 900, model, host: '127.0.0.1', port: 8080, url: 'http://127.0.0.1:8080/', startedAt: 0, scoreboard: '/x', tokenFile: '/x', runtime: 'node',
});
const proc = (pid: number, ppid: number, comm: string, threads: [number, string][]): ProcInfo => ({
  pid, ppid, comm, title: comm, state: 'S', rssBytes: 50 * MB, startTime: 0,
  threads: [[pid, comm] as [number, string], ...threads].map(([tid, c]) => ({ tid, comm: c, state: 'S' })),
});
const runtime = (base: number, n: number): [number, string][] => Array.from({ length: n }, (_, i) => [base + 50 + i, 'node'] as [number, string]);

/** The tid of thread t of process slot p (not the pid: the main thread is the listener). */
const tidOf = (p: number, t: number) => 2000 + p * 10 + t;

/** A worker lab: parent 900, children 1000 and 1001 with 4 threads each. */
function workerDoc(rows: string[]) {
  const snapshot = makeSnapshot('worker', rows, { threadsPerChild: 4 });
  snapshot.slots.forEach((row, p) => row.forEach((s, t) => (s.tid = s.pid ? tidOf(p, t) : 0)));
  snapshot.slots[0]![1] = { ...snapshot.slots[0]![1]!, requestStart: snapshot.now - 1500, requestEnd: 0, request: 'GET /sleep?ms=3000 HTTP/1.1' };
  const procs = [
    proc(900, 1, 'mpm-parent', runtime(900, 6)),
    ...rows.map((r, p) => (r ? proc(1000 + p, 900, `listener-${p}`, [...[0, 1, 2, 3].map((t) => [tidOf(p, t), `worker-${p}.${t}`] as [number, string]), ...runtime(1000 + p, 4)]) : null)).filter((p): p is ProcInfo => p !== null),
  ];
  return { snapshot, doc: buildPsDocument(lab('worker'), snapshot, procs) };
}

describe('tree rows from the ps model', () => {
  it('parent, children, worker threads and runtime threads, as ps shows them', () => {
    const { doc, snapshot } = workerDoc(['_W__', '____']);
    const rows = rowsFromPs(doc, null, snapshot);
    expect(rows.map((r) => `${r.kind}:${r.pid ?? ''}:${r.tid ?? ''}:${r.name}:${r.threads ?? ''}:${r.status}`)).toEqual([
      'process:900:900:mpm-parent:7:-',
      'runtime:::::',
      'process:1000:1000:listener-0:9:-',
      'thread::2000:worker-0.0::_',
      'thread::2001:worker-0.1::W',
      'thread::2002:worker-0.2::_',
      'thread::2003:worker-0.3::_',
      'runtime:::::',
      'process:1001:1001:listener-1:9:-',
      'thread::2010:worker-1.0::_',
      'thread::2011:worker-1.1::_',
      'thread::2012:worker-1.2::_',
      'thread::2013:worker-1.3::_',
      'runtime:::::',
    ]);
    expect(rows[2]!.request).toBe('1/4 busy');
    expect(rows[4]!.request).toBe('GET /sleep?ms=3000');
    expect(rows[4]!.ageMs).toBe(1500);
  });

  it('80 columns exactly, with PID, TID, NAME, THR, ST, RSS, REQUEST and AGE', () => {
    const { doc, snapshot } = workerDoc(['_W__', '____']);
    const view = layoutTree(rowsFromPs(doc, null, snapshot), 80, 30);
    expect(view.level).toBe(0);
    const text = [treeHeading(80), ...view.lines].map(lineText);
    for (const l of text) expect(width(l)).toBe(80);
    expect(text[0]).toMatch(/^\s+PID\s+TID NAME\s+THR ST\s+RSS REQUEST\s+AGE$/);
    expect(text[1]).toMatch(/^ +900 +900 mpm-parent +7 - +50\.0M parent, never serves +$/);
    expect(text.find((l) => l.includes('worker-0.1'))).toMatch(/2001 +worker-0\.1 +W +GET \/sleep\?ms=3000 +1\.5s$/);
    expect(text[2]).toContain('+6 runtime threads (node×6)');
  });

  it('folds idle threads, then all threads, then scrolls, to fit the height', () => {
    const { doc, snapshot } = workerDoc(['_W__', '____']);
    const rows = rowsFromPs(doc, null, snapshot);
    expect(layoutTree(rows, 80, 11).level).toBe(1); // runtime summaries dropped
    const two = layoutTree(rows, 80, 6);
    expect(two.level).toBe(2);
    expect(two.lines.map(lineText).map((l) => l.trimEnd())).toEqual([
      expect.stringMatching(/900 mpm-parent/),
      expect.stringMatching(/1000 listener-0/),
      expect.stringMatching(/2001 {3}worker-0\.1 .* W /),
      expect.stringMatching(/^ +3 idle +___$/),
      expect.stringMatching(/1001 listener-1/),
      expect.stringMatching(/^ +4 idle +____$/),
    ]);
    expect(layoutTree(rows, 80, 5).level).toBe(3);
    const scrolled = layoutTree(rows, 80, 3, 1);
    expect(scrolled.offset).toBe(1);
    expect(lineText(scrolled.lines[2]!)).toContain('↑ 1 above');
    expect(lineText(scrolled.lines[2]!)).toContain('↓ 2 more');
  });

  it('shows PPID from 92 columns on, and never draws past the width', () => {
    const { doc, snapshot } = workerDoc(['_W__', '']);
    const rows = rowsFromPs(doc, null, snapshot);
    expect(lineText(treeHeading(100))).toMatch(/PID +PPID +TID/);
    for (const w of [60, 80, 100, 140]) for (const l of layoutTree(rows, w, 40).lines) expect(width(lineText(l))).toBeLessThanOrEqual(w);
  });

  it('marks a new child, a leaving one (G) and a crashed one that has gone', () => {
    const marks = new MarkTracker(3000);
    const first = workerDoc(['____', '____']);
    marks.observe(lastSeenFromPs(first.doc), 0);
    const second = workerDoc(['', '____', '____']); // slot 0's child crashed, slot 2's is new
    second.snapshot.processes[1]!.quiescing = 1;
    const doc2 = buildPsDocument(lab('worker'), second.snapshot, [
      proc(900, 1, 'mpm-parent', []),
      proc(1001, 900, 'listener-1', []),
      proc(1002, 900, 'listener-2', []),
    ]);
    marks.exited(1000, true, 'Aborted (6)', 100);
    marks.observe(lastSeenFromPs(doc2), 100);
    const rows = rowsFromPs(doc2, marks, second.snapshot);
    const byPid = (pid: number) => rows.find((r) => r.pid === pid)!;
    expect(byPid(1000)).toMatchObject({ kind: 'ghost', mark: 'crashed', request: 'crashed: Aborted (6)', name: 'listener-0' });
    expect(byPid(1001).mark).toBe('leaving');
    expect(byPid(1002).mark).toBe('new');
    const text = layoutTree(rows, 80, 10).lines.map(lineText);
    expect(text.find((l) => l.includes('1000'))).toMatch(/^! +1000/);
    expect(text.find((l) => l.includes('1002 '))).toMatch(/^\+ +1002/);
    // the moment passes
    marks.observe(lastSeenFromPs(doc2), 3200);
    const later = rowsFromPs(doc2, marks, second.snapshot);
    expect(later.find((r) => r.pid === 1000)).toBeUndefined();
    expect(later.find((r) => r.pid === 1002)!.mark).toBeNull();
  });

  it('event: each listener says how many keep-alive connections it has parked', () => {
    const snapshot = makeSnapshot('event', ['____'], { threadsPerChild: 4 });
    snapshot.slots[0]!.forEach((s, t) => (s.tid = tidOf(0, t)));
    snapshot.processes[0]!.keepAlive = 3;
    const doc = buildPsDocument(lab('event'), snapshot, [proc(900, 1, 'mpm-parent', []), proc(1000, 900, 'listener-0', [[tidOf(0, 0), 'worker-0.0']])]);
    expect(rowsFromPs(doc, null, snapshot).find((r) => r.pid === 1000)!.request).toBe('0/4 busy, 3 parked');
  });
});

describe('tree rows from a watched server', () => {
  const reading: WatchReading = {
    at: 0,
    url: 'http://127.0.0.1/server-status',
    status: parseStatusAuto('BusyWorkers: 1\nIdleWorkers: 2\nScoreboard: W__.\n'),
    extended: true,
    processes: [],
    slots: [
      { process: 0, generation: 0, pid: 501, mode: 'W', accessConn: 0, accessChild: 3, accessSlot: 3, secondsSince: 2, reqMs: 0, client: '127.0.0.1', protocol: 'http/1.1', vhost: 'x', request: 'GET /big HTTP/1.1' },
      { process: 1, generation: 0, pid: 502, mode: '_', accessConn: 0, accessChild: 1, accessSlot: 1, secondsSince: 9, reqMs: 1, client: '127.0.0.1', protocol: 'http/1.1', vhost: 'x', request: 'GET / HTTP/1.1' },
    ],
  };

  it('with /proc: the parent and every child, those the table leaves out included', () => {
    const procs = [proc(500, 1, 'apache2', []), proc(501, 500, 'apache2', []), proc(502, 500, 'apache2', []), proc(503, 500, 'apache2', [])];
    const rows = rowsFromWatch({ reading, procs }, null);
    expect(rows.map((r) => [r.pid, r.status, r.request, r.ageMs])).toEqual([
      [500, '-', 'parent, never serves', null],
      [501, 'W', 'GET /big', 2000],
      [502, '_', 'GET /', null],
      [503, '', '(no request yet)', null],
    ]);
    expect(lastSeenFromWatch({ reading, procs }).map((s) => s.pid)).toEqual([501, 502, 503]);
  });

  it('a threaded server: the busy slots listed under their process; an SS beyond the uptime is no age', () => {
    const threaded: WatchReading = {
      ...reading,
      status: parseStatusAuto('ServerMPM: worker\nServerUptimeSeconds: 60\nBusyWorkers: 2\nIdleWorkers: 2\nScoreboard: WW__\n'),
      slots: [
        { ...reading.slots[0]!, pid: 601, mode: 'W', secondsSince: 3, request: 'GET /a HTTP/1.1' },
        { ...reading.slots[0]!, pid: 601, mode: 'W', secondsSince: 1_700_000_000, request: 'GET /b HTTP/1.1' },
        { ...reading.slots[1]!, pid: 601, mode: '_' },
      ],
    };
    const procs = [proc(600, 1, 'httpd', []), proc(601, 600, 'httpd', [[602, 'httpd'], [603, 'httpd']])];
    const rows = rowsFromWatch({ reading: threaded, procs }, null);
    expect(rows.map((r) => [r.kind, r.pid, r.threads, r.status, r.request, r.ageMs])).toEqual([
      ['process', 600, 1, '-', 'parent, never serves', null],
      ['process', 601, 3, '-', '2 busy of 3 listed', null],
      ['thread', null, null, 'W', 'GET /a', 3000],
      ['thread', null, null, 'W', 'GET /b', null],
    ]);
  });

  it('without /proc (another machine): the pids the table names', () => {
    const rows = rowsFromWatch({ reading, procs: null }, null);
    expect(rows.map((r) => [r.pid, r.status, r.threads, r.rssBytes])).toEqual([
      [501, 'W', null, null],
      [502, '_', null, null],
    ]);
  });
});
