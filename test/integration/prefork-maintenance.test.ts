// prefork's maintenance for real: growth under load (1, 2, 4 ... children a second, capped
// at MaxRequestWorkers), late service rather than refusal, then one idle child reaped a second.
import { afterAll, describe, expect, it } from 'vitest';
import { get, settleAll, sleep } from '../support/http.ts';
import { startLab } from '../support/lab-process.ts';
import type { RunningLab } from '../support/lab-process.ts';
import { childrenOf, waitUntil } from '../support/proc.ts';

let lab: RunningLab | undefined;
afterAll(async () => {
  await lab?.stop();
});

describe('prefork: maintenance under load', () => {
  it('grows to MaxRequestWorkers within about 3 s, serves all 12, then reaps one a second down to MaxSpareServers', async () => {
    lab = await startLab('prefork', [
      '--set', 'StartServers=2', '--set', 'MinSpareServers=2', '--set', 'MaxSpareServers=4',
      '--set', 'MaxRequestWorkers=8', '--set', 'ServerLimit=8',
    ]);
    const pid = lab.pid;
    expect(await waitUntil(() => childrenOf(pid).length === 2, 10_000)).toBe(true);

    const timeline: { t: number; n: number }[] = [];
    const start = Date.now();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        timeline.push({ t: Date.now() - start, n: childrenOf(pid).length });
        await sleep(50);
      }
    })();

    const { ok, failed } = await settleAll(Array.from({ length: 12 }, () => get(lab!.url + 'sleep?ms=2000', { timeoutMs: 30_000 })));
    expect(failed).toEqual([]);
    expect(ok).toHaveLength(12);
    expect(ok.every((r) => r.status === 200)).toBe(true);
    // Twelve requests on at most 8 processes: some were served late, none refused.
    expect(new Set(ok.map((r) => r.servedBy!.pid)).size).toBeLessThanOrEqual(8);
    expect(Math.max(...ok.map((r) => r.ms))).toBeGreaterThanOrEqual(3500);

    const reached8 = timeline.find((s) => s.n === 8);
    expect(reached8, JSON.stringify(timeline.filter((_, i) => i % 10 === 0))).toBeDefined();
    expect(reached8!.t).toBeLessThan(4500); // "within about 3 s", with a margin for a busy machine
    expect(Math.max(...timeline.map((s) => s.n))).toBe(8); // never above MaxRequestWorkers

    // Idle now: 8 > MaxSpareServers 4, so one child leaves per maintenance cycle.
    expect(await waitUntil(() => childrenOf(pid).length === 4, 12_000)).toBe(true);
    await sleep(2500); // and it stays at 4
    sampling = false;
    await sampler;
    expect(childrenOf(pid).length).toBe(4);

    const after = timeline.filter((s) => s.t > reached8!.t);
    const drops: number[] = [];
    for (let i = 1; i < after.length; i++) {
      const d = after[i - 1]!.n - after[i]!.n;
      if (d > 0) {
        expect(d).toBe(1); // never two at once
        drops.push(after[i]!.t);
      }
    }
    expect(drops.length).toBeGreaterThanOrEqual(4);
    const last4 = drops.slice(-4);
    for (let i = 1; i < last4.length; i++) expect(last4[i]! - last4[i - 1]!).toBeGreaterThan(500); // about one a second
  });

  it('logs reaching MaxRequestWorkers in httpd\'s words', () => {
    expect(lab!.log.some((l) => l.includes('AH00161: server reached MaxRequestWorkers setting'))).toBe(true);
  });
});
