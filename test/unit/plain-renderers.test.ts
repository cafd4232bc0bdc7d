import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../../labs/client/types.ts';
import type { ModelName } from '../../labs/config/types.ts';
import type { ProcInfo } from '../../labs/proc/types.ts';
import type { LabRecord } from '../../labs/run/run-dir.ts';
import type { ProcessSnapshot, ScoreboardSnapshot, SlotSnapshot, SlotStatus } from '../../labs/scoreboard/types.ts';
import { renderLoad } from '../../cli/plain/load-text.ts';
import { buildPsDocument } from '../../cli/plain/ps-model.ts';
import { renderPs } from '../../cli/plain/ps-text.ts';
import { buildStatusDocument } from '../../cli/plain/status-model.ts';
import { renderStatus } from '../../cli/plain/status-text.ts';
import { formatAge, formatRss } from '../../cli/plain/units.ts';

const plain = new Chalk({ level: 0 });
const NOW = 1_700_000_100_000;
const MB = 1024 * 1024;

function slot(process: number, thread: number, status: SlotStatus, extra: Partial<SlotSnapshot> = {}): SlotSnapshot {
  return {
    process, thread, status, pid: 0, tid: 0, generation: 0, accessCount: 0, myAccessCount: 0, connCount: 0, bytesServed: 0,
    myBytesServed: 0, connBytes: 0, requestStart: 0, requestEnd: 0, lastUsed: 0, durationTotal: 0, client: '', request: '', ...extra,
  };
}

function proc(slotIndex: number, pid: number, extra: Partial<ProcessSnapshot> = {}): ProcessSnapshot {
  return { slot: slotIndex, pid, generation: 0, quiescing: 0, notAccepting: 0, startedAt: NOW - 60_000, connections: 0, keepAlive: 0, closing: 0, writing: 0, waitIo: 0, ...extra };
}

function snapshot(model: ModelName, threadsPerChild: number, processes: ProcessSnapshot[], slots: SlotSnapshot[][], maxRequestWorkers: number): ScoreboardSnapshot {
  return { model, serverLimit: processes.length, threadLimit: threadsPerChild, threadsPerChild, maxRequestWorkers, generation: 0, startTime: NOW - 3_725_000, restartTime: NOW - 3_725_000, now: NOW, processes, slots };
}

const lab = (model: ModelName, pid = 1000): LabRecord => ({
  pid, model, host: '127.0.0.1', port: 8080, url: 'http://127.0.0.1:8080/', startedAt: NOW - 3_725_000, scoreboard: '/x/scoreboard', tokenFile: '/x/token', runtime: 'node',
});

const info = (pid: number, ppid: number, comm: string, rssMb: number, threads: [number, string][]): ProcInfo => ({
  pid, ppid, comm, title: `mpm-lab: ${comm}`, state: 'S', rssBytes: rssMb * MB, startTime: 0,
  threads: [[pid, comm] as [number, string], ...threads].map(([tid, c]) => ({ tid, comm: c, state: 'S' })),
});

describe('ps (prefork)', () => {
  const sb = snapshot(
    'prefork',
    1,
    [proc(0, 1001), proc(1, 1002), proc(2, 0)],
    [
      [slot(0, 0, 'W', { pid: 1001, tid: 1001, request: 'GET /sleep?ms=2000 HTTP/1.1', requestStart: NOW - 1200, accessCount: 3 })],
      [slot(1, 0, 'K', { pid: 1002, tid: 1002, request: 'GET / HTTP/1.1', requestStart: NOW - 4000, requestEnd: NOW - 3500 })],
      [slot(2, 0, '.')],
    ],
    3,
  );
  const procs = [
    info(1000, 1, 'mpm-parent', 52.04, [[1003, 'V8 Worker'], [1004, 'V8 Worker'], [1005, 'libuv-worker']]),
    info(1001, 1000, 'prefork-0', 48.1, [[1010, 'V8 Worker']]),
    info(1002, 1000, 'prefork-1', 47.9, []),
    info(1050, 1000, 'prefork-9', 20, []), // forked, not yet in the scoreboard
  ];
  const doc = buildPsDocument(lab('prefork'), sb, procs);

  it('prints the parent first, each child with its slot, request and age, in 79 columns', () => {
    const text = renderPs(doc, plain);
    expect(text).toBe(
      [
        'prefork lab on http://127.0.0.1:8080/: 4 processes, 8 threads',
        '    PID    PPID     TID NAME              ST    RSS REQUEST                 AGE',
        '   1000       1    1000 mpm-parent        -   52.0M parent, never serves',
        '                +3 runtime threads (V8 Worker×2, libuv-worker)',
        '   1001    1000    1001 prefork-0         W   48.1M GET /sleep?ms=2000     1.2s',
        '                +1 runtime thread (V8 Worker)',
        '   1002    1000    1002 prefork-1         K   47.9M GET /                  3.5s',
        '   1050    1000    1050 prefork-9         ?   20.0M not in scoreboard',
        '',
      ].join('\n'),
    );
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(79);
  });

  it('gives a stable JSON shape: roles, slots and thread roles', () => {
    const [parent, child0, child1, other] = doc.processes;
    expect(parent).toMatchObject({ pid: 1000, role: 'parent', processSlot: null, slots: [] });
    expect(parent!.threads.map((t) => t.role)).toEqual(['main', 'runtime', 'runtime', 'runtime']);
    expect(child0).toMatchObject({ pid: 1001, ppid: 1000, role: 'child', processSlot: 0, comm: 'prefork-0', rssBytes: 48.1 * MB });
    expect(child0!.threads[0]).toMatchObject({ tid: 1001, role: 'worker', slot: { status: 'W', request: 'GET /sleep?ms=2000 HTTP/1.1', inProgress: true, ageMs: 1200 } });
    expect(child1!.slots[0]).toMatchObject({ status: 'K', inProgress: false, ageMs: 3500 });
    expect(other).toMatchObject({ role: 'other', processSlot: null });
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});

describe('ps (worker)', () => {
  it('lists worker threads under their process with slot states; the main thread is the listener', () => {
    const sb = snapshot(
      'worker',
      2,
      [proc(0, 2001)],
      [[slot(0, 0, 'R', { pid: 2001, tid: 2005, request: 'GET /a HTTP/1.1', requestStart: NOW - 50 }), slot(0, 1, '_', { pid: 2001, tid: 2006, request: 'GET /old HTTP/1.1', requestEnd: NOW - 10 })]],
      2,
    );
    const procs = [info(2000, 1, 'mpm-parent', 50, []), info(2001, 2000, 'worker-child-0', 150, [[2003, 'node'], [2005, 'worker-0.0'], [2006, 'worker-0.1']])];
    const text = renderPs(buildPsDocument(lab('worker', 2000), sb, procs), plain);
    expect(text.split('\n').slice(2).join('\n')).toBe(
      [
        '   2000       1    2000 mpm-parent        -   50.0M parent, never serves',
        '   2001    2000    2001 worker-child-0    -    150M listener, 1/2 busy',
        '                   2005   worker-0.0      R         GET /a                 0.1s',
        '                   2006   worker-0.1      _',
        '                +1 runtime thread (node)',
        '',
      ].join('\n'),
    );
  });
});

describe('status', () => {
  it('prints uptime, totals, counts, the 64-cell grid and the key (prefork)', () => {
    const slots = Array.from({ length: 70 }, (_, i) =>
      i < 3 ? [slot(i, 0, i === 0 ? 'W' : '_', { pid: 1001 + i, accessCount: 10, bytesServed: 2048 })] : [slot(i, 0, '.')],
    );
    const procs = slots.map((_, i) => proc(i, i < 3 ? 1001 + i : 0));
    const doc = buildStatusDocument(lab('prefork'), snapshot('prefork', 1, procs, slots, 70));
    expect(doc).toMatchObject({ busy: 1, idle: 2, graceful: 0, accesses: 30, kBytes: 6, uptimeSeconds: 3725 });
    expect(renderStatus(doc, plain)).toBe(
      [
        'prefork lab on http://127.0.0.1:8080/ (parent pid 1000)',
        'Server uptime: 1 hour 2 minutes 5 seconds',
        'Parent Server MPM Generation: 0',
        'Total accesses: 30 - Total Traffic: 6 kB',
        '1 requests currently being processed, 2 idle workers, 0 gracefully finishing',
        '',
        'W__' + '.'.repeat(61),
        '......',
        '',
        'Scoreboard Key:',
        '"_" Waiting for Connection, "S" Starting up, "R" Reading Request,',
        '"W" Sending Reply, "K" Keepalive (read), "D" DNS Lookup,',
        '"C" Closing connection, "L" Logging, "G" Gracefully finishing,',
        '"I" Idle cleanup of worker, "." Open slot with no current process',
        '',
      ].join('\n'),
    );
  });

  it("adds event's per-process connections", () => {
    const sb = snapshot(
      'event',
      2,
      [proc(0, 3001, { connections: 5, keepAlive: 3, closing: 1 }), proc(1, 3002, { quiescing: 1, connections: 1 }), proc(2, 0)],
      [
        [slot(0, 0, 'W', { pid: 3001 }), slot(0, 1, '_', { pid: 3001 })],
        [slot(1, 0, 'G', { pid: 3002 }), slot(1, 1, 'G', { pid: 3002 })],
        [slot(2, 0, '.'), slot(2, 1, '.')],
      ],
      6,
    );
    const text = renderStatus(buildStatusDocument(lab('event'), sb), plain);
    expect(text).toContain(
      [
        'Slot  PID       Stop Connections  Busy  Idle  Writing  Keep-alive  Closing',
        '0     3001        no           5     1     1        0           3        1',
        '1     3002       yes           1     0     0        0           0        0',
        'Sum   2            1           6     1     1        0           3        1',
        '',
        'W_GG..',
      ].join('\n'),
    );
  });
});

describe('load', () => {
  it('prints counts, errors by kind, rate, latency and pids', () => {
    const result: LoadResult = {
      requests: [],
      ok: 98,
      failed: 2,
      durationMs: 1234,
      requestsPerSecond: 79.42,
      latency: { min: 0.5, p50: 3.44, p90: 5.6, p99: 12, max: 120.4, mean: 3.9 },
      byPid: { 4001: 60, 4002: 39 },
      errors: { ECONNRESET: 1, timeout: 1 },
      closedBeforeResponse: 0,
      stoppedBy: null,
    };
    expect(renderLoad({ url: 'http://127.0.0.1:8080/', concurrency: 10, requests: 100, keepAlive: false, timeoutMs: 30000 }, result, plain)).toBe(
      [
        'http://127.0.0.1:8080/: 100 requests, 10 at a time, keep-alive off',
        'Completed:  98 ok, 2 failed in 1.23 s',
        'Errors:     ECONNRESET 1, timeout 1',
        'Rate:       79.4 requests/s (successful)',
        'Latency ms: min 0.50  p50 3.4  p90 5.6  p99 12.0  max 120  mean 3.9',
        'Served by:  2 processes',
        '            pid 4001        60   61%',
        '            pid 4002        39   39%',
        '',
      ].join('\n'),
    );
  });
});

describe('units', () => {
  it('fits sizes and ages into their columns', () => {
    expect([formatRss(900 * 1024), formatRss(55.24 * MB), formatRss(123.4 * MB), formatRss(1300 * MB)]).toEqual(['900K', '55.2M', '123M', '1.3G']);
    expect([formatAge(420), formatAge(12_900), formatAge(185_000), formatAge(7_380_000), formatAge(-5)]).toEqual(['0.4s', '12s', '3m05s', '2h03m', '0.0s']);
  });
});
