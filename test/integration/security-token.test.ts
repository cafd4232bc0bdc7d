// Another user of the machine must never get the fault token: not from /proc/PID/cmdline or
// /proc/PID/environ of the lab's processes, however fast they look while children start and
// crash, and not from the run folder. Runs with the lab on the runtime MPM_LAB_RUNTIME names.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { get } from '../support/http.ts';
import { startLab } from '../support/lab-process.ts';
import { asNobody, canBecomeNobody, startPoller } from '../support/other-user.ts';
import { childrenOf, waitUntil } from '../support/proc.ts';

// The lab without XDG_RUNTIME_DIR: its run folder is then under /tmp, where everyone can look.
const env = { ...process.env };
delete env.XDG_RUNTIME_DIR;

const crashes = (log: string[]) => log.filter((l) => l.includes('AH00052')).length;

describe.skipIf(!canBecomeNobody())('the fault token, seen by another user', () => {
  for (const model of ['prefork', 'event'] as const) {
    it(`${model}: never in any process's cmdline or environ while children start, crash and restart`, async () => {
      const poller = await startPoller();
      const sizes = model === 'prefork' ? ['MinSpareServers=2', 'MaxSpareServers=4'] : ['ThreadsPerChild=2', 'MinSpareThreads=4', 'MaxSpareThreads=8', 'MaxRequestWorkers=8'];
      const lab = await startLab(model, ['StartServers=2', ...sizes].flatMap((s) => ['--set', s]), { env }).catch(async (error: unknown) => {
        await poller.stop();
        throw error;
      });
      let report;
      try {
        expect(await waitUntil(() => childrenOf(lab.pid).length === 2, 15_000)).toBe(true);
        // Three crashes, each replaced at once, then a graceful restart: a new generation.
        for (let i = 1; i <= 3; i++) {
          await get(lab.url + 'crash', { headers: { 'X-Lab-Token': lab.token } }).catch(() => undefined);
          expect(await waitUntil(() => crashes(lab.log) >= i, 10_000)).toBe(true);
          // Replaced at once, or by the next maintenance after the third crash in a row.
          expect(await waitUntil(() => childrenOf(lab.pid).length >= 2, 15_000)).toBe(true);
        }
        const before = childrenOf(lab.pid);
        process.kill(lab.pid, 'SIGUSR1');
        expect(await waitUntil(() => childrenOf(lab.pid).length >= 2 && childrenOf(lab.pid).every((p) => !before.includes(p)), 20_000)).toBe(true);
        expect((await get(lab.url)).status).toBe(200);

        // What the lab's own user has, and nobody may not read.
        const tokenFile = /also in (\S+token)/.exec(lab.stdout.join('\n'))![1]!;
        const runDir = path.dirname(tokenFile);
        expect(runDir).toMatch(/\/mpm-lab-0\/port-\d+$/);
        const cat = asNobody(['cat', tokenFile]);
        expect(cat.status).not.toBe(0);
        expect(cat.stdout).not.toContain(lab.token);
        expect(asNobody(['ls', runDir]).status).not.toBe(0);
        expect(asNobody(['ls', path.dirname(runDir)]).status).not.toBe(0);
      } finally {
        await lab.stop();
        report = await poller.stop();
      }

      // The poller really looked: as nobody, at the lab's parent and at its children's argv.
      expect(report.uid).toBe(65534);
      expect(report.loops).toBeGreaterThan(10); // it kept looking (a loaded machine makes each look slow)
      const parent = report.processes[String(lab.pid)];
      expect(parent?.cmdlines.join(' ')).toMatch(/mpm-lab|cli[/\\]main|bin[/\\]mpm-lab/);
      const children = Object.values(report.processes).filter((p) => p.ppid === lab.pid);
      expect(children.length).toBeGreaterThanOrEqual(2 + 3 + 2); // first two, three replacements, a new generation
      expect(children.some((c) => c.cmdlines.some((line) => /child\.(js|ts)|mpm-lab: \w+ child/.test(line)))).toBe(true);

      // ...and never saw the token, in any process's command line or environment.
      for (const [pid, p] of Object.entries(report.processes)) {
        for (const line of p.cmdlines) expect(line.includes(lab.token), `pid ${pid} cmdline: ${line.slice(0, 300)}`).toBe(false);
        expect(p.environ.includes(lab.token), `pid ${pid} environ`).toBe(false);
      }
      for (const c of children) expect(c.environ).toMatch(/^unreadable/);
    });
  }
});
