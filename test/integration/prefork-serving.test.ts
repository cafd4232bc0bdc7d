// prefork for real: the parent never serves, one connection per child at a time, and
// server-status agrees with /proc.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStatusAuto } from '../../labs/status/parse-auto.ts';
import { get, settleAll } from '../support/http.ts';
import { startLab } from '../support/lab-process.ts';
import type { RunningLab } from '../support/lab-process.ts';
import { childrenOf, comm, waitUntil } from '../support/proc.ts';

let lab: RunningLab;

beforeAll(async () => {
  lab = await startLab('prefork', ['--set', 'StartServers=3', '--set', 'MinSpareServers=3', '--set', 'MaxSpareServers=6', '--set', 'MaxRequestWorkers=8']);
  // Ready: three children, each past its start-up (a child is "node" until it names itself).
  await waitUntil(() => childrenOf(lab.pid).length === 3 && childrenOf(lab.pid).every((k) => comm(k).startsWith('prefork-')), 10_000);
});
afterAll(async () => {
  await lab?.stop();
});

describe('prefork: who answers', () => {
  it('starts StartServers children, named in ps, and the parent never serves', async () => {
    const kids = childrenOf(lab.pid);
    expect(kids).toHaveLength(3);
    expect(comm(lab.pid)).toBe('mpm-parent');
    for (const kid of kids) expect(comm(kid)).toMatch(/^prefork-\d+$/);
    const { ok, failed } = await settleAll(Array.from({ length: 12 }, () => get(lab.url)));
    expect(failed).toEqual([]);
    for (const reply of ok) {
      expect(reply.status).toBe(200);
      expect(reply.servedBy).not.toBeNull();
      expect(reply.servedBy!.pid).not.toBe(lab.pid);
      expect(childrenOf(lab.pid)).toContain(reply.servedBy!.pid);
      expect(reply.body).toContain(String(reply.servedBy!.pid));
    }
  });

  it('gives each child one connection at a time: a child held by an idle keep-alive connection serves no one else', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const held = await get(lab.url, { agent });
      const holder = held.servedBy!.pid;
      // The connection now waits in keep-alive on `holder`; 6 fresh connections go elsewhere.
      const { ok, failed } = await settleAll(Array.from({ length: 6 }, () => get(lab.url + 'sleep?ms=200')));
      expect(failed).toEqual([]);
      expect(ok.map((r) => r.servedBy!.pid)).not.toContain(holder);
      // Two slow requests in flight at once are served by two different processes.
      const [a, b] = await Promise.all([get(lab.url + 'sleep?ms=500'), get(lab.url + 'sleep?ms=500')]);
      expect(a!.servedBy!.pid).not.toBe(b!.servedBy!.pid);
      // And the kept-alive connection is still served by its own child.
      const again = await get(lab.url, { agent });
      expect(again.servedBy!.pid).toBe(holder);
    } finally {
      agent.destroy();
    }
  });

  it('server-status?auto parses, and its processes and slots agree with /proc', async () => {
    const reply = await get(lab.url + 'server-status?auto');
    expect(reply.status).toBe(200);
    const status = parseStatusAuto(reply.body);
    expect(status.fields.ServerMPM).toBe('prefork');
    // One cell per slot up to MaxRequestWorkers (8); live children show _ or a busy letter.
    expect(status.scoreboard).toHaveLength(8);
    const live = status.scoreboard.replace(/\./g, '').length;
    expect(live).toBe(childrenOf(lab.pid).length);
    // The request reading server-status is itself busy, and shows W, as httpd's does.
    expect(status.busyWorkers).toBeGreaterThanOrEqual(1);
    expect(status.scoreboard).toContain('W');
    expect(status.busyWorkers + status.idleWorkers).toBe(live);
    // The HTML table lists, as mod_status does, the slots that have served something: the
    // process serving this very request is one, with its real pid.
    const html = await get(lab.url + 'server-status');
    expect(childrenOf(lab.pid)).toContain(html.servedBy!.pid);
    expect(html.body).toContain(`<td>${html.servedBy!.pid}</td>`);
  });

  it('answers a malformed request with 400, closes, and keeps serving', async () => {
    const net = await import('node:net');
    const port = lab.port;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('THIS IS NOT HTTP\r\n\r\n'));
      let data = '';
      socket.on('data', (d) => (data += d));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.[01] 400 /);
    expect((await get(lab.url)).status).toBe(200);
  });
});
