// Connections die with their child, at once: every client of a crashing worker/event child
// sees its connection closed, none waits for its own timeout, the parent logs how many were
// lost, and it keeps no socket of theirs (its fd count comes back to where it was).
import { describe, expect, it } from 'vitest';
import { get, settleAll } from '../support/http.ts';
import type { Reply } from '../support/http.ts';
import { startLab } from '../support/lab-process.ts';
import type { RunningLab } from '../support/lab-process.ts';
import { childrenOf, fdCount, threadNames, waitUntil } from '../support/proc.ts';

const CLIENT_TIMEOUT_MS = 10_000;
const PROMPT_MS = 4_000; // well under the clients' own 10 s: a replacement child may have to start first

// Always exactly 2 children of 4 threads: ServerLimit allows 2 and MinSpareThreads wants 8
// idle, so that the parent's fd count (one channel per child) can be compared.
const labArgs = (model: string) => [
  '--config',
  `fixtures/${model}-small.conf`,
  ...['ServerLimit=2', 'MaxRequestWorkers=8', 'MinSpareThreads=8', 'MaxSpareThreads=12'].flatMap((s) => ['--set', s]),
];

const childrenReady = (pid: number) => () => {
  const kids = childrenOf(pid);
  return kids.length === 2 && kids.every((k) => threadNames(k).filter((n) => n.startsWith('worker-')).length === 4);
};

/** Each request's time to settle, whatever the outcome. */
function timed(request: Promise<Reply>): Promise<{ ms: number; ok: boolean }> {
  const start = Date.now();
  return request.then(
    () => ({ ms: Date.now() - start, ok: true }),
    () => ({ ms: Date.now() - start, ok: false }),
  );
}

const crash = (lab: RunningLab) => get(lab.url + 'crash', { headers: { 'X-Lab-Token': lab.token }, timeoutMs: CLIENT_TIMEOUT_MS });

const lostLines = (lab: RunningLab) => lab.log.filter((l) => /connections? lost with child pid \d+/.test(l));

for (const model of ['worker', 'event'] as const) {
  describe(`${model}: connections of a crashing child`, () => {
    it('10 concurrent /crash: every client sees its connection closed promptly, and the log counts them all', async () => {
      const lab = await startLab(model, labArgs(model));
      try {
        expect(await waitUntil(childrenReady(lab.pid), 15_000)).toBe(true);
        const results = await Promise.all(Array.from({ length: 10 }, () => timed(crash(lab))));
        expect(results.filter((r) => r.ok)).toEqual([]);
        for (const r of results) expect(r.ms).toBeLessThan(PROMPT_MS);
        // Every one of the 10 was handed to a child that died with it: the lines say so, exactly.
        await lab.waitForLog(/AH00052: child pid \d+ exit signal Aborted \(6\)/);
        expect(await waitUntil(() => lostLines(lab).reduce((n, l) => n + Number(/(\d+) connections? lost/.exec(l)![1]), 0) === 10, 5000)).toBe(true);
        for (const line of lostLines(lab)) {
          const pid = /lost with child pid (\d+)/.exec(line)![1];
          expect(lab.log.some((l) => l.includes(`AH00052: child pid ${pid} exit signal`))).toBe(true);
        }
        expect(await waitUntil(childrenReady(lab.pid), 15_000)).toBe(true);
        expect((await get(lab.url)).status).toBe(200);
      } finally {
        await lab.stop();
      }
    });

    it('a crash loop under light load leaves the parent with the file descriptors it had', { timeout: 120_000 }, async () => {
      const lab = await startLab(model, labArgs(model));
      try {
        expect(await waitUntil(childrenReady(lab.pid), 15_000)).toBe(true);
        const before = fdCount(lab.pid);
        expect(before).toBeGreaterThan(0);
        const crashes = () => lab.log.filter((l) => l.includes('AH00052')).length;
        // Rounds of 5 crashes (more than one child takes at once, so both children die) and 3
        // ordinary requests at once, until 20 children have crashed; bounded in rounds.
        for (let round = 0; round < 20 && crashes() < 20; round++) {
          const requests = [...Array.from({ length: 5 }, () => crash(lab)), ...Array.from({ length: 3 }, () => get(lab.url, { timeoutMs: CLIENT_TIMEOUT_MS }))];
          const results = await Promise.all(requests.map(timed));
          for (const r of results) expect(r.ms).toBeLessThan(PROMPT_MS);
          expect(await waitUntil(childrenReady(lab.pid), 15_000)).toBe(true);
        }
        expect(crashes()).toBeGreaterThanOrEqual(20);
        const { failed } = await settleAll([get(lab.url), get(lab.url)]);
        expect(failed).toEqual([]);
        // Replacements start after the crashes; the count is compared once both are ready.
        const settled = await waitUntil(() => childrenReady(lab.pid)() && fdCount(lab.pid) === before, 20_000, 200);
        expect({ settled, fds: fdCount(lab.pid), before }).toEqual({ settled: true, fds: before, before });
      } finally {
        await lab.stop();
      }
    });
  });
}
