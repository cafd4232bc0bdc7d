// Faults in prefork: a crash costs one request; the parent logs it as httpd and replaces the
// child; SIGKILL of the parent leaves no process behind.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runDirFor } from '../../labs/run/run-dir.ts';
import { get, settleAll, sleep } from '../support/http.ts';
import { startLab } from '../support/lab-process.ts';
import { childrenOf, isAlive, waitUntil } from '../support/proc.ts';

describe('prefork: faults', () => {
  it('a crash during 8 in-flight requests loses exactly 1; the child is replaced', async () => {
    const lab = await startLab('prefork', ['--set', 'StartServers=8', '--set', 'MinSpareServers=1', '--set', 'MaxSpareServers=10', '--set', 'MaxRequestWorkers=10']);
    try {
      expect(await waitUntil(() => childrenOf(lab.pid).length === 8, 10_000)).toBe(true);
      const before = childrenOf(lab.pid);
      const slow = Array.from({ length: 7 }, () => get(lab.url + 'sleep?ms=2500'));
      await sleep(200);
      const crash = get(lab.url + `crash?after=800`, { headers: { 'X-Lab-Token': lab.token } });
      const { ok, failed } = await settleAll([...slow, crash]);
      expect(failed).toHaveLength(1);
      expect(ok).toHaveLength(7);
      expect(ok.every((r) => r.status === 200)).toBe(true);
      const line = await lab.waitForLog(/AH00052: child pid \d+ exit signal Aborted \(6\)/);
      const dead = Number(/child pid (\d+)/.exec(line)![1]);
      expect(before).toContain(dead);
      expect(isAlive(dead)).toBe(false);
      // Replaced at once (server_main_loop restarts a child killed by a signal).
      expect(await waitUntil(() => childrenOf(lab.pid).length >= 8 && !childrenOf(lab.pid).includes(dead), 5000)).toBe(true);
      expect((await get(lab.url)).status).toBe(200);
    } finally {
      await lab.stop();
    }
  });

  it('refuses /crash without the token, and keeps serving', async () => {
    const lab = await startLab('prefork', ['--set', 'StartServers=2']);
    try {
      await waitUntil(() => childrenOf(lab.pid).length === 2, 10_000);
      const kids = childrenOf(lab.pid);
      const reply = await get(lab.url + 'crash');
      expect(reply.status).toBe(403);
      expect(reply.body).toMatch(/token/i);
      expect(childrenOf(lab.pid)).toEqual(kids);
    } finally {
      await lab.stop();
    }
  });

  it('leaves no process behind when the parent is killed with SIGKILL', async () => {
    const lab = await startLab('prefork', ['--set', 'StartServers=4']);
    expect(await waitUntil(() => childrenOf(lab.pid).length === 4, 10_000)).toBe(true);
    const kids = childrenOf(lab.pid);
    expect(fs.existsSync(runDirFor(lab.port))).toBe(true);
    await lab.stop('SIGKILL');
    expect(await waitUntil(() => kids.every((k) => !isAlive(k)), 5000)).toBe(true);
    // The parent could not remove its run folder; its children did, as they left.
    expect(fs.existsSync(runDirFor(lab.port))).toBe(false);
  });
});
