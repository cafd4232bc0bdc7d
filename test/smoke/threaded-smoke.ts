// The threaded models' defining behaviours on one runtime (Bun and Deno: Node has them in
// test/integration/threaded-faults and threaded-keepalive): shared fate on a crash, a kept-alive
// idle connection holding its thread on worker, and parked in the listener on event.
import { describe, expect, it } from 'vitest';
import { parseStatusAuto } from '../../labs/status/parse-auto.ts';
import type { ParsedStatus } from '../../labs/status/types.ts';
import { get } from '../support/http.ts';
import type { Reply } from '../support/http.ts';
import { startLab } from '../support/lab-process.ts';
import type { Runtime } from '../support/lab-process.ts';
import { childrenOf, isAlive, threadNames, waitUntil } from '../support/proc.ts';
import { RawConnection } from '../support/raw-connection.ts';
import { connectionHolders, trackedGet } from './connection-holders.ts';

const THREADS_PER_CHILD = 4; // fixtures/*-small.conf (ThreadLimit 4 too)

const childrenReady = (parent: number, count: number) => () => {
  const kids = childrenOf(parent);
  return kids.length === count && kids.every((k) => threadNames(k).filter((n) => n.startsWith('worker-')).length === THREADS_PER_CHILD);
};

const status = async (url: string): Promise<ParsedStatus> => parseStatusAuto((await get(url + 'server-status?auto', { timeoutMs: 10_000 })).body);

/** The scoreboard cell of a "process.thread" slot from X-Served-By. */
const cellOf = (slot: string): number => {
  const [process, thread] = slot.split('.').map(Number) as [number, number];
  return process * THREADS_PER_CHILD + thread;
};

export function threadedSmoke(runtime: Runtime): void {
  describe(`smoke: ${runtime}, the threaded models`, () => {
    it('worker: a crash loses exactly the requests in flight in its process, the other process answers, a replacement starts', async () => {
      // ServerLimit 2: always the same two children (and the replacement), whatever maintenance wants
      const lab = await startLab('worker', ['--config', 'fixtures/worker-small.conf', '--set', 'ServerLimit=2', '--set', 'MaxRequestWorkers=8'], { runtime });
      try {
        expect(await waitUntil(childrenReady(lab.pid, 2), 15_000)).toBe(true);
        const before = childrenOf(lab.pid);
        // 5 slow requests on 2 x 4 threads: each child holds at least one. 4 s: they are still being
        // served when the crash comes, which is sent as soon as /proc shows them all held.
        const slow = Array.from({ length: 5 }, () => trackedGet(lab.url + 'sleep?ms=4000'));
        const ports = await Promise.all(slow.map((s) => s.clientPort));
        let holders = new Map<number, number>();
        const allHeld = () => ((holders = connectionHolders(lab.port, before)), ports.every((p) => holders.has(p)));
        expect(await waitUntil(allHeld, 10_000), `connections held: ${JSON.stringify([...holders])}`).toBe(true);
        expect(new Set(holders.values())).toEqual(new Set(before));

        const crash = trackedGet(lab.url + 'crash', { 'X-Lab-Token': lab.token });
        const outcomes = await Promise.all(slow.map((s) => s.outcome));
        expect(await crash.outcome).toBe('lost');
        const dead = Number(/child pid (\d+) exit signal Aborted/.exec(await lab.waitForLog(/AH00052: child pid \d+ exit signal Aborted \(6\)/))![1]);
        expect(before).toContain(dead);
        expect(isAlive(dead)).toBe(false);

        // Shared fate: the crash took the dead process's other requests with it, and only those.
        const heldByDead = ports.filter((p) => holders.get(p) === dead).length;
        expect(heldByDead).toBeGreaterThan(0);
        expect(heldByDead).toBeLessThan(ports.length);
        ports.forEach((port, i) => {
          const holder = holders.get(port)!;
          const outcome = outcomes[i]!;
          if (holder === dead) expect(outcome, `request ${i} was in the crashed process ${dead}`).toBe('lost');
          else {
            expect(outcome, `request ${i} was in process ${holder}, which did not crash`).not.toBeTypeOf('string');
            expect((outcome as Reply).status).toBe(200);
            expect((outcome as Reply).servedBy!.pid).toBe(holder);
          }
        });
        expect(lab.log.filter((l) => l.includes('AH00052')).length).toBe(1);

        // The parent replaces the dead child (with its 4 worker threads), and the lab serves on.
        expect(await waitUntil(() => childrenReady(lab.pid, 2)() && !childrenOf(lab.pid).includes(dead), 15_000)).toBe(true);
        const replacement = childrenOf(lab.pid).find((k) => !before.includes(k));
        expect(replacement).toBeDefined();
        expect((await get(lab.url)).status).toBe(200);
      } finally {
        await lab.stop();
      }
    });

    it('worker: an idle kept-alive connection holds its thread (K) until KeepAliveTimeout closes it', async () => {
      const lab = await startLab('worker', ['--config', 'fixtures/worker-small.conf', '--set', 'KeepAliveTimeout=2'], { runtime });
      let conn: RawConnection | undefined;
      try {
        expect(await waitUntil(childrenReady(lab.pid, 2), 15_000)).toBe(true);
        conn = await RawConnection.open(lab.port);
        const first = await conn.send('/');
        const answeredAt = Date.now();
        expect(first.status).toBe(200);
        let board: ParsedStatus | undefined;
        // one K, counted busy as httpd counts it, beside the status request's own W
        const holding = (b: ParsedStatus) => b.counts['K'] === 1 && b.busyWorkers === 2;
        expect(await waitUntil(async () => holding((board = await status(lab.url))), 10_000), board?.scoreboard).toBe(true);
        // and the K is the thread that served it
        expect(board!.scoreboard[cellOf(first.servedBy!.slot)]).toBe('K');
        expect(conn.open).toBe(true);
        const closedAt = await Promise.race([conn.closed, new Promise<null>((r) => setTimeout(() => r(null), 10_000))]);
        expect(closedAt, 'the server closes the idle connection at KeepAliveTimeout (2 s)').not.toBeNull();
        expect(closedAt! - answeredAt).toBeGreaterThan(1000);
        // and the thread is free again
        expect(await waitUntil(async () => (board = await status(lab.url)).counts['K'] === undefined, 10_000), board?.scoreboard).toBe(true);
      } finally {
        conn?.close();
        await lab.stop();
      }
    });

    it('event: an idle kept-alive connection waits in the listener, holding no thread; its next request goes to the same process', async () => {
      const lab = await startLab('event', ['--config', 'fixtures/event-small.conf'], { runtime });
      let conn: RawConnection | undefined;
      try {
        expect(await waitUntil(childrenReady(lab.pid, 2), 15_000)).toBe(true);
        conn = await RawConnection.open(lab.port);
        const first = await conn.send('/');
        expect(first.status).toBe(200);
        let board: ParsedStatus | undefined;
        // parked: counted as a keep-alive connection while no thread holds it (no K, and the only
        // busy worker is the one answering this status request). Were a thread holding it, this
        // would never be seen before KeepAliveTimeout (5 s) ends it.
        const parked = (b: ParsedStatus) => b.async?.keepAlive === 1 && b.async.connsTotal === 2 && b.counts['K'] === undefined && b.busyWorkers === 1;
        expect(await waitUntil(async () => parked((board = await status(lab.url))), 4000), `${board?.scoreboard} ${JSON.stringify(board?.async)}`).toBe(true);
        expect(conn.open).toBe(true);
        const second = await conn.send('/');
        expect(second.status).toBe(200);
        expect(second.servedBy!.pid).toBe(first.servedBy!.pid);
      } finally {
        conn?.close();
        await lab.stop();
      }
    });
  });
}
