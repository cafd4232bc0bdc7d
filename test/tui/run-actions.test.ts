// The keys act on the real lab: a slow burst fills the scoreboard; the crash key kills a real
// process, which leaves the screen (and /proc) while its replacement appears.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HAVE_TMUX } from '../support/tools.ts';
import { childrenOf, isAlive, waitUntil } from '../support/proc.ts';
import { screenProcesses, screenScoreboard, Tmux } from './tmux.ts';

const AVAILABLE = HAVE_TMUX();

const opened: Tmux[] = [];
afterEach(() => opened.splice(0).forEach((t) => t.kill()));
afterAll(() => opened.forEach((t) => t.kill()));

async function openLab(model: string, extra = ''): Promise<{ tmux: Tmux; pid: number }> {
  const tmux = new Tmux();
  opened.push(tmux);
  tmux.start(80, 24);
  tmux.type(Tmux.mpmLab(`run ${model} --port 0 --config fixtures/${model}-small.conf ${extra}`));
  await tmux.waitFor((s) => s.includes('Scoreboard  BusyWorkers'), 20_000, 'the dashboard');
  const pid = tmux.foreground()!;
  // StartServers children up and ready: the scoreboard has no S left
  await tmux.waitFor((s) => childrenOf(pid).length === 2 && /^_+\.*$/.test(screenScoreboard(s)), 20_000, 'idle children');
  return { tmux, pid };
}

async function quit(tmux: Tmux, pid: number): Promise<void> {
  const kids = childrenOf(pid);
  tmux.keys('q');
  expect(await waitUntil(() => !isAlive(pid) && kids.every((k) => !isAlive(k)), 15_000)).toBe(true);
}

const busyWorkers = (screen: string) => Number(/BusyWorkers (\d+)/.exec(screen)?.[1] ?? 0);

describe.runIf(AVAILABLE)('run: the keys act on the lab', () => {
  for (const model of ['prefork', 'worker', 'event'] as const) {
    it(`${model}: a slow burst (s) fills the scoreboard with busy slots`, async () => {
      const { tmux, pid } = await openLab(model);
      tmux.keys('s');
      // the burst is as large as the concurrency (MaxRequestWorkers here): every child's slots go W
      const screen = await tmux.waitFor((s) => (screenScoreboard(s).match(/W/g) ?? []).length >= 4 && busyWorkers(s) >= 4, 10_000, 'busy slots');
      expect(screen).toMatch(/» slow burst: \d+ × GET \/sleep\?ms=3000/);
      expect(screen).toMatch(/in flight [1-9]/);
      // and it ends by itself: all answered, the slots idle again
      const after = await tmux.waitFor((s) => /» slow burst: \d+ ok, 0 failed/.test(s), 20_000, 'the burst outcome');
      expect(after).toMatch(/last 10 s: \d+ ok/);
      await quit(tmux, pid);
    });
  }

  for (const model of ['prefork', 'worker'] as const) {
    it(`${model}: the crash key (x) kills a real child; it leaves the screen and a new one appears`, async () => {
      const { tmux, pid } = await openLab(model);
      const before = childrenOf(pid);
      tmux.keys('x');
      const crashedLine = await tmux.waitFor((s) => /» crash: pid \d+ died \(Aborted \(6\)\); \d connection/.test(s), 15_000, 'the crash outcome');
      const crashed = Number(/» crash: pid (\d+) died/.exec(crashedLine)![1]);
      expect(before).toContain(crashed);
      expect(isAlive(crashed)).toBe(false);
      expect(crashedLine).toMatch(new RegExp(`AH00052: child pid ${crashed} exit signal Aborted \\(6\\)`));
      if (model === 'worker') expect(crashedLine).toMatch(/died \(Aborted \(6\)\); 4 connections lost, siblings failed 3\/3/); // shared fate
      // the new child is on screen, as /proc has it; the crashed one is marked, then gone
      const screen = await tmux.waitFor((s) => {
        const kids = childrenOf(pid);
        const shown = screenProcesses(s);
        return kids.length === 2 && !kids.includes(crashed) && kids.every((k) => shown.some((p) => p.pid === k)) && !shown.some((p) => p.pid === crashed && p.mark !== '!');
      }, 15_000, 'the replacement child');
      const fresh = childrenOf(pid).find((k) => !before.includes(k))!;
      expect(fresh).toBeDefined();
      expect(screenProcesses(screen).find((p) => p.pid === fresh)).toBeDefined();
      await tmux.waitFor((s) => !screenProcesses(s).some((p) => p.pid === crashed), 10_000, 'the crashed pid leaving the screen');
      await quit(tmux, pid);
    });
  }
});
