// One smoke test per runtime (as zx's test/smoke/{node,bun,deno}): the lab starts on that
// runtime, each model serves over 127.0.0.1 with real child processes (and threads), and it
// stops cleanly, leaving nothing behind.
import { describe, expect, it } from 'vitest';
import { get } from '../support/http.ts';
import { runCli, startLab } from '../support/lab-process.ts';
import type { Runtime } from '../support/lab-process.ts';
import { childrenOf, isAlive, threadNames, waitUntil } from '../support/proc.ts';
import { threadedSmoke } from './threaded-smoke.ts';

export function smoke(runtime: Runtime): void {
  describe(`smoke: ${runtime}`, () => {
    for (const model of ['prefork', 'worker', 'event'] as const) {
      it(`runs ${model}: children serve, server-status answers, SIGTERM stops everything`, async () => {
        const args = model === 'prefork' ? ['--set', 'StartServers=2', '--set', 'MinSpareServers=1'] : ['--config', `fixtures/${model}-small.conf`];
        const lab = await startLab(model, args, { runtime });
        let kids: number[] = [];
        try {
          expect(await waitUntil(() => childrenOf(lab.pid).length >= 2, 15_000)).toBe(true);
          kids = childrenOf(lab.pid);
          const reply = await get(lab.url);
          expect(reply.status).toBe(200);
          expect(kids).toContain(reply.servedBy!.pid);
          if (model !== 'prefork') {
            expect(await waitUntil(() => threadNames(reply.servedBy!.pid).filter((n) => n.startsWith('worker-')).length === 4, 10_000)).toBe(true);
          }
          const status = await get(lab.url + 'server-status?auto');
          expect(status.body).toContain(`ServerMPM: ${model}`);
          const ps = await runCli(['ps', '--port', String(lab.port), '--json'], { runtime });
          expect(ps.code).toBe(0);
          expect(ps.stdout).toContain(String(lab.pid));
        } finally {
          const exit = await lab.stop();
          expect(exit.code).toBe(0);
        }
        expect(await waitUntil(() => kids.every((k) => !isAlive(k)), 5000)).toBe(true);
      });
    }

    it('refuses a bad value with a clear message, exit code 2, and no stack trace', async () => {
      const result = await runCli(['run', 'worker', '--set', 'ThreadsPerChild=lots'], { runtime });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/ThreadsPerChild/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });
  });

  // Node runs the same checks, and more, in test/integration (threaded-faults, threaded-keepalive).
  if (runtime !== 'node') threadedSmoke(runtime);
}
