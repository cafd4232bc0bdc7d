// compare's text: the settings above, one column per model, one row per figure, every
// failure kind in its own row; the same report always prints the same text.
import { describe, expect, it } from 'vitest';
import { renderHeader, renderReport, renderTable, tableRows } from '../../labs/compare/table.ts';
import type { CompareHeader, ModelRun } from '../../labs/compare/types.ts';
import { planWorkload } from '../../labs/compare/workloads.ts';

const MB = 1024 * 1024;

function run(model: ModelRun['model'], over: Partial<ModelRun> = {}): ModelRun {
  return {
    model,
    requests: { sent: 12, ok: 11, failed: 1, errors: { 'socket hang up': 1 }, requestsPerSecond: 6.25, p50Ms: 1639.4, p99Ms: 1642, durationMs: 1760 },
    footprint: { processes: 16, threads: 176, servingThreads: 16, rssBytes: 834 * MB },
    crash: { inFlight: 12, lost: 1, crashedPid: 4242, busyInCrashed: 1, parentCountedLost: 1 },
    log: ['[Thu Dec 03 07:00:00.000000 2026] [core:notice] [pid 1] AH00052: child pid 4242 exit signal Aborted (6)'],
    ...over,
  };
}

const runs: ModelRun[] = [
  run('prefork'),
  run('worker', {
    requests: { sent: 12, ok: 8, failed: 4, errors: { 'socket hang up': 3, ECONNRESET: 1 }, requestsPerSecond: 4.7, p50Ms: 1612, p99Ms: 1616, durationMs: 1700 },
    footprint: { processes: 4, threads: 60, servingThreads: 16, rssBytes: 382 * MB },
    crash: { inFlight: 12, lost: 4, crashedPid: 4343, busyInCrashed: 4, parentCountedLost: 4 },
  }),
  run('event', {
    requests: { sent: 12, ok: 8, failed: 4, errors: { 'socket hang up': 4 }, requestsPerSecond: 4.6, p50Ms: 8.25, p99Ms: 9.5, durationMs: 1700 },
    footprint: { processes: 4, threads: 60, servingThreads: 16, rssBytes: 379 * MB },
    crash: { inFlight: 12, lost: 4, crashedPid: 4444, busyInCrashed: 4, parentCountedLost: 4 },
    log: [],
  }),
];

describe('compare table', () => {
  it('lines the three models up in columns, failures by kind, the crash\'s losses, processes, threads and memory', () => {
    expect(renderTable(runs)).toBe(
      [
        '                         prefork      worker       event',
        'requests ok / sent       11 / 12      8 / 12       8 / 12',
        'requests per second      6.3          4.7          4.6',
        'latency p50              1639 ms      1612 ms      8.3 ms',
        'latency p99              1642 ms      1616 ms      9.5 ms',
        'failed                   1            4            4',
        '  ECONNRESET             0            1            0',
        '  socket hang up         1            3            4',
        'lost in the crash        1 of 12      4 of 12      4 of 12',
        '  busy in that process   1            4            4',
        '  its connections lost   1            4            4',
        'processes                16           4            4',
        'threads (serving)        176 (16)     60 (16)      60 (16)',
        'total RSS                834 MB       382 MB       379 MB',
        "parent's log             AH00052 x1   AH00052 x1   -",
        '',
      ].join('\n'),
    );
  });

  it('no latency without a success; the keep-alive and slow-client rows only for their workloads', () => {
    const none = run('prefork', { requests: { sent: 3, ok: 0, failed: 3, errors: { timeout: 3 }, requestsPerSecond: 0, p50Ms: 0, p99Ms: 0, durationMs: 2000 } });
    delete none.crash;
    const rows = tableRows([{ ...none, held: { held: 16, heldBySlots: 16, parked: 0 } }, { ...none, model: 'event', slow: { clients: 4, answers: { '408': 3, none: 1 } } }]);
    const byLabel = Object.fromEntries(rows.map(([label, ...cells]) => [label.trim(), cells]));
    expect(byLabel['latency p50']).toEqual(['-', '-']);
    expect(byLabel['requests per second']).toEqual(['0.0', '0.0']);
    expect(byLabel['idle clients held']).toEqual(['16', '-']);
    expect(byLabel['on a worker (K)']).toEqual(['16', '-']);
    expect(byLabel['parked (listener)']).toEqual(['0', '-']);
    expect(byLabel["slow clients' answers"]).toEqual(['-', '408 x3, none x1']);
    expect(byLabel['lost in the crash']).toBeUndefined();
  });

  it('the header: the workload, each model\'s settings, the shared ones once, where a --set went, httpd\'s warnings', () => {
    const header: CompareHeader = {
      workload: 'keepalive',
      plan: planWorkload('keepalive', { maxRequestWorkers: 8 }),
      description: '8 clients hold idle keep-alive connections while others send 16 GET /, 2 at a time (each gives up after 2 s)',
      maxRequestWorkers: 8,
      settings: [
        { model: 'prefork', values: { StartServers: 8, MaxRequestWorkers: 8, KeepAlive: true, KeepAliveTimeout: 5000, Timeout: 60000 }, warnings: [] },
        { model: 'worker', values: { StartServers: 2, ThreadsPerChild: 4, MaxRequestWorkers: 8, KeepAlive: true, KeepAliveTimeout: 5000, Timeout: 60000 }, warnings: [] },
        { model: 'event', values: { StartServers: 2, AsyncRequestWorkerFactor: 4, KeepAlive: true, KeepAliveTimeout: 5000, Timeout: 60000 }, warnings: ['AH00316: WARNING: ...'] },
      ],
      partial: [{ set: 'AsyncRequestWorkerFactor=4', models: ['event'] }],
    };
    expect(renderHeader(header)).toBe(
      [
        'mpm-lab compare, workload keepalive: 8 clients hold idle keep-alive connections while others send 16 GET /, 2 at a time (each gives up after 2 s)',
        'Settings (MaxRequestWorkers 8 for the three; as httpd reads them, corrections included):',
        '  prefork  StartServers 8, MaxRequestWorkers 8',
        '  worker   StartServers 2, ThreadsPerChild 4, MaxRequestWorkers 8',
        '  event    StartServers 2, AsyncRequestWorkerFactor 4',
        '  all      KeepAlive On, KeepAliveTimeout 5 s, Timeout 60 s',
        '  --set AsyncRequestWorkerFactor=4: event only (the others have no such directive)',
        '  event: AH00316: WARNING: ...',
        '',
      ].join('\n'),
    );
    const report = renderReport(header, runs);
    expect(report.indexOf('Settings')).toBeLessThan(report.indexOf('requests ok / sent'));
    expect(report).toMatch(/at their peak during the run/);
  });
});
