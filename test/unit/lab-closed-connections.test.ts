// The pure parts of the parent closing connections itself: the kernel's TCP table read as
// `ss` reads it, which waiting clients have gone, when to log a full backlog, and how a
// client names a connection the lab closed.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderLoad } from '../../cli/plain/load-text.ts';
import { closedByLabKind, isClosedByLab } from '../../labs/client/error-kind.ts';
import type { LoadResult } from '../../labs/client/types.ts';
import { parseTcpTable, tcpTableEndpoint } from '../../labs/proc/parse-tcp.ts';
import type { TcpRow } from '../../labs/proc/parse-tcp.ts';
import { BacklogRefusals } from '../../labs/server/backlog-refusals.ts';
import { departedIndexes } from '../../labs/server/departed-clients.ts';

describe('the TCP table', () => {
  it('prints addresses in 32-bit words of host byte order, ports in hex', () => {
    expect(tcpTableEndpoint('127.0.0.1', 8080)).toBe('0100007F:1F90');
    expect(tcpTableEndpoint('127.0.0.1', 8080, false)).toBe('7F000001:1F90');
    expect(tcpTableEndpoint('::1', 443)).toBe('00000000000000000000000001000000:01BB');
    expect(tcpTableEndpoint('::ffff:127.0.0.1', 1)).toBe('0000000000000000FFFF00000100007F:0001');
    expect(tcpTableEndpoint('fe80::1:2', 80)).toBe('000080FE000000000000000002000100:0050');
    expect([tcpTableEndpoint('localhost', 1), tcpTableEndpoint('1.2.3', 1), tcpTableEndpoint('1::2::3', 1), tcpTableEndpoint('256.0.0.1', 1)]).toEqual([null, null, null, null]);
  });

  it('reads rows of /proc/net/tcp', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:1F90 0100007F:D431 08 00000000:0000001A 00:00000000 00000000     0        0 4243 1 0000000000000000 20 4 30 10 -1',
      '   2: 0100007F:D431 0100007F:1F90 05 00000000:00000000 00:00000000 00000000     0        0 0 1 0000000000000000 20 4 30 10 -1',
      '',
    ].join('\n');
    expect(parseTcpTable(text)).toEqual([
      { local: '0100007F:1F90', remote: '00000000:0000', state: 10, inode: 4242 },
      { local: '0100007F:1F90', remote: '0100007F:D431', state: 8, inode: 4243 },
      { local: '0100007F:D431', remote: '0100007F:1F90', state: 5, inode: 0 },
    ]);
    expect(parseTcpTable(text, ['0100007F:D431']).map((r) => r.inode)).toEqual([4243, 0]); // only the rows of that end
  });
});

describe('waiting clients that have gone', () => {
  const server = '0100007F:1F90';
  const ends = (port: string) => ({ server, client: `0100007F:${port}` });
  const row = (local: string, remote: string, state: number, inode: number): TcpRow => ({ local, remote, state, inode });

  it('finds the reset (no row) and the closed (CLOSE_WAIT, the client end held by no process), keeps the rest', () => {
    const table = [
      row(server, '0100007F:A000', 1, 11), // established: waits
      row('0100007F:A000', server, 1, 12),
      // A001: reset, so the server's end left the table
      row(server, '0100007F:A002', 8, 13), // the client closed: its end is an orphan
      row('0100007F:A002', server, 5, 0),
      row(server, '0100007F:A003', 8, 14), // the client only shut down its sending side and waits for the answer
      row('0100007F:A003', server, 5, 15),
      row(server, '0100007F:A004', 8, 16), // the client's orphan end is gone too
    ];
    expect(departedIndexes([ends('A000'), ends('A001'), ends('A002'), ends('A003'), ends('A004'), null], table)).toEqual([1, 2, 4]);
  });
});

describe('logging a full backlog', () => {
  it('says why at the first refusal, then how many more about once a second, and ends the spell after a quiet second', () => {
    let now = 0;
    const r = new BacklogRefusals(() => now);
    expect(r.refused(8)).toMatch(/^backlog full \(ListenBacklog 8\): 8 connections wait for a free child.*cannot stop accepting without closing its listening socket\.$/);
    expect(r.active).toBe(true);
    expect([r.refused(8), r.refused(8)]).toEqual([null, null]);
    now = 500;
    expect(r.tick(8)).toBeNull(); // too soon after the first line
    now = 1000;
    expect(r.tick(8)).toBe('2 more connections closed at once: backlog full (ListenBacklog 8)');
    now = 2000;
    expect(r.tick(8)).toBeNull();
    expect(r.active).toBe(false);
    expect(r.refused(8)).toMatch(/^backlog full/); // a new spell says why again
    r.refused(8);
    now = 3000;
    expect(r.tick(8)).toBe('1 more connection closed at once: backlog full (ListenBacklog 8)');
  });
});

describe('a client naming what the lab closed', () => {
  it('reads the reason from the answer the lab wrote before closing', () => {
    expect(closedByLabKind({ 'x-lab-closed': 'backlog full (ListenBacklog 8)' })).toBe('closed by the lab: backlog full (ListenBacklog 8)');
    expect(closedByLabKind({ 'content-type': 'text/plain' })).toBeNull();
    expect(isClosedByLab('closed by the lab: backlog full (ListenBacklog 8)')).toBe(true);
    expect(isClosedByLab('HTTP 503')).toBe(false);
  });

  it('`mpm-lab load` says what such failures are', () => {
    const result: LoadResult = {
      requests: [],
      ok: 6,
      failed: 6,
      durationMs: 1500,
      requestsPerSecond: 4,
      latency: { min: 1000, p50: 1000, p90: 2000, p99: 2000, max: 2000, mean: 1333 },
      byPid: { 4001: 3, 4002: 3 },
      errors: { 'closed by the lab: backlog full (ListenBacklog 4)': 6 },
      closedBeforeResponse: 0,
      stoppedBy: null,
    };
    const text = renderLoad({ url: 'http://127.0.0.1:8080/', concurrency: 12, requests: 12, keepAlive: false, timeoutMs: 30000 }, result, new Chalk({ level: 0 }));
    expect(text).toContain('Errors:     closed by the lab: backlog full (ListenBacklog 4) 6\n');
    expect(text).toContain("            6 of them found the lab's backlog full: so many connections already waited for\n");
    expect(text).toContain("httpd's kernel would\n            have left them waiting, unanswered (raise ListenBacklog, or MaxRequestWorkers).\n");
  });
});
