// Reading a server's /server-status for `mpm-lab watch`: real Apache 2.4's HTML page, the
// lab's own page read back, event's process table, the URL forms, and finding the server's
// processes in a /proc laid out in a temporary folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchFrame, watchLogLine } from '../../cli/tui/watch-text.ts';
import { renderStatusHtml } from '../../labs/status/html.ts';
import { renderStatusAuto } from '../../labs/status/auto.ts';
import type { ServerInfo } from '../../labs/status/types.ts';
import { findServerRoot, parseListeningInodes, parseStatusPage, parseStatusUrl, readStatus } from '../../labs/watch/index.ts';
import { makeSnapshot } from '../support/snapshot.ts';

// From a real Apache/2.4.71 (Debian) prefork with ExtendedStatus On (trimmed: the grid key).
const APACHE_PAGE = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">
<html><head>
<title>Apache Status</title>
</head><body>
<h1>Apache Server Status for 127.0.0.1 (via 127.0.0.1)</h1>
<dt>1 requests currently being processed, 0 workers gracefully restarting, 3 idle workers</dt>
</dl><pre>W___............................................................
</pre>


<table border="0"><tr><th>Srv</th><th>PID</th><th>Acc</th><th>M</th><th>CPU
</th><th>SS</th><th>Req</th><th>Dur</th><th>Conn</th><th>Child</th><th>Slot</th><th>Client</th><th>Protocol</th><th>VHost</th><th>Request</th></tr>

<tr><td><b>0-0</b></td><td>16625</td><td>0/0/0</td><td><b>W</b>
</td><td>0.00</td><td>0</td><td>0</td><td>0</td><td>0.0</td><td>0.00</td><td>0.00
</td><td>127.0.0.1</td><td>http/1.1</td><td nowrap>127.0.0.1:18181</td><td nowrap>GET /server-status HTTP/1.1</td></tr>

<tr><td><b>2-0</b></td><td>16627</td><td>0/1/1</td><td>_
</td><td>0.00</td><td>7</td><td>1</td><td>3</td><td>0.0</td><td>0.00</td><td>0.00
</td><td>127.0.0.1</td><td>http/1.1</td><td nowrap>127.0.0.1:18181</td><td nowrap>GET /a?b=1&amp;c=&lt;2&gt; HTTP/1.1</td></tr>

</table>
 <hr /> <table>
 <tr><th>Srv</th><td>Child Server number - generation</td></tr>
 <tr><th>PID</th><td>OS process ID</td></tr>
 </table>
</body></html>
`;

const info = (mpm: ServerInfo['mpm']): ServerInfo => ({
  serverName: '127.0.0.1', serverVersion: 'mpm-lab/0.1.0', serverBuilt: 'x', mpm, configGeneration: 1, mpmGeneration: 0, loadAvg: [0, 0, 0],
});

describe('parseStatusUrl', () => {
  it('reads what a person types', () => {
    expect(parseStatusUrl('127.0.0.1:8080')).toMatchObject({
      page: 'http://127.0.0.1:8080/server-status', auto: 'http://127.0.0.1:8080/server-status?auto', port: 8080, loopback: true,
    });
    expect(parseStatusUrl('http://localhost/server-status?auto').page).toBe('http://localhost/server-status');
    expect(parseStatusUrl('https://www.example.org/status')).toMatchObject({ auto: 'https://www.example.org/status?auto', port: 443, loopback: false });
    expect(() => parseStatusUrl('ftp://x/')).toThrow(/http or https/);
    expect(() => parseStatusUrl('http://')).toThrow(/not a URL/);
  });
});

describe('parseStatusPage', () => {
  it("reads real Apache 2.4's ExtendedStatus table, CPU column and entities included", () => {
    const page = parseStatusPage(APACHE_PAGE);
    expect(page.extended).toBe(true);
    expect(page.processes).toEqual([]);
    expect(page.slots).toEqual([
      { process: 0, generation: 0, pid: 16625, mode: 'W', accessConn: 0, accessChild: 0, accessSlot: 0, secondsSince: 0, reqMs: 0, client: '127.0.0.1', protocol: 'http/1.1', vhost: '127.0.0.1:18181', request: 'GET /server-status HTTP/1.1' },
      { process: 2, generation: 0, pid: 16627, mode: '_', accessConn: 0, accessChild: 1, accessSlot: 1, secondsSince: 7, reqMs: 1, client: '127.0.0.1', protocol: 'http/1.1', vhost: '127.0.0.1:18181', request: 'GET /a?b=1&c=<2> HTTP/1.1' },
    ]);
  });

  it("reads the lab's own page back: the same slots (no CPU column)", () => {
    const s = makeSnapshot('worker', ['W_', '_K'], { threadsPerChild: 2 });
    s.slots[0]![0] = { ...s.slots[0]![0]!, request: 'GET /sleep?ms=2000 HTTP/1.1', requestStart: s.now - 1200, accessCount: 1, myAccessCount: 1 };
    s.slots[1]![1] = { ...s.slots[1]![1]!, request: 'GET / HTTP/1.1', accessCount: 4, myAccessCount: 2, connCount: 1 };
    const page = parseStatusPage(renderStatusHtml(s, info('worker')));
    expect(page.slots.map((r) => [r.process, r.pid, r.mode, r.request, r.accessChild, r.accessSlot])).toEqual([
      [0, 1000, 'W', 'GET /sleep?ms=2000 HTTP/1.1', 1, 1],
      [1, 1001, 'K', 'GET / HTTP/1.1', 2, 4],
    ]);
  });

  it("reads event's per-process table: connections and parked keep-alive ones", () => {
    const s = makeSnapshot('event', ['W_', '__'], { threadsPerChild: 2 });
    s.processes[0]!.connections = 4;
    s.processes[0]!.keepAlive = 3;
    s.processes[1]!.keepAlive = 1;
    const page = parseStatusPage(renderStatusHtml(s, info('event')));
    expect(page.processes).toEqual([
      { slot: 0, pid: 1000, stopping: 'no', connections: 4, accepting: 'yes', busy: 1, idle: 1, keepAlive: 3, closing: 0, writing: 0 },
      { slot: 1, pid: 1001, stopping: 'no', connections: 0, accepting: 'yes', busy: 0, idle: 2, keepAlive: 1, closing: 0, writing: 0 },
    ]);
  });

  it('a page without ExtendedStatus has no table', () => {
    expect(parseStatusPage('<html><pre>W__</pre></html>')).toEqual({ extended: false, slots: [], processes: [] });
  });
});

describe('readStatus', () => {
  const url = parseStatusUrl('127.0.0.1:8080');
  const s = makeSnapshot('prefork', ['W', '_', '']);

  it('reads ?auto, then the page; watchFrame and watchLogLine draw them', async () => {
    const pages: Record<string, string> = { [url.auto]: renderStatusAuto(s, info('prefork')), [url.page]: renderStatusHtml(s, info('prefork')) };
    const r = await readStatus(url, { fetch: async (u) => pages[u]!, now: () => 0 });
    expect(r.status.scoreboard).toBe('W_.');
    const frame = watchFrame(url.page, r, null, 80);
    for (const l of frame.split('\n')) expect(l.length).toBeLessThanOrEqual(80);
    expect(frame).toContain('Scoreboard  BusyWorkers 1  IdleWorkers 1');
    expect(watchLogLine(r)).toMatch(/^\d\d:\d\d:\d\d BusyWorkers 1 IdleWorkers 1 Scoreboard: W_\.$/);
  });

  it('is not fooled by a page that is not mod_status; survives a missing HTML page', async () => {
    await expect(readStatus(url, { fetch: async () => '<html>hello</html>' })).rejects.toThrow(/no "Scoreboard:" line/);
    const r = await readStatus(url, {
      fetch: async (u) => {
        if (u === url.auto) return 'BusyWorkers: 0\nIdleWorkers: 1\nScoreboard: _\n';
        throw new Error('HTTP 500');
      },
    });
    expect(r).toMatchObject({ extended: false, slots: [], htmlError: 'HTTP 500' });
  });
});

describe('finding a local server in /proc', () => {
  it('reads the listening sockets of a port from /proc/net/tcp', () => {
    const tcp =
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
      '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5551 1 0 100 0 0 10 0\n' +
      '   1: 0100007F:1F90 0100007F:D2C4 01 00000000:00000000 00:00000000 00000000     0        0 5552 1 0 20 4 30 10 -1\n' +
      '   2: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5553 1 0 100 0 0 10 0\n';
    expect(parseListeningInodes(tcp, 8080)).toEqual([5551]);
    expect(parseListeningInodes(tcp, 80)).toEqual([5553]);
  });

  it("the top process of those holding the port's socket: httpd's parent, not a child", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-proc-'));
    try {
      fs.mkdirSync(path.join(root, 'net'));
      fs.writeFileSync(path.join(root, 'net/tcp'), 'header\n   0: 0100007F:1F90 00000000:0000 0A 0 0 0 0 0 777 1\n');
      const proc = (pid: number, ppid: number, socket: number | null) => {
        fs.mkdirSync(path.join(root, String(pid), 'fd'), { recursive: true });
        fs.writeFileSync(path.join(root, String(pid), 'stat'), `${pid} (apache2) S ${ppid} 0 0 0 0 0 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0`);
        fs.symlinkSync('/dev/null', path.join(root, String(pid), 'fd', '0'));
        if (socket !== null) fs.symlinkSync(`socket:[${socket}]`, path.join(root, String(pid), 'fd', '3'));
      };
      proc(100, 1, 777); // parent
      proc(101, 100, 777); // children inherit the listener
      proc(102, 100, 777);
      proc(200, 1, 999); // another server
      expect(findServerRoot(8080, root)).toBe(100);
      expect(findServerRoot(9999, root)).toBeNull();
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
