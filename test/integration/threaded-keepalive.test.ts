// Keep-alive eats worker threads; event parks idle connections in the listener.
import { describe, expect, it } from 'vitest';
import { parseStatusAuto } from '../../labs/status/parse-auto.ts';
import { get } from '../support/http.ts';
import { startLab } from '../support/lab-process.ts';
import { childrenOf, threadNames, waitUntil } from '../support/proc.ts';
import { RawConnection } from '../support/raw-connection.ts';
import { sleep } from '../support/http.ts';

// MaxRequestWorkers 16 = 4 children x 4 threads, all started at once (MaxSpareThreads 16 so
// that maintenance does not stop any while they idle).
const SETTINGS = ['--set', 'StartServers=4', '--set', 'MaxSpareThreads=16'];

/**
 * Opens n keep-alive connections one after another, each left idle after one request. One at
 * a time on purpose: a burst would make every worker busy for a moment, and event then closes
 * its parked keep-alive connections early (which the last test shows on purpose).
 */
async function holdAll(port: number, n: number): Promise<RawConnection[]> {
  const conns: RawConnection[] = [];
  for (let i = 0; i < n; i++) {
    const c = await RawConnection.open(port);
    conns.push(c);
    expect((await c.send('/')).status).toBe(200);
  }
  return conns;
}

for (const model of ['worker', 'event'] as const) {
  describe(`${model}: MaxRequestWorkers idle keep-alive connections, then one fresh request`, () => {
    it(model === 'worker' ? 'waits until KeepAliveTimeout frees a thread' : 'is answered at once', async () => {
      const lab = await startLab(model, ['--config', `fixtures/${model}-small.conf`, ...SETTINGS]);
      const conns: RawConnection[] = [];
      try {
        const ready = () => childrenOf(lab.pid).length === 4 && childrenOf(lab.pid).every((k) => threadNames(k).filter((n) => n.startsWith('worker-')).length === 4);
        expect(await waitUntil(ready, 15_000)).toBe(true);
        conns.push(...(await holdAll(lab.port, 16)));
        const lastResponse = Date.now();
        await sleep(500);
        // The lab's event may close a parked connection while the 16 arrive in one burst (a
        // known difference from httpd 2.4.71, whose listener waits instead); what this test
        // asks is whether the fresh request needed the parked ones.
        const openBefore = conns.filter((c) => c.open).length;
        const fresh = await get(lab.url, { timeoutMs: 15_000 });
        expect(fresh.status).toBe(200);
        if (model === 'worker') {
          // Every thread is held by an idle connection until KeepAliveTimeout (5 s) ends one.
          expect(fresh.ms).toBeGreaterThan(3500);
          expect(fresh.ms).toBeLessThan(6500);
          expect(conns.some((c) => !c.open)).toBe(true);
          expect(Date.now() - lastResponse).toBeGreaterThan(4500);
        } else {
          expect(fresh.ms).toBeLessThan(300); // "well under 100 ms" on a quiet machine
          expect(openBefore).toBeGreaterThan(0);
          expect(conns.filter((c) => c.open).length).toBe(openBefore); // the parked connections were not needed
        }
      } finally {
        conns.forEach((c) => c.close());
        await lab.stop();
      }
    });
  });
}

describe('event: admission and early keep-alive close, with numbers', () => {
  // One child, 4 threads, AsyncRequestWorkerFactor 2: it takes 4 + 2 x idle threads connections.
  const ONE_CHILD = [
    '--set', 'StartServers=1', '--set', 'ServerLimit=1', '--set', 'MaxRequestWorkers=4',
    '--set', 'MinSpareThreads=1', '--set', 'MaxSpareThreads=8', '--set', 'KeepAliveTimeout=20',
  ];

  /** The lab with its one child started and its threads ready. */
  async function oneChildLab() {
    const lab = await startLab('event', ['--config', 'fixtures/event-small.conf', ...ONE_CHILD]);
    expect(await waitUntil(() => childrenOf(lab.pid).length === 1, 10_000)).toBe(true);
    await sleep(300);
    return lab;
  }

  it('takes 4 + 2 x 4 = 12 connections while its 4 threads are idle; the 13th makes it close the idle ones', async () => {
    const lab = await oneChildLab();
    const conns: RawConnection[] = [];
    try {
      // 11 idle keep-alive connections, then a 12th: still within the limit, nothing closes.
      conns.push(...(await holdAll(lab.port, 11)));
      conns.push(...(await holdAll(lab.port, 1)));
      await sleep(300);
      expect(conns.filter((c) => c.open)).toHaveLength(12);
      // A 13th is above it: httpd's listener counts its workers as busy and closes every idle
      // keep-alive connection (their clients may reconnect elsewhere), then takes the new one.
      const start = Date.now();
      const thirteenth = await get(lab.url, { timeoutMs: 10_000 });
      expect(thirteenth.status).toBe(200);
      const closedTimes = await Promise.race([Promise.all(conns.map((c) => c.closed)), sleep(5000).then(() => null)]);
      expect(closedTimes).not.toBeNull();
      for (const t of closedTimes!) expect(t - start).toBeLessThan(1500); // not KeepAliveTimeout (20 s)
    } finally {
      conns.forEach((c) => c.close());
      await lab.stop();
    }
  });

  it('with all 4 threads busy, a new connection makes it close its parked keep-alive connections', async () => {
    const lab = await oneChildLab();
    const conns: RawConnection[] = [];
    try {
      conns.push(...(await holdAll(lab.port, 8)));
      // server-status counts them as httpd's event does: 8 parked, plus the status request's own.
      const status = parseStatusAuto((await get(lab.url + 'server-status?auto')).body);
      expect(status.fields.ConnsAsyncKeepAlive).toBe('8');
      expect(status.fields.ConnsTotal).toBe('9');
      expect(status.fields.Processes).toBe('1');
      // Four of the eight send slow requests: every thread is busy.
      const busy = conns.slice(0, 4).map((c) => c.send('/sleep?ms=1500'));
      const idle = conns.slice(4);
      await sleep(300);
      expect(idle.every((c) => c.open)).toBe(true); // nothing has asked for a worker yet
      // A new connection arrives while the process is full: httpd's listener counts its
      // workers as busy and closes the idle keep-alive connections, long before
      // KeepAliveTimeout (20 s), so that their clients may go to another process.
      const start = Date.now();
      const fresh = get(lab.url, { timeoutMs: 10_000 });
      const closedTimes = await Promise.race([Promise.all(idle.map((c) => c.closed)), sleep(5000).then(() => null)]);
      expect(closedTimes).not.toBeNull();
      for (const t of closedTimes!) expect(t - start).toBeLessThan(1000);
      const replies = await Promise.all(busy);
      expect(replies.every((r) => r.status === 200)).toBe(true);
      // The new connection itself waited for a worker, and was served.
      expect((await fresh).status).toBe(200);
    } finally {
      conns.forEach((c) => c.close());
      await lab.stop();
    }
  });

  it('a request on a kept-alive connection that finds no idle worker closes that connection, as httpd does', async () => {
    const lab = await oneChildLab();
    const conns: RawConnection[] = [];
    try {
      conns.push(...(await holdAll(lab.port, 5)));
      const busy = conns.slice(0, 4).map((c) => c.send('/sleep?ms=1500'));
      await sleep(300);
      const late = conns[4]!;
      await expect(late.send('/')).rejects.toThrow(/closed/);
      expect(late.open).toBe(false);
      const replies = await Promise.all(busy);
      expect(replies.every((r) => r.status === 200)).toBe(true);
    } finally {
      conns.forEach((c) => c.close());
      await lab.stop();
    }
  });
});
