// The parent's queue of waiting connections is bounded by ListenBacklog, as the kernel's
// accept queue is: beyond it, connections are answered and closed at once, with a log line
// that says why; a waiting client that goes away leaves the queue; `mpm-lab load` names such
// failures. prefork with 2 children, both held by slow requests.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { get, sleep } from '../support/http.ts';
import { runCli, startLab } from '../support/lab-process.ts';
import type { RunningLab } from '../support/lab-process.ts';
import { childrenOf, fdCount, waitUntil } from '../support/proc.ts';

const BACKLOG = 4;
const SETTINGS = ['StartServers=2', 'MinSpareServers=1', 'MaxSpareServers=2', 'MaxRequestWorkers=2', `ListenBacklog=${BACKLOG}`].flatMap((s) => ['--set', s]);
const FULL_LINE = new RegExp(`backlog full \\(ListenBacklog ${BACKLOG}\\): ${BACKLOG} connections wait for a free child.*cannot stop accepting`);

/** An idle client: connects, sends nothing, records what the server sends and when it closes. */
class IdleClient {
  data = '';
  closedAt: number | null = null;
  private constructor(readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (this.data += d));
    socket.on('error', () => {});
    socket.on('close', () => (this.closedAt = Date.now()));
  }

  static open(port: number): Promise<IdleClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new IdleClient(socket)));
      socket.once('error', reject);
    });
  }
}

async function labWithTwoChildren(): Promise<RunningLab> {
  const lab = await startLab('prefork', SETTINGS);
  expect(await waitUntil(() => childrenOf(lab.pid).length === 2, 15_000)).toBe(true);
  // Both serve: two requests at once are answered by two processes.
  const pids = (await Promise.all([get(lab.url + 'sleep?ms=300'), get(lab.url + 'sleep?ms=300')])).map((r) => r.servedBy!.pid);
  expect(new Set(pids).size).toBe(2);
  return lab;
}

describe('prefork: the waiting queue is bounded by ListenBacklog', () => {
  it('beyond ListenBacklog connections are closed at once with a reason; clients that leave the queue leave no fd', async () => {
    const lab = await labWithTwoChildren();
    const clients: IdleClient[] = [];
    try {
      const before = fdCount(lab.pid);
      const slow = [get(lab.url + 'sleep?ms=8000'), get(lab.url + 'sleep?ms=8000')];
      await sleep(300); // both children serve one now
      for (let i = 0; i < 10; i++) clients.push(await IdleClient.open(lab.port));
      const opened = Date.now();

      // 4 wait (the first 4, in order); the 6 after them are answered 503 and closed at once.
      const closed = () => clients.filter((c) => c.closedAt !== null);
      await waitUntil(() => closed().length >= 10 - BACKLOG, 3000);
      await sleep(300);
      const waiting = clients.filter((c) => c.closedAt === null);
      expect({ closed: closed().length, waiting: waiting.length }).toEqual({ closed: 10 - BACKLOG, waiting: BACKLOG });
      expect(waiting).toEqual(clients.slice(0, BACKLOG));
      for (const c of waiting) expect(c.data).toBe('');
      for (const c of closed()) {
        expect(c.closedAt! - opened).toBeLessThan(2000);
        expect(c.data).toMatch(/^HTTP\/1\.1 503 /);
        expect(c.data).toMatch(new RegExp(`\\r\\nX-Lab-Closed: backlog full \\(ListenBacklog ${BACKLOG}\\)\\r\\n`));
      }
      await lab.waitForLog(FULL_LINE, 3000);
      // The parent holds the waiting ones and nothing of the refused ones (nor of the 2 it handed on).
      expect(await waitUntil(() => fdCount(lab.pid) === before + BACKLOG, 3000)).toBe(true);

      // Two waiting clients go away, one closing, one resetting: they leave the queue, and the
      // parent their sockets.
      clients[0]!.socket.destroy();
      clients[1]!.socket.resetAndDestroy();
      expect(await waitUntil(() => fdCount(lab.pid) === before + BACKLOG - 2, 4000)).toBe(true);
      // ...so two new ones may wait again.
      const more = [await IdleClient.open(lab.port), await IdleClient.open(lab.port)];
      clients.push(...more);
      await sleep(500);
      expect(more.every((c) => c.closedAt === null && c.data === '')).toBe(true);

      // Once the slow requests are done and the idle clients gone, a fresh request is served.
      for (const c of clients) c.socket.destroy();
      const done = await Promise.all(slow);
      expect(done.map((r) => r.status)).toEqual([200, 200]);
      expect((await get(lab.url, { timeoutMs: 10_000 })).status).toBe(200);
      expect(await waitUntil(() => fdCount(lab.pid) === before, 5000)).toBe(true);
    } finally {
      for (const c of clients) c.socket.destroy();
      await lab.stop();
    }
  });

  it('`mpm-lab load` names the connections the lab closed for a full backlog', async () => {
    const lab = await labWithTwoChildren();
    try {
      // 12 at once on 2 children: 2 served at once, 4 wait and are served late, 6 are closed.
      const { code, stdout } = await runCli(['load', lab.url + 'sleep?ms=1500', '-c', '12', '-n', '12', '--timeout', '20000'], { timeoutMs: 30_000 });
      expect(code).toBe(0);
      expect(stdout).toMatch(/Completed:\s+6 ok, 6 failed/);
      expect(stdout).toMatch(new RegExp(`Errors:\\s+closed by the lab: backlog full \\(ListenBacklog ${BACKLOG}\\) 6\\n`));
      expect(stdout).toMatch(/6 of them found the lab's backlog full/);
      await lab.waitForLog(FULL_LINE, 3000);
    } finally {
      await lab.stop();
    }
  });
});
