// worker and event for real: ThreadsPerChild named OS threads per child in /proc, a listener
// main thread, and a parent that serves nothing.
import { describe, expect, it } from 'vitest';
import { get, settleAll } from '../support/http.ts';
import { startLab } from '../support/lab-process.ts';
import { childrenOf, comm, threadNames, waitUntil } from '../support/proc.ts';

for (const model of ['worker', 'event'] as const) {
  describe(`${model}: processes and threads`, () => {
    it('shows ThreadsPerChild named worker threads per child in /proc, and only children serve', async () => {
      const lab = await startLab(model, ['--config', `fixtures/${model}-small.conf`]);
      try {
        const workerNames = (kid: number) => threadNames(kid).filter((n) => n.startsWith('worker-')).sort();
        const expected = (kid: number) => [0, 1, 2, 3].map((t) => `worker-${comm(kid).split('-')[1]}.${t}`);
        // Ready: each child has named all its threads (a child that has not yet is "node"/"bun").
        const ready = () => {
          const kids = childrenOf(lab.pid);
          return kids.length === 2 && kids.every((k) => /^listener-\d+$/.test(comm(k)) && workerNames(k).join() === expected(k).join());
        };
        expect(await waitUntil(ready, 15_000)).toBe(true);
        expect(comm(lab.pid)).toBe('mpm-parent');
        expect(threadNames(lab.pid).some((n) => /^worker-/.test(n))).toBe(false);
        const kids = childrenOf(lab.pid);
        for (const kid of kids) {
          expect(comm(kid)).toMatch(/^listener-\d+$/);
          expect(workerNames(kid)).toEqual(expected(kid));
        }
        const { ok, failed } = await settleAll(Array.from({ length: 8 }, () => get(lab.url + 'sleep?ms=300')));
        expect(failed).toEqual([]);
        for (const reply of ok) {
          expect(kids).toContain(reply.servedBy!.pid);
          expect(reply.servedBy!.tid).not.toBe(reply.servedBy!.pid); // a worker thread, not the listener
          expect(reply.servedBy!.thread).toMatch(/^worker-\d+\.\d$/);
          // The TID is a real thread of that process.
          expect(threadNames(reply.servedBy!.pid)).toContain(reply.servedBy!.thread);
        }
      } finally {
        await lab.stop();
      }
    });
  });
}
