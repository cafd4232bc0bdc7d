// Shared fate: a crash in one thread costs every request its process holds (worker, event);
// the module lock stalls only the threads of the process that holds it.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runDirFor } from '../../labs/run/run-dir.ts';
import { parseStatusAuto } from '../../labs/status/parse-auto.ts';
import { get, settleAll, sleep } from '../support/http.ts';
import { startLab } from '../support/lab-process.ts';
import { childrenOf, isAlive, threadNames, waitUntil } from '../support/proc.ts';

const twoChildrenReady = (pid: number) => () => {
  const kids = childrenOf(pid);
  return kids.length === 2 && kids.every((k) => threadNames(k).filter((n) => n.startsWith('worker-')).length === 4);
};

/** BusyWorkers from server-status?auto: the status request itself counts as one. */
const busyWorkers = async (url: string) => parseStatusAuto((await get(url + 'server-status?auto')).body).busyWorkers;

for (const model of ['worker', 'event'] as const) {
  describe(`${model}: faults`, () => {
    it('a crash with 8 requests in flight on 2 children loses exactly the 4 its process held', async () => {
      const lab = await startLab(model, ['--config', `fixtures/${model}-small.conf`]);
      try {
        expect(await waitUntil(twoChildrenReady(lab.pid), 15_000)).toBe(true);
        const before = childrenOf(lab.pid);
        const slow = Array.from({ length: 7 }, () => get(lab.url + 'sleep?ms=2500'));
        // All 7 on threads before the crash goes: 4 on the first child, 3 on the second (with
        // the status request itself, 8 busy). A slow request still on its way when the crash
        // came would go to the replacement child and be answered.
        expect(await waitUntil(async () => (await busyWorkers(lab.url)) === 8, 10_000)).toBe(true);
        const crash = get(lab.url + 'crash?after=700', { headers: { 'X-Lab-Token': lab.token } });
        const { ok, failed } = await settleAll([...slow, crash]);
        expect(failed).toHaveLength(4);
        expect(ok).toHaveLength(4);
        const survivors = new Set(ok.map((r) => r.servedBy!.pid));
        expect(survivors.size).toBe(1);
        const line = await lab.waitForLog(/AH00052: child pid \d+ exit signal Aborted \(6\)/);
        const dead = Number(/child pid (\d+)/.exec(line)![1]);
        expect(before).toContain(dead);
        expect(survivors.has(dead)).toBe(false);
        expect(isAlive(dead)).toBe(false);
        // The parent replaces it, and the lab goes on serving.
        expect(await waitUntil(() => childrenOf(lab.pid).length >= 2 && !childrenOf(lab.pid).includes(dead), 5000)).toBe(true);
        expect((await get(lab.url)).status).toBe(200);
      } finally {
        await lab.stop();
      }
    });

    it('leaves no process (nor thread) behind when the parent is killed with SIGKILL, even mid-request', async () => {
      const lab = await startLab(model, ['--config', `fixtures/${model}-small.conf`]);
      expect(await waitUntil(twoChildrenReady(lab.pid), 15_000)).toBe(true);
      const kids = childrenOf(lab.pid);
      const inFlight = settleAll(Array.from({ length: 4 }, () => get(lab.url + 'sleep?ms=5000')));
      await sleep(300);
      expect(fs.existsSync(runDirFor(lab.port))).toBe(true);
      await lab.stop('SIGKILL');
      expect(await waitUntil(() => kids.every((k) => !isAlive(k)), 5000)).toBe(true);
      // The parent could not remove its run folder; its children did, as they left.
      expect(fs.existsSync(runDirFor(lab.port))).toBe(false);
      const { failed } = await inFlight;
      expect(failed).toHaveLength(4); // they were lost with their processes, as with httpd
    });

    it('/block stalls /module on its own process only', async () => {
      const lab = await startLab(model, ['--config', `fixtures/${model}-small.conf`]);
      try {
        expect(await waitUntil(twoChildrenReady(lab.pid), 15_000)).toBe(true);
        const block = get(lab.url + 'block?ms=3000', { headers: { 'X-Lab-Token': lab.token } });
        expect(await waitUntil(async () => (await busyWorkers(lab.url)) === 2, 2000)).toBe(true); // it and the status request
        // The first child has 3 threads left, the second 4: 6 /module requests go 3 and 3.
        const { ok, failed } = await settleAll(Array.from({ length: 6 }, () => get(lab.url + 'module')));
        const blocked = await block;
        expect(failed).toEqual([]);
        expect(blocked.status).toBe(200);
        const holder = blocked.servedBy!.pid;
        const same = ok.filter((r) => r.servedBy!.pid === holder);
        const other = ok.filter((r) => r.servedBy!.pid !== holder);
        expect(same.length).toBeGreaterThan(0);
        expect(other.length).toBeGreaterThan(0);
        for (const r of same) {
          expect(r.ms).toBeGreaterThan(2000); // waited for the lock: 3000 ms less the 300 ms head start
          expect(Number(/Waited (\d+) ms/.exec(r.body)![1])).toBeGreaterThan(2000);
        }
        for (const r of other) {
          expect(r.ms).toBeLessThan(1500);
          expect(Number(/Waited (\d+) ms/.exec(r.body)![1])).toBeLessThan(100);
        }
      } finally {
        await lab.stop();
      }
    });
  });
}
