// mod_status as the lab renders it: field order, counting rules and cell count as in httpd
// 2.4's modules/generators/mod_status.c, HTML escaping, and reading ?auto back.
import { describe, expect, it } from 'vitest';
import type { ModelName } from '../../labs/config/types.ts';
import { emptySlot } from '../../labs/scoreboard/codec.ts';
import type { ProcessSnapshot, ScoreboardSnapshot, SlotSnapshot, SlotStatus } from '../../labs/scoreboard/types.ts';
import { aprG, f32, showTime } from '../../labs/status/apr-format.ts';
import { AUTO_FIELD_ORDER, renderStatusAuto } from '../../labs/status/auto.ts';
import { countSlots } from '../../labs/status/count.ts';
import { renderStatusHtml } from '../../labs/status/html.ts';
import { parseStatusAuto } from '../../labs/status/parse-auto.ts';
import { httpdTime } from '../../labs/status/time-format.ts';
import type { ServerInfo } from '../../labs/status/types.ts';

const NOW = Date.UTC(2026, 0, 27, 11, 26, 58);

interface ProcSpec {
  pid?: number;
  cells: string; // one status letter per thread slot
  quiescing?: number;
  notAccepting?: number;
  generation?: number;
  conns?: Partial<Pick<ProcessSnapshot, 'connections' | 'keepAlive' | 'closing' | 'writing' | 'waitIo'>>;
  slot?: Partial<SlotSnapshot>; // applied to every slot of the process
}

function snapshot(model: ModelName, dims: { serverLimit: number; threadsPerChild: number; maxRequestWorkers: number }, procs: ProcSpec[], upMs = 3665_000): ScoreboardSnapshot {
  const processes: ProcessSnapshot[] = [];
  const slots: SlotSnapshot[][] = [];
  for (let p = 0; p < dims.serverLimit; p++) {
    const spec = procs[p];
    const pid = spec ? (spec.pid ?? 1000 + p) : 0;
    processes.push({
      slot: p,
      pid,
      generation: spec?.generation ?? 1,
      quiescing: spec?.quiescing ?? 0,
      notAccepting: spec?.notAccepting ?? 0,
      startedAt: NOW - upMs,
      connections: 0,
      keepAlive: 0,
      closing: 0,
      writing: 0,
      waitIo: 0,
      ...spec?.conns,
    });
    const row: SlotSnapshot[] = [];
    for (let t = 0; t < dims.threadsPerChild; t++) {
      const status = (spec?.cells[t] ?? '.') as SlotStatus;
      row.push({
        ...emptySlot(),
        process: p,
        thread: t,
        status,
        pid: status === '.' ? 0 : pid,
        tid: pid + t,
        generation: spec?.generation ?? 1,
        ...spec?.slot,
      });
    }
    slots.push(row);
  }
  return {
    model,
    serverLimit: dims.serverLimit,
    threadLimit: dims.threadsPerChild,
    threadsPerChild: dims.threadsPerChild,
    maxRequestWorkers: dims.maxRequestWorkers,
    generation: 1,
    startTime: NOW - upMs,
    restartTime: NOW - upMs,
    now: NOW,
    processes,
    slots,
  };
}

function info(mpm: ModelName, extra: Partial<ServerInfo> = {}): ServerInfo {
  return {
    serverName: '127.0.0.1',
    serverVersion: 'mpm-lab/0.1.0',
    serverBuilt: 'Nov 26 2026 00:00:00',
    mpm,
    configGeneration: 2,
    mpmGeneration: 1,
    loadAvg: [0.39, 0.48, 0.5],
    cpu: { user: 1.92, system: 0.49, childrenUser: 0, childrenSystem: 0 },
    ...extra,
  };
}

const keysOf = (auto: string): string[] =>
  auto
    .split('\n')
    .slice(1)
    .filter((l) => l.includes(':'))
    .map((l) => l.slice(0, l.indexOf(':')));

const served: Partial<SlotSnapshot> = { accessCount: 13, myAccessCount: 13, bytesServed: 89 * 1024, durationTotal: 11786 };

describe('renderStatusAuto', () => {
  it('prints the host, then every field in httpd 2.4 order, Scoreboard last (prefork: no event block)', () => {
    const snap = snapshot('prefork', { serverLimit: 256, threadsPerChild: 1, maxRequestWorkers: 8 }, [{ cells: 'W', slot: served }, { cells: '_' }]);
    const auto = renderStatusAuto(snap, info('prefork'));
    expect(auto.split('\n')[0]).toBe('127.0.0.1');
    const expected = AUTO_FIELD_ORDER.filter((k) => !['Processes', 'Stopping', 'ConnsTotal', 'ConnsAsyncWaitIO', 'ConnsAsyncWriting', 'ConnsAsyncKeepAlive', 'ConnsAsyncClosing'].includes(k));
    expect(keysOf(auto)).toEqual(expected);
    expect(auto.endsWith('\nScoreboard: W_......\n')).toBe(true);
  });

  it('adds the event block between IdleWorkers and Scoreboard for event only', () => {
    const snap = snapshot('event', { serverLimit: 16, threadsPerChild: 25, maxRequestWorkers: 400 }, [
      { cells: 'W'.padEnd(25, '_'), conns: { connections: 3, keepAlive: 2, closing: 1, writing: 0, waitIo: 0 }, slot: served },
    ]);
    const keys = keysOf(renderStatusAuto(snap, info('event')));
    expect(keys).toEqual([...AUTO_FIELD_ORDER]);
    const worker = keysOf(renderStatusAuto(snapshot('worker', { serverLimit: 16, threadsPerChild: 25, maxRequestWorkers: 400 }, [{ cells: '_' }]), info('worker')));
    expect(worker).not.toContain('Processes');
    expect(worker).not.toContain('ConnsTotal');
  });

  it('formats numbers as httpd does (APR %g, %.2f, show_time) and leaves out what httpd leaves out', () => {
    // The figures of a real Apache/2.4.62 prefork ?auto: 13 accesses, 89 kB, 11786 ms, 256 s up.
    const snap = snapshot('prefork', { serverLimit: 256, threadsPerChild: 1, maxRequestWorkers: 150 }, [{ cells: 'W', slot: served }], 256_000);
    const auto = renderStatusAuto(snap, info('prefork'));
    for (const line of [
      'ServerUptimeSeconds: 256',
      'ServerUptime: 4 minutes 16 seconds',
      'Load1: 0.39',
      'Total Accesses: 13',
      'Total kBytes: 89',
      'Total Duration: 11786',
      'CPUUser: 1.92',
      'CPUSystem: .49',
      'CPUChildrenUser: 0',
      'CPULoad: .941406',
      'Uptime: 256',
      'ReqPerSec: .0507813',
      'BytesPerSec: 356',
      'BytesPerReq: 7010.46',
      'DurationPerReq: 906.615',
    ]) {
      expect(auto).toContain(`\n${line}\n`);
    }
    const quiet = renderStatusAuto(snapshot('prefork', { serverLimit: 4, threadsPerChild: 1, maxRequestWorkers: 4 }, [{ cells: '_' }], 0), info('prefork', { cpu: undefined }));
    expect(quiet).toContain('\nServerUptime:\n');
    for (const absent of ['CPUUser', 'CPULoad', 'ReqPerSec', 'BytesPerReq']) expect(quiet).not.toContain(absent);
  });
});

describe('countSlots', () => {
  it("counts busy, graceful and idle as mod_status: S, I and . are neither; quiescing processes don't count", () => {
    const snap = snapshot('prefork', { serverLimit: 10, threadsPerChild: 1, maxRequestWorkers: 10 }, [
      { cells: '_' },
      { cells: 'W' },
      { cells: 'K' },
      { cells: 'R' },
      { cells: 'S' },
      { cells: 'I' },
      { cells: 'G' },
      { cells: 'W', quiescing: 1 },
      { cells: '_', generation: 0 }, // an old generation's idle process
      { cells: 'C' },
    ]);
    const c = countSlots(snap);
    expect(c.busy).toBe(4); // W K R C
    expect(c.graceful).toBe(1);
    expect(c.idle).toBe(1);
    expect(c.cells).toBe('_WKRSIGW_C');
    expect(c.byStatus.W).toBe(2);
    const auto = renderStatusAuto(snap, info('prefork'));
    expect(auto).toContain('\nBusyWorkers: 4\nGracefulWorkers: 1\nIdleWorkers: 1\n');
  });

  it('prints one cell per slot up to MaxRequestWorkers: prefork MaxRequestWorkers cells, worker/event processes x ThreadsPerChild', () => {
    expect(countSlots(snapshot('prefork', { serverLimit: 256, threadsPerChild: 1, maxRequestWorkers: 8 }, [{ cells: '_' }])).cells).toHaveLength(8);
    expect(countSlots(snapshot('worker', { serverLimit: 16, threadsPerChild: 25, maxRequestWorkers: 400 }, [{ cells: '_' }])).cells).toHaveLength(400);
    expect(countSlots(snapshot('event', { serverLimit: 16, threadsPerChild: 25, maxRequestWorkers: 150 }, [{ cells: '_' }])).cells).toHaveLength(150);
    // A process beyond the limit (after MaxRequestWorkers was lowered) still shows its live slots.
    const procs: ProcSpec[] = [{ cells: '_'.repeat(4) }, { cells: '' }, { cells: 'GG..', quiescing: 1 }];
    const c = countSlots(snapshot('worker', { serverLimit: 4, threadsPerChild: 4, maxRequestWorkers: 8 }, procs));
    expect(c.cells).toBe('____....GG');
  });
});

describe('renderStatusHtml', () => {
  const evil: Partial<SlotSnapshot> = { ...served, client: '127.0.0.1:5<b>', request: 'GET /<script>alert("x")</script> HTTP/1.1', requestStart: NOW - 2000, lastUsed: NOW - 2000 };

  it('escapes what clients sent, and shows the per-slot table and the key', () => {
    const html = renderStatusHtml(snapshot('prefork', { serverLimit: 4, threadsPerChild: 1, maxRequestWorkers: 4 }, [{ cells: 'W', slot: evil }]), info('prefork'));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(\\&quot;x\\&quot;)&lt;/script&gt;');
    expect(html).toContain('127.0.0.1:5&lt;b&gt;');
    expect(html).toContain('<th>Srv</th><th>PID</th><th>Acc</th><th>M</th><th>SS</th><th>Req</th><th>Dur</th><th>Conn</th><th>Child</th><th>Slot</th><th>Client</th><th>Protocol</th><th>VHost</th><th>Request</th>');
    expect(html).toContain('"<b><code>_</code></b>" Waiting for Connection,');
    expect(html).toContain('"<b><code>.</code></b>" Open slot with no current process<br />');
    expect(html).toContain('<dt>1 requests currently being processed, 0 workers gracefully restarting, 0 idle workers</dt>');
    expect(html).toContain('<td>http/1.1</td>');
    expect(html).not.toContain('Async connections');
  });

  it('adds the per-process connection table for event, and breaks the grid every 64 cells', () => {
    const snap = snapshot('event', { serverLimit: 16, threadsPerChild: 25, maxRequestWorkers: 150 }, [
      { cells: 'W'.padEnd(25, '_'), conns: { connections: 2, keepAlive: 1 } },
      { cells: '_'.repeat(25), generation: 0, quiescing: 1, notAccepting: 1 },
    ]);
    const html = renderStatusHtml(snap, info('event'));
    expect(html).toContain('<th colspan="3">Threads</th><th colspan="4">Async connections</th>');
    expect(html).toContain('<tr><td>0</td><td>1000</td><td>no</td><td>2</td><td>yes</td><td>1</td><td>0</td><td>24</td><td>0</td><td>0</td><td>1</td><td>0</td></tr>');
    expect(html).toContain('<tr><td>1</td><td>1001</td><td>yes (old gen)</td><td>0</td><td>no</td>');
    expect(html).toContain('<tr><td>Sum</td><td>2</td><td>1</td><td>2</td><td>&nbsp;</td>');
    const grid = html.slice(html.indexOf('<pre>') + 5, html.indexOf('</pre>'));
    expect(grid.split('\n').map((l) => l.length)).toEqual([64, 64, 22]);
  });
});

describe('parseStatusAuto', () => {
  it('reads back what the lab renders', () => {
    const snap = snapshot('event', { serverLimit: 4, threadsPerChild: 4, maxRequestWorkers: 16 }, [
      { cells: 'WK__', conns: { connections: 3, keepAlive: 1, writing: 1 }, slot: served },
      { cells: 'G___', quiescing: 1 },
    ]);
    const parsed = parseStatusAuto(renderStatusAuto(snap, info('event')));
    const counts = countSlots(snap);
    expect(parsed.hostName).toBe('127.0.0.1');
    expect(parsed.serverMPM).toBe('event');
    expect(parsed.busyWorkers).toBe(counts.busy);
    expect(parsed.idleWorkers).toBe(counts.idle);
    expect(parsed.gracefulWorkers).toBe(0);
    expect(parsed.scoreboard).toBe(counts.cells);
    expect(parsed.counts['_']).toBe(counts.byStatus._);
    expect(parsed.async).toEqual({ processes: 2, stopping: 1, connsTotal: 3, waitIo: 0, writing: 1, keepAlive: 1, closing: 0 });
    expect(parsed.fields['ServerUptime']).toBe('1 hour 1 minute 5 seconds');
  });

  it('reads a real Apache 2.4.62 event ?auto, and 2.4.54 which repeats BusyWorkers', () => {
    const real = [
      'localhost',
      'ServerVersion: Apache/2.4.62 (Debian)',
      'ServerMPM: event',
      'Server Built: 2024-10-04T15:21:08',
      'CurrentTime: Tuesday, 26-Nov-2024 18:29:51 CST',
      'RestartTime: Saturday, 23-Nov-2024 19:22:42 CST',
      'ParentServerConfigGeneration: 4',
      'ParentServerMPMGeneration: 3',
      'ServerUptimeSeconds: 256028',
      'ServerUptime: 2 days 23 hours 7 minutes 8 seconds',
      'Load1: 0.39',
      'Total Accesses: 664',
      'CPUUser: 10.35',
      'CPULoad: .0110535',
      'BusyWorkers: 1',
      'GracefulWorkers: 0',
      'IdleWorkers: 49',
      'Processes: 2',
      'Stopping: 0',
      'ConnsTotal: 1',
      'ConnsAsyncWriting: 0',
      'ConnsAsyncKeepAlive: 1',
      'ConnsAsyncClosing: 0',
      `Scoreboard: _W${'_'.repeat(48)}${'.'.repeat(100)}`,
      'TLSSessionCacheStatus',
      'CacheType: SHMCB',
      '',
    ].join('\n');
    const p = parseStatusAuto(real);
    expect(p.hostName).toBe('localhost');
    expect(p.busyWorkers).toBe(1);
    expect(p.idleWorkers).toBe(49);
    expect(p.gracefulWorkers).toBe(0);
    expect(p.async).toMatchObject({ processes: 2, connsTotal: 1, keepAlive: 1, waitIo: undefined });
    expect(p.scoreboard).toHaveLength(150);
    expect(p.counts['.']).toBe(100);
    expect(Number(p.fields['CPULoad'])).toBeCloseTo(0.0110535);
    expect(p.fields['CacheType']).toBe('SHMCB');

    const old = 'localhost\nServerMPM: event\nBusyWorkers: 3\nIdleWorkers: 47\nProcesses: 2\nStopping: 0\nBusyWorkers: 2\nIdleWorkers: 48\nConnsTotal: 4\nScoreboard: __W\r\n';
    const q = parseStatusAuto(old);
    expect(q.busyWorkers).toBe(3);
    expect(q.gracefulWorkers).toBeUndefined();
    expect(q.scoreboard).toBe('__W');
    expect(parseStatusAuto('Total Accesses: 1\nBusyWorkers: 1\nIdleWorkers: 7\nScoreboard: W_______\n').hostName).toBe('');
  });
});

describe('APR formatting', () => {
  it('drops the leading zero, keeps 6 significant digits, and never pads the exponent', () => {
    expect(aprG(f32(13 / 256))).toBe('.0507813');
    expect(aprG(0)).toBe('0');
    expect(aprG(f32(1.92))).toBe('1.92');
    expect(aprG(1234567)).toBe('1234570');
    expect(aprG(1e10)).toBe('1.e+10');
    expect(aprG(0.00001)).toBe('1.e-5');
    expect(aprG(0.000123)).toBe('.000123');
    expect(aprG(4.0345, 3)).toBe('4.03');
    expect(showTime(90061)).toBe(' 1 day 1 hour 1 minute 1 second');
    expect(httpdTime(NOW)).toMatch(/^[A-Z][a-z]+day, \d\d-[A-Z][a-z]{2}-\d{4} \d\d:\d\d:\d\d \S+$/);
  });
});
